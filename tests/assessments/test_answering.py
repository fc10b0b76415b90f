"""The assessment journey: one question per page, feedback after a weak answer, submit."""

import pytest
from django.urls import reverse

from assessments import structure
from assessments.models import (
    Answer,
    AssessmentEvent,
    ChecklistVersion,
    Profile,
    Question,
    TopicArea,
)
from tests.factories import answer_all
from tests.html import count_tags, text_of

pytestmark = pytest.mark.django_db


def _url(name, assessment, code=None):
    return reverse(name, args=[assessment.pk, code] if code else [assessment.pk])


def _criteria(assessment, code):
    return list(
        Question.objects.get(indicator__pillar__version=assessment.version, code=code)
        .criteria.order_by("order")
    )


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.coordinator)
    return client


def test_a_coordinator_starts_a_proposal_review_pinned_to_the_latest_version(coordinator, world):
    newer = structure.copy_as_draft(ChecklistVersion.objects.get(label="2021.1"), label="2022.1")
    structure.publish(newer)

    response = coordinator.post(
        reverse("assessment-start", args=[world.project.pk]), {"purpose": "proposal_review"}
    )

    assessment = world.project.assessments.latest("created_at")
    assert assessment.version == newer
    assert assessment.assessor == world.city
    assert response.url == _url("assessment-resume", assessment)
    assert coordinator.get(response.url).url == _url("assessment-question", assessment, "D1.1")
    world.review.refresh_from_db()
    assert world.review.version.label == "2021.1"


def test_an_assessment_begun_on_2021_1_keeps_its_questions_and_a_new_one_is_on_2021_2(
    coordinator, world
):
    def e4_2(label):
        return Question.objects.get(indicator__pillar__version__label=label, code="E4.2")

    response = coordinator.post(
        reverse("assessment-start", args=[world.project.pk]), {"purpose": "proposal_review"}
    )
    started = world.project.assessments.latest("created_at")

    assert started.version.label == "2021.2"
    assert world.review.version.label == "2021.1"
    assert response.status_code == 302
    for assessment, label in ((world.review, "2021.1"), (started, "2021.2")):
        text = text_of(coordinator.get(_url("assessment-question", assessment, "E4.2")).content)
        assert e4_2(label).text in text
        assert e4_2("2021.2" if label == "2021.1" else "2021.1").text not in text


def test_the_question_page_asks_one_question_with_its_threshold(coordinator, world):
    response = coordinator.get(_url("assessment-question", world.review, "E2.1"))

    text = text_of(response.content)
    assert count_tags(response.content, "h1") == 1
    assert "Question 13 of 30" in text
    assert "This is the case if:" in text
    for criterion in _criteria(world.review, "E2.1"):
        assert criterion.text in text
    assert text.count("Does the project") == 1
    content = response.content.decode()
    assert content.count('type="radio"') == 3
    assert '<legend class="fs-6 fw-semibold">Your answer</legend>' in content
    assert "guide/equality/?version=2021.1#E2" in content
    assert "0 of 30 answered" in text


def test_a_no_saves_the_answer_and_shows_the_feedback_for_no(coordinator, world):
    response = coordinator.post(_url("assessment-question", world.review, "E2.1"), {
        "value": "no", "comment": "No reporting route in the proposal.",
    })

    assert response.url == _url("assessment-feedback", world.review, "E2.1")
    answer = Answer.objects.get(assessment=world.review, question__code="E2.1")
    assert (answer.value, answer.comment) == ("no", "No reporting route in the proposal.")
    feedback = coordinator.get(response.url)
    assert feedback.status_code == 200
    shown = feedback.context["feedback"]
    assert shown.recommendations
    assert all(entry.applies_to in ("no", "both") for entry in shown.recommendations)
    assert all(entry.question.code == "E2.1" for entry in shown.entries())
    assert len(shown.top_practices) == 3
    assert feedback.context["next_url"] == _url("assessment-question", world.review, "E2.2")


def test_continue_is_offered_above_the_feedback_as_well_as_below_it(coordinator, world):
    coordinator.post(_url("assessment-question", world.review, "E2.1"), {"value": "no"})

    content = coordinator.get(_url("assessment-feedback", world.review, "E2.1")).content.decode()

    next_link = f'href="{_url("assessment-question", world.review, "E2.2")}">Continue'
    assert content.count(next_link) == 2
    assert content.index(next_link) < content.index("Recommendations")


def _choose_feedback_timing(client, timing, next_url="/"):
    return client.post(
        reverse("feedback-timing"), {"feedback_timing": timing, "next": next_url}
    )


def test_an_assessor_may_read_the_feedback_all_together_at_the_end(coordinator, world):
    overview = _url("assessment-overview", world.review)
    assert _choose_feedback_timing(coordinator, "at_the_end", overview).url == overview

    saved = coordinator.post(
        _url("assessment-question", world.review, "D1.1"), {"value": "no"}, follow=True
    )
    coordinator.post(_url("assessment-question", world.review, "D1.2"), {"value": "yes"})
    coordinator.post(_url("assessment-question", world.review, "D2.1"), {"value": "partially"})

    assert saved.redirect_chain[-1][0] == _url("assessment-question", world.review, "D1.2")
    assert "Its feedback waits for you on the overview" in text_of(saved.content)
    listed = coordinator.get(overview).content.decode()
    assert "2 answers drew feedback" in text_of(listed.encode())
    assert _url("assessment-feedback", world.review, "D1.1") in listed
    assert _url("assessment-feedback", world.review, "D2.1") in listed
    assert _url("assessment-feedback", world.review, "D1.2") not in listed
    # Reading them at the end, "Continue" goes from one feedback to the next.
    first = coordinator.get(_url("assessment-feedback", world.review, "D1.1"))
    last = coordinator.get(_url("assessment-feedback", world.review, "D2.1"))
    assert first.context["next_url"] == _url("assessment-feedback", world.review, "D2.1")
    assert last.context["next_url"] == overview


def test_the_choice_of_when_to_see_feedback_is_kept_for_the_person(client, world):
    client.force_login(world.coordinator)
    _choose_feedback_timing(client, "at_the_end")
    client.force_login(world.colleague)
    assert client.post(
        _url("assessment-question", world.review, "D1.1"), {"value": "no"}
    ).url == _url("assessment-feedback", world.review, "D1.1")

    client.force_login(world.coordinator)  # a new session, on another device
    assert client.post(
        _url("assessment-question", world.review, "D1.2"), {"value": "no"}
    ).url == _url("assessment-question", world.review, "D2.1")


def test_a_wrong_timing_or_a_foreign_return_address_changes_nothing(coordinator, world):
    refused = _choose_feedback_timing(coordinator, "never")
    elsewhere = _choose_feedback_timing(coordinator, "at_the_end", "https://evil.example/")

    assert refused.url == "/"
    assert elsewhere.url == reverse("home")
    assert Profile.objects.feedback_timing_of(world.coordinator) == "at_the_end"
    assert Profile.objects.count() == 1


def test_the_feedback_page_leads_with_the_practice_for_the_question_and_says_why(
    coordinator, world
):
    world.project.topic_areas.set([TopicArea.objects.get(slug="welcoming-integration")])
    coordinator.post(_url("assessment-question", world.review, "E2.1"), {"value": "no"})

    response = coordinator.get(_url("assessment-feedback", world.review, "E2.1"))

    top = response.context["feedback"].top_practices
    assert top[0].reasons[0] == "written for E2.1"
    text = text_of(response.content)
    assert f"{top[0].practice.title} " in text
    assert "Shown because: written for E2.1" in text
    assert "Shown because: about indicator E2" in text
    # Among the folded ones: a pillar-wide practice on the project's topic.
    assert "Shown because: same pillar · same topic: Welcoming and social integration" in text


def test_a_yes_confirms_briefly_and_moves_to_the_next_question(coordinator, world):
    response = coordinator.post(
        _url("assessment-question", world.review, "D1.1"), {"value": "yes"}, follow=True
    )

    assert response.redirect_chain[-1][0] == _url("assessment-question", world.review, "D1.2")
    assert "Saved: D1.1, yes." in text_of(response.content)
    assert coordinator.get(
        _url("assessment-feedback", world.review, "D1.1")
    ).url == _url("assessment-question", world.review, "D1.1")


def test_ticked_criteria_are_saved_with_the_answer_and_shown_again(coordinator, world):
    criteria = _criteria(world.review, "D3.1")

    coordinator.post(_url("assessment-question", world.review, "D3.1"), {
        "value": "partially", "criteria": [criteria[0].pk, criteria[2].pk],
    })

    answer = Answer.objects.get(assessment=world.review, question__code="D3.1")
    assert set(answer.criteria_met.all()) == {criteria[0], criteria[2]}
    page = coordinator.get(_url("assessment-question", world.review, "D3.1")).content.decode()
    assert page.count("checked") == 3  # two criteria and the answer


def test_ticks_without_a_chosen_answer_save_the_suggested_one(coordinator, world):
    criteria = _criteria(world.review, "D3.1")

    response = coordinator.post(
        _url("assessment-question", world.review, "D3.1"),
        {"criteria": [criterion.pk for criterion in criteria]}, follow=True,
    )

    assert Answer.objects.get(assessment=world.review, question__code="D3.1").value == "yes"
    assert "the one your ticks suggest was saved: “Yes”" in text_of(response.content)


def test_the_person_may_choose_another_answer_than_the_ticks_suggest(coordinator, world):
    criteria = _criteria(world.review, "D3.1")

    coordinator.post(_url("assessment-question", world.review, "D3.1"), {
        "value": "partially", "criteria": [criterion.pk for criterion in criteria],
    })

    assert Answer.objects.get(assessment=world.review, question__code="D3.1").value == "partially"


def test_no_answer_at_all_is_refused_and_keeps_what_was_typed(coordinator, world):
    response = coordinator.post(_url("assessment-question", world.review, "D3.1"), {
        "comment": "Half a page on outreach",
    })

    assert response.status_code == 200
    assert "Choose yes, partially or no." in text_of(response.content)
    assert "Half a page on outreach" in response.content.decode()
    assert not Answer.objects.exists()


def test_a_comment_over_the_limit_is_refused_whole_and_given_back(coordinator, world):
    long_comment = "Evidence." * 2000 + "!" * 2000  # 20,000 characters
    url = _url("assessment-question", world.review, "D1.1")

    response = coordinator.post(url, {"value": "no", "comment": long_comment})

    assert response.status_code == 200
    assert "at most 5000 characters (it has 20000)" in text_of(response.content)
    assert long_comment in response.content.decode()
    assert not world.review.answers.exists()
    assert "Up to 5,000 characters." in text_of(coordinator.get(url).content)


def test_criteria_of_another_question_are_refused(coordinator, world):
    other = _criteria(world.review, "D1.1")[0]

    response = coordinator.post(_url("assessment-question", world.review, "D3.1"), {
        "value": "yes", "criteria": [other.pk],
    })

    assert response.status_code == 200
    assert response.context["form"].errors["criteria"]
    assert not Answer.objects.exists()


def test_leaving_and_coming_back_resumes_at_the_first_unanswered_question(coordinator, world):
    for code in ("D1.1", "D1.2", "D2.2"):
        coordinator.post(_url("assessment-question", world.review, code), {"value": "yes"})

    response = coordinator.get(_url("assessment-resume", world.review))

    assert response.url == _url("assessment-question", world.review, "D2.1")


def test_the_overview_lists_all_thirty_questions_with_their_state(coordinator, world):
    coordinator.post(_url("assessment-question", world.review, "I4.2"), {"value": "no"})

    response = coordinator.get(_url("assessment-overview", world.review))

    rows = response.context["rows"]
    assert len(rows) == 30
    assert [(question.code, answer.value) for question, answer in rows if answer] == [
        ("I4.2", "no")
    ]
    assert "1 of 30 answered" in text_of(response.content)


def test_submitting_needs_every_answer_and_names_the_missing_ones(coordinator, world):
    answer_all(world.review, ["yes"], user=world.coordinator)
    Answer.objects.filter(question__code__in=["E4.1", "I1.2"]).delete()

    response = coordinator.post(_url("assessment-submit", world.review), follow=True)

    assert "Still unanswered: E4.1, I1.2." in text_of(response.content)
    world.review.refresh_from_db()
    assert not world.review.is_submitted


def test_a_submitted_assessment_is_read_only_until_a_coordinator_reopens_it(
    coordinator, client, world
):
    answer_all(world.review, ["yes", "no"], user=world.coordinator)
    assert coordinator.post(_url("assessment-submit", world.review)).url == _url(
        "assessment-results", world.review
    )

    refused = coordinator.post(_url("assessment-question", world.review, "D1.1"), {"value": "no"})
    assert refused.status_code == 403
    assert Answer.objects.get(assessment=world.review, question__code="D1.1").value == "yes"
    page = coordinator.get(_url("assessment-question", world.review, "D1.1")).content.decode()
    assert 'type="radio"' not in page

    coordinator.post(_url("assessment-reopen", world.review), {"reason": "New budget figures"})

    world.review.refresh_from_db()
    assert not world.review.is_submitted
    reopened = world.review.events.get(kind=AssessmentEvent.Kind.REOPENED)
    assert (reopened.actor, reopened.note) == (world.coordinator, "New budget figures")


def test_a_team_member_answers_but_cannot_reopen(client, world):
    client.force_login(world.team_member)
    client.post(_url("assessment-question", world.review, "D1.1"), {"value": "partially"})
    answer_all(world.review, ["yes"], user=world.coordinator)
    client.post(_url("assessment-submit", world.review))

    assert client.post(_url("assessment-reopen", world.review), {"reason": "x"}).status_code == 403
    assert Answer.objects.get(question__code="D1.1").answered_by == world.team_member


def test_every_change_is_recorded_and_shown_as_history(coordinator, client, world):
    url = _url("assessment-question", world.review, "E5.1")
    coordinator.post(url, {"value": "no", "comment": "Not yet"})
    coordinator.post(url, {"value": "partially", "comment": "Not yet", "revision": 1})

    response = coordinator.get(_url("answer-history", world.review, "E5.1"))

    changes = list(response.context["changes"])
    assert [(c.previous_value, c.new_value) for c in changes] == [
        ("no", "partially"), ("", "no"),
    ]
    assert all(change.changed_by == world.coordinator for change in changes)
    assert "Answer: No → Partially" in text_of(response.content)


def test_a_second_save_from_an_old_page_does_not_overwrite_silently(client, world):
    url = _url("assessment-question", world.review, "I2.1")
    first, second = client, client.__class__()
    first.force_login(world.coordinator)
    second.force_login(world.team_member)
    first.post(url, {"value": "yes", "comment": "Three partners named"})

    # The team member loaded the page before that save, and now saves "no".
    response = second.post(url, {"value": "no", "comment": "Partners not confirmed"})

    assert response.status_code == 409
    text = text_of(response.content)
    assert "Someone saved this answer while you were answering" in text
    assert "Three partners named" in text
    assert "Partners not confirmed" in response.content.decode()  # nothing typed is lost
    answer = Answer.objects.get(question__code="I2.1")
    assert (answer.value, answer.comment) == ("yes", "Three partners named")

    # Choosing their own answer, knowingly, now saves it.
    second.post(url, {"value": "no", "comment": "Partners not confirmed",
                      "revision": response.context["form"]["revision"].value()})
    answer.refresh_from_db()
    assert (answer.value, answer.answered_by) == ("no", world.team_member)


def test_results_show_scores_chart_and_the_feedback_each_answer_drew(coordinator, world):
    answer_all(world.review, ["yes", "partially", "no"], user=world.coordinator)

    response = coordinator.get(_url("assessment-results", world.review))

    results = response.context["results"]
    assert results.scorecard.overall.points == 30  # 10 x 2 + 10 x 1 + 10 x 0
    assert results.scorecard.overall.percentage == 50
    content = response.content.decode()
    assert content.count("<svg") == 1
    assert 'role="img"' in content
    assert "Scores by pillar and indicator" in text_of(response.content)
    weak = [item for item in results.items if item.answer.value != "yes"]
    assert len(weak) == 20
    assert all(item.feedback and item.feedback.recommendations for item in weak)
    assert all(item.feedback is None for item in results.items if item.answer.value == "yes")


def test_a_yes_with_nothing_ticked_stands_and_its_ticks_read_as_notes(
    coordinator, world, report_html, download
):
    coordinator.post(_url("assessment-question", world.review, "D1.1"), {"value": "yes"})
    answer_all(world.review, ["yes"], user=world.coordinator)
    coordinator.post(_url("assessment-submit", world.review))

    results = coordinator.get(_url("assessment-results", world.review))
    question = coordinator.get(_url("assessment-question", world.review, "D1.1"))
    download(coordinator, _url("assessment-report", world.review))

    note = "The ticks differ from the answer. The answer given is the one that counts"
    for page in (text_of(results.content), text_of(question.content), report_html[-1]):
        assert "✗" not in page
        assert page.count(note) == 1  # D1.1 only: every other yes has all its ticks
    assert "not met" not in text_of(results.content)
    assert 'class="not-ticked"' in report_html[-1]


@pytest.mark.parametrize("name, code", [
    ("assessment-question", "E3.1"),
    ("assessment-feedback", "E3.1"),
    ("assessment-results", None),
    ("assessment-overview", None),
])
def test_pages_make_the_same_number_of_queries_whatever_the_answers(
    coordinator, world, name, code, django_assert_num_queries, django_assert_max_num_queries
):
    coordinator.post(_url("assessment-question", world.review, "E3.1"), {"value": "no"})
    url = _url(name, world.review, code)
    coordinator.get(url)  # what is kept between requests (checklist, glossary, library) is built
    with django_assert_max_num_queries(30) as few:
        assert coordinator.get(url).status_code == 200

    answer_all(world.review, ["no", "partially"], user=world.coordinator)

    with django_assert_num_queries(len(few.captured_queries)):
        assert coordinator.get(url).status_code == 200

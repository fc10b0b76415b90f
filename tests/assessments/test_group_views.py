"""Group mode's pages: starting, answering alone, the spread, settling, the report."""

import pytest
from django.urls import reverse

from assessments import group
from assessments.models import (
    Answer,
    Assessment,
    MemberAnswer,
    Question,
    RenderedReport,
    TeamMember,
)
from tests.factories import AssessmentFactory, UserFactory, answer_alone, in_group_mode
from tests.html import text_of

pytestmark = pytest.mark.django_db


def _url(name, assessment, code=None):
    return reverse(name, args=[assessment.pk, code] if code else [assessment.pk])


@pytest.fixture
def answered_apart(world, team):
    """All three have answered alone, "yes" but for D1.2 (no, partially, no) and E1.1
    (partially, no, no), and finished."""
    own = {"D1.2": ["no", "partially", "no"], "E1.1": ["partially", "no", "no"]}
    for number, member in enumerate(team):
        answer_alone(world.review, member, ["yes"], skip=own)
        for code, values in own.items():
            group.save_own_answer(
                assessment=world.review, member=member, value=values[number],
                comment=f"{member.username} on {code}", criteria=[],
                question=Question.objects.get(indicator__pillar__version=world.review.version,
                                              code=code),
            )
        group.finish(assessment=world.review, member=member)
    return team


def _open(world):
    group.open_round(world.review, user=world.coordinator)


def test_an_owner_starts_an_assessment_that_team_members_answer_alone_first(client, world):
    client.force_login(world.coordinator)
    project_page = client.get(reverse("project-detail", args=[world.project.pk]))
    assert "Team members answer individually first" in text_of(project_page.content)

    started = client.post(reverse("assessment-start", args=[world.project.pk]), {
        "purpose": "proposal_review", "answer_individually_first": "on",
    }, follow=True)

    assessment = world.project.assessments.latest("created_at")
    assert assessment.answer_individually_first
    assert started.redirect_chain[-1][0] == _url("group-own-answer", assessment, "D1.1")
    assert "Your own answer." in text_of(started.content)


def test_an_assessment_is_answered_together_unless_the_owner_chooses_otherwise(client, world):
    client.force_login(world.coordinator)

    client.post(reverse("assessment-start", args=[world.project.pk]),
                {"purpose": "proposal_review"})

    assessment = world.project.assessments.latest("created_at")
    assert not assessment.answer_individually_first
    assert client.get(_url("group-spread", assessment)).status_code == 404


def test_an_own_answer_is_saved_apart_and_the_next_own_question_follows(client, world, team):
    client.force_login(world.team_member)
    page = client.get(_url("group-own-answer", world.review, "E2.1"))
    assert page.status_code == 200
    assert page.templates[0].name == "assessments/question.html"  # the same question page

    saved = client.post(_url("group-own-answer", world.review, "E2.1"), {
        "value": "no", "comment": "No reporting route.",
    }, follow=True)

    assert saved.redirect_chain[-1][0] == _url("group-own-answer", world.review, "E2.2")
    assert "Saved your own answer: E2.1, no." in text_of(saved.content)
    own = MemberAnswer.objects.get(assessment=world.review, member=world.team_member)
    assert (own.question.code, own.value, own.comment) == ("E2.1", "no", "No reporting route.")
    assert not Answer.objects.filter(assessment=world.review).exists()


def test_an_own_answer_without_a_choice_is_refused_with_a_message(client, world, team):
    client.force_login(world.team_member)

    response = client.post(_url("group-own-answer", world.review, "E2.1"), {"comment": "x"})

    assert response.status_code == 200
    assert "Choose yes, partially or no." in text_of(response.content)
    assert not MemberAnswer.objects.exists()


def test_nobody_reads_anothers_own_answers_before_finishing_their_own(client, world, team):
    answer_alone(world.review, world.coordinator, ["no"])
    group.finish(assessment=world.review, member=world.coordinator)
    client.force_login(world.team_member)

    pages = [
        client.get(_url(name, world.review, code))
        for name, code in [("assessment-overview", None), ("assessment-question", "D1.1"),
                           ("group-own-answer", "D1.1"), ("assessment-results", None)]
    ]
    refused = client.get(_url("group-spread", world.review))
    settle = client.get(_url("group-settle", world.review, "D1.1"))

    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    assert all("coordinator on D1.1" not in text_of(page.content) for page in pages)
    assert (refused.status_code, settle.status_code) == (403, 403)
    assert "once you have finished your own" in text_of(refused.content)


def test_the_question_page_no_longer_writes_answers_in_group_mode(client, world, team):
    client.force_login(world.coordinator)

    page = client.get(_url("assessment-question", world.review, "D1.1"))
    response = client.post(_url("assessment-question", world.review, "D1.1"), {"value": "yes"})

    assert "each person answers alone first" in text_of(page.content)
    assert _url("group-own-answer", world.review, "D1.1") in page.content.decode()
    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_finishing_early_says_what_is_missing(client, world, team):
    answer_alone(world.review, world.team_member, ["yes"], skip=["I5.2"])
    client.force_login(world.team_member)

    response = client.post(_url("group-finish", world.review), follow=True)

    assert "Still unanswered: I5.2." in text_of(response.content)
    assert not world.review.member_finishes.exists()


def test_finishing_shows_how_the_others_answered_and_closes_ones_own(client, world, team):
    answer_alone(world.review, team[1], ["partially"])
    answer_alone(world.review, world.team_member, ["yes"])
    client.force_login(world.team_member)

    finished = client.post(_url("group-finish", world.review), follow=True)
    changing = client.post(_url("group-own-answer", world.review, "D1.1"), {"value": "no"})

    assert finished.redirect_chain[-1][0] == _url("group-spread", world.review)
    text = text_of(finished.content)
    assert "1 of 2 said yes, 1 of 2 said partially" in text
    assert "ines on D1.1" in text
    assert changing.status_code == 403


def test_the_spread_shows_where_they_agree_and_differ_with_names_and_comments(
    client, world, answered_apart
):
    client.force_login(world.coordinator)
    _open(world)

    page = client.get(_url("group-spread", world.review))
    differing = client.get(_url("group-spread", world.review), {"show": "differing"})

    text = text_of(page.content)
    assert "3 people answered alone. They agree on 28 questions and differ on 2." in text
    assert "2 of 3 said no, 1 of 3 said partially" in text
    assert text.count("They differ") == 2
    assert "Inês Testa" in text and "ines on D1.2" in text
    assert [item.question.code for item in differing.context["items"]] == ["D1.2", "E1.1"]
    assert "Settle the 28 questions on which all agree" in text


def test_the_spread_page_takes_as_many_queries_whatever_the_team_and_answers(
    client, world, team, django_assert_num_queries, django_assert_max_num_queries
):
    answer_alone(world.review, team[0], ["no"], skip=["D1.2"])
    larger = in_group_mode(AssessmentFactory(project=world.project, assessor=world.city))
    for number in range(6):
        member = UserFactory(username=f"member{number}", first_name=f"Member {number}")
        TeamMember.objects.create(assessment=larger, user=member)
        answer_alone(larger, member, ["yes", "partially", "no"][number % 3:])
    for assessment in (world.review, larger):
        group.open_round(assessment, user=world.coordinator)
    group.settle_agreed(larger, user=world.coordinator)
    client.force_login(world.coordinator)

    with django_assert_max_num_queries(20) as few:
        client.get(_url("group-spread", world.review))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(_url("group-spread", larger))


def test_once_the_owner_opens_the_round_everyone_in_the_team_sees_the_spread(
    client, world, team
):
    answer_alone(world.review, team[1], ["no"], skip=["I5.2"])
    client.force_login(world.coordinator)
    overview = client.get(_url("assessment-overview", world.review))
    assert "Inês Testa · 29 of 30 own answers" in text_of(overview.content)

    opened = client.post(_url("group-open", world.review), follow=True)

    assert opened.redirect_chain[-1][0] == _url("group-spread", world.review)
    client.force_login(world.team_member)  # who gave no answer at all
    assert client.get(_url("group-spread", world.review)).status_code == 200
    history = text_of(client.get(_url("assessment-overview", world.review)).content)
    assert "Individual answers opened to the team" in history


def test_the_owner_chooses_the_team_member_who_settles_with_them(client, world, answered_apart):
    _open(world)
    client.force_login(world.coordinator)

    client.post(_url("group-options", world.review),
                {"settler": world.team_member.pk, "spread_in_report": "on"})

    world.review.refresh_from_db()
    assert world.review.settler == world.team_member
    for member, allowed in [(world.team_member, 302), (answered_apart[1], 403)]:
        client.force_login(member)
        response = client.post(_url("group-settle", world.review, "D1.1"), {"value": "yes"})
        assert response.status_code == allowed, member


def test_only_a_team_member_may_be_chosen_to_settle(client, world, team):
    client.force_login(world.coordinator)

    response = client.post(_url("group-options", world.review),
                           {"settler": world.partner_member.pk}, follow=True)

    assert "Choose a member of this assessment's team, or nobody." in text_of(response.content)
    world.review.refresh_from_db()
    assert (world.review.settler, world.review.spread_in_report) == (None, True)


def test_settling_where_they_differ_needs_a_reason(client, world, answered_apart):
    _open(world)
    client.force_login(world.coordinator)

    response = client.post(_url("group-settle", world.review, "D1.2"), {"value": "no"})

    assert response.status_code == 200
    assert "Say why the team settled on this answer" in text_of(response.content)
    assert not Answer.objects.exists()


def test_settling_saves_the_answer_with_its_reason_and_goes_on_to_the_next(
    client, world, answered_apart
):
    _open(world)
    client.force_login(world.coordinator)
    page = client.get(_url("group-settle", world.review, "D1.2"))
    assert "How each member answered" in text_of(page.content)
    assert "Settle this answer" in text_of(page.content)

    settled = client.post(_url("group-settle", world.review, "D1.2"), {
        "value": "partially", "reason": "The plan gives participants roles, not yet all.",
    })

    assert settled.url == _url("group-settle", world.review, "D2.1")
    answer = Answer.objects.get(assessment=world.review, question__code="D1.2")
    assert answer.value == "partially"
    history = text_of(client.get(_url("answer-history", world.review, "D1.2")).content)
    assert "Settled because: The plan gives participants roles, not yet all." in history


def test_settling_where_all_agree_starts_from_what_they_agreed_on(
    client, world, answered_apart
):
    _open(world)
    client.force_login(world.coordinator)

    page = client.get(_url("group-settle", world.review, "D1.1"))

    assert page.context["form"].initial["value"] == "yes"
    assert len(page.context["form"].initial["criteria"]) == 3  # all ticked by all three


def test_two_people_settling_the_same_question_never_overwrite_each_other_silently(
    client, world, answered_apart
):
    _open(world)
    group.set_options(world.review, settler=world.team_member, spread_in_report=True)
    client.force_login(world.coordinator)
    client.post(_url("group-settle", world.review, "D1.2"),
                {"value": "no", "reason": "Two of three said no."})

    # The chosen member had loaded the page before: no answer, so no revision.
    client.force_login(world.team_member)
    clash = client.post(_url("group-settle", world.review, "D1.2"),
                        {"value": "partially", "reason": "Roles are planned."})

    assert clash.status_code == 409
    text = text_of(clash.content)
    assert "Someone saved this answer while you were answering" in text
    assert Answer.objects.get(question__code="D1.2", assessment=world.review).value == "no"
    # Saving again, having seen theirs, is choosing one's own answer.
    again = client.post(_url("group-settle", world.review, "D1.2"), {
        "value": "partially", "reason": "Roles are planned.",
        "revision": clash.context["form"]["revision"].value(),
    })
    assert again.status_code == 302
    assert Answer.objects.get(question__code="D1.2", assessment=world.review).revision == 2


def test_settling_every_question_where_all_agree_at_once(client, world, answered_apart):
    _open(world)
    client.force_login(world.coordinator)

    response = client.post(_url("group-settle-agreed", world.review), follow=True)

    assert "28 questions on which everyone agreed are settled as agreed." in text_of(
        response.content)
    assert world.review.answers.count() == 28
    assert not world.review.answers.filter(question__code__in=["D1.2", "E1.1"]).exists()


def test_the_report_sums_up_the_spread_without_names(
    client, world, answered_apart, download, report_html
):
    _open(world)
    group.settle_agreed(world.review, user=world.coordinator)
    client.force_login(world.coordinator)

    download(client, _url("assessment-report", world.review))

    [html] = report_html
    text = text_of(html)
    assert "3 people first answered alone" in text
    assert "They agreed on 28 questions and differed on 2" in text
    assert "Answered alone: 2 of 3 said no, 1 of 3 said partially" in text
    assert "Settled because:" not in text  # where all agreed, the spread says why
    assert "Inês" not in text and "ines on" not in text  # no names, no own comments


def test_the_report_leaves_the_spread_out_when_the_owner_says_so(
    client, world, answered_apart, download, report_html
):
    _open(world)
    group.set_options(world.review, settler=None, spread_in_report=False)
    client.force_login(world.coordinator)

    download(client, _url("assessment-report", world.review))

    assert "Answered alone" not in text_of(report_html[0])


def test_the_report_is_rendered_again_when_own_answers_change(
    client, world, team, download, report_html
):
    client.force_login(world.coordinator)
    url = _url("assessment-report", world.review)
    download(client, url)
    download(client, url)
    assert len(report_html) == 1

    answer_alone(world.review, team[0], ["no"], skip=["D1.2"])
    download(client, url)

    assert len(report_html) == 2
    assert RenderedReport.objects.count() == 2


def test_the_other_side_reads_the_settled_review_never_who_answered_what(
    client, world, answered_apart
):
    _open(world)
    group.settle_agreed(world.review, user=world.coordinator)
    Assessment.objects.filter(pk=world.review.pk).update(shared_at=world.review.created_at)
    client.force_login(world.partner_member)

    overview = client.get(_url("assessment-overview", world.review))

    assert overview.status_code == 200
    assert "Inês" not in text_of(overview.content)
    assert client.get(_url("group-spread", world.review)).status_code == 403

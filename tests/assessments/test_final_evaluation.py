"""A final evaluation read against the proposal review or self-assessment made at the start:
choosing that baseline, and what the results page and the report then show."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import reports, services
from assessments.models import Answer, Assessment
from tests.factories import AssessmentFactory, ProjectFactory, answer_all
from tests.html import options, text_of

pytestmark = pytest.mark.django_db

FINAL = Assessment.Purpose.FINAL_EVALUATION


def _submitted(assessment, user, *values):
    answer_all(assessment, values or ["partially"], user=user)
    services.submit(assessment, user=user)
    return assessment


def _start(client, world, **data):
    return client.post(reverse("assessment-start", args=[world.project.pk]),
                       {"purpose": FINAL, **data})


def _started(world):
    return Assessment.objects.filter(project=world.project, purpose=FINAL)


# Choosing the baseline ------------------------------------------------------------------

def test_the_only_earlier_assessment_the_user_sees_is_already_chosen(coordinator, world):
    content = coordinator.get(reverse("project-detail", args=[world.project.pk])).content

    [only] = options(content, "baseline")[1:]
    assert only.startswith("Proposal review · Riverside · In progress")
    assert only.endswith("*")
    assert options(content, "baseline")[0] == "No earlier assessment"


def test_among_several_the_latest_submitted_one_of_the_user_s_side_is_chosen(
    coordinator, world
):
    world.self_assessment.shared_at = timezone.now()
    world.self_assessment.save(update_fields=["shared_at"])
    _submitted(world.self_assessment, world.partner_member)
    _submitted(world.review, world.coordinator)
    AssessmentFactory(project=world.project, assessor=world.city)  # later, in progress

    offered = options(
        coordinator.get(reverse("project-detail", args=[world.project.pk])).content, "baseline"
    )

    assert len(offered) == 4
    assert [label for label in offered if label.endswith("*")] == [
        next(label for label in offered if label.startswith("Proposal review · Riverside · "
                                                             "Submitted"))
    ]


def test_a_final_evaluation_starts_linked_to_the_chosen_baseline(coordinator, world):
    response = _start(coordinator, world, baseline=world.review.pk)

    evaluation = _started(world).get()
    assert evaluation.baseline == world.review
    assert response.url == reverse("assessment-resume", args=[evaluation.pk])


def test_a_final_evaluation_may_start_without_a_baseline(coordinator, world):
    _start(coordinator, world, baseline="")

    assert _started(world).get().baseline is None


@pytest.mark.parametrize("baseline", ["self_assessment", "other_review", "final", "x"])
def test_a_baseline_the_user_may_not_see_or_choose_is_refused_and_nothing_starts(
    coordinator, world, baseline
):
    final = AssessmentFactory(project=world.project, purpose=FINAL, assessor=world.city)
    number = {"self_assessment": world.self_assessment.pk,  # the partner's, not shared
              "other_review": world.other_review.pk,  # another city's project
              "final": final.pk, "x": "x"}[baseline]

    response = coordinator.post(reverse("assessment-start", args=[world.project.pk]),
                                {"purpose": FINAL, "baseline": number}, follow=True)

    assert list(_started(world)) == [final]
    assert ("Choose an earlier assessment of this project that you can see, or none."
            in text_of(response.content))


def test_with_nothing_to_offer_there_is_no_choice_and_a_baseline_sent_is_refused(
    coordinator, world
):
    world.review.delete()  # the city's coordinator now sees no earlier assessment

    page = coordinator.get(reverse("project-detail", args=[world.project.pk])).content
    response = _start(coordinator, world, baseline=world.self_assessment.pk)

    assert options(page, "baseline") == []
    assert response.status_code == 302
    assert not _started(world).exists()


def test_the_baseline_is_left_out_of_an_assessment_that_is_not_a_final_evaluation(
    coordinator, world
):
    coordinator.post(reverse("assessment-start", args=[world.project.pk]),
                     {"purpose": Assessment.Purpose.PROPOSAL_REVIEW,
                      "baseline": world.review.pk})

    started = Assessment.objects.filter(project=world.project).latest("created_at")
    assert started.purpose == Assessment.Purpose.PROPOSAL_REVIEW
    assert started.baseline is None


@pytest.mark.parametrize(("purpose", "baseline", "message"), [
    (Assessment.Purpose.PROPOSAL_REVIEW, "review", "Only a final evaluation is compared"),
    (FINAL, "other_review", "of the same project"),
    (FINAL, "final", "of the same project"),
])
def test_the_service_keeps_baselines_right_whoever_calls_it(world, purpose, baseline, message):
    final = AssessmentFactory(project=world.project, purpose=FINAL, assessor=world.city)
    chosen = {"review": world.review, "other_review": world.other_review, "final": final}

    with pytest.raises(services.AssessmentError, match=message):
        services.start_assessment(project=world.project, purpose=purpose,
                                  assessor=world.city, user=world.coordinator,
                                  baseline=chosen[baseline])


# The results page and the report ---------------------------------------------------------

@pytest.fixture
def evaluation(world):
    """The city's final evaluation of the project, read against its proposal review."""
    _submitted(world.review, world.coordinator, "partially")
    Answer.objects.filter(assessment=world.review, question__code="D1.1").update(
        comment="No one from the estate on the team."
    )
    final = services.start_assessment(
        project=world.project, purpose=FINAL, assessor=world.city, user=world.coordinator,
        baseline=world.review,
    )
    answer_all(final, ["partially"], user=world.coordinator)
    Answer.objects.filter(assessment=final, question__code="D1.1").update(
        value="yes", comment="Two residents of the estate joined."
    )
    Answer.objects.filter(assessment=final, question__code="E2.2").update(value="no")
    return final


def test_the_results_show_what_improved_fell_back_and_stayed_with_both_comments(
    coordinator, evaluation
):
    response = coordinator.get(reverse("assessment-results", args=[evaluation.pk]))

    html = response.content.decode()
    text = text_of(html)
    assert "Compared with the start of the project" in text
    assert "This final evaluation is read against the proposal review by Riverside" in text
    assert "1 question improved" in text and "1 fell back" in text and "28 stayed" in text
    assert "What improved (1) D1.1" in text
    assert "What fell back (1) E2.2" in text
    assert "Comment in the proposal review: No one from the estate on the team." in text
    assert "Comment in the final evaluation: Two residents of the estate joined." in text
    assert 'id="progression-chart-title"' in html
    changes = response.context["progression"].indicator_rows
    assert {row.code: row.change.label for row in changes}["D1"] == "Improved"
    assert "Improved" in text and "Fell back" in text and "Stayed" in text


def test_the_report_sets_the_final_evaluation_beside_its_baseline(world, evaluation):
    html = reports.assessment_report_html(
        evaluation, language="en", with_names=True, baseline=world.review
    )

    text = text_of(html)
    assert "Compared with the start of the project" in text
    assert "Questions improved: 1; fell back: 1; stayed: 28." in text
    assert "What improved (1) D1.1" in text
    assert "Comment in the proposal review: No one from the estate on the team." in text
    assert 'id="report-progression-title"' in html


def test_the_report_view_gives_the_reader_s_visible_baseline(
    coordinator, evaluation, report_html, download
):
    download(coordinator, reverse("assessment-report", args=[evaluation.pk]))

    assert "Questions improved: 1; fell back: 1; stayed: 28." in text_of(report_html[-1])


@pytest.fixture
def partner_evaluation(world):
    """The partner's final evaluation, shared with the city, read against the partner's
    self-assessment, which never was."""
    _submitted(world.self_assessment, world.partner_member, "no")
    Answer.objects.filter(assessment=world.self_assessment, question__code="D1.1").update(
        comment="Private notes of the partner."
    )
    final = services.start_assessment(
        project=world.project, purpose=FINAL, assessor=world.partner,
        user=world.partner_member, baseline=world.self_assessment,
    )
    _submitted(final, world.partner_member, "yes")
    services.set_shared(final, shared=True, user=world.partner_member)
    return final


def test_a_baseline_not_shared_with_the_reader_stays_out_of_the_results(
    coordinator, partner_evaluation, report_html, download
):
    results = coordinator.get(reverse("assessment-results", args=[partner_evaluation.pk]))
    download(coordinator, reverse("assessment-report", args=[partner_evaluation.pk]))

    for text in (text_of(results.content), text_of(report_html[-1])):
        assert "read against an earlier assessment of the project that is not shared with you" \
            in text
        assert "Private notes of the partner." not in text
        assert "What improved" not in text
    assert results.context["progression"] is None


def test_the_partner_sees_its_own_final_evaluation_beside_its_self_assessment(
    client, world, partner_evaluation
):
    client.force_login(world.partner_member)

    text = text_of(client.get(reverse("assessment-results",
                                      args=[partner_evaluation.pk])).content)

    assert "30 questions improved" in text
    assert "Comment in the self-assessment: Private notes of the partner." in text


def test_the_results_of_a_final_evaluation_read_the_same_queries_whatever_the_answers(
    coordinator, world, django_assert_num_queries, django_assert_max_num_queries
):
    final = AssessmentFactory(project=world.project, purpose=FINAL, assessor=world.city,
                              baseline=world.review)
    url = reverse("assessment-results", args=[final.pk])
    for assessment in (world.review, final):
        answer_all(assessment, ["no"])
        assessment.answers.exclude(question__code="D1.1").delete()
    coordinator.get(url)  # what is kept between requests (checklist, library) is built
    with django_assert_max_num_queries(40) as few:
        coordinator.get(url)

    answer_all(world.review, ["no", "yes"])
    answer_all(final, ["yes", "partially"])

    with django_assert_num_queries(len(few.captured_queries)):
        coordinator.get(url)


def test_an_assessment_without_baseline_shows_no_comparison(coordinator, world):
    final = AssessmentFactory(project=ProjectFactory(organisation=world.partner, city=world.city),
                              purpose=FINAL, assessor=world.city)

    text = text_of(coordinator.get(reverse("assessment-results", args=[final.pk])).content)

    assert "Compared with" not in text

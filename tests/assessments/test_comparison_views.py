"""Comparing assessments in the browser and as a PDF: who may, how many, what it shows."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments import reports, services
from assessments.models import Answer
from tests.factories import AssessmentFactory, ProjectFactory, answer_all, build_checklist
from tests.html import links, parse, text_of

pytestmark = pytest.mark.django_db


def _compare(client, *numbers, name="compare"):
    return client.get(reverse(name), {"a": [str(number) for number in numbers]})


def _compare_pdf(download, client, *numbers):
    return download(client, reverse("compare-report"), {"a": [str(n) for n in numbers]})


@pytest.fixture
def second_review(world):
    """A second review by our city, of another of its partner's projects."""
    project = ProjectFactory(title="Library cafés", organisation=world.partner, city=world.city)
    return AssessmentFactory(project=project, assessor=world.city)


def test_the_comparison_shows_scores_chart_and_answers_with_differences_marked(
    coordinator, world, second_review
):
    answer_all(world.review, ["yes"])
    answer_all(second_review, ["yes", "no"])
    Answer.objects.filter(assessment=second_review, question__code="D1.2").update(
        comment="No budget for interpreters."
    )

    response = _compare(coordinator, world.review.pk, second_review.pk)

    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(html)
    assert "Comparing 2 assessments" in text
    assert "1. Kitchen nights · Proposal review" in text and "2. Library cafés" in text
    assert 'role="img"' in html and "Scores side by side, by pillar and indicator" in text
    assert "60/60 · 100%" in text and "30/60 · 50%" in text  # the table beside the chart
    assert "15 questions are answered differently" in text
    assert "No budget for interpreters." in text
    tags = parse(html).tags
    marks = [attrs for tag, attrs in tags if attrs.get("class") == "differs-mark"]
    differing = [attrs for tag, attrs in tags
                 if tag == "article" and "differs" in attrs.get("class", "").split()]
    assert len(marks) == len(differing) == 15
    assert text.count("Differs") == 16  # each mark, and the sentence that explains them


def test_the_comparison_links_each_assessment_and_its_pdf(coordinator, world, second_review):
    response = _compare(coordinator, world.review.pk, second_review.pk)

    hrefs = links(response.content)
    assert reverse("assessment-results", args=[world.review.pk]) in hrefs
    assert (f"{reverse('compare-report')}?a={world.review.pk}&a={second_review.pk}"
            in hrefs)


@pytest.mark.parametrize("name", ["compare", "compare-report"])
def test_one_assessment_the_user_may_not_see_among_visible_ones_is_a_404(
    coordinator, world, second_review, report_html, name
):
    # The partner's self-assessment is not shared with the city; the other review is
    # another city's.
    for hidden in (world.self_assessment, world.other_review):
        response = _compare(coordinator, world.review.pk, hidden.pk, second_review.pk,
                            name=name)

        assert response.status_code == 404
    assert report_html == []


@pytest.mark.parametrize(("numbers", "message"), [
    ([], "Choose at least 2 different assessments to compare."),
    (["review"], "Choose at least 2 different assessments to compare."),
    (["review", "review"], "Choose at least 2 different assessments to compare."),
    (["review", "x"], "“x” is not the number of an assessment."),
    (["review", "-3"], "“-3” is not the number of an assessment."),
    (["review", "99999999999999999999"], "is not the number of an assessment."),
])
@pytest.mark.parametrize("name", ["compare", "compare-report"])
def test_too_few_or_unreadable_numbers_get_a_clear_message(
    coordinator, world, numbers, message, name
):
    numbers = [world.review.pk if number == "review" else number for number in numbers]

    response = _compare(coordinator, *numbers, name=name)

    assert response.status_code == 400
    assert message in text_of(response.content)


@pytest.mark.parametrize("name", ["compare", "compare-report"])
def test_more_than_five_get_a_clear_message(coordinator, world, name):
    six = [AssessmentFactory(project=world.project, assessor=world.city).pk for _ in range(6)]

    response = _compare(coordinator, *six, name=name)

    assert response.status_code == 400
    assert "Choose at most 5 assessments to compare; you chose 6." in text_of(response.content)


def test_duplicates_are_ignored(coordinator, world, second_review):
    response = _compare(coordinator, world.review.pk, second_review.pk, world.review.pk,
                        second_review.pk, world.review.pk, second_review.pk)

    assert response.status_code == 200
    assert [column.assessment for column in response.context["comparison"].columns] == [
        world.review, second_review
    ]


def test_assessments_on_different_versions_say_what_could_not_be_matched(
    coordinator, world
):
    from assessments.models import Question

    version = build_checklist(label="2030.1")
    Question.objects.filter(indicator__pillar__version=version, code="I2.2").update(code="I2.9")
    later = AssessmentFactory(project=world.project, assessor=world.city, version=version)

    text = text_of(_compare(coordinator, world.review.pk, later.pk).content)

    assert ("Answered on different checklist versions (2021.1, 2030.1): questions are "
            "matched by their code.") in text
    assert "I2.2 only in 2021.1, not in 2030.1" in text
    assert "I2.9 only in 2030.1, not in 2021.1" in text
    assert text.count("Not in this checklist version") == 2


def test_the_comparison_page_reads_the_same_queries_with_two_or_five_assessments(
    coordinator, world, django_assert_num_queries, django_assert_max_num_queries
):
    more = [AssessmentFactory(project=world.project, assessor=world.city) for _ in range(4)]
    with django_assert_max_num_queries(15) as few:
        _compare(coordinator, world.review.pk, more[0].pk)

    for assessment in [world.review, *more]:
        answer_all(assessment, ["yes", "partially", "no"])

    with django_assert_num_queries(len(few.captured_queries)):
        _compare(coordinator, world.review.pk, *[assessment.pk for assessment in more])


def test_the_comparison_pdf_is_rendered_once_and_then_served_from_the_cache(
    coordinator, world, second_review, report_html, download
):
    answer_all(world.review, ["yes"])
    answer_all(second_review, ["no"])

    first = _compare_pdf(download, coordinator, world.review.pk, second_review.pk)
    _compare_pdf(download, coordinator, world.review.pk, second_review.pk)

    assert first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == (
        'attachment; filename="comparison-kitchen-nights-library-cafes.pdf"'
    )
    assert len(report_html) == 1
    text = text_of(report_html[0])
    assert text.count("Differs") == 30
    assert "2 assessments side by side" in text
    assert "DRAFT" in text  # neither is submitted
    Answer.objects.filter(assessment=second_review, question__code="D1.1").update(
        value="yes", updated_at=timezone.now()
    )
    _compare_pdf(download, coordinator, world.review.pk, second_review.pk)
    assert len(report_html) == 2


def test_the_comparison_pdf_counts_towards_the_render_limit(
    coordinator, world, second_review, settings, report_html, download
):
    settings.REPORTS_PER_MINUTE = 1
    download(coordinator, reverse("assessment-report", args=[world.review.pk]))

    refused = _compare_pdf(download, coordinator, world.review.pk, second_review.pk)

    assert refused.status_code == 429


def test_a_comparison_pdf_is_a_real_paged_pdf_with_its_chart_and_answers(world, second_review):
    answer_all(world.review, ["yes"])
    answer_all(second_review, ["partially"])
    Answer.objects.filter(assessment=second_review, question__code="E4.1").update(
        comment="Only in Riverside's centre."
    )

    html = reports.comparison_report_html([world.review, second_review], language="en")

    reader = PdfReader(io.BytesIO(reports.render_pdf(html)))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "2 assessments side by side" in text
    assert "Kitchen nights" in text and "Library cafés" in text
    assert "DIFFERS" in text
    assert "Only in Riverside's centre." in text
    assert [item.title for item in reader.outline] == [
        "Scores", "Diversity", "Equality", "Interaction",
    ]


# Choosing on an assessment's page ---------------------------------------------------------

def test_an_assessment_page_offers_the_city_s_other_assessments_to_compare(
    coordinator, world, second_review
):
    html = coordinator.get(reverse("assessment-overview", args=[world.review.pk])).content

    tags = parse(html).tags
    form = next(attrs for tag, attrs in tags if tag == "form"
                and attrs.get("action") == reverse("compare"))
    assert form["method"] == "get"
    boxes = [attrs["value"] for tag, attrs in tags
             if tag == "input" and attrs.get("name") == "a" and attrs.get("type") == "checkbox"]
    assert boxes == [str(second_review.pk)]  # not the unshared self-assessment
    fixed = [attrs["value"] for tag, attrs in tags
             if tag == "input" and attrs.get("name") == "a" and attrs.get("type") == "hidden"]
    assert fixed == [str(world.review.pk)]
    assert "Compare with…" in text_of(html)


def test_no_comparison_is_offered_to_a_team_member_who_sees_one_assessment(client, world):
    client.force_login(world.team_member)

    html = client.get(reverse("assessment-overview", args=[world.review.pk])).content

    assert "Compare with…" not in text_of(html)


def test_once_shared_each_side_compares_the_other_side_s_assessment_with_its_own(
    client, world
):
    for assessment, user in ((world.review, world.coordinator),
                             (world.self_assessment, world.partner_member)):
        answer_all(assessment, ["yes"], user=user)
        services.submit(assessment, user=user)

    for persona in ("coordinator", "partner_member"):
        client.force_login(getattr(world, persona))
        assert _compare(client, world.review.pk, world.self_assessment.pk).status_code == 404

    services.set_shared(world.review, shared=True, user=world.coordinator)
    services.set_shared(world.self_assessment, shared=True, user=world.partner_member)

    for persona in ("coordinator", "partner_member"):
        client.force_login(getattr(world, persona))
        assert _compare(client, world.review.pk, world.self_assessment.pk).status_code == 200

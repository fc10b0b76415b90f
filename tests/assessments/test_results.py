"""Results pages and the city's own score bands."""

import pytest
from django.urls import reverse

from assessments.models import ChecklistVersion, Question, ScoreBand
from tests.factories import AssessmentFactory, answer_all
from tests.html import text_of

pytestmark = pytest.mark.django_db

INTERCULTURAL = {"label": "Intercultural", "min_percentage": 75, "min_diversity": 60,
                 "min_equality": 60, "min_interaction": 60}


def test_a_band_may_ask_a_minimum_in_each_pillar(client, world):
    client.force_login(world.coordinator)

    client.post(reverse("score-bands", args=[world.city.pk]), INTERCULTURAL)

    band = world.city.score_bands.get()
    assert band.pillar_minimums == {"diversity": 60, "equality": 60, "interaction": 60}
    page = text_of(client.get(reverse("score-bands", args=[world.city.pk])).content)
    assert "Intercultural: from 75%" in page and "60% in equality" in page


@pytest.mark.parametrize("change, field, message", [
    ({}, "min_percentage", "Your city already has a band with these thresholds"),
    ({"min_equality": 101}, "min_equality", "less than or equal to 100"),
    ({"min_percentage": ""}, "min_percentage", "This field is required."),
])
def test_bands_that_clash_or_do_not_make_sense_are_refused(client, world, change, field,
                                                             message):
    ScoreBand.objects.create(city=world.city, **{**INTERCULTURAL, "label": "Already there"})
    client.force_login(world.coordinator)

    response = client.post(reverse("score-bands", args=[world.city.pk]),
                           {**INTERCULTURAL, **change})

    assert message in " ".join(response.context["form"].errors[field])
    assert world.city.score_bands.count() == 1


def test_results_show_the_band_reached_and_what_the_next_one_needs(
    client, world, report_html, download
):
    ScoreBand.objects.create(city=world.city, label="Developing", min_percentage=50)
    ScoreBand.objects.create(city=world.city, **INTERCULTURAL)
    # Diversity and interaction all yes, equality 4 yes then 6 no: 80% overall, 40% equality.
    answers = ["yes"] * 10 + ["yes"] * 4 + ["no"] * 6 + ["yes"] * 10
    answer_all(world.review, answers, user=world.coordinator)
    client.force_login(world.coordinator)

    page = text_of(client.get(reverse("assessment-results", args=[world.review.pk])).content)
    download(client, reverse("assessment-report", args=[world.review.pk]))

    assert "Developing" in page
    assert "For “Intercultural”: 4 more points in Equality." in page
    assert "the Council of Europe certifies nothing" in page
    assert "For “Intercultural”: 4 more points in Equality." in text_of(report_html[-1])


def _e4_2(label):
    return Question.objects.get(indicator__pillar__version__label=label, code="E4.2")


@pytest.mark.parametrize("label", ["2021.1", "2021.2"])
def test_results_and_report_name_the_version_answered_against_and_its_questions(
    client, world, report_html, label, download
):
    assessment = AssessmentFactory(project=world.project, assessor=world.city,
                                   version=ChecklistVersion.objects.get(label=label))
    answer_all(assessment, ["no"], user=world.coordinator)
    client.force_login(world.coordinator)

    page = text_of(client.get(reverse("assessment-results", args=[assessment.pk])).content)
    download(client, reverse("assessment-report", args=[assessment.pk]))
    report = text_of(report_html[-1])

    other = "2021.2" if label == "2021.1" else "2021.1"
    assert f"checklist {label}" in page
    assert _e4_2(label).text in page and _e4_2(label).text in report
    assert _e4_2(other).text not in page and _e4_2(other).text not in report
    assert f"Checklist version {label}" in report

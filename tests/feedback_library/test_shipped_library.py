"""The library shipped in fixtures/: no weak answer is ever left without feedback."""

import pytest

from assessments.models import Question
from feedback_library.models import FeedbackEntry, GoodPractice, Status

pytestmark = pytest.mark.django_db

QUESTIONS = [
    f"{prefix}{indicator}.{number}"
    for prefix in "DEI" for indicator in range(1, 6) for number in (1, 2)
]


@pytest.mark.parametrize("code", QUESTIONS)
@pytest.mark.parametrize("answer", ["no", "partially"])
def test_every_question_has_published_recommendations_for_no_and_partially(code, answer):
    recommendations = FeedbackEntry.objects.published().filter(
        question__indicator__pillar__version__label="2021.1", question__code=code,
        kind=FeedbackEntry.Kind.RECOMMENDATION, applies_to__in=[answer, "both"],
    )

    assert recommendations.exists()


def test_the_library_holds_at_least_ten_stories_and_thirty_practices():
    assert FeedbackEntry.objects.published().filter(kind="story").count() >= 10
    assert GoodPractice.objects.published().count() >= 30


def test_every_good_practice_has_a_place_and_a_source():
    for practice in GoodPractice.objects.all():
        assert practice.country, practice.slug
        if practice.scope != GoodPractice.Scope.NATIONAL:
            assert practice.city, f"{practice.slug} names no city or region"
        assert practice.source_title.strip(), f"{practice.slug} names no source"
        assert practice.period.strip(), practice.slug
        assert practice.status == Status.PUBLISHED


def test_house_of_one_dates_its_excavations_and_names_the_church_it_replaces():
    practice = GoodPractice.objects.get(slug="berlin-house-of-one")

    assert "between 2007 and 2015" in practice.rationale
    assert "one of Berlin-Cölln's first churches" in practice.summary
    assert "Berlin's first church" not in practice.summary


def test_every_indicator_is_illustrated_by_a_practice():
    codes = set(
        GoodPractice.objects.published().values_list("indicators__code", flat=True)
    )

    assert {code[:2] for code in QUESTIONS} <= codes


def test_library_entries_point_at_the_shipped_checklist():
    assert not FeedbackEntry.objects.exclude(
        question__in=Question.objects.filter(indicator__pillar__version__label="2021.1")
    ).exists()

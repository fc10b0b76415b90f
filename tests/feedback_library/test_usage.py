"""Counting what assessors are shown, without a database write per page."""

import pytest

from assessments.models import Question
from feedback_library import usage
from feedback_library.models import FeedbackEntry, GoodPractice
from feedback_library.selection import QUESTION, Feedback, RankedPractice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_buffer(settings):
    settings.FEEDBACK_COUNT_FLUSH_SECONDS = 3600
    settings.FEEDBACK_COUNT_FLUSH_AFTER = 1000
    usage.flush()
    FeedbackEntry.objects.update(times_shown=0)
    GoodPractice.objects.update(times_shown=0)


def _feedback():
    entries = list(FeedbackEntry.objects.order_by("pk")[:2])
    practice = GoodPractice.objects.order_by("pk").first()
    ranked = RankedPractice(practice, QUESTION, Question.objects.first())
    return Feedback(recommendations=entries, practices=[ranked])


def test_impressions_are_counted_in_memory_then_written_in_one_batch(
    django_assert_num_queries
):
    feedback = _feedback()
    with django_assert_num_queries(0):
        for _ in range(3):
            usage.record_shown([feedback])

    with django_assert_num_queries(2):  # one UPDATE per model
        usage.flush()

    assert [entry.times_shown for entry in FeedbackEntry.objects.order_by("pk")[:3]] == [3, 3, 0]
    assert GoodPractice.objects.order_by("pk").first().times_shown == 3


def test_the_batch_is_written_once_enough_impressions_wait(settings):
    settings.FEEDBACK_COUNT_FLUSH_AFTER = 6  # three entries per page view
    feedback = _feedback()

    usage.record_shown([feedback])
    assert GoodPractice.objects.order_by("pk").first().times_shown == 0
    usage.record_shown([feedback])

    assert GoodPractice.objects.order_by("pk").first().times_shown == 2


def test_the_feedback_page_counts_what_it_showed(client, world, settings):
    client.force_login(world.coordinator)
    client.post(f"/assessments/{world.review.pk}/questions/E2.1/", {"value": "no"})

    response = client.get(f"/assessments/{world.review.pk}/questions/E2.1/feedback/")
    usage.flush()

    shown = response.context["feedback"]
    for entry in shown.entries():
        entry.refresh_from_db()
        assert entry.times_shown == 1


def test_counts_dropped_unwritten_are_never_written(django_assert_num_queries):
    usage.record_shown([_feedback()])

    with django_assert_num_queries(0):
        usage.flush(write=False)
    usage.flush()

    assert GoodPractice.objects.order_by("pk").first().times_shown == 0

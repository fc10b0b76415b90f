"""How often assessors are shown each library entry, counted without a write per view.

Impressions add up in memory, per process, and are written in one UPDATE per model at
most every FEEDBACK_COUNT_FLUSH_SECONDS, or after FEEDBACK_COUNT_FLUSH_AFTER impressions,
and when the process exits. A process killed outright loses its last minute of counts:
acceptable for figures that only tell curators what is used.
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, models

from .models import FeedbackEntry, GoodPractice

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_pending: dict[type, Counter] = {FeedbackEntry: Counter(), GoodPractice: Counter()}
_last_flush = time.monotonic()


def record_shown(feedbacks) -> None:
    """Count the entries and practices of the Feedback objects an assessor was shown."""
    with _lock:
        for feedback in feedbacks:
            _pending[FeedbackEntry].update(entry.pk for entry in feedback.entries())
            # The practices shown first; the rest sit folded below them.
            _pending[GoodPractice].update(
                ranked.practice.pk for ranked in feedback.top_practices
            )
        waiting = sum(sum(counter.values()) for counter in _pending.values())
        due = time.monotonic() - _last_flush >= settings.FEEDBACK_COUNT_FLUSH_SECONDS
        if not (due or waiting >= settings.FEEDBACK_COUNT_FLUSH_AFTER):
            return
        batches = _take_pending()
    _write(batches)


def flush(*, write: bool = True) -> None:
    """Write what is pending now (at the end of the process, in tests), or, with
    `write=False`, drop it (so that a test's counts stay with the test that made them)."""
    with _lock:
        batches = _take_pending()
    if write:
        _write(batches)


def _take_pending() -> dict[type, Counter]:
    """The counts waiting to be written, leaving none behind. Called with the lock held."""
    global _last_flush
    batches = {model: counter.copy() for model, counter in _pending.items()}
    for counter in _pending.values():
        counter.clear()
    _last_flush = time.monotonic()
    return batches


def _write(batches: dict[type, Counter]) -> None:
    for model, counts in batches.items():
        if not counts:
            continue
        increment = models.Case(
            *(models.When(pk=pk, then=models.Value(count)) for pk, count in counts.items()),
            default=models.Value(0),
        )
        model.objects.filter(pk__in=counts).update(
            times_shown=models.F("times_shown") + increment
        )


def _flush_at_exit() -> None:
    try:
        flush()
    except DatabaseError as error:  # the database may be gone before the process
        logger.warning("Counts of feedback shown were not written at exit: %s", error)


atexit.register(_flush_at_exit)

"""People answering together, for real: concurrent transactions on PostgreSQL.

Each test runs two threads, each with its own database connection. The first holds its
transaction open after writing, so the second really runs into its locks.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from assessments import group, services
from assessments.models import Answer, Assessment, MemberAnswer, Question
from tests.factories import answer_all, in_group_mode

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (make test)"
    ),
]

HOLD = 0.5  # seconds the first transaction stays open after its write


def _question(assessment, code):
    return Question.objects.get(indicator__pillar__version=assessment.version, code=code)


def _run_together(first, second):
    """Run `first` inside a transaction held open after it returns, then `second` while
    that transaction is still open. Returns each one's result or exception."""
    written = threading.Event()
    outcome = {}

    def run_first():
        try:
            with transaction.atomic():
                outcome["first"] = first()
                written.set()
                time.sleep(HOLD)
        except Exception as error:
            outcome["first"] = error
            written.set()
        finally:
            connections.close_all()

    def run_second():
        written.wait()
        started = time.monotonic()
        try:
            outcome["second"] = second()
        except Exception as error:
            outcome["second"] = error
        finally:
            outcome["second_waited"] = time.monotonic() - started
            connections.close_all()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcome


def _save(assessment, question, value, user, seen_revision):
    def save():
        return services.save_answer(
            assessment=assessment, question=question, value=value, comment=value,
            criteria=[], user=user, seen_revision=seen_revision,
        )
    return save


def test_two_people_changing_the_same_answer_at_once_lose_nothing_unseen(content, world):
    question = _question(world.review, "I2.1")
    services.save_answer(assessment=world.review, question=question, value="partially",
                         comment="", criteria=[], user=world.coordinator, seen_revision=None)

    # Both loaded revision 1; both save at the same moment.
    outcome = _run_together(
        _save(world.review, question, "yes", world.coordinator, seen_revision=1),
        _save(world.review, question, "no", world.team_member, seen_revision=1),
    )

    assert isinstance(outcome["first"], Answer)
    assert isinstance(outcome["second"], services.AnswerConflict)
    assert outcome["second"].current.value == "yes"  # the second one sees the first's answer
    assert outcome["second_waited"] >= HOLD * 0.8  # it really waited for the row lock
    answer = Answer.objects.get(assessment=world.review, question=question)
    assert (answer.value, answer.revision) == ("yes", 2)
    assert [change.new_value for change in answer.changes.order_by("pk")] == ["partially", "yes"]


def test_two_first_answers_to_the_same_question_at_once(content, world):
    question = _question(world.review, "D4.2")

    outcome = _run_together(
        _save(world.review, question, "no", world.coordinator, seen_revision=None),
        _save(world.review, question, "yes", world.team_member, seen_revision=None),
    )

    assert isinstance(outcome["first"], Answer)
    assert isinstance(outcome["second"], services.AnswerConflict)
    assert Answer.objects.get(assessment=world.review, question=question).value == "no"


def test_saves_on_different_questions_do_not_wait_for_each_other(content, world):
    outcome = _run_together(
        _save(world.review, _question(world.review, "D1.1"), "yes", world.coordinator, None),
        _save(world.review, _question(world.review, "D1.2"), "no", world.team_member, None),
    )

    assert isinstance(outcome["first"], Answer)
    assert isinstance(outcome["second"], Answer)
    assert outcome["second_waited"] < HOLD * 0.8
    assert world.review.answers.count() == 2


def test_no_answer_slips_in_while_an_assessment_is_submitted(content, world):
    answer_all(world.review, ["yes"], user=world.coordinator)
    question = _question(world.review, "E1.1")

    outcome = _run_together(
        lambda: services.submit(world.review, user=world.coordinator),
        _save(world.review, question, "no", world.team_member, seen_revision=1),
    )

    assert outcome["first"] is None
    assert isinstance(outcome["second"], services.AssessmentError)
    assert outcome["second_waited"] >= HOLD * 0.8
    assert Answer.objects.get(assessment=world.review, question=question).value == "yes"
    assert Assessment.objects.get(pk=world.review.pk).is_submitted


def test_a_submit_waits_for_an_answer_being_saved_and_counts_it(content, world):
    answer_all(world.review, ["yes"], user=world.coordinator)
    last = _question(world.review, "I5.2")
    Answer.objects.filter(assessment=world.review, question=last).delete()

    outcome = _run_together(
        _save(world.review, last, "partially", world.team_member, seen_revision=None),
        lambda: services.submit(world.review, user=world.coordinator),
    )

    assert isinstance(outcome["first"], Answer)
    assert outcome["second"] is None  # all thirty answered once the save committed
    assert outcome["second_waited"] >= HOLD * 0.8
    assert Assessment.objects.get(pk=world.review.pk).is_submitted


def test_two_people_settling_the_same_question_at_once_lose_nothing_unseen(content, world):
    in_group_mode(world.review)
    group.open_round(world.review, user=world.coordinator)
    question = _question(world.review, "D3.1")

    def settle(value, user):
        # Each in its own thread, with its own copy of the assessment.
        return lambda: group.settle(
            assessment=Assessment.objects.get(pk=world.review.pk), question=question,
            value=value, comment="", criteria=[], reason=f"{user.username} says {value}",
            user=user, seen_revision=None,
        )

    outcome = _run_together(settle("yes", world.coordinator), settle("no", world.team_member))

    assert isinstance(outcome["first"], Answer)
    assert isinstance(outcome["second"], services.AnswerConflict)
    assert outcome["second"].current.value == "yes"
    answer = Answer.objects.get(assessment=world.review, question=question)
    assert [change.reason for change in answer.changes.all()] == ["coordinator says yes"]


def test_no_own_answer_slips_in_while_the_owner_opens_the_round(content, world):
    in_group_mode(world.review)

    outcome = _run_together(
        lambda: group.open_round(Assessment.objects.get(pk=world.review.pk),
                                 user=world.coordinator),
        lambda: group.save_own_answer(
            assessment=Assessment.objects.get(pk=world.review.pk), member=world.team_member,
            question=_question(world.review, "E1.1"), value="no", comment="", criteria=[],
        ),
    )

    assert outcome["first"] is None
    assert isinstance(outcome["second"], services.AssessmentError)
    assert outcome["second_waited"] >= HOLD * 0.8
    assert not MemberAnswer.objects.exists()

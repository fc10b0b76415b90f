"""Group mode: each person answers alone first, then the team settles one answer per question.

The people who make an assessment answered individually first (its assessor's members and
its team) each give their own answers (`MemberAnswer`), unseen by the others until they
have finished or the owner opens the round (who sees what is `permissions`' to say). The
spread says, per question, where they agree and where they differ. Settling writes the
assessment's answer through `services.save_answer`, so history, revisions, feedback and
the optimistic concurrency that keeps two settlers from overwriting each other unseen
work as for any answer; the reason is kept with the change.

Reads take a fixed number of queries whatever the number of people and answers.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services
from .models import (
    Answer,
    AnswerChange,
    AnswerValue,
    Assessment,
    AssessmentEvent,
    Criterion,
    MemberAnswer,
    MemberFinish,
    Question,
    TeamMember,
)
from .progress import Progress
from .structure import questions_of


@dataclass
class ValueCount:
    value: str
    label: str
    count: int


@dataclass
class QuestionSpread:
    """How the people answered one question alone, and what the team settled."""

    question: Question
    own_answers: list[MemberAnswer] = field(default_factory=list)
    settled: Answer | None = None
    reason: str = ""

    @property
    def answered(self) -> int:
        return len(self.own_answers)

    @property
    def counts(self) -> list[ValueCount]:
        """Each value given, the most frequent first: "3 of 4 said partially"."""
        counted = Counter(answer.value for answer in self.own_answers)
        given = [value for value in AnswerValue if counted[value]]
        # A stable sort: as many of two values keeps them in the checklist's order.
        return [ValueCount(value.value, value.label, counted[value])
                for value in sorted(given, key=lambda value: -counted[value])]

    @property
    def agreed(self) -> bool:
        """At least two answered, all alike."""
        return self.answered >= 2 and len(self.counts) == 1

    @property
    def differs(self) -> bool:
        return len(self.counts) > 1

    @property
    def agreed_value(self) -> str | None:
        return self.own_answers[0].value if self.agreed else None

    def common_criteria(self) -> list[Criterion]:
        """The criteria every person ticked."""
        ticked = [{criterion.pk: criterion for criterion in answer.criteria_met.all()}
                  for answer in self.own_answers]
        if not ticked:
            return []
        shared = set(ticked[0]).intersection(*ticked[1:])
        return sorted((ticked[0][pk] for pk in shared), key=lambda criterion: criterion.order)


@dataclass
class Spread:
    items: list[QuestionSpread]
    people: int  # who gave at least one own answer

    @property
    def agreed(self) -> int:
        return sum(item.agreed for item in self.items)

    @property
    def differing(self) -> int:
        return sum(item.differs for item in self.items)

    @property
    def settled(self) -> int:
        return sum(item.settled is not None for item in self.items)

    @property
    def agreed_unsettled(self) -> int:
        return sum(item.agreed and item.settled is None for item in self.items)

    def item(self, code: str) -> QuestionSpread | None:
        return next((item for item in self.items if item.question.code == code), None)

    def next_to_settle(self, after: Question) -> QuestionSpread | None:
        """The next question, in order and then from the start, not settled yet."""
        codes = [item.question.code for item in self.items]
        start = codes.index(after.code) + 1
        for item in self.items[start:] + self.items[:start]:
            if item.settled is None and item.question.code != after.code:
                return item
        return None


def spread_of(assessment: Assessment) -> Spread:
    """Every question with the own answers given to it (by name), and the
    settled answer with the reason given when it was last changed."""
    own = sorted(
        MemberAnswer.objects.filter(assessment=assessment)
        .select_related("member").prefetch_related("criteria_met"),
        key=lambda answer: display_name(answer.member),
    )
    by_question: dict[int, list[MemberAnswer]] = {}
    people = set()
    for answer in own:
        by_question.setdefault(answer.question_id, []).append(answer)
        people.add(answer.member_id)
    last_reason = (
        AnswerChange.objects.filter(answer=OuterRef("pk")).order_by("-changed_at", "-pk")
        .values("reason")[:1]
    )
    settled = {
        answer.question_id: answer
        for answer in Answer.objects.filter(assessment=assessment)
        .annotate(reason=Subquery(last_reason))
    }
    items = []
    for question in Question.objects.of_version(assessment.version_id):
        answer = settled.get(question.pk)
        items.append(QuestionSpread(
            question=question, own_answers=by_question.get(question.pk, []), settled=answer,
            reason=(answer.reason or "") if answer else "",
        ))
    return Spread(items=items, people=len(people))


def report_spread(assessment: Assessment) -> Spread | None:
    """The anonymised spread a report shows: once the own answers are open to the team,
    and if the owner has not left it out."""
    if not (assessment.answer_individually_first and assessment.round_is_open
            and assessment.spread_in_report):
        return None
    return spread_of(assessment)


def stamp(assessment: Assessment) -> str:
    """Changes whenever what a report shows of the own answers may change."""
    if not assessment.answer_individually_first:
        return ""
    own = MemberAnswer.objects.filter(assessment=assessment).aggregate(
        count=Count("pk"), last=Max("updated_at")
    )
    last = own["last"].timestamp() if own["last"] else ""
    opened = assessment.round_opened_at.timestamp() if assessment.round_opened_at else ""
    return f"{own['count']}/{last}/{opened}/{assessment.spread_in_report}"


def own_progress(assessment: Assessment, member) -> Progress:
    """Where a person stands in their own answers."""
    return Progress(
        questions_of(assessment.version),
        {answer.question_id: answer
         for answer in MemberAnswer.objects.filter(assessment=assessment, member=member)},
    )


def display_name(user) -> str:
    """The order people are listed in: by the name shown for them."""
    return (user.get_full_name() or user.username).casefold()


@dataclass
class Person:
    user: object
    answered: int
    finished: bool


def people_of(assessment: Assessment) -> list[Person]:
    """The team and whoever else gave own answers, with how far each has gone."""
    answered = dict(
        MemberAnswer.objects.filter(assessment=assessment).values_list("member")
        .annotate(count=Count("pk")).values_list("member", "count")
    )
    finished = set(assessment.member_finishes.values_list("member", flat=True))
    users = {member.user_id: member.user for member in
             TeamMember.objects.filter(assessment=assessment).select_related("user")}
    missing = (set(answered) | finished) - set(users)
    if missing:
        users.update(get_user_model().objects.in_bulk(missing))
    people = [Person(user, answered.get(pk, 0), pk in finished) for pk, user in users.items()]
    return sorted(people, key=lambda person: display_name(person.user))


# Writes ---------------------------------------------------------------------------------


def _refuse_once_open(assessment: Assessment) -> None:
    if assessment.round_is_open:
        raise services.AssessmentError(
            _("The own answers are open to the team now: nobody answers alone any more. "
              "The team settles one answer per question.")
        )


@transaction.atomic
def save_own_answer(*, assessment: Assessment, question: Question, member, value: str,
                    comment: str, criteria: list[Criterion]) -> MemberAnswer:
    """A person's own answer, changed as often as they like until they finish.

    The race: the owner opening the round while an own answer is being saved. The save
    holds the assessment row shared, `open_round` takes it exclusively: a save under way
    ends first and is in the spread; one that comes after sees the round open and is
    refused.
    """
    if any(criterion.question_id != question.pk for criterion in criteria):
        raise ValueError("criteria of another question")
    services.hold_open_assessment(assessment)
    _refuse_once_open(assessment)
    if MemberFinish.objects.filter(assessment=assessment, member=member).exists():
        raise services.AssessmentError(
            _("You have finished your own answers: they are part of the spread now.")
        )
    answer, _created = MemberAnswer.objects.update_or_create(
        assessment=assessment, member=member, question=question,
        defaults={"value": value, "comment": comment},
    )
    answer.criteria_met.set(criteria)
    return answer


@transaction.atomic
def finish(*, assessment: Assessment, member) -> None:
    """The person has given all their own answers, and sees the others' from now on."""
    services.hold_open_assessment(assessment)
    _refuse_once_open(assessment)
    missing = own_progress(assessment, member).missing()
    if missing:
        raise services.AssessmentError(
            _("Give your own answer to every question before finishing. Still unanswered: "
              "%(codes)s.") % {"codes": ", ".join(question.code for question in missing)}
        )
    MemberFinish.objects.get_or_create(assessment=assessment, member=member)


@transaction.atomic
def open_round(assessment: Assessment, *, user) -> None:
    """Open the own answers to the whole team: settling begins. Once only."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    services.refuse_if_submitted(locked)
    if locked.round_is_open:
        return
    now = timezone.now()
    Assessment.objects.filter(pk=locked.pk).update(round_opened_at=now, updated_at=now)
    assessment.round_opened_at = now
    AssessmentEvent.objects.create(
        assessment=locked, kind=AssessmentEvent.Kind.OPENED, actor=user
    )


def set_options(assessment: Assessment, *, settler, spread_in_report: bool) -> None:
    """Who settles beside the owner (a team member, or nobody), and whether the report
    sums up the spread. The caller has checked `settler` is in the team."""
    assessment.settler = settler
    assessment.spread_in_report = spread_in_report
    assessment.save(update_fields=["settler", "spread_in_report", "updated_at"])


def settle(*, assessment: Assessment, question: Question, value: str, comment: str,
           criteria: list[Criterion], reason: str, user, seen_revision: int | None) -> Answer:
    """The team's answer to one question. Raises services.AnswerConflict, overwriting
    nothing, when someone settled it since the user loaded it."""
    if not assessment.round_is_open:
        raise services.AssessmentError(
            _("The team settles once the own answers are open to it.")
        )
    return services.save_answer(
        assessment=assessment, question=question, value=value, comment=comment,
        criteria=criteria, user=user, seen_revision=seen_revision, reason=reason,
    )


@transaction.atomic
def settle_agreed(assessment: Assessment, *, user) -> int:
    """Settle, as agreed, every question not settled yet on which all who answered agree,
    with the criteria all of them ticked. Returns how many were settled; a question
    someone settles meanwhile is left as they settled it."""
    count = 0
    for item in spread_of(assessment).items:
        if item.settled is not None or not item.agreed:
            continue
        try:
            # No reason is written: the spread beside the answer says all agreed, in the
            # reader's language.
            settle(
                assessment=assessment, question=item.question, value=item.agreed_value,
                comment="", criteria=item.common_criteria(), reason="", user=user,
                seen_revision=None,
            )
        except services.AnswerConflict:
            continue
        count += 1
    return count

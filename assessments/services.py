"""What people do with projects and assessments, as plain functions.

Views check permissions (assessments.permissions) and turn the domain errors below into
messages; these functions keep the data right, whoever calls them.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from . import comparison, permissions
from .models import (
    Answer,
    AnswerChange,
    Assessment,
    AssessmentEvent,
    ChecklistVersion,
    Criterion,
    Decision,
    DecisionChange,
    Membership,
    Organisation,
    Outcome,
    Profile,
    Project,
    Question,
    TeamMember,
)
from .progress import Progress


class AssessmentError(Exception):
    """An action the assessment's state does not allow; the message says why."""


@dataclass
class AnswerConflict(Exception):
    """Someone saved this answer after the user loaded it: nothing was overwritten."""

    current: Answer


def create_partner(*, city: Organisation, name: str, country: str) -> Organisation:
    partner = Organisation.objects.create(
        name=name, kind=Organisation.Kind.PARTNER, country=country
    )
    partner.cities.add(city)
    return partner


@transaction.atomic
def record_decision(*, project: Project, outcome: str, reason: str, conditions_on, user
                    ) -> Decision:
    """The city's decision on a proposal; each change is kept (who, when, from what)."""
    Project.objects.select_for_update().filter(pk=project.pk).first()
    decision = Decision.objects.filter(project=project).first()
    previous_outcome, previous_reason = (
        (decision.outcome, decision.reason) if decision else ("", "")
    )
    if decision is None:
        decision = Decision(project=project)
    changed = (outcome, reason) != (previous_outcome, previous_reason)
    decision.outcome, decision.reason, decision.decided_by = outcome, reason, user
    decision.save()
    decision.conditions_on.set(
        conditions_on if outcome == Outcome.FUNDED_WITH_CONDITIONS else []
    )
    if changed:
        DecisionChange.objects.create(
            decision=decision, changed_by=user, previous_outcome=previous_outcome,
            new_outcome=outcome, previous_reason=previous_reason, new_reason=reason,
        )
    return decision


@transaction.atomic
def create_project(*, created_by, topic_areas, **fields) -> Project:
    project = Project.objects.create(created_by=created_by, **fields)
    project.topic_areas.set(topic_areas)
    return project


@transaction.atomic
def start_assessment(
    *, project: Project, purpose: str, assessor: Organisation, user,
    baseline: Assessment | None = None, individually_first: bool = False,
) -> Assessment:
    """`baseline`, for a final evaluation only: the earlier assessment of the project it is
    read against (the caller has checked the user may see it). `individually_first`: group
    mode (see assessments.group)."""
    version = ChecklistVersion.objects.latest_published()
    if version is None:
        raise AssessmentError(_("No checklist version is published yet."))
    if baseline is not None:
        if purpose != Assessment.Purpose.FINAL_EVALUATION:
            raise AssessmentError(
                _("Only a final evaluation is compared with an earlier assessment.")
            )
        if not comparison.may_be_baseline(baseline, project=project):
            raise AssessmentError(
                _("A final evaluation is compared with a proposal review or a "
                  "self-assessment of the same project.")
            )
    assessment = Assessment.objects.create(
        project=project, purpose=purpose, assessor=assessor, version=version, created_by=user,
        baseline=baseline, answer_individually_first=individually_first,
    )
    AssessmentEvent.objects.create(
        assessment=assessment, kind=AssessmentEvent.Kind.STARTED, actor=user
    )
    return assessment


def refuse_if_submitted(assessment: Assessment) -> None:
    if assessment.is_submitted:
        raise AssessmentError(
            _("This assessment was submitted and is read-only; the organisation that made it "
              "can reopen it.")
        )


def hold_open_assessment(assessment: Assessment) -> None:
    """Hold a shared lock on the assessment row while an answer is written, and read its
    state afresh.

    Shared locks do not block each other, so people answering different questions save
    in parallel; `submit` (and, in group mode, `group.open_round`) takes an exclusive
    lock, so it waits for saves under way, and a save that comes after it sees the
    assessment submitted (or the own answers opened). (SQLite has no row locks but lets
    one writer at a time, which gives the same guarantee.)
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT status, round_opened_at FROM {Assessment._meta.db_table} "  # noqa: S608
                "WHERE id = %s FOR SHARE",
                [assessment.pk],
            )
            assessment.status, assessment.round_opened_at = cursor.fetchone()
    else:
        assessment.refresh_from_db(fields=["status", "round_opened_at"])
    refuse_if_submitted(assessment)


def _criteria_orders(criteria) -> list[int]:
    return sorted(criterion.order for criterion in criteria)


@transaction.atomic
def save_answer(
    *,
    assessment: Assessment,
    question: Question,
    value: str,
    comment: str,
    criteria: list[Criterion],
    user,
    seen_revision: int | None,
    reason: str = "",
) -> Answer:
    """Save one answer, unless someone else saved it since the user loaded it.

    `seen_revision` is the revision of the answer the user saw (None if there was none).
    `reason`, in group mode: why the team settled on this answer, kept with the change.
    One row per assessment and question, so saves on different questions never conflict.
    Two saves of the same answer do: the second raises AnswerConflict carrying the
    current answer and overwrites nothing. Detection is a conditional update on the
    revision (no row updated means someone saved first) and, for a first answer, the
    unique constraint (a second insert fails).
    """
    if any(criterion.question_id != question.pk for criterion in criteria):
        raise ValueError("criteria of another question")
    hold_open_assessment(assessment)
    new_orders = _criteria_orders(criteria)

    current = (
        Answer.objects.filter(assessment=assessment, question=question)
        .prefetch_related("criteria_met").first()
    )
    if current is None:
        try:
            with transaction.atomic():
                answer = Answer.objects.create(
                    assessment=assessment, question=question, value=value, comment=comment,
                    answered_by=user,
                )
        except IntegrityError:
            raise AnswerConflict(
                Answer.objects.get(assessment=assessment, question=question)
            ) from None
        previous_value, previous_comment, previous_orders, ticked = "", "", [], set()
    else:
        previous_value, previous_comment = current.value, current.comment
        previous_orders = _criteria_orders(current.criteria_met.all())
        unchanged = (previous_value, previous_comment, previous_orders) == (
            value, comment, new_orders)
        if unchanged and not reason:
            return current  # saving what is already there overwrites nothing
        updated = Answer.objects.filter(pk=current.pk, revision=seen_revision).update(
            value=value, comment=comment, answered_by=user, updated_at=timezone.now(),
            revision=F("revision") + 1,
        )
        if not updated:
            raise AnswerConflict(Answer.objects.get(pk=current.pk))
        answer = Answer.objects.get(pk=current.pk)
        ticked = {criterion.pk for criterion in current.criteria_met.all()}

    _tick(answer, was=ticked, now={criterion.pk for criterion in criteria})
    AnswerChange.objects.create(
        answer=answer, changed_by=user,
        previous_value=previous_value, new_value=value,
        previous_comment=previous_comment, new_comment=comment,
        previous_criteria=previous_orders, new_criteria=new_orders, reason=reason,
    )
    return answer


def _tick(answer: Answer, *, was: set[int], now: set[int]) -> None:
    """Write the criteria ticked beside `answer`, from those it had (read with the answer,
    under the revision check): what changed only, without reading them again."""
    ticks = Answer.criteria_met.through
    if was - now:
        ticks.objects.filter(answer=answer, criterion_id__in=was - now).delete()
    if now - was:
        ticks.objects.bulk_create([ticks(answer=answer, criterion_id=pk) for pk in now - was])


def set_feedback_timing(user, timing: str) -> None:
    Profile.objects.update_or_create(user=user, defaults={"feedback_timing": timing})


@transaction.atomic
def submit(assessment: Assessment, *, user) -> None:
    # The exclusive row lock waits for answers being saved and keeps new ones out.
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    refuse_if_submitted(locked)
    missing = Progress.of(locked).missing()
    if missing:
        raise AssessmentError(
            _("Answer every question before submitting. Still unanswered: %(codes)s.")
            % {"codes": ", ".join(question.code for question in missing)}
        )
    now = timezone.now()
    Assessment.objects.filter(pk=locked.pk).update(
        status=Assessment.Status.SUBMITTED, submitted_at=now, submitted_by=user, updated_at=now
    )
    AssessmentEvent.objects.create(
        assessment=locked, kind=AssessmentEvent.Kind.SUBMITTED, actor=user
    )


@transaction.atomic
def reopen(assessment: Assessment, *, user, reason: str) -> None:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.is_submitted:
        raise AssessmentError(_("This assessment is already open."))
    Assessment.objects.filter(pk=locked.pk).update(
        status=Assessment.Status.IN_PROGRESS, submitted_at=None, submitted_by=None,
        updated_at=timezone.now(),
    )
    AssessmentEvent.objects.create(
        assessment=locked, kind=AssessmentEvent.Kind.REOPENED, actor=user, note=reason
    )


@transaction.atomic
def set_shared(assessment: Assessment, *, shared: bool, user) -> None:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if shared == (locked.shared_at is not None):
        return
    Assessment.objects.filter(pk=locked.pk).update(
        shared_at=timezone.now() if shared else None
    )
    AssessmentEvent.objects.create(
        assessment=locked,
        kind=AssessmentEvent.Kind.SHARED if shared else AssessmentEvent.Kind.UNSHARED,
        actor=user,
    )


# People joining and leaving organisations and teams. Admin access follows a curator
# membership (see permissions.sync_secretariat_access), so every change goes through here.


@transaction.atomic
def join_organisation(*, user, organisation: Organisation, role: str) -> Membership:
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    permissions.sync_secretariat_access(user)
    return membership


@transaction.atomic
def save_membership(membership: Membership) -> None:
    """A membership created or changed by hand (the admin): its user's access follows, and
    so does the access of the user it belonged to before, if another."""
    previous_user = (
        Membership.objects.filter(pk=membership.pk).values_list("user", flat=True).first()
        if membership.pk else None
    )
    membership.save()
    permissions.sync_secretariat_access(membership.user)
    if previous_user and previous_user != membership.user_id:
        permissions.sync_secretariat_access(get_user_model().objects.get(pk=previous_user))


@transaction.atomic
def leave_organisation(membership: Membership) -> None:
    membership.delete()
    permissions.sync_secretariat_access(membership.user)


def leave_team(member: TeamMember) -> None:
    member.delete()

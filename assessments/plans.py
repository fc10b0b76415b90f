"""Action plans: the "no" and "partially" answers of an assessment turned into work, and
that work set beside the answers of the final evaluation that followed.

Decides nothing about access (see `permissions.can_plan`); reads a fixed number of queries.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.db import transaction

from .comparison import Change, Progression
from .models import Action, ActionStatus, Assessment, PerspectiveNote, Question
from .progress import Progress
from .results import first_recommendations


@dataclass
class PillarPlan:
    title: str
    actions: list[Action] = field(default_factory=list)


@dataclass(frozen=True)
class Completion:
    total: int
    by_status: dict[str, int]

    @property
    def done(self) -> int:
        return self.by_status.get(ActionStatus.DONE, 0)

    @property
    def dropped(self) -> int:
        return self.by_status.get(ActionStatus.DROPPED, 0)

    @property
    def kept(self) -> int:
        return self.total - self.dropped

    @property
    def percentage_done(self) -> int:
        """Of the actions not dropped, the share done (half up)."""
        return (200 * self.done + self.kept) // (2 * self.kept) if self.kept else 0


@dataclass
class Plan:
    assessment: Assessment
    pillars: list[PillarPlan]

    @property
    def actions(self) -> list[Action]:
        return [action for pillar in self.pillars for action in pillar.actions]

    @property
    def planned_codes(self) -> set[str]:
        return {action.question.code for action in self.actions}

    @property
    def completion(self) -> Completion:
        statuses = Counter(action.status for action in self.actions)
        return Completion(sum(statuses.values()), dict(statuses))

    @cached_property
    def gaps(self) -> list[tuple[Question, str, str]]:
        """The weak answers, each with its value and the title of the first recommendation
        it drew: where new actions start."""
        weak = Progress.of(self.assessment).weak_answers()
        suggestions = first_recommendations(
            [(question, answer.value) for question, answer in weak])
        return [(question, answer.value, suggestions.get(question.code, ""))
                for question, answer in weak]


def plan_of(assessment: Assessment) -> Plan:
    actions = (Action.objects.filter(assessment=assessment)
               .select_related("question__indicator__pillar"))
    pillars: dict[str, PillarPlan] = {}
    for action in actions:
        pillar = action.question.indicator.pillar
        pillars.setdefault(pillar.slug, PillarPlan(pillar.title)).actions.append(action)
    return Plan(assessment=assessment, pillars=list(pillars.values()))


@transaction.atomic
def save_action(action: Action, *, user) -> Action:
    if action.pk is None:
        action.created_by = user
    action.save()
    return action


@dataclass(frozen=True)
class FollowedAction:
    """An action of the baseline's plan, and how its question's answer moved by the final
    evaluation."""

    action: Action
    before: str | None
    after: str | None
    change: Change | None


def followed(progression: Progression) -> tuple[list[FollowedAction], Completion]:
    """The baseline's actions beside the change in the answers they were meant to improve,
    and the plan's completion."""
    plan = plan_of(progression.baseline)
    rows = {row.code: row for row in progression.rows}
    items = []
    for action in plan.actions:
        row = rows.get(action.question.code)
        before, after = (cell.answer.get_value_display() if cell.answer else None
                         for cell in row.cells) if row else (None, None)
        items.append(FollowedAction(action, before, after, row.change if row else None))
    return items, plan.completion


def notes_by_question(project) -> dict[str, list[PerspectiveNote]]:
    """The notes both sides left on the project's questions, oldest first."""
    notes: dict[str, list[PerspectiveNote]] = {}
    for note in project.perspective_notes.select_related("author", "organisation"):
        notes.setdefault(note.code, []).append(note)
    return notes

"""Assessments side by side, and a final evaluation read against its baseline.

A comparison sets two to five assessments beside each other: their scores per indicator,
pillar and overall, then their answers question by question, with the questions answered
differently marked. A progression is a comparison of two, the baseline first and the final
evaluation second, read as what improved, what fell back and what stayed.

Assessments answered on different checklist versions are matched by question code (and
indicators by their code); what one version has and another lacks is listed as not
matched, never guessed.

The assessments come from the caller, already scoped to the user (assessments.permissions):
this module decides nothing about access. It reads two queries whatever the number of
assessments and answers: the questions of the versions involved, and the answers.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import permissions, scoring
from .models import Answer, Assessment, Question
from .results import question_ref

MIN_COMPARED = 2
MAX_COMPARED = 5
# The "compare with…" choice on an assessment's page stays short.
CANDIDATES_SHOWN = 20


class Change(models.TextChoices):
    IMPROVED = "improved", _("Improved")
    FELL_BACK = "fell_back", _("Fell back")
    STAYED = "stayed", _("Stayed")


def change_between(before: int | None, after: int | None) -> Change | None:
    """How a figure moved from `before` to `after`; None when either is missing."""
    if before is None or after is None:
        return None
    if after > before:
        return Change.IMPROVED
    if after < before:
        return Change.FELL_BACK
    return Change.STAYED


@dataclass(frozen=True)
class Column:
    """One compared assessment, numbered from 1 in the order asked."""

    number: int
    assessment: Assessment
    scorecard: scoring.Scorecard

    @property
    def label(self) -> str:
        assessment = self.assessment
        return f"{self.number}. {assessment.project.title} · {assessment.get_purpose_display()}"


@dataclass(frozen=True)
class Cell:
    """One assessment's side of a question: the question as its version words it (None
    when its version has no question of that code), and its answer, if given."""

    column: Column
    question: Question | None
    answer: Answer | None

    @property
    def value(self) -> str | None:
        return self.answer.value if self.answer else None

    @property
    def points(self) -> int | None:
        return scoring.POINTS[self.answer.value] if self.answer else None


@dataclass
class QuestionRow:
    code: str
    question: Question  # as worded in the first version that has it
    cells: list[Cell]

    @property
    def matched(self) -> bool:
        return all(cell.question for cell in self.cells)

    @property
    def differs(self) -> bool:
        """Answered differently by the assessments whose version has the question
        ("not answered" counting as an answer of its own)."""
        values = {cell.value for cell in self.cells if cell.question}
        return len(values) > 1

    @property
    def change(self) -> Change | None:
        """From the first assessment to the second (a progression)."""
        return change_between(self.cells[0].points, self.cells[1].points)


@dataclass(frozen=True)
class ScoreRow:
    """Overall, a pillar or an indicator: each assessment's score (None when its version
    has no such pillar or indicator)."""

    kind: str  # "overall", "pillar" or "indicator"
    code: str  # a pillar's slug, an indicator's code, "" for overall
    title: str
    scores: tuple[scoring.Score | None, ...]

    @property
    def change(self) -> Change | None:
        """From the first assessment to the second, by percentage (versions may differ in
        their number of questions)."""
        before, after = (score.percentage if score else None for score in self.scores[:2])
        return change_between(before, after)


@dataclass(frozen=True)
class UnmatchedQuestion:
    code: str
    text: str
    in_versions: tuple[str, ...]
    missing_from: tuple[str, ...]


@dataclass
class PillarRows:
    slug: str
    title: str
    rows: list[QuestionRow] = field(default_factory=list)


@dataclass
class Comparison:
    columns: list[Column]
    score_rows: list[ScoreRow]
    pillars: list[PillarRows]
    unmatched: list[UnmatchedQuestion]

    @property
    def assessments(self) -> list[Assessment]:
        return [column.assessment for column in self.columns]

    @property
    def series(self) -> list[str]:
        """What names each assessment in a chart's legend."""
        return [column.label for column in self.columns]

    @property
    def versions(self) -> list[str]:
        return list(dict.fromkeys(a.version.label for a in self.assessments))

    @property
    def rows(self) -> list[QuestionRow]:
        return [row for pillar in self.pillars for row in pillar.rows]

    @property
    def differing(self) -> list[QuestionRow]:
        return [row for row in self.rows if row.differs]


@dataclass
class Progression(Comparison):
    """A final evaluation (second column) read against its baseline (first column)."""

    @property
    def baseline(self) -> Assessment:
        return self.columns[0].assessment

    @property
    def final(self) -> Assessment:
        return self.columns[1].assessment

    @property
    def series(self) -> list[str]:
        # Of one project, and never both final evaluations: the purposes tell them apart.
        return [str(self.baseline.get_purpose_display()), str(self.final.get_purpose_display())]

    def _with(self, change) -> list[QuestionRow]:
        return [row for row in self.rows if row.change == change]

    @property
    def improved(self) -> list[QuestionRow]:
        return self._with(Change.IMPROVED)

    @property
    def fell_back(self) -> list[QuestionRow]:
        return self._with(Change.FELL_BACK)

    @property
    def stayed(self) -> list[QuestionRow]:
        return self._with(Change.STAYED)

    @property
    def not_compared(self) -> list[QuestionRow]:
        """Questions unanswered on one side, or not in both versions."""
        return self._with(None)

    @property
    def overall(self) -> ScoreRow:
        return self.score_rows[0]

    @property
    def indicator_rows(self) -> list[ScoreRow]:
        return [row for row in self.score_rows if row.kind != "overall"]


class Disagreement(models.TextChoices):
    STRONG = "strong", _("They disagree")  # yes against no
    MILD = "mild", _("They differ")  # a step apart: yes and partially, partially and no


@dataclass
class Perspectives(Comparison):
    """The partner's self-assessment (first column) beside the city's review (second) of
    the same project."""

    @property
    def partners(self) -> Assessment:
        return self.columns[0].assessment

    @property
    def citys(self) -> Assessment:
        return self.columns[1].assessment

    @staticmethod
    def disagreement(row: QuestionRow) -> Disagreement | None:
        first, second = (cell.points for cell in row.cells)
        if first is None or second is None or first == second:
            return None
        return Disagreement.STRONG if abs(first - second) == 2 else Disagreement.MILD

    @property
    def disagreements(self) -> list[tuple[QuestionRow, Disagreement]]:
        return [(row, level) for row in self.rows
                if (level := self.disagreement(row)) is not None]

    @property
    def indicators_apart(self) -> list[tuple[ScoreRow, int]]:
        """The indicators where the two readings differ, the furthest apart first (by
        percentage points; ties in checklist order)."""
        apart = [
            (row, abs(row.scores[0].percentage - row.scores[1].percentage))
            for row in self.score_rows
            if row.kind == "indicator" and all(row.scores)
        ]
        return sorted([item for item in apart if item[1]], key=lambda item: -item[1])


def compare(assessments: Sequence[Assessment]) -> Comparison:
    """Two to five assessments side by side, in the order given."""
    return _build(Comparison, assessments)


def progression(final: Assessment, baseline: Assessment) -> Progression:
    return _build(Progression, [baseline, final])


def perspectives(partners: Assessment, citys: Assessment) -> Perspectives:
    return _build(Perspectives, [partners, citys])


def _build(kind, assessments: Sequence[Assessment]):
    questions_by_version: dict[int, list[Question]] = {}
    for question in Question.objects.filter(
        indicator__pillar__version__in={a.version_id for a in assessments}
    ).in_checklist_order():
        questions_by_version.setdefault(question.indicator.pillar.version_id, []).append(question)
    answers = {
        (answer.assessment_id, answer.question_id): answer
        for answer in Answer.objects.filter(assessment__in=[a.pk for a in assessments])
    }

    columns = []
    by_code: list[dict[str, Question]] = []
    for number, assessment in enumerate(assessments, start=1):
        questions = questions_by_version.get(assessment.version_id, [])
        by_code.append({question.code: question for question in questions})
        card = scoring.scorecard(
            (question_ref(question) for question in questions),
            {question.code: answers[assessment.pk, question.pk].value for question in questions
             if (assessment.pk, question.pk) in answers},
        )
        columns.append(Column(number, assessment, card))

    # Rows in the first assessment's checklist order; a code only a later version has
    # comes at the end of its pillar.
    pillars: dict[str, PillarRows] = {}
    unmatched = []
    seen = set()
    for codes in by_code:
        for code, first in codes.items():
            if code in seen:
                continue
            seen.add(code)
            pillar = first.indicator.pillar
            cells = []
            for column, questions in zip(columns, by_code, strict=True):
                question = questions.get(code)
                answer = answers.get((column.assessment.pk, question.pk)) if question else None
                cells.append(Cell(column, question, answer))
            row = QuestionRow(code, first, cells)
            pillars.setdefault(pillar.slug, PillarRows(pillar.slug, pillar.title)).rows.append(row)
            if not row.matched:
                unmatched.append(_unmatched(row))
    return kind(
        columns=columns,
        score_rows=_score_rows([column.scorecard for column in columns]),
        pillars=list(pillars.values()),
        unmatched=unmatched,
    )


def _unmatched(row: QuestionRow) -> UnmatchedQuestion:
    present, missing = [], []
    for cell in row.cells:
        (present if cell.question else missing).append(cell.column.assessment.version.label)
    return UnmatchedQuestion(
        row.code, row.question.text, tuple(dict.fromkeys(present)), tuple(dict.fromkeys(missing))
    )


def _score_rows(cards: list[scoring.Scorecard]) -> list[ScoreRow]:
    """Overall first, then each pillar followed by its indicators, in the order the
    versions give them (the first assessment's first)."""
    rows = [ScoreRow("overall", "", str(_("Overall")), tuple(card.overall for card in cards))]
    pillars = {pillar.slug: pillar for card in reversed(cards) for pillar in card.pillars}
    pillar_slugs = list(dict.fromkeys(p.slug for card in cards for p in card.pillars))
    for slug in pillar_slugs:
        in_each = [next((p for p in card.pillars if p.slug == slug), None) for card in cards]
        rows.append(ScoreRow("pillar", slug, pillars[slug].title,
                             tuple(p.score if p else None for p in in_each)))
        titles = {i.code: i.title for p in reversed(in_each) if p for i in p.indicators}
        for code in dict.fromkeys(i.code for p in in_each if p for i in p.indicators):
            scores = tuple(
                next((i.score for i in p.indicators if i.code == code), None) if p else None
                for p in in_each
            )
            rows.append(ScoreRow("indicator", code, titles[code], scores))
    return rows


def candidates(user, assessment: Assessment) -> list[Assessment]:
    """The other assessments the user may set beside `assessment`: those of the same
    city's projects that the user may see, the latest first, a short list."""
    return list(
        permissions.visible_assessments(user)
        .filter(project__city=assessment.project.city_id)
        .exclude(pk=assessment.pk)
        .select_related("project", "assessor")
        .order_by("-created_at")[:CANDIDATES_SHOWN]
    )


def baseline_candidates(user, project) -> models.QuerySet[Assessment]:
    """What a final evaluation of `project` may be read against: the project's proposal
    reviews and self-assessments that the user may see, the latest first."""
    return (
        permissions.visible_assessments(user)
        .filter(project=project)
        .exclude(purpose=Assessment.Purpose.FINAL_EVALUATION)
        .select_related("assessor")
        .order_by("-created_at")
    )


def may_be_baseline(candidate: Assessment, *, project) -> bool:
    """Whatever the user may see: a baseline is of the same project, and not itself a
    final evaluation."""
    return (
        candidate.project_id == project.pk
        and candidate.purpose != Assessment.Purpose.FINAL_EVALUATION
    )

"""The coverage map: where the library is thin compared with what assessors need.

For each of the thirty questions and each weak answer ("no", "partially"): how many
published recommendations and stories serve that cell, and how many published good
practices illustrate that very question (practices of its indicator or pillar fill in
when there are none, but they fit less well), beside how often that answer was given
across the network in the period. The figures are counts only:
no city, organisation or project is named.

A cell stands out ("needs examples") when its answer was given at least as often as the
median of the cells in demand, and fewer than MIN_EXAMPLES stories and good practices
serve it.

Asked for a language (`missing`), each row also counts the published entries serving its
question (its recommendations and stories, the practices illustrating that very question)
that lack a translation into that language: readers of it get those in English.
"""

import csv
import io
import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Answer, Assessment, ChecklistVersion, Question
from checklist_site.languages import lacking
from checklist_site.spreadsheets import safe_cell

from .models import FeedbackEntry, GoodPractice
from .selection import QUESTION, WEAK_ANSWERS, PracticeLinks, PublishedLibrary

MIN_EXAMPLES = 3
PERIODS = {"3": 91, "12": 365, "all": None}  # months shown -> days counted


@dataclass
class Cell:
    answer: str
    demand: int
    recommendations: int
    stories: int
    practices: int
    needs_examples: bool = False

    @property
    def examples(self) -> int:
        return self.stories + self.practices


@dataclass
class Row:
    question: Question
    cells: list[Cell]
    # Published entries serving the question without the language asked for (None: not asked).
    untranslated: int | None = None


def since(period: str):
    days = PERIODS.get(period, PERIODS["12"])
    return timezone.now() - timedelta(days=days) if days else None


def coverage(period: str = "12", *, missing: str = "") -> list[Row]:
    version = ChecklistVersion.objects.latest_published()
    questions = list(
        Question.objects.of_version(version)
    )
    codes = [question.code for question in questions]

    entries = {}
    for item in (
        FeedbackEntry.objects.published().filter(question__code__in=codes)
        .values("question__code", "kind", "applies_to").annotate(count=Count("id"))
    ):
        answers = WEAK_ANSWERS if item["applies_to"] == "both" else (item["applies_to"],)
        for answer in answers:
            key = (item["question__code"], answer, item["kind"])
            entries[key] = entries.get(key, 0) + item["count"]

    links = PublishedLibrary.load().practices
    practices = {
        question.code: sum(1 for link in links if link.closeness(question) == QUESTION)
        for question in questions
    }

    answers = Answer.objects.filter(
        assessment__in=Assessment.objects.of_projects(), question__code__in=codes,
        value__in=WEAK_ANSWERS,
    )
    start = since(period)
    if start is not None:
        answers = answers.filter(updated_at__gte=start)
    demand = {
        (item["question__code"], item["value"]): item["count"]
        for item in answers.values("question__code", "value").annotate(count=Count("id"))
    }

    rows = [
        Row(question, [
            Cell(
                answer=answer,
                demand=demand.get((question.code, answer), 0),
                recommendations=entries.get((question.code, answer, "recommendation"), 0),
                stories=entries.get((question.code, answer, "story"), 0),
                practices=practices[question.code],
            )
            for answer in WEAK_ANSWERS
        ])
        for question in questions
    ]
    _flag_thin_cells([cell for row in rows for cell in row.cells])
    if missing:
        _count_untranslated(rows, links, missing)
    return rows


def _count_untranslated(rows: list[Row], links: tuple[PracticeLinks, ...], language: str) -> None:
    entries = dict(
        FeedbackEntry.objects.published()
        .filter(lacking(FeedbackEntry, language),
                question__code__in=[row.question.code for row in rows])
        .values_list("question__code").annotate(Count("id"))
    )
    practices = set(
        GoodPractice.objects.published().filter(lacking(GoodPractice, language))
        .values_list("pk", flat=True)
    )
    for row in rows:
        row.untranslated = entries.get(row.question.code, 0) + sum(
            1 for link in links
            if link.practice.pk in practices and link.closeness(row.question) == QUESTION
        )


def _flag_thin_cells(cells: list[Cell]) -> None:
    in_demand = [cell.demand for cell in cells if cell.demand]
    if not in_demand:
        return
    threshold = statistics.median(in_demand)
    for cell in cells:
        cell.needs_examples = cell.demand >= threshold and cell.examples < MIN_EXAMPLES


def as_csv(rows: list[Row], *, missing_label: str = "") -> str:
    """The map as CSV; with `missing_label` (the heading of the untranslated entries'
    column), the rows' counts of entries lacking the language asked for."""
    out = io.StringIO()
    writer = csv.writer(out)
    extra = [missing_label] if missing_label else []
    writer.writerow([
        _("question"), _("question text"), _("answer"), _("times given"),
        _("recommendations"), _("stories"), _("good practices"), _("needs examples"), *extra,
    ])
    for row in rows:
        for cell in row.cells:
            writer.writerow([safe_cell(value) for value in (
                row.question.code, row.question.text, cell.answer, cell.demand,
                cell.recommendations, cell.stories, cell.practices,
                _("yes") if cell.needs_examples else _("no"),
                *([row.untranslated] if missing_label else []),
            )])
    return out.getvalue()

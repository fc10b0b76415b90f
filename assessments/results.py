"""Everything the results page and the PDF report show of an assessment, gathered once.

A fixed number of queries whatever the number of answers: the questions of the version,
the answers with their ticked criteria, the feedback of the weak answers, the city's
score bands.
"""

from dataclasses import dataclass, field

from django.db.models import Max

from checklist_site.languages import shown
from feedback_library.selection import (
    Feedback,
    feedback_for_answers,
    library_stamp,
    recommendations_for,
)

from . import scoring
from .group import QuestionSpread, Spread
from .models import Answer, Assessment, Criterion, Pillar, Question, ScoreBand
from .structure import questions_of


@dataclass
class AnsweredQuestion:
    question: Question
    criteria: list[Criterion]
    answer: Answer | None
    criteria_met: set[int]
    feedback: Feedback | None
    # In group mode, for the report: how the members answered alone (anonymised there).
    spread: QuestionSpread | None = None

    @property
    def points(self) -> int | None:
        return scoring.POINTS[self.answer.value] if self.answer else None

    @property
    def ticks_differ(self) -> bool:
        return bool(self.answer) and scoring.ticks_differ(
            self.answer.value, ticked=len(self.criteria_met), total=len(self.criteria)
        )


@dataclass
class PillarSection:
    pillar: Pillar
    score: scoring.Score
    items: list[AnsweredQuestion] = field(default_factory=list)


@dataclass
class AssessmentResults:
    assessment: Assessment
    scorecard: scoring.Scorecard
    sections: list[PillarSection]
    bands: scoring.BandReading

    @property
    def items(self) -> list[AnsweredQuestion]:
        return [item for section in self.sections for item in section.items]

    @property
    def weakest_indicators(self) -> list[scoring.IndicatorScore]:
        return self.scorecard.weakest_indicators(3)


def question_ref(question: Question) -> scoring.QuestionRef:
    indicator = question.indicator
    return scoring.QuestionRef(
        code=question.code,
        indicator_code=indicator.code,
        indicator_title=shown(indicator, "title"),
        pillar_slug=indicator.pillar.slug,
        pillar_title=shown(indicator.pillar, "title"),
    )


def collect_results(assessment: Assessment, *, with_feedback: bool = True,
                    spread: Spread | None = None) -> AssessmentResults:
    questions = questions_of(assessment.version)
    answers = {
        answer.question_id: answer
        for answer in Answer.objects.filter(assessment=assessment)
        .select_related("answered_by")
        .prefetch_related("criteria_met")
    }
    scorecard = scoring.scorecard(
        (question_ref(question) for question in questions),
        {question.code: answers[question.pk].value for question in questions
         if question.pk in answers},
    )
    feedback = feedback_for_answers(
        [(question, answers[question.pk].value) for question in questions
         if question.pk in answers],
        assessment.project,
    ) if with_feedback else {}

    sections: dict[str, PillarSection] = {}
    pillar_scores = {pillar.slug: pillar for pillar in scorecard.pillars}
    for question in questions:
        pillar = question.indicator.pillar
        section = sections.setdefault(
            pillar.slug, PillarSection(pillar, pillar_scores[pillar.slug].score)
        )
        answer = answers.get(question.pk)
        section.items.append(AnsweredQuestion(
            question=question,
            criteria=list(question.criteria.all()),
            answer=answer,
            criteria_met={criterion.pk for criterion in answer.criteria_met.all()}
            if answer else set(),
            feedback=feedback.get(question.code),
            spread=spread.item(question.code) if spread else None,
        ))

    return AssessmentResults(
        assessment=assessment,
        scorecard=scorecard,
        sections=list(sections.values()),
        # A quick check has no city, and so no bands.
        bands=scoring.read_bands(
            scorecard, city_bands(assessment.project.city_id) if assessment.project_id else []
        ),
    )


def city_bands(city_id) -> list[scoring.Band]:
    return [band.as_band() for band in ScoreBand.objects.filter(city=city_id)]


def last_change(assessment: Assessment):
    """When anything shown in the assessment's results last changed.

    Answers are saved without touching the assessment row (so that people answering
    together do not queue on it), hence the latest of both.
    """
    last_answer = Answer.objects.filter(assessment=assessment).aggregate(
        last=Max("updated_at")
    )["last"]
    return max(filter(None, [assessment.updated_at, last_answer]))


def feedback_stamp() -> str:
    """Changes whenever the feedback any answer draws may change (see `library_stamp`)."""
    return library_stamp()


def first_recommendations(items) -> dict[str, str]:
    """For the "no" and "partially" answers among `items` (question, value), the title of
    the first recommendation each draws, by question code: where an action plan starts."""
    return {
        code: feedback.recommendations[0].title
        for code, feedback in recommendations_for(items).items() if feedback.recommendations
    }

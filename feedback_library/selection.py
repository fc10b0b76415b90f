"""Which feedback a "no" or "partially" answer draws, and in which order.

For an answer to a question, the feedback is:

- the published recommendations for that question that apply to exactly that answer
  ("no", "partially", or both);
- the published stories for that question that apply to it, in the same way;
- the published good practices that illustrate the question, its indicator, or another
  indicator of the same pillar, ranked for the project in three tiers:

  1. practices sharing at least one topic area with the project;
  2. then practices of the same indicator (or of the question itself);
  3. then practices of the same pillar.

  Within a tier, a practice tied to the question itself comes before one tied to its
  indicator, which comes before one tied only to the pillar; then the practice sharing
  more of the project's topic areas; then the title, so the order is stable.
  The first PRACTICES_SHOWN are shown; the others are listed, folded, below them.

A "yes" draws nothing. Library entries are matched on question and indicator codes, so
entries written for one checklist version keep serving a later version that keeps its codes.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from assessments.models import Question
from assessments.structure import PILLAR_PREFIX

from .models import FeedbackEntry, GoodPractice

WEAK_ANSWERS = ("no", "partially")
PRACTICES_SHOWN = 3

QUESTION, INDICATOR, PILLAR = 0, 1, 2


@dataclass(frozen=True)
class RankedPractice:
    practice: GoodPractice
    closeness: int  # QUESTION, INDICATOR or PILLAR
    shared_topics: int

    @property
    def tier(self) -> int:
        if self.shared_topics:
            return 1
        return 2 if self.closeness in (QUESTION, INDICATOR) else 3

    def sort_key(self):
        return (self.tier, self.closeness, -self.shared_topics, self.practice.title.lower())


@dataclass
class Feedback:
    recommendations: list[FeedbackEntry] = field(default_factory=list)
    stories: list[FeedbackEntry] = field(default_factory=list)
    practices: list[RankedPractice] = field(default_factory=list)

    def __bool__(self):
        return bool(self.recommendations or self.stories or self.practices)

    @property
    def top_practices(self) -> list[RankedPractice]:
        """The practices shown first; the others are one click away."""
        return self.practices[:PRACTICES_SHOWN]

    @property
    def more_practices(self) -> list[RankedPractice]:
        return self.practices[PRACTICES_SHOWN:]

    def entries(self) -> list[FeedbackEntry]:
        return self.recommendations + self.stories


@dataclass(frozen=True)
class PracticeLinks:
    """What ranking reads of a practice, read once from its prefetched relations."""

    practice: GoodPractice
    question_codes: frozenset[str]
    indicator_codes: frozenset[str]
    topic_ids: frozenset[int]

    @classmethod
    def of(cls, practice: GoodPractice) -> "PracticeLinks":
        return cls(
            practice,
            frozenset(linked.code for linked in practice.questions.all()),
            frozenset(linked.code for linked in practice.indicators.all()),
            frozenset(topic.pk for topic in practice.topic_areas.all()),
        )

    def closeness(self, question: Question) -> int | None:
        """How closely the practice illustrates `question`; None if not at all."""
        if question.code in self.question_codes:
            return QUESTION
        if question.indicator.code in self.indicator_codes:
            return INDICATOR
        prefix = PILLAR_PREFIX[question.indicator.pillar.slug]
        if any(code.startswith(prefix) for code in self.question_codes | self.indicator_codes):
            return PILLAR
        return None


def rank_practices(
    links: Iterable[PracticeLinks], question: Question, project_topic_ids: set[int]
) -> list[RankedPractice]:
    ranked = []
    for practice_links in links:
        how_close = practice_links.closeness(question)
        if how_close is not None:
            shared = len(practice_links.topic_ids & project_topic_ids)
            ranked.append(RankedPractice(practice_links.practice, how_close, shared))
    return sorted(ranked, key=RankedPractice.sort_key)


def published_practices():
    """Every published practice with what ranking reads, in four queries."""
    return GoodPractice.objects.published().prefetch_related(
        "indicators", "questions", "topic_areas"
    )


def _applies(entry: FeedbackEntry, value: str) -> bool:
    return entry.applies_to in (value, FeedbackEntry.AppliesTo.BOTH)


def feedback_for_answers(
    answers: Iterable[tuple[Question, str]],
    project_topic_ids: set[int],
) -> dict[str, Feedback]:
    """Feedback for several answers at once, keyed by question code, in a fixed number of
    queries however many answers there are. Questions need `indicator__pillar` loaded."""
    weak = [(question, value) for question, value in answers if value in WEAK_ANSWERS]
    if not weak:
        return {}
    entries = list(
        FeedbackEntry.objects.published()
        .filter(question__code__in={question.code for question, _ in weak})
        .select_related("question")
        .order_by("kind", "title")
    )
    practices = [PracticeLinks.of(practice) for practice in published_practices()]
    feedback = {}
    for question, value in weak:
        applicable = [
            entry for entry in entries
            if entry.question.code == question.code and _applies(entry, value)
        ]
        feedback[question.code] = Feedback(
            recommendations=[e for e in applicable if e.kind == FeedbackEntry.Kind.RECOMMENDATION],
            stories=[e for e in applicable if e.kind == FeedbackEntry.Kind.STORY],
            practices=rank_practices(practices, question, project_topic_ids),
        )
    return feedback


def feedback_for(question: Question, value: str, project_topic_ids: set[int]) -> Feedback:
    return feedback_for_answers([(question, value)], project_topic_ids).get(
        question.code, Feedback()
    )

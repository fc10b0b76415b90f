"""Scores: yes = 2, partially = 1, no = 0.

Per indicator (0-4), per pillar (0-20) and overall (0-60), each also as a percentage of
what could have been reached. Pure functions over plain values, so they are tested
without a database and give the same figures to the results page and the PDF report.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

POINTS = {"yes": 2, "partially": 1, "no": 0}
MAX_POINTS_PER_QUESTION = 2


def suggested_value(*, ticked: int, total: int) -> str | None:
    """The answer the ticked threshold criteria suggest: all met reads as yes, some as
    partially, none as no. None when the question has no criteria."""
    if total <= 0:
        return None
    if ticked >= total:
        return "yes"
    if ticked > 0:
        return "partially"
    return "no"


def ticks_differ(value: str, *, ticked: int, total: int) -> bool:
    """Whether the ticked criteria suggest another answer than the one given.

    The answer stands: it is what scores. Ticks are the assessor's notes of what they
    checked, shown beside the answer and never read as a verdict on it.
    """
    suggested = suggested_value(ticked=ticked, total=total)
    return suggested is not None and suggested != value


@dataclass(frozen=True)
class Score:
    points: int
    max_points: int
    answered: int
    questions: int

    @property
    def percentage(self) -> int:
        """Rounded half up, so 50.5% reads 51%, as people expect."""
        if not self.max_points:
            return 0
        return (200 * self.points + self.max_points) // (2 * self.max_points)

    @property
    def is_complete(self) -> bool:
        return self.answered == self.questions


@dataclass(frozen=True)
class IndicatorScore:
    code: str
    title: str
    score: Score


@dataclass(frozen=True)
class PillarScore:
    slug: str
    title: str
    score: Score
    indicators: tuple[IndicatorScore, ...]


@dataclass(frozen=True)
class Scorecard:
    overall: Score
    pillars: tuple[PillarScore, ...]

    def weakest_indicators(self, count: int = 3) -> list[IndicatorScore]:
        """The lowest-scoring answered indicators; ties keep checklist order."""
        answered = [
            indicator
            for pillar in self.pillars
            for indicator in pillar.indicators
            if indicator.score.answered
        ]
        return sorted(answered, key=lambda indicator: indicator.score.percentage)[:count]


@dataclass(frozen=True)
class QuestionRef:
    """What scoring needs to know of a question: its place in the checklist."""

    code: str
    indicator_code: str
    indicator_title: str
    pillar_slug: str
    pillar_title: str


def score(answers: Iterable[str | None]) -> Score:
    values = list(answers)
    given = [value for value in values if value is not None]
    return Score(
        points=sum(POINTS[value] for value in given),
        max_points=MAX_POINTS_PER_QUESTION * len(values),
        answered=len(given),
        questions=len(values),
    )


def scorecard(questions: Iterable[QuestionRef], answers: Mapping[str, str]) -> Scorecard:
    """Scores of every indicator, pillar and the whole, from `answers` keyed by question code.

    `questions` come in checklist order; a question without an answer counts towards the
    maximum but adds no points, so an unfinished assessment shows what it has reached.
    """
    pillars: dict[str, dict] = {}
    for question in questions:
        pillar = pillars.setdefault(
            question.pillar_slug, {"title": question.pillar_title, "indicators": {}}
        )
        indicator = pillar["indicators"].setdefault(
            question.indicator_code, {"title": question.indicator_title, "values": []}
        )
        indicator["values"].append(answers.get(question.code))

    pillar_scores = []
    all_values: list[str | None] = []
    for slug, pillar in pillars.items():
        indicator_scores = tuple(
            IndicatorScore(code, indicator["title"], score(indicator["values"]))
            for code, indicator in pillar["indicators"].items()
        )
        values = [value for indicator in pillar["indicators"].values()
                  for value in indicator["values"]]
        all_values.extend(values)
        pillar_scores.append(PillarScore(slug, pillar["title"], score(values), indicator_scores))
    return Scorecard(overall=score(all_values), pillars=tuple(pillar_scores))


@dataclass(frozen=True)
class Band:
    """A city's own reading of a score: a name from an overall percentage, and optionally
    a minimum percentage in some pillars (by slug)."""

    label: str
    min_percentage: int
    pillar_minimums: Mapping[str, int] = field(default_factory=dict)

    def rank(self) -> tuple:
        """Bands climb by their overall threshold, then by how much they ask of pillars."""
        return (self.min_percentage, sum(self.pillar_minimums.values()), self.label)

    def is_reached(self, card: "Scorecard") -> bool:
        return not shortfalls(card, self)


@dataclass(frozen=True)
class Shortfall:
    """Points still missing for a band: overall (pillar None) or in one pillar."""

    pillar: str | None  # a pillar's title, or None for the overall score
    points: int


def points_needed(score: Score, percentage: int) -> int:
    """How many more points `score` needs to read `percentage` or more (0 if it does)."""
    needed = 0
    while (score.points + needed <= score.max_points
           and Score(score.points + needed, score.max_points, score.answered,
                     score.questions).percentage < percentage):
        needed += 1
    return needed


def shortfalls(card: Scorecard, band: Band) -> list[Shortfall]:
    missing = []
    overall = points_needed(card.overall, band.min_percentage)
    if overall:
        missing.append(Shortfall(None, overall))
    for pillar in card.pillars:
        minimum = band.pillar_minimums.get(pillar.slug, 0)
        short = points_needed(pillar.score, minimum)
        if short:
            missing.append(Shortfall(pillar.title, short))
    return missing


@dataclass(frozen=True)
class BandReading:
    reached: Band | None
    next: Band | None
    missing_for_next: list[Shortfall]


def read_bands(card: Scorecard, bands: Iterable[Band]) -> BandReading:
    """The highest band the scores reach, the next one up, and what it still needs."""
    climbing = sorted(bands, key=Band.rank)
    reached = [band for band in climbing if band.is_reached(card)]
    top = reached[-1] if reached else None
    above = [band for band in climbing if top is None or band.rank() > top.rank()]
    following = next((band for band in above if not band.is_reached(card)), None)
    return BandReading(
        reached=top,
        next=following,
        missing_for_next=shortfalls(card, following) if following else [],
    )

"""Figures across the network, for ICC staff: what submitted assessments answer, anonymised.

From the submitted assessments a filter selects (country, city size, topic area, purpose,
round year, period), the database computes the answers given to each question, the
average score of each indicator and pillar, and those scores year by year, in a fixed
number of queries however many assessments there are.

No project, organisation or person is named, and none can be singled out: a figure is
shown only when it rests on at least MIN_ASSESSMENTS assessments from at least MIN_CITIES
cities; otherwise it says "too few to show". This holds for each year of the figures over
time too, so no filter, alone or combined with others, isolates one city's answers.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractYear

from .models import Answer, AnswerValue, Assessment, Indicator, PillarSlug

MIN_ASSESSMENTS = 5
MIN_CITIES = 3

POINTS = Case(
    When(value=AnswerValue.YES, then=Value(2)),
    When(value=AnswerValue.PARTIALLY, then=Value(1)),
    default=Value(0), output_field=IntegerField(),
)


@dataclass(frozen=True)
class Filters:
    country: str = ""
    population_band: str = ""
    topic: str = ""  # a topic area's slug
    purpose: str = ""
    round_year: int | None = None
    submitted_after: object = None  # dates
    submitted_before: object = None

    def apply(self, assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
        conditions = {
            "project__city__country": self.country,
            "project__city__population_band": self.population_band,
            "project__topic_areas__slug": self.topic,
            "purpose": self.purpose,
            "project__funding_round__opens_on__year": self.round_year,
            "submitted_at__date__gte": self.submitted_after,
            "submitted_at__date__lte": self.submitted_before,
        }
        return assessments.filter(**{key: value for key, value in conditions.items()
                                     if value not in ("", None)})


@dataclass(frozen=True)
class Basis:
    """How many assessments and cities a figure rests on, and whether that is enough."""

    assessments: int
    cities: int

    @property
    def shown(self) -> bool:
        return self.assessments >= MIN_ASSESSMENTS and self.cities >= MIN_CITIES


@dataclass(frozen=True)
class Distribution:
    code: str
    yes: int
    partially: int
    no: int

    @property
    def total(self) -> int:
        return self.yes + self.partially + self.no

    def share(self, count: int) -> int:
        return round(100 * count / self.total) if self.total else 0


@dataclass(frozen=True)
class Average:
    key: str  # a pillar's slug or an indicator's code
    points: int
    max_points: int

    @property
    def percentage(self) -> int:
        # Half up, as every score of the site.
        return (200 * self.points + self.max_points) // (2 * self.max_points) \
            if self.max_points else 0


@dataclass
class Year:
    year: int
    basis: Basis
    pillars: dict[str, Average] = field(default_factory=dict)


@dataclass
class NetworkFigures:
    basis: Basis
    distributions: list[Distribution] = field(default_factory=list)
    pillars: list[Average] = field(default_factory=list)
    indicators: list[Average] = field(default_factory=list)
    years: list[Year] = field(default_factory=list)
    indicator_titles: dict[str, str] = field(default_factory=dict)


def submitted(filters: Filters) -> QuerySet[Assessment]:
    return filters.apply(Assessment.objects.filter(status=Assessment.Status.SUBMITTED))


def _basis(assessments: QuerySet[Assessment]) -> Basis:
    figures = assessments.aggregate(
        assessments=Count("pk", distinct=True), cities=Count("project__city", distinct=True)
    )
    return Basis(figures["assessments"], figures["cities"])


def figures(filters: Filters) -> NetworkFigures:
    """The network's figures for `filters`; only the basis when it is too small to show."""
    assessments = submitted(filters)
    basis = _basis(assessments)
    result = NetworkFigures(basis=basis)
    if not basis.shown:
        return result
    answers = Answer.objects.filter(assessment__in=assessments.values("pk"))
    result.distributions = [
        Distribution(row["question__code"], row["yes"], row["partially"], row["no"])
        for row in answers.values("question__code").annotate(
            yes=Count("pk", filter=Q(value=AnswerValue.YES)),
            partially=Count("pk", filter=Q(value=AnswerValue.PARTIALLY)),
            no=Count("pk", filter=Q(value=AnswerValue.NO)),
        ).order_by("question__code")
    ]
    by_indicator = {
        row["question__indicator__code"]: Average(
            row["question__indicator__code"], row["points"], 2 * row["answers"]
        )
        for row in answers.values("question__indicator__code").annotate(
            points=Sum(POINTS), answers=Count("pk")
        )
    }
    result.indicators = [by_indicator[code] for code in sorted(by_indicator, key=_code_order)]
    result.pillars = _pillar_averages(answers)
    result.years = _years(assessments, answers)
    result.indicator_titles = dict(
        Indicator.objects.filter(pillar__version__assessments__in=assessments.values("pk"))
        .order_by("code", "pillar__version__published_at")  # the newest title last
        .values_list("code", "title").distinct()
    )
    return result


def _code_order(code: str) -> tuple:
    return ("DEI".index(code[0]), code[1:])


def _pillar_averages(answers) -> list[Average]:
    rows = {
        row["question__indicator__pillar__slug"]: row
        for row in answers.values("question__indicator__pillar__slug").annotate(
            points=Sum(POINTS), answers=Count("pk")
        )
    }
    return [Average(slug, rows[slug]["points"], 2 * rows[slug]["answers"])
            for slug in PillarSlug.values if slug in rows]


def _years(assessments, answers) -> list[Year]:
    """Each year of submission with its own basis; a year too thin to show keeps only it."""
    years = {
        row["year"]: Year(row["year"], Basis(row["assessments"], row["cities"]))
        for row in assessments.order_by().annotate(year=ExtractYear("submitted_at"))
        .values("year").annotate(assessments=Count("pk", distinct=True),
                  cities=Count("project__city", distinct=True))
    }
    for row in answers.annotate(year=ExtractYear("assessment__submitted_at")).values(
        "year", "question__indicator__pillar__slug"
    ).annotate(points=Sum(POINTS), answers=Count("pk")):
        year = years[row["year"]]
        if year.basis.shown:
            slug = row["question__indicator__pillar__slug"]
            year.pillars[slug] = Average(slug, row["points"], 2 * row["answers"])
    return [years[year] for year in sorted(years)]

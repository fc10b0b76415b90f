"""The portfolio: a city's (or a partner's) assessments side by side, with their scores
and the band each reaches.

To sort or filter by a score or a band, the database computes it, so that the order
covers all the assessments, not one page, in the same few queries with ten or ten
thousand. The figures are those of `scoring`: per answer yes 2, partially 1, no 0; the
maximum is two points per question of the assessment's checklist version, answered or
not; percentages rounded half up. The band is the highest of the city's own bands whose
overall and pillar minimums the scores reach, as `scoring.read_bands` reads it. Tests
hold the SQL to `scoring`.

A page is read in two steps. The list, filtered and sorted, holds the scores as aliases:
the database computes one over all the assessments only when a filter or the sort asks
for it, and the page's ids come out. Each score is a subquery over the assessment's own
answers (through the index on assessment and question): summing all answers in one
grouped join took four times as long on SQLite at 10,000 assessments (see README,
Measurements). Those few assessments are then read with their answers and scored by
`scoring` itself, as their results pages are: building and compiling every figure's SQL
for them took longer than the rest of the page's queries.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import (
    Case,
    Count,
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import permissions, scoring
from .models import (
    Answer,
    Assessment,
    FundingRound,
    Outcome,
    PillarSlug,
    Project,
    Question,
    ScoreBand,
    TopicArea,
)
from .results import question_ref
from .structure import questions_of

PILLARS = tuple(PillarSlug)
OVERALL = "overall"
SCORES = (OVERALL, *PILLARS)


def _answer_points() -> Case:
    return Case(
        *(When(value=value, then=Value(points)) for value, points in scoring.POINTS.items()),
        default=Value(0), output_field=IntegerField(),
    )


def _in_pillar(pillar: str) -> Q:
    return Q(question__in=Question.objects.filter(indicator__pillar__slug=pillar))


def _own_answers():
    """The assessment's answers, as one group (through the index on assessment, question)."""
    return Answer.objects.filter(assessment=OuterRef("pk")).order_by().values("assessment")


def _points(pillar: str | None) -> Coalesce:
    """The points of the assessment's answers (in one pillar)."""
    total = _own_answers().annotate(
        total=Sum(_answer_points(), filter=_in_pillar(pillar) if pillar else None)
    ).values("total")
    return Coalesce(Subquery(total, output_field=IntegerField()), 0)


def question_counts() -> dict[tuple[int, str], int]:
    """How many questions each checklist version has in each pillar (one small query)."""
    return {
        (version, pillar): count
        for version, pillar, count in Question.objects.order_by()
        .values_list("indicator__pillar__version", "indicator__pillar__slug")
        .annotate(count=Count("pk"))
    }


def _max_points(counts: dict[tuple[int, str], int], pillar: str | None) -> Case:
    """Two points per question of the assessment's checklist version (in one pillar),
    written into the SQL: a version's questions never change once it is published."""
    maxima = {version: _maximum(counts, version, pillar) for version, _slug in counts}
    return Case(
        *(When(version=version, then=Value(maximum)) for version, maximum in maxima.items()),
        default=Value(0), output_field=IntegerField(),
    )


def _maximum(counts, version: int, pillar: str | None) -> int:
    return scoring.MAX_POINTS_PER_QUESTION * sum(
        count for (of_version, slug), count in counts.items()
        if of_version == version and pillar in (None, slug)
    )


def _percentage(points: str, max_points: str) -> Case:
    """`scoring.Score.percentage` in SQL: both operands are positive integers, so the
    database's integer division rounds down, as Python's // does."""
    return Case(
        When(**{max_points: 0}, then=Value(0)),
        default=(200 * F(points) + F(max_points)) / (2 * F(max_points)),
        output_field=IntegerField(),
    )


def _band_rank(climbing: list[ScoreBand], counts) -> Expression:
    """The rank (from 1, in `climbing`) of the highest band the assessment reaches among
    those of its project's city; NULL when it reaches none.

    A percentage reaches a minimum from a number of points that depends only on the
    maximum, which the checklist version fixes (`scoring.points_needed` counts them). So
    for each city and version, the bands are comparisons of the sums of points with those
    numbers, all read in one pass over the assessment's answers, rather than each band
    summing the answers again through the percentages.
    """
    if not climbing:
        return Value(None, output_field=IntegerField())
    sums = {score: Sum(_answer_points(), filter=None if score == OVERALL else _in_pillar(score))
            for score in SCORES}
    by_city_and_version = []
    for city in dict.fromkeys(band.city_id for band in climbing):
        for version in dict.fromkeys(version for version, _slug in counts):
            reached, at_zero = [], None
            for rank, band in reversed(list(enumerate(climbing, start=1))):
                if band.city_id != city:
                    continue
                needed = _points_needed(counts, version, band)
                reached.append(When(Q(**{f"{score}__gte": points
                                         for score, points in needed.items()}),
                                    then=Value(rank)))
                if at_zero is None and not any(needed.values()):
                    at_zero = rank
            ranked = _own_answers().annotate(**sums).annotate(
                rank=Case(*reached, default=None, output_field=IntegerField())
            ).values("rank")
            # No answer yet: no group to read; only a band that asks for nothing is reached.
            by_city_and_version.append(When(
                project__city=city, version=version,
                then=Coalesce(Subquery(ranked), Value(at_zero), output_field=IntegerField()),
            ))
    return Case(*by_city_and_version, default=None, output_field=IntegerField())


def _points_needed(counts, version: int, band: ScoreBand) -> dict[str, int]:
    """The points each score needs in `version` to reach `band`'s minimum for it. A pillar
    the version has no question in asks for nothing: `scoring.shortfalls` reads only the
    pillars a scorecard has."""
    needed = {}
    for score, minimum in {OVERALL: band.min_percentage, **band.pillar_minimums}.items():
        maximum = _maximum(counts, version, None if score == OVERALL else score)
        if maximum or score == OVERALL:
            needed[score] = scoring.points_needed(scoring.Score(0, maximum, 0, 0), minimum)
    return needed


def score_expressions(counts, climbing: list[ScoreBand]) -> dict[str, Expression]:
    """`<score>_points`, `<score>_max` and `<score>_percentage` for each of SCORES, and
    `band_rank`; each may use those before it, so they are added in this order."""
    expressions = {}
    for score in SCORES:
        pillar = None if score == OVERALL else score
        expressions[f"{score}_points"] = _points(pillar)
        expressions[f"{score}_max"] = _max_points(counts, pillar)
    for score in SCORES:
        expressions[f"{score}_percentage"] = _percentage(f"{score}_points", f"{score}_max")
    expressions["band_rank"] = _band_rank(climbing, counts)
    return expressions


# The names of score_expressions' figures, known without building them.
FIGURE_NAMES = frozenset({
    *(f"{score}_{part}" for score in SCORES for part in ("points", "max", "percentage")),
    "band_rank",
})


def climbing(bands) -> list[ScoreBand]:
    """Bands from the lowest to the highest, as `scoring.Band.rank` orders them."""
    return sorted(bands, key=lambda band: band.as_band().rank())


def _in_order(field: str, values) -> Case:
    """A field's values ranked as listed (to sort by meaning, not spelling)."""
    return Case(
        *(When(**{field: value}, then=Value(rank)) for rank, value in enumerate(values)),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    sort_by: str = ""  # a field or an alias of the list; empty: not sortable
    highest_first: bool = False  # the first click on its heading sorts descending
    never_empty: bool = False  # sorted without placing empty values (so by the index)


SCORE_LABELS = {OVERALL: _("Overall"), **{pillar: pillar.label for pillar in PillarSlug}}

COLUMNS = (
    Column("title", _("Project"), "project__title"),
    Column("runner", _("Run by"), "project__organisation__name"),
    Column("round", _("Funding round"), "project__funding_round__name"),
    Column("topics", _("Topic areas"), "first_topic_order"),
    Column("purpose", _("Purpose"), "purpose_order"),
    Column("status", pgettext_lazy("of an assessment", "Status"), "status_order"),
    Column("started", _("Started"), "created_at", highest_first=True, never_empty=True),
    Column("submitted", _("Submitted"), "submitted_at", highest_first=True),
    *(Column(score, SCORE_LABELS[score], f"{score}_percentage", highest_first=True)
      for score in SCORES),
    Column("band", _("Band reached"), "band_rank", highest_first=True),
    Column("decision", _("Decision"), "decision_order"),
)
LABELS = {column.key: column.label for column in COLUMNS}
SORTABLE = {column.key: column for column in COLUMNS if column.sort_by}
DEFAULT_SORT = "-started"
DECISIONS_IN_ORDER = [Outcome.FUNDED, Outcome.FUNDED_WITH_CONDITIONS, Outcome.PENDING,
                      Outcome.NOT_FUNDED]


def _valid_sort(sort: str | None) -> str:
    return sort if sort and sort.lstrip("-") in SORTABLE else DEFAULT_SORT


def ordering(sort: str | None) -> list:
    """ORDER BY for a sort key ("equality", "-equality"): empty values last whichever the
    direction, then the newest first, so that pages never overlap."""
    sort = _valid_sort(sort)
    column = SORTABLE[sort.lstrip("-")]
    nulls_last = None if column.never_empty else True
    field = F(column.sort_by)
    first = (field.desc(nulls_last=nulls_last) if sort.startswith("-")
             else field.asc(nulls_last=nulls_last))
    return [first, F("created_at").desc(), F("pk").desc()]


@dataclass(frozen=True)
class Header:
    column: Column
    query: str | None  # the query string that sorts by this column; None: not sortable
    direction: str | None  # "ascending" or "descending" when the list is sorted by it


def sort_headers(params: QueryDict, sort: str | None) -> list[Header]:
    """The table's headings; each sortable one links to the same filters sorted by it (the
    other way round if already sorted by it), from the first page."""
    sort = _valid_sort(sort)
    headers = []
    for column in COLUMNS:
        if not column.sort_by:
            headers.append(Header(column, None, None))
            continue
        direction = None
        if sort.lstrip("-") == column.key:
            direction = "descending" if sort.startswith("-") else "ascending"
        descending = direction == "ascending" or (direction is None and column.highest_first)
        query = params.copy()
        query.pop("page", None)
        query["sort"] = f"-{column.key}" if descending else column.key
        headers.append(Header(column, query.urlencode(), direction))
    return headers


@dataclass(frozen=True)
class Figure:
    label: str
    points: int
    max_points: int
    percentage: int


@dataclass
class Portfolio:
    """A user's portfolio: the list to filter and sort, and the choices its filters offer.

    A filter or the sort that needs a figure adds it to `assessments` (`using`), so that
    the database computes it over every assessment only then; `rows` reads one page's
    assessments and scores them with `scoring`, as their results pages do.
    """

    assessments: QuerySet[Assessment]
    bands: list[ScoreBand]  # of the cities concerned, climbing: a band's rank is its place
    rounds: QuerySet[FundingRound]

    @cached_property
    def figures(self) -> dict[str, Expression]:
        """The figures in SQL, for a sort or a filter: built only when one asks (building
        and compiling them took 12 ms of a page that showed them only)."""
        return score_expressions(question_counts(), self.bands)

    def band_labels(self) -> list[str]:
        """Each label once, highest band first (two cities may share a label)."""
        return list(dict.fromkeys(band.label for band in reversed(self.bands)))

    def ranks_labelled(self, label: str) -> list[int]:
        return [rank for rank, band in enumerate(self.bands, start=1) if band.label == label]

    def using(self, assessments: QuerySet[Assessment], *names: str) -> QuerySet[Assessment]:
        """`assessments` with the figures `names`, and those they are computed from."""
        needed = []
        for name in names:
            if name.endswith("_percentage"):
                score = name.removesuffix("_percentage")
                needed += [f"{score}_points", f"{score}_max"]
            needed.append(name)
        return assessments.alias(**{
            name: self.figures[name] for name in needed
            if name not in assessments.query.annotations
        })

    def sorted(self, assessments: QuerySet[Assessment], sort: str | None):
        sort_by = SORTABLE[_valid_sort(sort).lstrip("-")].sort_by
        if sort_by in FIGURE_NAMES:
            assessments = self.using(assessments, sort_by)
        return assessments.order_by(*ordering(sort))

    def rows(self, ids: list[int]) -> list[Assessment]:
        """The assessments `ids`, in that order, each with `figures` (a `Figure` per score),
        `band`, `decision_label` and `topic_areas`: three queries, whatever the number
        (and the questions of a version the process has not kept yet, `questions_of`).

        The figures are `scoring`'s, from the answers: the SQL of `figures` gives the same
        (tests hold them together), but building it for a page cost more than the page.
        """
        found = (
            Assessment.objects.filter(pk__in=ids)
            .select_related("project__organisation", "project__funding_round", "version")
            .annotate(decision_outcome=F("project__decision__outcome"))
            .in_bulk()
        )
        assessments = [found[pk] for pk in ids if pk in found]
        values = defaultdict(dict)
        for assessment_id, question_id, value in Answer.objects.filter(
            assessment__in=[assessment.pk for assessment in assessments]
        ).values_list("assessment_id", "question_id", "value"):
            values[assessment_id][question_id] = value
        topics = defaultdict(list)
        for link in (
            Project.topic_areas.through.objects
            .filter(project__in={assessment.project_id for assessment in assessments})
            .select_related("topicarea").order_by("topicarea__order")
        ):
            topics[link.project_id].append(link.topicarea)
        # Worded once for the page, not once per row: a lazy label is translated anew
        # each time it is shown.
        score_labels = {score: str(label) for score, label in SCORE_LABELS.items()}
        versions = {assessment.version_id: assessment.version for assessment in assessments}
        questions = {
            pk: [(question.pk, question_ref(question)) for question in questions_of(version)]
            for pk, version in versions.items()
        }
        bands = defaultdict(list)  # each city's own
        for band in self.bands:
            bands[band.city_id].append(band.as_band())
        for assessment in assessments:
            answered = values[assessment.pk]
            card = scoring.scorecard(
                (ref for _pk, ref in questions[assessment.version_id]),
                {ref.code: answered[pk] for pk, ref in questions[assessment.version_id]
                 if pk in answered},
            )
            scores = {OVERALL: card.overall,
                      **{pillar.slug: pillar.score for pillar in card.pillars}}
            assessment.figures = [
                Figure(label, *_figure(scores.get(score, scoring.score([]))))
                for score, label in score_labels.items()
            ]
            assessment.band = scoring.read_bands(card, bands[assessment.project.city_id]).reached
            assessment.decision_label = (Outcome(assessment.decision_outcome).label
                                         if assessment.decision_outcome else "")
            assessment.topic_areas = topics[assessment.project_id]
        return assessments


def _figure(score: scoring.Score) -> tuple[int, int, int]:
    return score.points, score.max_points, score.percentage


def portfolio_of(user) -> Portfolio:
    """The user's portfolio (`permissions.portfolio_assessments` says which rows)."""
    projects = permissions.visible_projects(user)
    bands = climbing(ScoreBand.objects.filter(city__in=projects.values("city")))
    assessments = (
        permissions.portfolio_assessments(user)
        .alias(
            purpose_order=_in_order("purpose", Assessment.Purpose.values),
            status_order=_in_order("status", Assessment.Status.values),
            decision_order=_in_order("project__decision__outcome", DECISIONS_IN_ORDER),
            first_topic_order=Subquery(
                TopicArea.objects.filter(projects=OuterRef("project"))
                .order_by("order").values("order")[:1]
            ),
        )
        .order_by(*ordering(None))
    )
    # Whether a round has a project, not a join with the projects: with 10,000 of them the
    # join and its DISTINCT took 16 ms of each portfolio page, this takes under 1.
    rounds = FundingRound.objects.filter(
        Q(Exists(projects.filter(funding_round=OuterRef("pk"))))
        | Q(pk__in=permissions.visible_rounds(user).values("pk"))
    ).order_by("-opens_on", "name")
    return Portfolio(assessments, bands, rounds)

"""Which feedback a "no" or "partially" answer draws, and in which order.

For an answer to a question, the feedback is:

- the published recommendations for that question that apply to exactly that answer
  ("no", "partially", or both);
- the published stories for that question that apply to it, in the same way;
- the published good practices that illustrate the question, its indicator, or another
  indicator of the same pillar, ranked for the project.

Relevance to the question comes first. Practices fall in three tiers:

  1. practices written for the question itself;
  2. practices about its indicator (linked to the indicator, or to its other question);
  3. practices about another indicator of the same pillar.

The project orders practices *within* a tier and never lifts one out of its tier: a
practice written for the question always comes before a pillar-wide one, whatever topics
they share with the project. Within a tier, the order is, one key after the other:

  a. more topic areas shared with the project first;
  b. then the practice whose text (title, summary, purpose, rationale, process) is closer
     to the project's title, summary and target groups: PostgreSQL's full-text rank
     (stemmed, title weighing most) where the database is PostgreSQL, elsewhere the
     number of words they share (of four letters or more, common ones left out);
  c. then a practice from a city of the same population band as the project's city;
  d. then one from the same country;
  e. then the title, then the slug, so the order is stable.

The first PRACTICES_SHOWN are shown; the others are listed, folded, below them. Each
practice says in a few words why it is shown: its tier ("written for E2.1", "about
indicator E2", "same pillar"), each topic area it shares with the project, "among the
closest to your project's description" for the CLOSEST_TEXTS practices of the question
whose text is closest (nearly every practice shares a word or two with a project, which is
no reason), "a city of your size", "same country".

A "yes" draws nothing. Library entries are matched on question and indicator codes, so
entries written for one checklist version keep serving a later version that keeps its codes.
The whole computation takes a fixed number of queries however many answers there are. The
published library (entries, practices and their links) is read once per process and
language until a curator changes it (checklist_site.content_cache); so are the text ranks
of each project's words.
"""

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Count, F, Max, Q, QuerySet, Sum, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

from assessments.models import Project, Question, TopicArea
from assessments.structure import PILLAR_PREFIX
from checklist_site import content_cache
from checklist_site.languages import shown, with_passages

from .models import FeedbackEntry, GoodPractice, Status

WEAK_ANSWERS = ("no", "partially")
PRACTICES_SHOWN = 3
CLOSEST_TEXTS = 3

QUESTION, INDICATOR, PILLAR = 1, 2, 3

# The PostgreSQL text-search configuration for each language of the site's content.
SEARCH_CONFIGS = {"en": "english", "fr": "french"}
# Short words and these common ones (and "project" or "city", found in any text here) say
# nothing about what a project is about; PostgreSQL drops its own stop words as well.
MIN_WORD_LENGTH = 4
COMMON_WORDS = frozenset((
    "project", "projects", "projet", "projets", "city", "cities", "ville", "villes", "does",
    "about", "after", "also", "been", "from", "have", "into", "more", "other", "over", "some",
    "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those",
    "were", "what", "when", "where", "which", "while", "will", "with", "your", "avec", "dans",
    "elle", "elles", "leur", "leurs", "mais", "nous", "pour", "sont", "tous", "tout", "cette",
    "vous",
))
PRACTICE_TEXT_FIELDS = ("title", "summary", "purpose", "rationale", "process")


def words(text: str) -> frozenset[str]:
    """The words of `text` that can tell what it is about, in lower case."""
    return frozenset(
        word for word in re.findall(r"[^\W_]+", text.casefold())
        if len(word) >= MIN_WORD_LENGTH and word not in COMMON_WORDS
    )


@dataclass(frozen=True)
class ProjectContext:
    """What ranking reads of a project, read once for all the answers of a page."""

    topics: tuple[TopicArea, ...] = ()
    words: frozenset[str] = frozenset()
    population_band: str = ""
    country: str = ""

    @classmethod
    def of(cls, project: Project) -> "ProjectContext":
        """One query (the topic areas); load the project's city with the project."""
        city = project.city
        return cls(
            topics=tuple(project.topic_areas.all()),
            words=words(" ".join((project.title, project.summary, project.target_groups))),
            population_band=city.population_band,
            country=city.country.code or "",
        )

    @property
    def topic_ids(self) -> frozenset[int]:
        return frozenset(topic.pk for topic in self.topics)

    @property
    def key(self) -> tuple:
        """All that ranking and its reasons read of the project."""
        return (tuple((topic.pk, topic.name) for topic in self.topics), self.words,
                self.population_band, self.country)


@dataclass(frozen=True)
class PracticeLinks:
    """What ranking reads of a practice, read once from its prefetched relations."""

    practice: GoodPractice
    question_codes: frozenset[str]
    indicator_codes: frozenset[str]
    topic_ids: frozenset[int]
    # The words of its text, for databases without full-text search.
    words: frozenset[str]
    title_key: str  # its title as sorted, in the language it was read in

    @classmethod
    def of(cls, practice: GoodPractice) -> "PracticeLinks":
        return cls(
            practice,
            frozenset(linked.code for linked in practice.questions.all()),
            frozenset(linked.code for linked in practice.indicators.all()),
            frozenset(topic.pk for topic in practice.topic_areas.all()),
            words(" ".join(getattr(practice, name) or "" for name in PRACTICE_TEXT_FIELDS)),
            practice.title.casefold(),
        )

    def closeness(self, question: Question) -> int | None:
        """The tier of the practice for `question`; None if it does not illustrate it."""
        if question.code in self.question_codes:
            return QUESTION
        indicator = question.indicator.code
        if indicator in self.indicator_codes or any(
            code.split(".")[0] == indicator for code in self.question_codes
        ):
            return INDICATOR
        prefix = PILLAR_PREFIX[question.indicator.pillar.slug]
        if any(code.startswith(prefix) for code in self.question_codes | self.indicator_codes):
            return PILLAR
        return None


@dataclass(frozen=True)
class ProjectFit:
    """How close a practice is to the project, whatever the question."""

    shared_topics: tuple[TopicArea, ...] = ()
    text_closeness: float = 0.0
    same_size: bool = False
    same_country: bool = False

    @classmethod
    def of(cls, links: PracticeLinks, project: ProjectContext,
           text_rank: float | None = None) -> "ProjectFit":
        """`text_rank`: the full-text rank, where the database gives one; else the number
        of words the texts share."""
        practice = links.practice
        if text_rank is None:
            text_rank = len(project.words & links.words)
        return cls(
            shared_topics=tuple(t for t in project.topics if t.pk in links.topic_ids),
            text_closeness=float(text_rank),
            same_size=bool(practice.city_size)
            and practice.city_size == project.population_band,
            same_country=bool(project.country) and practice.country.code == project.country,
        )


@dataclass(frozen=True)
class RankedPractice:
    practice: GoodPractice
    tier: int  # QUESTION, INDICATOR or PILLAR
    question: Question  # the question answered, for the reasons
    fit: ProjectFit = ProjectFit()
    # Whether its text is one of the CLOSEST_TEXTS closest to the project's, of all the
    # practices for the question: most practices share a word or two with any project
    # ("residents", "community"), which alone is no reason worth showing.
    among_closest_texts: bool = False

    @property
    def reasons(self) -> list[str]:
        """Why the practice is shown, in a few words each, most telling first."""
        if self.tier == QUESTION:
            reasons = [_("written for %(code)s") % {"code": self.question.code}]
        elif self.tier == INDICATOR:
            reasons = [_("about indicator %(code)s") % {"code": self.question.indicator.code}]
        else:
            reasons = [_("same pillar")]
        reasons += [with_passages(_("same topic: %(topic)s"), topic=shown(topic, "name"))
                    for topic in self.fit.shared_topics]
        if self.among_closest_texts:
            reasons.append(_("among the closest to your project's description"))
        if self.fit.same_size:
            reasons.append(_("a city of your size"))
        if self.fit.same_country:
            reasons.append(_("same country"))
        return reasons


@dataclass
class Feedback:
    recommendations: list[FeedbackEntry] = field(default_factory=list)
    stories: list[FeedbackEntry] = field(default_factory=list)
    practices: list[RankedPractice] = field(default_factory=list)
    # Beside the library, all that decides this feedback: the question's code, the answer
    # and the project's ProjectContext.key (None for no answer's feedback).
    shown_for: tuple | None = field(default=None, compare=False)

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


def rank_practices(
    tiered: list[tuple[PracticeLinks, int, ProjectFit]], question: Question
) -> list[RankedPractice]:
    """`tiered`: the practices that illustrate `question`, each with its tier and fit."""
    closest = sorted((fit.text_closeness for *_rest, fit in tiered), reverse=True)
    # A text tied with the last of the closest is among them too; one sharing no word, never.
    bar = min((value for value in closest[:CLOSEST_TEXTS] if value > 0), default=None)
    return [
        RankedPractice(
            links.practice, tier, question, fit,
            among_closest_texts=bar is not None and fit.text_closeness >= bar,
        )
        for links, tier, fit in sorted(tiered, key=_in_rank_order)
    ]


def _in_rank_order(item: tuple[PracticeLinks, int, ProjectFit]):
    links, tier, fit = item
    return (
        tier, -len(fit.shared_topics), -fit.text_closeness,
        not fit.same_size, not fit.same_country, links.title_key, links.practice.slug,
    )


def published_practices():
    """Every published practice with what ranking reads, in four queries."""
    return GoodPractice.objects.published().prefetch_related(
        "indicators", "questions", "topic_areas"
    )


# Text ranks kept per library, for the projects last read: a few thousand floats each.
RANKED_PROJECTS_KEPT = 1000


@dataclass(frozen=True)
class PublishedLibrary:
    """What selection reads of the published library, in the active language."""

    # Recommendations and stories by question code, each list by kind and title.
    entries: dict[str, tuple[FeedbackEntry, ...]]
    practices: tuple[PracticeLinks, ...]
    # The text ranks of the practices for a project's words (see text_ranks), kept with
    # the library they were computed on, the least recently read dropped first. Here
    # rather than as values of content_cache of their own: those would read the stamp
    # again on each call outside a request.
    _ranks: OrderedDict = field(default_factory=OrderedDict, compare=False, repr=False)
    _ranks_lock: threading.Lock = field(default_factory=threading.Lock, compare=False,
                                        repr=False)
    # The practices that illustrate each question code, with their tier (see illustrating).
    _tiers: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls) -> "PublishedLibrary":
        """Read once per process and language, until a curator changes the library."""
        return content_cache.kept(("published-library", get_language()), cls._read)

    @classmethod
    def _read(cls) -> "PublishedLibrary":
        entries: dict[str, list[FeedbackEntry]] = {}
        for entry in (FeedbackEntry.objects.published().select_related("question")
                      .order_by("kind", "title")):
            entries.setdefault(entry.question.code, []).append(entry)
        return cls(
            {code: tuple(listed) for code, listed in entries.items()},
            tuple(PracticeLinks.of(practice) for practice in published_practices()),
        )

    def illustrating(self, question: Question) -> tuple[tuple[PracticeLinks, int], ...]:
        """The practices that illustrate `question`, each with its tier: the same for every
        project, so worked out once per question code while the library stays the same (a
        results page asks for up to thirty questions)."""
        tiered = self._tiers.get(question.code)
        if tiered is None:
            # Two threads may both work it out; either is right.
            tiered = self._tiers[question.code] = tuple(
                (links, tier) for links in self.practices
                if (tier := links.closeness(question)) is not None
            )
        return tiered

    def text_ranks(self, project: "ProjectContext") -> dict[int, float]:
        """On PostgreSQL, the full-text rank of each published practice's text against the
        project's words, by practice pk: computed once per project's words (and language)
        while the library stays the same. Elsewhere empty: ProjectFit counts shared words."""
        if connections[GoodPractice.objects.db].vendor != "postgresql" or not project.words:
            return {}
        with self._ranks_lock:
            ranks = self._ranks.get(project.words)
            if ranks is not None:
                self._ranks.move_to_end(project.words)
                return ranks
        ranks = dict(
            with_text_rank(GoodPractice.objects.published(), project)
            .values_list("pk", "text_rank")
        )
        with self._ranks_lock:
            self._ranks[project.words] = ranks
            while len(self._ranks) > RANKED_PROJECTS_KEPT:
                self._ranks.popitem(last=False)
        return ranks


def _in_shown_language(name: str):
    """A translated field as the page shows it: the active language, else its fallbacks."""
    columns = [
        NullIf(F(build_localized_fieldname(name, language)), Value(""))
        for language in resolution_order(get_language())
    ]
    return Coalesce(*columns, Value(""), output_field=TextField())


def with_text_rank(practices: QuerySet, project: ProjectContext) -> QuerySet:
    """On PostgreSQL, annotate each practice with the full-text rank of its text against
    the project's words (any of them; more, and in the title, rank higher). Elsewhere,
    unchanged."""
    if connections[practices.db].vendor != "postgresql" or not project.words:
        return practices
    config = SEARCH_CONFIGS.get(get_language(), "simple")
    title, summary, *details = PRACTICE_TEXT_FIELDS
    vector = (
        SearchVector(_in_shown_language(title), weight="A", config=config)
        + SearchVector(_in_shown_language(summary), weight="B", config=config)
        + SearchVector(*map(_in_shown_language, details), weight="C", config=config)
    )
    # Words are letters and digits only, so joined with "|" they make a valid query.
    query = SearchQuery(" | ".join(sorted(project.words)), search_type="raw", config=config)
    return practices.annotate(text_rank=SearchRank(vector, query))


def library_stamp() -> str:
    """Changes whenever a feedback entry or a good practice is added, changed or removed:
    what any answer draws can only change with it."""
    parts = []
    for model in (FeedbackEntry, GoodPractice):
        figures = model.objects.aggregate(
            last=Max("updated_at"), count=Count("pk"), edits=Sum("edit_count"),
            published=Count("pk", filter=Q(status=Status.PUBLISHED)),
        )
        last = figures["last"].timestamp() if figures["last"] else ""
        parts.append(f"{last}/{figures['count']}/{figures['edits']}/{figures['published']}")
    return "|".join(parts)


def _applies(entry: FeedbackEntry, value: str) -> bool:
    return entry.applies_to in (value, FeedbackEntry.AppliesTo.BOTH)


def recommendations_for(answers: Iterable[tuple[Question, str]]) -> dict[str, Feedback]:
    """The recommendations and stories (no practices) the weak answers among `answers`
    draw, by question code, read from the published library kept in this process."""
    weak = [(question, value) for question, value in answers if value in WEAK_ANSWERS]
    if not weak:
        return {}
    library = PublishedLibrary.load()
    return {question.code: _entries_feedback(library.entries.get(question.code, ()), value)
            for question, value in weak}


def _entries_feedback(entries: Iterable[FeedbackEntry], value: str, **more) -> Feedback:
    """The feedback of a question's `entries` (by kind and title) for the answer `value`."""
    applicable = [entry for entry in entries if _applies(entry, value)]
    return Feedback(
        recommendations=[e for e in applicable if e.kind == FeedbackEntry.Kind.RECOMMENDATION],
        stories=[e for e in applicable if e.kind == FeedbackEntry.Kind.STORY],
        **more,
    )


def feedback_for_answers(
    answers: Iterable[tuple[Question, str]], project: Project | None
) -> dict[str, Feedback]:
    """Feedback for several answers to the checklist for `project`, keyed by question code,
    in a fixed number of queries however many answers there are. Questions need
    `indicator__pillar` loaded, the project its `city`. Without a project (a quick check),
    practices keep the order of their tiers, with nothing to rank them for."""
    weak = [(question, value) for question, value in answers if value in WEAK_ANSWERS]
    if not weak:
        return {}
    library = PublishedLibrary.load()
    context = ProjectContext.of(project) if project else ProjectContext()
    ranks = library.text_ranks(context)
    illustrating = {question.code: library.illustrating(question) for question, _value in weak}
    # How each practice fits the project, worked out once for all the questions it serves.
    needed = {links.practice.pk: links
              for tiered in illustrating.values() for links, _tier in tiered}
    fits = {pk: ProjectFit.of(links, context, ranks.get(pk)) for pk, links in needed.items()}
    feedback = {}
    for question, value in weak:
        tiered = [(links, tier, fits[links.practice.pk])
                  for links, tier in illustrating[question.code]]
        feedback[question.code] = _entries_feedback(
            library.entries.get(question.code, ()), value,
            practices=rank_practices(tiered, question),
            shown_for=(question.code, value, context.key),
        )
    return feedback


def feedback_for(question: Question, value: str, project: Project | None) -> Feedback:
    return feedback_for_answers([(question, value)], project).get(question.code, Feedback())

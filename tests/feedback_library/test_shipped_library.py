"""The library shipped in fixtures/: no weak answer is ever left without feedback."""

import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from assessments.models import ChecklistVersion, Indicator, Question
from feedback_library.coverage import MIN_EXAMPLES, coverage
from feedback_library.models import FeedbackEntry, GoodPractice, Status

pytestmark = pytest.mark.django_db

QUESTIONS = [
    f"{prefix}{indicator}.{number}"
    for prefix in "DEI" for indicator in range(1, 6) for number in (1, 2)
]

# Europe: the 46 member states of the Council of Europe, and the other European countries
# and territories (Belarus, Russia, the Holy See, Kosovo, Åland, the Faroes, the Crown
# dependencies, Gibraltar, Svalbard).
COUNCIL_OF_EUROPE_MEMBERS = frozenset({
    "AD", "AL", "AM", "AT", "AZ", "BA", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES",
    "FI", "FR", "GB", "GE", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC",
    "MD", "ME", "MK", "MT", "NL", "NO", "PL", "PT", "RO", "RS", "SE", "SI", "SK", "SM", "TR",
    "UA",
})
EUROPE = COUNCIL_OF_EUROPE_MEMBERS | {
    "AX", "BY", "FO", "GG", "GI", "IM", "JE", "RU", "SJ", "VA", "XK",
}

# A site's front door rather than a page about the practice: no path beyond a language
# ("/en/") or an index file ("/index.html"), and no query string.
_FRONT_DOOR = re.compile(
    r"(?:[a-z]{2}(?:[-_][a-z]{2})?/?)?(?:(?:index|default|home)(?:\.\w+)?)?", re.IGNORECASE
)


def is_home_page(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.query and bool(_FRONT_DOOR.fullmatch(parts.path.strip("/")))


@pytest.mark.parametrize("code", QUESTIONS)
@pytest.mark.parametrize("answer", ["no", "partially"])
def test_every_question_has_published_recommendations_for_no_and_partially(code, answer):
    recommendations = FeedbackEntry.objects.published().filter(
        question__indicator__pillar__version__label="2021.1", question__code=code,
        kind=FeedbackEntry.Kind.RECOMMENDATION, applies_to__in=[answer, "both"],
    )

    assert recommendations.exists()


def test_the_library_holds_at_least_ten_stories_and_thirty_practices():
    assert FeedbackEntry.objects.published().filter(kind="story").count() >= 10
    assert GoodPractice.objects.published().count() >= 30


def test_every_good_practice_has_a_place_and_a_source():
    for practice in GoodPractice.objects.all():
        assert practice.country, practice.slug
        if practice.scope != GoodPractice.Scope.NATIONAL:
            assert practice.city, f"{practice.slug} names no city or region"
        assert practice.source_title.strip(), f"{practice.slug} names no source"
        assert practice.period.strip(), practice.slug
        assert practice.status == Status.PUBLISHED


def test_house_of_one_dates_its_excavations_and_names_the_church_it_replaces():
    practice = GoodPractice.objects.get(slug="berlin-house-of-one")

    assert "between 2007 and 2015" in practice.rationale
    assert "one of Berlin-Cölln's first churches" in practice.summary
    assert "Berlin's first church" not in practice.summary


def test_every_indicator_is_illustrated_by_a_practice():
    codes = set(
        GoodPractice.objects.published().values_list("indicators__code", flat=True)
    )

    assert {code[:2] for code in QUESTIONS} <= codes


def test_library_entries_point_at_the_shipped_checklist():
    assert not FeedbackEntry.objects.exclude(
        question__in=Question.objects.filter(indicator__pillar__version__label="2021.1")
    ).exists()


@pytest.mark.parametrize("url, home", [
    ("https://house-of-one.org/", True),
    ("https://www.gitanos.org", True),
    ("https://www.example.org/en/", True),
    ("https://www.example.org/index.html", True),
    ("https://www.example.org/fr", True),
    ("https://www.visitberlin.de/en/house-one-planning", False),
    ("http://internationale-gaerten.de/?page_id=1808", False),
])
def test_a_home_page_is_told_from_a_page_about_the_practice(url, home):
    assert is_home_page(url) is home


def test_every_good_practice_names_a_page_that_a_reader_can_open():
    for practice in GoodPractice.objects.published():
        parts = urlsplit(practice.source_url)
        assert parts.scheme in {"http", "https"} and parts.netloc, (
            f"{practice.slug} has no source link"
        )
        assert not is_home_page(practice.source_url), (
            f"{practice.slug} links to a home page: {practice.source_url}"
        )


def test_the_library_holds_at_least_seventy_five_practices():
    assert GoodPractice.objects.published().count() >= 75


def test_at_least_fifteen_practices_come_from_outside_europe():
    countries = GoodPractice.objects.published().values_list("country", flat=True)

    assert sum(1 for country in countries if country not in EUROPE) >= 15


def test_every_question_of_the_latest_version_has_three_practices_written_for_it():
    rows = coverage(period="all")
    thin = {
        row.question.code: row.cells[0].practices
        for row in rows if row.cells[0].practices < MIN_EXAMPLES
    }

    assert len(rows) == len(QUESTIONS)
    assert thin == {}


# A Markdown link to an absolute address: [title](https://...).
_LINK = re.compile(r"\[[^\]]+\]\((https?://[^)\s]+)\)")


def closing_source_line(body: str) -> str:
    """The last paragraph of a story, where it names its source."""
    return body.strip().split("\n\n")[-1].strip("* ")


def test_every_story_ends_by_naming_its_source_as_a_link_to_a_page():
    for story in FeedbackEntry.objects.filter(kind=FeedbackEntry.Kind.STORY):
        line = closing_source_line(story.body)
        links = _LINK.findall(line)

        assert line.startswith(("Source:", "Sources:")), f"{story.slug} names no source"
        assert links, f"{story.slug} names its source without a link"
        for url in links:
            assert not is_home_page(url), f"{story.slug} links to a home page: {url}"


def test_every_indicator_of_the_latest_version_has_a_story():
    latest = ChecklistVersion.objects.latest_published()
    indicators = set(
        Indicator.objects.filter(pillar__version=latest).values_list("code", flat=True)
    )
    told = set(
        FeedbackEntry.objects.published().filter(kind=FeedbackEntry.Kind.STORY)
        .values_list("question__indicator__code", flat=True)
    )

    assert len(indicators) == 15
    assert indicators - told == set()


def partially_recommendations():
    return FeedbackEntry.objects.published().filter(
        kind=FeedbackEntry.Kind.RECOMMENDATION, applies_to=FeedbackEntry.AppliesTo.PARTIALLY,
    )


def test_each_partially_recommendation_says_what_each_step_costs():
    for entry in partially_recommendations():
        assert "Effort:" in entry.body, f"{entry.slug} gives no effort estimate"


def test_partially_recommendations_open_on_the_project_not_on_a_formula():
    """Each opens on the situation it serves, not on "The threshold asks for ... check"."""
    entries = list(partially_recommendations())
    openers = Counter(" ".join(entry.body.split()[:3]).lower() for entry in entries)

    assert len(entries) == len(QUESTIONS)
    assert max(openers.values()) <= 2, openers.most_common(3)
    for entry in entries:
        first_paragraph = entry.body.split("\n\n")[0]
        assert "threshold" not in first_paragraph.lower(), entry.slug


def test_no_shipped_entry_claims_a_change_in_the_future():
    latest = [model.objects.order_by("-updated_at").values_list("updated_at", flat=True)[0]
              for model in (FeedbackEntry, GoodPractice)]

    assert all(moment <= timezone.now() for moment in latest)

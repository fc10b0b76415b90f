"""The portfolio: a city's (or a partner's) assessments side by side, scored exactly as the
results page scores them (by the database, to sort and filter), filtered and sorted from
the address."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import scoring, services
from assessments.management.commands.bench_portfolio import fill_portfolio
from assessments.models import Assessment, Decision, FundingRound, Outcome, Question, ScoreBand
from assessments.portfolio import FIGURE_NAMES, SCORES, portfolio_of, score_expressions
from assessments.results import city_bands, collect_results
from tests.factories import (
    AssessmentFactory,
    ProjectFactory,
    QuestionFactory,
    TopicAreaFactory,
    answer_all,
)
from tests.html import links, options, parse, text_of

pytestmark = pytest.mark.django_db

# Answers in checklist order: ten diversity questions, ten equality, ten interaction.
ALL_YES = ["yes"] * 30
EQUALITY_NO = ["yes"] * 10 + ["no"] * 10 + ["yes"] * 10  # 67% overall, 0% in equality
HALF = ["partially"]  # 50% everywhere


def _review(world, title, answers=(), **project_fields):
    """A proposal review by our city of a new project of our partner."""
    project = ProjectFactory(title=title, organisation=world.partner, city=world.city,
                             **project_fields)
    review = AssessmentFactory(project=project, assessor=world.city)
    if answers:
        answer_all(review, list(answers))
    return review


def _rows(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("portfolio"), params)
    assert response.status_code == 200
    return response, [row.pk for row in response.context["rows"]]


def _figures(row) -> list[tuple]:
    return [(figure.points, figure.max_points, figure.percentage) for figure in row.figures]


def _scorecard_figures(card: scoring.Scorecard) -> list[tuple]:
    return [(score.points, score.max_points, score.percentage)
            for score in [card.overall, *(pillar.score for pillar in card.pillars)]]


def _in_database(portfolio, assessment):
    """The assessment with the figures the database computes to sort and filter by."""
    return portfolio.assessments.annotate(**portfolio.figures).get(pk=assessment.pk)


def _database_figures(portfolio, assessment) -> list[tuple]:
    row = _in_database(portfolio, assessment)
    return [tuple(getattr(row, f"{score}_{part}") for part in ("points", "max", "percentage"))
            for score in SCORES]


def _database_band(portfolio, assessment) -> str | None:
    rank = _in_database(portfolio, assessment).band_rank
    return portfolio.bands[rank - 1].label if rank else None


def test_the_figures_are_named_without_building_them():
    assert set(score_expressions({}, [])) == FIGURE_NAMES


def test_the_page_and_the_database_score_each_assessment_as_the_scorecard_does(world):
    reviews = [
        _review(world, "All yes", ALL_YES),
        _review(world, "Mixed", ["yes", "partially", "no", "partially", "no"]),
        _review(world, "Rounding", ["partially", "no", "no"]),
        _review(world, "Equality no", EQUALITY_NO),
        _review(world, "Not answered yet"),
    ]
    unfinished = _review(world, "Seven answers")
    for question in Question.objects.of_version(unfinished.version)[:7]:
        services.save_answer(assessment=unfinished, question=question, value="yes", comment="",
                             criteria=[], user=None, seen_revision=None)
    reviews.append(unfinished)

    mine = portfolio_of(world.coordinator)
    rows = mine.rows([review.pk for review in reviews])

    assert len(rows) == len(reviews)
    for row in rows:
        card = collect_results(row).scorecard
        assert _figures(row) == _scorecard_figures(card), row.project.title
        assert _database_figures(mine, row) == _scorecard_figures(card), row.project.title


def _bands(city):
    ScoreBand.objects.create(city=city, label="Emerging", min_percentage=30)
    ScoreBand.objects.create(city=city, label="Intercultural", min_percentage=60,
                             min_equality=60)
    ScoreBand.objects.create(city=city, label="Strongly intercultural", min_percentage=90,
                             min_diversity=90, min_equality=90, min_interaction=90)


def test_the_band_reached_is_the_one_read_bands_finds_pillar_minimums_included(client, world):
    _bands(world.city)
    reviews = {
        "All yes": _review(world, "All yes", ALL_YES),
        "Equality no": _review(world, "Equality no", EQUALITY_NO),
        "Half": _review(world, "Half", HALF),
        "All no": _review(world, "All no", ["no"]),
    }

    response, _ids = _rows(client, world.coordinator)

    reached = {row.project.title: row.band.label if row.band else None
               for row in response.context["rows"]}
    mine = portfolio_of(world.coordinator)
    for title, review in reviews.items():
        card = collect_results(review).scorecard
        expected = scoring.read_bands(card, city_bands(world.city.pk)).reached
        assert reached[title] == (expected.label if expected else None), title
        assert _database_band(mine, review) == reached[title], title
    # 67% overall reaches Intercultural's 60%, but 0% in equality falls short of its 60%.
    assert reached == {"All yes": "Strongly intercultural", "Equality no": "Emerging",
                       "Half": "Emerging", "All no": None, "Kitchen nights": None}


def test_a_pillar_the_version_lacks_asks_nothing_of_a_band_on_the_page_or_in_the_filter(
    client, world
):
    ScoreBand.objects.create(city=world.city, label="Even", min_percentage=50, min_equality=50)
    diversity_only = QuestionFactory().indicator.pillar.version  # a draft: D1.1 alone
    project = ProjectFactory(title="Diversity only", organisation=world.partner, city=world.city)
    review = AssessmentFactory(project=project, assessor=world.city, version=diversity_only)
    answer_all(review, ["yes"])

    response, ids = _rows(client, world.coordinator, band="Even")

    assert ids == [review.pk]
    assert response.context["rows"][0].band.label == "Even"
    card = collect_results(review).scorecard
    assert scoring.read_bands(card, city_bands(world.city.pk)).reached.label == "Even"


def test_filtering_by_band_applies_the_pillar_minimums(client, world):
    _bands(world.city)
    all_yes = _review(world, "All yes", ALL_YES)
    equality_no = _review(world, "Equality no", EQUALITY_NO)
    half = _review(world, "Half", HALF)
    intercultural = _review(world, "Seventy per cent", ["yes"] * 12 + ["partially"] * 18)

    assert _rows(client, world.coordinator, band="Intercultural")[1] == [intercultural.pk]
    assert set(_rows(client, world.coordinator, band="Emerging")[1]) == {equality_no.pk, half.pk}
    assert _rows(client, world.coordinator, band="Strongly intercultural")[1] == [all_yes.pk]
    assert _rows(client, world.coordinator, band="none")[1] == [world.review.pk]


def test_a_band_that_asks_for_nothing_is_reached_before_any_answer(client, world):
    ScoreBand.objects.create(city=world.city, label="Taking part", min_percentage=0)
    ScoreBand.objects.create(city=world.city, label="Emerging", min_percentage=30)

    response, ids = _rows(client, world.coordinator, band="Taking part")

    assert ids == [world.review.pk]
    assert response.context["rows"][0].band.label == "Taking part"


def test_sorting_by_the_equality_score(client, world):
    low = _review(world, "Low equality", ["yes"] * 10 + ["no"] * 10 + ["yes"] * 10)
    high = _review(world, "High equality", ["no"] * 10 + ["yes"] * 10 + ["no"] * 10)
    middle = _review(world, "Middle equality", HALF)
    world.review.delete()

    response, ids = _rows(client, world.coordinator, sort="-equality")

    assert ids == [high.pk, middle.pk, low.pk]
    assert [figure.percentage for figure in response.context["rows"][0].figures] == [33, 0,
                                                                                     100, 0]
    assert _rows(client, world.coordinator, sort="equality")[1] == [low.pk, middle.pk, high.pk]
    # Overall, the order is another: the sort is by the pillar.
    assert _rows(client, world.coordinator, sort="-overall")[1] == [low.pk, middle.pk, high.pk]


def test_the_sorted_column_says_so_and_each_heading_links_to_its_sort(client, world):
    response, _ids = _rows(client, world.coordinator, sort="-equality", purpose="proposal_review",
                           page=1)

    sorted_headings = [attrs["aria-sort"] for name, attrs in parse(response.content).tags
                       if name == "th" and "aria-sort" in attrs]
    assert sorted_headings == ["descending"]
    assert "(sorted descending; select to sort ascending)" in text_of(response.content)
    hrefs = links(response.content)
    # Sorted descending: its heading offers ascending; other scores start from the highest;
    # each keeps the filters and starts from the first page.
    assert "?sort=equality&purpose=proposal_review" in hrefs
    assert "?sort=-diversity&purpose=proposal_review" in hrefs
    assert "?sort=title&purpose=proposal_review" in hrefs


def test_without_a_sort_the_newest_come_first(client, world):
    older = _review(world, "Older")
    Assessment.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    newer = _review(world, "Newer")

    response, ids = _rows(client, world.coordinator)

    assert ids == [newer.pk, world.review.pk, older.pk]
    started = next(header for header in response.context["headers"]
                   if header.column.key == "started")
    assert started.direction == "descending"


def test_the_round_filter_offers_the_rounds_of_ones_projects_and_cities_each_once(world):
    opens = timezone.localdate()

    def call(city, name):
        return FundingRound.objects.create(city=city, name=name, opens_on=opens,
                                           closes_on=opens)

    spring = call(world.city, "Spring call")  # two of our partner's proposals in it
    autumn = call(world.city, "Autumn call")  # our city's, with no proposal yet
    call(world.other_city, "Their call")  # another city's, with none of ours
    _review(world, "First proposal", funding_round=spring)
    _review(world, "Second proposal", funding_round=spring)

    assert list(portfolio_of(world.coordinator).rounds) == [autumn, spring]
    assert list(portfolio_of(world.partner_member).rounds) == [spring]
    assert list(portfolio_of(world.other_coordinator).rounds) == [
        FundingRound.objects.get(name="Their call")
    ]


def test_filtering_by_round_or_outside_any(client, world):
    opens = timezone.localdate()
    spring = FundingRound.objects.create(city=world.city, name="Spring call", opens_on=opens,
                                         closes_on=opens)
    in_round = _review(world, "In the spring call", funding_round=spring)

    response, ids = _rows(client, world.coordinator, round=spring.pk)
    assert ids == [in_round.pk]
    assert "Spring call" in text_of(response.content)
    assert _rows(client, world.coordinator, round="null")[1] == [world.review.pk]


def test_filtering_by_purpose_status_and_title(client, world):
    answer_all(world.self_assessment, ["yes"])
    services.submit(world.self_assessment, user=world.partner_member)
    services.set_shared(world.self_assessment, shared=True, user=world.partner_member)
    other = _review(world, "Mediators at school")

    assert _rows(client, world.coordinator, purpose="self_assessment")[1] == [
        world.self_assessment.pk]
    assert _rows(client, world.coordinator, status="submitted")[1] == [world.self_assessment.pk]
    assert set(_rows(client, world.coordinator, status="in_progress")[1]) == {
        world.review.pk, other.pk}
    assert _rows(client, world.coordinator, title="MEDIATORS")[1] == [other.pk]


def test_filtering_by_topic_area(client, world):
    topic = TopicAreaFactory(name="Sport")
    sporty = _review(world, "Football", topic_areas=[topic, TopicAreaFactory()])

    response, ids = _rows(client, world.coordinator, topic=topic.slug)

    assert ids == [sporty.pk]
    assert "Sport" in text_of(response.content)


def test_filtering_by_the_period_started_or_submitted(client, world):
    january = _review(world, "Started in January", ALL_YES)
    services.submit(january, user=world.coordinator)
    moment = datetime.datetime(2026, 1, 15, 10, tzinfo=datetime.UTC)
    Assessment.objects.filter(pk=january.pk).update(
        created_at=moment, submitted_at=moment + datetime.timedelta(days=40)
    )

    started = _rows(client, world.coordinator, started_after="2026-01-01",
                    started_before="2026-01-31")[1]
    submitted = _rows(client, world.coordinator, submitted_after="2026-02-20",
                      submitted_before="2026-02-28")[1]
    none_yet = _rows(client, world.coordinator, submitted_before="2026-02-23")[1]

    assert started == [january.pk]
    assert submitted == [january.pk]
    assert none_yet == []


def test_an_invalid_filter_is_reported_and_lists_everything(client, world):
    other = _review(world, "Another")

    response, ids = _rows(client, world.coordinator, band="No such band",
                          started_after="yesterday", purpose="proposal_review")

    assert set(ids) == {world.review.pk, other.pk}
    assert set(response.context["form"].errors) == {"band", "started_after"}


def test_the_decision_and_who_runs_the_project_show(client, world):
    Decision.objects.create(project=world.project, outcome=Outcome.FUNDED_WITH_CONDITIONS)

    response, _ids = _rows(client, world.coordinator)

    text = text_of(response.content)
    assert "Kitchen nights" in text and "Open Doors" in text
    assert "Funded with conditions" in text
    assert reverse("project-detail", args=[world.project.pk]) in links(response.content)


def test_pages_keep_the_filters_and_the_sort(client, world):
    fill_portfolio(world.city, assessments=30)

    response, ids = _rows(client, world.coordinator, purpose="proposal_review", sort="title",
                          page=2)

    assert len(ids) == 6  # 30 and our review: 25 on the first page
    hrefs = links(response.content)
    assert "?purpose=proposal_review&sort=title&page=1" in hrefs
    # A new sort starts again from the first page, with the same filters.
    assert "?purpose=proposal_review&sort=-title" in hrefs


@pytest.mark.parametrize("params", [
    {},
    {"sort": "-equality", "band": "Emerging"},
    {"sort": "band", "topic": "anti-discrimination", "round": "null", "title": "proposal"},
])
def test_the_page_makes_the_same_queries_with_10_and_60_assessments(
    client, world, params, django_assert_num_queries, django_assert_max_num_queries
):
    _bands(world.city)
    fill_portfolio(world.city, assessments=10)
    client.force_login(world.coordinator)
    # The first request of a process reads the published version's questions, which it
    # then keeps (structure.questions_of; gunicorn reads them before it forks, warm.py).
    client.get(reverse("portfolio"), params)
    with django_assert_max_num_queries(14) as few:
        response = client.get(reverse("portfolio"), params)
    shown = len(response.context["rows"])
    assert shown

    fill_portfolio(world.city, assessments=50, seed=2)

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("portfolio"), params)
    assert len(response.context["rows"]) > shown


def test_a_partner_sees_its_own_projects_assessments_as_far_as_it_may(client, world):
    _response, ids = _rows(client, world.partner_member)
    assert ids == [world.self_assessment.pk]  # the city's review is not released yet

    services.set_shared(world.review, shared=True, user=world.coordinator)

    assert set(_rows(client, world.partner_member)[1]) == {world.self_assessment.pk,
                                                           world.review.pk}


def test_the_other_city_sees_none_of_our_rows(client, world):
    _bands(world.city)
    services.set_shared(world.self_assessment, shared=True, user=world.partner_member)

    response, ids = _rows(client, world.other_coordinator)

    assert ids == [world.other_review.pk]
    assert "Kitchen nights" not in text_of(response.content)
    assert response.context["form"].fields["band"].choices[1:] == [("none", "No band reached")]


@pytest.mark.parametrize("persona", ["team_member", "curator", "analyst"])
def test_people_without_projects_have_no_portfolio(client, world, persona):
    client.force_login(getattr(world, persona))

    assert client.get(reverse("portfolio")).status_code == 403


def test_the_dashboard_links_to_the_portfolio(client, world):
    client.force_login(world.coordinator)

    assert reverse("portfolio") in links(client.get(reverse("home")).content)


def test_ticked_rows_go_to_the_comparison(client, world):
    second = _review(world, "Second proposal", HALF)
    response, _ids = _rows(client, world.coordinator)

    forms = [attrs for tag, attrs in parse(response.content).tags if tag == "form"]
    boxes = [attrs["value"] for tag, attrs in parse(response.content).tags
             if tag == "input" and attrs.get("name") == "a"]

    assert {"method": "get", "action": reverse("compare")}.items() <= forms[-1].items()
    assert sorted(boxes) == sorted([str(world.review.pk), str(second.pk)])
    compared = client.get(reverse("compare"), {"a": boxes})
    assert compared.status_code == 200


def test_a_round_links_to_its_proposals_in_the_portfolio(client, world):
    opens = timezone.localdate()
    spring = FundingRound.objects.create(city=world.city, name="Spring call", opens_on=opens,
                                         closes_on=opens)
    client.force_login(world.coordinator)

    page = client.get(reverse("funding-rounds", args=[world.city.pk])).content

    link = f"{reverse('portfolio')}?round={spring.pk}&purpose=proposal_review"
    assert link in links(page)
    assert client.get(link).status_code == 200


def test_the_sort_menu_is_worded_in_the_readers_language(client, world):
    client.force_login(world.coordinator)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})

    labels = options(client.get(reverse("portfolio")).content, "sort")

    descending = labels[2::2]  # after "newest first", each column ascending then descending
    assert descending and all(label.endswith("(décroissant)") for label in descending)

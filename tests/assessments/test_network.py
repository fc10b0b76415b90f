"""The network's figures: across submitted assessments, anonymised, never singling anyone out."""

import csv
import io

import pytest
from django.urls import reverse

from assessments import network, services
from assessments.models import Organisation, Project
from tests.factories import (
    AssessmentFactory,
    OrganisationFactory,
    ProjectFactory,
    TopicAreaFactory,
    answer_all,
)
from tests.html import text_of

pytestmark = pytest.mark.django_db


def _submitted(city, values, *, purpose="proposal_review", topics=()):
    project = ProjectFactory(title=f"Secret project of {city.name}",
                             organisation=city, city=city, topic_areas=list(topics))
    assessment = AssessmentFactory(project=project, assessor=city, purpose=purpose)
    answer_all(assessment, values)
    services.submit(assessment, user=None)
    return assessment


@pytest.fixture
def network_of_five(world):
    """Five cities of two countries, one submitted review each (all yes, or all no)."""
    cities = [OrganisationFactory(name=f"City {n}", country="IE" if n < 3 else "DE",
                                  population_band="medium") for n in range(5)]
    topic = TopicAreaFactory(slug="sports")
    for number, city in enumerate(cities):
        _submitted(city, ["yes"] if number % 2 else ["no"], topics=[topic] if number < 3 else [])
    return cities


def test_the_figures_add_up_across_the_submitted_assessments(network_of_five, world):
    answer_all(world.review, ["yes"])  # in progress: not counted

    figures = network.figures(network.Filters())

    assert (figures.basis.assessments, figures.basis.cities) == (5, 5)
    first = figures.distributions[0]
    assert (first.code, first.yes, first.partially, first.no) == ("D1.1", 2, 0, 3)
    diversity = figures.pillars[0]
    assert (diversity.key, diversity.points, diversity.max_points, diversity.percentage) == (
        "diversity", 40, 100, 40)
    assert len(figures.indicators) == 15
    assert [year.basis.assessments for year in figures.years] == [5]


def test_a_figure_from_too_few_assessments_or_cities_is_not_shown(network_of_five):
    three_cities = network.figures(network.Filters(topic="sports"))
    two_cities = network.figures(network.Filters(country="DE"))

    assert three_cities.basis == network.Basis(3, 3) and not three_cities.basis.shown
    assert three_cities.distributions == [] and three_cities.pillars == []
    assert not two_cities.basis.shown


def test_no_filter_combination_isolates_a_city(network_of_five, client, world):
    """Every combination of filter values the form offers either shows figures from at
    least five assessments of three cities, or shows nothing."""
    client.force_login(world.analyst)
    combinations = [{}, {"country": "IE"}, {"country": "DE"}, {"topic": "sports"},
                    {"country": "IE", "topic": "sports"}, {"population_band": "medium"},
                    {"purpose": "proposal_review", "country": "DE"}]
    for params in combinations:
        page = text_of(client.get(reverse("network-figures"), params).content)
        shown = "Too few to show" not in page
        figures = network.figures(network.Filters(**params))
        assert shown == figures.basis.shown, params
        if shown:
            assert figures.basis.assessments >= 5 and figures.basis.cities >= 3
        for name in Organisation.objects.values_list("name", flat=True):
            assert name not in page, (params, name)
        for title in Project.objects.values_list("title", flat=True):
            assert title not in page, (params, title)


def test_analysts_see_charts_tables_and_csv(network_of_five, client, world):
    client.force_login(world.analyst)

    page = client.get(reverse("network-figures"))
    answers = list(csv.reader(io.StringIO(client.get(
        reverse("network-figures"), {"download": "answers"}).content.decode())))

    assert page.content.decode().count("<svg") == 3
    assert "5 submitted assessments, from 5 cities." in text_of(page.content)
    assert answers[0][:4] == ["question", "yes", "partially", "no"]
    assert answers[1][:4] == ["D1.1", "2", "0", "3"]


def test_only_staff_who_read_network_figures_open_the_page(client, world):
    for persona, status in [("analyst", 200), ("curator", 200), ("coordinator", 403),
                            ("partner_member", 403)]:
        client.force_login(getattr(world, persona))
        assert client.get(reverse("network-figures")).status_code == status, persona


def test_the_page_makes_the_same_queries_with_more_assessments(
    network_of_five, client, world, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(world.analyst)
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse("network-figures")).status_code == 200
    for number in range(5):
        _submitted(OrganisationFactory(name=f"More {number}"), ["partially"])

    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(reverse("network-figures")).status_code == 200

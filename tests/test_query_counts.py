"""Every page makes the same queries with 10 assessments in the city as with 200: what a
page shows is bounded or paged, and what it counts is counted by the database.

Each page is asked once first, so that what is kept between requests (the checklist, the
glossary, the library, each answer's feedback) is built, then counted at both sizes.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from assessments.management.commands.bench_portfolio import fill_portfolio
from assessments.models import Assessment, FundingRound, Membership, Organisation, Role
from tests.factories import UserFactory, answer_all

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Page:
    name: str
    args: str = ""  # "review": the world's review; "project", "city": theirs
    persona: str = "coordinator"
    query: str = ""


PAGES = [
    Page("home"),
    Page("portfolio"),
    Page("portfolio", query="?sort=-equality&status=submitted"),
    Page("project-detail", "project"),
    Page("organisation-detail", "city"),
    Page("funding-rounds", "city"),
    Page("assessment-overview", "review"),
    Page("assessment-question", "review:E2.1"),
    Page("assessment-feedback", "review:E2.1"),
    Page("assessment-results", "review"),
    Page("compare", query="review"),
    Page("guide"),
    Page("guide-pillar", "equality"),
    Page("library"),
    Page("library", query="?pillar=equality&page=2"),
    Page("coverage", persona="curator"),
    Page("curation-home", persona="curator"),
]


def _url(page: Page, objects: dict) -> str:
    args = []
    if page.args:
        head, _, code = page.args.partition(":")
        args = [objects.get(head, head), *([code] if code else [])]
    query = page.query
    if page.name == "compare":
        query = f"?a={objects['review']}&a={objects['final']}"
    return reverse(page.name, args=args) + query


def _grow(world, size: int, seed: int) -> None:
    """`size` more proposal reviews in the city (answered, half submitted), as many more
    final evaluations of the world's project, partners, members and rounds of the city."""
    fill_portfolio(world.city, assessments=size, seed=seed)
    Assessment.objects.bulk_create([
        Assessment(project=world.project, purpose=Assessment.Purpose.FINAL_EVALUATION,
                   assessor=world.city, version=world.review.version)
        for _ in range(size)
    ])
    partners = Organisation.objects.bulk_create([
        Organisation(name=f"Partner {seed}.{number}", kind=Organisation.Kind.PARTNER)
        for number in range(size)
    ])
    world.city.partners.add(*partners)
    Membership.objects.bulk_create([
        Membership(user=UserFactory(), organisation=world.city, role=Role.COORDINATOR)
        for _ in range(min(size, 40))
    ])
    FundingRound.objects.bulk_create([
        FundingRound(city=world.city, name=f"Call {seed}.{number}.b",
                     opens_on="2026-01-01", closes_on="2026-02-01")
        for number in range(size // 5)
    ])


@pytest.mark.parametrize("page", PAGES, ids=lambda page: f"{page.name}{page.query}")
def test_a_page_makes_the_same_queries_with_10_and_200_assessments(
    client, world, page, django_assert_num_queries, django_assert_max_num_queries
):
    answer_all(world.review, ["no", "partially", "yes"], user=world.coordinator)
    final = Assessment.objects.create(
        project=world.project, purpose=Assessment.Purpose.FINAL_EVALUATION,
        assessor=world.city, version=world.review.version,
    )
    _grow(world, 10, seed=1)
    client.force_login(getattr(world, page.persona))
    url = _url(page, {"review": world.review.pk, "final": final.pk,
                      "project": world.project.pk, "city": world.city.pk})
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(20) as at_10:
        client.get(url)

    _grow(world, 190, seed=2)

    with django_assert_num_queries(len(at_10.captured_queries)):
        assert client.get(url).status_code == 200

"""A city's funding rounds: opened by its coordinators, proposals attached to them."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import FundingRound, TopicArea
from tests.html import options, text_of

pytestmark = pytest.mark.django_db

SPRING = {"name": "Neighbourhood grants 2027", "opens_on": "2027-03-01",
          "closes_on": "2027-04-30", "description": "Small grants for mixing activities."}


def _round(city, name="Neighbourhood grants 2027"):
    return FundingRound.objects.create(
        city=city, name=name, opens_on=datetime.date(2027, 3, 1),
        closes_on=datetime.date(2027, 4, 30),
    )


def test_a_coordinator_opens_a_round_for_the_city(client, world):
    client.force_login(world.coordinator)

    response = client.post(reverse("funding-rounds", args=[world.city.pk]), SPRING, follow=True)

    [funding_round] = world.city.funding_rounds.all()
    assert funding_round.name == "Neighbourhood grants 2027"
    assert "The round “Neighbourhood grants 2027” is open." in text_of(response.content)
    assert "0 proposals" in text_of(response.content)


@pytest.mark.parametrize("change, field, message", [
    ({"closes_on": "2027-02-01"}, "closes_on", "The round cannot close before it opens."),
    ({"name": ""}, "name", "This field is required."),
    ({"opens_on": "soon"}, "opens_on", "Enter a valid date."),
])
def test_a_round_that_does_not_hold_together_is_refused(client, world, change, field, message):
    client.force_login(world.coordinator)

    response = client.post(reverse("funding-rounds", args=[world.city.pk]), {**SPRING, **change})

    assert message in response.context["form"].errors[field]
    assert not FundingRound.objects.exists()


def test_two_rounds_of_one_city_never_share_a_name(client, world):
    _round(world.city)
    _round(world.other_city)  # another city's round of the same name is no clash
    client.force_login(world.coordinator)

    response = client.post(reverse("funding-rounds", args=[world.city.pk]), SPRING)

    assert "Your city already has a round of this name." in response.context["form"].errors["name"]
    assert world.city.funding_rounds.count() == 1


def test_the_city_attaches_a_proposal_to_its_own_round_only(client, world):
    ours, theirs = _round(world.city), _round(world.other_city, "Lindenau call")
    client.force_login(world.coordinator)
    edit = reverse("project-edit", args=[world.project.pk])

    fields = {"title": world.project.title, "summary": world.project.summary,
              "topic_areas": [TopicArea.objects.first().pk]}

    offered = options(client.get(edit).content, "funding_round")
    client.post(edit, {**fields, "funding_round": ours.pk})
    refused = client.post(edit, {**fields, "funding_round": theirs.pk})

    assert offered == ["---------*", "Neighbourhood grants 2027"]
    world.project.refresh_from_db()
    assert world.project.funding_round == ours
    assert "funding_round" in refused.context["form"].errors
    detail = client.get(reverse("project-detail", args=[world.project.pk]))
    assert "Neighbourhood grants 2027" in text_of(detail.content)


def test_a_partner_does_not_attach_its_proposals_to_rounds(client, world):
    _round(world.city)
    client.force_login(world.partner_member)

    content = client.get(reverse("project-edit", args=[world.project.pk])).content

    assert options(content, "funding_round") == []


def test_a_round_is_edited_by_its_citys_coordinators_only(client, world):
    funding_round = _round(world.city)
    url = reverse("funding-round-edit", args=[funding_round.pk])

    client.force_login(world.other_coordinator)
    assert client.get(url).status_code == 404
    client.force_login(world.coordinator)
    client.post(url, {**SPRING, "name": "Spring grants 2027"})

    funding_round.refresh_from_db()
    assert funding_round.name == "Spring grants 2027"

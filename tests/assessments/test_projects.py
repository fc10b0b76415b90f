"""Registering a project and starting its assessments: the only possible choice is made."""

import pytest
from django.urls import reverse

from assessments.forms import StartAssessmentForm
from tests.html import checked, options

pytestmark = pytest.mark.django_db


def test_a_partner_finds_its_organisation_and_its_only_city_already_chosen(client, world):
    client.force_login(world.partner_member)

    content = client.get(reverse("project-create")).content

    assert options(content, "organisation") == ["Open Doors*"]
    assert options(content, "city") == ["Riverside*"]


def test_a_coordinator_chooses_who_runs_it_but_the_city_is_already_theirs(client, world):
    client.force_login(world.coordinator)

    content = client.get(reverse("project-create")).content

    assert sorted(options(content, "organisation")) == ["---------*", "Open Doors", "Riverside"]
    assert options(content, "city") == ["Riverside*"]


def test_the_purpose_is_chosen_when_only_one_is_allowed(client, world):
    only_one = StartAssessmentForm(purposes=["self_assessment"])
    two = StartAssessmentForm(purposes=["self_assessment", "final_evaluation"])

    assert checked(str(only_one["purpose"]), "purpose") == ["self_assessment"]
    assert checked(str(two["purpose"]), "purpose") == []

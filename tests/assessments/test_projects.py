"""Registering a project and starting its assessments: the only possible choice is made."""

import pytest
from django.urls import reverse

from assessments.forms import StartAssessmentForm
from assessments.models import Decision, Question
from tests.factories import AssessmentFactory
from tests.html import checked, options, text_of

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


def _decide(client, project, **fields):
    return client.post(reverse("project-decision", args=[project.pk]), fields)


def test_the_city_records_its_decision_and_each_change_is_kept(client, world):
    client.force_login(world.coordinator)
    conditions = Question.objects.filter(
        indicator__pillar__version=world.review.version, code__in=["E2.1", "I4.2"]
    )

    _decide(client, world.project, outcome="pending", reason="Waiting for the budget.")
    _decide(client, world.project, outcome="conditions", reason="A reporting route first.",
            conditions_on=[question.pk for question in conditions])

    decision = world.project.decision
    assert (decision.outcome, decision.reason) == ("conditions", "A reporting route first.")
    assert sorted(decision.conditions_on.values_list("code", flat=True)) == ["E2.1", "I4.2"]
    assert [(c.previous_outcome, c.new_outcome, c.changed_by) for c in decision.changes.all()] == [
        ("pending", "conditions", world.coordinator), ("", "pending", world.coordinator),
    ]
    page = text_of(client.get(reverse("project-detail", args=[world.project.pk])).content)
    assert "Funded with conditions" in page and "E2.1" in page and "I4.2" in page
    assert "History of the decision" in page


def test_funding_with_conditions_names_what_they_are_about(client, world):
    client.force_login(world.coordinator)

    response = _decide(client, world.project, outcome="conditions", reason="")

    assert "Say which questions the conditions are about." in text_of(response.content)
    assert not Decision.objects.exists()


def test_the_partner_reads_the_decision_but_neither_takes_it_nor_sees_who_did(client, world):
    client.force_login(world.coordinator)
    _decide(client, world.project, outcome="funded", reason="Strong on interaction.")
    client.force_login(world.partner_member)

    page = text_of(client.get(reverse("project-detail", args=[world.project.pk])).content)

    assert "Funded" in page and "Strong on interaction." in page
    assert "History of the decision" not in page
    assert _decide(client, world.project, outcome="not_funded").status_code == 403
    assert world.project.decision.outcome == "funded"


def test_the_report_carries_the_decision(client, world, report_html, download):
    client.force_login(world.coordinator)
    _decide(client, world.project, outcome="not_funded", reason="Out of the call's scope.")

    download(client, reverse("assessment-report", args=[world.review.pk]))

    assert "Not funded" in report_html[-1] and "Out of the call" in report_html[-1]


def test_the_project_page_says_what_a_final_evaluation_is_compared_with(client, world):
    final = AssessmentFactory(project=world.project, assessor=world.city,
                              purpose="final_evaluation", baseline=world.review)
    client.force_login(world.coordinator)

    page = text_of(client.get(reverse("project-detail", args=[world.project.pk])).content)

    assert final.baseline == world.review
    assert "compared with the proposal review of" in page

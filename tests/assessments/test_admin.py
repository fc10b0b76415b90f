"""The admin keeps the structure rule: a broken version is never published from it."""

import pytest
from django.urls import reverse

from assessments.models import ChecklistVersion, Question
from tests.factories import UserFactory, build_checklist
from tests.html import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.curator)
    return client


def _broken_draft():
    version = build_checklist(label="2030.1")
    Question.objects.filter(indicator__pillar__version=version, code="E3.2").delete()
    return version


def test_the_publish_action_refuses_a_broken_version_naming_the_breach(admin_client):
    version = _broken_draft()

    response = admin_client.post(reverse("admin:assessments_checklistversion_changelist"), {
        "action": "publish_versions", "_selected_action": [version.pk],
    }, follow=True)

    assert "2030.1 was not published: Indicator E3 needs exactly 2 questions and has 1." in (
        text_of(response.content)
    )
    version.refresh_from_db()
    assert not version.is_published


def test_the_change_form_refuses_to_publish_a_broken_version(admin_client):
    version = _broken_draft()

    response = admin_client.post(
        reverse("admin:assessments_checklistversion_change", args=[version.pk]),
        {"label": "2030.1", "status": "published", "notes": ""},
    )

    assert response.status_code == 200
    assert "This version cannot be published:" in text_of(response.content)
    version.refresh_from_db()
    assert not version.is_published


def test_a_complete_version_is_published_from_the_admin(admin_client):
    version = build_checklist(label="2030.2")

    admin_client.post(reverse("admin:assessments_checklistversion_changelist"), {
        "action": "publish_versions", "_selected_action": [version.pk],
    })

    version.refresh_from_db()
    assert version.is_published and version.published_at


def test_questions_of_a_published_version_are_read_only(admin_client):
    question = Question.objects.get(indicator__pillar__version__label="2021.1", code="D1.1")
    url = reverse("admin:assessments_question_change", args=[question.pk])

    assert admin_client.get(url).status_code == 200  # viewable
    response = admin_client.post(url, {"text_en": "Changed?"})

    assert response.status_code == 403
    question.refresh_from_db()
    assert question.text != "Changed?"


def test_a_published_version_is_copied_as_a_draft_to_be_revised(admin_client):
    version = ChecklistVersion.objects.get(label="2021.1")

    admin_client.post(reverse("admin:assessments_checklistversion_changelist"), {
        "action": "copy_as_draft", "_selected_action": [version.pk],
    })

    draft = ChecklistVersion.objects.get(label="2021.1-draft")
    assert not draft.is_published
    assert Question.objects.filter(indicator__pillar__version=draft).count() == 30


def _organisation_form(organisation, memberships):
    """The admin's change form of `organisation` with `memberships` in its inline rows."""
    data = {
        "name": organisation.name, "kind": organisation.kind, "country": organisation.country,
        "population_band": "", "memberships-TOTAL_FORMS": len(memberships),
        "memberships-INITIAL_FORMS": sum(1 for row in memberships if row.get("id")),
        "memberships-MIN_NUM_FORMS": 0, "memberships-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(memberships):
        data.update({f"memberships-{index}-{key}": value for key, value in row.items()})
        data[f"memberships-{index}-organisation"] = organisation.pk
    return data


def test_memberships_given_or_taken_in_the_admin_open_and_close_it(client, world):
    administrator = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(administrator)
    newcomer = UserFactory(username="newcomer")
    url = reverse("admin:assessments_organisation_change", args=[world.secretariat.pk])
    kept = [{"id": m.pk, "user": m.user_id, "role": m.role}
            for m in world.secretariat.memberships.order_by("pk")]

    client.post(url, _organisation_form(
        world.secretariat, [*kept, {"user": newcomer.pk, "role": "curator"}]
    ))
    newcomer.refresh_from_db()
    assert newcomer.is_staff and newcomer.groups.filter(name="Library curators").exists()

    added = newcomer.memberships.get()
    client.post(url, _organisation_form(
        world.secretariat, [*kept, {"id": added.pk, "user": newcomer.pk, "role": "curator",
                                    "DELETE": "on"}]
    ))
    newcomer.refresh_from_db()
    assert not newcomer.is_staff and not newcomer.groups.exists()

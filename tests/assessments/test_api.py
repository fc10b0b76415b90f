"""The read-only API: the same people see the same things as on the pages."""

import json

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator

from assessments import exports
from assessments.models import ApiToken
from tests.factories import AssessmentFactory, ProjectFactory, answer_all
from tests.html import text_of

pytestmark = pytest.mark.django_db


def _token(user, name="Our dashboard") -> str:
    return ApiToken.issue(user=user, name=name)[1]


def _bearer(token) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_token_is_made_on_the_profile_page_shown_once_and_kept_only_as_a_hash(client, world):
    client.force_login(world.coordinator)

    made = client.post(reverse("api-token-create"), {"name": "Riverside dashboard"})

    token = made.context["new_token"]
    assert made.status_code == 201 and token.startswith("icc_")
    assert token in made.content.decode()
    saved = ApiToken.objects.get()
    assert saved.token_hash == ApiToken.hash(token) and token not in saved.token_hash
    assert token not in client.get(reverse("profile")).content.decode()  # never again
    assert saved.prefix in text_of(client.get(reverse("profile")).content)


def test_a_revoked_token_opens_nothing(client, world):
    token = _token(world.coordinator)
    client.force_login(world.coordinator)
    client.post(reverse("api-token-revoke", args=[ApiToken.objects.get().pk]))
    client.logout()

    response = client.get("/api/v1/assessments/", **_bearer(token))

    assert response.status_code == 401


def test_no_one_revokes_another_persons_token(client, world):
    _token(world.coordinator)
    client.force_login(world.colleague)

    assert client.post(reverse("api-token-revoke",
                               args=[ApiToken.objects.get().pk])).status_code == 404
    assert ApiToken.objects.active().exists()


def test_a_token_reads_the_coordinators_assessments_and_nothing_of_the_other_city(client,
                                                                                  world):
    answer_all(world.review, ["yes", "no"])
    token = _token(world.coordinator)

    listed = client.get("/api/v1/assessments/", **_bearer(token)).json()
    mine = client.get(f"/api/v1/assessments/{world.review.pk}/", **_bearer(token))
    theirs = client.get(f"/api/v1/assessments/{world.other_review.pk}/", **_bearer(token))
    projects = client.get("/api/v1/projects/", **_bearer(token)).json()

    assert [row["id"] for row in listed["results"]] == [world.review.pk]
    assert theirs.status_code == 404
    schema = json.loads(exports.SCHEMA_PATH.read_text())
    Draft202012Validator(schema).validate(mine.json())
    assert mine.json()["scores"]["overall"]["points"] == 30
    assert [project["title"] for project in projects["results"]] == ["Kitchen nights"]


def test_the_browser_session_reads_the_api_too(client, world):
    client.force_login(world.partner_member)

    listed = client.get("/api/v1/assessments/").json()

    assert [row["id"] for row in listed["results"]] == [world.self_assessment.pk]


def test_people_without_credentials_read_only_the_public_checklist_and_library(client, world):
    assert client.get("/api/v1/assessments/").status_code == 401
    assert client.get("/api/v1/projects/").status_code == 401
    checklists = client.get("/api/v1/checklists/").json()
    latest = checklists["results"][-1]["label"]
    version = client.get(f"/api/v1/checklists/{latest}/").json()
    practices = client.get("/api/v1/library/practices/").json()

    assert len(version["questions"]) == 30
    assert version["questions"][0]["criteria"]
    assert practices["count"] >= 75 and len(practices["results"]) == 50  # paginated
    assert practices["next"]


def test_each_token_has_its_own_limit(client, world, settings):
    settings.API_REQUESTS_PER_MINUTE = 2
    first, second = _token(world.coordinator, "one"), _token(world.coordinator, "two")

    statuses = [client.get("/api/v1/projects/", **_bearer(first)).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/projects/", **_bearer(second)).status_code == 200


def test_the_openapi_description_is_served_at_a_stable_address(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    description = json.loads(response.content)
    assert response.status_code == 200
    assert "/api/v1/assessments/{id}/" in description["paths"]
    assert description["components"]["securitySchemes"]["personalToken"]["scheme"] == "bearer"


def test_lists_make_the_same_queries_with_more_assessments(client, world,
                                                           django_assert_num_queries,
                                                           django_assert_max_num_queries):
    token = _token(world.coordinator)
    with django_assert_max_num_queries(12) as few:
        assert client.get("/api/v1/assessments/", **_bearer(token)).status_code == 200
    for _ in range(5):
        AssessmentFactory(project=ProjectFactory(organisation=world.partner, city=world.city),
                          assessor=world.city)

    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/assessments/", **_bearer(token)).status_code == 200

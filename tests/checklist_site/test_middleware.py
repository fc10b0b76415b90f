"""What every response goes through: addresses holding NUL, and who may cache a page."""

import pytest
from django.urls import reverse

from tests.html import count_tags, text_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", [
    "/checklists/%00/blank.pdf",
    "/checklists/2021.1%00/blank.pdf",
    "/invitations/%00/",
    "/guide/equality/?version=%00",
    "/library/?q=%00",
    "/%00",
])
def test_an_address_holding_a_nul_is_not_found(client, path):
    # PostgreSQL refuses NUL in a query: such addresses were server errors.
    response = client.get(path)

    assert response.status_code == 404
    assert "Page not found" in text_of(response.content)


def test_an_address_holding_a_nul_is_not_found_for_a_logged_in_user_either(client, world):
    client.force_login(world.coordinator)
    address = reverse("assessment-question", args=[world.review.pk, "D1.1"])

    response = client.get(address.replace("D1.1", "D1.1%00"))

    assert response.status_code == 404
    assert count_tags(response.content, "h1") == 1


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_pages_behind_a_login_are_private(client, world):
    client.force_login(world.coordinator)

    for address in (reverse("home"), reverse("assessment-overview", args=[world.review.pk]),
                    reverse("library")):
        response = client.get(address)

        assert response.status_code == 200
        assert "private" in _cache_control(response), address


def test_the_pdf_report_is_private(client, world, download):
    client.force_login(world.coordinator)

    response = download(client, reverse("assessment-report", args=[world.review.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert "private" in _cache_control(response)


def test_public_pages_seen_anonymously_are_not_marked_private(client):
    for address in (reverse("guide"), reverse("library"), reverse("glossary")):
        response = client.get(address)

        assert response.status_code == 200
        assert "private" not in _cache_control(response), address


def test_never_cached_answers_keep_their_own_header(client, world):
    client.force_login(world.coordinator)

    response = client.get(reverse("healthz"))

    assert {"no-store", "no-cache", "private"} <= _cache_control(response)

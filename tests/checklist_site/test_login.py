"""Logging in, and the brute-force lockout on the pair (username, address)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.urls import reverse

from tests.factories import UserFactory
from tests.html import text_of

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def _attempt(client, username, password, address="203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_a_user_logs_in_with_the_right_password(client):
    UserFactory(username="aoife")

    response = _attempt(client, "aoife", PASSWORD)

    assert response.status_code == 302


def test_five_failures_lock_the_pair_out_with_a_clear_message(client, settings):
    UserFactory(username="aoife")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _attempt(client, "aoife", "wrong").status_code == 200

    fifth = _attempt(client, "aoife", "wrong")

    assert fifth.status_code == 429
    text = fifth.content.decode()
    assert "failed 5 times in a row" in text
    assert "Try again in 15 minutes" in text
    # Even the right password is refused while the lockout lasts.
    assert _attempt(client, "aoife", PASSWORD).status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, settings):
    UserFactory(username="aoife")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "aoife", "wrong")

    # Sixteen minutes later (the failures are moved back in time rather than waiting):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))

    assert _attempt(client, "aoife", PASSWORD).status_code == 302


def test_the_lockout_neither_spreads_to_the_address_nor_to_the_username(client, settings):
    UserFactory(username="aoife")
    UserFactory(username="jonas")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "aoife", "wrong")

    # A colleague behind the same city-hall proxy still logs in...
    assert _attempt(client, "jonas", PASSWORD).status_code == 302
    client.logout()
    # ...and so does the locked user from another address.
    assert _attempt(client, "aoife", PASSWORD, address="198.51.100.2").status_code == 302


def test_a_success_resets_the_count_of_failures(client, settings):
    UserFactory(username="aoife")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _attempt(client, "aoife", "wrong")
    assert _attempt(client, "aoife", PASSWORD).status_code == 302
    client.logout()

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _attempt(client, "aoife", "wrong")

    assert _attempt(client, "aoife", PASSWORD).status_code == 302


@pytest.mark.parametrize("login_page", ["login", "admin:login"])
def test_a_username_longer_than_any_account_gets_the_forms_message(client, login_page):
    # The lockout table keeps 255 characters of a username: a longer one was a server error.
    response = client.post(reverse(login_page), {"username": "a" * 256, "password": "wrong"},
                           REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 200
    assert "at most 150 characters (it has 256)" in text_of(response.content)
    assert not AccessAttempt.objects.exists()


def test_behind_a_proxy_each_client_is_locked_out_apart(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="aoife")

    def attempt(client_address, password):
        return client.post(reverse("login"), {"username": "aoife", "password": password},
                           REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=client_address)

    for _ in range(2):
        attempt("198.51.100.66", "wrong")

    assert attempt("198.51.100.66", PASSWORD).status_code == 429
    assert attempt("203.0.113.9", PASSWORD).status_code == 302  # same proxy, another person

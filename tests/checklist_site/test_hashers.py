"""Passwords are kept with Argon2id at OWASP's cost; those kept before are still
accepted, and kept anew at the next login."""

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from checklist_site import settings as site_settings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_hashers(settings):
    settings.PASSWORD_HASHERS = site_settings.PASSWORD_HASHERS  # tests use a quick one


def test_a_new_password_is_kept_with_argon2id_at_owasp_cost():
    user = UserFactory()
    user.set_password("a long passphrase for the test")

    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password("a long passphrase for the test")
    assert not user.check_password("another passphrase")


def test_a_password_kept_before_still_logs_in_and_is_kept_anew(client):
    user = UserFactory(username="ana")
    user.password = make_password("kept since 2025", hasher="pbkdf2_sha256")
    user.save()

    response = client.post(reverse("login"), {"username": "ana", "password": "kept since 2025"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")

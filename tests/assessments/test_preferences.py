"""The language a person reads the site and their e-mails in: chosen once from the menu,
kept on their profile when they are signed in, a cookie otherwise."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from assessments.models import Profile
from tests.factories import UserFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME
RESET_SUBJECT = "Choose a new password for the intercultural project checklist"


def _choose(client, language, next_page="/guide/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_page})


def _page_language(client, path="/guide/") -> str:
    [html] = [attrs for tag, attrs in parse(client.get(path).content).tags if tag == "html"]
    return html["lang"]


def _log_in(client, username):
    return client.post(reverse("login"), {"username": username,
                                          "password": "correct-horse-battery"},
                       REMOTE_ADDR="203.0.113.7")


def test_every_page_has_the_menu_offering_each_language_of_the_site(client):
    tags = parse(client.get("/guide/").content).tags

    [form] = [attrs for tag, attrs in tags if tag == "form"
              and attrs.get("action") == reverse("set_language")]
    options = [attrs for tag, attrs in tags if tag == "option" and "lang" in attrs]
    assert form["method"] == "post"
    assert {option["value"] for option in options} >= {"en", "fr"}


def test_a_signed_in_persons_choice_is_kept_on_their_profile(client):
    user = UserFactory(username="aoife")
    client.force_login(user)

    response = _choose(client, "fr")

    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "fr"
    assert Profile.objects.get(user=user).language == "fr"
    assert _page_language(client) == "fr"


def test_an_anonymous_visitors_choice_is_a_cookie_that_outlives_the_browser_session(client):
    response = _choose(client, "fr")

    assert response.cookies[COOKIE].value == "fr"
    # A cookie without an age goes when the browser closes, while the sign-in stays.
    assert int(response.cookies[COOKIE]["max-age"] or 0) >= settings.SESSION_COOKIE_AGE
    assert not Profile.objects.exists()
    assert _page_language(client) == "fr"


def test_a_language_the_site_does_not_offer_changes_nothing(client):
    user = UserFactory(username="aoife")
    Profile.objects.create(user=user, language="fr")
    client.force_login(user)

    response = _choose(client, "xx")

    assert COOKIE not in response.cookies
    assert Profile.objects.get(user=user).language == "fr"


def test_signing_in_on_another_device_brings_the_chosen_language_back(client):
    user = UserFactory(username="aoife")
    Profile.objects.create(user=user, language="fr")

    response = _log_in(client, "aoife")

    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "fr"
    assert _page_language(client) == "fr"


def test_someone_who_never_chose_keeps_the_browsers_language_at_sign_in(client):
    UserFactory(username="aoife")

    response = _log_in(client, "aoife")

    assert COOKIE not in response.cookies
    assert _page_language(client) == "en"


def test_a_password_reset_e_mail_is_in_the_language_the_person_chose(client, catalogues):
    catalogues("fr", {RESET_SUBJECT: "Choisissez un nouveau mot de passe"})
    user = UserFactory(username="aoife", email="aoife@example.org")
    Profile.objects.create(user=user, language="fr")
    UserFactory(username="jonas", email="jonas@example.org")

    for address in ("aoife@example.org", "jonas@example.org"):  # asked from an English page
        client.post(reverse("password_reset"), {"email": address})

    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["aoife@example.org"], "Choisissez un nouveau mot de passe"),
        (["jonas@example.org"], RESET_SUBJECT),
    ]

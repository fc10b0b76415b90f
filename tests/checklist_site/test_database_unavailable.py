"""While the database does not answer, pages say so with the site's 503 page, not a 500."""

from contextlib import contextmanager

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse

from tests.html import count_tags, text_of

pytestmark = pytest.mark.django_db


@contextmanager
def database_down(error=OperationalError):
    def refuse(execute, sql, params, many, context):
        raise error("could not connect to server: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def browser():
    # The error pages are what a browser gets; the test client would re-raise instead.
    return Client(raise_request_exception=False)


def _assert_unavailable_page(response):
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    content = response.content.decode()
    assert "css/site.css" in content
    assert count_tags(content, "h1") == 1
    assert "try again" in text_of(content).lower()


def test_the_dashboard_answers_503_while_the_database_is_down(browser, world):
    browser.force_login(world.coordinator)

    with database_down():
        response = browser.get(reverse("home"))

    _assert_unavailable_page(response)


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_the_public_guide_answers_503_while_the_database_is_down(browser, error):
    with database_down(error):
        response = browser.get(reverse("guide-pillar", args=["equality"]))

    _assert_unavailable_page(response)


def test_a_missing_page_answers_503_when_its_404_page_needs_the_database(browser, world):
    browser.force_login(world.coordinator)

    with database_down():
        response = browser.get("/no-such-page/")

    _assert_unavailable_page(response)


def test_a_session_middleware_that_cannot_reach_the_database_gives_the_503_page(
    browser, world, monkeypatch
):
    def session_lookup_fails(self, request):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(
        "django.contrib.sessions.middleware.SessionMiddleware.process_request",
        session_lookup_fails,
    )

    _assert_unavailable_page(browser.get(reverse("guide")))


def test_other_errors_still_give_the_500_page(browser, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("assessments.views.guide.render", broken)

    response = browser.get(reverse("guide"))

    assert response.status_code == 500
    assert "Something went wrong on our side" in text_of(response.content)

import pytest
from django.contrib.staticfiles import finders
from django.db import OperationalError


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def unreachable_database(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("checklist_site.views.connection.cursor", unreachable_database)

    response = client.get("/healthz")

    assert response.status_code == 503


def test_the_favicon_is_served_where_browsers_look_for_it(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response.url.endswith("img/favicon.ico")
    assert finders.find("img/favicon.ico")
    assert 'rel="icon"' in client.get("/").content.decode()

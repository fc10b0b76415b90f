import pytest
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

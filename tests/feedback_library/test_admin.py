"""The admin's library forms refuse what the curation forms refuse."""

import pytest
from django.contrib import admin
from django.urls import reverse

from assessments.models import Question
from feedback_library.models import FeedbackEntry
from tests.html import text_of

pytestmark = pytest.mark.django_db


def _entry_data(**overrides):
    question = Question.objects.get(indicator__pillar__version__label="2021.1", code="E2.1")
    data = {"question": question.pk, "applies_to": "no", "kind": "recommendation",
            "slug": "too-long", "title_en": "A title", "body_en": "A body."}
    return {**data, **overrides}


def test_a_body_longer_than_its_limit_is_refused_in_the_admin(client, world):
    client.force_login(world.curator)

    response = client.post(reverse("admin:feedback_library_feedbackentry_add"),
                           _entry_data(body_en="x" * 10_001))

    assert response.status_code == 200
    assert "at most 10000 characters (it has 10001)" in text_of(response.content)
    assert not FeedbackEntry.objects.filter(slug="too-long").exists()


def test_the_admin_form_refuses_a_lone_surrogate(rf, world):
    request = rf.get("/")
    request.user = world.curator
    form_class = admin.site._registry[FeedbackEntry].get_form(request)

    form = form_class(_entry_data(title_en="A \ud800 title"))

    assert not form.is_valid()
    assert "broken character" in form.errors["title_en"][0]

"""The admin's library forms refuse what the curation forms refuse, and an edit there is
an edit like any other: who edited and who published are never typed in."""

import pytest
from django.contrib import admin
from django.urls import reverse

from assessments.models import GlossaryTerm, Question
from feedback_library import curation
from feedback_library.models import FeedbackEntry, Status
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


def _shown(page) -> dict:
    """What the admin page's form would send back as it is."""
    form = page.context["adminform"].form
    values = {name: form[name].value() for name in form.fields}
    return {name: "" if value is None else value for name, value in values.items()}


def _change(client, entry, **changes):
    """Open the entry's admin page and save it with `changes`."""
    url = reverse("admin:feedback_library_feedbackentry_change", args=[entry.pk])
    return client.post(url, {**_shown(client.get(url)), **changes, "_save": "Save"})


def test_the_admin_cannot_forge_who_edited_or_published_an_entry(client, world, curator2):
    entry = FeedbackEntry.objects.published().filter(question__code="E2.1").first()
    client.force_login(world.curator)

    _change(client, entry, title_en="A clearer title", last_edited_by=curator2.pk,
            published_by=curator2.pk, published_at_0="2020-01-01", published_at_1="10:00",
            created_by=curator2.pk, status=Status.PUBLISHED, edit_count=99, times_shown=999)

    edited = FeedbackEntry.objects.get(pk=entry.pk)
    assert edited.title == "A clearer title"
    assert (edited.status, edited.last_edited_by, edited.edit_count) == (
        Status.IN_REVIEW, world.curator, entry.edit_count + 1
    )
    assert (edited.published_by, edited.published_at, edited.created_by, edited.times_shown) == (
        entry.published_by, entry.published_at, entry.created_by, entry.times_shown
    )


def test_saving_again_after_a_conflict_in_the_admin_replaces_the_colleagues_save(
    client, world, curator2
):
    entry = FeedbackEntry.objects.published().filter(question__code="E2.1").first()
    client.force_login(world.curator)
    FeedbackEntry.objects.filter(pk=entry.pk).update(title_en="Their title",
                                                     edit_count=entry.edit_count + 1)
    refused = _change(client, entry, title_en="My title",
                      seen_edit_count=entry.edit_count)
    assert "A colleague saved this entry while you were editing it" in text_of(refused.content)

    client.post(reverse("admin:feedback_library_feedbackentry_change", args=[entry.pk]),
                {**_shown(refused), "_save": "Save"})

    assert FeedbackEntry.objects.get(pk=entry.pk).title == "My title"


def test_a_glossary_term_edited_in_the_admin_is_a_counted_revision(client, world):
    term = GlossaryTerm.objects.order_by("slug").first()
    client.force_login(world.curator)
    url = reverse("admin:assessments_glossaryterm_change", args=[term.pk])
    client.post(url, {**_shown(client.get(url)), "definition_en": "A clearer definition.",
                      "_save": "Save"})

    edited = GlossaryTerm.objects.get(pk=term.pk)
    assert (edited.definition, edited.edit_count) == ("A clearer definition.",
                                                      term.edit_count + 1)
    assert [revision.revision.user for revision in curation.revisions(edited)] == [
        world.curator
    ]

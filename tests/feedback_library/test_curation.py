"""Curating the library: drafting, review by a second curator, revisions, conflicts."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import ChecklistVersion, Indicator, Question
from feedback_library import curation
from feedback_library.forms import FeedbackEntryForm
from feedback_library.models import FeedbackEntry, GoodPractice, Status
from tests.factories import GoodPracticeFactory
from tests.html import markup_of, text_of

pytestmark = pytest.mark.django_db


def _question(code):
    """The question a curator is offered: the latest published version's."""
    return Question.objects.get(
        indicator__pillar__version=ChecklistVersion.objects.latest_published(), code=code
    )


def _indicator(code):
    return Indicator.objects.get(
        pillar__version=ChecklistVersion.objects.latest_published(), code=code
    )


def _practice_data(**overrides):
    data = {
        "title_en": "Welcome desks run with migrant associations",
        "summary_en": "The city and migrant associations staff a welcome desk together.",
        "purpose_en": "To make the first contact with the city **easier**.",
        "scope": "city", "city": "Example city", "country": "PT", "period": "since 2019",
        "source_title": "A city report", "source_url": "https://example.org/report",
        "indicators": [_indicator("E2").pk], "questions": [_question("E2.1").pk],
    }
    return {**data, **overrides}


def _create_practice(client, **overrides):
    response = client.post(reverse("curation-new", args=["practices"]), _practice_data(**overrides))
    assert response.status_code == 302, response.context["form"].errors
    return GoodPractice.objects.get(slug="welcome-desks-run-with-migrant-associations")


def _move(client, entry, action):
    return client.post(reverse("curation-move", args=["practices", entry.pk]), {"action": action},
                       follow=True)


def test_a_draft_published_by_a_second_curator_reaches_the_assessors_feedback(
    client, world, curator2
):
    client.force_login(world.curator)
    practice = _create_practice(client)
    assert practice.status == Status.DRAFT
    assert (practice.created_by, practice.last_edited_by) == (world.curator, world.curator)

    _move(client, practice, "submit")
    refused = _move(client, practice, "publish")
    assert "Another curator publishes what you changed" in text_of(refused.content)
    practice.refresh_from_db()
    assert practice.status == Status.IN_REVIEW

    client.force_login(curator2)
    _move(client, practice, "publish")
    practice.refresh_from_db()
    assert (practice.status, practice.published_by) == (Status.PUBLISHED, curator2)

    # A coordinator answering "no" to the question it illustrates is shown it.
    client.force_login(world.coordinator)
    client.post(reverse("assessment-question", args=[world.review.pk, "E2.1"]), {"value": "no"})
    feedback = client.get(reverse("assessment-feedback", args=[world.review.pk, "E2.1"]))
    assert practice in [ranked.practice for ranked in feedback.context["feedback"].practices]
    assert "Welcome desks run with migrant associations" in text_of(feedback.content)


def test_the_author_may_publish_alone_when_the_setting_allows_it(client, world, settings):
    settings.LIBRARY_AUTHOR_MAY_PUBLISH = True
    client.force_login(world.curator)
    practice = _create_practice(client)
    _move(client, practice, "submit")

    _move(client, practice, "publish")

    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED


def test_drafts_and_entries_in_review_never_reach_assessors(client, world):
    FeedbackEntry.objects.filter(question__code="E2.1").update(status=Status.IN_REVIEW)
    client.force_login(world.coordinator)
    client.post(reverse("assessment-question", args=[world.review.pk, "E2.1"]), {"value": "no"})

    feedback = client.get(reverse("assessment-feedback", args=[world.review.pk, "E2.1"]))

    assert not feedback.context["feedback"].recommendations


def test_changing_a_published_entry_sends_it_back_to_review(client, world):
    practice = GoodPractice.objects.get(slug="barcelona-anti-rumour-strategy")
    client.force_login(world.curator)
    form = client.get(reverse("curation-edit", args=["practices", practice.pk])).context["form"]
    data = {name: field.value() for name, field in ((n, form[n]) for n in form.fields)}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    data["summary_en"] = "A shorter summary."

    client.post(reverse("curation-edit", args=["practices", practice.pk]), data)

    practice.refresh_from_db()
    assert practice.summary == "A shorter summary."
    assert (practice.status, practice.last_edited_by) == (Status.IN_REVIEW, world.curator)


def test_a_practice_linked_to_an_earlier_version_opens_and_saves_unchanged(client, world):
    practice = GoodPractice.objects.get(slug="barcelona-anti-rumour-strategy")
    codes = set(practice.questions.values_list("code", flat=True))
    assert practice.questions.filter(indicator__pillar__version__label="2021.1").exists()
    client.force_login(world.curator)
    url = reverse("curation-edit", args=["practices", practice.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}

    response = client.post(url, {name: "" if value is None else value
                                 for name, value in data.items()})

    assert response.status_code == 302
    assert set(data["questions"]) == {_question(code).pk for code in codes}
    saved = GoodPractice.objects.get(pk=practice.pk)
    assert (saved.status, saved.edit_count) == (Status.PUBLISHED, practice.edit_count)
    assert set(saved.questions.values_list("code", flat=True)) == codes


def test_workflow_moves_follow_the_allowed_paths(world):
    practice = GoodPracticeFactory(status=Status.DRAFT)

    with pytest.raises(curation.CurationError):
        curation.move(practice, "publish", user=world.curator)
    with pytest.raises(curation.CurationError):
        curation.move(practice, "archive", user=world.curator)
    curation.move(practice, "submit", user=world.curator)
    curation.move(practice, "send_back", user=world.curator)
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT


def test_every_save_is_a_revision_and_an_old_one_can_be_restored(client, world, curator2):
    client.force_login(world.curator)
    practice = _create_practice(client)
    url = reverse("curation-edit", args=["practices", practice.pk])
    client.post(url, _practice_data(
        title_en="Welcome desks", slug=practice.slug, summary_en="Changed.",
        questions=[_question("E2.2").pk], seen_edit_count=1,
    ))
    practice.refresh_from_db()
    assert practice.summary == "Changed."

    history = client.get(reverse("curation-history", args=["practices", practice.pk]))
    revisions = history.context["revisions"]
    assert len(revisions) == 2
    assert revisions[0].saved_by == world.curator
    assert "Summary Changed." in text_of(history.content)
    assert "Questions E2.2 " in text_of(history.content)
    first = revisions[-1]
    client.force_login(curator2)
    client.post(reverse("curation-restore", args=["practices", practice.pk, first.pk]))

    practice.refresh_from_db()
    assert practice.title == "Welcome desks run with migrant associations"
    assert practice.summary == "The city and migrant associations staff a welcome desk together."
    assert list(practice.questions.values_list("code", flat=True)) == ["E2.1"]
    assert (practice.status, practice.last_edited_by) == (Status.DRAFT, curator2)


def test_a_restored_revision_brings_back_the_text_in_every_language(client, world, curator2):
    client.force_login(world.curator)
    practice = _create_practice(client, summary_fr="Un guichet d'accueil tenu ensemble.")
    url = reverse("curation-edit", args=["practices", practice.pk])
    client.post(url, _practice_data(
        title_en="Welcome desks", slug=practice.slug, summary_fr="Modifié.", seen_edit_count=1,
    ))
    first = client.get(
        reverse("curation-history", args=["practices", practice.pk])
    ).context["revisions"][-1]

    client.force_login(curator2)
    client.post(reverse("curation-restore", args=["practices", practice.pk, first.pk]))

    practice.refresh_from_db()
    assert practice.summary_fr == "Un guichet d'accueil tenu ensemble."


def test_a_second_curator_saving_the_same_entry_does_not_overwrite_silently(
    client, world, curator2
):
    client.force_login(world.curator)
    practice = _create_practice(client)
    url = reverse("curation-edit", args=["practices", practice.pk])
    other = client.__class__()
    other.force_login(curator2)
    # Both opened it after its first edit; the first curator saves.
    client.post(url, _practice_data(slug=practice.slug, summary_en="First.", seen_edit_count=1))

    response = other.post(url, _practice_data(slug=practice.slug, summary_en="Second.",
                                              seen_edit_count=1))

    assert response.status_code == 409
    assert "A colleague saved this entry while you were editing it" in text_of(response.content)
    assert "Second." in response.content.decode()  # what the second curator typed is kept
    practice.refresh_from_db()
    assert practice.summary == "First."


def test_a_new_entry_is_created_whatever_edit_count_the_request_claims(client, world):
    client.force_login(world.curator)

    _create_practice(client, seen_edit_count=7)


def test_bad_input_gets_a_clear_message_and_changes_nothing(client, world):
    client.force_login(world.curator)

    response = client.post(reverse("curation-new", args=["practices"]),
                           _practice_data(city="", source_title=""))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Name the city or region" in errors["city"][0]
    assert "source_title" in errors
    assert not GoodPractice.objects.filter(title="Welcome desks run with migrant associations")


def test_the_preview_shows_the_sanitised_result(client, world):
    client.force_login(world.curator)

    response = client.post(reverse("curation-preview"),
                           {"text": "**Bold** <script>alert(1)</script><img src=x onerror=y>"})

    assert response.content.decode() == "<p><strong>Bold</strong> </p>"


def test_the_preview_button_works_without_javascript(client, world):
    client.force_login(world.curator)

    response = client.post(reverse("curation-new", args=["practices"]),
                           {**_practice_data(purpose_en="*Why* <b onclick=x>it</b>"),
                            "preview": "1"})

    assert '<p><em>Why</em> <b>it</b></p>' in response.content.decode()
    assert not GoodPractice.objects.filter(title="Welcome desks run with migrant associations")


def test_a_hostile_entry_is_harmless_on_the_practice_page(client, world):
    practice = GoodPracticeFactory(process="<script>alert(1)</script>[x](javascript:alert(1))",
                                   summary="<img src=x onerror=alert(1)>")

    content = client.get(reverse("practice-detail", args=[practice.slug])).content.decode()

    assert "<script>alert(1)" not in content
    assert "javascript:" not in markup_of(content)
    assert "<img src=x" not in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content


def test_glossary_terms_are_edited_with_revisions(client, world):
    client.force_login(world.curator)

    client.post(reverse("curation-new", args=["glossary"]), {
        "term_en": "welcoming city", "definition_en": "A city that organises its welcome.",
        "pillar": "interaction",
    })

    response = client.get(reverse("glossary"))
    assert "welcoming city" in text_of(response.content)


def test_the_curation_page_makes_the_same_number_of_queries_with_more_entries(
    client, world, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(world.curator)
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse("curation-home")).status_code == 200
    GoodPracticeFactory.create_batch(10, status=Status.DRAFT)

    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(reverse("curation-home")).status_code == 200


def test_library_texts_longer_than_their_limit_are_refused_with_a_message(client, world):
    client.force_login(world.curator)

    response = client.post(reverse("curation-new", args=["practices"]),
                           _practice_data(process_en="x" * 10_001, summary_en="y" * 2_001))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "at most 10000 characters (it has 10001)" in errors["process_en"][0]
    assert "at most 2000 characters (it has 2001)" in errors["summary_en"][0]
    assert not GoodPractice.objects.filter(title="Welcome desks run with migrant associations")


def test_the_curation_form_refuses_a_lone_surrogate_with_a_message(world):
    # A browser cannot send one (Django decodes form bytes with replacement); an import can.
    form = FeedbackEntryForm({
        "question": _question("E2.1").pk, "applies_to": "no", "kind": "recommendation",
        "title_en": "A title", "body_en": "Text \ud800",
    }, instance=FeedbackEntry())

    assert not form.is_valid()
    assert "broken character" in form.errors["body_en"][0]


def test_the_preview_refuses_a_text_longer_than_any_field_allows(client, world):
    client.force_login(world.curator)

    response = client.post(reverse("curation-preview"), {"text": "*" * 100_000 + "[" * 50_000})

    assert response.status_code == 400
    assert "longer than 10000 characters" in text_of(response.content)


# One edit, three ways to make it: each opens the entry (or checks the file) with a new
# title in mind, and returns what saves it (or confirms the import).


def _published_entry():
    return FeedbackEntry.objects.published().filter(question__code="E2.1").first()


def _entry_data(entry, **changes):
    """What the curation form posts for `entry`, with `changes`."""
    data = {"question": _question(entry.question.code).pk,
            "applies_to": entry.applies_to, "kind": entry.kind,
            "slug": entry.slug, "title_en": entry.title_en, "title_fr": entry.title_fr or "",
            "body_en": entry.body_en, "body_fr": entry.body_fr or ""}
    return {**data, **changes}


def _on_the_curation_page(client, entry, title):
    url = reverse("curation-edit", args=["feedback", entry.pk])
    seen = client.get(url).context["form"]["seen_edit_count"].value()
    return lambda: client.post(url, _entry_data(entry, title_en=title, seen_edit_count=seen))


def _in_the_admin(client, entry, title):
    url = reverse("admin:feedback_library_feedbackentry_change", args=[entry.pk])
    seen = client.get(url).context["adminform"].form["seen_edit_count"].value()
    # The admin offers the questions of every version, the entry's own selected.
    return lambda: client.post(url, _entry_data(entry, title_en=title, seen_edit_count=seen,
                                                question=entry.question_id, _save="Save"))


def _by_import(client, entry, title):
    row = _entry_data(entry, title_en=title, question=entry.question.code)
    check = client.post(reverse("curation-import"), {
        "kind": "feedback", "file": SimpleUploadedFile("entries.json", json.dumps([row]).encode()),
    })
    return lambda: client.post(reverse("curation-import"),
                               {"token": check.context["token"], "confirm": "1"}, follow=True)


EDIT_PATHS = pytest.mark.parametrize("open_edit, conflict_message", [
    (_on_the_curation_page, "A colleague saved this entry while you were editing it"),
    (_in_the_admin, "A colleague saved this entry while you were editing it"),
    (_by_import, "This entry was created or changed by a colleague since the check"),
], ids=["curation page", "admin", "import"])


@EDIT_PATHS
def test_an_edit_is_the_same_edit_whichever_way_it_is_made(
    client, world, open_edit, conflict_message
):
    entry = _published_entry()
    client.force_login(world.curator)

    open_edit(client, entry, "A clearer title")()

    edited = FeedbackEntry.objects.get(pk=entry.pk)
    assert (edited.title, edited.status, edited.last_edited_by, edited.edit_count) == (
        "A clearer title", Status.IN_REVIEW, world.curator, entry.edit_count + 1
    )
    [revision] = curation.revisions(edited)
    assert (revision.revision.user, revision.field_dict["title"]) == (
        world.curator, "A clearer title"
    )


@EDIT_PATHS
def test_a_colleagues_save_in_between_is_never_overwritten_whichever_way_the_edit_is_made(
    client, world, curator2, open_edit, conflict_message
):
    entry = _published_entry()
    client.force_login(world.curator)
    save = open_edit(client, entry, "My title")
    colleague = client.__class__()
    colleague.force_login(curator2)
    _on_the_curation_page(colleague, entry, "Their title")()

    response = save()

    assert conflict_message in text_of(response.content)
    edited = FeedbackEntry.objects.get(pk=entry.pk)
    assert (edited.title, edited.last_edited_by, edited.edit_count) == (
        "Their title", curator2, entry.edit_count + 1
    )
    assert [revision.revision.user for revision in curation.revisions(edited)] == [curator2]


def test_an_edit_keeps_a_publication_made_while_the_entry_was_open(world, curator2):
    entry = FeedbackEntry.objects.get(pk=_published_entry().pk)
    FeedbackEntry.objects.filter(pk=entry.pk).update(status=Status.IN_REVIEW,
                                                     published_by=None)
    opened = FeedbackEntry.objects.get(pk=entry.pk)
    curation.move(opened, "publish", user=curator2)
    form = FeedbackEntryForm(_entry_data(opened, title_en="A clearer title",
                                         seen_edit_count=opened.edit_count), instance=opened)
    assert form.is_valid()

    curation.record_edit(form, user=world.curator, seen_edit_count=opened.edit_count)

    edited = FeedbackEntry.objects.get(pk=entry.pk)
    # Published by the colleague, then changed: back to review, the publication on record.
    assert (edited.status, edited.published_by) == (Status.IN_REVIEW, curator2)

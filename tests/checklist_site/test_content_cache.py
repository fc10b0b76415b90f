"""What pages build from the content is kept between requests, and a curator's change is
on the very next page: publishing, editing, archiving, deleting, a new checklist version."""

import json
import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from assessments.glossary import Glossary
from assessments.models import ChecklistVersion, GlossaryTerm, Question, Role
from assessments.structure import latest_published_version, publish, questions_of
from checklist_site import content_cache
from checklist_site.content import load_content
from feedback_library import curation
from feedback_library.forms import GlossaryTermForm
from feedback_library.models import FeedbackEntry, GoodPractice, Status
from tests.factories import GoodPracticeFactory, build_checklist, member
from tests.html import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator2(world):
    return member(world.secretariat, Role.CURATOR, username="curator2")


def _feedback_text(client, world, code="E2.1"):
    return text_of(client.get(reverse("assessment-feedback", args=[world.review.pk, code])).content)


def _publish(client, world, curator2, kind, entry):
    """Sent for review by its author, published by a colleague: the curation pages' way."""
    client.force_login(world.curator)
    client.post(reverse("curation-move", args=[kind, entry.pk]), {"action": "submit"})
    client.force_login(curator2)
    client.post(reverse("curation-move", args=[kind, entry.pk]), {"action": "publish"})
    entry.refresh_from_db()
    assert entry.status == Status.PUBLISHED


def test_a_recommendation_published_is_on_the_next_feedback_page(client, world, curator2):
    client.force_login(world.coordinator)
    client.post(reverse("assessment-question", args=[world.review.pk, "E2.1"]), {"value": "no"})
    assert "Talk to the equality body first" not in _feedback_text(client, world)  # kept now

    client.force_login(world.curator)
    client.post(reverse("curation-new", args=["feedback"]), {
        # Curators write for the latest version's questions; entries match on the code.
        "question": Question.objects.get(indicator__pillar__version=latest_published_version(),
                                         code="E2.1").pk,
        "applies_to": "no", "kind": "recommendation",
        "title_en": "Talk to the equality body first", "body_en": "It knows the cases.",
    })
    entry = FeedbackEntry.objects.get(title_en="Talk to the equality body first")
    client.force_login(world.coordinator)
    assert "Talk to the equality body first" not in _feedback_text(client, world)  # a draft

    _publish(client, world, curator2, "feedback", entry)

    client.force_login(world.coordinator)
    assert "Talk to the equality body first" in _feedback_text(client, world)
    assert "Talk to the equality body first" in text_of(
        client.get(reverse("assessment-results", args=[world.review.pk])).content
    )

    client.force_login(curator2)
    client.post(reverse("curation-move", args=["feedback", entry.pk]), {"action": "archive"})
    client.force_login(world.coordinator)
    assert "Talk to the equality body first" not in _feedback_text(client, world)


def test_a_glossary_term_edited_is_on_the_next_question_and_guide_pages(client, world):
    question, term = next(
        (question, terms[0]) for question in questions_of(ChecklistVersion.objects.get(
            label="2021.1"
        )) if (terms := Glossary.load().terms_in(question.text))
    )
    question_url = reverse("assessment-question", args=[world.review.pk, question.code])
    guide_url = reverse("guide-pillar", args=[question.indicator.pillar.slug])
    client.force_login(world.coordinator)
    client.get(question_url), client.get(guide_url)  # both kept now

    client.force_login(world.curator)
    response = client.post(reverse("curation-edit", args=["glossary", term.pk]), {
        "term_en": term.term_en, "slug": term.slug, "pillar": term.pillar,
        "definition_en": "A definition a curator has just made clearer.",
        "seen_edit_count": term.edit_count,
    })
    assert response.status_code == 302

    client.force_login(world.coordinator)
    assert "A definition a curator has just made clearer." in text_of(
        client.get(question_url).content
    )
    assert 'title="A definition a curator has just made clearer."' in (
        client.get(guide_url).content.decode()
    )


def test_a_practice_published_or_deleted_is_in_or_out_of_the_next_library_page(
    client, world, curator2
):
    def listed():
        return client.get(reverse("library")).context["page"].paginator.count

    before = listed()
    practice = GoodPracticeFactory(status=Status.DRAFT, title="Seed swaps in every library")
    assert listed() == before

    _publish(client, world, curator2, "practices", practice)

    assert listed() == before + 1
    practice.delete()  # as the admin deletes, outside the curation rules
    assert listed() == before


def test_a_new_checklist_version_published_is_the_guides_next_page(client):
    latest = latest_published_version().label
    assert f"Checklist version {latest}" in text_of(client.get(reverse("guide")).content)
    draft = build_checklist(label="2031.1")

    publish(draft)

    assert "Checklist version 2031.1" in text_of(client.get(reverse("guide")).content)


@pytest.mark.parametrize("change", [
    "publish", "archive", "edit a term", "add a term", "delete a practice", "publish a version",
])
def test_the_stamp_moves_with_every_change_to_the_content(world, change):
    before = content_cache.stamp()
    practice = GoodPractice.objects.published().first()
    term = GlossaryTerm.objects.first()
    if change == "publish":
        draft = GoodPracticeFactory(status=Status.IN_REVIEW)
        curation.move(draft, "publish", user=world.curator)
    elif change == "archive":
        curation.move(practice, "archive", user=world.curator)
    elif change == "edit a term":
        form = GlossaryTermForm({"term_en": term.term_en, "slug": term.slug,
                                 "definition_en": "Clearer.", "pillar": term.pillar},
                                instance=term)
        assert form.is_valid(), form.errors
        curation.record_edit(form, user=world.curator, seen_edit_count=term.edit_count)
    elif change == "add a term":
        GlossaryTerm.objects.create(term="zebra crossing", slug="zebra-crossing",
                                    definition="A way.")
    elif change == "delete a practice":
        practice.delete()
    else:
        publish(build_checklist(label="2031.1"))

    assert content_cache.stamp() != before


def test_a_value_is_built_once_while_the_content_stays_the_same(django_assert_num_queries):
    built = []
    content_cache.kept("test", lambda: built.append(1))

    with django_assert_num_queries(1):  # the stamp
        content_cache.kept("test", lambda: built.append(1))

    assert built == [1]


def test_a_request_reads_the_stamp_once(client, world, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    client.post(reverse("assessment-question", args=[world.review.pk, "E2.1"]), {"value": "no"})
    url = reverse("assessment-results", args=[world.review.pk])
    client.get(url)

    with django_assert_max_num_queries(20) as counted:
        client.get(url)  # the library and each answer's feedback ask for it

    stamps = [q for q in counted.captured_queries if "SUM(" in q["sql"] and "MAX(" in q["sql"]]
    assert len(stamps) == 1


def test_the_questions_of_a_published_version_are_read_once_per_process(
    django_assert_num_queries
):
    version = ChecklistVersion.objects.get(label="2021.1")
    questions_of(version)

    with django_assert_num_queries(0):
        questions = questions_of(version)

    assert len(questions) == 30
    assert all(len(question.criteria.all()) >= 2 for question in questions)


def test_the_questions_of_a_draft_are_read_each_time(django_assert_num_queries):
    draft = build_checklist()
    question = questions_of(draft)[0]
    question.text = "Reworded while still a draft."
    question.save()

    assert questions_of(draft)[0].text == "Reworded while still a draft."


def test_shipped_content_loaded_again_is_read_afresh_though_the_stamp_stays(settings, tmp_path):
    """A release's fixtures may reword a term while no count or date moves: loading them
    forgets what this process kept."""
    term = GlossaryTerm.objects.get(slug="anti-rumours-strategy")
    assert Glossary.load().terms[term.term.lower()].definition == term.definition  # kept now
    fixtures = shutil.copytree(Path(settings.BASE_DIR) / "fixtures", tmp_path / "fixtures")
    rows = json.loads((fixtures / "glossary.json").read_text())
    next(row for row in rows if row["fields"]["slug"] == term.slug)["fields"][
        "definition_en"] = "Reworded in a new release."
    (fixtures / "glossary.json").write_text(json.dumps(rows))
    settings.BASE_DIR = tmp_path
    before = content_cache.stamp()

    load_content()

    assert content_cache.stamp() == before
    assert Glossary.load().terms[term.term.lower()].definition == "Reworded in a new release."


def test_a_report_file_left_unread_does_not_hold_the_stamp_after_its_request(
    client, world, report_html, download
):
    """A report is sent as a file, streamed once the view has answered: what this thread
    does next reads where the content stands now."""
    client.force_login(world.coordinator)
    response = download(client, reverse("assessment-report", args=[world.review.pk]))
    assert response.streaming  # and never read
    before = content_cache.stamp()

    GlossaryTerm.objects.create(term="zebra crossing", slug="zebra-crossing",
                                definition="A way.")

    assert content_cache.stamp() != before

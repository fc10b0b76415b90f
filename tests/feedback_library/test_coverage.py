"""The coverage map: demand for feedback beside what the library holds."""

import csv
import io

import pytest
from django.urls import reverse

from assessments.models import Answer, ChecklistVersion, Question
from feedback_library import coverage
from feedback_library.models import FeedbackEntry, GoodPractice, Status
from tests.factories import AssessmentFactory, FeedbackEntryFactory, answer_all
from tests.html import text_of

pytestmark = pytest.mark.django_db


def _row(rows, code):
    return next(row for row in rows if row.question.code == code)


def _cell(rows, code, answer):
    return next(cell for cell in _row(rows, code).cells if cell.answer == answer)


def _question(code):
    return Question.objects.get(
        indicator__pillar__version=ChecklistVersion.objects.latest_published(), code=code
    )


def test_each_cell_counts_demand_and_the_library(world):
    answer_all(world.review, ["no"])
    answer_all(world.other_review, ["no", "partially"])

    rows = coverage.coverage("12")

    assert len(rows) == 30
    d11_no = _cell(rows, "D1.1", "no")
    assert d11_no.demand == 2
    assert d11_no.recommendations == FeedbackEntry.objects.published().filter(
        question__code="D1.1", kind="recommendation", applies_to__in=["no", "both"]
    ).count()
    assert d11_no.practices == GoodPractice.objects.published().filter(
        questions__code="D1.1"
    ).count()
    assert _cell(rows, "D1.2", "partially").demand == 1


def test_old_answers_fall_out_of_a_short_period(world):
    answer_all(world.review, ["no"])
    Answer.objects.update(updated_at="2020-01-01T00:00:00Z")

    assert _cell(coverage.coverage("3"), "D1.1", "no").demand == 0
    assert _cell(coverage.coverage("all"), "D1.1", "no").demand == 1


def test_thin_cells_in_demand_stand_out(world):
    GoodPractice.objects.filter(questions__code="E4.1").delete()
    FeedbackEntry.objects.filter(question__code="E4.1", kind="story").delete()
    for _ in range(3):
        answer_all(AssessmentFactory(project=world.project, assessor=world.city), ["no"])

    rows = coverage.coverage("12")

    e41 = _cell(rows, "E4.1", "no")
    assert (e41.examples, e41.needs_examples) == (0, True)
    assert not _cell(rows, "E4.1", "partially").needs_examples  # nobody answered it


def test_the_page_is_for_curators_and_analysts_and_names_no_city(client, world):
    answer_all(world.review, ["no"])
    client.force_login(world.analyst)

    response = client.get(reverse("coverage"))

    assert response.status_code == 200
    assert "Riverside" not in text_of(response.content)
    assert "Kitchen nights" not in text_of(response.content)


def test_the_map_exports_as_csv(client, world):
    answer_all(world.review, ["partially"])
    client.force_login(world.curator)

    response = client.get(reverse("coverage"), {"format": "csv", "period": "all"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["question", "question text", "answer", "times given"]
    assert len(rows) == 1 + 60
    assert [rows[2][0], rows[2][2], rows[2][3]] == ["D1.1", "partially", "1"]


def test_the_map_makes_a_constant_number_of_queries(
    client, world, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(world.curator)
    client.get(reverse("coverage"))  # the library kept between requests is read
    with django_assert_max_num_queries(15) as few:
        assert client.get(reverse("coverage")).status_code == 200
    answer_all(world.review, ["no", "partially"])
    answer_all(world.other_review, ["no"])

    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(reverse("coverage")).status_code == 200


def test_asked_for_a_language_each_row_counts_the_entries_readers_of_it_get_in_english(
    client, world
):
    FeedbackEntry.objects.filter(question__code="D1.1").update(title_fr="Titre", body_fr="Corps")
    GoodPractice.objects.filter(questions__code="D1.1").update(
        title_fr="Titre", summary_fr="Résumé", purpose_fr="But", rationale_fr="Raison",
        process_fr="Démarche",
    )
    FeedbackEntryFactory(question=_question("D1.1"), title="Untranslated advice")
    FeedbackEntryFactory(question=_question("D1.1"), title="Draft", status=Status.DRAFT)

    rows = coverage.coverage("12", missing="fr")

    assert _row(rows, "D1.1").untranslated == 1
    assert coverage.coverage("12")[0].untranslated is None
    client.force_login(world.curator)
    csv_rows = list(csv.reader(io.StringIO(client.get(
        reverse("coverage"), {"format": "csv", "missing": "fr"}
    ).content.decode())))
    assert csv_rows[0][-1] == "entries without French"
    assert [(row[0], row[-1]) for row in csv_rows[1:3]] == [("D1.1", "1"), ("D1.1", "1")]

"""Bulk import and export: checked first, refused whole on any error, safe in spreadsheets."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from feedback_library import transfer
from feedback_library.models import FeedbackEntry, GoodPractice, Status
from tests.factories import GoodPracticeFactory
from tests.html import markup_of, text_of

pytestmark = pytest.mark.django_db


def _csv(rows, columns=None):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns or list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _practice_row(**overrides):
    row = {
        "slug": "kirklees-welcome-walks", "title_en": "Welcome walks",
        "scope": "city", "city": "Kirklees", "country": "GB", "period_en": "2019",
        "summary_en": "Residents walk newcomers round their neighbourhood.",
        "source_title": "A report", "topic_areas": "welcoming-integration",
        "indicators": "I1", "questions": "I1.1;I1.2",
    }
    return {**row, **overrides}


def test_a_csv_export_neutralises_spreadsheet_formulas():
    GoodPracticeFactory(slug="formula", title="=HYPERLINK(\"http://evil\")", summary="+1+1",
                        city="@SUM(A1)", period="-2")

    rows = list(csv.DictReader(io.StringIO(transfer.export_csv("practices"))))

    row = next(row for row in rows if row["slug"] == "formula")
    assert row["title_en"] == "'=HYPERLINK(\"http://evil\")"
    assert (row["summary_en"], row["city"], row["period_en"]) == ("'+1+1", "'@SUM(A1)", "'-2")


def test_an_export_imports_back_unchanged():
    exported = transfer.export_csv("practices").encode()

    plan = transfer.plan_import("practices", transfer.parse("practices", "x.csv", exported))

    assert plan.errors == []
    assert plan.count("unchanged") == GoodPractice.objects.count()


def test_json_export_lists_codes_and_slugs():
    rows = json.loads(transfer.export_json("feedback"))

    assert len(rows) == FeedbackEntry.objects.count()
    assert {row["question"] for row in rows} >= {"D1.1", "I5.2"}


def test_a_file_with_errors_is_refused_whole_naming_row_and_column(world):
    before = GoodPractice.objects.count()
    rows = [
        _practice_row(),
        _practice_row(slug="second", title_en="", country="XX"),
        _practice_row(slug="third", questions="Z9.9", city=""),
    ]

    plan = transfer.plan_import("practices", transfer.parse("practices", "f.csv", _csv(rows)))
    applied = transfer.apply_import("practices", rows, user=world.curator,
                                    checked_edit_counts=plan.edit_counts)

    found = {(error.row, error.column) for error in plan.errors}
    assert {(2, "title_en"), (2, "country"), (3, "questions"), (3, "city")} <= found
    assert all(error.row != 1 for error in plan.errors)
    assert applied.errors
    assert GoodPractice.objects.count() == before


def test_a_clean_file_is_checked_then_applied_sending_entries_to_review(client, world):
    GoodPracticeFactory(slug="existing", title="Old title", status=Status.PUBLISHED)
    rows = [
        _practice_row(),
        _practice_row(slug="existing", title_en="New title", city="Bergen", country="NO"),
    ]
    client.force_login(world.curator)

    check = client.post(reverse("curation-import"), {
        "kind": "practices", "file": SimpleUploadedFile("practices.csv", _csv(rows)),
    })

    assert [(row.slug, row.action) for row in check.context["plan"].rows] == [
        ("kirklees-welcome-walks", "create"), ("existing", "update"),
    ]
    assert "title_en" in check.context["plan"].rows[1].changed
    assert not GoodPractice.objects.filter(slug="kirklees-welcome-walks").exists()

    client.post(reverse("curation-import"), {"token": check.context["token"], "confirm": "1"})

    created = GoodPractice.objects.get(slug="kirklees-welcome-walks")
    assert (created.status, created.created_by) == (Status.IN_REVIEW, world.curator)
    assert sorted(created.questions.values_list("code", flat=True)) == ["I1.1", "I1.2"]
    updated = GoodPractice.objects.get(slug="existing")
    assert (updated.title, updated.status) == ("New title", Status.IN_REVIEW)


def test_an_unreadable_file_gets_a_clear_message(client, world):
    client.force_login(world.curator)

    response = client.post(reverse("curation-import"), {
        "kind": "feedback", "file": SimpleUploadedFile("entries.json", b"[{\"slug\": "),
    })

    assert "The JSON cannot be read" in text_of(response.content)


@pytest.mark.parametrize("name, content, message", [
    ("x.txt", b"slug\nx\n", "Choose a .csv or a .json file."),
    ("x.csv", b"slug,secret_column\nx,y\n", "Unknown columns: secret_column."),
    ("x.json", b"{\"slug\": \"x\"}", "must be a list of objects"),
    ("x.csv", "slug\n\u00e9".encode("latin-1"), "not UTF-8"),
    ("x.csv", b"slug\n", "holds no entry"),
])
def test_malformed_files_are_refused(name, content, message):
    with pytest.raises(transfer.ImportFileError, match=message):
        transfer.parse("practices", name, content)


def test_a_hostile_import_is_stored_as_text_and_shown_harmless(client, world):
    hostile = "<script>alert(1)</script><img src=x onerror=alert(1)>[x](javascript:alert(1))"
    rows = [_practice_row(process_en=hostile, summary_en="=cmd|' /C calc'!A0")]
    transfer.apply_import("practices", rows, user=world.curator, checked_edit_counts={})
    practice = GoodPractice.objects.get(slug="kirklees-welcome-walks")
    GoodPractice.objects.filter(pk=practice.pk).update(status=Status.PUBLISHED)

    content = client.get(reverse("practice-detail", args=[practice.slug])).content.decode()

    assert "<script>" not in content and "onerror" not in content
    assert "javascript:" not in markup_of(content)
    row = next(r for r in csv.DictReader(io.StringIO(transfer.export_csv("practices")))
               if r["slug"] == practice.slug)
    assert row["summary_en"].startswith("'=")


def test_a_colleagues_save_between_the_check_and_the_confirmation_stops_the_import(
    client, world
):
    existing = GoodPracticeFactory(slug="existing", title="Old title")
    rows = [_practice_row(slug="existing", title_en="From the file", city="Bergen",
                          country="NO")]
    client.force_login(world.curator)
    check = client.post(reverse("curation-import"), {
        "kind": "practices", "file": SimpleUploadedFile("practices.csv", _csv(rows)),
    })
    GoodPractice.objects.filter(pk=existing.pk).update(title="A colleague's title",
                                                       edit_count=2)

    response = client.post(reverse("curation-import"),
                           {"token": check.context["token"], "confirm": "1"})

    assert "changed by a colleague since the check" in text_of(response.content)
    existing.refresh_from_db()
    assert existing.title == "A colleague's title"


def test_an_entry_deleted_between_the_check_and_the_confirmation_stops_the_import(world):
    existing = GoodPracticeFactory(slug="existing", title="Old title")
    upload = SimpleUploadedFile("practices.csv", _csv([_practice_row(slug="existing")]))
    _plan, token = transfer.check_import("practices", upload, user=world.curator)
    existing.delete()

    plan = transfer.confirm_import(token, user=world.curator)

    assert [(error.row, error.column) for error in plan.errors] == [(1, "slug")]
    assert not GoodPractice.objects.filter(slug="existing").exists()


def test_a_checked_file_is_confirmed_once_and_only_by_whoever_checked_it(world, curator2):
    upload = SimpleUploadedFile("practices.csv", _csv([_practice_row()]))
    _plan, token = transfer.check_import("practices", upload, user=world.curator)

    with pytest.raises(transfer.ImportCheckExpired):
        transfer.confirm_import(token, user=curator2)
    assert not GoodPractice.objects.filter(slug="kirklees-welcome-walks").exists()
    transfer.confirm_import(token, user=world.curator)
    assert GoodPractice.objects.filter(slug="kirklees-welcome-walks").exists()
    with pytest.raises(transfer.ImportCheckExpired):
        transfer.confirm_import(token, user=world.curator)


def _json_file(rows) -> SimpleUploadedFile:
    # ensure_ascii writes a lone surrogate as the escape "\ud800", as a hostile file would.
    return SimpleUploadedFile("entries.json", json.dumps(rows).encode())


def test_a_json_file_nested_a_thousand_deep_gets_a_clear_message():
    content = ("[" * 1000 + "]" * 1000).encode()

    with pytest.raises(transfer.ImportFileError, match="nested too deeply"):
        transfer.parse("practices", "deep.json", content)


@pytest.mark.parametrize("column", ["slug", "title_en", "summary_en", "process_en"])
@pytest.mark.parametrize("character, message", [
    ("\x00", "NUL character"),
    ("\ud800", "broken character"),
])
def test_a_nul_or_a_lone_surrogate_is_refused_in_the_check_naming_row_and_column(
    client, world, column, character, message
):
    GoodPracticeFactory(slug="existing", title="Old title")
    before = GoodPractice.objects.count()
    rows = [_practice_row(slug="existing", title_en="New title"),
            _practice_row(**{column: f"Harmless text {character} around it"})]
    client.force_login(world.curator)

    check = client.post(reverse("curation-import"),
                        {"kind": "practices", "file": _json_file(rows)})

    assert check.status_code == 200
    errors = [(error.row, error.column) for error in check.context["plan"].errors]
    assert errors == [(2, column)]
    assert message in check.context["plan"].errors[0].message
    assert check.context["token"] is None
    assert GoodPractice.objects.get(slug="existing").title == "Old title"
    assert GoodPractice.objects.count() == before


def test_a_lone_surrogate_in_a_feedback_body_no_longer_passes_the_check(client, world):
    rows = [{"slug": "broken-body", "question": "E2.1", "applies_to": "no",
             "kind": "recommendation", "title_en": "A title", "body_en": "Text \ud800"}]
    client.force_login(world.curator)

    check = client.post(reverse("curation-import"),
                        {"kind": "feedback", "file": _json_file(rows)})

    assert [(error.row, error.column) for error in check.context["plan"].errors] == [
        (1, "body_en")
    ]
    assert "broken character" in text_of(check.content)
    assert not FeedbackEntry.objects.filter(slug="broken-body").exists()


@pytest.mark.parametrize("value", [{"nested": "object"}, [["a list"]], True])
def test_a_cell_that_is_not_text_is_refused_naming_row_and_column(value):
    rows = [_practice_row(), _practice_row(slug="second", title_en=value)]

    plan = transfer.plan_import("practices", rows)

    assert [(error.row, error.column) for error in plan.errors] == [(2, "title_en")]


def test_an_unknown_column_named_with_a_broken_character_is_shown_escaped(client, world):
    client.force_login(world.curator)

    response = client.post(reverse("curation-import"), {
        "kind": "practices", "file": _json_file([{"slug": "x", "bad\ud800\x00": "y"}]),
    })

    assert response.status_code == 200
    assert "Unknown columns: bad\\ud800\\x00." in text_of(response.content)

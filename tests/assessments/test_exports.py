"""Exports other tools read: an assessment as JSON, CSV or XLSX, a portfolio as CSV or XLSX."""

import csv
import io
import json

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from assessments import exports, services
from assessments.models import Answer, ScoreBand
from checklist_site.spreadsheets import safe_cell
from tests.factories import answer_all

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(exports.SCHEMA_PATH.read_text())


@pytest.fixture
def answered(world):
    answer_all(world.review, ["yes", "partially", "no"], user=world.coordinator)
    Answer.objects.filter(assessment=world.review, question__code="D1.1").update(
        comment="=HYPERLINK(\"https://evil.example\")"
    )
    ScoreBand.objects.create(city=world.city, label="Developing", min_percentage=40)
    services.record_decision(project=world.project, outcome="funded", reason="Clear plan.",
                             conditions_on=[], user=world.coordinator)
    return world.review


def _get(client, world, file_format, **params):
    client.force_login(world.coordinator)
    return client.get(reverse("assessment-export", args=[world.review.pk, file_format]),
                      params)


def test_the_json_export_follows_its_schema(client, world, answered):
    response = _get(client, world, "json")

    record = json.loads(response.content)
    assert response["Content-Disposition"].endswith('.json"')
    Draft202012Validator(SCHEMA).validate(record)
    assert record["schema_version"] == SCHEMA["properties"]["schema_version"]["const"]
    assert record["scores"]["overall"] == {"points": 30, "max_points": 60, "percentage": 50,
                                           "answered": 30, "questions": 30}
    assert (record["band"], record["decision"]["outcome"]) == ("Developing", "funded")
    first = record["answers"][0]
    assert (first["code"], first["answer"], first["points"]) == ("D1.1", "yes", 2)
    assert all(criterion["ticked"] for criterion in first["criteria"])


def test_a_json_export_missing_a_field_fails_the_schema(world, answered):
    record = exports.assessment_record(answered, language="en")
    del record["answers"][3]["comment"]

    assert list(Draft202012Validator(SCHEMA).iter_errors(record))


def test_the_texts_come_in_the_language_asked_for(client, world, answered):
    english = json.loads(_get(client, world, "json").content)
    french = json.loads(_get(client, world, "json", lang="fr").content)

    assert english["language"] == "en" and french["language"] == "fr"
    assert english["answers"][0]["answer_label"] == "Yes"
    assert french["answers"][0]["answer_label"] == "Oui"


def test_the_csv_lists_each_answer_then_the_scores_with_formulas_neutralised(client, world,
                                                                             answered):
    rows = list(csv.reader(io.StringIO(_get(client, world, "csv").content.decode())))

    assert rows[0] == exports.ANSWER_COLUMNS
    answers = rows[1:31]
    assert [row[4] for row in answers][:3] == ["D1.1", "D1.2", "D2.1"]
    assert answers[0][11] == "'=HYPERLINK(\"https://evil.example\")"
    assert ["overall", "", "30", "60", "50"] in rows
    assert ["decision", "Funded"] in rows and ["band", "Developing"] in rows


def test_the_xlsx_holds_answers_scores_and_what_is_about_it(client, world, answered):
    book = load_workbook(io.BytesIO(_get(client, world, "xlsx").content))

    assert book.sheetnames == ["Answers", "Scores", "About"]
    answers = list(book["Answers"].values)
    assert len(answers) == 31
    assert answers[1][11] == "'=HYPERLINK(\"https://evil.example\")"
    assert ("overall", None, 30, 60, 50) in list(book["Scores"].values)


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\uff1d1", "\uff20x", "\t=1"])
def test_cells_that_would_run_as_formulas_are_neutralised(value):
    assert safe_cell(value) == "'" + value
    assert safe_cell("plain text") == "plain text"
    assert safe_cell(-3) == -3  # a number stays a number


def test_no_one_exports_an_assessment_they_may_not_see(client, world, answered):
    client.force_login(world.other_coordinator)

    for file_format in ("json", "csv", "xlsx"):
        url = reverse("assessment-export", args=[world.review.pk, file_format])
        assert client.get(url).status_code == 404
    client.force_login(world.coordinator)
    assert client.get(reverse("assessment-export", args=[world.review.pk, "pdf"])).status_code \
        == 404


def test_the_portfolio_exports_every_row_found_with_its_filters(client, world, answered):
    client.force_login(world.coordinator)
    csv_rows = list(csv.reader(io.StringIO(client.get(
        reverse("portfolio-export", args=["csv"]), {"purpose": "proposal_review"}
    ).content.decode())))
    book = load_workbook(io.BytesIO(client.get(
        reverse("portfolio-export", args=["xlsx"]), {"purpose": "self_assessment"}
    ).content))

    assert csv_rows[0] == exports.PORTFOLIO_COLUMNS
    assert [row[0] for row in csv_rows[1:]] == [str(world.review.pk)]
    row = dict(zip(exports.PORTFOLIO_COLUMNS, csv_rows[1], strict=True))
    assert (row["overall_points"], row["overall_percentage"], row["band"], row["decision"]) == (
        "30", "50", "Developing", "Funded")
    assert list(book["Portfolio"].values)[1:] == []  # the partner's own stays its own


def test_the_other_city_exports_none_of_our_portfolio(client, world, answered):
    client.force_login(world.other_coordinator)

    rows = client.get(reverse("portfolio-export", args=["csv"])).content.decode()

    assert "Kitchen nights" not in rows

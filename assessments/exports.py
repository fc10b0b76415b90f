"""Assessments as data other tools read: JSON (with its schema), CSV and XLSX.

One record per assessment, in the language asked for: the project, the checklist version,
each answer with its question's code and text, the criteria ticked and the comment, the
scores per indicator, pillar and overall, the band reached on the city's own bands, and
the city's decision. No person is named. Text bound for a spreadsheet is neutralised
(`checklist_site.spreadsheets`). The JSON shape is `schemas/assessment-export-1.0.schema.json`,
versioned by `SCHEMA_VERSION`.
"""

import csv
import io
import json
from pathlib import Path

from django.utils import translation
from openpyxl import Workbook

from checklist_site.spreadsheets import safe_cell

from . import scoring
from .models import Assessment, Decision
from .results import collect_results

SCHEMA_VERSION = "1.0"
SCHEMA_PATH = (Path(__file__).resolve().parent / "schemas"
               / f"assessment-export-{SCHEMA_VERSION}.schema.json")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _score(score: scoring.Score) -> dict:
    return {"points": score.points, "max_points": score.max_points,
            "percentage": score.percentage, "answered": score.answered,
            "questions": score.questions}


def assessment_record(assessment: Assessment, *, language: str) -> dict:
    """Everything an export holds of one assessment, as plain data."""
    with translation.override(language):
        results = collect_results(assessment, with_feedback=False)
        project = assessment.project
        decision = Decision.objects.filter(project=project).prefetch_related(
            "conditions_on").first()
        card = results.scorecard
        return {
            "schema_version": SCHEMA_VERSION,
            "language": language,
            "assessment": {
                "id": assessment.pk,
                "purpose": assessment.purpose,
                "purpose_label": assessment.get_purpose_display(),
                "status": assessment.status,
                "checklist_version": assessment.version.label,
                "started_at": assessment.created_at.isoformat(),
                "submitted_at": assessment.submitted_at.isoformat()
                if assessment.submitted_at else None,
                "assessed_by": assessment.assessor.name,
            },
            "project": {
                "id": project.pk,
                "title": project.title,
                "run_by": project.organisation.name,
                "submitted_to": project.city.name,
                "funding_round": project.funding_round.name if project.funding_round else None,
                "topic_areas": [topic.name for topic in project.topic_areas.all()],
            },
            "scores": {
                "overall": _score(card.overall),
                "pillars": [
                    {"pillar": pillar.slug, "title": pillar.title, **_score(pillar.score),
                     "indicators": [
                         {"code": indicator.code, "title": indicator.title,
                          **_score(indicator.score)}
                         for indicator in pillar.indicators
                     ]}
                    for pillar in card.pillars
                ],
            },
            "band": results.bands.reached.label if results.bands.reached else None,
            "decision": {
                "outcome": decision.outcome,
                "outcome_label": decision.get_outcome_display(),
                "reason": decision.reason,
                "conditions_on": [question.code for question in decision.conditions_on.all()],
            } if decision else None,
            "answers": [
                {
                    "code": item.question.code,
                    "question": item.question.text,
                    "indicator": item.question.indicator.code,
                    "answer": item.answer.value if item.answer else None,
                    "answer_label": item.answer.get_value_display() if item.answer else None,
                    "points": item.points,
                    "criteria": [
                        {"text": criterion.text, "ticked": criterion.pk in item.criteria_met}
                        for criterion in item.criteria
                    ],
                    "comment": item.answer.comment if item.answer else "",
                }
                for item in results.items
            ],
        }


def as_json(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2)


ANSWER_COLUMNS = ["assessment", "project", "purpose", "checklist_version", "code", "indicator",
                  "question", "answer", "points", "criteria_ticked", "criteria_not_ticked",
                  "comment"]


def _answer_rows(record: dict) -> list[list]:
    about = record["assessment"]
    return [
        [about["id"], record["project"]["title"], about["purpose_label"],
         about["checklist_version"], answer["code"], answer["indicator"], answer["question"],
         answer["answer_label"], answer["points"],
         "; ".join(c["text"] for c in answer["criteria"] if c["ticked"]),
         "; ".join(c["text"] for c in answer["criteria"] if not c["ticked"]),
         answer["comment"]]
        for answer in record["answers"]
    ]


def _score_rows(record: dict) -> list[list]:
    overall = record["scores"]["overall"]
    rows = [["overall", "", overall["points"], overall["max_points"], overall["percentage"]]]
    for pillar in record["scores"]["pillars"]:
        rows.append([pillar["pillar"], pillar["title"], pillar["points"], pillar["max_points"],
                     pillar["percentage"]])
        rows += [[indicator["code"], indicator["title"], indicator["points"],
                  indicator["max_points"], indicator["percentage"]]
                 for indicator in pillar["indicators"]]
    return rows


def _about_rows(record: dict) -> list[list]:
    decision = record["decision"] or {}
    return [
        ["project", record["project"]["title"]],
        ["run_by", record["project"]["run_by"]],
        ["submitted_to", record["project"]["submitted_to"]],
        ["funding_round", record["project"]["funding_round"] or ""],
        ["purpose", record["assessment"]["purpose_label"]],
        ["status", record["assessment"]["status"]],
        ["checklist_version", record["assessment"]["checklist_version"]],
        ["band", record["band"] or ""],
        ["decision", decision.get("outcome_label", "")],
        ["decision_reason", decision.get("reason", "")],
        ["decision_conditions_on", "; ".join(decision.get("conditions_on", []))],
    ]


SCORE_COLUMNS = ["score", "title", "points", "max_points", "percentage"]


def as_csv(record: dict) -> str:
    """One row per answer; the scores, band and decision follow after a blank line."""
    out = io.StringIO()
    writer = csv.writer(out)
    for header, rows in ((ANSWER_COLUMNS, _answer_rows(record)),
                         (SCORE_COLUMNS, _score_rows(record)),
                         (["field", "value"], _about_rows(record))):
        writer.writerow(header)
        writer.writerows([[safe_cell(cell) for cell in row] for row in rows])
        writer.writerow([])
    return out.getvalue()


def _workbook(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append([safe_cell(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_xlsx(record: dict) -> bytes:
    return _workbook([
        ("Answers", ANSWER_COLUMNS, _answer_rows(record)),
        ("Scores", SCORE_COLUMNS, _score_rows(record)),
        ("About", ["field", "value"], _about_rows(record)),
    ])


PORTFOLIO_COLUMNS = [
    "assessment", "project", "run_by", "funding_round", "topic_areas", "purpose", "status",
    "started", "submitted", "overall_points", "overall_max", "overall_percentage",
    "diversity_points", "diversity_max", "diversity_percentage", "equality_points",
    "equality_max", "equality_percentage", "interaction_points", "interaction_max",
    "interaction_percentage", "band", "decision",
]


def portfolio_rows(rows) -> list[list]:
    """The portfolio's rows (`Portfolio.rows`) as table rows."""
    return [
        [row.pk, row.project.title, row.project.organisation.name,
         row.project.funding_round.name if row.project.funding_round else "",
         "; ".join(topic.name for topic in row.topic_areas), row.get_purpose_display(),
         row.get_status_display(), row.created_at.date().isoformat(),
         row.submitted_at.date().isoformat() if row.submitted_at else "",
         *[value for figure in row.figures
           for value in (figure.points, figure.max_points, figure.percentage)],
         row.band.label if row.band else "", row.decision_label]
        for row in rows
    ]


def portfolio_csv(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PORTFOLIO_COLUMNS)
    writer.writerows([[safe_cell(cell) for cell in row] for row in portfolio_rows(rows)])
    return out.getvalue()


def portfolio_xlsx(rows) -> bytes:
    return _workbook([("Portfolio", PORTFOLIO_COLUMNS, portfolio_rows(rows))])

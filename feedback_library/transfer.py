"""Bulk import and export of good practices and feedback entries, as CSV or JSON.

Every imported row goes through the same form as a curator's edit, so it is validated
the same way (and its Markdown sanitised the same way when shown). An import is checked
first: a file with any error is refused whole, naming row and column, and nothing
changes. A clean file shows what would be created and changed; only a confirmation
applies it, in one transaction, each entry sent to review with a revision.

Before any form or query sees a row, each cell must be text (or, for the columns of
codes and slugs, a list of texts) that PostgreSQL can store: no NUL, no lone surrogate
(JSON can write "\\ud800"). Such a cell used to pass the check and break the
confirmation, or reach a query and end in a server error.

CSV exports neutralise spreadsheet formulas: a cell starting with = + - @ (or a tab or
carriage return) gets a leading apostrophe, which a later import removes again.
"""

import csv
import io
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from reversion import create_revision, set_comment, set_user

from assessments.models import ChecklistVersion, Indicator, Question, TopicArea
from checklist_site.validators import printable, unstorable_text_problem

from .curation import content_changed
from .forms import FeedbackEntryForm, GoodPracticeForm
from .models import FeedbackEntry, GoodPractice, Status

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_IMPORT_BYTES = 2 * 1024 * 1024
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Kind:
    model: type
    form: type
    columns: tuple[str, ...]
    # Columns holding codes or slugs of related objects, and the form field they feed.
    lists: tuple[str, ...] = ()


KINDS = {
    "practices": Kind(
        GoodPractice, GoodPracticeForm,
        ("slug", "title_en", "title_fr", "scope", "city", "country", "city_size", "period",
         "summary_en", "summary_fr", "purpose_en", "purpose_fr", "rationale_en",
         "rationale_fr", "process_en", "process_fr", "source_title", "source_url",
         "topic_areas", "indicators", "questions", "status"),
        lists=("topic_areas", "indicators", "questions"),
    ),
    "feedback": Kind(
        FeedbackEntry, FeedbackEntryForm,
        ("slug", "question", "applies_to", "kind", "title_en", "title_fr", "body_en",
         "body_fr", "status"),
    ),
}
EXPORT_ONLY = {"status"}


class ImportFileError(Exception):
    """The file cannot be read at all; the message says why."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class RowPlan:
    row: int
    slug: str
    action: str  # "create", "update" or "unchanged"
    changed: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # The edit version of each existing entry when checked: a colleague's save between
    # the check and the confirmation must not be overwritten unseen.
    versions: dict[str, int] = field(default_factory=dict)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


# Export ----------------------------------------------------------------------------------


def safe_csv_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _export_rows(kind: str) -> list[dict]:
    spec = KINDS[kind]
    objects = spec.model.objects.order_by("slug")
    if kind == "practices":
        objects = objects.prefetch_related("topic_areas", "indicators", "questions")
    else:
        objects = objects.select_related("question")
    rows = []
    for obj in objects:
        row = {}
        for column in spec.columns:
            if column in spec.lists:
                key = "slug" if column == "topic_areas" else "code"
                row[column] = [getattr(item, key) for item in getattr(obj, column).all()]
            elif column == "question":
                row[column] = obj.question.code
            else:
                value = getattr(obj, column)
                row[column] = str(value) if column == "country" else (value or "")
        rows.append(row)
    return rows


def export_json(kind: str) -> str:
    return json.dumps(_export_rows(kind), ensure_ascii=False, indent=2)


def export_csv(kind: str) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=KINDS[kind].columns)
    writer.writeheader()
    for row in _export_rows(kind):
        writer.writerow({
            column: safe_csv_cell(
                LIST_SEPARATOR.join(value) if isinstance(value, list) else value
            )
            for column, value in row.items()
        })
    return out.getvalue()


# Import ----------------------------------------------------------------------------------


def parse(kind: str, name: str, content: bytes) -> list[dict]:
    """Rows of an uploaded CSV or JSON file, as dictionaries of strings and lists."""
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportFileError(_("The file is larger than 2 MB."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("The file is not UTF-8 text.")) from None
    if name.lower().endswith(".json"):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportFileError(
                _("The JSON cannot be read (line %(line)d): %(error)s")
                % {"line": error.lineno, "error": error.msg}
            ) from None
        except RecursionError:
            raise ImportFileError(
                _("The JSON is nested too deeply: an export is a list of flat objects.")
            ) from None
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ImportFileError(_("The JSON must be a list of objects, one per entry."))
    elif name.lower().endswith(".csv"):
        try:
            rows = list(csv.DictReader(io.StringIO(text)))
        except csv.Error as error:
            raise ImportFileError(
                _("The CSV cannot be read: %(error)s") % {"error": error}
            ) from None
        rows = [{key: _unescape(value) for key, value in row.items()} for row in rows]
    else:
        raise ImportFileError(_("Choose a .csv or a .json file."))
    if not rows:
        raise ImportFileError(_("The file holds no entry."))
    known = set(KINDS[kind].columns)
    unknown = sorted({key for row in rows for key in row if key not in known and key})
    if unknown:
        raise ImportFileError(
            _("Unknown columns: %(columns)s. Use the columns of an export.")
            % {"columns": ", ".join(printable(key) for key in unknown)}
        )
    if any("slug" not in row for row in rows):
        raise ImportFileError(_("Every entry needs a slug column."))
    return rows


def _unescape(value):
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _cell_problem(value, *, may_be_list: bool) -> str | None:
    """Why a cell cannot be imported, or None. Nested values are not read through."""
    for item in value if may_be_list and isinstance(value, list) else [value]:
        if item is None or (isinstance(item, int | float) and not isinstance(item, bool)):
            continue
        if not isinstance(item, str):
            return (_("Must be text or a list of texts.") if may_be_list
                    else _("Must be text."))
        problem = unstorable_text_problem(item)
        if problem:
            return problem
    return None


def _unreadable_cells(kind: str, rows: list[dict]) -> list[RowError]:
    spec = KINDS[kind]
    errors = []
    for number, row in enumerate(rows, start=1):
        for column in spec.columns:
            if column in row:
                problem = _cell_problem(row[column], may_be_list=column in spec.lists)
                if problem:
                    errors.append(RowError(number, column, problem))
    return errors


def _as_list(value) -> list[str]:
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    return [item.strip() for item in str(value or "").split(LIST_SEPARATOR) if item.strip()]


class _Lookups:
    """Codes and slugs of the files, turned into primary keys of the latest version."""

    def __init__(self):
        version = ChecklistVersion.objects.latest_published()
        self.topics = dict(TopicArea.objects.values_list("slug", "pk"))
        self.indicators = dict(
            Indicator.objects.of_version(version).values_list("code", "pk")
        )
        self.questions = dict(
            Question.objects.of_version(version).values_list("code", "pk")
        )

    def resolve(self, column: str, values: list[str]) -> tuple[list[int], list[str]]:
        table = {"topic_areas": self.topics, "indicators": self.indicators,
                 "questions": self.questions, "question": self.questions}[column]
        found = [table[value] for value in values if value in table]
        missing = [value for value in values if value not in table]
        return found, missing


def _forms(kind: str, rows: list[dict]):
    """One bound form per row, with the errors found while reading codes and slugs."""
    spec = KINDS[kind]
    lookups = _Lookups()
    existing = spec.model.objects.in_bulk([str(row.get("slug", "")) for row in rows],
                                          field_name="slug")
    # Rows are counted from the first entry (in a CSV, the first line after the header).
    for number, row in enumerate(rows, start=1):
        errors = []
        data = {}
        for column in spec.columns:
            if column in EXPORT_ONLY or column not in row:
                continue
            value = row[column]
            if column in spec.lists or column == "question":
                pks, missing = lookups.resolve(column, _as_list(value))
                if missing:
                    errors.append(RowError(number, column, _("Unknown: %(values)s.")
                                           % {"values": ", ".join(missing)}))
                data[column] = pks if column in spec.lists else (pks[0] if pks else "")
            else:
                data[column] = "" if value is None else str(value)
        instance = existing.get(str(row.get("slug", "")))
        if instance is not None:
            data["edit_version"] = instance.edit_version
        form = spec.form(data, instance=instance or spec.model())
        yield number, instance, form, errors


def plan_import(kind: str, rows: list[dict]) -> ImportPlan:
    # Until every cell is storable text, nothing else is checked: the file is refused
    # whole anyway, and the other checks would query or echo those cells.
    plan = ImportPlan(errors=_unreadable_cells(kind, rows))
    if plan.errors:
        return plan
    seen_slugs: dict[str, int] = {}
    for number, instance, form, errors in _forms(kind, rows):
        plan.errors.extend(errors)
        slug = str(rows[number - 1].get("slug", ""))
        if slug in seen_slugs:
            plan.errors.append(RowError(number, "slug", _("Also used on row %(row)d.")
                                        % {"row": seen_slugs[slug]}))
        seen_slugs[slug] = number
        if not form.is_valid():
            for column, messages in form.errors.items():
                for message in messages:
                    plan.errors.append(RowError(number, column if column != "__all__" else "-",
                                                message))
            continue
        changed = content_changed(form)
        action = "create" if instance is None else ("update" if changed else "unchanged")
        plan.rows.append(RowPlan(number, form.cleaned_data["slug"], action, changed))
        if instance is not None:
            plan.versions[instance.slug] = instance.edit_version
    return plan


@transaction.atomic
def apply_import(kind: str, rows: list[dict], *, user, checked_versions: dict[str, int]
                 ) -> ImportPlan:
    """Apply a file that plans without error; every created or changed entry goes to review.

    `checked_versions` are the edit versions the dry run saw. Entries are locked, then
    compared: one saved since by a colleague is reported, and nothing is applied.
    """
    unreadable = _unreadable_cells(kind, rows)
    if unreadable:
        return ImportPlan(errors=unreadable)
    slugs = [str(row.get("slug", "")) for row in rows]
    current = dict(
        KINDS[kind].model.objects.select_for_update().filter(slug__in=slugs)
        .values_list("slug", "edit_version")
    )
    plan = plan_import(kind, rows)
    for number, slug in enumerate(slugs, start=1):
        if current.get(slug) != checked_versions.get(slug):
            plan.errors.append(RowError(number, "slug", _(
                "This entry was created or changed by a colleague since the check."
            )))
    if plan.errors:
        return plan
    for _number, instance, form, _errors in _forms(kind, rows):
        form.is_valid()
        if instance is not None and not content_changed(form):
            continue
        entry = form.instance
        entry.status = Status.IN_REVIEW
        entry.last_edited_by = user
        if instance is None:
            entry.created_by = user
        else:
            entry.edit_version = instance.edit_version + 1
        with create_revision():
            form.save()
            set_user(user)
            set_comment(_("Imported"))
    return plan

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
import secrets
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.models import ChecklistVersion, Indicator, Question, TopicArea
from checklist_site.spreadsheets import safe_cell, unescape_cell
from checklist_site.validators import printable, unstorable_text_problem

from . import curation
from .kinds import KINDS

MAX_IMPORT_BYTES = 2 * 1024 * 1024
LIST_SEPARATOR = ";"
EXPORT_ONLY = {"status"}
# How long a checked file waits for its confirmation.
IMPORT_CHECK_SECONDS = 30 * 60


class ImportFileError(Exception):
    """The file cannot be read at all; the message says why."""


class ImportCheckExpired(Exception):
    """The check being confirmed is no longer kept (or never was): check the file again."""


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
    # The edit count of each existing entry when checked, by slug: a colleague's save
    # between the check and the confirmation must not be overwritten unseen.
    edit_counts: dict[str, int] = field(default_factory=dict)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


# Export ----------------------------------------------------------------------------------


def _export_rows(kind: str) -> list[dict]:
    spec = KINDS[kind]
    objects = (spec.model.objects.order_by("slug").select_related(*spec.select_related)
               .prefetch_related(*spec.lists))
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
            column: safe_cell(
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
        rows = [{key: unescape_cell(value) for key, value in row.items()} for row in rows]
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
    """Codes and slugs of the files, turned into primary keys of the latest checklist version."""

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
        changed = curation.content_changed(form)
        action = "create" if instance is None else ("update" if changed else "unchanged")
        plan.rows.append(RowPlan(number, form.cleaned_data["slug"], action, changed))
        if instance is not None:
            plan.edit_counts[instance.slug] = instance.edit_count
    return plan


@transaction.atomic
def apply_import(kind: str, rows: list[dict], *, user, checked_edit_counts: dict[str, int]
                 ) -> ImportPlan:
    """Apply a file that plans without error, each row an edit sent to review.

    `checked_edit_counts` are the edit counts the check saw: an entry created, changed or
    deleted by a colleague since is reported, and nothing is applied.
    """
    unreadable = _unreadable_cells(kind, rows)
    if unreadable:
        return ImportPlan(errors=unreadable)
    plan = plan_import(kind, rows)
    if plan.errors:
        return plan
    for number, _instance, form, _errors in _forms(kind, rows):
        form.is_valid()
        try:
            curation.record_edit(
                form, user=user, comment=_("Imported"), send_to_review=True,
                seen_edit_count=checked_edit_counts.get(form.cleaned_data["slug"]),
            )
        except curation.EditConflict:
            plan.errors.append(RowError(number, "slug", _(
                "This entry was created or changed by a colleague since the check."
            )))
    if plan.errors:
        transaction.set_rollback(True)
    return plan


# The check and its confirmation -----------------------------------------------------------


def check_import(kind: str, upload, *, user) -> tuple[ImportPlan, str | None]:
    """Check an uploaded file, changing nothing; raises ImportFileError if it cannot be read.

    A file without error is kept for `user` to confirm, as it was checked, under the token
    returned with its plan (None for a file with errors).
    """
    rows = parse(kind, upload.name, upload.read(MAX_IMPORT_BYTES + 1))
    plan = plan_import(kind, rows)
    if plan.errors:
        return plan, None
    token = secrets.token_urlsafe(16)
    cache.set(_check_key(user, token), (kind, rows, plan.edit_counts), IMPORT_CHECK_SECONDS)
    return plan, token


def confirm_import(token: str, *, user) -> ImportPlan:
    """Apply the file `user` checked under `token`; raises ImportCheckExpired if it is
    no longer kept. An applied file is forgotten: it cannot be confirmed twice."""
    key = _check_key(user, token)
    checked = cache.get(key)
    if checked is None:
        raise ImportCheckExpired
    kind, rows, edit_counts = checked
    plan = apply_import(kind, rows, user=user, checked_edit_counts=edit_counts)
    if not plan.errors:
        cache.delete(key)
    return plan


def _check_key(user, token: str) -> str:
    # Keyed by the user too: a token seen by someone else confirms nothing for them.
    return f"library-import:{user.pk}:{token}"

"""Curating the library: saving with revisions, the review workflow, restoring revisions.

Workflow: draft -> in review -> published -> archived. Only published entries reach
assessors. A curator other than the one who last changed an entry publishes it (unless
LIBRARY_AUTHOR_MAY_PUBLISH is set). Changing a published entry sends it back to review.
Every save is kept as a revision (django-reversion) with its author and date, and any
revision can be restored, as a draft, to go through review again.

An edit is made by record_edit() wherever it comes from (the curation pages, the admin, an
import): who edited, what was published and when are written by these rules only.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion import create_revision, set_comment, set_user
from reversion.models import Version

from . import kinds
from .models import Status

# Allowed moves: (from, to) -> the name of the action, as shown on buttons.
TRANSITIONS = {
    (Status.DRAFT, Status.IN_REVIEW): "submit",
    (Status.IN_REVIEW, Status.DRAFT): "send_back",
    (Status.IN_REVIEW, Status.PUBLISHED): "publish",
    (Status.PUBLISHED, Status.ARCHIVED): "archive",
    (Status.ARCHIVED, Status.DRAFT): "revive",
}
ACTIONS = {action: target for (_source, target), action in TRANSITIONS.items()}


class CurationError(Exception):
    """An action the entry's state or the curator's part does not allow."""


class EditConflict(Exception):
    """Someone saved the entry after this curator opened it; nothing was overwritten.

    `current` is the entry as saved now (None if it was deleted)."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


def may_publish(user, entry) -> bool:
    return settings.LIBRARY_AUTHOR_MAY_PUBLISH or entry.last_edited_by_id != user.pk


def content_changed(form) -> list[str]:
    """The fields whose content a save changes (the edit count seen is bookkeeping)."""
    return [name for name in form.changed_data if name != "seen_edit_count"]


def lock_for_edit(entry, *, seen_edit_count: int | None):
    """The entry's saved row, locked until the transaction ends.

    Raises EditConflict if the entry was saved since its editor saw `seen_edit_count`:
    of two edits from the same starting point, the second changes nothing.
    """
    current = type(entry).objects.select_for_update().get(pk=entry.pk)
    if current.edit_count != seen_edit_count:
        raise EditConflict(current)
    return current


@transaction.atomic
def record_edit(form, *, user, seen_edit_count: int | None, comment: str = "",
                send_to_review: bool = False):
    """Save a valid form of a library entry as one edit: the one way an edit is made, in
    the curation pages, the admin and the import alike.

    `seen_edit_count` is the entry's edit count when its editor opened it (None for a new
    entry): an entry saved since raises EditConflict and nothing changes. An edit that
    changes no content is not saved. Otherwise the edit is counted and kept as a revision
    by `user`; on a kind with the review workflow it records its editor, and a change to a
    published entry (or any, with `send_to_review`, as imports do) sends it to review.
    """
    entry = form.instance
    has_workflow = kinds.of_entry(entry).has_workflow
    if not entry.pk and seen_edit_count is not None:
        raise EditConflict(None)  # deleted since its editor saw it
    if entry.pk:
        current = lock_for_edit(entry, seen_edit_count=seen_edit_count)
        if not content_changed(form):
            return entry
        entry.edit_count = current.edit_count + 1
        if has_workflow:
            # The entry was read before the lock: a colleague may have moved it along the
            # workflow since, and assessors seen it; the save must not undo either.
            for name in _KEPT_BY_EDITS:
                setattr(entry, name, getattr(current, name))
    if has_workflow:
        entry.last_edited_by = user
        if not entry.pk:
            entry.created_by = user
        if send_to_review or (entry.pk and entry.status == Status.PUBLISHED):
            entry.status = Status.IN_REVIEW
    with create_revision():
        form.save()
        set_user(user)
        set_comment(comment or _("Edited"))
    return entry


@transaction.atomic
def move(entry, action: str, *, user):
    """Move an entry along the workflow (submit, send back, publish, archive, revive)."""
    locked = type(entry).objects.select_for_update().get(pk=entry.pk)
    target = ACTIONS.get(action)
    if target is None or TRANSITIONS.get((locked.status, target)) != action:
        raise CurationError(
            _("An entry with the status “%(status)s” cannot be moved that way.")
            % {"status": locked.get_status_display()}
        )
    if target == Status.PUBLISHED and not may_publish(user, locked):
        raise CurationError(
            _("Another curator publishes what you changed: ask a colleague to review it.")
        )
    locked.status = target
    fields = ["status", "updated_at"]
    if target == Status.PUBLISHED:
        locked.published_by, locked.published_at = user, timezone.now()
        fields += ["published_by", "published_at"]
    with create_revision():
        locked.save(update_fields=fields)
        set_user(user)
        set_comment(locked.get_status_display())
    return locked


def revisions(entry):
    """The entry's revisions (reversion's versions of it), the latest first."""
    return Version.objects.get_for_object(entry).select_related("revision__user")


@dataclass(frozen=True)
class SavedRevision:
    """One revision of an entry, as its history shows it."""

    pk: int  # what restore() is given back
    saved_at: datetime
    saved_by: object  # the user, or None for what fixtures loaded
    comment: str
    fields: list[tuple[str, object]]


def history(entry) -> list[SavedRevision]:
    return [
        SavedRevision(revision.pk, revision.revision.date_created, revision.revision.user,
                      revision.revision.comment, revision_fields(revision, type(entry)))
        for revision in revisions(entry)
    ]


def revision_fields(revision: Version, model) -> list[tuple[str, object]]:
    """The content a revision holds, as (field label, value), leaving out bookkeeping."""
    fields = {
        field.attname: field
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.name not in _BOOKKEEPING
    }
    shown = []
    for name, value in revision.field_dict.items():
        if name not in fields or value in ("", None, []):
            continue
        field = fields[name]
        if field.many_to_many:  # stored as primary keys: show what they name
            related = field.related_model.objects.filter(pk__in=value)
            value = ", ".join(str(item) for item in related)
        shown.append((field.verbose_name, value))
    return shown


@transaction.atomic
def restore(entry, revision: Version, *, user):
    """Bring back the content of an old revision, as a draft to be reviewed again."""
    locked = type(entry).objects.select_for_update().get(pk=entry.pk)
    data = revision.field_dict
    many_to_many = {}
    for field in locked._meta.get_fields():
        concrete = getattr(field, "concrete", False)
        if not concrete or field.name in _BOOKKEEPING or field.attname not in data:
            continue
        if isinstance(field, models.ManyToManyField):
            many_to_many[field.name] = data[field.attname]
        else:
            setattr(locked, field.attname, data[field.attname])
    locked.edit_count += 1
    if kinds.of_entry(locked).has_workflow:
        locked.status = Status.DRAFT
        locked.last_edited_by = user
    with create_revision():
        locked.save()
        for name, pks in many_to_many.items():
            getattr(locked, name).set(pks)
        set_user(user)
        created = timezone.localtime(revision.revision.date_created)
        set_comment(_("Restored the revision of %(date)s") % {"date": f"{created:%Y-%m-%d %H:%M}"})
    return locked


# Fields a restore leaves as they are: identity, workflow and bookkeeping.
_BOOKKEEPING = {
    "id", "slug", "status", "created_by", "created_at", "updated_at", "last_edited_by",
    "published_by", "published_at", "edit_count", "times_shown",
}
# Fields only the workflow and the count of assessors shown an entry write.
_KEPT_BY_EDITS = ("status", "published_by_id", "published_at", "times_shown")

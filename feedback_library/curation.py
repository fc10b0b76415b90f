"""Curating the library: saving with revisions, the review workflow, restoring revisions.

Workflow: draft -> in review -> published -> archived. Only published entries reach
assessors. A curator other than the one who last changed an entry publishes it (unless
LIBRARY_AUTHOR_MAY_PUBLISH is set). Changing a published entry sends it back to review.
Every save is kept as a revision (django-reversion) with its author and date, and any
revision can be restored, as a draft, to go through review again.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion import create_revision, set_comment, set_user
from reversion.models import Version

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
    """Someone saved the entry after this curator opened it; nothing was overwritten."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


def may_publish(user, entry) -> bool:
    return settings.LIBRARY_AUTHOR_MAY_PUBLISH or entry.last_edited_by_id != user.pk


def content_changed(form) -> list[str]:
    """The fields whose content a save changes (the edit version is bookkeeping)."""
    return [name for name in form.changed_data if name != "edit_version"]


def apply_edit_rules(entry, form, *, user) -> None:
    """What every edit of a library entry does, in the curation pages and the admin alike:
    it records its editor, and a change to a published entry sends it back to review."""
    if not _has_workflow(entry):
        return
    entry.last_edited_by = user
    if not entry.pk:
        entry.created_by = user
    elif entry.status == Status.PUBLISHED and content_changed(form):
        entry.status = Status.IN_REVIEW


def _has_workflow(entry) -> bool:
    return hasattr(entry, "status")


@transaction.atomic
def save_entry(form, *, user, seen_version: int | None):
    """Save a curation form's instance as a new revision, unless someone saved first.

    `seen_version` is the entry's edit_version when the curator opened it (None for a
    new entry). The row is locked while compared, so of two saves from the same starting
    point the second raises EditConflict and changes nothing.
    """
    entry = form.instance
    if entry.pk:
        current = type(entry).objects.select_for_update().get(pk=entry.pk)
        if current.edit_version != seen_version:
            raise EditConflict(current)
        if not content_changed(form):
            return entry  # nothing to save: no revision, no trip back to review
        entry.edit_version = current.edit_version + 1
    apply_edit_rules(entry, form, user=user)
    with create_revision():
        form.save()
        set_user(user)
        set_comment(_("Edited"))
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
    return Version.objects.get_for_object(entry).select_related("revision__user")


def revision_fields(version: Version, model) -> list[tuple[str, object]]:
    """The content a revision holds, as (field label, value), leaving out bookkeeping."""
    fields = {
        field.attname: field
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.name not in _BOOKKEEPING
    }
    shown = []
    for name, value in version.field_dict.items():
        if name not in fields or value in ("", None, []):
            continue
        field = fields[name]
        if field.many_to_many:  # stored as primary keys: show what they name
            related = field.related_model.objects.filter(pk__in=value)
            value = ", ".join(str(item) for item in related)
        shown.append((field.verbose_name, value))
    return shown


@transaction.atomic
def restore(entry, version: Version, *, user):
    """Bring back the content of an old revision, as a draft to be reviewed again."""
    locked = type(entry).objects.select_for_update().get(pk=entry.pk)
    data = version.field_dict
    many_to_many = {}
    for field in locked._meta.get_fields():
        concrete = getattr(field, "concrete", False)
        if not concrete or field.name in _BOOKKEEPING or field.attname not in data:
            continue
        if isinstance(field, models.ManyToManyField):
            many_to_many[field.name] = data[field.attname]
        else:
            setattr(locked, field.attname, data[field.attname])
    locked.edit_version += 1
    if _has_workflow(locked):
        locked.status = Status.DRAFT
        locked.last_edited_by = user
    with create_revision():
        locked.save()
        for name, pks in many_to_many.items():
            getattr(locked, name).set(pks)
        set_user(user)
        created = timezone.localtime(version.revision.date_created)
        set_comment(_("Restored the revision of %(date)s") % {"date": f"{created:%Y-%m-%d %H:%M}"})
    return locked


# Fields a restore leaves as they are: identity, workflow and bookkeeping.
_BOOKKEEPING = {
    "id", "slug", "status", "created_by", "created_at", "updated_at", "last_edited_by",
    "published_by", "published_at", "edit_version", "times_shown",
}

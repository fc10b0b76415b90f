from django.db import models
from django.utils.translation import gettext_lazy as _

from checklist_site.storages import report_storage


class RenderedReport(models.Model):
    """A PDF asked for, rendered by a worker off the request, and kept in shared storage.

    `key` says what the PDF shows (see `assessments.reports`): the same key is the same
    file, so an unchanged report is rendered once and then only looked up.
    """

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("Assessment report")
        COMPARISON = "comparison", _("Comparison")
        BLANK = "blank", _("Blank checklist")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RENDERING = "rendering", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # What to render: ids and options, read by the worker (see reports.render_requested).
    spec = models.JSONField()
    filename = models.CharField(max_length=150)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(storage=report_storage, upload_to="reports/%Y/%m/", blank=True)
    # Who asked: "user:<pk>" or "address:<ip>", for the render limit.
    requested_by = models.CharField(max_length=100)
    requested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("rendered report")
        verbose_name_plural = _("rendered reports")
        indexes = [models.Index(fields=["requested_by", "requested_at"])]

    def __str__(self):
        return self.filename

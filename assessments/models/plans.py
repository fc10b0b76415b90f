from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .answers import Assessment
from .checklist import Question
from .organisations import Organisation, Project


class PerspectiveNote(models.Model):
    """A short note on a question where the partner's and the city's readings of a
    project differ, seen by both sides."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="perspective_notes",
        verbose_name=_("project"),
    )
    code = models.CharField(_("question"), max_length=8)
    text = models.TextField(_("note"), validators=[MaxLengthValidator(1000)])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("written by"),
    )
    # The side the author spoke for: the other side sees this, never the person's name.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("for"),
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("note on a disagreement")
        verbose_name_plural = _("notes on disagreements")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.code}: {self.text[:40]}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Action(models.Model):
    """Work drawn from a "no" or "partially" answer, followed to the final evaluation."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="actions",
        verbose_name=_("assessment"),
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question"),
    )
    what = models.TextField(_("what"), validators=[MaxLengthValidator(1000)])
    who = models.CharField(_("who"), max_length=120,
                           help_text=_("A name or a role, e.g. “the youth worker”."))
    due = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices,
                              default=ActionStatus.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["question__indicator__pillar__order", "question__indicator__order",
                    "question__order", "created_at"]

    def __str__(self):
        return self.what[:60]

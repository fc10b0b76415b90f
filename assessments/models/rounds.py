from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .checklist import Question
from .organisations import Organisation, Project


class FundingRound(models.Model):
    """A city's call for proposals: the proposals it received are reviewed side by side."""

    city = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="funding_rounds",
        limit_choices_to={"kind": Organisation.Kind.CITY}, verbose_name=_("city"),
    )
    name = models.CharField(_("name"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    description = models.TextField(
        _("description"), blank=True, validators=[MaxLengthValidator(2000)]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("funding round")
        verbose_name_plural = _("funding rounds")
        ordering = ["-opens_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="one_round_name_per_city"),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="round_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return self.name


class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    FUNDED = "funded", _("Funded")
    FUNDED_WITH_CONDITIONS = "conditions", _("Funded with conditions")
    NOT_FUNDED = "not_funded", _("Not funded")


class Decision(models.Model):
    """What the city decided on a proposal, and why. Its changes are kept."""

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="decision", verbose_name=_("project")
    )
    outcome = models.CharField(
        _("decision"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING
    )
    reason = models.TextField(_("reason"), blank=True, validators=[MaxLengthValidator(2000)])
    conditions_on = models.ManyToManyField(
        Question, blank=True, related_name="+", verbose_name=_("conditions concern"),
        help_text=_("For funding with conditions: the questions the conditions are about."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.get_outcome_display()


class DecisionChange(models.Model):
    """One change of a decision: who, when, from what to what."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="changes", verbose_name=_("decision")
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    previous_outcome = models.CharField(
        _("previous decision"), max_length=12, choices=Outcome.choices, blank=True
    )
    new_outcome = models.CharField(_("new decision"), max_length=12, choices=Outcome.choices)
    previous_reason = models.TextField(_("previous reason"), blank=True)
    new_reason = models.TextField(_("new reason"), blank=True)

    class Meta:
        verbose_name = _("decision change")
        verbose_name_plural = _("decision changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.previous_outcome or '-'} → {self.new_outcome}"

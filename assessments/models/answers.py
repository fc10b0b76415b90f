from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .checklist import ChecklistVersion, Criterion, Question
from .organisations import Organisation, Project


def _count(rows: models.QuerySet, group: str) -> models.Subquery:
    return models.Subquery(
        rows.order_by().values(group).annotate(count=models.Count("pk")).values("count"),
        output_field=models.IntegerField(),
    )


class AssessmentQuerySet(models.QuerySet):
    def with_progress(self):
        """Each assessment with `answered` and `questions` counted in the database.

        Subqueries rather than a grouped join: on a page of the latest few, the database
        counts for those few only, after sorting and cutting the list.
        """
        answered = _count(Answer.objects.filter(assessment=models.OuterRef("pk")), "assessment")
        questions = _count(
            Question.objects.filter(indicator__pillar__version=models.OuterRef("version")),
            "indicator__pillar__version",
        )
        return self.annotate(answered=Coalesce(answered, 0), questions=questions)


class Assessment(models.Model):
    """One pass through the checklist for one project, with a purpose."""

    class Purpose(models.TextChoices):
        PROPOSAL_REVIEW = "proposal_review", _("Proposal review")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
        FINAL_EVALUATION = "final_evaluation", _("Final evaluation")

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("project")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    version = models.ForeignKey(
        ChecklistVersion, on_delete=models.PROTECT, related_name="assessments",
        verbose_name=_("checklist version"),
    )
    assessor = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="assessments",
        verbose_name=_("assessed by"),
        help_text=_("The organisation whose members answer: the city or the partner."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    # The last change of anything in the assessment: reports are cached on it.
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("submitted by"),
    )
    # Shared with the other side of the project: a partner's assessment with its city,
    # a city's review with the partner that runs the project.
    shared_at = models.DateTimeField(_("shared at"), null=True, blank=True)
    # A final evaluation is read against the assessment made at the start: the city's
    # proposal review or the partner's self-assessment at planning.
    baseline = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups",
        verbose_name=_("compared with"),
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.project} · {self.get_purpose_display()}"

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED


class TeamMember(models.Model):
    """A person invited to answer one assessment, and see nothing else."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="team", verbose_name=_("assessment")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_places",
        verbose_name=_("user"),
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "user"], name="one_place_per_team"),
        ]

    def __str__(self):
        return str(self.user)


class AnswerValue(models.TextChoices):
    YES = "yes", _("Yes")
    PARTIALLY = "partially", _("Partially")
    NO = "no", _("No")


class Answer(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="answers",
        verbose_name=_("assessment"),
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    value = models.CharField(_("answer"), max_length=10, choices=AnswerValue.choices)
    comment = models.TextField(_("comment or evidence"), blank=True)
    criteria_met = models.ManyToManyField(
        Criterion, blank=True, related_name="+", verbose_name=_("criteria met")
    )
    # Bumped on every change: a save that carries an older revision lost a race.
    revision = models.PositiveIntegerField(_("revision"), default=1)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("answered by"),
    )
    updated_at = models.DateTimeField(_("answered at"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="one_answer_per_question"
            ),
        ]
        # An assessment's last answer in one index step: the dashboard orders open
        # assessments by their last change, reports are cached on it.
        indexes = [models.Index(fields=["assessment", "updated_at"], name="answer_last_change")]

    def __str__(self):
        return f"{self.question.code}: {self.get_value_display()}"


class AnswerChange(models.Model):
    """One change of an answer: who, when, from what to what."""

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="changes", verbose_name=_("answer")
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    previous_value = models.CharField(
        _("previous answer"), max_length=10, choices=AnswerValue.choices, blank=True
    )
    new_value = models.CharField(_("new answer"), max_length=10, choices=AnswerValue.choices)
    previous_comment = models.TextField(_("previous comment"), blank=True)
    new_comment = models.TextField(_("new comment"), blank=True)
    previous_criteria = models.JSONField(_("previous criteria met"), default=list)
    new_criteria = models.JSONField(_("new criteria met"), default=list)

    class Meta:
        verbose_name = _("answer change")
        verbose_name_plural = _("answer changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.previous_value or '-'} → {self.new_value}"


class AssessmentEvent(models.Model):
    """Moments in an assessment's life that someone may need to account for later."""

    class Kind(models.TextChoices):
        STARTED = "started", _("Started")
        SUBMITTED = "submitted", _("Submitted")
        REOPENED = "reopened", _("Reopened")
        SHARED = "shared", _("Shared")
        UNSHARED = "unshared", _("Sharing withdrawn")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("assessment"),
    )
    kind = models.CharField(_("event"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("assessment event")
        verbose_name_plural = _("assessment events")
        ordering = ["at", "pk"]

    def __str__(self):
        return self.get_kind_display()

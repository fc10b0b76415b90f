from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .checklist import ChecklistVersion, Criterion, Question
from .organisations import Organisation, Project


class AssessmentQuerySet(models.QuerySet):
    def of_projects(self):
        """The assessments of projects: where every scope, list and figure starts. A quick
        check has no project: it is opened by its private link alone and counts nowhere."""
        return self.filter(project__isnull=False)

    def quick_checks(self):
        return self.filter(project__isnull=True)


class Assessment(models.Model):
    """One pass through the checklist for one project, with a purpose."""

    class Purpose(models.TextChoices):
        PROPOSAL_REVIEW = "proposal_review", _("Proposal review")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
        FINAL_EVALUATION = "final_evaluation", _("Final evaluation")

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    # None for a quick check, and so is the assessor (see the constraint below).
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, related_name="assessments",
        verbose_name=_("project"),
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    version = models.ForeignKey(
        ChecklistVersion, on_delete=models.PROTECT, related_name="assessments",
        verbose_name=_("checklist version"),
    )
    assessor = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="assessments",
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
    # A quick check's private link is a token shown once to the person who started it;
    # only its hash is kept (see assessments.quick_checks).
    # NULL, not "", for the assessments of projects: unique allows any number of NULLs.
    link_hash = models.CharField(max_length=64, null=True, unique=True, editable=False)  # noqa: DJ001
    # Group mode (see assessments.group): each person answers alone, then the team settles
    # one answer per question. The settled answers are the assessment's `answers`.
    answer_individually_first = models.BooleanField(
        _("team members answer individually first"), default=False,
        help_text=_("Each member answers alone; the team then sees where they agree and "
                    "differ, and settles one answer per question."),
    )
    # When the owner opened the individual answers to the whole team: no one answers
    # alone after it, and settling begins.
    round_opened_at = models.DateTimeField(_("individual answers opened at"), null=True,
                                           blank=True)
    settler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("member chosen to settle"),
    )
    spread_in_report = models.BooleanField(
        _("the report sums up how the members answered"), default=True,
        help_text=_("Anonymised: “3 of 4 said partially”, never who said what."),
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at"]
        constraints = [
            # An assessment of a project, by an organisation; or a quick check: no project,
            # no organisation, no purpose, and a private link.
            models.CheckConstraint(
                condition=models.Q(
                    project__isnull=False, assessor__isnull=False, link_hash__isnull=True
                ) | models.Q(
                    project__isnull=True, assessor__isnull=True, link_hash__isnull=False,
                    purpose="",
                ),
                name="assessment_of_a_project_or_a_quick_check",
            ),
        ]
        # The portfolio's default order: its first page is read from the index, where the
        # 10,000 assessments of a city were joined and sorted (7 ms).
        indexes = [models.Index(fields=["-created_at", "-id"], name="assessment_newest_first")]

    def __str__(self):
        return f"{self.title} · {self.get_purpose_display()}" if self.project_id else self.title

    @property
    def is_quick_check(self) -> bool:
        return self.project_id is None

    @property
    def title(self) -> str:
        """What pages and reports call it: its project's title, or "Quick check"."""
        return self.project.title if self.project_id else gettext("Quick check")

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED

    @property
    def round_is_open(self) -> bool:
        return self.round_opened_at is not None


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
    # Why the team settled on this answer, in group mode.
    reason = models.TextField(_("reason"), blank=True)

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
        OPENED = "opened", _("Individual answers opened to the team")

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


class MemberAnswer(models.Model):
    """One person's own answer in group mode, given before seeing the others'. Never an
    answer of the assessment: the team settles those (see assessments.group)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="member_answers",
        verbose_name=_("assessment"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("member"),
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    value = models.CharField(_("answer"), max_length=10, choices=AnswerValue.choices)
    comment = models.TextField(_("comment or evidence"), blank=True)
    criteria_met = models.ManyToManyField(
        Criterion, blank=True, related_name="+", verbose_name=_("criteria met")
    )
    updated_at = models.DateTimeField(_("answered at"), auto_now=True)

    class Meta:
        verbose_name = _("individual answer")
        verbose_name_plural = _("individual answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "member", "question"], name="one_own_answer_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.question.code}: {self.get_value_display()}"


class MemberFinish(models.Model):
    """A person has given all their own answers: from now on they see the others'."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="member_finishes",
        verbose_name=_("assessment"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("member"),
    )
    finished_at = models.DateTimeField(_("finished at"), auto_now_add=True)

    class Meta:
        verbose_name = _("member who finished answering")
        verbose_name_plural = _("members who finished answering")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "member"], name="one_finish_per_member"),
        ]

    def __str__(self):
        return str(self.member)

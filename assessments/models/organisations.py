import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from checklist_site.numbers import percent

from .. import scoring
from .checklist import PopulationBand


class Organisation(models.Model):
    """A member city, a partner organisation or the ICC secretariat."""

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        PARTNER = "partner", _("Partner organisation")
        SECRETARIAT = "secretariat", _("ICC secretariat")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    country = CountryField(_("country"), blank=True)
    population_band = models.CharField(
        _("population"), max_length=12, choices=PopulationBand.choices, blank=True
    )
    cities = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="partners",
        limit_choices_to={"kind": Kind.CITY}, verbose_name=_("cities it works with"),
        help_text=_("For a partner organisation: the cities it submits projects to."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_city(self):
        return self.kind == self.Kind.CITY


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("City coordinator")
    MEMBER = "member", _("Partner member")
    CURATOR = "curator", _("Library curator")
    ANALYST = "analyst", _("Network analyst")


# Which roles an organisation of each kind can give.
ROLES_BY_KIND = {
    Organisation.Kind.CITY: {Role.COORDINATOR},
    Organisation.Kind.PARTNER: {Role.MEMBER},
    Organisation.Kind.SECRETARIAT: {Role.CURATOR, Role.ANALYST},
}


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"


class Project(models.Model):
    """A proposal or an action, owned by an organisation and submitted to a city."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    topic_areas = models.ManyToManyField(
        "assessments.TopicArea", related_name="projects", verbose_name=_("topic areas"),
    )
    target_groups = models.CharField(
        _("target groups"), max_length=300, blank=True,
        help_text=_("Who the project is for, e.g. newly arrived families, secondary pupils."),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="projects",
        verbose_name=_("organisation running it"),
    )
    city = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="submitted_projects",
        limit_choices_to={"kind": Organisation.Kind.CITY}, verbose_name=_("submitted to"),
    )
    funding_round = models.ForeignKey(
        "assessments.FundingRound", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="projects", verbose_name=_("funding round"),
        help_text=_("The city's call for proposals this project answers, if any."),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at"]
        # The newest first, as the dashboard lists them: the first few are read from the
        # index, where 10,000 projects in a city were joined and sorted (10 ms).
        indexes = [models.Index(fields=["-created_at", "-id"], name="project_newest_first")]

    def __str__(self):
        return self.title


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An e-mailed link, usable once before it expires, to join an organisation or a team.

    Only a hash of the token is stored: the link itself exists only in the e-mail.
    """

    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True,
        related_name="invitations", verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, blank=True)
    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.CASCADE, null=True, blank=True,
        related_name="invitations", verbose_name=_("assessment team"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("accepted by"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # An invitation is either to an organisation (with a role) or to one team.
            models.CheckConstraint(
                condition=(
                    models.Q(organisation__isnull=False, assessment__isnull=True)
                    & ~models.Q(role="")
                )
                | models.Q(organisation__isnull=True, assessment__isnull=False, role=""),
                name="invitation_to_an_organisation_or_a_team",
            ),
        ]

    def __str__(self):
        return self.email

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class ScoreBand(models.Model):
    """A city's own reading of an overall score, e.g. "strongly intercultural" from 75%.

    Bands belong to the city: the Council of Europe does not certify projects.
    """

    city = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="score_bands",
        limit_choices_to={"kind": Organisation.Kind.CITY}, verbose_name=_("city"),
    )
    label = models.CharField(_("label"), max_length=80)
    min_percentage = models.PositiveSmallIntegerField(
        _("from (%)"), validators=[MaxValueValidator(100)],
        help_text=_("The lowest overall percentage that falls in this band."),
    )
    # 0: no minimum for that pillar.
    min_diversity = models.PositiveSmallIntegerField(
        _("at least in diversity (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    min_equality = models.PositiveSmallIntegerField(
        _("at least in equality (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    min_interaction = models.PositiveSmallIntegerField(
        _("at least in interaction (%)"), default=0, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("score band")
        verbose_name_plural = _("score bands")
        ordering = ["city", "-min_percentage"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "min_percentage", "min_diversity", "min_equality",
                        "min_interaction"],
                name="one_band_per_set_of_thresholds",
            ),
        ]

    def __str__(self):
        return f"{self.label} (≥ {percent(self.min_percentage)})"

    @property
    def pillar_minimums(self) -> dict[str, int]:
        """The pillars this band asks a minimum of, by slug."""
        minimums = {
            "diversity": self.min_diversity, "equality": self.min_equality,
            "interaction": self.min_interaction,
        }
        return {slug: minimum for slug, minimum in minimums.items() if minimum}

    def as_band(self) -> scoring.Band:
        """The band as `scoring` reads scores against it."""
        return scoring.Band(self.label, self.min_percentage, self.pillar_minimums)

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedbackTiming(models.TextChoices):
    AFTER_EACH_ANSWER = "after_each", _("After each answer")
    AT_THE_END = "at_the_end", _("All together at the end")


class ProfileQuerySet(models.QuerySet):
    def feedback_timing_of(self, user) -> str:
        """The user's choice, or the default for someone who never chose."""
        timing = self.filter(user=user).values_list("feedback_timing", flat=True).first()
        return timing or FeedbackTiming.AFTER_EACH_ANSWER

    def language_of(self, user) -> str:
        """The language the user last chose in the menu, or "" if they never chose."""
        return self.filter(user=user).values_list("language", flat=True).first() or ""

    def language_of_address(self, email: str) -> str:
        """The chosen language of the account with this e-mail address, or "" if there is
        no such account, no choice, or more than one account with different choices."""
        languages = list(
            self.filter(user__email__iexact=email).exclude(language="").order_by()
            .values_list("language", flat=True).distinct()[:2]
        )
        return languages[0] if len(languages) == 1 else ""


class Profile(models.Model):
    """What a person chose once and expects remembered, whatever the device."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile",
        verbose_name=_("user"),
    )
    feedback_timing = models.CharField(
        _("show feedback"), max_length=12, choices=FeedbackTiming.choices,
        default=FeedbackTiming.AFTER_EACH_ANSWER,
    )
    # A code of settings.LANGUAGES, checked when chosen rather than as choices: adding a
    # language to the site then needs no migration of this field. "" until the user chooses.
    language = models.CharField(_("language"), max_length=15, blank=True, default="")

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)

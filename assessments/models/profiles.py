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

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackLibraryConfig(AppConfig):
    name = "feedback_library"
    verbose_name = _("Feedback library")

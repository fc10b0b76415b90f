from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackLibraryConfig(AppConfig):
    name = "feedback_library"
    verbose_name = _("Feedback library")

    def ready(self):
        import reversion

        from .models import FeedbackEntry, GoodPractice

        # Registered here, not where the models are defined: django-reversion lists a
        # model's fields when it is registered, and modeltranslation adds the fields of
        # each language (title_en, title_fr...) only once the apps are ready.
        for model in (FeedbackEntry, GoodPractice):
            reversion.register(model)

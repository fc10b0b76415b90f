from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Checklist and assessments")

    def ready(self):
        import reversion

        from .models import GlossaryTerm
        from .permissions import curators_group

        # After modeltranslation has added the fields of each language: see
        # feedback_library.apps.
        reversion.register(GlossaryTerm)

        # Permissions exist only after migrate: give the curators' group its own then.
        post_migrate.connect(curators_group, dispatch_uid="assessments-curators-group")

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Checklist and assessments")

    def ready(self):
        from .permissions import curators_group

        # Permissions exist only after migrate: give the curators' group its own then.
        post_migrate.connect(curators_group, dispatch_uid="assessments-curators-group")

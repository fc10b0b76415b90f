from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Checklist and assessments")

    def ready(self):
        import reversion

        from .models import GlossaryTerm
        from .permissions import curators_group
        from .preferences import restore_on_login

        # After modeltranslation has added the fields of each language: see
        # feedback_library.apps.
        reversion.register(GlossaryTerm)

        # Permissions exist only after migrate: give the curators' group its own then.
        post_migrate.connect(curators_group, dispatch_uid="assessments-curators-group")
        # Every way in (the login page, the admin's, an accepted invitation) gives the
        # browser the language its user chose.
        user_logged_in.connect(restore_on_login, dispatch_uid="assessments-language-on-login")

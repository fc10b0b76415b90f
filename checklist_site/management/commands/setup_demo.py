from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessments.demo import DEMO_PASSWORD, load_demo
from checklist_site.content import load_content


class Command(BaseCommand):
    help = (
        "Load the checklist and library, then the demo cities, partners, logins and "
        "assessments. For a first run on a laptop only: refused when DEBUG is off."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo data is never loaded in production: set DEBUG=1 on a development machine."
            )
        load_content()
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("Checklist, library and demo data are loaded."))
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}) at http://127.0.0.1:8000/accounts/login/:")
        for username, role in logins:
            self.stdout.write(f"  {username:<13} {role}")

from django.core.management.base import BaseCommand

from checklist_site.content import CONTENT_FIXTURES, load_content


class Command(BaseCommand):
    help = (
        "Load the checklist and the feedback library shipped in fixtures/. Rows are matched "
        "on natural keys, so running it again resets shipped rows to the shipped text."
    )

    def handle(self, *args, **options):
        load_content(verbosity=options["verbosity"])
        self.stdout.write(f"Loaded {', '.join(CONTENT_FIXTURES)}.")

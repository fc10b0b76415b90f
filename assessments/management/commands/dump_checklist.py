from django.core.management.base import BaseCommand, CommandError

from assessments.models import ChecklistVersion
from assessments.revisions import as_fixture


class Command(BaseCommand):
    help = "Write a checklist version as a fixture with natural keys, in the shape of those "
    "shipped in fixtures/ (for example fixtures/checklist-2021.2.json)."

    def add_arguments(self, parser):
        parser.add_argument("label", help="The version's label, for example 2021.2.")

    def handle(self, *args, **options):
        version = ChecklistVersion.objects.filter(label=options["label"]).first()
        if version is None:
            raise CommandError(f"No checklist version labelled {options['label']}.")
        if not version.is_published:
            raise CommandError(f"{version.label} is a draft: publish it before shipping it.")
        self.stdout.write(as_fixture(version), ending="")

from django.core.management.base import BaseCommand, CommandError

from assessments.models import ChecklistVersion
from assessments.structure import find_breaches


class Command(BaseCommand):
    help = "Check that checklist versions keep the structure rule (3 pillars, 5 indicators "
    "each, 2 questions per indicator, 2 to 5 threshold criteria per question)."

    def add_arguments(self, parser):
        parser.add_argument("labels", nargs="*", help="Version labels; all versions if none.")

    def handle(self, *args, **options):
        labels = options["labels"]
        versions = ChecklistVersion.objects.order_by("label")
        if labels:
            versions = versions.filter(label__in=labels)
            missing = set(labels) - {version.label for version in versions}
            if missing:
                raise CommandError(f"No checklist version labelled {', '.join(sorted(missing))}.")
        if not versions:
            raise CommandError("There is no checklist version to check.")

        broken = 0
        for version in versions:
            breaches = find_breaches(version)
            if breaches:
                broken += 1
                self.stdout.write(self.style.ERROR(f"{version.label}: {len(breaches)} breach(es)"))
                for breach in breaches:
                    self.stdout.write(f"  - {breach}")
            else:
                self.stdout.write(self.style.SUCCESS(f"{version.label}: valid"))
        if broken:
            raise CommandError(f"{broken} checklist version(s) break the structure rule.")

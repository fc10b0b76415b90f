"""Delete the quick checks left unchanged for 90 days (run daily)."""

from django.core.management.base import BaseCommand

from assessments import quick_checks


class Command(BaseCommand):
    help = "Delete anonymous quick checks whose last change is more than 90 days old."

    def handle(self, *args, **options):
        removed = quick_checks.delete_expired()
        self.stdout.write(f"Deleted {removed} quick check(s) unchanged for "
                          f"{quick_checks.KEEP_DAYS} days.")

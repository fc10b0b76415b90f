"""Delete rendered reports older than REPORT_CACHE_DAYS, with their files (run daily)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from assessments.models import RenderedReport


class Command(BaseCommand):
    help = "Delete rendered reports (and their files) older than REPORT_CACHE_DAYS."

    def handle(self, *args, **options):
        cutoff = timezone.now() - timedelta(seconds=settings.REPORT_CACHE_SECONDS)
        old = RenderedReport.objects.filter(requested_at__lt=cutoff)
        removed = 0
        for report in old.iterator():
            if report.file:
                report.file.delete(save=False)
            report.delete()
            removed += 1
        self.stdout.write(f"Deleted {removed} rendered report(s) older than {cutoff:%Y-%m-%d}.")

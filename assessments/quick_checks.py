"""The anonymous quick check: the checklist taken without an account, by private link.

Starting one makes an assessment with no project and a random token; the token is shown
once, in the link, and only its hash is kept, so the link is the only key: it opens the
check on any device, and nothing else does (see `permissions.get_quick_check`). A quick
check is answered, read and reported on like any assessment, and counts in no portfolio,
export or network figure. It is deleted `KEEP_DAYS` after its last change by
`manage.py prune_quick_checks` (run daily), or at once by its holder.
"""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from checklist_site import rate_limits

from .models import Assessment, ChecklistVersion, RenderedReport
from .models.tokens import token_hash
from .results import last_change

KEEP_DAYS = 90
STARTS_WINDOW_SECONDS = 3600


class QuickCheckError(Exception):
    """A quick check cannot be started; the message says why."""


def start(*, address: str) -> tuple[Assessment, str]:
    """A new quick check on the latest published checklist, and its token (to show once).
    Each address may start `QUICK_CHECKS_PER_HOUR` an hour: past that, RateLimited."""
    rate_limits.count("quick-check-start", address, limit=settings.QUICK_CHECKS_PER_HOUR,
                      seconds=STARTS_WINDOW_SECONDS)
    version = ChecklistVersion.objects.latest_published()
    if version is None:
        raise QuickCheckError(_("No checklist version is published yet."))
    token = secrets.token_urlsafe(32)
    assessment = Assessment.objects.create(version=version, link_hash=token_hash(token))
    return assessment, token


def deleted_on(assessment: Assessment) -> datetime:
    """When the daily clean-up will delete it, unless it changes before."""
    return last_change(assessment) + timedelta(days=KEEP_DAYS)


@transaction.atomic
def delete(assessment: Assessment) -> None:
    """The quick check, its answers and the PDFs rendered of it, files included."""
    reports = RenderedReport.objects.filter(
        kind=RenderedReport.Kind.ASSESSMENT, spec__assessment=assessment.pk
    )
    files = [report.file for report in reports if report.file]
    reports.delete()
    assessment.delete()
    # Files go once the rows are gone for good: a rolled back delete keeps its PDFs.
    for file in files:
        transaction.on_commit(lambda file=file: file.delete(save=False))


def delete_expired(*, now: datetime | None = None) -> int:
    """Delete every quick check whose last change is more than KEEP_DAYS old; how many."""
    cutoff = (now or timezone.now()) - timedelta(days=KEEP_DAYS)
    expired = list(
        Assessment.objects.quick_checks()
        .annotate(changed=Greatest(F("updated_at"),
                                   Coalesce(Max("answers__updated_at"), F("updated_at"))))
        .filter(changed__lt=cutoff).values_list("pk", flat=True)
    )
    for assessment in Assessment.objects.filter(pk__in=expired):
        delete(assessment)
    return len(expired)


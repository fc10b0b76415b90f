"""Asking for a PDF, and rendering it off the request.

A download looks its report up by a key that says what the PDF shows, read in a few small
queries without building the report: the assessment's and its answers' last change (in
group mode, its people's own answers too: `group.stamp`), the project, its decision and
round, the city's bands, the baseline of a final evaluation,
the library's last change, the language, whether people are named, and the code (the
templates, stylesheet and Python that make the report). A report with that key already
rendered is a lookup and a file send. Otherwise a `RenderedReport` is queued, and a worker
(`manage.py db_worker`, django-tasks' database backend) renders it once the request's
transaction has committed; the page meanwhile says it is being prepared.

A render has a hard time limit (`REPORT_RENDER_SECONDS`). A render whose worker died (the
process killed, the machine gone) is queued again by the next request for it once that
time and a quarter more have passed, so no report is lost. Each requester may have
`REPORTS_PER_MINUTE` reports queued in any 60 seconds (rows of the database, so every
server counts the same); reports already rendered do not count.
"""

import hashlib
import logging
import math
import signal
import threading
from contextlib import contextmanager
from datetime import timedelta
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Sum
from django.utils import timezone, translation

from checklist_site.addresses import client_address
from checklist_site.rate_limits import RateLimited

from . import group, reports
from .models import (
    Action,
    Assessment,
    ChecklistVersion,
    GlossaryTerm,
    PerspectiveNote,
    RenderedReport,
    ScoreBand,
)
from .results import feedback_stamp, last_change

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60
# A render's state is followed by a page someone keeps open: a day is more than any wait.
STATE_SALT = "assessments.report-state"
STATE_TOKEN_SECONDS = 24 * 3600
# The shipped content (fixtures) and the translation catalogues (locale) are part of what
# makes a report: a deploy that adds French to either renders every report anew.
CODE_ROOTS = ("assessments", "feedback_library", "checklist_site", "templates", "fixtures",
              "locale")
CODE_SUFFIXES = {".py", ".html", ".css", ".txt", ".json", ".po"}


class RenderTimeout(Exception):
    """A render ran past `REPORT_RENDER_SECONDS`."""


def requester_of(request) -> str:
    """Whom the render limit counts: a signed-in user, or an anonymous visitor's address."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"address:{client_address(request)}"


@cache
def code_fingerprint() -> str:
    """The templates, stylesheet and Python that make reports, read once per process: a
    new deploy that changes how a report looks gives every report a new key."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for root in CODE_ROOTS:
        for path in sorted((base / root).rglob("*")):
            if path.suffix in CODE_SUFFIXES and "migrations" not in path.parts:
                digest.update(str(path.relative_to(base)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def library_stamp() -> str:
    """Changes whenever a library entry or glossary term is added, changed or removed."""
    glossary = GlossaryTerm.objects.aggregate(
        edits=Sum("edit_count"), count=Count("pk"), last=Max("pk")
    )
    return f"{feedback_stamp()}|{glossary['edits']}/{glossary['count']}/{glossary['last']}"


def _digest(*parts) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()


def _assessment_stamp(assessment: Assessment) -> str:
    if assessment.is_quick_check:
        return _digest(assessment.pk, assessment.status, last_change(assessment).timestamp())
    project = assessment.project
    decision = getattr(project, "decision", None)
    bands = ScoreBand.objects.filter(city=project.city_id).aggregate(
        count=Count("pk"), last=Max("pk")
    )
    actions = Action.objects.filter(assessment=assessment).aggregate(
        count=Count("pk"), last=Max("updated_at")
    )
    return _digest(
        assessment.pk, assessment.status, last_change(assessment).timestamp(),
        project.updated_at.timestamp(), project.organisation.name, project.city.name,
        project.funding_round.name if project.funding_round else "",
        decision.decided_at.timestamp() if decision else "", bands["count"], bands["last"],
        actions["count"], actions["last"].timestamp() if actions["last"] else "",
        group.stamp(assessment),
    )


def _perspectives_stamp(assessment: Assessment,
                        pair: tuple[Assessment, Assessment] | None) -> str:
    """The other reading of the project and the notes on it, when the report of
    `assessment` (one of the pair, stamped already) shows both."""
    if pair is None:
        return ""
    [other] = Assessment.objects.select_related(
        "project__organisation", "project__city", "project__funding_round",
        "project__decision",
    ).filter(pk__in=[one.pk for one in pair]).exclude(pk=assessment.pk)
    notes = PerspectiveNote.objects.filter(project=assessment.project_id).aggregate(
        count=Count("pk"), last=Max("pk")
    )
    return _digest(_assessment_stamp(other), notes["count"], notes["last"])


def _key(kind: str, language: str, *parts) -> str:
    return f"{kind}:{language}:{_digest(code_fingerprint(), *parts)}"


def ask_for_assessment_report(
    assessment: Assessment, *, language: str, requester: str, with_names: bool,
    baseline: Assessment | None, perspectives: tuple[Assessment, Assessment] | None = None,
) -> RenderedReport:
    """`perspectives`: the partner's and the city's readings of the project, to set side by
    side in the report (see `permissions.perspectives_of`)."""
    assessment = Assessment.objects.select_related(
        "project__organisation", "project__city", "project__funding_round",
        "project__decision",
    ).get(pk=assessment.pk)
    key = _key(
        "assessment", language, _assessment_stamp(assessment), with_names,
        _assessment_stamp(baseline) if baseline else "",
        _perspectives_stamp(assessment, perspectives), library_stamp(),
    )
    with translation.override(language):
        title, purpose = assessment.title, assessment.get_purpose_display()
    return _ask(
        key, kind=RenderedReport.Kind.ASSESSMENT, requester=requester,
        filename=reports.filename(title, purpose, f"{last_change(assessment):%Y-%m-%d}"),
        spec={"assessment": assessment.pk, "language": language, "with_names": with_names,
              "baseline": baseline.pk if baseline else None,
              "perspectives": [one.pk for one in perspectives] if perspectives else None},
    )


def ask_for_comparison(assessments, *, language: str, requester: str) -> RenderedReport:
    stamps = [
        (assessment.pk, last_change(assessment).timestamp(), assessment.project.title)
        for assessment in assessments
    ]
    with translation.override(language):
        name = translation.gettext("comparison")
    return _ask(
        _key("comparison", language, *stamps), kind=RenderedReport.Kind.COMPARISON,
        requester=requester,
        filename=reports.filename(
            name, *dict.fromkeys(assessment.project.title for assessment in assessments)
        ),
        spec={"assessments": [assessment.pk for assessment in assessments],
              "language": language},
    )


def ask_for_blank_checklist(version: ChecklistVersion, *, language: str,
                            requester: str) -> RenderedReport:
    """A published version never changes: its blank checklist is rendered once."""
    with translation.override(language):
        name = translation.gettext("intercultural checklist")
    return _ask(
        _key("blank", language, version.pk), kind=RenderedReport.Kind.BLANK,
        requester=requester,
        filename=reports.filename(name, version.label, language),
        spec={"version": version.pk, "language": language},
    )


def _ask(key: str, *, kind: str, requester: str, filename: str, spec: dict) -> RenderedReport:
    """The report with `key`: the one asked for before, or a new one queued."""
    report = RenderedReport.objects.filter(key=key).first()
    if report is not None:
        _queue_again_if_dead(report)
        return report
    _count(requester)
    try:
        with transaction.atomic():
            report = RenderedReport.objects.create(
                key=key, kind=kind, spec=spec, filename=filename, requested_by=requester
            )
    except IntegrityError:  # asked for at the same moment through another server
        return RenderedReport.objects.get(key=key)
    _enqueue_after_commit(report)
    # Outside a transaction the task is queued at once, and a backend that runs tasks
    # in place (development, tests) has already rendered it.
    report.refresh_from_db()
    return report


def state_token(report: RenderedReport, *, requester: str) -> str:
    """A name for one render that only `requester` may follow. The page that waits for a
    report asks for its state every few seconds: by this name, that is one row read, where
    asking for the report works out again all it shows (a dozen queries or more)."""
    return signing.dumps([report.pk, requester], salt=STATE_SALT)


def followed(token: str, *, requester: str) -> RenderedReport | None:
    """The render `token` names, if it was given to `requester` and the render is still
    kept; one whose worker died is queued again, as when the report itself is asked for."""
    try:
        report_pk, given_to = signing.loads(token, salt=STATE_SALT, max_age=STATE_TOKEN_SECONDS)
    except signing.BadSignature:
        return None
    if given_to != requester:
        return None
    report = RenderedReport.objects.filter(pk=report_pk).first()
    if report is not None:
        _queue_again_if_dead(report)
    return report


def try_again(report: RenderedReport, *, requester: str) -> None:
    """Queue a failed render once more, when the person asks for it."""
    if report.status == RenderedReport.Status.FAILED:
        _count(requester)
        _queue_again(report)


def _count(requester: str) -> None:
    since = timezone.now() - timedelta(seconds=WINDOW_SECONDS)
    recent = list(
        RenderedReport.objects.filter(requested_by=requester, requested_at__gt=since)
        .order_by("requested_at").values_list("requested_at", flat=True)
    )
    if len(recent) >= settings.REPORTS_PER_MINUTE:
        oldest = recent[-settings.REPORTS_PER_MINUTE]
        wait = (oldest - since).total_seconds()
        raise RateLimited(retry_after=max(1, math.ceil(wait)))


def _queue_again_if_dead(report: RenderedReport) -> None:
    if report.status != RenderedReport.Status.RENDERING or report.started_at is None:
        return
    # Taken for dead once its time limit and a quarter more (at least 5 s) have passed.
    seconds = settings.REPORT_RENDER_SECONDS
    limit = timedelta(seconds=seconds + max(5, seconds // 4))
    if report.started_at < timezone.now() - limit:
        _queue_again(report)


def _queue_again(report: RenderedReport) -> None:
    updated = RenderedReport.objects.filter(pk=report.pk, status=report.status).update(
        status=RenderedReport.Status.QUEUED, error="", requested_at=timezone.now()
    )
    if updated:
        report.status = RenderedReport.Status.QUEUED
        _enqueue_after_commit(report)


def _enqueue_after_commit(report: RenderedReport) -> None:
    from .tasks import render_report

    transaction.on_commit(lambda: render_report.enqueue(report.pk))


def render_requested(report_id: int) -> None:
    """The worker's part: render the report, store the file, say it is ready. A report
    another worker holds, or one already rendered, is left alone."""
    claimed = RenderedReport.objects.filter(
        pk=report_id, status=RenderedReport.Status.QUEUED
    ).update(status=RenderedReport.Status.RENDERING, started_at=timezone.now(),
             attempts=F("attempts") + 1)
    if not claimed:
        return
    report = RenderedReport.objects.get(pk=report_id)
    try:
        with _time_limit(settings.REPORT_RENDER_SECONDS):
            content = reports.render_pdf(_html_of(report))
    except Exception as error:
        logger.exception("Report %s could not be rendered", report.pk)
        RenderedReport.objects.filter(pk=report.pk).update(
            status=RenderedReport.Status.FAILED, error=str(error)[:2000],
            finished_at=timezone.now(),
        )
        return
    report.file.save(report.filename, ContentFile(content), save=False)
    stored = RenderedReport.objects.filter(pk=report.pk).update(
        file=report.file.name, status=RenderedReport.Status.READY, finished_at=timezone.now()
    )
    if not stored:
        # The report was deleted while it rendered (a quick check deleted by its holder):
        # no row points to the file any more, so nothing would ever delete it.
        report.file.delete(save=False)


def _html_of(report: RenderedReport) -> str:
    spec = report.spec
    if report.kind == RenderedReport.Kind.ASSESSMENT:
        assessment = Assessment.objects.select_related(
            "project__organisation", "project__city", "project__funding_round", "assessor",
            "version",
        ).get(pk=spec["assessment"])
        baseline = Assessment.objects.filter(pk=spec["baseline"]).first()
        pair = Assessment.objects.select_related("assessor", "version").in_bulk(
            spec.get("perspectives") or [])
        return reports.assessment_report_html(
            assessment, language=spec["language"], with_names=spec["with_names"],
            baseline=baseline,
            perspectives=tuple(pair[pk] for pk in spec["perspectives"]) if pair else None,
        )
    if report.kind == RenderedReport.Kind.COMPARISON:
        found = Assessment.objects.select_related(
            "project__organisation", "project__city", "assessor", "version"
        ).in_bulk(spec["assessments"])
        return reports.comparison_report_html(
            [found[pk] for pk in spec["assessments"]], language=spec["language"]
        )
    return reports.blank_checklist_html(
        ChecklistVersion.objects.get(pk=spec["version"]), language=spec["language"]
    )


@contextmanager
def _time_limit(seconds: int):
    """Stop the render after `seconds` (SIGALRM: in the main thread, where workers run
    their tasks; elsewhere, as in a threaded test server, no limit)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise RenderTimeout(f"the render took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

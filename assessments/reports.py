"""PDF reports, rendered by WeasyPrint: an assessment's report and the blank checklist.

Each renderer has the same contract: given what to render and a language, return a
`Report` (file name, content type, bytes). The HTML of a report is built on each download
(a tenth of a second); the PDF, which takes WeasyPrint a second or two, is cached on a
fingerprint of that HTML and of the stylesheet, with the assessment's last change in the
key. An unchanged report is thus never rendered twice, and any change to what it shows
(an answer, the project, the city's score bands, the library, a template) makes a new
one. Rendering never touches the network nor any file outside `ASSETS_DIR`.
"""

import hashlib
import logging
import mimetypes
import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .charts import score_chart
from .glossary import Glossary
from .models import Answer, Assessment, ChecklistVersion, Pillar, Question
from .results import collect_results, last_change

logger = logging.getLogger(__name__)

ASSETS_DIR = Path(__file__).resolve().parent / "report_assets"
PDF = "application/pdf"


@cache
def assets_fingerprint() -> str:
    """A fingerprint of the report's stylesheet and assets (what the HTML does not show)."""
    digest = hashlib.sha256()
    for path in sorted(ASSETS_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def _fingerprint(html: str) -> str:
    return f"{assets_fingerprint()}:{hashlib.sha256(html.encode()).hexdigest()}"


@dataclass(frozen=True)
class Report:
    filename: str
    content_type: str
    content: bytes


class RateLimited(Exception):
    """The user has had too many reports rendered in the last minute."""


class AssetsOnlyFetcher(URLFetcher):
    """Serves `data:` URLs and files inside ASSETS_DIR; refuses everything else.

    WeasyPrint's own fetcher would read any file and any URL: `<link rel="attachment"
    href="file:///etc/passwd">` in a report would embed that file in the PDF. This one
    never opens a network connection, follows no redirect, and resolves each file path
    (after decoding %-escapes and following symlinks) before checking it is inside the
    assets folder. What it was asked, and what it refused, is kept for tests and logs.
    """

    def __init__(self):
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self._asset_path(url)
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, path.read_bytes(), headers={"Content-Type": content_type}
                )
        self.refused.append(url)
        logger.warning("Report rendering refused to fetch %s", url[:200])
        raise ValueError(f"refused to fetch {url[:200]}")

    @staticmethod
    def _asset_path(url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        if path.is_file() and path.is_relative_to(ASSETS_DIR.resolve()):
            return path
        return None


@cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@cache
def _stylesheet() -> CSS:
    """The report stylesheet, parsed once per process rather than once per report."""
    return CSS(
        filename=str(ASSETS_DIR / "report.css"),
        url_fetcher=AssetsOnlyFetcher(),
        font_config=_font_config(),
    )


# Workers serve requests in threads (gunicorn.conf.py). The font configuration and the
# stylesheet are shared by the renders of a process, and WeasyPrint does not promise
# they may be used by two threads at once; its layout is pure Python, so under the GIL
# two renders in one process would not finish sooner anyway.
_render_lock = threading.Lock()


def render_pdf(html: str, *, fetcher: AssetsOnlyFetcher | None = None) -> bytes:
    """HTML to PDF bytes, with the report stylesheet and the assets-only fetcher."""
    document = HTML(
        string=html,
        base_url=ASSETS_DIR.as_uri() + "/",
        url_fetcher=fetcher or AssetsOnlyFetcher(),
    )
    with _render_lock:
        # presentational_hints stays off (the default): HTML attributes never style it.
        return document.write_pdf(stylesheets=[_stylesheet()], font_config=_font_config())


def _count_render(user) -> None:
    """Refuse a render past the per-user limit; only renders count, not cached copies."""
    counters = caches["default"]
    key = f"report-renders:{user.pk}:{timezone.now():%Y%m%d%H%M}"
    counters.add(key, 0, timeout=120)
    if counters.incr(key) > settings.REPORTS_PER_MINUTE:
        raise RateLimited


def _cached_pdf(key: str, html: str, user) -> bytes:
    store = caches["reports"]
    content = store.get(key)
    if content is None:
        _count_render(user)
        content = render_pdf(html)
        store.set(key, content, timeout=settings.REPORT_CACHE_SECONDS)
    return content


def _filename(*parts: str) -> str:
    name = "-".join(slugify(part) for part in parts if part)
    return re.sub(r"-+", "-", name)[:120] + ".pdf"


def assessment_report(assessment: Assessment, *, language: str, user) -> Report:
    changed = last_change(assessment)
    html = assessment_report_html(assessment, language=language, changed=changed)
    key = (
        f"assessment-report:{assessment.pk}:{language}:{changed.timestamp():.6f}:"
        f"{_fingerprint(html)}"
    )
    with translation.override(language):
        purpose = assessment.get_purpose_display()
    return Report(
        filename=_filename(assessment.project.title, purpose, f"{changed:%Y-%m-%d}"),
        content_type=PDF,
        content=_cached_pdf(key, html, user),
    )


def assessment_report_html(assessment: Assessment, *, language: str, changed=None) -> str:
    """The report as HTML: what WeasyPrint lays out (kept apart for tests and the bench).

    It holds nothing that varies between two downloads of an unchanged assessment (no
    "printed at" time), so that its fingerprint is a cache key.
    """
    changed = changed or last_change(assessment)
    with translation.override(language):
        results = collect_results(assessment)
        glossary = Glossary.load()
        texts = [item.question.text for item in results.items]
        texts += [criterion.text for item in results.items for criterion in item.criteria]
        texts += [
            entry.body for item in results.items if item.feedback
            for entry in item.feedback.entries()
        ]
        answerers = (
            Answer.objects.filter(assessment=assessment)
            .exclude(answered_by=None)
            .values_list("answered_by__first_name", "answered_by__last_name",
                         "answered_by__username")
            .distinct()
        )
        return render_to_string("reports/assessment.html", {
            "assessment": assessment,
            "results": results,
            "chart": score_chart(results.scorecard, chart_id="report-chart"),
            "terms": glossary.terms_in(*texts),
            "answered_by": sorted(
                {f"{first} {last}".strip() or username for first, last, username in answerers}
            ),
            "last_change": changed,
            "language": language,
        })


def blank_checklist(version: ChecklistVersion, *, language: str, user) -> Report:
    with translation.override(language):
        html = render_to_string("reports/blank_checklist.html", {
            "version": version,
            "pillars": Pillar.objects.filter(version=version).order_by("order"),
            "questions": Question.objects.of_version(version)
            .prefetch_related("criteria"),
            "language": language,
        })
    key = f"blank-checklist:{version.pk}:{language}:{_fingerprint(html)}"
    return Report(
        filename=_filename("intercultural-checklist", version.label, language),
        content_type=PDF,
        content=_cached_pdf(key, html, user),
    )

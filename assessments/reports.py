"""PDF reports, rendered by WeasyPrint: an assessment's report and the blank checklist.

Each renderer has the same contract: given what to render and a language, return a
`Report` (file name, content type, bytes). Reports are cached on what they show (the
assessment's last change, or the published version), so a second download renders
nothing. Rendering never touches the network nor any file outside `ASSETS_DIR`.
"""

import hashlib
import logging
import mimetypes
import re
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
TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates" / "reports"
PDF = "application/pdf"


@cache
def layout_version() -> str:
    """A fingerprint of the report styles and templates: cached PDFs of an older layout
    are never served after a deploy that changed it."""
    digest = hashlib.sha256()
    for path in sorted([*ASSETS_DIR.rglob("*"), *TEMPLATES_DIR.rglob("*")]):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


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


def render_pdf(html: str, *, fetcher: AssetsOnlyFetcher | None = None) -> bytes:
    """HTML to PDF bytes, with the report stylesheet and the assets-only fetcher."""
    document = HTML(
        string=html,
        base_url=ASSETS_DIR.as_uri() + "/",
        url_fetcher=fetcher or AssetsOnlyFetcher(),
    )
    # presentational_hints stays off (the default): HTML attributes never style the report.
    return document.write_pdf(stylesheets=[_stylesheet()], font_config=_font_config())


def _count_render(user) -> None:
    """Refuse a render past the per-user limit; only renders count, not cached copies."""
    counters = caches["default"]
    key = f"report-renders:{user.pk}:{timezone.now():%Y%m%d%H%M}"
    counters.add(key, 0, timeout=120)
    if counters.incr(key) > settings.REPORTS_PER_MINUTE:
        raise RateLimited


def _cached(key: str, user, build) -> bytes:
    store = caches["reports"]
    content = store.get(key)
    if content is None:
        _count_render(user)
        content = build()
        store.set(key, content, timeout=settings.REPORT_CACHE_SECONDS)
    return content


def _filename(*parts: str) -> str:
    name = "-".join(slugify(part) for part in parts if part)
    return re.sub(r"-+", "-", name)[:120] + ".pdf"


def assessment_report(assessment: Assessment, *, language: str, user) -> Report:
    changed = last_change(assessment)
    key = (
        f"assessment-report:{layout_version()}:{assessment.pk}:{language}:"
        f"{changed.timestamp():.6f}"
    )

    def build() -> bytes:
        with translation.override(language):
            return render_pdf(assessment_report_html(assessment, language=language))

    return Report(
        filename=_filename(
            assessment.project.title, assessment.get_purpose_display(), f"{changed:%Y-%m-%d}"
        ),
        content_type=PDF,
        content=_cached(key, user, build),
    )


def assessment_report_html(assessment: Assessment, *, language: str) -> str:
    """The report as HTML: what WeasyPrint lays out (kept apart for tests and the bench)."""
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
            "generated_at": timezone.now(),
            "language": language,
        })


def blank_checklist(version: ChecklistVersion, *, language: str, user) -> Report:
    key = f"blank-checklist:{layout_version()}:{version.pk}:{language}"

    def build() -> bytes:
        with translation.override(language):
            pillars = Pillar.objects.filter(version=version).order_by("order")
            questions = (
                Question.objects.filter(indicator__pillar__version=version)
                .in_checklist_order()
                .prefetch_related("criteria")
            )
            html = render_to_string("reports/blank_checklist.html", {
                "version": version,
                "pillars": pillars,
                "questions": questions,
                "language": language,
            })
            return render_pdf(html)

    return Report(
        filename=_filename("intercultural-checklist", version.label, language),
        content_type=PDF,
        content=_cached(key, user, build),
    )

"""PDF reports, rendered by WeasyPrint: an assessment's report and the blank checklist.

Each renderer has the same contract: given what to render, a language and who asks (for
the render limit), return a `Report` (file name, content type, bytes). The HTML of a
report is built on each download (a tenth of a second); the PDF, which takes WeasyPrint a
second or two, is cached on a fingerprint of that HTML and of the stylesheet, with the
assessment's last change in the key. An unchanged report is thus never rendered twice,
and any change to what it shows (an answer, the project, the city's score bands, the
library, a template) makes a new one. Rendering never touches the network nor any file
outside `ASSETS_DIR`.
"""

import hashlib
import logging
import math
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
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from checklist_site.addresses import client_address

from . import comparison
from .charts import comparison_chart, score_chart
from .glossary import Glossary
from .models import Answer, Assessment, ChecklistVersion, Decision, Pillar, Question
from .results import collect_results, last_change

logger = logging.getLogger(__name__)

ASSETS_DIR = Path(__file__).resolve().parent / "report_assets"
PDF = "application/pdf"
RENDER_WINDOW_SECONDS = 60


@cache
def assets_fingerprint() -> str:
    """A fingerprint of the report's stylesheet and assets (what the HTML does not show)."""
    digest = hashlib.sha256()
    for path in sorted(ASSETS_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


# Characters drawn as emoji (in colour, from Noto Color Emoji) rather than as text: those of
# Unicode's Emoji_Presentation in the Basic Multilingual Plane (a list fixed since Emoji 1.0),
# the pictographic blocks U+1F000-U+1FAFF (the text font has next to none of them, so even
# their text-style ones fall back to the emoji font), a symbol asking for emoji style with
# U+FE0F, and keycaps. Skin tones, tags (subdivision flags) and joiners go with them.
_EMOJI_CHARACTER = (
    "[\u231a\u231b\u23e9-\u23ec\u23f0\u23f3\u25fd\u25fe\u2614\u2615\u2648-\u2653"
    "\u267f\u2693\u26a1\u26aa\u26ab\u26bd\u26be\u26c4\u26c5\u26ce\u26d4\u26ea"
    "\u26f2\u26f3\u26f5\u26fa\u26fd\u2705\u270a\u270b\u2728\u274c\u274e"
    "\u2753-\u2755\u2757\u2795-\u2797\u27b0\u27bf\u2b1b\u2b1c\u2b50\u2b55"
    "\U0001f000-\U0001faff]"
    "|[^\\w\\s]\ufe0f|[0-9#*]\ufe0f?\u20e3"
)
_EMOJI_SEQUENCE = re.compile(
    f"(?:{_EMOJI_CHARACTER})[\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\ufe0f\u20e3]*"
    f"(?:\u200d(?:{_EMOJI_CHARACTER})[\U0001f3fb-\U0001f3ff\ufe0f]*)*"
)


def without_emoji(text: str) -> str:
    """The text with its emoji left out, for what is repeated on every page of a report.

    WeasyPrint draws each emoji as a picture taken from the colour font's bitmaps, and
    decodes and re-encodes that picture at every place it appears: a title with a few emoji
    in the running header of 40 pages cost a second or more. The cover keeps them.
    """
    return " ".join(_EMOJI_SEQUENCE.sub(" ", text).split())


def _fingerprint(html: str) -> str:
    return f"{assets_fingerprint()}:{hashlib.sha256(html.encode()).hexdigest()}"


@dataclass(frozen=True)
class Report:
    filename: str
    content_type: str
    content: bytes


class RateLimited(Exception):
    """The requester has had too many reports rendered in the last minute."""

    def __init__(self, *, retry_after: int):
        super().__init__(f"too many reports rendered; retry after {retry_after} s")
        self.retry_after = retry_after


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
_render_lock = threading.RLock()


def lay_out(html: str, *, fetcher: AssetsOnlyFetcher | None = None) -> Document:
    """HTML laid out in pages, with the report stylesheet and the assets-only fetcher."""
    document = HTML(
        string=html,
        base_url=ASSETS_DIR.as_uri() + "/",
        url_fetcher=fetcher or AssetsOnlyFetcher(),
    )
    with _render_lock:
        # presentational_hints stays off (the default): HTML attributes never style it.
        return document.render(stylesheets=[_stylesheet()], font_config=_font_config())


def render_pdf(html: str, *, fetcher: AssetsOnlyFetcher | None = None) -> bytes:
    with _render_lock:
        return lay_out(html, fetcher=fetcher).write_pdf()


def requester_of(request) -> str:
    """Whom the render limit counts: a signed-in user, or an anonymous visitor's address.

    Anonymous visitors (the blank checklist is open to all) are told apart by the address
    the login lockout also uses, so that one visitor's renders never use up another's.
    """
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"address:{client_address(request)}"


def _count_render(requester: str) -> None:
    """Refuse a render past `REPORTS_PER_MINUTE` in the last 60 seconds, counted as they pass.

    The times of the requester's recent renders are kept as one list in the shared cache,
    so the window slides: three renders at 12:00:59, 12:01:00 and 12:01:01 are three in a
    minute (calendar minutes counted them apart). A refused request is not counted: asking
    again once the oldest render is a minute old succeeds. Only renders count, not copies
    served from the report cache.

    Race: the file-based cache shared by the workers has no atomic update (its `incr` is
    a read and a write too), so two workers rendering for the same requester in the same
    few milliseconds may both read the list before either writes it back, and one render
    goes uncounted. The limit spares the server's time, it guards no data: a render or two
    past it when requests arrive together is accepted.
    """
    counters = caches["default"]
    key = f"report-renders:{requester}"
    now = timezone.now().timestamp()
    recent = [at for at in counters.get(key, []) if at > now - RENDER_WINDOW_SECONDS]
    if len(recent) >= settings.REPORTS_PER_MINUTE:
        raise RateLimited(retry_after=math.ceil(recent[0] + RENDER_WINDOW_SECONDS - now))
    counters.set(key, [*recent, now], timeout=RENDER_WINDOW_SECONDS)


def _cached_pdf(key: str, html: str, requester: str) -> bytes:
    store = caches["reports"]
    content = store.get(key)
    if content is None:
        _count_render(requester)
        content = render_pdf(html)
        store.set(key, content, timeout=settings.REPORT_CACHE_SECONDS)
    return content


def _filename(*parts: str) -> str:
    name = "-".join(slugify(part) for part in parts if part)
    return re.sub(r"-+", "-", name)[:120] + ".pdf"


def assessment_report(
    assessment: Assessment, *, language: str, requester: str, with_names: bool,
    baseline: Assessment | None = None,
) -> Report:
    changed = last_change(assessment)
    html = assessment_report_html(
        assessment, language=language, changed=changed, with_names=with_names,
        baseline=baseline,
    )
    key = (
        f"assessment-report:{assessment.pk}:{language}:{changed.timestamp():.6f}:"
        f"{_fingerprint(html)}"
    )
    with translation.override(language):
        purpose = assessment.get_purpose_display()
    return Report(
        filename=_filename(assessment.project.title, purpose, f"{changed:%Y-%m-%d}"),
        content_type=PDF,
        content=_cached_pdf(key, html, requester),
    )


def assessment_report_html(
    assessment: Assessment, *, language: str, with_names: bool, changed=None,
    baseline: Assessment | None = None,
) -> str:
    """The report as HTML: what WeasyPrint lays out (kept apart for tests and the bench).

    It holds nothing that varies between two downloads of an unchanged assessment (no
    "printed at" time), so that its fingerprint is a cache key. The people who answered
    are named only `with_names` (for the assessor's side, see `permissions.can_see_people`).
    A final evaluation is set beside its `baseline` when the reader may see it (see
    `permissions.visible_baseline`); the baseline's own changes thus change the HTML, and
    with it the cache key.
    """
    changed = changed or last_change(assessment)
    with translation.override(language):
        results = collect_results(assessment)
        progression = comparison.progression(assessment, baseline) if baseline else None
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
        ) if with_names else []
        return render_to_string("reports/assessment.html", {
            "assessment": assessment,
            "running_title": without_emoji(assessment.project.title),
            "results": results,
            "chart": score_chart(results.scorecard, chart_id="report-chart"),
            "progression": progression,
            "progression_chart": comparison_chart(progression, chart_id="report-progression")
            if progression else "",
            "terms": glossary.terms_in(*texts),
            "answered_by": sorted(
                {f"{first} {last}".strip() or username for first, last, username in answerers}
            ),
            "last_change": changed,
            "decision": Decision.objects.filter(project=assessment.project_id)
            .prefetch_related("conditions_on").first(),
            "language": language,
        })


def comparison_report(assessments, *, language: str, requester: str) -> Report:
    """Two to five assessments side by side, as the comparison page shows them. The people
    who answered are never named: a comparison may set both sides of a project together."""
    html = comparison_report_html(assessments, language=language)
    numbers = "-".join(str(assessment.pk) for assessment in assessments)
    key = f"comparison-report:{numbers}:{language}:{_fingerprint(html)}"
    with translation.override(language):
        name = translation.gettext("comparison")
    titles = dict.fromkeys(assessment.project.title for assessment in assessments)
    return Report(
        filename=_filename(name, *titles),
        content_type=PDF,
        content=_cached_pdf(key, html, requester),
    )


def comparison_report_html(assessments, *, language: str) -> str:
    with translation.override(language):
        compared = comparison.compare(assessments)
        return render_to_string("reports/comparison.html", {
            "comparison": compared,
            "chart": comparison_chart(compared, chart_id="report-comparison-chart"),
            "running_title": without_emoji(" · ".join(
                dict.fromkeys(assessment.project.title for assessment in assessments)
            )),
            "draft": not all(assessment.is_submitted for assessment in assessments),
            "language": language,
        })


def blank_checklist(version: ChecklistVersion, *, language: str, requester: str) -> Report:
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
        content=_cached_pdf(key, html, requester),
    )

"""PDF reports, rendered by WeasyPrint: an assessment's report, a comparison, the blank
checklist. This module builds each one's HTML and turns HTML into PDF; asking for one,
and rendering it off the request, is `report_requests`. Rendering never touches the
network nor any file outside `ASSETS_DIR`.
"""

import logging
import mimetypes
import re
import threading
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import comparison
from .charts import comparison_chart, score_chart
from .glossary import Glossary
from .models import Answer, Assessment, ChecklistVersion, Decision, Pillar, Question
from .results import collect_results, last_change

logger = logging.getLogger(__name__)

ASSETS_DIR = Path(__file__).resolve().parent / "report_assets"
PDF = "application/pdf"
RENDER_WINDOW_SECONDS = 60


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


def filename(*parts: str) -> str:
    name = "-".join(slugify(part) for part in parts if part)
    return re.sub(r"-+", "-", name)[:120] + ".pdf"


def assessment_report_html(
    assessment: Assessment, *, language: str, with_names: bool, changed=None,
    baseline: Assessment | None = None,
) -> str:
    """The report as HTML: what WeasyPrint lays out (kept apart for tests and the bench).

    The people who answered are named only `with_names` (for the assessor's side, see
    `permissions.can_see_people`). A final evaluation is set beside its `baseline` when
    the reader may see it (see `permissions.visible_baseline`).
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


def blank_checklist_html(version: ChecklistVersion, *, language: str) -> str:
    with translation.override(language):
        return render_to_string("reports/blank_checklist.html", {
            "version": version,
            "pillars": Pillar.objects.filter(version=version).order_by("order"),
            "questions": Question.objects.of_version(version)
            .prefetch_related("criteria"),
            "language": language,
        })

"""The score chart, drawn on the server as SVG.

One drawing serves the results page and the PDF report (where it stays vector). It uses
presentation attributes only, no style attribute, so the Content Security Policy holds.
A table of the same figures sits beside it for screen readers.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .scoring import Scorecard

PILLAR_COLOURS = {
    "diversity": ("#2b5d8c", "#9fbfdc"),
    "equality": ("#7a3e8c", "#cfa8da"),
    "interaction": ("#1f6b4a", "#9ccdb5"),
}
DEFAULT_COLOURS = ("#1d3a5c", "#b7c6d8")

WIDTH = 640
LABEL_WIDTH = 150
BAR_LEFT = LABEL_WIDTH + 10
BAR_WIDTH = 400
ROW = 22
PILLAR_ROW = 30
TOP = 34


def score_chart(scorecard: Scorecard, *, chart_id: str = "score-chart") -> SafeString:
    rows = []
    y = TOP
    for pillar in scorecard.pillars:
        strong, light = PILLAR_COLOURS.get(pillar.slug, DEFAULT_COLOURS)
        rows.append(_bar(y, pillar.title, pillar.score.percentage, strong, bold=True,
                         height=20))
        y += PILLAR_ROW
        for indicator in pillar.indicators:
            label = indicator.code
            rows.append(_bar(y, label, indicator.score.percentage, light, bold=False,
                             height=14, title=f"{indicator.code} {indicator.title}"))
            y += ROW
        y += 8
    height = y + 6
    grid = format_html_join(
        "", '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#c8ced6" stroke-width="1"/>'
        '<text x="{0}" y="{3}" font-size="11" text-anchor="middle" fill="#3d4650">{4}%</text>',
        (
            (BAR_LEFT + BAR_WIDTH * tick // 100, TOP - 8, height - 6, TOP - 14, tick)
            for tick in (0, 25, 50, 75, 100)
        ),
    )
    title = _("Scores by pillar and indicator")
    description = _("Overall %(percentage)d%%. ") % {
        "percentage": scorecard.overall.percentage
    } + " ".join(
        _("%(pillar)s %(percentage)d%%.") % {"pillar": p.title, "percentage": p.score.percentage}
        for p in scorecard.pillars
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        'width="{width}" height="{height}" role="img" class="score-chart" '
        'aria-labelledby="{id}-title {id}-desc" font-family="DejaVu Sans, Arial, sans-serif">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>'
        "{grid}{rows}</svg>",
        width=WIDTH, height=height, id=chart_id, title=title, description=description,
        grid=grid, rows=mark_safe("".join(rows)),  # noqa: S308 - each row built by format_html
    )


def _bar(y, label, percentage, colour, *, bold, height, title=None) -> str:
    length = BAR_WIDTH * percentage / 100
    tooltip = format_html("<title>{}</title>", title) if title else ""
    return format_html(
        '<g>{tooltip}<text x="{label_x}" y="{text_y}" font-size="{size}" text-anchor="end" '
        'fill="#1b1f24" font-weight="{weight}">{label}</text>'
        '<rect x="{bar_x}" y="{y}" width="{width_full}" height="{height}" fill="#eef1f5"/>'
        '<rect x="{bar_x}" y="{y}" width="{length}" height="{height}" fill="{colour}"/>'
        '<text x="{value_x}" y="{text_y}" font-size="{size}" fill="#1b1f24">{percentage}%</text>'
        "</g>",
        tooltip=tooltip, label_x=LABEL_WIDTH, text_y=y + height - 3.5, size=13 if bold else 11,
        weight="bold" if bold else "normal", label=label, bar_x=BAR_LEFT, y=y,
        width_full=BAR_WIDTH, height=height, length=f"{length:.1f}", colour=colour,
        value_x=f"{BAR_LEFT + length + 6:.1f}", percentage=percentage,
    )

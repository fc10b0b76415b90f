"""The score chart, drawn on the server as SVG.

One drawing serves the results page and the PDF report (where it stays vector). It uses
presentation attributes only, no style attribute, so the Content Security Policy holds.
A table of the same figures sits beside it for screen readers.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
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
    title = _("Scores by pillar and indicator")
    description = _("Overall %(percentage)d%%. ") % {
        "percentage": scorecard.overall.percentage
    } + " ".join(
        _("%(pillar)s %(percentage)d%%.") % {"pillar": p.title, "percentage": p.score.percentage}
        for p in scorecard.pillars
    )
    return _svg(chart_id, height, title, description, _grid(TOP, height), rows)


def _grid(top, height) -> str:
    return format_html_join(
        "", '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#c8ced6" stroke-width="1"/>'
        '<text x="{0}" y="{3}" font-size="11" text-anchor="middle" fill="#3d4650">{4}%</text>',
        (
            (BAR_LEFT + BAR_WIDTH * tick // 100, top - 8, height - 6, top - 14, tick)
            for tick in (0, 25, 50, 75, 100)
        ),
    )


def _svg(chart_id, height, title, description, grid, rows) -> SafeString:
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


# Grouped bars: several assessments side by side ------------------------------------------

# Told apart by people with the commoner colour vision deficiencies (after Okabe and Ito),
# each at least 3:1 against the bar's track; the table beside the chart gives the figures.
SERIES_COLOURS = ("#0072b2", "#d55e00", "#007a5e", "#a8528a", "#8a6d00")
LEGEND_ROW = 18
GROUP_GAP = 8


@dataclass(frozen=True)
class Group:
    """One set of bars: a short label drawn beside them, a full title for the tooltip,
    and a percentage per series (None where that series has nothing to show)."""

    label: str
    title: str
    values: Sequence[int | None]
    strong: bool = False


def grouped_bar_chart(
    *, series: Sequence[str], groups: Sequence[Group], title: str, chart_id: str
) -> SafeString:
    """One bar per series in each group, with a numbered legend; series are drawn in the
    order given, with the colours of SERIES_COLOURS."""
    bar = max(5, 24 // len(series))
    legend = [
        format_html(
            '<g><rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>'
            '<text x="{text_x}" y="{text_y}" font-size="12" fill="#1b1f24">{name}</text></g>',
            x=BAR_LEFT, y=8 + index * LEGEND_ROW, colour=SERIES_COLOURS[index],
            text_x=BAR_LEFT + 18, text_y=18 + index * LEGEND_ROW,
            name=Truncator(name).chars(60),
        )
        for index, name in enumerate(series)
    ]
    top = 8 + len(series) * LEGEND_ROW + 24
    y = top
    rows = []
    for group in groups:
        if group.strong and y > top:
            y += GROUP_GAP
        group_height = len(series) * (bar + 1) - 1
        rows.append(format_html(
            '<text x="{x}" y="{y}" font-size="{size}" text-anchor="end" fill="#1b1f24" '
            'font-weight="{weight}">{label}</text>',
            x=LABEL_WIDTH, y=y + group_height / 2 + 4, size=13 if group.strong else 11,
            weight="bold" if group.strong else "normal", label=group.label,
        ))
        for index, (name, value) in enumerate(zip(series, group.values, strict=True)):
            rows.append(_series_bar(y + index * (bar + 1), bar, index, name, group, value))
        y += group_height + GROUP_GAP
    height = y + 6
    return _svg(chart_id, height, title, _first_group_description(series, groups),
                _grid(top, height), legend + rows)


def _first_group_description(series, groups) -> str:
    """The first group's figures (the overall scores, say) for the chart's description;
    the table beside the chart holds them all."""
    if not groups:
        return ""
    return f"{groups[0].title}: " + "; ".join(
        f"{name} {'-' if value is None else f'{value}%'}"
        for name, value in zip(series, groups[0].values, strict=True)
    ) + "."


def _series_bar(y, height, index, name, group, value) -> str:
    length = BAR_WIDTH * (value or 0) / 100
    tooltip = _("%(series)s, %(group)s: %(percentage)s") % {
        "series": name, "group": group.title,
        "percentage": _("not in this version") if value is None else f"{value}%",
    }
    figure = format_html(
        '<text x="{x}" y="{y}" font-size="{size}" fill="#1b1f24">{value}%</text>',
        x=f"{BAR_LEFT + length + 4:.1f}", y=y + height - 1, size=height + 1, value=value,
    ) if value is not None and height >= 8 else ""
    return format_html(
        '<g><title>{tooltip}</title>'
        '<rect x="{x}" y="{y}" width="{full}" height="{height}" fill="#eef1f5"/>'
        '<rect x="{x}" y="{y}" width="{length}" height="{height}" fill="{colour}"/>{figure}</g>',
        tooltip=tooltip, x=BAR_LEFT, y=y, full=BAR_WIDTH, height=height,
        length=f"{length:.1f}", colour=SERIES_COLOURS[index], figure=figure,
    )


def comparison_chart(comparison, *, chart_id: str) -> SafeString:
    """The overall, pillar and indicator scores of a comparison (or a progression) as
    grouped bars, one series per assessment."""
    return grouped_bar_chart(
        series=comparison.series,
        groups=[
            Group(
                label=row.code if row.kind == "indicator" else row.title,
                title=f"{row.code} {row.title}" if row.kind == "indicator" else row.title,
                values=[score.percentage if score else None for score in row.scores],
                strong=row.kind != "indicator",
            )
            for row in comparison.score_rows
        ],
        title=_("Scores side by side, by pillar and indicator"),
        chart_id=chart_id,
    )


# Answers given to each question: yes, partially, no, stacked -----------------------------

ANSWER_COLOURS = {"yes": "#1f6b4a", "partially": "#b07d00", "no": "#a12626"}


def distribution_chart(distributions, *, chart_id: str) -> SafeString:
    """One bar per question, its length split into the shares of yes, partially and no."""
    labels = {"yes": _("Yes"), "partially": _("Partially"), "no": _("No")}
    legend = [
        format_html(
            '<g><rect x="{x}" y="8" width="12" height="12" fill="{colour}"/>'
            '<text x="{text_x}" y="18" font-size="12" fill="#1b1f24">{name}</text></g>',
            x=BAR_LEFT + index * 110, colour=ANSWER_COLOURS[value], text_x=BAR_LEFT + index * 110
            + 18, name=labels[value],
        )
        for index, value in enumerate(ANSWER_COLOURS)
    ]
    rows, y = [], TOP + 10
    for row in distributions:
        rows.append(format_html(
            '<text x="{x}" y="{y}" font-size="11" text-anchor="end" fill="#1b1f24">{code}</text>',
            x=LABEL_WIDTH, y=y + 11, code=row.code,
        ))
        left = 0.0
        for value in ANSWER_COLOURS:
            count = getattr(row, value)
            length = BAR_WIDTH * count / row.total if row.total else 0
            rows.append(format_html(
                '<rect x="{x}" y="{y}" width="{width}" height="14" fill="{colour}">'
                "<title>{title}</title></rect>",
                x=f"{BAR_LEFT + left:.1f}", y=y, width=f"{length:.1f}",
                colour=ANSWER_COLOURS[value],
                title=_("%(code)s, %(answer)s: %(share)s%% (%(count)s)") % {
                    "code": row.code, "answer": labels[value], "share": row.share(count),
                    "count": count},
            ))
            left += length
        y += ROW
    height = y + 6
    description = _("The share of yes, partially and no for each question; the table "
                    "beside the chart gives the figures.")
    return _svg(chart_id, height, _("Answers given, question by question"), description,
                _grid(TOP + 10, height), legend + rows)

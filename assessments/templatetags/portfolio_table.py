"""The rows of the portfolio's table, written here rather than in its template.

A page shows 25 assessments of 14 cells each. Drawn node by node by the template language,
they took a third of the page at 10,000 assessments (23 ms of 80 of processor); written
here, a few. Django's admin writes the rows of its lists the same way
(`admin_list.items_for_result`). Every value is escaped as the template escaped it: by
`format_html`, or already safe (`in_own_language`). What all rows share (headings, the
words for an empty cell, the numbers) is worded once for the page, not once per cell: a
lazy text is translated again, and a number formatted again, each time it is shown.
"""

from functools import cache

from django import template
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext

from checklist_site.languages import in_own_language
from checklist_site.numbers import percent

from ..models import Assessment

register = template.Library()

ROW = (
    '<tr><th scope="row" data-label="{title_label}"><input class="form-check-input me-2" '
    'type="checkbox" name="a" value="{pk}" id="compare-{pk}"><label class="visually-hidden" '
    'for="compare-{pk}">{compare}</label><a href="{project_url}">{title}</a></th>'
    '<td data-label="{runner_label}">{runner}</td>'
    '<td data-label="{round_label}">{round}</td>'
    '<td data-label="{topics_label}">{topics}</td>'
    '<td data-label="{purpose_label}"><a href="{results_url}">{purpose}</a></td>'
    '<td data-label="{status_label}">{status}</td>'
    '<td data-label="{started_label}" class="text-nowrap">{started}</td>'
    '<td data-label="{submitted_label}" class="text-nowrap">{submitted}</td>'
    '{figures}'
    '<td data-label="{band_label}">{band}</td>'
    '<td data-label="{decision_label}">{decision}</td></tr>'
)
FIGURE = '<td data-label="{}" class="text-nowrap">{}/{} · {}</td>'


@register.simple_tag
def portfolio_rows(rows, labels) -> SafeString:
    """The <tr> of each assessment of `rows` (as `Portfolio.rows` reads them); `labels`:
    the columns' headings, repeated in each cell for narrow screens."""
    page = _Page(labels)
    return format_html_join("", "{}", ((page.row(row),) for row in rows))


class _Page:
    """The words and numbers of one page of rows, in the page's language."""

    def __init__(self, labels):
        # The headings written into the row's markup once (braces doubled: what is left
        # is formatted again for each row).
        self.markup = ROW.format_map(_Headings({
            f"{key}_label": conditional_escape(label).replace("{", "{{").replace("}", "}}")
            for key, label in labels.items()
        }))
        self.purposes = {value: str(label) for value, label in Assessment.Purpose.choices}
        self.statuses = {value: str(label) for value, label in Assessment.Status.choices}
        self.compare = gettext("Compare %(title)s · %(purpose)s")
        self.no_round = _muted(pgettext("no funding round", "none"))
        self.not_yet = _muted(gettext("not yet"))
        self.no_band = _muted(pgettext("no score band", "none"))
        self.no_decision = _muted(pgettext("no decision", "none"))
        self.number = cache(formats.localize)
        self.percent = cache(percent)

    def row(self, row) -> SafeString:
        project = row.project
        purpose = self.purposes.get(row.purpose, row.purpose)
        return format_html(
            self.markup,
            pk=row.pk,
            compare=self.compare % {"title": project.title, "purpose": purpose},
            project_url=reverse("project-detail", args=[row.project_id]),
            title=project.title,
            runner=project.organisation.name,
            round=project.funding_round.name if project.funding_round else self.no_round,
            topics=format_html_join(", ", "{}", ((in_own_language(topic, "name"),)
                                                  for topic in row.topic_areas)),
            results_url=reverse("assessment-results", args=[row.pk]),
            purpose=purpose,
            status=self.statuses.get(row.status, row.status),
            started=self.date(row.created_at),
            submitted=self.date(row.submitted_at) if row.submitted_at else self.not_yet,
            figures=format_html_join("", FIGURE, (
                (figure.label, self.number(figure.points), self.number(figure.max_points),
                 self.percent(figure.percentage))
                for figure in row.figures
            )),
            band=row.band.label if row.band else self.no_band,
            decision=row.decision_label or self.no_decision,
        )

    def date(self, moment) -> str:
        """As the template's `date:"SHORT_DATE_FORMAT"`, in the site's time zone."""
        return formats.date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


class _Headings(dict):
    """Fills the headings' places of ROW and leaves the others to be filled."""

    def __missing__(self, key):
        return f"{{{key}}}"


def _muted(text: str) -> SafeString:
    return format_html('<span class="text-muted">{}</span>', text)

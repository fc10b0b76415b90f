"""The network's figures, for ICC staff (see `assessments.network`)."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_countries import countries

from assessments import network, permissions
from assessments.charts import Group, distribution_chart, grouped_bar_chart
from assessments.forms import NetworkFiltersForm
from assessments.models import FundingRound, Organisation, PillarSlug
from checklist_site.spreadsheets import safe_cell


def _form(request) -> NetworkFiltersForm:
    cities = Organisation.objects.filter(kind=Organisation.Kind.CITY).exclude(country="")
    codes = sorted(set(cities.values_list("country", flat=True)))
    return NetworkFiltersForm(
        request.GET or None,
        countries=[(code, countries.name(code)) for code in codes],
        round_years=sorted({day.year for day in
                            FundingRound.objects.values_list("opens_on", flat=True)}),
    )


def _filters(form) -> network.Filters:
    """What the form asks for; nothing (every submitted assessment) when it is not valid."""
    if not form.is_valid():
        return network.Filters()
    chosen = dict(form.cleaned_data)
    topic = chosen.pop("topic")
    return network.Filters(**chosen, topic=topic.slug if topic else "")


@login_required
@require_GET
def network_figures(request):
    permissions.require(permissions.can_read_network_figures(request.user))
    form = _form(request)
    figures = network.figures(_filters(form))
    if request.GET.get("download") in CSV_TABLES:
        return _csv(request.GET["download"], figures)
    pillar_titles = dict(PillarSlug.choices)
    return render(request, "assessments/network_figures.html", {
        "form": form,
        "figures": figures,
        "minimum": {"assessments": network.MIN_ASSESSMENTS, "cities": network.MIN_CITIES},
        "pillar_titles": pillar_titles,
        "distribution_chart": distribution_chart(figures.distributions,
                                                 chart_id="network-answers")
        if figures.distributions else "",
        "scores_chart": _scores_chart(figures, pillar_titles) if figures.pillars else "",
        "years_chart": _years_chart(figures, pillar_titles),
        "query": request.GET.urlencode(),
    })


def _scores_chart(figures, pillar_titles):
    groups = []
    for pillar in figures.pillars:
        groups.append(Group(pillar_titles[pillar.key], pillar_titles[pillar.key],
                            [pillar.percentage], strong=True))
        groups += [Group(indicator.key, figures.indicator_titles.get(indicator.key, ""),
                         [indicator.percentage])
                   for indicator in figures.indicators if indicator.key[0] == pillar.key[0].upper()]
    return grouped_bar_chart(series=[_("Average of the assessments in the filter")],
                             groups=groups, title=_("Average scores by pillar and indicator"),
                             chart_id="network-scores")


def _years_chart(figures, pillar_titles):
    shown = [year for year in figures.years if year.pillars]
    if not shown:
        return ""
    return grouped_bar_chart(
        series=[str(year.year) for year in shown],
        groups=[Group(title, title, [year.pillars[slug].percentage if slug in year.pillars
                                     else None for year in shown], strong=True)
                for slug, title in pillar_titles.items()],
        title=_("Average pillar scores, year by year"), chart_id="network-years",
    )


def _distribution_rows(figures):
    return [[row.code, row.yes, row.partially, row.no, row.share(row.yes),
             row.share(row.partially), row.share(row.no)] for row in figures.distributions]


def _score_rows(figures):
    return [[average.key, average.points, average.max_points, average.percentage]
            for average in figures.pillars + figures.indicators]


def _year_rows(figures):
    return [[year.year, slug, average.percentage]
            for year in figures.years for slug, average in year.pillars.items()]


CSV_TABLES = {
    "answers": (["question", "yes", "partially", "no", "yes_percent", "partially_percent",
                 "no_percent"], _distribution_rows),
    "scores": (["pillar_or_indicator", "points", "max_points", "percentage"], _score_rows),
    "years": (["year", "pillar", "percentage"], _year_rows),
}


def _csv(table, figures) -> HttpResponse:
    header, rows = CSV_TABLES[table]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="network-{table}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([[safe_cell(cell) for cell in row] for row in rows(figures)])
    return response

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessments import comparison, permissions, reports
from assessments.charts import comparison_chart, score_chart
from assessments.forms import ScoreBandForm
from assessments.models import ChecklistVersion
from assessments.results import collect_results


@login_required
def assessment_results(request, pk):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    results = collect_results(assessment)
    baseline = permissions.visible_baseline(request.user, assessment)
    progression = comparison.progression(assessment, baseline) if baseline else None
    return render(request, "assessments/results.html", {
        "assessment": assessment,
        "results": results,
        "chart": score_chart(results.scorecard),
        "progression": progression,
        "progression_chart": comparison_chart(progression, chart_id="progression-chart")
        if progression else "",
    })


def download(request, build: Callable[[str], reports.Report]) -> HttpResponse:
    """The report `build(requester)` renders, as a file to download; or, past the render
    limit, a page that says so."""
    try:
        report = build(reports.requester_of(request))
    except reports.RateLimited as refusal:
        response = render(request, "assessments/report_rate_limited.html", {
            "limit": settings.REPORTS_PER_MINUTE,
        }, status=429)
        response["Retry-After"] = str(refusal.retry_after)
        return response
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=report.filename
    )
    return response


@login_required
@require_GET
def assessment_report(request, pk):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    return download(request, lambda requester: reports.assessment_report(
        assessment, language=get_language(), requester=requester,
        with_names=permissions.can_see_people(request.user, assessment),
        baseline=permissions.visible_baseline(request.user, assessment),
    ))


@require_GET
def blank_checklist(request, label):
    """The checklist on paper, for workshops held offline: open to anyone."""
    version = get_object_or_404(ChecklistVersion.objects.published(), label=label)
    return download(request, lambda requester: reports.blank_checklist(
        version, language=get_language(), requester=requester
    ))


@login_required
def score_bands(request, pk):
    """A city's own reading of overall scores (never a Council of Europe certification)."""
    city = permissions.get_organisation_for_user(request.user, pk)
    permissions.require(permissions.can_manage_score_bands(request.user, city))
    form = ScoreBandForm(request.POST or None, city=city)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The band is added."))
        return redirect("score-bands", pk=city.pk)
    return render(request, "assessments/score_bands.html", {
        "city": city,
        "bands": city.score_bands.all(),
        "form": form,
    })


@login_required
@require_POST
def score_band_delete(request, pk, band_pk):
    city = permissions.get_organisation_for_user(request.user, pk)
    permissions.require(permissions.can_manage_score_bands(request.user, city))
    band = get_object_or_404(city.score_bands, pk=band_pk)
    band.delete()
    messages.success(request, _("The band “%(label)s” is deleted.") % {"label": band.label})
    return redirect("score-bands", pk=city.pk)

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessments import permissions, reports
from assessments.charts import score_chart
from assessments.forms import ScoreBandForm
from assessments.models import ChecklistVersion
from assessments.results import collect_results


@login_required
def assessment_results(request, pk):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    results = collect_results(assessment)
    return render(request, "assessments/results.html", {
        "assessment": assessment,
        "results": results,
        "chart": score_chart(results.scorecard),
    })


def _pdf_response(report: reports.Report) -> HttpResponse:
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=report.filename
    )
    return response


def _too_many_reports(request, refusal: reports.RateLimited) -> HttpResponse:
    response = render(request, "assessments/report_rate_limited.html", {
        "limit": settings.REPORTS_PER_MINUTE,
    }, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


@login_required
@require_GET
def assessment_report(request, pk):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    try:
        report = reports.assessment_report(
            assessment, language=get_language(), requester=reports.requester_of(request),
            with_names=permissions.can_see_people(request.user, assessment),
        )
    except reports.RateLimited as refusal:
        return _too_many_reports(request, refusal)
    return _pdf_response(report)


@require_GET
def blank_checklist(request, label):
    """The checklist on paper, for workshops held offline: open to anyone."""
    version = get_object_or_404(ChecklistVersion.objects.published(), label=label)
    try:
        report = reports.blank_checklist(
            version, language=get_language(), requester=reports.requester_of(request)
        )
    except reports.RateLimited as refusal:
        return _too_many_reports(request, refusal)
    return _pdf_response(report)


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

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessments import comparison, permissions, report_requests
from assessments.charts import comparison_chart, score_chart
from assessments.forms import ScoreBandForm
from assessments.models import ChecklistVersion, RenderedReport
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
        "export_formats": [("csv", "CSV"), ("xlsx", "XLSX"), ("json", "JSON")],
    })


def deliver(request, ask: Callable[[str], RenderedReport]) -> HttpResponse:
    """The report `ask(requester)` names: the file once rendered; until then a page that
    says it is being prepared (202), which refreshes itself, or its state as JSON for the
    page's script; past the render limit, a page that says so (429)."""
    requester = report_requests.requester_of(request)
    try:
        report = ask(requester)
        if request.GET.get("retry"):
            report_requests.try_again(report, requester=requester)
    except report_requests.RateLimited as refusal:
        response = render(request, "assessments/report_rate_limited.html", {
            "limit": settings.REPORTS_PER_MINUTE,
        }, status=429)
        response["Retry-After"] = str(refusal.retry_after)
        return response
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"status": report.status, "label": report.get_status_display()})
    if report.status == RenderedReport.Status.READY:
        return FileResponse(report.file.open("rb"), as_attachment=True,
                            filename=report.filename, content_type="application/pdf")
    query = request.GET.copy()
    query.pop("retry", None)
    address = request.path + (f"?{query.urlencode()}" if query else "")
    return render(request, "assessments/report_status.html", {
        "report": report,
        "download_url": address,
        "retry_url": address + ("&" if query else "?") + "retry=1",
    }, status=202)


@login_required
@require_GET
def assessment_report(request, pk):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    return deliver(request, lambda requester: report_requests.ask_for_assessment_report(
        assessment, language=get_language(), requester=requester,
        with_names=permissions.can_see_people(request.user, assessment),
        baseline=permissions.visible_baseline(request.user, assessment),
    ))


@require_GET
def blank_checklist(request, label):
    """The checklist on paper, for workshops held offline: open to anyone."""
    version = get_object_or_404(ChecklistVersion.objects.published(), label=label)
    return deliver(request, lambda requester: report_requests.ask_for_blank_checklist(
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

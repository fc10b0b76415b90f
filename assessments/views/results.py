from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessments import comparison, permissions, plans, report_requests
from assessments.charts import comparison_chart, score_chart
from assessments.forms import ScoreBandForm
from assessments.models import ChecklistVersion, RenderedReport
from assessments.pages import Pages
from assessments.results import collect_results
from checklist_site import languages


@login_required
def assessment_results(request, pk):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    return results_page(
        request, assessment, pages=Pages.of_assessment(assessment),
        baseline=permissions.visible_baseline(request.user, assessment),
        export_formats=[("csv", "CSV"), ("xlsx", "XLSX"), ("json", "JSON")],
    )


def results_page(request, assessment, *, pages: Pages, baseline=None, export_formats=()):
    results = collect_results(assessment)
    progression = comparison.progression(assessment, baseline) if baseline else None
    followed, completion = plans.followed(progression) if progression else ([], None)
    return render(request, "assessments/results.html", {
        "followed": followed,
        "completion": completion,
        "assessment": assessment,
        "pages": pages,
        "results": results,
        "chart": score_chart(results.scorecard),
        "progression": progression,
        "progression_chart": comparison_chart(progression, chart_id="progression-chart")
        if progression else "",
        "export_formats": export_formats,
    })


def document_language(request) -> str:
    """The language a PDF is asked for in (`?lang=fr`), else the page's."""
    asked = request.GET.get("lang")
    if asked is None:
        return get_language()
    if languages.supported(asked) is None:
        raise Http404(_("No document is made in this language."))
    return asked


def deliver(request, ask: Callable[[str], RenderedReport]) -> HttpResponse:
    """The report `ask(requester)` names: the file once rendered; until then a page that
    says it is being prepared (202), which follows it (`report_state`) or refreshes
    itself, or its state as JSON; past the render limit, a page that says so (429)."""
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
    state_url = reverse("report-state", args=[
        report_requests.state_token(report, requester=requester)
    ])
    if "application/json" in request.headers.get("Accept", ""):
        return _state(report, state_url=state_url)
    if report.status == RenderedReport.Status.READY:
        return FileResponse(report.file.open("rb"), as_attachment=True,
                            filename=report.filename, content_type="application/pdf")
    query = request.GET.copy()
    query.pop("retry", None)
    address = request.path + (f"?{query.urlencode()}" if query else "")
    return render(request, "assessments/report_status.html", {
        "report": report,
        "download_url": address,
        "state_url": state_url,
        "retry_url": address + ("&" if query else "?") + "retry=1",
    }, status=202)


def _state(report: RenderedReport, **more) -> JsonResponse:
    return JsonResponse({"status": report.status, "label": report.get_status_display(), **more})


@require_GET
def report_state(request, token):
    """How one render is getting on, for the page that waits for it (its `state_url`):
    the render's row, read by the name only its requester was given."""
    report = report_requests.followed(token, requester=report_requests.requester_of(request))
    if report is None:
        raise Http404(_("No such report is being prepared for you."))
    return _state(report)


@login_required
@require_GET
def assessment_report(request, pk):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    return deliver(request, lambda requester: report_requests.ask_for_assessment_report(
        assessment, language=document_language(request), requester=requester,
        with_names=permissions.can_see_people(request.user, assessment),
        baseline=permissions.visible_baseline(request.user, assessment),
        perspectives=permissions.perspectives_in_report(request.user, assessment),
    ))


@require_GET
def blank_checklist(request, label):
    """The checklist on paper, for workshops held offline: open to anyone."""
    version = get_object_or_404(ChecklistVersion.objects.published(), label=label)
    return deliver(request, lambda requester: report_requests.ask_for_blank_checklist(
        version, language=document_language(request), requester=requester
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

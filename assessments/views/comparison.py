"""Assessments side by side: the page and its PDF. The address holds the assessments'
numbers (`?a=1&a=4`), so a comparison can be bookmarked and sent to a colleague, who sees
it only if they may see every one of them."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from assessments import comparison, permissions, report_requests
from assessments.charts import comparison_chart
from assessments.forms import CompareForm
from assessments.views.results import deliver


def comparing(view):
    """Call `view(request, assessments)` with the assessments the address names: a page
    saying what is wrong (400) when it names too few, too many or no numbers, and 404
    when the user may not see one of them."""
    @login_required
    @require_GET
    @wraps(view)
    def with_assessments(request):
        form = CompareForm(request.GET)
        if not form.is_valid():
            return render(request, "assessments/compare.html", {
                "form": form,
                "minimum": comparison.MIN_COMPARED,
                "maximum": comparison.MAX_COMPARED,
            }, status=400)
        return view(request, permissions.get_assessments_for_user(
            request.user, form.cleaned_data["a"]
        ))
    return with_assessments


@comparing
def compare(request, assessments):
    compared = comparison.compare(assessments)
    return render(request, "assessments/compare.html", {
        "comparison": compared,
        "chart": comparison_chart(compared, chart_id="comparison-chart"),
        "query": urlencode({"a": [assessment.pk for assessment in assessments]}, doseq=True),
    })


@comparing
def compare_report(request, assessments):
    return deliver(request, lambda requester: report_requests.ask_for_comparison(
        assessments, language=get_language(), requester=requester
    ))

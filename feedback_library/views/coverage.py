from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from assessments import permissions
from checklist_site import languages
from feedback_library import coverage as coverage_map


@login_required
def coverage(request):
    """Where the library is thin: demand for feedback beside what the library holds."""
    permissions.require(
        permissions.can_read_network_figures(request.user),
        _("Only secretariat curators and analysts see network figures."),
    )
    period = request.GET.get("period", "12")
    if period not in coverage_map.PERIODS:
        period = "12"
    translation_languages = dict(languages.translation_languages())
    missing = request.GET.get("missing", "")
    if missing not in translation_languages:
        missing = ""
    rows = coverage_map.coverage(period, missing=missing)
    missing_label = _("entries without %(language)s") % {
        "language": translation_languages[missing]
    } if missing else ""
    if request.GET.get("format") == "csv":
        response = HttpResponse(coverage_map.as_csv(rows, missing_label=missing_label),
                                content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="library-coverage-{period}.csv"'
        return response
    cells = [cell for row in rows for cell in row.cells]
    return render(request, "feedback_library/coverage.html", {
        "rows": rows,
        "period": period,
        "periods": [("3", _("last 3 months")), ("12", _("last 12 months")), ("all", _("all time"))],
        "needing_examples": sum(cell.needs_examples for cell in cells),
        "total_demand": sum(cell.demand for cell in cells),
        "min_examples": coverage_map.MIN_EXAMPLES,
        "missing": missing,
        "missing_label": missing_label,
        "translation_languages": translation_languages.items(),
    })



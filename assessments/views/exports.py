"""Assessments and portfolios as files other tools read (see `assessments.exports`)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from assessments import exports, permissions
from assessments.filters import PortfolioFilter
from assessments.portfolio import portfolio_of

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": exports.XLSX,
                 "json": "application/json"}


def _file(content, *, name: str, file_format: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{name}.{file_format}"
    )
    return response


def _language(request) -> str:
    asked = request.GET.get("lang")
    return asked if asked in dict(settings.LANGUAGES) else get_language()


@login_required
@require_GET
def assessment_export(request, pk, file_format):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    record = exports.assessment_record(assessment, language=_language(request))
    writers = {"json": exports.as_json, "csv": exports.as_csv, "xlsx": exports.as_xlsx}
    if file_format not in writers:
        raise Http404(_("No such format."))
    name = slugify(f"{assessment.project.title} {assessment.get_purpose_display()}")
    return _file(writers[file_format](record), name=name or "assessment",
                 file_format=file_format)


@login_required
@require_GET
def portfolio_export(request, file_format):
    """The portfolio as filtered in the address, every row of it (not one page)."""
    permissions.require(permissions.can_see_portfolio(request.user))
    writers = {"csv": exports.portfolio_csv, "xlsx": exports.portfolio_xlsx}
    if file_format not in writers:
        raise Http404(_("No such format."))
    mine = portfolio_of(request.user)
    filters = PortfolioFilter(request.GET or None, of=mine)
    rows = mine.rows(list(filters.qs.values_list("pk", flat=True)))
    return _file(writers[file_format](rows), name="portfolio", file_format=file_format)

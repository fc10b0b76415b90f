from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from assessments import permissions
from assessments.filters import PortfolioFilter
from assessments.portfolio import LABELS, portfolio_of, sort_headers

ROWS_PER_PAGE = 25


@login_required
@require_GET
def portfolio(request):
    """The assessments of the user's projects side by side, filtered and sorted from the
    address."""
    permissions.require(
        permissions.can_see_portfolio(request.user),
        _("The portfolio lists the projects of a city or a partner organisation; your "
          "account belongs to neither."),
    )
    mine = portfolio_of(request.user)
    filters = PortfolioFilter(request.GET or None, of=mine)
    page = Paginator(filters.qs.values_list("pk", flat=True), ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "assessments/portfolio.html", {
        "form": filters.form,
        "page": page,
        "rows": mine.rows(list(page.object_list)),
        "headers": sort_headers(request.GET, filters.chosen_sort),
        "labels": LABELS,
        "filtered": filters.is_bound,
        "query": _without_page(request.GET),
    })


def _without_page(query) -> str:
    query = query.copy()
    query.pop("page", None)
    return query.urlencode()

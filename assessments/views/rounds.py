"""A city's funding rounds: its calls for proposals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assessments import permissions
from assessments.forms import FundingRoundForm

ROUNDS_PER_PAGE = 25


@login_required
def funding_rounds(request, pk):
    city = permissions.get_organisation_for_user(request.user, pk)
    permissions.require(permissions.can_manage_rounds(request.user, city))
    form = FundingRoundForm(request.POST or None, city=city)
    if request.method == "POST" and form.is_valid():
        funding_round = form.save()
        messages.success(request, _("The round “%(name)s” is open.") % {"name": funding_round})
        return redirect("funding-rounds", pk=city.pk)
    return render(request, "assessments/funding_rounds.html", {
        "city": city,
        "rounds": Paginator(
            city.funding_rounds.annotate(proposals=Count("projects")).order_by(
                "-opens_on", "name", "pk"
            ), ROUNDS_PER_PAGE,
        ).get_page(request.GET.get("page")),
        "form": form,
    })


@login_required
def funding_round_edit(request, pk):
    funding_round = permissions.get_round_for_user(request.user, pk)
    form = FundingRoundForm(request.POST or None, instance=funding_round,
                            city=funding_round.city)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The round is saved."))
        return redirect("funding-rounds", pk=funding_round.city_id)
    return render(request, "assessments/funding_round_form.html", {
        "funding_round": funding_round,
        "form": form,
    })

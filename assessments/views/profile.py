"""A person's own page: their choices, and their personal keys to the API."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.forms import ApiTokenForm, FeedbackTimingForm
from assessments.models import ApiToken, Profile


def _page(request, *, token_form=None, new_token=None, status=200):
    return render(request, "assessments/profile.html", {
        "tokens": ApiToken.objects.active().filter(user=request.user),
        "token_form": token_form or ApiTokenForm(),
        "new_token": new_token,
        "timing_form": FeedbackTimingForm(initial={
            "feedback_timing": Profile.objects.feedback_timing_of(request.user),
            "next": request.path,
        }),
    }, status=status)


@login_required
def profile(request):
    return _page(request)


@login_required
@require_POST
def api_token_create(request):
    """The token is shown on this response only: it is kept nowhere but as a hash."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, token_form=form, status=400)
    _saved, token = ApiToken.issue(user=request.user, name=form.cleaned_data["name"])
    return _page(request, new_token=token, status=201)


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.active(), pk=pk, user=request.user)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("profile")

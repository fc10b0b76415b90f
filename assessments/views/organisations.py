"""Organisations, their members, and the invitations that let people in."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import invitations, permissions, services
from assessments.forms import InvitedUserForm, InviteForm, PartnerForm
from assessments.models import Invitation

# Members, partners, invitations: a city may have hundreds; each list goes by pages.
ROWS_PER_PAGE = 25


@login_required
def organisation_detail(request, pk):
    organisation = permissions.get_organisation_for_user(request.user, pk)
    can_manage = permissions.can_manage_members(request.user, organisation)

    def page_of(rows, param):
        return Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get(param))

    return render(request, "assessments/organisation_detail.html", {
        "organisation": organisation,
        "memberships": page_of(organisation.memberships.select_related("user").order_by(
            "user__last_name", "user__username", "pk"
        ), "members_page"),
        "pending": page_of(organisation.invitations.pending().order_by("-created_at", "-pk"),
                           "invitations_page") if can_manage else [],
        "partners": page_of(organisation.partners.order_by("name", "pk"), "partners_page")
        if organisation.is_city else [],
        "can_manage": can_manage,
        "invite_form": InviteForm() if can_manage else None,
        "can_add_partners": permissions.can_add_partners(request.user, organisation),
        "can_manage_score_bands": permissions.can_manage_score_bands(request.user, organisation),
    })


@login_required
@require_POST
def organisation_invite(request, pk):
    organisation = permissions.get_organisation_for_user(request.user, pk)
    permissions.require(permissions.can_manage_members(request.user, organisation))
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid e-mail address to invite someone."))
        return redirect("organisation-detail", pk=organisation.pk)
    try:
        invitations.invite_to_organisation(
            organisation=organisation,
            role=invitations.COLLEAGUE_ROLE[organisation.kind],
            email=form.cleaned_data["email"],
            invited_by=request.user,
            base_url=request.build_absolute_uri("/"),
        )
    except invitations.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
    return redirect("organisation-detail", pk=organisation.pk)


@login_required
@require_POST
def membership_remove(request, pk, membership_pk):
    organisation = permissions.get_organisation_for_user(request.user, pk)
    permissions.require(permissions.can_manage_members(request.user, organisation))
    membership = get_object_or_404(organisation.memberships, pk=membership_pk)
    permissions.require(
        membership.user_id != request.user.pk, _("You cannot remove yourself.")
    )
    services.leave_organisation(membership)
    messages.success(
        request, _("%(user)s no longer belongs to %(organisation)s.")
        % {"user": membership.user.get_full_name() or membership.user, "organisation": organisation}
    )
    return redirect("organisation-detail", pk=organisation.pk)


@login_required
def partner_create(request, pk):
    city = permissions.get_organisation_for_user(request.user, pk)
    permissions.require(permissions.can_add_partners(request.user, city))
    form = PartnerForm(request.POST or None, initial={"country": city.country})
    if form.is_valid():
        try:
            partner = invitations.add_partner(
                city=city, invited_by=request.user, base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except invitations.InvitationError as error:
            messages.error(request, str(error))  # nothing was saved; the form keeps its input
        else:
            messages.success(
                request, _("%(partner)s is added and its first member is invited.")
                % {"partner": partner}
            )
            return redirect("organisation-detail", pk=city.pk)
    return render(request, "assessments/partner_form.html", {"form": form, "city": city})


def invitation_accept(request, token):
    """Open to anyone holding the link: it creates the account or adds the place."""
    try:
        invitation = invitations.find_invitation(token)
        signup_form = None
        if request.user.is_authenticated:
            if request.method == "POST":
                invitations.accept(invitation, request.user)
                return _welcome(request, invitation)
        else:
            signup_form = InvitedUserForm(request.POST or None, email=invitation.email)
            if request.method == "POST" and signup_form.is_valid():
                user = invitations.sign_up_and_accept(invitation, signup_form)
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return _welcome(request, invitation)
    except invitations.InvitationError as error:
        return render(
            request, "assessments/invitations/invalid.html", {"reason": str(error)},
            status=error.status,
        )
    return render(request, "assessments/invitations/accept.html", {
        "invitation": invitation,
        "target": invitations.describe(invitation),
        "signup_form": signup_form,
    })


def _welcome(request, invitation: Invitation):
    messages.success(request, _("Welcome: you joined %(target)s.") % {
        "target": invitations.describe(invitation)
    })
    if invitation.assessment_id:
        return redirect("assessment-resume", pk=invitation.assessment_id)
    return redirect("home")

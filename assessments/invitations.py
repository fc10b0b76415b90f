"""Registration by invitation: an e-mailed link, usable once, that expires.

A coordinator invites colleagues and the partners of the city, a partner its colleagues,
secretariat staff the coordinators of new cities (from the admin), and the members of an
assessment invite colleagues to answer it with them.
"""

import secrets
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import permissions, preferences, services
from .models import Assessment, Invitation, Organisation, Role, TeamMember
from .models.organisations import ROLES_BY_KIND

# The role a colleague invited from the site receives; secretariat roles are given
# from the admin.
COLLEAGUE_ROLE = {
    Organisation.Kind.CITY: Role.COORDINATOR,
    Organisation.Kind.PARTNER: Role.MEMBER,
}


class InvitationError(Exception):
    """An invitation that cannot be used; the message says why and what to do."""

    def __init__(self, message: str, *, status: int = 410):
        super().__init__(message)
        self.status = status  # 404 for a link that never existed, 410 for one used up


def invite_to_organisation(
    *, organisation: Organisation, role: str, email: str, invited_by, base_url: str
) -> Invitation:
    if role not in ROLES_BY_KIND[organisation.kind]:
        raise ValueError(f"{organisation.kind} organisations have no {role} role")
    return send_new(
        Invitation(organisation=organisation, role=role, email=email, invited_by=invited_by),
        base_url=base_url,
    )


@transaction.atomic
def add_partner(*, city: Organisation, name: str, country: str, email: str, invited_by,
                base_url: str) -> Organisation:
    """A new partner of `city`, its first member invited. If the e-mail cannot be sent,
    InvitationError says so and neither the partner nor the invitation is kept."""
    partner = services.create_partner(city=city, name=name, country=country)
    invite_to_organisation(
        organisation=partner, role=COLLEAGUE_ROLE[partner.kind], email=email,
        invited_by=invited_by, base_url=base_url,
    )
    return partner


def invite_to_team(*, assessment: Assessment, email: str, invited_by, base_url: str) -> Invitation:
    return send_new(
        Invitation(assessment=assessment, email=email, invited_by=invited_by), base_url=base_url
    )


@transaction.atomic
def send_new(invitation: Invitation, *, base_url: str) -> Invitation:
    """Give an unsaved invitation its secret and expiry, save it, and e-mail the link, in
    the language the invited person chose if they have an account, else the inviter's.

    If the e-mail cannot be sent, nothing is kept and InvitationError says so.
    """
    token = secrets.token_urlsafe(32)
    invitation.token_hash = Invitation.hash_token(token)
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.save()
    link = base_url.rstrip("/") + reverse("accept-invitation", args=[token])
    with translation.override(preferences.email_language(email=invitation.email)):
        subject = _("Invitation to the intercultural project checklist")
        message = render_to_string("assessments/invitations/email.txt", {
            "invitation": invitation, "link": link, "target": describe(invitation),
        })
    try:
        send_mail(subject=subject, message=message, from_email=None,
                  recipient_list=[invitation.email])
    except (smtplib.SMTPException, OSError) as error:
        raise InvitationError(
            _("The invitation e-mail could not be sent (%(error)s). Nothing was saved: "
              "try again later.") % {"error": error}
        ) from error
    return invitation


def describe(invitation: Invitation) -> str:
    if invitation.assessment_id:
        return _("the team answering “%(assessment)s”") % {"assessment": invitation.assessment}
    return _("%(organisation)s (%(role)s)") % {
        "organisation": invitation.organisation,
        "role": invitation.get_role_display(),
    }


def find_invitation(token: str) -> Invitation:
    """The invitation behind `token`, or InvitationError saying why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("organisation", "assessment__project")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationError(
            _("This invitation link is not valid. Check that you copied the whole link, "
              "or ask for a new invitation."),
            status=404,
        )
    if invitation.accepted_at is not None:
        raise InvitationError(
            _("This invitation has already been used. Log in with the account it created, "
              "or ask for a new invitation.")
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationError(
            _("This invitation expired on %(date)s. Ask the person who invited you to send "
              "a new one.") % {"date": date_format(invitation.expires_at, "DATE_FORMAT")}
        )
    return invitation


@transaction.atomic
def accept(invitation: Invitation, user) -> None:
    """Give `user` the place the invitation offers. Usable once, even under a double click."""
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "assessment__project", "invited_by")
        .get(pk=invitation.pk)
    )
    if locked.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used."))
    if locked.expires_at <= timezone.now():
        raise InvitationError(_("This invitation has expired."))
    if user.email.casefold() != locked.email.casefold():
        raise InvitationError(
            _("This invitation was sent to %(email)s. Log in with the account of that "
              "address, or log out to create one.") % {"email": locked.email},
            status=403,
        )
    if not permissions.inviter_still_may_invite(locked):
        raise InvitationError(
            _("The person who sent this invitation may no longer invite to it. Ask for a "
              "new invitation.")
        )
    if locked.assessment_id:
        TeamMember.objects.get_or_create(assessment_id=locked.assessment_id, user=user)
    else:
        services.join_organisation(user=user, organisation=locked.organisation, role=locked.role)
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])


@transaction.atomic
def sign_up_and_accept(invitation: Invitation, signup_form):
    """The account the invited person just filled in, created only if the invitation
    gives it its place."""
    user = signup_form.save()
    accept(invitation, user)
    return user

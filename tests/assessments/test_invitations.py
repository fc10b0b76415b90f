"""Registration by invitation: a link that works once, before it expires."""

import re
import smtplib
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from assessments import invitations
from assessments.models import Invitation, Membership, Profile, Role, TeamMember
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _link(message) -> str:
    return re.search(r"http://testserver(/invitations/[^\s]+/)", message.body).group(1)


def _signup(client, path, username="newcolleague"):
    return client.post(path, {
        "username": username, "first_name": "Nadia", "last_name": "Ferreira",
        "password1": "a-long-and-unusual-passphrase", "password2": "a-long-and-unusual-passphrase",
    })


def test_a_coordinator_invites_a_colleague_who_signs_up_and_joins(client, world):
    client.force_login(world.coordinator)
    client.post(
        reverse("organisation-invite", args=[world.city.pk]), {"email": "nadia@example.org"}
    )
    client.logout()
    [message] = mail.outbox
    assert message.to == ["nadia@example.org"]
    path = _link(message)

    response = _signup(client, path)

    assert response.status_code == 302
    user = get_user_model().objects.get(username="newcolleague")
    assert user.email == "nadia@example.org"
    assert Membership.objects.get(user=user).role == Role.COORDINATOR
    assert client.get(reverse("project-detail", args=[world.project.pk])).status_code == 200


def test_only_a_hash_of_the_token_is_stored(world):
    invitations.invite_to_organisation(
        organisation=world.city, role=Role.COORDINATOR, email="x@example.org",
        invited_by=world.coordinator, base_url="http://testserver/",
    )
    token = _link(mail.outbox[0]).split("/")[2]

    assert not Invitation.objects.filter(token_hash=token).exists()
    assert Invitation.objects.filter(token_hash=Invitation.hash_token(token)).exists()


def test_a_used_invitation_is_refused_with_a_clear_message(client, world):
    invitations.invite_to_organisation(
        organisation=world.city, role=Role.COORDINATOR, email="x@example.org",
        invited_by=world.coordinator, base_url="http://testserver/",
    )
    path = _link(mail.outbox[0])
    _signup(client, path, username="first")
    client.logout()

    response = _signup(client, path, username="second")

    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert not get_user_model().objects.filter(username="second").exists()


def test_an_expired_invitation_is_refused_with_a_clear_message(client, world):
    invitation = invitations.invite_to_organisation(
        organisation=world.city, role=Role.COORDINATOR, email="x@example.org",
        invited_by=world.coordinator, base_url="http://testserver/",
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))

    response = _signup(client, _link(mail.outbox[0]))

    assert response.status_code == 410
    assert "This invitation expired on" in response.content.decode()
    assert not get_user_model().objects.filter(username="newcolleague").exists()


def test_an_unknown_link_is_refused(client):
    response = client.get(reverse("accept-invitation", args=["not-a-real-token"]))

    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_a_logged_in_user_accepts_a_team_invitation_and_lands_on_the_assessment(client, world):
    client.force_login(world.coordinator)
    client.post(reverse("assessment-team", args=[world.review.pk]),
                {"email": world.outsider.email})
    path = _link(mail.outbox[0])
    client.force_login(world.outsider)

    response = client.post(path)

    assert response.url == reverse("assessment-resume", args=[world.review.pk])
    assert TeamMember.objects.filter(assessment=world.review, user=world.outsider).exists()
    assert not Membership.objects.filter(user=world.outsider).exists()


def test_a_coordinator_adds_a_partner_and_invites_its_first_member(client, world):
    client.force_login(world.coordinator)

    client.post(reverse("partner-create", args=[world.city.pk]), {
        "name": "Youth Club", "country": "IE", "email": "lead@youthclub.example.org",
    })

    partner = world.city.partners.get(name="Youth Club")
    invitation = Invitation.objects.get(email="lead@youthclub.example.org")
    assert (invitation.organisation, invitation.role) == (partner, Role.MEMBER)
    assert mail.outbox[0].to == ["lead@youthclub.example.org"]


def test_a_signup_with_a_bad_password_keeps_what_was_typed(client, world):
    invitations.invite_to_organisation(
        organisation=world.city, role=Role.COORDINATOR, email="x@example.org",
        invited_by=world.coordinator, base_url="http://testserver/",
    )

    response = client.post(_link(mail.outbox[0]), {
        "username": "nadia", "first_name": "Nadia", "last_name": "Ferreira",
        "password1": "short", "password2": "short",
    })

    assert response.status_code == 200
    assert 'value="Nadia"' in response.content.decode()
    assert not get_user_model().objects.filter(username="nadia").exists()


def test_an_invitation_is_for_the_address_it_was_sent_to(client, world):
    client.force_login(world.coordinator)
    client.post(reverse("assessment-team", args=[world.review.pk]), {"email": "out@example.org"})
    client.force_login(world.outsider)  # outsider@example.org

    response = client.post(_link(mail.outbox[0]))

    assert response.status_code == 403
    assert "This invitation was sent to out@example.org" in response.content.decode()
    assert not TeamMember.objects.filter(user=world.outsider).exists()


def test_a_coordinator_cannot_bring_people_into_a_partner_that_has_members(client, world):
    client.force_login(world.coordinator)

    response = client.post(reverse("organisation-invite", args=[world.partner.pk]),
                           {"email": world.coordinator.email})

    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_an_invitation_from_someone_removed_since_is_refused(client, world):
    invitations.invite_to_organisation(
        organisation=world.city, role=Role.COORDINATOR, email="x@example.org",
        invited_by=world.colleague, base_url="http://testserver/",
    )
    world.colleague.memberships.all().delete()

    response = _signup(client, _link(mail.outbox[0]))

    assert response.status_code == 410
    assert "may no longer invite" in response.content.decode()
    assert not get_user_model().objects.filter(username="newcolleague").exists()


def test_a_partners_first_member_is_invited_once_by_the_city(client, world):
    client.force_login(world.coordinator)
    client.post(reverse("partner-create", args=[world.city.pk]), {
        "name": "Youth Club", "country": "IE", "email": "lead@youth.example.org",
    })
    invitations.invite_to_organisation(  # an old second invitation sent the same way
        organisation=world.city.partners.get(name="Youth Club"), role=Role.MEMBER,
        email="second@youth.example.org", invited_by=world.coordinator,
        base_url="http://testserver/",
    )
    first, second = (_link(message) for message in mail.outbox)
    client.logout()

    assert _signup(client, first, username="lead").status_code == 302
    client.logout()
    assert _signup(client, second, username="second").status_code == 410


def test_an_invitation_that_cannot_be_e_mailed_is_not_kept(client, world, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection closed")

    monkeypatch.setattr(invitations, "send_mail", refuse)
    client.force_login(world.coordinator)

    response = client.post(reverse("organisation-invite", args=[world.city.pk]),
                           {"email": "new@example.org"}, follow=True)

    assert "could not be sent" in response.content.decode()
    assert not Invitation.objects.exists()


INVITATION_SUBJECT = "Invitation to the intercultural project checklist"


def test_an_invitation_is_in_the_language_the_invited_person_chose(client, world, catalogues):
    catalogues("fr", {INVITATION_SUBJECT: "Invitation à la liste de contrôle interculturelle"})
    Profile.objects.create(user=UserFactory(email="nadia@example.org"), language="fr")
    client.force_login(world.coordinator)  # on an English page

    client.post(reverse("assessment-team", args=[world.review.pk]), {"email": "nadia@example.org"})

    [message] = mail.outbox
    assert message.subject == "Invitation à la liste de contrôle interculturelle"
    with translation.override("fr"):
        # The e-mail gives the date where the site is (TIME_ZONE), not in UTC.
        expiry = date_format(timezone.localtime(Invitation.objects.get().expires_at), "DATE_FORMAT")
    assert expiry in message.body


def test_an_invitation_to_someone_unknown_is_in_the_inviters_language(client, world, catalogues):
    catalogues("fr", {INVITATION_SUBJECT: "Invitation à la liste de contrôle interculturelle"})
    client.force_login(world.coordinator)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})

    client.post(reverse("assessment-team", args=[world.review.pk]), {"email": "nadia@example.org"})

    [message] = mail.outbox
    assert message.subject == "Invitation à la liste de contrôle interculturelle"

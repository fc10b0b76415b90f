"""Who sees what: scoped reads, sharing, and access that ends on the very next request."""

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from assessments import permissions, services
from assessments.models import Assessment, Role, TeamMember, TopicArea
from tests.factories import AssessmentFactory, OrganisationFactory, answer_all, member

pytestmark = pytest.mark.django_db


def test_a_coordinator_sees_the_projects_of_their_city_only(world):
    assert list(permissions.visible_projects(world.coordinator)) == [world.project]
    assert list(permissions.visible_projects(world.other_coordinator)) == [world.other_project]


def test_secretariat_staff_and_strangers_see_no_project_or_assessment(world):
    for user in (world.curator, world.analyst, world.outsider):
        assert not permissions.visible_projects(user).exists()
        assert not permissions.visible_assessments(user).exists()


def test_a_partner_sees_its_self_assessment_but_not_the_citys_review_until_released(world):
    assert set(permissions.visible_assessments(world.partner_member)) == {world.self_assessment}

    services.set_shared(world.review, shared=True, user=world.coordinator)

    assert set(permissions.visible_assessments(world.partner_member)) == {
        world.self_assessment, world.review,
    }


def test_a_city_sees_a_partners_self_assessment_only_once_shared(world):
    assert world.self_assessment not in permissions.visible_assessments(world.coordinator)

    services.set_shared(world.self_assessment, shared=True, user=world.partner_member)

    assert world.self_assessment in permissions.visible_assessments(world.coordinator)
    assert world.self_assessment not in permissions.visible_assessments(world.other_coordinator)


def test_sharing_shows_but_does_not_let_the_other_side_change_anything(client, world):
    services.set_shared(world.review, shared=True, user=world.coordinator)
    client.force_login(world.partner_member)

    assert client.get(reverse("assessment-results", args=[world.review.pk])).status_code == 200
    response = client.post(
        reverse("assessment-question", args=[world.review.pk, "D1.1"]), {"value": "yes"}
    )
    assert response.status_code == 403
    assert not world.review.answers.exists()


PERSONAS = ["coordinator", "colleague", "other_coordinator", "partner_member",
            "other_partner_member", "curator", "analyst", "team_member", "outsider"]


@pytest.mark.parametrize("shared", [(), ("review",), ("self_assessment",),
                                    ("review", "self_assessment", "other_review")])
def test_an_assessment_opens_by_id_exactly_for_those_whose_lists_show_it(world, shared):
    """get_assessment_for_user applies the rule of visible_assessments to one row: both
    give the same answer for everyone, whatever is shared; what a person answers is
    always among what they see."""
    for name in shared:
        Assessment.objects.filter(pk=getattr(world, name).pk).update(shared_at=timezone.now())
    partners_review = AssessmentFactory(project=world.project, assessor=world.partner,
                                        shared_at=timezone.now())
    assessments = [world.review, world.self_assessment, world.other_review, partners_review]
    for persona in PERSONAS:
        user = getattr(world, persona)
        listed = set(permissions.visible_assessments(user))
        for assessment in assessments:
            # Read with the organisations it names, or without them (the question page).
            for with_parties in (True, False):
                try:
                    permissions.get_assessment_for_user(user, assessment.pk,
                                                        with_parties=with_parties)
                except Http404:
                    opened = False
                else:
                    opened = True
                assert opened == (assessment in listed), (persona, assessment, with_parties)
        assert set(permissions.answered_by(user)) <= listed, persona
    assert permissions.get_assessment_for_user(world.team_member, world.review.pk)


def test_a_team_member_sees_their_assessment_and_nothing_else(client, world):
    client.force_login(world.team_member)

    assert list(permissions.visible_assessments(world.team_member)) == [world.review]
    assert client.get(reverse("project-detail", args=[world.project.pk])).status_code == 404
    assert client.get(reverse("assessment-overview", args=[world.review.pk])).status_code == 200


def test_editing_the_id_in_the_address_bar_finds_nothing(client, world):
    client.force_login(world.other_coordinator)

    for name, pk in [("project-detail", world.project.pk),
                     ("assessment-overview", world.review.pk),
                     ("assessment-results", world.review.pk),
                     ("assessment-report", world.review.pk),
                     ("organisation-detail", world.city.pk)]:
        response = client.get(reverse(name, args=[pk]))
        assert response.status_code == 404, name
        assert b"Riverside" not in response.content
        assert b"Kitchen nights" not in response.content


def test_removing_a_membership_cuts_access_on_the_next_request(client, world):
    client.force_login(world.coordinator)
    url = reverse("assessment-overview", args=[world.review.pk])
    assert client.get(url).status_code == 200

    world.coordinator.memberships.all().delete()

    assert client.get(url).status_code == 404
    assert client.get(reverse("project-detail", args=[world.project.pk])).status_code == 404


def test_removing_a_team_place_cuts_access_on_the_next_request(client, world):
    client.force_login(world.team_member)
    url = reverse("assessment-question", args=[world.review.pk, "D1.1"])
    assert client.get(url).status_code == 200

    TeamMember.objects.filter(user=world.team_member).delete()

    assert client.get(url).status_code == 404


def test_a_coordinator_removes_a_colleague_who_loses_access_at_once(client, world):
    colleague_client = client.__class__()
    colleague_client.force_login(world.colleague)
    client.force_login(world.coordinator)

    response = client.post(reverse(
        "membership-remove", args=[world.city.pk, world.colleague.memberships.get().pk]
    ))

    assert response.status_code == 302
    assert colleague_client.get(
        reverse("project-detail", args=[world.project.pk])
    ).status_code == 404


def test_nobody_removes_themselves_by_accident(client, world):
    client.force_login(world.coordinator)

    response = client.post(reverse(
        "membership-remove", args=[world.city.pk, world.coordinator.memberships.get().pk]
    ))

    assert response.status_code == 403
    assert world.coordinator.memberships.exists()


def test_who_may_start_which_assessment(world):
    project = world.project
    review, self_assessment, final = Assessment.Purpose.values

    assert permissions.can_start_assessment(world.coordinator, project, review)
    assert not permissions.can_start_assessment(world.coordinator, project, self_assessment)
    assert permissions.can_start_assessment(world.coordinator, project, final)
    assert not permissions.can_start_assessment(world.partner_member, project, review)
    assert permissions.can_start_assessment(world.partner_member, project, self_assessment)
    assert permissions.can_start_assessment(world.partner_member, project, final)
    assert permissions.assessor_for(world.coordinator, project, final) == world.city
    assert permissions.assessor_for(world.partner_member, project, final) == world.partner


def test_a_curator_membership_opens_and_closes_the_admin(client, world):
    assert world.curator.is_staff

    services.leave_organisation(world.curator.memberships.get())

    world.curator.refresh_from_db()
    assert not world.curator.is_staff
    assert not world.curator.groups.exists()


def test_a_project_cannot_be_moved_to_another_organisation_or_city(client, world):
    client.force_login(world.coordinator)
    url = reverse("project-edit", args=[world.project.pk])

    form = client.get(url).context["form"]
    client.post(url, {"title": "Renamed", "summary": "Same.",
                      "topic_areas": [TopicArea.objects.first().pk],
                      "organisation": world.other_partner.pk, "city": world.other_city.pk})

    assert "organisation" not in form.fields and "city" not in form.fields
    world.project.refresh_from_db()
    assert (world.project.title, world.project.organisation, world.project.city) == (
        "Renamed", world.partner, world.city
    )


def test_sharing_reaches_only_the_other_side_of_the_project(world):
    # A review made by the partner's own city is released to the partner, not to another
    # partner of the same city.
    neighbour = OrganisationFactory(name="Neighbours", kind="partner", cities=[world.city])
    neighbour_member = member(neighbour, Role.MEMBER)
    services.set_shared(world.review, shared=True, user=world.coordinator)

    assert world.review not in permissions.visible_assessments(neighbour_member)
    assert world.review in permissions.visible_assessments(world.partner_member)


def test_the_other_side_sees_results_but_not_who_answered(client, world):
    services.set_shared(world.review, shared=True, user=world.coordinator)
    client.force_login(world.partner_member)

    assert client.get(reverse("assessment-results", args=[world.review.pk])).status_code == 200
    assert client.get(reverse("assessment-team", args=[world.review.pk])).status_code == 403


def _everything_a_reader_opens(client, assessment, report_html, download) -> str:
    pages = [
        client.get(reverse(name, args=[assessment.pk]))
        for name in ("assessment-overview", "assessment-results")
    ]
    pages.append(download(client, reverse("assessment-report", args=[assessment.pk])))
    pages.append(client.get(reverse("answer-history", args=[assessment.pk, "D1.1"])))
    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    return "".join(page.content.decode() for page in pages[:2]) + report_html[-1]


def test_the_other_side_reads_the_answers_but_never_who_gave_them(client, world, report_html,
                                                                   download):
    world.coordinator.first_name, world.coordinator.last_name = "Jonas", "Keller"
    world.coordinator.save()
    answer_all(world.review, ["no"], user=world.coordinator)
    services.set_shared(world.review, shared=True, user=world.coordinator)

    client.force_login(world.partner_member)
    seen_by_partner = _everything_a_reader_opens(client, world.review, report_html, download)
    client.force_login(world.colleague)
    seen_by_colleague = _everything_a_reader_opens(client, world.review, report_html, download)

    assert "Jonas Keller" not in seen_by_partner
    assert "Riverside" in seen_by_partner  # organisations are named
    assert "Jonas Keller" in seen_by_colleague


def test_the_partners_shared_self_assessment_names_no_one_to_the_city(client, world,
                                                                     report_html, download):
    world.partner_member.first_name, world.partner_member.last_name = "Aoife", "Byrne"
    world.partner_member.save()
    answer_all(world.self_assessment, ["partially"], user=world.partner_member)
    services.set_shared(world.self_assessment, shared=True, user=world.partner_member)

    client.force_login(world.coordinator)
    seen_by_city = _everything_a_reader_opens(client, world.self_assessment, report_html, download)

    assert "Aoife Byrne" not in seen_by_city
    assert "Open Doors" in seen_by_city


@pytest.mark.parametrize("who, shows_team", [
    ("coordinator", True), ("team_member", True), ("partner_member", False),
])
def test_the_team_button_is_shown_only_to_those_who_may_open_the_team_page(
    client, world, who, shows_team
):
    services.set_shared(world.review, shared=True, user=world.coordinator)
    client.force_login(getattr(world, who))
    team_url = reverse("assessment-team", args=[world.review.pk])

    overview = client.get(reverse("assessment-overview", args=[world.review.pk]))

    assert (team_url in overview.content.decode()) is shows_team
    assert client.get(team_url).status_code == (200 if shows_team else 403)

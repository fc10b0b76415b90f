"""The dashboard and project pages: each person's own work, in a constant number of queries."""

import pytest
from django.urls import reverse

from assessments.models import Assessment
from tests.factories import AssessmentFactory, ProjectFactory, answer_all
from tests.html import text_of

pytestmark = pytest.mark.django_db


def test_a_coordinator_sees_the_citys_projects_and_their_visible_assessments(client, world):
    client.force_login(world.coordinator)

    response = client.get(reverse("home"))

    text = text_of(response.content)
    assert "Kitchen nights" in text
    assert "Girls' football" not in text
    [project] = response.context["projects"]
    assert project.visible_assessments == [world.review]  # not the partner's private one


def test_assessments_in_progress_say_how_far_they_are(client, world):
    answer_all(world.review, ["yes"] * 12 + ["no"] * 18, user=world.coordinator)
    world.review.answers.filter(question__code__gte="I").delete()  # 20 of 30 left
    world.review.answers.filter(question__code__startswith="E").delete()
    own = ProjectFactory(title="City hall open days", organisation=world.city, city=world.city)
    client.force_login(world.coordinator)

    text = text_of(client.get(reverse("home")).content)

    assert "Proposal review · in progress, 10 of 30 answered" in text
    assert "Open Doors, submitted to Riverside" in text
    assert "Riverside, its own project" in text
    assert "Riverside → Riverside" not in text and own.title in text


def test_a_team_member_sees_only_the_assessment_they_were_invited_to(client, world):
    client.force_login(world.team_member)

    response = client.get(reverse("home"))

    assert list(response.context["projects"]) == []
    assert list(response.context["team_assessments"]) == [world.review]


def test_a_visitor_sees_the_front_page(client):
    response = client.get(reverse("home"))

    assert "How intercultural is this project?" in text_of(response.content)


@pytest.mark.parametrize("name", ["home", "project-detail"])
def test_pages_make_the_same_number_of_queries_with_more_projects(
    client, world, name, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(world.coordinator)
    url = reverse(name, args=[world.project.pk] if name != "home" else None)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for _ in range(4):
        project = ProjectFactory(organisation=world.partner, city=world.city)
        AssessmentFactory(project=project, assessor=world.city)
        AssessmentFactory(project=world.project, assessor=world.city,
                          purpose=Assessment.Purpose.FINAL_EVALUATION)

    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200

"""The dashboard: each person's open work first, a few figures and the way to the portfolio,
never every row, in a constant number of queries."""

import pytest
from django.urls import reverse

from assessments import dashboard, services
from assessments.management.commands.bench_portfolio import fill_portfolio
from assessments.models import Assessment, Decision, Outcome, Question
from tests.factories import AssessmentFactory, ProjectFactory, answer_all
from tests.html import links, text_of

pytestmark = pytest.mark.django_db


def _dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response, response.context["dashboard"]


def _answer(assessment, code, value="yes", user=None):
    question = Question.objects.get(indicator__pillar__version=assessment.version, code=code)
    services.save_answer(assessment=assessment, question=question, value=value, comment="",
                         criteria=[], user=user, seen_revision=None)


def test_a_coordinator_sees_the_citys_latest_projects_and_open_assessments(client, world):
    response, board = _dashboard(client, world.coordinator)

    text = text_of(response.content)
    assert "Kitchen nights" in text
    assert "Girls' football" not in text
    assert board.latest_projects == [world.project]
    assert board.open_assessments == [world.review]  # not the partner's private one


def test_assessments_in_progress_say_how_far_they_are(client, world):
    answer_all(world.review, ["yes"] * 12 + ["no"] * 18, user=world.coordinator)
    world.review.answers.filter(question__code__gte="I").delete()  # 20 of 30 left
    world.review.answers.filter(question__code__startswith="E").delete()
    own = ProjectFactory(title="City hall open days", organisation=world.city, city=world.city)

    response, _board = _dashboard(client, world.coordinator)

    text = text_of(response.content)
    assert "Kitchen nights · Proposal review in progress, 10 of 30 answered" in text
    assert "Open Doors, submitted to Riverside" in text
    assert "Riverside, its own project" in text
    assert "Riverside → Riverside" not in text and own.title in text


def test_open_assessments_come_first_the_last_changed_first(client, world):
    older = AssessmentFactory(project=ProjectFactory(organisation=world.partner, city=world.city),
                              assessor=world.city)
    newer = AssessmentFactory(project=ProjectFactory(organisation=world.partner, city=world.city),
                              assessor=world.city)
    submitted = AssessmentFactory(
        project=ProjectFactory(organisation=world.partner, city=world.city),
        assessor=world.city, status=Assessment.Status.SUBMITTED,
    )
    assert [a.pk for a in _dashboard(client, world.coordinator)[1].open_assessments] == [
        newer.pk, older.pk, world.review.pk
    ]

    _answer(older, "D1.1")  # an answer is a change, though the assessment row is untouched

    open_now = _dashboard(client, world.coordinator)[1].open_assessments
    assert [a.pk for a in open_now] == [older.pk, newer.pk, world.review.pk]
    assert submitted not in open_now
    assert (open_now[0].answered, open_now[0].questions) == (1, 30)
    assert (open_now[1].answered, open_now[1].questions) == (0, 30)  # none answered yet


def test_a_partner_sees_its_own_open_work_not_the_citys(client, world):
    _response, board = _dashboard(client, world.partner_member)

    assert board.open_assessments == [world.self_assessment]


def test_the_figures_count_projects_assessments_and_proposals_awaiting_a_decision(
    client, world
):
    answer_all(world.review, ["yes"])
    services.submit(world.review, user=world.coordinator)
    decided = ProjectFactory(organisation=world.partner, city=world.city)
    review = AssessmentFactory(project=decided, assessor=world.city)
    answer_all(review, ["no"])
    services.submit(review, user=world.coordinator)
    Decision.objects.create(project=decided, outcome=Outcome.FUNDED)
    pending = ProjectFactory(organisation=world.partner, city=world.city)
    answer_all(AssessmentFactory(project=pending, assessor=world.city), ["no"])
    Decision.objects.create(project=pending, outcome=Outcome.PENDING)  # not reviewed yet

    response, board = _dashboard(client, world.coordinator)

    # Projects: ours, the decided and the pending one; the partner's private
    # self-assessment is not the city's to count.
    assert board.counts == dashboard.Counts(
        projects=3, in_progress=1, submitted=2, awaiting_decision=1
    )
    assert "Proposals reviewed, awaiting a decision 1" in text_of(response.content)
    assert "/portfolio/?status=in_progress" in links(response.content)


def test_never_more_than_a_few_rows_and_the_rest_is_in_the_portfolio(client, world):
    fill_portfolio(world.city, assessments=dashboard.LATEST_PROJECTS + 3)
    fill_portfolio(world.city, assessments=dashboard.OPEN_SHOWN, seed=2)

    response, board = _dashboard(client, world.coordinator)

    assert len(board.open_assessments) == dashboard.OPEN_SHOWN
    assert len(board.latest_projects) == dashboard.LATEST_PROJECTS
    in_progress = board.counts.in_progress
    assert in_progress > dashboard.OPEN_SHOWN
    text = text_of(response.content)
    assert f"All {in_progress} assessments in progress, in the portfolio" in text
    projects = board.counts.projects
    assert f"The assessments of all {projects} projects, in the portfolio" in text


def test_a_team_member_sees_only_the_assessment_they_were_invited_to(client, world):
    _response, board = _dashboard(client, world.team_member)

    assert board.latest_projects == []
    assert board.counts is None
    assert board.open_assessments == [world.review]
    assert board.team_assessments == []  # for those submitted

    answer_all(world.review, ["yes"])
    services.submit(world.review, user=world.coordinator)

    response, board = _dashboard(client, world.team_member)
    assert (board.open_assessments, board.team_assessments) == ([], [world.review])
    assert "Submitted assessments you were invited to answer" in text_of(response.content)


def test_a_visitor_sees_the_front_page(client):
    response = client.get(reverse("home"))

    assert "How intercultural is this project?" in text_of(response.content)


def test_the_dashboard_makes_the_same_queries_with_10_and_200_assessments(
    client, world, django_assert_num_queries, django_assert_max_num_queries
):
    fill_portfolio(world.city, assessments=10)
    client.force_login(world.coordinator)
    # The first request of a process reads the published version's questions, which it
    # then keeps (structure.questions_of; gunicorn reads them before it forks, warm.py).
    client.get(reverse("home"))
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("home")).status_code == 200

    fill_portfolio(world.city, assessments=190, seed=2)

    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(reverse("home")).status_code == 200


def test_the_project_page_makes_the_same_queries_with_more_assessments(
    client, world, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(world.coordinator)
    url = reverse("project-detail", args=[world.project.pk])
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for _ in range(12):
        AssessmentFactory(project=world.project, assessor=world.city,
                          purpose=Assessment.Purpose.FINAL_EVALUATION)

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["assessments"]) == 10  # and the others on the next page
    assert f"{url}?page=2" in {f"{url}{href}" for href in links(response.content)}

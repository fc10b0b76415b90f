"""Two perspectives on a project, and action plans drawn from the gaps."""

import re

import pytest
from django.urls import reverse

from assessments import services
from assessments.comparison import Disagreement, perspectives
from assessments.models import Action, PerspectiveNote, Question
from tests.factories import AssessmentFactory, answer_all
from tests.html import text_of

pytestmark = pytest.mark.django_db

# Thirty answers each, in checklist order: D1.1 yes/no (strong), D1.2 yes/partially (mild).
PARTNERS = ["yes", "yes"] + ["partially"] * 28
CITYS = ["no", "partially"] + ["partially"] * 28


@pytest.fixture
def both_shared(world):
    answer_all(world.self_assessment, PARTNERS, user=world.partner_member)
    answer_all(world.review, CITYS, user=world.coordinator)
    services.set_shared(world.self_assessment, shared=True, user=world.partner_member)
    services.set_shared(world.review, shared=True, user=world.coordinator)
    return world


def test_disagreements_are_told_apart_from_differences(both_shared):
    both = perspectives(both_shared.self_assessment, both_shared.review)

    levels = {row.code: level for row, level in both.disagreements}
    assert levels == {"D1.1": Disagreement.STRONG, "D1.2": Disagreement.MILD}
    [(row, apart)] = both.indicators_apart
    assert (row.code, apart) == ("D1", 75)  # 4 of 4 points against 1 of 4


def test_each_side_opens_the_perspectives_only_once_both_readings_are_shared(client, world):
    url = reverse("project-perspectives", args=[world.project.pk])
    answer_all(world.self_assessment, PARTNERS)
    answer_all(world.review, CITYS)
    client.force_login(world.partner_member)
    assert client.get(url).status_code == 404  # nothing shared yet
    services.set_shared(world.self_assessment, shared=True, user=world.partner_member)
    assert client.get(url).status_code == 404  # the city's review is not released
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 200  # the city sees the shared self-assessment
    services.set_shared(world.review, shared=True, user=world.coordinator)
    client.force_login(world.partner_member)
    assert client.get(url).status_code == 200
    client.force_login(world.other_coordinator)
    assert client.get(url).status_code == 404


def test_both_sides_leave_notes_seen_by_both_without_the_other_sides_names(client, both_shared):
    world = both_shared
    world.coordinator.first_name, world.coordinator.last_name = "Aoife", "Brennan"
    world.coordinator.save()
    url = reverse("project-perspectives", args=[world.project.pk])
    client.force_login(world.coordinator)
    client.post(url, {"code": "D1.1", "text": "The proposal shows no such link."})
    client.force_login(world.partner_member)
    client.post(url, {"code": "D1.1", "text": "See page 4 of our plan."})

    seen_by_partner = text_of(client.get(url).content)
    client.force_login(world.coordinator)
    seen_by_city = text_of(client.get(url).content)

    for page in (seen_by_partner, seen_by_city):
        assert "The proposal shows no such link." in page and "See page 4 of our plan." in page
        assert "They disagree" in page and "They differ" in page
    assert "Aoife Brennan" in seen_by_city and "Aoife Brennan" not in seen_by_partner
    assert [(note.code, note.organisation) for note in PerspectiveNote.objects.all()] == [
        ("D1.1", world.city), ("D1.1", world.partner)]


def test_a_note_on_no_question_or_too_long_is_refused(client, both_shared):
    url = reverse("project-perspectives", args=[both_shared.project.pk])
    client.force_login(both_shared.coordinator)

    client.post(url, {"code": "Z9.9", "text": "Elsewhere."})
    client.post(url, {"code": "D1.1", "text": "x" * 1001})
    client.post(url, {"code": "D2.1", "text": "Where both said partially."})

    assert not PerspectiveNote.objects.exists()


def test_a_gap_becomes_an_action_starting_from_its_recommendation(client, world):
    answer_all(world.review, ["no"], user=world.coordinator)
    client.force_login(world.coordinator)
    new = reverse("action-new", args=[world.review.pk, "E2.1"])

    form = client.get(new).context["form"]
    client.post(new, {"what": form.initial["what"] + " by March", "who": "the youth worker",
                      "due": "2027-03-31", "status": "planned"})

    assert form.initial["what"]  # the first recommendation the "no" drew
    [action] = Action.objects.all()
    assert (action.question.code, action.who, action.created_by) == (
        "E2.1", "the youth worker", world.coordinator)
    page = text_of(client.get(reverse("action-plan", args=[world.review.pk])).content)
    assert "the youth worker" in page and "0 of 1 action done (0%)" in page
    gap = re.search(r"E2\.1 Does the project have a procedure[^?]*\? (in the plan)?", page)
    assert gap and gap.group(1)  # the gap says it has an action already


def test_only_gaps_become_actions_and_only_owners_plan(client, world):
    answer_all(world.review, ["yes"], user=world.coordinator)
    services.set_shared(world.review, shared=True, user=world.coordinator)
    client.force_login(world.coordinator)
    assert client.get(reverse("action-new", args=[world.review.pk, "E2.1"])).status_code == 404
    client.force_login(world.partner_member)  # sees the released review, plans nothing
    assert client.get(reverse("action-plan", args=[world.review.pk])).status_code == 200
    assert client.get(reverse("action-new", args=[world.review.pk, "E2.1"])).status_code == 403


def test_a_final_evaluation_sets_each_action_beside_the_change_in_its_answer(client, world,
                                                                            report_html,
                                                                            download):
    answer_all(world.review, ["no"], user=world.coordinator)
    services.submit(world.review, user=world.coordinator)
    for code, status in (("E2.1", "done"), ("E2.2", "dropped"), ("I1.1", "under_way")):
        question = Question.objects.get(indicator__pillar__version=world.review.version,
                                        code=code)
        Action.objects.create(assessment=world.review, question=question, what=f"Work on {code}",
                              who="the team", status=status)
    final = AssessmentFactory(project=world.project, assessor=world.city,
                              purpose="final_evaluation", baseline=world.review)
    answer_all(final, ["yes"], user=world.coordinator)
    client.force_login(world.coordinator)

    page = text_of(client.get(reverse("assessment-results", args=[final.pk])).content)
    download(client, reverse("assessment-report", args=[final.pk]))
    report = text_of(report_html[-1])

    for text in (page, report):
        assert "Work on E2.1" in text and "No → Yes" in text
        assert "1 of 2 actions done (50%), 1 dropped" in text


def test_the_report_carries_the_plan_and_the_other_perspective(client, both_shared,
                                                               report_html, download):
    world = both_shared
    question = world.review.answers.get(question__code="D1.1").question
    Action.objects.create(assessment=world.review, question=question, what="Link diversity "
                          "to results in the plan", who="the coordinator")
    client.force_login(world.coordinator)

    download(client, reverse("assessment-report", args=[world.review.pk]))

    report = text_of(report_html[-1])
    assert "Action plan" in report and "Link diversity to results in the plan" in report
    assert "Two perspectives" in report and "They disagree" in report


def _actions_on(assessment, count):
    questions = Question.objects.filter(indicator__pillar__version=assessment.version)
    Action.objects.bulk_create(
        Action(assessment=assessment, question=question, what=f"Work on {question.code}",
               who="the team") for question in questions[:count]
    )


def test_the_plan_page_reads_the_same_queries_with_one_action_or_thirty(
    client, world, django_assert_num_queries, django_assert_max_num_queries
):
    answer_all(world.review, ["no"], user=world.coordinator)
    client.force_login(world.coordinator)
    url = reverse("action-plan", args=[world.review.pk])
    _actions_on(world.review, 1)
    client.get(url)  # content read once per process is not what is counted here

    with django_assert_max_num_queries(40) as few:
        client.get(url)
    _actions_on(world.review, 29)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_perspectives_page_reads_the_same_queries_with_one_note_or_many(
    client, both_shared, django_assert_num_queries, django_assert_max_num_queries
):
    url = reverse("project-perspectives", args=[both_shared.project.pk])
    client.force_login(both_shared.coordinator)
    client.post(url, {"code": "D1.1", "text": "The first note."})

    with django_assert_max_num_queries(40) as few:
        client.get(url)
    # Counted now: each request clears the connection's log of queries.
    with_one_note = len(few.captured_queries)
    for side in (both_shared.coordinator, both_shared.partner_member) * 5:
        client.force_login(side)
        client.post(url, {"code": "D1.2", "text": "One more."})
    client.force_login(both_shared.coordinator)
    with django_assert_num_queries(with_one_note):
        client.get(url)


def test_an_indicator_one_side_left_unanswered_is_not_counted_as_apart(both_shared):
    both_shared.review.answers.filter(question__code="D1.2").delete()

    both = perspectives(both_shared.self_assessment, both_shared.review)

    assert both.indicators_apart == []


def test_a_note_from_the_other_side_renders_the_report_again(client, both_shared, report_html,
                                                            download):
    report = reverse("assessment-report", args=[both_shared.review.pk])
    client.force_login(both_shared.coordinator)
    download(client, report)
    client.force_login(both_shared.partner_member)
    client.post(reverse("project-perspectives", args=[both_shared.project.pk]),
                {"code": "D1.1", "text": "See page 4 of our plan."})
    client.force_login(both_shared.coordinator)

    download(client, report)

    assert len(report_html) == 2 and "See page 4 of our plan." in text_of(report_html[-1])

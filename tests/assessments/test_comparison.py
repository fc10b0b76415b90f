"""Assessments side by side, and a final evaluation read against its baseline: the rules of
assessments/comparison.py, without the pages."""

import pytest

from assessments import comparison, scoring
from assessments.comparison import Change
from assessments.models import Answer, Assessment, Question
from assessments.results import collect_results
from tests.factories import AssessmentFactory, ProjectFactory, answer_all, build_checklist

pytestmark = pytest.mark.django_db


def _set(assessment, **values):
    """Change some answers of an answered assessment: `_set(review, D1_1="no")`."""
    for code, value in values.items():
        Answer.objects.filter(
            assessment=assessment, question__code=code.replace("_", ".")
        ).update(value=value)


def _row(compared, code):
    return next(row for row in compared.rows if row.code == code)


@pytest.fixture
def second_version():
    """A published version like 2021.1 where D1.2 is gone and D1.3 came in its place."""
    version = build_checklist(label="2030.1")
    Question.objects.filter(indicator__pillar__version=version, code="D1.2").update(code="D1.3")
    return version


def test_two_assessments_are_set_side_by_side_question_by_question(world):
    answer_all(world.review, ["yes"])
    answer_all(world.self_assessment, ["yes", "no"])

    compared = comparison.compare([world.review, world.self_assessment])

    assert [column.assessment for column in compared.columns] == [
        world.review, world.self_assessment
    ]
    assert [column.number for column in compared.columns] == [1, 2]
    assert len(compared.rows) == 30
    assert [pillar.slug for pillar in compared.pillars] == [
        "diversity", "equality", "interaction"
    ]
    assert [cell.value for cell in _row(compared, "D1.1").cells] == ["yes", "yes"]
    assert [cell.value for cell in _row(compared, "D1.2").cells] == ["yes", "no"]
    assert compared.unmatched == []


def test_only_the_questions_answered_differently_differ(world):
    answer_all(world.review, ["yes"])
    answer_all(world.self_assessment, ["yes", "no"])  # every second question: no

    compared = comparison.compare([world.review, world.self_assessment])

    assert [row.code for row in compared.differing] == [
        row.code for row in compared.rows if row.code.endswith(".2")
    ]
    assert len(compared.differing) == 15


def test_a_question_answered_in_one_and_not_in_the_other_differs(world):
    answer_all(world.review, ["partially"])
    answer_all(world.self_assessment, ["partially"])
    world.self_assessment.answers.filter(question__code="E3.1").delete()

    compared = comparison.compare([world.review, world.self_assessment])

    assert [row.code for row in compared.differing] == ["E3.1"]
    assert _row(compared, "E3.1").cells[1].answer is None


def test_scores_are_those_of_each_assessment_overall_by_pillar_and_by_indicator(world):
    answer_all(world.review, ["yes", "no", "partially"])
    answer_all(world.self_assessment, ["no"])

    compared = comparison.compare([world.review, world.self_assessment])

    rows = compared.score_rows
    assert [row.kind for row in rows[:3]] == ["overall", "pillar", "indicator"]
    assert [row.code for row in rows if row.kind == "indicator"] == [
        f"{p}{i}" for p in "DEI" for i in range(1, 6)
    ]
    card = collect_results(world.review).scorecard
    assert rows[0].scores[0] == card.overall
    assert rows[0].scores[1] == scoring.Score(points=0, max_points=60, answered=30, questions=30)
    diversity = next(row for row in rows if row.code == "diversity")
    assert diversity.scores[0] == card.pillars[0].score
    d1 = next(row for row in rows if row.code == "D1")
    assert d1.scores[0] == card.pillars[0].indicators[0].score


def test_up_to_five_assessments_in_the_order_asked(world):
    others = [AssessmentFactory(project=world.project, assessor=world.city) for _ in range(3)]
    chosen = [others[2], world.review, others[0], world.self_assessment, others[1]]

    compared = comparison.compare(chosen)

    assert compared.assessments == chosen
    assert all(len(row.cells) == 5 for row in compared.rows)
    assert all(len(row.scores) == 5 for row in compared.score_rows)
    assert compared.series[0] == "1. Kitchen nights · Proposal review"


def test_across_versions_questions_are_matched_by_code_and_the_rest_is_listed(
    world, second_version
):
    later = AssessmentFactory(project=world.project, assessor=world.city, version=second_version)
    answer_all(world.review, ["yes"])
    answer_all(later, ["no"])

    compared = comparison.compare([world.review, later])

    assert compared.versions == ["2021.1", "2030.1"]
    assert [(u.code, u.in_versions, u.missing_from) for u in compared.unmatched] == [
        ("D1.2", ("2021.1",), ("2030.1",)),
        ("D1.3", ("2030.1",), ("2021.1",)),
    ]
    d1_2, d1_3 = _row(compared, "D1.2"), _row(compared, "D1.3")
    assert not d1_2.matched and d1_2.cells[1].question is None
    assert d1_2.cells[0].question.text != d1_3.cells[1].question.text
    assert not d1_2.differs  # only one assessment has it: nothing to differ from
    # Matched questions are compared across the versions, in the first one's wording.
    e1_1 = _row(compared, "E1.1")
    assert e1_1.matched and e1_1.differs
    assert e1_1.question.indicator.pillar.version.label == "2021.1"
    assert len(compared.rows) == 31
    # Indicators match by code too: D1 is scored in both.
    d1 = next(row for row in compared.score_rows if row.code == "D1")
    assert [score.points for score in d1.scores] == [4, 0]


def test_the_comparison_reads_two_queries_whatever_the_number_of_answers(
    world, second_version, django_assert_num_queries
):
    others = [AssessmentFactory(project=world.project, assessor=world.city, version=version)
              for version in (second_version, world.review.version, second_version)]
    few = [world.review, world.self_assessment]
    many = [world.review, world.self_assessment, *others]
    with django_assert_num_queries(2):
        comparison.compare(few)

    for assessment in many:
        answer_all(assessment, ["yes", "partially", "no"])

    with django_assert_num_queries(2):
        comparison.compare(few)
    with django_assert_num_queries(2):
        comparison.compare(many)


# A progression: the final evaluation read against its baseline ---------------------------

@pytest.fixture
def final(world):
    answer_all(world.review, ["partially"])
    evaluation = AssessmentFactory(
        project=world.project, purpose=Assessment.Purpose.FINAL_EVALUATION,
        assessor=world.city, baseline=world.review,
    )
    answer_all(evaluation, ["partially"])
    return evaluation


def test_a_progression_says_what_improved_fell_back_and_stayed(world, final):
    _set(final, D1_1="yes", D1_2="yes", E2_1="no")
    Answer.objects.filter(assessment=world.review, question__code="I5.2").delete()

    progress = comparison.progression(final, world.review)

    assert (progress.baseline, progress.final) == (world.review, final)
    assert [row.code for row in progress.improved] == ["D1.1", "D1.2"]
    assert [row.code for row in progress.fell_back] == ["E2.1"]
    assert [row.code for row in progress.not_compared] == ["I5.2"]
    assert len(progress.stayed) == 26
    assert progress.series == ["Proposal review", "Final evaluation"]


def test_a_progression_reads_each_indicator_and_the_whole_by_percentage(world, final):
    _set(final, D1_1="yes", D1_2="yes", E2_1="no")

    progress = comparison.progression(final, world.review)

    changes = {row.code: row.change for row in progress.indicator_rows}
    assert changes["D1"] == Change.IMPROVED
    assert changes["E2"] == Change.FELL_BACK
    assert changes["I3"] == Change.STAYED
    assert changes["diversity"] == Change.IMPROVED
    assert progress.overall.change == Change.IMPROVED  # 2 points up, 1 down


def test_the_comments_of_both_sides_travel_with_each_changed_answer(world, final):
    _set(final, D1_1="yes")
    Answer.objects.filter(assessment=world.review, question__code="D1.1").update(
        comment="No staff from the neighbourhood yet."
    )
    Answer.objects.filter(assessment=final, question__code="D1.1").update(
        comment="Two residents joined the team."
    )

    [row] = comparison.progression(final, world.review).improved

    assert [cell.answer.comment for cell in row.cells] == [
        "No staff from the neighbourhood yet.", "Two residents joined the team."
    ]


def test_across_versions_the_progression_compares_only_what_matches(
    world, second_version
):
    answer_all(world.self_assessment, ["no"])
    evaluation = AssessmentFactory(
        project=world.project, purpose=Assessment.Purpose.FINAL_EVALUATION,
        assessor=world.partner, version=second_version, baseline=world.self_assessment,
    )
    answer_all(evaluation, ["yes"])

    progress = comparison.progression(evaluation, world.self_assessment)

    assert [row.code for row in progress.not_compared] == ["D1.2", "D1.3"]
    assert len(progress.improved) == 29
    assert [u.code for u in progress.unmatched] == ["D1.2", "D1.3"]


@pytest.mark.parametrize(("before", "after", "change"), [
    (1, 2, Change.IMPROVED), (2, 0, Change.FELL_BACK), (1, 1, Change.STAYED),
    (None, 2, None), (1, None, None),
])
def test_a_change_needs_both_figures(before, after, change):
    assert comparison.change_between(before, after) == change


# Choosing what to compare ----------------------------------------------------------------

def test_the_choice_beside_an_assessment_lists_the_city_s_others_the_user_sees_latest_first(
    world
):
    shared = world.self_assessment
    shared.shared_at = shared.created_at
    shared.save(update_fields=["shared_at"])
    another_project = ProjectFactory(organisation=world.partner, city=world.city)
    latest = AssessmentFactory(project=another_project, assessor=world.city)

    offered = comparison.candidates(world.coordinator, world.review)

    assert offered == [latest, shared]  # not itself; not the other city's review
    assert comparison.candidates(world.other_coordinator, world.other_review) == []


def test_the_choice_beside_an_assessment_stays_short(world):
    for _ in range(comparison.CANDIDATES_SHOWN + 3):
        AssessmentFactory(project=world.project, assessor=world.city)

    assert len(comparison.candidates(world.coordinator, world.review)) == 20


def test_a_baseline_is_an_earlier_assessment_of_the_same_project(world, final):
    assert comparison.may_be_baseline(world.review, project=world.project)
    assert comparison.may_be_baseline(world.self_assessment, project=world.project)
    assert not comparison.may_be_baseline(final, project=world.project)
    assert not comparison.may_be_baseline(world.other_review, project=world.project)


def test_the_baselines_offered_are_those_of_the_project_the_user_may_see(world, final):
    assert list(comparison.baseline_candidates(world.coordinator, world.project)) == [
        world.review
    ]  # the partner's self-assessment is not shared; the final evaluation is no baseline
    assert list(comparison.baseline_candidates(world.partner_member, world.project)) == [
        world.self_assessment
    ]

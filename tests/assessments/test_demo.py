"""The demo a first run loads: enough to try every page, and loading it again adds nothing."""

import pytest

from assessments import group
from assessments.demo import load_demo
from assessments.models import (
    Action,
    Assessment,
    Decision,
    DecisionChange,
    FundingRound,
    MemberAnswer,
    ScoreBand,
)
from assessments.plans import plan_of

pytestmark = pytest.mark.django_db


def _counts():
    return [model.objects.count()
            for model in (Assessment, Decision, DecisionChange, FundingRound, ScoreBand, Action,
                          MemberAnswer)]


def test_the_demo_holds_a_round_of_scored_proposals_decisions_and_a_final_evaluation():
    load_demo()
    first = _counts()

    load_demo()

    assert _counts() == first
    [funding_round] = FundingRound.objects.all()
    scored = Assessment.objects.filter(
        project__funding_round=funding_round, purpose=Assessment.Purpose.PROPOSAL_REVIEW,
        status=Assessment.Status.SUBMITTED,
    )
    assert scored.count() >= 3
    assert set(Decision.objects.values_list("outcome", flat=True)) == {
        "funded", "conditions", "not_funded",
    }
    final = Assessment.objects.get(purpose=Assessment.Purpose.FINAL_EVALUATION)
    assert final.baseline.project == final.project
    assert ScoreBand.objects.filter(min_equality=60).exists()
    # The final evaluation's baseline carries a plan drawn from its gaps, partly done.
    actions = list(final.baseline.actions.all())
    assert {action.status for action in actions} == {"done", "under_way", "dropped"}
    gaps = {question.code for question, _value, _title in plan_of(final.baseline).gaps}
    assert all(action.what and action.question.code in gaps for action in actions)


def test_the_demo_holds_a_self_assessment_answered_apart_and_left_to_settle_where_they_differ():
    load_demo()

    answered_apart = Assessment.objects.get(answer_individually_first=True)
    spread = group.spread_of(answered_apart)
    assert answered_apart.round_is_open
    assert answered_apart.team.count() == spread.people == 3
    assert answered_apart.settler.username == "lucia"
    assert spread.differing and spread.agreed
    assert spread.settled == spread.agreed  # where all agree, settled; the rest is left

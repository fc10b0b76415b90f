"""The demo a first run loads: enough to try every page, and loading it again adds nothing."""

import pytest

from assessments.demo import load_demo
from assessments.models import Assessment, Decision, DecisionChange, FundingRound, ScoreBand

pytestmark = pytest.mark.django_db


def _counts():
    return [model.objects.count()
            for model in (Assessment, Decision, DecisionChange, FundingRound, ScoreBand)]


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

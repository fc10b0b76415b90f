"""Scores: yes = 2, partially = 1, no = 0, per indicator, pillar and overall."""

import pytest

from assessments import scoring
from assessments.scoring import QuestionRef, Score


def _checklist():
    """A full 3 x 5 x 2 checklist as scoring sees it."""
    return [
        QuestionRef(f"{prefix}{indicator}.{number}", f"{prefix}{indicator}",
                    f"Indicator {prefix}{indicator}", slug, slug.title())
        for prefix, slug in (("D", "diversity"), ("E", "equality"), ("I", "interaction"))
        for indicator in range(1, 6)
        for number in (1, 2)
    ]


@pytest.mark.parametrize("ticked, total, expected", [
    (3, 3, "yes"), (1, 3, "partially"), (2, 3, "partially"), (0, 3, "no"), (0, 0, None),
])
def test_ticked_criteria_suggest_an_answer(ticked, total, expected):
    assert scoring.suggested_value(ticked=ticked, total=total) == expected


@pytest.mark.parametrize("value, ticked, total, differ", [
    ("yes", 3, 3, False), ("partially", 1, 3, False), ("no", 0, 3, False),
    ("yes", 0, 3, True), ("no", 3, 3, True), ("partially", 0, 3, True), ("yes", 0, 0, False),
])
def test_ticks_differ_from_an_answer_they_do_not_suggest(value, ticked, total, differ):
    assert scoring.ticks_differ(value, ticked=ticked, total=total) is differ


def test_all_yes_scores_sixty_out_of_sixty():
    card = scoring.scorecard(_checklist(), {q.code: "yes" for q in _checklist()})

    assert (card.overall.points, card.overall.max_points, card.overall.percentage) == (60, 60, 100)
    assert [pillar.score.points for pillar in card.pillars] == [20, 20, 20]
    assert {indicator.score.points for p in card.pillars for indicator in p.indicators} == {4}


def test_indicator_pillar_and_overall_add_up():
    answers = {"D1.1": "yes", "D1.2": "partially", "D2.1": "no", "E1.1": "partially"}

    card = scoring.scorecard(_checklist(), answers)

    diversity, equality, interaction = card.pillars
    assert diversity.indicators[0].score == Score(points=3, max_points=4, answered=2, questions=2)
    assert diversity.indicators[1].score == Score(points=0, max_points=4, answered=1, questions=2)
    assert (diversity.score.points, diversity.score.max_points) == (3, 20)
    assert (equality.score.points, interaction.score.points) == (1, 0)
    assert card.overall == Score(points=4, max_points=60, answered=4, questions=30)
    assert not card.overall.is_complete


def test_percentages_round_half_up():
    assert Score(points=3, max_points=4, answered=2, questions=2).percentage == 75
    assert Score(points=1, max_points=60, answered=1, questions=30).percentage == 2  # 1.67
    assert Score(points=1, max_points=200, answered=1, questions=100).percentage == 1  # 0.5
    assert Score(points=0, max_points=0, answered=0, questions=0).percentage == 0


def test_the_weakest_indicators_are_the_lowest_answered_ones_in_checklist_order():
    answers = {q.code: "yes" for q in _checklist()}
    answers.update({"E3.1": "no", "E3.2": "no", "I2.1": "partially", "D5.1": "no"})

    weakest = scoring.scorecard(_checklist(), answers).weakest_indicators(3)

    assert [indicator.code for indicator in weakest] == ["E3", "D5", "I2"]


def test_bands_pick_the_highest_band_reached():
    bands = [(0, "Emerging"), (50, "Developing"), (75, "Strongly intercultural")]

    assert scoring.band_for(74, bands) == "Developing"
    assert scoring.band_for(75, bands) == "Strongly intercultural"
    assert scoring.band_for(10, [(20, "Developing")]) is None
    assert scoring.band_for(90, []) is None

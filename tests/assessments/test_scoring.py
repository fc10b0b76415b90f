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


def _card(**answers_by_pillar):
    """A scorecard where each pillar's ten questions get the answers given in order."""
    answers = {}
    for prefix, slug in (("D", "diversity"), ("E", "equality"), ("I", "interaction")):
        values = answers_by_pillar.get(slug, ["yes"] * 10)
        codes = [q.code for q in _checklist() if q.code.startswith(prefix)]
        answers.update(zip(codes, values, strict=True))
    return scoring.scorecard(_checklist(), answers)


BANDS = [
    scoring.Band("Emerging", 0),
    scoring.Band("Developing", 50),
    scoring.Band("Intercultural", 75, {"diversity": 60, "equality": 60, "interaction": 60}),
]


def test_the_highest_band_reached_is_read_and_the_next_one_says_what_it_needs():
    # Diversity and interaction all yes (20/20 each), equality 4 yes, 6 no (8/20 = 40%):
    # 48/60 = 80% overall, but equality is short of the 60% (12 points) the top band asks.
    card = _card(equality=["yes"] * 4 + ["no"] * 6)

    reading = scoring.read_bands(card, BANDS)

    assert reading.reached.label == "Developing"
    assert reading.next.label == "Intercultural"
    assert reading.missing_for_next == [scoring.Shortfall("Equality", 4)]


def test_points_missing_overall_and_in_pillars_are_all_named():
    card = _card(diversity=["no"] * 10, equality=["partially"] * 10, interaction=["no"] * 10)

    reading = scoring.read_bands(card, BANDS[1:])  # 10/60 = 17%

    assert reading.reached is None
    assert reading.next.label == "Developing"
    assert reading.missing_for_next == [scoring.Shortfall(None, 20)]  # 30/60 = 50%
    top = scoring.shortfalls(card, BANDS[2])
    assert top == [scoring.Shortfall(None, 35), scoring.Shortfall("Diversity", 12),
                   scoring.Shortfall("Equality", 2), scoring.Shortfall("Interaction", 12)]


def test_at_the_top_there_is_no_next_band_and_without_bands_nothing_is_read():
    reading = scoring.read_bands(_card(), BANDS)

    assert (reading.reached.label, reading.next, reading.missing_for_next) == (
        "Intercultural", None, []
    )
    assert scoring.read_bands(_card(), []) == scoring.BandReading(None, None, [])


@pytest.mark.parametrize("points, max_points, percentage, needed", [
    (29, 60, 50, 1), (30, 60, 50, 0), (0, 20, 60, 12), (11, 20, 60, 1), (20, 20, 100, 0),
])
def test_points_needed_follow_the_rounding_people_read(points, max_points, percentage, needed):
    score = Score(points=points, max_points=max_points, answered=0, questions=0)

    assert scoring.points_needed(score, percentage) == needed

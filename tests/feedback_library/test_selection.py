"""Which feedback a weak answer draws, and the order of the good practices."""

import pytest

from assessments.models import Indicator, Question
from feedback_library.models import FeedbackEntry, GoodPractice, Status
from feedback_library.selection import (
    INDICATOR,
    PILLAR,
    QUESTION,
    feedback_for,
    feedback_for_answers,
)
from tests.factories import FeedbackEntryFactory, GoodPracticeFactory, TopicAreaFactory

pytestmark = pytest.mark.django_db


def _question(code):
    return Question.objects.select_related("indicator__pillar").get(
        indicator__pillar__version__label="2021.1", code=code
    )


def _indicator(code):
    return Indicator.objects.get(pillar__version__label="2021.1", code=code)


@pytest.fixture
def library():
    """An empty library: each test writes the entries it reasons about."""
    FeedbackEntry.objects.all().delete()
    GoodPractice.objects.all().delete()


def test_recommendations_apply_to_exactly_the_answer_given(library):
    question = _question("E2.1")
    for_no = FeedbackEntryFactory(question=question, applies_to="no", title="Start")
    for_partially = FeedbackEntryFactory(question=question, applies_to="partially", title="Go on")
    for_both = FeedbackEntryFactory(question=question, applies_to="both", title="Both")
    FeedbackEntryFactory(question=_question("E2.2"), applies_to="both")
    FeedbackEntryFactory(question=question, applies_to="no", status=Status.DRAFT)

    assert feedback_for(question, "no", set()).recommendations == [for_both, for_no]
    assert feedback_for(question, "partially", set()).recommendations == [
        for_both, for_partially,
    ]


def test_stories_come_apart_from_recommendations(library):
    question = _question("I3.1")
    story = FeedbackEntryFactory(question=question, kind="story", applies_to="both")
    advice = FeedbackEntryFactory(question=question, applies_to="no")

    feedback = feedback_for(question, "no", set())

    assert (feedback.recommendations, feedback.stories) == ([advice], [story])


def test_a_yes_draws_nothing(library):
    question = _question("D1.1")
    FeedbackEntryFactory(question=question, applies_to="both")
    GoodPracticeFactory(questions=[question])

    assert not feedback_for(question, "yes", set())


def test_practices_sharing_a_topic_come_first_then_indicator_then_pillar(library):
    question = _question("I3.2")
    topic, other_topic = TopicAreaFactory(), TopicAreaFactory()
    pillar_only = GoodPracticeFactory(title="A pillar", indicators=[_indicator("I1")])
    indicator_only = GoodPracticeFactory(title="B indicator", indicators=[_indicator("I3")])
    same_question = GoodPracticeFactory(title="C question", questions=[question])
    topical_pillar = GoodPracticeFactory(
        title="D topical pillar", indicators=[_indicator("I5")], topic_areas=[topic]
    )
    topical_indicator = GoodPracticeFactory(
        title="E topical indicator", indicators=[_indicator("I3")], topic_areas=[topic]
    )
    GoodPracticeFactory(title="F other pillar", indicators=[_indicator("E3")], topic_areas=[topic])
    GoodPracticeFactory(title="G draft", questions=[question], status=Status.DRAFT)

    ranked = feedback_for_answers(
        [(question, "no")], {topic.pk, other_topic.pk}
    )["I3.2"].practices

    assert [r.practice for r in ranked] == [
        topical_indicator, topical_pillar, same_question, indicator_only, pillar_only,
    ]
    assert [r.closeness for r in ranked] == [INDICATOR, PILLAR, QUESTION, INDICATOR, PILLAR]
    assert [r.tier for r in ranked] == [1, 1, 2, 2, 3]


def test_more_shared_topics_rank_higher_within_a_tier(library):
    question = _question("D3.1")
    first, second = TopicAreaFactory(), TopicAreaFactory()
    one = GoodPracticeFactory(title="A one topic", indicators=[_indicator("D3")],
                              topic_areas=[first])
    two = GoodPracticeFactory(title="B two topics", indicators=[_indicator("D3")],
                              topic_areas=[first, second])

    ranked = feedback_for(question, "partially", {first.pk, second.pk}).practices

    assert [r.practice for r in ranked] == [two, one]


def test_three_practices_are_shown_first_and_the_others_kept_for_later(library):
    question = _question("D2.1")
    for number in range(5):
        GoodPracticeFactory(title=f"Practice {number}", indicators=[_indicator("D2")])

    feedback = feedback_for(question, "no", set())

    assert [r.practice.title for r in feedback.top_practices] == [
        "Practice 0", "Practice 1", "Practice 2",
    ]
    assert [r.practice.title for r in feedback.more_practices] == ["Practice 3", "Practice 4"]


def test_feedback_for_many_answers_takes_a_fixed_number_of_queries(
    django_assert_num_queries
):
    answers = [(question, "no") for question in Question.objects.filter(
        indicator__pillar__version__label="2021.1"
    ).select_related("indicator__pillar")]

    with django_assert_num_queries(5):  # entries, practices and their three links
        feedback = feedback_for_answers(answers, set())

    assert len(feedback) == 30

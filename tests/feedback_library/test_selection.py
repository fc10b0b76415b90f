"""Which feedback a weak answer draws, and the order of the good practices."""

import pytest

from assessments.demo import load_demo
from assessments.models import Indicator, PopulationBand, Project, Question, TopicArea
from feedback_library.models import FeedbackEntry, GoodPractice, Status
from feedback_library.selection import (
    INDICATOR,
    PILLAR,
    QUESTION,
    ProjectContext,
    feedback_for,
    feedback_for_answers,
)
from tests.factories import (
    FeedbackEntryFactory,
    GoodPracticeFactory,
    OrganisationFactory,
    ProjectFactory,
    TopicAreaFactory,
)

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


@pytest.fixture
def project():
    """A project in a medium-sized Irish city, about cooking together."""
    return ProjectFactory(
        title="Neighbourhood kitchen nights",
        summary="Newcomers and long-time residents cook dishes together.",
        target_groups="Newly arrived families",
        city=OrganisationFactory(country="IE", population_band=PopulationBand.MEDIUM),
    )


def _titles(ranked):
    return [r.practice.title for r in ranked]


def test_recommendations_apply_to_exactly_the_answer_given(library, project):
    question = _question("E2.1")
    for_no = FeedbackEntryFactory(question=question, applies_to="no", title="Start")
    for_partially = FeedbackEntryFactory(question=question, applies_to="partially", title="Go on")
    for_both = FeedbackEntryFactory(question=question, applies_to="both", title="Both")
    FeedbackEntryFactory(question=_question("E2.2"), applies_to="both")
    FeedbackEntryFactory(question=question, applies_to="no", status=Status.DRAFT)

    assert feedback_for(question, "no", project).recommendations == [for_both, for_no]
    assert feedback_for(question, "partially", project).recommendations == [
        for_both, for_partially,
    ]


def test_stories_come_apart_from_recommendations(library, project):
    question = _question("I3.1")
    story = FeedbackEntryFactory(question=question, kind="story", applies_to="both")
    advice = FeedbackEntryFactory(question=question, applies_to="no")

    feedback = feedback_for(question, "no", project)

    assert (feedback.recommendations, feedback.stories) == ([advice], [story])


def test_a_yes_draws_nothing(library, project):
    question = _question("D1.1")
    FeedbackEntryFactory(question=question, applies_to="both")
    GoodPracticeFactory(questions=[question])

    assert not feedback_for(question, "yes", project)


def test_the_question_comes_first_then_its_indicator_then_its_pillar_whatever_the_project(
    library, project
):
    question = _question("E2.1")
    topic = TopicAreaFactory(name="Cooking")
    project.topic_areas.set([topic])
    fits_the_project = {
        "topic_areas": [topic], "summary": "Residents cook dishes together.",
        "country": "IE", "city_size": PopulationBand.MEDIUM,
    }
    GoodPracticeFactory(title="A pillar", indicators=[_indicator("E4")], **fits_the_project)
    GoodPracticeFactory(title="B indicator", indicators=[_indicator("E2")], **fits_the_project)
    GoodPracticeFactory(title="C other question", questions=[_question("E2.2")])
    GoodPracticeFactory(title="D question", questions=[question])
    GoodPracticeFactory(title="E other pillar", indicators=[_indicator("I3")], **fits_the_project)
    GoodPracticeFactory(title="F draft", questions=[question], status=Status.DRAFT)

    ranked = feedback_for_answers([(question, "no")], project)["E2.1"].practices

    assert _titles(ranked) == ["D question", "B indicator", "C other question", "A pillar"]
    assert [r.tier for r in ranked] == [QUESTION, INDICATOR, INDICATOR, PILLAR]


def test_within_a_tier_topics_then_text_then_city_size_then_country_order_practices(
    library, project
):
    question = _question("D3.1")
    topic = TopicAreaFactory()
    project.topic_areas.set([topic])
    indicator = [_indicator("D3")]
    GoodPracticeFactory(title="A nothing in common", indicators=indicator)
    GoodPracticeFactory(title="B same country", indicators=indicator, country="IE")
    GoodPracticeFactory(title="C same size", indicators=indicator,
                        city_size=PopulationBand.MEDIUM)
    GoodPracticeFactory(title="D same size and country", indicators=indicator, country="IE",
                        city_size=PopulationBand.MEDIUM)
    GoodPracticeFactory(title="E a word in common", indicators=indicator,
                        summary="A choir for newcomers.")
    GoodPracticeFactory(title="F words in common", indicators=indicator,
                        summary="Newcomers and residents cook dishes in a shared kitchen.")
    GoodPracticeFactory(title="G same topic", indicators=indicator, topic_areas=[topic])

    ranked = feedback_for(question, "partially", project).practices

    assert _titles(ranked) == [
        "G same topic", "F words in common", "E a word in common", "D same size and country",
        "C same size", "B same country", "A nothing in common",
    ]


def test_more_shared_topics_rank_higher_within_a_tier(library, project):
    question = _question("D3.1")
    first, second = TopicAreaFactory(), TopicAreaFactory()
    project.topic_areas.set([first, second])
    GoodPracticeFactory(title="A one topic", indicators=[_indicator("D3")], topic_areas=[first])
    GoodPracticeFactory(title="B two topics", indicators=[_indicator("D3")],
                        topic_areas=[first, second])

    ranked = feedback_for(question, "partially", project).practices

    assert _titles(ranked) == ["B two topics", "A one topic"]


def test_each_practice_says_why_it_is_shown(library, project):
    question = _question("E2.1")
    topic = TopicAreaFactory(name="Cooking")
    project.topic_areas.set([topic])
    GoodPracticeFactory(title="A question", questions=[question], topic_areas=[topic],
                        summary="Residents cook.", country="IE",
                        city_size=PopulationBand.MEDIUM)
    GoodPracticeFactory(title="B indicator", indicators=[_indicator("E2")])
    GoodPracticeFactory(title="C pillar", indicators=[_indicator("E5")])

    ranked = feedback_for(question, "no", project).practices

    assert [r.reasons for r in ranked] == [
        ["written for E2.1", "same topic: Cooking",
         "among the closest to your project's description", "a city of your size",
         "same country"],
        ["about indicator E2"],
        ["same pillar"],
    ]


def test_only_the_three_texts_closest_to_the_project_are_called_close(library, project):
    question = _question("D2.1")
    for number, summary in enumerate([
        "Newcomers and residents cook dishes together.", "Residents cook dishes.",
        "Newcomers and families cook.", "Residents meet.", "A choir.",
    ]):
        GoodPracticeFactory(title=f"Practice {number}", indicators=[_indicator("D2")],
                            summary=summary)

    ranked = feedback_for(question, "no", project).practices

    called_close = [
        r.practice.title for r in ranked
        if "among the closest to your project's description" in r.reasons
    ]
    assert called_close == ["Practice 0", "Practice 1", "Practice 2"]
    assert _titles(ranked)[3:] == ["Practice 3", "Practice 4"]


def test_three_practices_are_shown_first_and_the_others_kept_for_later(library, project):
    question = _question("D2.1")
    for number in range(5):
        GoodPracticeFactory(title=f"Practice {number}", indicators=[_indicator("D2")])

    feedback = feedback_for(question, "no", project)

    assert _titles(feedback.top_practices) == ["Practice 0", "Practice 1", "Practice 2"]
    assert _titles(feedback.more_practices) == ["Practice 3", "Practice 4"]


def test_the_project_context_is_read_once_from_the_project(project):
    topics = list(TopicArea.objects.order_by("order")[:2])
    project.topic_areas.set(topics)

    context = ProjectContext.of(project)

    assert context.topic_ids == {topic.pk for topic in topics}
    assert {"kitchen", "newcomers", "families", "dishes"} <= context.words
    assert "and" not in context.words  # too short to tell what the project is about
    assert (context.population_band, context.country) == ("medium", "IE")


def test_any_punctuation_in_the_project_leaves_the_text_search_working(library):
    project = ProjectFactory(
        title="Cook & eat! | (together) 'at' <one> table: -night- \\ !!",
        summary='"Dishes" :* & | ! ( ) <-> under_score', target_groups="",
    )
    GoodPracticeFactory(title="A table for all", indicators=[_indicator("D2")])

    ranked = feedback_for(_question("D2.1"), "no", project).practices

    assert ranked[0].fit.text_closeness > 0


def test_feedback_for_many_answers_takes_a_fixed_number_of_queries(
    project, django_assert_num_queries
):
    answers = [(question, "no") for question in Question.objects.filter(
        indicator__pillar__version__label="2021.1"
    ).select_related("indicator__pillar")]

    feedback_for_answers(answers, project)  # reads the library, kept for what follows

    # the stamp of the content (the library is unchanged), the project's topic areas
    with django_assert_num_queries(2):
        feedback = feedback_for_answers(answers, project)

    assert len(feedback) == 30


def test_the_library_is_read_again_once_a_curator_changes_it(library, project):
    question = _question("D2.1")
    FeedbackEntryFactory(question=question, applies_to="no", title="First")
    assert [e.title for e in feedback_for(question, "no", project).recommendations] == ["First"]

    FeedbackEntryFactory(question=question, applies_to="no", title="Second")
    practice = GoodPracticeFactory(title="Welcome desks", indicators=[_indicator("D2")])

    feedback = feedback_for(question, "no", project)

    assert [e.title for e in feedback.recommendations] == ["First", "Second"]
    assert _titles(feedback.practices) == ["Welcome desks"]
    practice.status = Status.ARCHIVED
    practice.save()
    assert feedback_for(question, "no", project).practices == []


def test_on_the_shipped_library_the_demo_kitchen_nights_see_e2_practices_first():
    """A "no" to E2.1 (is there a way to report discrimination?) on the demo project about
    cooking together: the practices written for E2.1 lead, then practices about E2, not
    the welcoming practices of other equality indicators that share the project's topics."""
    load_demo()
    project = Project.objects.select_related("city").get(title="Neighbourhood kitchen nights")

    feedback = feedback_for(_question("E2.1"), "no", project)

    ranked = feedback.top_practices + feedback.more_practices
    written_for_e21 = [r for r in ranked if r.tier == QUESTION]
    assert [r.tier for r in feedback.top_practices] == [QUESTION] * 3
    assert ranked[:len(written_for_e21)] == written_for_e21
    assert all(r.reasons[0] == "written for E2.1" for r in written_for_e21)
    assert "barcelona-office-for-non-discrimination" in {
        r.practice.slug for r in written_for_e21
    }
    after = ranked[len(written_for_e21)]
    assert (after.tier, after.reasons[0]) == (INDICATOR, "about indicator E2")
    assert "sheffield-city-of-sanctuary" in {r.practice.slug for r in feedback.more_practices}

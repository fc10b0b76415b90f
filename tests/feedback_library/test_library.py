"""The public good-practice library."""

import pytest
from django.urls import reverse

from assessments.models import Indicator, Question
from feedback_library.models import GoodPractice, Status
from tests.factories import GoodPracticeFactory, TopicAreaFactory
from tests.html import count_tags, text_of

pytestmark = pytest.mark.django_db


def _indicator(code):
    return Indicator.objects.get(pillar__version__label="2021.1", code=code)


def test_the_library_lists_published_practices_for_anyone(client):
    response = client.get(reverse("library"))

    assert response.status_code == 200
    assert count_tags(response.content, "h1") == 1
    assert response.context["page"].paginator.count == GoodPractice.objects.published().count()


def test_drafts_are_neither_listed_nor_shown(client):
    draft = GoodPracticeFactory(title="Unfinished idea", status=Status.DRAFT)

    assert "Unfinished idea" not in text_of(client.get(reverse("library")).content)
    assert client.get(reverse("practice-detail", args=[draft.slug])).status_code == 404


def test_filtering_by_indicator_keeps_practices_of_that_indicator_or_its_questions(client):
    GoodPractice.objects.all().delete()
    by_indicator = GoodPracticeFactory(indicators=[_indicator("E2")])
    by_question = GoodPracticeFactory(
        questions=[Question.objects.get(indicator__pillar__version__label="2021.1", code="E2.1")]
    )
    GoodPracticeFactory(indicators=[_indicator("E3")])

    response = client.get(reverse("library"), {"indicator": "E2"})

    assert set(response.context["page"].object_list) == {by_indicator, by_question}


def test_filtering_by_pillar(client):
    GoodPractice.objects.all().delete()
    interaction = GoodPracticeFactory(indicators=[_indicator("I1"), _indicator("I4")])
    GoodPracticeFactory(indicators=[_indicator("D1")])

    response = client.get(reverse("library"), {"pillar": "interaction"})

    assert list(response.context["page"].object_list) == [interaction]


def test_filtering_by_words_topic_country_and_size(client):
    GoodPractice.objects.all().delete()
    topic = TopicAreaFactory()
    wanted = GoodPracticeFactory(
        title="Neighbourhood mothers", country="DE", city="Berlin", city_size="metropolis",
        topic_areas=[topic],
    )
    GoodPracticeFactory(title="Neighbourhood fathers", country="DE", city_size="metropolis")
    GoodPracticeFactory(title="Neighbourhood mothers", country="NO", topic_areas=[topic])

    response = client.get(reverse("library"), {
        "q": "mothers neighbourhood", "topic": topic.slug, "country": "DE",
        "city_size": "metropolis",
    })

    assert list(response.context["page"].object_list) == [wanted]


def test_an_invalid_filter_is_reported_and_lists_everything(client):
    response = client.get(reverse("library"), {"topic": "no-such-topic"})

    assert response.status_code == 200
    assert response.context["form"].errors["topic"]
    assert response.context["page"].paginator.count == GoodPractice.objects.published().count()


def test_the_list_is_paginated_and_keeps_the_filters(client):
    GoodPractice.objects.all().delete()
    GoodPracticeFactory.create_batch(15, country="PT")

    response = client.get(reverse("library"), {"country": "PT", "page": 2})

    assert len(response.context["page"].object_list) == 3
    assert "?country=PT&amp;page=1" in response.content.decode()


def test_the_list_makes_a_constant_number_of_queries(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    GoodPractice.objects.all().delete()
    client.get(reverse("library"))  # the checklist the filters offer, read once
    topic = TopicAreaFactory()
    # Each measure follows a change to the library, which the page is built again for.
    GoodPracticeFactory.create_batch(3, topic_areas=[topic], indicators=[_indicator("D1")])
    with django_assert_max_num_queries(10) as few:
        assert client.get(reverse("library"), {"page": 1}).status_code == 200
    GoodPracticeFactory.create_batch(9, topic_areas=[topic], indicators=[_indicator("D2")])

    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(reverse("library"), {"page": 1}).status_code == 200


def test_a_practice_page_shows_where_it_comes_from_and_what_it_helps_with(client):
    practice = GoodPracticeFactory(
        title="Anti-rumour agents", city="Getxo", country="ES", period="since 2014",
        source_title="Getxo anti-rumour strategy", source_url="https://example.org/getxo",
        indicators=[_indicator("I3")],
    )

    response = client.get(reverse("practice-detail", args=[practice.slug]))

    text = text_of(response.content)
    assert "Getxo, Spain · since 2014" in text
    assert "Getxo anti-rumour strategy" in text
    assert 'href="https://example.org/getxo" rel="noopener noreferrer"' in response.content.decode()
    assert [question.code for question in response.context["questions"]] == ["I3.1", "I3.2"]


def test_a_practice_says_when_in_the_readers_language_or_marks_the_english(client):
    translated = GoodPracticeFactory(period="since 2015", period_fr="depuis 2015")
    untranslated = GoodPracticeFactory(period="since 2009", period_fr="")
    client.cookies["django_language"] = "fr"

    shown = client.get(reverse("practice-detail", args=[translated.slug])).content.decode()
    fallen_back = client.get(reverse("practice-detail", args=[untranslated.slug])).content.decode()

    assert "depuis 2015" in shown and "since 2015" not in shown
    assert '<span lang="en">since 2009</span>' in fallen_back

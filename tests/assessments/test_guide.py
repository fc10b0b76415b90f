"""The public guide: one page per pillar, the glossary, all readable without an account."""

import pytest
from django.urls import reverse

from assessments.models import GlossaryTerm, PillarSlug, Question
from tests.factories import GlossaryTermFactory, build_checklist
from tests.html import count_tags, links, text_of

pytestmark = pytest.mark.django_db


def test_the_guide_index_lists_the_three_pillars_and_fifteen_indicators(client):
    response = client.get(reverse("guide"))

    assert response.status_code == 200
    text = text_of(response.content)
    for code in [f"{prefix}{n}" for prefix in "DEI" for n in range(1, 6)]:
        assert code in text
    for slug in PillarSlug:
        assert reverse("guide-pillar", args=[slug]) + "?version=2021.1" in links(response.content)
    assert reverse("blank-checklist", args=["2021.1"]) in links(response.content)


@pytest.mark.parametrize("slug", list(PillarSlug))
def test_a_pillar_page_shows_its_questions_and_thresholds(client, slug):
    response = client.get(reverse("guide-pillar", args=[slug]))

    assert response.status_code == 200
    assert count_tags(response.content, "h1") == 1
    text = text_of(response.content)
    questions = Question.objects.filter(
        indicator__pillar__version__label="2021.1", indicator__pillar__slug=slug
    ).prefetch_related("criteria")
    assert len(questions) == 10
    for question in questions:
        assert question.code in text
        for criterion in question.criteria.all():
            assert " ".join(criterion.text.split()) in text
    assert text.count("This is the case if:") == 10


def test_glossary_terms_are_linked_where_they_appear(client):
    response = client.get(reverse("guide-pillar", args=["equality"]))

    glossary_links = [href for href in links(response.content) if "#term-" in href]
    assert glossary_links, "the equality page names no glossary term"
    slugs = {href.split("#term-")[1] for href in glossary_links}
    assert slugs <= set(GlossaryTerm.objects.values_list("slug", flat=True))


def test_the_glossary_lists_every_term_with_an_anchor(client):
    response = client.get(reverse("glossary"))

    assert response.status_code == 200
    content = response.content.decode()
    for term in GlossaryTerm.objects.all():
        assert f'id="term-{term.slug}"' in content


def test_an_unknown_pillar_or_version_is_not_found(client):
    assert client.get(reverse("guide-pillar", args=["harmony"])).status_code == 404
    assert client.get(reverse("guide") + "?version=1999.1").status_code == 404


def test_a_draft_version_is_not_shown(client):
    build_checklist(label="2030.1")

    assert client.get(reverse("guide") + "?version=2030.1").status_code == 404


def test_a_pillar_page_makes_the_same_number_of_queries_with_more_glossary_terms(
    client, django_assert_max_num_queries
):
    url = reverse("guide-pillar", args=["diversity"])
    with django_assert_max_num_queries(8) as baseline:
        assert client.get(url).status_code == 200
    GlossaryTermFactory.create_batch(20)

    with django_assert_max_num_queries(len(baseline.captured_queries)):
        assert client.get(url).status_code == 200

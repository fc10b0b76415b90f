"""The public guide: one page per pillar, the glossary, all readable without an account."""

import pytest
from django.urls import reverse

from assessments import structure
from assessments.models import ChecklistVersion, GlossaryTerm, PillarSlug, Question
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
        assert reverse("guide-pillar", args=[slug]) + "?version=2021.2" in links(response.content)
    assert reverse("blank-checklist", args=["2021.2"]) in links(response.content)


def test_the_guide_shows_the_latest_version_and_links_to_what_it_changed(client):
    response = client.get(reverse("guide"))

    assert "Checklist version 2021.2." in text_of(response.content)
    assert reverse("guide-changes", args=["2021.2"]) in links(response.content)


def test_the_guide_relates_the_three_principles_to_the_2022_recommendation(client):
    text = text_of(client.get(reverse("guide")).content)

    assert "Recommendation CM/Rec(2022)10 on multilevel policies and governance" in text
    assert "a fourth, active citizenship and participation" in text


def test_an_earlier_version_stays_readable_and_points_to_the_latest(client):
    response = client.get(reverse("guide-pillar", args=["equality"]) + "?version=2021.1")

    text = text_of(response.content)
    assert "Checklist version 2021.1" in text
    assert _question("2021.1", "E4.2").text in text
    assert "A newer version, 2021.2, is published." in text
    assert reverse("guide-pillar", args=["equality"]) in links(response.content)


@pytest.mark.parametrize("slug", list(PillarSlug))
def test_a_pillar_page_shows_its_questions_and_thresholds(client, slug):
    response = client.get(reverse("guide-pillar", args=[slug]))

    assert response.status_code == 200
    assert count_tags(response.content, "h1") == 1
    text = text_of(response.content)
    assert "A newer version" not in text
    questions = Question.objects.filter(
        indicator__pillar__version=ChecklistVersion.objects.latest_published(),
        indicator__pillar__slug=slug,
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


# What changed in a version -----------------------------------------------------------

REVISED_IN_2021_2 = ["D2.2", "D5.1", "E2.1", "E3.1", "E4.2", "I2.1"]


def _question(label, code):
    return Question.objects.prefetch_related("criteria").get(
        indicator__pillar__version__label=label, code=code
    )


def test_the_changes_page_shows_each_revised_question_before_and_after(client):
    response = client.get(reverse("guide-changes", args=["2021.2"]))

    assert response.status_code == 200
    assert count_tags(response.content, "h1") == 1
    text = text_of(response.content)
    assert ChecklistVersion.objects.get(label="2021.2").notes in text
    questions = [link.split("#")[1] for link in links(response.content)
                 if "?version=2021.2#" in link]
    assert questions == REVISED_IN_2021_2
    for code in REVISED_IN_2021_2:
        for label in ("2021.1", "2021.2"):
            question = _question(label, code)
            assert question.text in text
            for criterion in question.criteria.all():
                assert criterion.text in text
    assert "Before (2021.1)" in text and "Now (2021.2)" in text


def test_the_changes_page_names_an_indicator_whose_description_changed(client):
    text = text_of(client.get(reverse("guide-changes", args=["2021.2"])).content)

    assert "including how it deals with hostile reactions" in text  # E4 as it read in 2021.1


def test_the_first_version_has_nothing_to_compare_with(client):
    response = client.get(reverse("guide-changes", args=["2021.1"]))

    assert response.status_code == 200
    assert "is the first published version" in text_of(response.content)


def test_changes_are_shown_for_published_versions_only(client):
    structure.copy_as_draft(ChecklistVersion.objects.get(label="2021.2"), label="2030.1")

    assert client.get(reverse("guide-changes", args=["2030.1"])).status_code == 404
    assert client.get(reverse("guide-changes", args=["1999.1"])).status_code == 404

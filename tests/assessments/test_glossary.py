import re

import pytest
from django.urls import reverse
from django.utils.safestring import mark_safe

from assessments.glossary import Glossary
from assessments.models import GlossaryTerm
from tests.factories import GlossaryTermFactory
from tests.html import links, parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def glossary():
    GlossaryTerm.objects.all().delete()
    GlossaryTermFactory(term="discrimination", slug="discrimination")
    GlossaryTermFactory(term="systemic discrimination", slug="systemic-discrimination")
    GlossaryTermFactory(term="stereotype", slug="stereotype", definition='Say "no" <b>')
    return Glossary.load()


def test_the_longest_term_wins(glossary):
    html = glossary.link("Fighting systemic discrimination.")

    assert 'href="/guide/glossary/#term-systemic-discrimination"' in html
    assert "#term-discrimination\"" not in html


def test_only_the_first_occurrence_is_linked(glossary):
    html = glossary.link("Discrimination here, discrimination there.")

    assert html.count("<a ") == 1
    assert html.startswith('<a class="glossary-term" href="/guide/glossary/#term-discrimination"')


def test_a_plural_links_to_its_term(glossary):
    assert "#term-stereotype" in glossary.link("Challenging stereotypes.")


def test_plain_text_is_escaped_and_the_definition_too(glossary):
    html = glossary.link("<script>x</script> a stereotype")

    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'title="Say &quot;no&quot; &lt;b&gt;"' in html


def test_text_inside_an_existing_link_is_left_alone(glossary):
    html = glossary.link(mark_safe('<p><a href="https://example.org">discrimination</a></p>'))

    assert html == '<p><a href="https://example.org">discrimination</a></p>'


def test_terms_in_lists_the_terms_found(glossary):
    found = glossary.terms_in("No stereotypes", "and no systemic discrimination")

    assert [term.slug for term in found] == ["stereotype", "systemic-discrimination"]


def test_an_empty_glossary_links_nothing():
    GlossaryTerm.objects.all().delete()

    assert Glossary.load().link("discrimination <b>") == "discrimination &lt;b&gt;"


@pytest.fixture
def entity_named_terms():
    GlossaryTerm.objects.all().delete()
    for name in ("quot", "amp", "lt", "gt"):
        GlossaryTermFactory(term=name, slug=name)
    return Glossary.load()


def test_terms_named_like_html_entities_are_linked_in_text_only(entity_named_terms):
    text = 'Fish & chips, "quoted" <angled> text: lt, gt, amp and quot.'

    html = entity_named_terms.link(text)

    # Every entity is whole: the page reads exactly the text that was given.
    assert "".join(parse(html).text) == text
    assert html.startswith("Fish &amp; chips, &quot;quoted&quot; &lt;angled&gt; text: <a ")
    assert [href.split("#term-")[1] for href in links(html)] == ["lt", "gt", "amp", "quot"]


def test_terms_named_like_html_entities_leave_sanitised_markup_whole(entity_named_terms):
    html = entity_named_terms.link(mark_safe(
        '<p><abbr title="Research &amp; development">R&amp;D</abbr> &amp; '
        '&quot;more&quot; &lt;3, and the amp itself</p>'
    ))

    assert html.startswith('<p><abbr title="Research &amp; development">R&amp;D</abbr> '
                           '&amp; &quot;more&quot; &lt;3, and the <a ')
    assert links(html) == ["/guide/glossary/#term-amp"]
    assert "".join(parse(html).text) == 'R&D & "more" <3, and the amp itself'


def test_terms_in_finds_no_term_inside_an_entity(entity_named_terms):
    assert entity_named_terms.terms_in('Say "yes" & mean it') == []


def test_the_guide_and_question_pages_keep_entities_whole(client, world, entity_named_terms):
    client.force_login(world.coordinator)
    question_page = reverse("assessment-question", args=[world.review.pk, "D1.1"])

    for address in (reverse("guide-pillar", args=["diversity"]), question_page):
        content = client.get(address).content.decode()

        assert not re.search(r"&<a |&(quot|amp|lt|gt)</a>", content), address

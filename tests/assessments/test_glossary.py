import pytest

from assessments.glossary import Glossary
from assessments.models import GlossaryTerm
from tests.factories import GlossaryTermFactory

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
    from django.utils.safestring import mark_safe

    html = glossary.link(mark_safe('<p><a href="https://example.org">discrimination</a></p>'))

    assert html == '<p><a href="https://example.org">discrimination</a></p>'


def test_terms_in_lists_the_terms_found(glossary):
    found = glossary.terms_in("No stereotypes", "and no systemic discrimination")

    assert [term.slug for term in found] == ["stereotype", "systemic-discrimination"]


def test_an_empty_glossary_links_nothing():
    GlossaryTerm.objects.all().delete()

    assert Glossary.load().link("discrimination <b>") == "discrimination &lt;b&gt;"

"""Content in the reader's language; a passage that fell back to English says it is English."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from assessments.models import GlossaryTerm
from checklist_site import languages
from tests.factories import FeedbackEntryFactory, GlossaryTermFactory

pytestmark = pytest.mark.django_db

WITH_UKRAINIAN = [("en", "English"), ("fr", "French"), ("uk", "Ukrainian")]


class _ByLanguage(HTMLParser):
    """The text of a page, by the language its nearest `lang` attribute gives it."""

    VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[str | None] = []
        self.texts: dict[str | None, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(dict(attrs).get("lang") or self.language)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    @property
    def language(self):
        return self.stack[-1] if self.stack else None

    def handle_data(self, data):
        self.texts.setdefault(self.language, []).append(data)


def text_in(content, language: str) -> str:
    """The text of `content` that its markup says is in `language`."""
    parser = _ByLanguage()
    parser.feed(content.decode() if isinstance(content, bytes) else content)
    return " ".join(" ".join(parser.texts.get(language, [])).split())


def _render(source: str, **context) -> str:
    return Template("{% load site %}" + source).render(Context(context))


@pytest.fixture
def term():
    return GlossaryTermFactory(term="welcome table", term_fr="table d’accueil",
                               definition="A table where newcomers meet.", definition_fr="")


def test_a_translated_passage_is_not_marked_and_an_english_one_is(term):
    with translation.override("fr"):
        translated = _render('{% in_own_language term "term" %}', term=term)
        fallen_back = _render('{% in_own_language term "definition" %}', term=term)

    assert translated == "table d’accueil"
    assert fallen_back == '<span lang="en">A table where newcomers meet.</span>'


def test_the_attribute_marks_an_element_holding_an_english_passage(term):
    source = '<dt{% lang_attr term "term" %}>x</dt><dd{% lang_attr term "definition" %}>y</dd>'

    with translation.override("fr"):
        html = _render(source, term=term)

    assert html == '<dt>x</dt><dd lang="en">y</dd>'


def test_nothing_is_marked_on_an_english_page(term):
    with translation.override("en"):
        assert _render('{% in_own_language term "definition" %}', term=term) == (
            "A table where newcomers meet."
        )
        assert _render('<p{% lang_attr term "definition" %}>', term=term) == "<p>"


def test_english_markdown_is_wrapped_in_a_block_rendered_and_sanitised():
    entry = FeedbackEntryFactory(body="**Meet** them <script>alert(1)</script>", body_fr="")

    with translation.override("fr"):
        html = _render('{% in_own_language entry "body" markdown=True %}', entry=entry)

    assert html.startswith('<div lang="en"><p><strong>Meet</strong> them')
    assert html.endswith("</div>")
    assert "<script" not in html


def test_plain_text_is_escaped_inside_its_mark():
    entry = FeedbackEntryFactory(title="Cafés <b>&</b> you", title_fr=None)

    with translation.override("fr"):
        html = _render('{% in_own_language entry "title" %}', entry=entry)

    assert html == '<span lang="en">Cafés &lt;b&gt;&amp;&lt;/b&gt; you</span>'


def test_glossary_terms_are_linked_inside_the_mark(term):
    from assessments.glossary import Glossary

    entry = FeedbackEntryFactory(title="The welcome table of a street", title_fr="")

    with translation.override("en"):
        glossary = Glossary.load()
    with translation.override("fr"):
        html = _render('{% in_own_language entry "title" glossary=glossary %}', entry=entry,
                       glossary=glossary)

    assert html.startswith('<span lang="en">The <a ')
    assert "welcome table</a> of a street</span>" in html


@override_settings(LANGUAGES=WITH_UKRAINIAN)
def test_in_a_language_without_content_fields_the_content_is_english_and_marked(term):
    with translation.override("uk"):
        html = _render('{% in_own_language term "term" %}', term=term)

    assert html == '<span lang="en">welcome table</span>'


def test_entries_lacking_a_language_are_those_with_english_and_no_translation():
    GlossaryTerm.objects.all().delete()
    complete = GlossaryTermFactory(term="a", term_fr="a fr", definition="d", definition_fr="d fr")
    half = GlossaryTermFactory(term="b", term_fr="b fr", definition="d", definition_fr="")
    untouched = GlossaryTermFactory(term="c", definition="d")

    lacking = GlossaryTerm.objects.filter(languages.lacking(GlossaryTerm, "fr"))

    assert set(lacking) == {half, untouched}
    assert complete not in lacking


def test_an_optional_field_left_empty_in_english_lacks_no_translation():
    from feedback_library.models import GoodPractice
    from tests.factories import GoodPracticeFactory

    practice = GoodPracticeFactory(title_fr="Titre", summary_fr="Résumé", purpose="")

    assert practice.purpose_fr in (None, "")
    assert not GoodPractice.objects.filter(languages.lacking(GoodPractice, "fr"), pk=practice.pk)


@override_settings(LANGUAGES=WITH_UKRAINIAN)
def test_a_language_added_but_not_migrated_lacks_every_entry():
    GlossaryTermFactory(term="a", term_fr="a fr", definition="d", definition_fr="d fr")

    assert GlossaryTerm.objects.filter(languages.lacking(GlossaryTerm, "uk")).count() == (
        GlossaryTerm.objects.count()
    )
    assert languages.translation_languages() == [("fr", "French"), ("uk", "Ukrainian")]

"""Content in the reader's language; a passage that fell back to English says it is English."""

import io
import re

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from assessments import reports
from assessments.models import GlossaryTerm, Indicator, Pillar, Profile, Question, TopicArea
from checklist_site import languages
from feedback_library.models import FeedbackEntry, GoodPractice
from tests.factories import (
    AssessmentFactory,
    FeedbackEntryFactory,
    GlossaryTermFactory,
    GoodPracticeFactory,
    answer_all,
)
from tests.html import options, text_in, text_of

pytestmark = pytest.mark.django_db

WITH_UKRAINIAN = [("en", "English"), ("fr", "French"), ("uk", "Ukrainian")]


def _render(source: str, **context) -> str:
    return Template("{% load site %}" + source).render(Context(context))


@pytest.fixture
def term():
    return GlossaryTermFactory(term="welcome table", term_fr="table des nouveaux venus",
                               definition="A table where newcomers meet.", definition_fr="")


def test_a_translated_passage_is_not_marked_and_an_english_one_is(term):
    with translation.override("fr"):
        translated = _render('{% in_own_language term "term" %}', term=term)
        fallen_back = _render('{% in_own_language term "definition" %}', term=term)

    assert translated == "table des nouveaux venus"
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
    practice = GoodPracticeFactory(title_fr="Titre", summary_fr="Résumé", period_fr="depuis 2019",
                                   purpose="")

    assert practice.purpose_fr in (None, "")
    assert not GoodPractice.objects.filter(languages.lacking(GoodPractice, "fr"), pk=practice.pk)


@override_settings(LANGUAGES=WITH_UKRAINIAN)
def test_a_language_added_but_not_migrated_lacks_every_entry():
    GlossaryTermFactory(term="a", term_fr="a fr", definition="d", definition_fr="d fr")

    assert GlossaryTerm.objects.filter(languages.lacking(GlossaryTerm, "uk")).count() == (
        GlossaryTerm.objects.count()
    )
    assert languages.translation_languages() == [("fr", "French"), ("uk", "Ukrainian")]


# A third language, added in settings only ------------------------------------------------

WITH_GERMAN = [("en", "English"), ("fr", "French"), ("de", "German")]


def _content_in_english() -> set[str]:
    """The checklist's and the library's own words in English: what a German page shows
    until curators translate it, and must mark as English."""
    texts = set(Question.objects.values_list("text_en", flat=True))
    texts |= set(FeedbackEntry.objects.values_list("title_en", flat=True))
    texts |= set(GoodPractice.objects.values_list("title_en", flat=True))
    texts |= set(Indicator.objects.values_list("title_en", flat=True))
    texts |= set(Pillar.objects.values_list("title_en", flat=True))
    return {" ".join(text.split()) for text in texts}


def _unmarked(content, english: set[str]) -> list[str]:
    """The English texts of `english` found in the parts of `content` said to be German.

    Left out: the <title> of the head, and the charts (images read by their description),
    whose one sentence of text can hold no markup to say which words are English.
    """
    html = content.decode() if isinstance(content, bytes) else content
    head, _, body = html.partition("</head>")
    german = text_in(head[:head.index("<head")] + re.sub(r"<svg.*?</svg>", "", body, flags=re.S),
                     "de")
    return sorted(text for text in english if text in german)


def test_a_language_added_in_settings_is_offered_and_works_without_code(
    client, world, settings, catalogues, download
):
    settings.LANGUAGES = WITH_GERMAN
    catalogues("de", {"Results": "Ergebnisse"})  # what its translators would write
    client.force_login(world.coordinator)
    assert "Deutsch" in options(client.get("/guide/").content, "language")

    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    answer_all(world.review, ["no", "partially"], user=world.coordinator)
    results = client.get(reverse("assessment-results", args=[world.review.pk]))

    assert Profile.objects.get(user=world.coordinator).language == "de"
    assert 'lang="de"' in results.content.decode()
    assert "Ergebnisse" in text_in(results.content, "de")
    indicator = Indicator.objects.filter(pillar__version=world.review.version).first()
    assert indicator.title_en in text_in(results.content, "en")  # no German yet: English
    assert options(results.content, "lang")[-1] == "Deutsch*"
    blank = PdfReader(io.BytesIO(download(
        client, reverse("blank-checklist", args=["2021.2"]), {"lang": "de"}
    ).getvalue()))
    assert blank.trailer["/Root"]["/Lang"] == "de"
    client.force_login(world.curator)
    assert "Missing translation: German" in text_of(client.get(reverse("curation-home")).content)


def test_on_a_page_in_a_language_without_content_every_passage_of_content_is_marked_english(
    client, world, settings, catalogues
):
    settings.LANGUAGES = WITH_GERMAN
    # The interface names the pillars too (filters, columns): its translators did.
    catalogues("de", {"Diversity": "Vielfalt", "Equality": "Gleichheit",
                      "Interaction": "Interaktion"})
    english = _content_in_english()
    topics = TopicArea.objects.all()[:2]
    world.project.topic_areas.set(topics)
    second = AssessmentFactory(project=world.project, assessor=world.city)
    for assessment in (world.review, second):
        answer_all(assessment, ["no", "partially", "yes"], user=world.coordinator)
    client.force_login(world.coordinator)
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    review = world.review.pk
    practice = GoodPractice.objects.published().filter(questions__code="D1.1").first()
    pages = [
        reverse("guide"), reverse("guide-pillar", args=["diversity"]),
        reverse("guide-changes", args=["2021.2"]),
        reverse("assessment-overview", args=[review]),
        reverse("assessment-question", args=[review, "D1.1"]),
        reverse("assessment-feedback", args=[review, "D1.1"]),
        reverse("answer-history", args=[review, "D1.1"]),
        reverse("assessment-results", args=[review]),
        reverse("compare") + f"?a={review}&a={second.pk}",
        reverse("project-detail", args=[world.project.pk]),
        reverse("project-edit", args=[world.project.pk]), reverse("portfolio"),
        reverse("library"), reverse("practice-detail", args=[practice.slug]),
    ]

    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert _unmarked(response.content, english) == [], page
    for page in (reverse("project-detail", args=[world.project.pk]),
                 reverse("project-edit", args=[world.project.pk]), reverse("portfolio"),
                 reverse("library")):
        marked = text_in(client.get(page).content, "en")
        assert all(topic.name_en in marked for topic in topics), page
    with translation.override("de"):
        report = reports.assessment_report_html(world.review, language="de", with_names=True)
        compared = reports.comparison_report_html([world.review, second], language="de")
    assert _unmarked(report, english) == []
    assert _unmarked(compared, english) == []

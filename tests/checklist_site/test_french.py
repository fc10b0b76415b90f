"""In French, the interface is French: every page of the permission matrix, the catalogue
complete, and numbers and dates written the French way.

A page fails when it shows the English text of a catalogue entry that has a different
French translation: an interface string left untranslated. What people and curators wrote
(project titles, checklist and library content, names) is theirs and is left out, as is
any passage marked with another language (the language menu's "English").
"""

import re
import shutil
from bisect import bisect_left
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.assessments.test_permission_matrix import (
    MATRIX,
    PREPARING,
    QUESTION_ROUTES,
    SUBMITTED_ROUTES,
    released_review,
    shared_self_assessment,
)

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
# Who renders each page: the first of these that the matrix lets in.
PERSONAS = ["coordinator", "partner_member", "team_member", "curator", "analyst", "anonymous"]
SUCCESS = {200, 302, PREPARING}
TEXT_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "value", "content"}
PLACEHOLDER = re.compile(r"%\([^)]+\)[sd]|%[sd]")


@pytest.fixture
def world(shared_world):
    """The matrix's world, built once for the module: each page in a savepoint of its own."""
    return shared_world


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue():
    compiled = CATALOGUE.with_suffix(".mo")
    if not compiled.exists() or compiled.stat().st_mtime < CATALOGUE.stat().st_mtime:
        pytest.fail("The French catalogue is not compiled: run `make messages` "
                    "(manage.py compilemessages) before pytest.")


def _english_of_translated_entries():
    """(English text, pattern, pattern within a longer text or None, the length of the
    shortest text either can match, its longest stretch without a placeholder) of each
    catalogue text whose French differs from it."""
    found = []
    for entry in polib.pofile(str(CATALOGUE)):
        pairs = ([(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural,
                                                           entry.msgstr_plural[1])]
                 if entry.msgid_plural else [(entry.msgid, entry.msgstr)])
        for english, french in pairs:
            if english == french:
                continue
            # A text with markup is found by its longest stretch of plain text.
            text = " ".join(max(re.split(r"<[^>]+>", english), key=len).split())
            text = text.replace("%%", "%")
            # Spaces kept beside placeholders: "Compare %(title)s" is not in "Comparer …".
            parts = PLACEHOLDER.split(text)
            pattern = ".+?".join(re.escape(part) for part in parts)
            if not PLACEHOLDER.sub("", text).strip(" .,:;·()“”%"):
                continue  # nothing but placeholders and punctuation
            # Long texts are also found inside a longer passage; short ones only whole.
            within = (re.compile(rf"(?<!\w){pattern}(?!\w)")
                      if len(PLACEHOLDER.sub("", text)) >= 20 else None)
            # Each placeholder stands for one character at least.
            shortest = len(PLACEHOLDER.sub("", text)) + len(parts) - 1
            found.append((english, re.compile(pattern), within, shortest, max(parts, key=len)))
    return found


ENGLISH = _english_of_translated_entries()


class _Texts(HTMLParser):
    """The text nodes and text attributes of a page, but for passages in another language."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []  # (tag, in another language or a script)
        self.texts: list[str] = []

    def _elsewhere(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        elsewhere = (self._elsewhere() or tag in {"script", "style"}
                     or attrs.get("lang", "fr").split("-")[0] != "fr")
        if not elsewhere:
            for name, value in attrs.items():
                if value and (name in TEXT_ATTRIBUTES or name.startswith("data-")):
                    self._add(value)
        if tag not in self.VOID:
            self.stack.append((tag, elsewhere))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self._elsewhere():
            self._add(data)

    def _add(self, text):
        text = " ".join(text.split())
        if text:
            self.texts.append(text)


def _texts_of(content: str) -> list[str]:
    parser = _Texts()
    parser.feed(content)
    return parser.texts


def _written_by_people() -> str:
    """Every text the database holds: content, user data, recorded history."""
    values = []
    for model in apps.get_models():
        fields = [field.attname for field in model._meta.concrete_fields
                  if isinstance(field, models.CharField | models.TextField)]
        if fields:
            for row in model._default_manager.values_list(*fields):
                values += [" ".join(value.split()) for value in row if value]
    return "\n".join(values)


def _untranslated(content: str) -> list[str]:
    # Each text once, shortest first: an entry is tried on the texts long enough to hold
    # it (a results page has thousands of texts, the catalogue over a thousand entries).
    texts = sorted(set(_texts_of(content)), key=len)
    lengths = [len(text) for text in texts]
    hits = []
    for english, whole, within, shortest, stretch in ENGLISH:
        for text in texts[bisect_left(lengths, shortest):]:
            if stretch in text and (whole.fullmatch(text) or (within and within.search(text))):
                hits.append((english, text))
    if not hits:
        return []
    people = _written_by_people()
    return sorted({f"{english!r} in {text!r}" for english, text in hits if text not in people})


def _in_french(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    return client


def _pages(response, report_html) -> list[str]:
    """The page reached, and the HTML of any report it had rendered."""
    pages = [*report_html]
    report_html.clear()
    if response.get("Content-Type", "").startswith("text/html"):
        pages.append(response.content.decode())
    return pages


def _persona_for(route):
    for persona in PERSONAS:
        if route.expect.get(persona, route.default) in SUCCESS:
            return persona
    return None


ROUTES = sorted(name for name, route in MATRIX.items() if _persona_for(route))


@pytest.mark.parametrize("name", ROUTES)
def test_every_page_of_the_matrix_is_in_french(client, world, report_html, name):
    route = MATRIX[name]
    persona = _persona_for(route)
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    url = reverse(name, kwargs=route.kwargs(world) if route.kwargs else None)
    data = route.data(world) if callable(route.data) else route.data

    response = getattr(_in_french(client), route.method)(url, data, follow=True)

    assert response.status_code in SUCCESS
    untranslated = [hit for page in _pages(response, report_html) for hit in _untranslated(page)]
    assert untranslated == [], f"{route.method.upper()} {url} as {persona}"


@pytest.mark.parametrize("state", [released_review, shared_self_assessment])
@pytest.mark.parametrize("name", sorted(SUBMITTED_ROUTES))
def test_submitted_assessments_read_in_french(client, world, report_html, name, state):
    assessment, sides = state(world)
    method, data, by_side = SUBMITTED_ROUTES[name]
    if by_side["assessor"] not in SUCCESS:
        pytest.skip("refused to the assessor")
    client.force_login(getattr(world, sides["assessor"]))
    args = [assessment.pk, "D1.2"] if name in QUESTION_ROUTES else [assessment.pk]

    response = getattr(_in_french(client), method)(reverse(name, args=args), data, follow=True)

    untranslated = [hit for page in _pages(response, report_html) for hit in _untranslated(page)]
    assert untranslated == []


def test_an_english_string_left_on_a_french_page_is_found(db):
    page = "<p>Guide</p><p>Weakest indicators</p><option lang='en'>English</option>"

    assert _untranslated(page) == ["'Weakest indicators' in 'Weakest indicators'"]


def test_the_catalogue_translates_every_string_of_the_project(tmp_path, settings):
    """makemessages over the code as it is adds no entry the catalogue leaves empty."""
    base = Path(settings.BASE_DIR)
    for folder in ["assessments", "checklist_site", "feedback_library", "templates"]:
        shutil.copytree(base / folder, tmp_path / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copytree(base / "locale", tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        call_command("makemessages", locale=["fr"], verbosity=0)

    catalogue = polib.pofile(str(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert len(catalogue) > 800


@pytest.mark.parametrize("language, expected", [("en", "67%"), ("fr", "67\u202f%")])
def test_a_percentage_is_written_the_languages_way(language, expected):
    with translation.override(language):
        assert Template("{% load site %}{{ 67|percent }}").render(Context()) == expected


def test_dates_and_large_numbers_are_written_the_french_way():
    template = Template('{% load humanize %}{{ day|date:"DATE_FORMAT" }} · '
                        '{{ day|date:"SHORT_DATE_FORMAT" }} · {{ 10000|intcomma }}')

    with translation.override("fr"):
        rendered = template.render(Context({"day": date(2026, 11, 29)}))

    assert rendered == "29\u00a0novembre 2026 · 29/11/2026 · 10\u202f000"


def test_the_language_menu_names_each_language_in_its_own_words(client):
    response = _in_french(client).get(reverse("home"))

    menu = response.content.decode().split('id="language-select"')[1].split("</select>")[0]
    assert re.findall(r'lang="(\w+)"[^>]*>([^<]+)<', menu) == [("en", "English"),
                                                                 ("fr", "Français")]

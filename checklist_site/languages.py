"""The languages of the site, and which language a piece of content is actually shown in.

Interface languages are settings.LANGUAGES; content is written in the default language
(English) and translated by curators into fields per language (modeltranslation: `title_en`,
`title_fr`...). A field left empty in the reader's language falls back to English, and
that passage must then say it is English (`lang="en"`), or a screen reader reads English
with French rules.
"""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from modeltranslation import settings as translation_settings
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, resolution_order
from modeltranslation.utils import get_language as content_language

from .markdown import render_stored_markdown


def supported(code: str | None) -> str | None:
    """`code` if it names a language of settings.LANGUAGES, else None."""
    return code if code in dict(settings.LANGUAGES) else None


def translation_languages() -> list[tuple[str, str]]:
    """(code, name) of the languages curators translate content into: all but the one
    content is written in."""
    default = translation_settings.DEFAULT_LANGUAGE
    return [(code, name) for code, name in settings.LANGUAGES if code != default]


def content_translations() -> list[str]:
    """The codes of the languages that content fields exist for, but the default: those of
    settings.LANGUAGES when the process started (modeltranslation adds the fields then)."""
    default = translation_settings.DEFAULT_LANGUAGE
    return [code for code in translation_settings.AVAILABLE_LANGUAGES if code != default]


def content_languages() -> list[str]:
    """The default language, then each translation."""
    return [translation_settings.DEFAULT_LANGUAGE, *content_translations()]


def localized(*fields: str, languages: list[str] | None = None) -> list[str]:
    """The per-language fields of each of `fields` in `languages` (by default, in every
    translation: title_fr, title_uk, body_fr, body_uk...)."""
    codes = content_translations() if languages is None else languages
    return [build_localized_fieldname(field, code) for field in fields for code in codes]


def _primary(code: str) -> str:
    return code.split("-")[0].lower()


def language_shown(instance, field: str) -> str | None:
    """The language of the text `instance.<field>` shows now: the active language's own
    when it is filled in, else the first fallback that is (None for a field no language
    fills, or one not translated)."""
    for code in resolution_order(content_language()):
        value = getattr(instance, build_localized_fieldname(field, code), None)
        if value not in (None, ""):
            return code
    return None


def fallback_language(instance, field: str) -> str | None:
    """The language to mark a passage with, when `instance.<field>` is not in the active
    language (its translation is missing, or the language has no content fields yet);
    None when it is in the page's language."""
    shown = language_shown(instance, field)
    if shown is None or _primary(shown) == _primary(translation.get_language() or ""):
        return None
    return shown


def lang_attribute(instance, field: str) -> SafeString:
    """` lang="en"`, to write inside the tag of an element holding just `instance.<field>`,
    when that text fell back to another language than the page's; "" otherwise."""
    language = fallback_language(instance, field)
    return format_html(' lang="{}"', language) if language else SafeString()


def _marked(html: SafeString, language: str | None, *, block=False) -> SafeString:
    if not language:
        return html
    return format_html('<{0} lang="{1}">{2}</{0}>', "div" if block else "span", language, html)


def in_own_language(instance, field: str, markdown=False, glossary=None) -> SafeString:
    """`instance.<field>` escaped (or rendered from Markdown), its glossary terms linked if a
    glossary is given, and wrapped in an element saying its language when it fell back to
    another language than the page's: a <div> around Markdown's blocks, else a <span>."""
    value = getattr(instance, field)
    html = render_stored_markdown(value or "") if markdown else conditional_escape(value)
    if glossary is not None:
        html = glossary.link(html)
    return _marked(html, fallback_language(instance, field), block=markdown)


class Shown(str):
    """A content text copied out of its instance (into scores, rows of a comparison), still
    knowing the language it fell back to: `language`, None when it is the page's."""

    language: str | None = None


def shown(instance, field: str, *, prefix: str = "") -> Shown:
    """`instance.<field>` (after `prefix`, a code in no language) as a Shown."""
    text = Shown(prefix + (getattr(instance, field) or ""))
    text.language = fallback_language(instance, field)
    return text


def lang_marked(text) -> SafeString:
    """A text escaped, in a <span> saying its language when it is a Shown that fell back."""
    return _marked(conditional_escape(text), getattr(text, "language", None))


def with_passages(sentence: str, **passages) -> SafeString:
    """A translated `sentence` with its %(name)s placeholders filled with content passages
    (Shown texts), each marked when it fell back to another language."""
    values = {name: lang_marked(passage) for name, passage in passages.items()}
    return mark_safe(conditional_escape(sentence) % values)  # noqa: S308 - both parts escaped


def labelled(field: str, *, code: bool = False):
    """A `label_from_instance` for choices drawn as checkboxes or radio buttons: the
    instance's `field` (after its code, with `code`), marked when it fell back."""
    def label(instance) -> SafeString:
        text = in_own_language(instance, field)
        return format_html("{} {}", instance.code, text) if code else text
    return label


class LanguageMarkedSelect(forms.Select):
    """A <select> whose options in another language than the page's say so. An <option>
    holds text only: its `lang` attribute carries the mark (for labels made by `shown`)."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        language = getattr(option["label"], "language", None)
        if language:
            option["attrs"]["lang"] = language
        return option


class ContentChoiceField(forms.ModelChoiceField):
    """A choice of instances named by their content field `label_field`, in the reader's
    language, the options that fell back to another saying so."""

    widget = LanguageMarkedSelect

    def __init__(self, *args, label_field: str, **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> Shown:
        return shown(obj, self.label_field)


def translated_fields(model) -> list[str]:
    try:
        return sorted(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return []


def _has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


def _empty(name: str) -> Q:
    return Q(**{name: ""}) | Q(**{f"{name}__isnull": True})


def lacking(model, language: str) -> Q:
    """Entries with a field written in the default language but not in `language`.

    A field left empty in the default language (an optional one) lacks nothing. A
    language without content fields yet (added to settings, not migrated) lacks all.
    """
    default = translation_settings.DEFAULT_LANGUAGE
    missing = Q(pk__in=[])
    for field in translated_fields(model):
        original = build_localized_fieldname(field, default)
        translated = build_localized_fieldname(field, language)
        written = ~_empty(original)
        if _has_field(model, translated):
            missing |= written & _empty(translated)
        else:
            missing |= written
    return missing

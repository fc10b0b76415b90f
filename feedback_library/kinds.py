"""The kinds of library entry curators edit, and what each one is: the one list that the
curation pages, the edit rules and the import and export read.

A kind with the review workflow (draft, review, published, archived) reaches assessors only
once published; a kind without it (glossary terms) is live as soon as it is saved. A kind
with columns can be exported and imported as CSV or JSON.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from assessments.models import GlossaryTerm
from checklist_site.languages import content_languages, localized

from .forms import FeedbackEntryForm, GlossaryTermForm, GoodPracticeForm
from .models import FeedbackEntry, GoodPractice


@dataclass(frozen=True)
class Kind:
    slug: str  # in the curation URLs and the names of exported files
    model: type
    form: type
    plural: str
    new: str  # a title of its own ("New {kind}" would not agree in gendered languages)
    has_workflow: bool
    # Columns of its CSV and JSON files, in order; none: it is neither imported nor exported.
    columns: tuple[str, ...] = ()
    # Columns holding lists of codes or slugs of related objects, and the form field they feed.
    lists: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()

    @property
    def transferable(self) -> bool:
        return bool(self.columns)


def _each_language(*fields: str) -> list[str]:
    """title_en, title_fr...: each field in English first, then in each translation."""
    return localized(*fields, languages=content_languages())


KINDS = {kind.slug: kind for kind in [
    Kind(
        "practices", GoodPractice, GoodPracticeForm, _("Good practices"), _("New good practice"),
        has_workflow=True,
        columns=("slug", *_each_language("title"), "scope", "city", "country", "city_size",
                 *_each_language("period", "summary", "purpose", "rationale", "process"),
                 "source_title", "source_url", "topic_areas", "indicators", "questions",
                 "status"),
        lists=("topic_areas", "indicators", "questions"),
    ),
    Kind(
        "feedback", FeedbackEntry, FeedbackEntryForm, _("Feedback entries"),
        _("New feedback entry"), has_workflow=True,
        columns=("slug", "question", "applies_to", "kind", *_each_language("title", "body"),
                 "status"),
        select_related=("question",),
    ),
    Kind(
        "glossary", GlossaryTerm, GlossaryTermForm, _("Glossary terms"),
        _("New glossary term"), has_workflow=False,
    ),
]}
_BY_MODEL = {kind.model: kind for kind in KINDS.values()}


def of_entry(entry) -> Kind:
    return _BY_MODEL[type(entry)]


def transferable() -> list[Kind]:
    return [kind for kind in KINDS.values() if kind.transferable]

"""Content fields that translators fill per language (English first, French next)."""

from modeltranslation.translator import TranslationOptions, register

from .models import FeedbackEntry, GoodPractice


@register(FeedbackEntry)
class FeedbackEntryTranslation(TranslationOptions):
    fields = ("title", "body")


@register(GoodPractice)
class GoodPracticeTranslation(TranslationOptions):
    fields = ("title", "summary", "purpose", "rationale", "process", "period")

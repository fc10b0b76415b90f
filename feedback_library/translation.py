"""Content fields that translators fill per language (English first, French next)."""

from modeltranslation.translator import TranslationOptions, register

from .models import FeedbackEntry, GoodPractice, TopicArea


@register(TopicArea)
class TopicAreaTranslation(TranslationOptions):
    fields = ("name",)


@register(FeedbackEntry)
class FeedbackEntryTranslation(TranslationOptions):
    fields = ("title", "body")


@register(GoodPractice)
class GoodPracticeTranslation(TranslationOptions):
    fields = ("title", "summary", "purpose", "rationale", "process")

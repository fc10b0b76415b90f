"""Content fields that translators fill per language (English first, French next)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Criterion, GlossaryTerm, Indicator, Pillar, Question, TopicArea


@register(Pillar)
class PillarTranslation(TranslationOptions):
    fields = ("title", "narrative")


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text")


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("text",)


@register(TopicArea)
class TopicAreaTranslation(TranslationOptions):
    fields = ("name",)


@register(GlossaryTerm)
class GlossaryTermTranslation(TranslationOptions):
    fields = ("term", "definition")

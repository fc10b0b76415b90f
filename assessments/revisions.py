"""How one checklist version revises the one before it, and how a version is shipped.

A revision is a new version (a published one is never edited), so what changed is found by
comparing the two versions, indicators and questions matched by code as the library matches
them. The fixture of a version is what `load_content` ships: natural keys, so that loading
it again finds the same rows and leaves the assessments that point to them alone.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core import serializers
from django.db.models import Prefetch, Q
from modeltranslation.translator import NotRegistered, translator

from .models import ChecklistVersion, Criterion, Indicator, Pillar, Question


def previous_version(version: ChecklistVersion) -> ChecklistVersion | None:
    """The published version that was the latest before `version` was published."""
    if version.published_at is None:
        return None
    return (
        ChecklistVersion.objects.published()
        .filter(
            Q(published_at__lt=version.published_at)
            | Q(published_at=version.published_at, label__lt=version.label)
        )
        .order_by("-published_at", "-label")
        .first()
    )


@dataclass(frozen=True)
class Change:
    """An indicator or a question as the previous version and the new one word it (None
    where it is not in that version)."""

    code: str
    before: Indicator | Question | None
    after: Indicator | Question | None

    @property
    def is_question(self) -> bool:
        return isinstance(self.before or self.after, Question)

    @property
    def title(self) -> str:
        """The title of the indicator changed, or of the changed question's indicator."""
        item = self.after or self.before
        return (item.indicator if self.is_question else item).title

    @property
    def before_criteria(self) -> list[Criterion]:
        return list(self.before.criteria.all()) if self.is_question and self.before else []

    @property
    def after_criteria(self) -> list[Criterion]:
        return list(self.after.criteria.all()) if self.is_question and self.after else []


@dataclass
class Revision:
    """What `version` changed from `previous`, in checklist order (the new version's)."""

    version: ChecklistVersion
    previous: ChecklistVersion | None
    indicators: list[Change] = field(default_factory=list)
    questions: list[Change] = field(default_factory=list)


def _indicators(version) -> dict[str, Indicator]:
    return {indicator.code: indicator for indicator in Indicator.objects.of_version(version)}


def _questions(version) -> dict[str, Question]:
    questions = Question.objects.of_version(version).prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("order"))
    )
    return {question.code: question for question in questions}


def _wording(question: Question) -> tuple:
    return (question.text, question.help_text,
            tuple(criterion.text for criterion in question.criteria.all()))


def _in_order(before: dict, after: dict) -> list[str]:
    """Codes of the new version in its order, then those it no longer has."""
    return [*after, *(code for code in before if code not in after)]


def revision(version: ChecklistVersion) -> Revision:
    """The indicators and questions whose wording `version` changed, added or removed."""
    previous = previous_version(version)
    result = Revision(version=version, previous=previous)
    if previous is None:
        return result
    indicators_before, indicators_after = _indicators(previous), _indicators(version)
    for code in _in_order(indicators_before, indicators_after):
        before, after = indicators_before.get(code), indicators_after.get(code)
        if before is None or after is None or (
            (before.title, before.description) != (after.title, after.description)
        ):
            result.indicators.append(Change(code, before, after))
    questions_before, questions_after = _questions(previous), _questions(version)
    for code in _in_order(questions_before, questions_after):
        before, after = questions_before.get(code), questions_after.get(code)
        if before is None or after is None or _wording(before) != _wording(after):
            result.questions.append(Change(code, before, after))
    return result


def _shipped_fields(model, fields: dict) -> dict:
    """The fields as the shipped fixtures hold them: each translated field once per language
    that has a text (the default language always), in the place of the untranslated one."""
    try:
        translated = translator.get_options_for_model(model).fields
    except NotRegistered:
        return fields
    languages = [code for code, _name in settings.LANGUAGES]
    shipped = {}
    for name, value in fields.items():
        if name in translated:
            for language in languages:
                text = fields.get(f"{name}_{language}")
                if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE or text:
                    shipped[f"{name}_{language}"] = text
        elif not any(name == f"{base}_{language}" for base in translated for language in languages):
            shipped[name] = value
    return shipped


def as_fixture(version: ChecklistVersion) -> str:
    """`version` with its pillars, indicators, questions and criteria, as a JSON fixture."""
    objects = [
        version,
        *Pillar.objects.filter(version=version).select_related("version").order_by("order"),
        *Indicator.objects.of_version(version).select_related("pillar__version"),
        *Question.objects.of_version(version).select_related("indicator__pillar__version"),
        *Criterion.objects.filter(question__indicator__pillar__version=version)
        .select_related("question__indicator__pillar__version").order_by(
            "question__indicator__pillar__order", "question__indicator__order",
            "question__order", "order",
        ),
    ]
    models = {obj._meta.label_lower: type(obj) for obj in objects}
    data = json.loads(serializers.serialize(
        "json", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    ))
    for item in data:
        item["fields"] = _shipped_fields(models[item["model"]], item["fields"])
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

"""The structure rule of a checklist version, and the publishing that depends on it.

A published version has exactly three pillars (diversity, equality, interaction), five
indicators in each and two questions per indicator: thirty questions, each with a
threshold of two to five criteria. Assessments are pinned to a version, so a version is
only published when it keeps that shape.
"""

from collections import Counter

from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from checklist_site import content_cache

from .models import ChecklistVersion, Criterion, Indicator, Pillar, PillarSlug, Question

INDICATORS_PER_PILLAR = 5
QUESTIONS_PER_INDICATOR = 2
MIN_CRITERIA = 2
MAX_CRITERIA = 5
PILLAR_PREFIX = {
    PillarSlug.DIVERSITY: "D",
    PillarSlug.EQUALITY: "E",
    PillarSlug.INTERACTION: "I",
}


def published_versions() -> list[ChecklistVersion]:
    """The published versions, the latest first; read again only once one is published."""
    return content_cache.kept(("published-versions",), lambda: list(
        ChecklistVersion.objects.published().order_by("-published_at", "-label")
    ))


def latest_published_version() -> ChecklistVersion | None:
    return next(iter(published_versions()), None)


def questions_of(version: ChecklistVersion) -> list[Question]:
    """The questions of `version` in checklist order, with their indicator, pillar and
    criteria (`question.criteria.all()`, in order) loaded.

    A published version never changes, so its questions are read once per process and
    shared by every request: two queries saved on each question page. A draft's are read
    each time. Callers read them and never change them.
    """
    if not version.is_published:
        return _read_questions(version)
    return list(content_cache.lasting(
        ("published-questions", version.pk, version.published_at),
        lambda: tuple(_read_questions(version)),
    ))


def _read_questions(version: ChecklistVersion) -> list[Question]:
    questions = list(Question.objects.of_version(version))
    prefetch_related_objects(
        questions, Prefetch("criteria", queryset=Criterion.objects.order_by("order"))
    )
    return questions


class ChecklistStructureError(Exception):
    def __init__(self, breaches):
        self.breaches = breaches
        super().__init__("; ".join(breaches))


def find_breaches(version: ChecklistVersion) -> list[str]:
    """Every way in which `version` breaks the structure rule, in checklist order."""
    pillars = list(Pillar.objects.filter(version=version).order_by("order"))
    indicators = list(
        Indicator.objects.of_version(version)
    )
    questions = list(
        Question.objects.of_version(version)
    )
    criteria_count = Counter(
        Criterion.objects.filter(question__indicator__pillar__version=version)
        .values_list("question_id", flat=True)
    )

    breaches = []
    slugs = {pillar.slug for pillar in pillars}
    for slug in PillarSlug:
        if slug not in slugs:
            breaches.append(_("Pillar %(pillar)s is missing.") % {"pillar": slug.label})
    if len(pillars) != len(PillarSlug):
        breaches.append(
            _("The version needs exactly 3 pillars and has %(count)d.") % {"count": len(pillars)}
        )

    indicators_by_pillar = Counter(indicator.pillar_id for indicator in indicators)
    questions_by_indicator = Counter(question.indicator_id for question in questions)
    for pillar in pillars:
        count = indicators_by_pillar[pillar.pk]
        if count != INDICATORS_PER_PILLAR:
            breaches.append(
                _("Pillar %(pillar)s needs exactly 5 indicators and has %(count)d.")
                % {"pillar": pillar.get_slug_display(), "count": count}
            )

    expected_prefix = {pillar.pk: PILLAR_PREFIX.get(pillar.slug, "?") for pillar in pillars}
    for indicator in indicators:
        prefix = expected_prefix[indicator.pillar_id]
        if not (indicator.code.startswith(prefix) and indicator.code[1:].isdigit()):
            breaches.append(
                _("Indicator %(code)s does not follow the code pattern %(prefix)s1 to %(prefix)s5.")
                % {"code": indicator.code, "prefix": prefix}
            )
        count = questions_by_indicator[indicator.pk]
        if count != QUESTIONS_PER_INDICATOR:
            breaches.append(
                _("Indicator %(code)s needs exactly 2 questions and has %(count)d.")
                % {"code": indicator.code, "count": count}
            )

    codes = Counter(question.code for question in questions)
    for question in questions:
        if not question.code.startswith(f"{question.indicator.code}."):
            breaches.append(
                _("Question %(code)s sits under indicator %(indicator)s but is not numbered "
                  "after it.") % {"code": question.code, "indicator": question.indicator.code}
            )
        if codes[question.code] > 1:
            breaches.append(_("Question code %(code)s is used twice.") % {"code": question.code})
        count = criteria_count[question.pk]
        if not MIN_CRITERIA <= count <= MAX_CRITERIA:
            breaches.append(
                _("Question %(code)s needs 2 to 5 threshold criteria and has %(count)d.")
                % {"code": question.code, "count": count}
            )
    # A duplicated code is reported once, not once per copy.
    return list(dict.fromkeys(breaches))


def publish(version: ChecklistVersion) -> None:
    """Publish `version`, or raise ChecklistStructureError naming every breach."""
    breaches = find_breaches(version)
    if breaches:
        raise ChecklistStructureError(breaches)
    version.status = ChecklistVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])


@transaction.atomic
def copy_as_draft(version: ChecklistVersion, *, label: str) -> ChecklistVersion:
    """A new draft version with the content of `version`, ready to be revised."""
    draft = ChecklistVersion.objects.create(
        label=label, notes=_("Revision of %(label)s.") % {"label": version.label}
    )
    for pillar in version.pillars.prefetch_related("indicators__questions__criteria"):
        indicators = list(pillar.indicators.all())
        pillar.pk, pillar.version = None, draft
        pillar.save()
        for indicator in indicators:
            questions = list(indicator.questions.all())
            indicator.pk, indicator.pillar = None, pillar
            indicator.save()
            for question in questions:
                criteria = list(question.criteria.all())
                question.pk, question.indicator = None, indicator
                question.save()
                for criterion in criteria:
                    criterion.pk, criterion.question = None, question
                Criterion.objects.bulk_create(criteria)
    return draft

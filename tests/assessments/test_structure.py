"""The structure rule: 3 pillars, 5 indicators each, 2 questions per indicator."""

import pytest
from django.core.management import CommandError, call_command

from assessments import structure
from assessments.models import ChecklistVersion, Question
from tests.factories import CriterionFactory, QuestionFactory, build_checklist

pytestmark = pytest.mark.django_db


def test_a_complete_version_has_no_breach():
    version = build_checklist()

    assert structure.find_breaches(version) == []


def test_the_shipped_version_keeps_the_rule():
    version = ChecklistVersion.objects.get(label="2021.1")

    assert version.is_published
    assert structure.find_breaches(version) == []


def test_a_missing_question_is_named():
    version = build_checklist()
    Question.objects.get(indicator__pillar__version=version, code="E3.2").delete()

    assert structure.find_breaches(version) == [
        "Indicator E3 needs exactly 2 questions and has 1."
    ]


def test_every_breach_is_named_at_once():
    version = build_checklist()
    version.pillars.get(slug="interaction").delete()
    extra = QuestionFactory(
        indicator=version.pillars.get(slug="diversity").indicators.get(code="D2"),
        code="D2.3", order=3,
    )
    CriterionFactory(question=extra, order=1)

    breaches = structure.find_breaches(version)

    assert breaches == [
        "Pillar Interaction is missing.",
        "The version needs exactly 3 pillars and has 2.",
        "Indicator D2 needs exactly 2 questions and has 3.",
        "Question D2.3 needs 2 to 5 threshold criteria and has 1.",
    ]


def test_a_threshold_needs_two_to_five_criteria():
    version = build_checklist(criteria_per_question=2)
    question = Question.objects.get(indicator__pillar__version=version, code="I5.1")
    question.criteria.all().delete()
    for order in range(1, 7):
        CriterionFactory(question=question, order=order)

    assert structure.find_breaches(version) == [
        "Question I5.1 needs 2 to 5 threshold criteria and has 6."
    ]


def test_a_question_numbered_under_another_indicator_is_named():
    version = build_checklist()
    question = Question.objects.get(indicator__pillar__version=version, code="D1.2")
    question.code = "D4.2"
    question.save()

    assert structure.find_breaches(version) == [
        "Question D4.2 sits under indicator D1 but is not numbered after it.",
        "Question code D4.2 is used twice.",
    ]


def test_publishing_a_broken_version_is_refused_and_changes_nothing():
    version = build_checklist()
    Question.objects.filter(indicator__pillar__version=version, code="D1.1").delete()

    with pytest.raises(structure.ChecklistStructureError) as refusal:
        structure.publish(version)

    assert refusal.value.breaches == ["Indicator D1 needs exactly 2 questions and has 1."]
    version.refresh_from_db()
    assert version.status == ChecklistVersion.Status.DRAFT
    assert version.published_at is None


def test_publishing_a_complete_version_dates_it():
    version = build_checklist()

    structure.publish(version)

    version.refresh_from_db()
    assert version.is_published
    assert version.published_at is not None


def test_a_copy_is_a_draft_with_the_same_content_and_leaves_the_original_alone():
    original = ChecklistVersion.objects.get(label="2021.1")
    original_question = Question.objects.get(indicator__pillar__version=original, code="E2.1")

    draft = structure.copy_as_draft(original, label="2022.1")

    assert draft.status == ChecklistVersion.Status.DRAFT
    assert structure.find_breaches(draft) == []
    copied = Question.objects.get(indicator__pillar__version=draft, code="E2.1")
    assert copied.pk != original_question.pk
    assert copied.text == original_question.text
    assert [c.text for c in copied.criteria.all()] == [
        c.text for c in original_question.criteria.all()
    ]
    copied.text = "Reworded"
    copied.save()
    original_question.refresh_from_db()
    assert original_question.text != "Reworded"


def test_check_checklist_reports_both_shipped_versions_valid(capsys):
    call_command("check_checklist")

    output = capsys.readouterr().out
    assert "2021.1: valid" in output
    assert "2021.2: valid" in output


def test_check_checklist_fails_naming_the_breach(capsys):
    question = Question.objects.get(indicator__pillar__version__label="2021.1", code="I3.2")
    question.feedback_entries.all().delete()
    question.delete()

    with pytest.raises(CommandError, match="1 checklist version"):
        call_command("check_checklist")

    output = capsys.readouterr().out
    assert "2021.1: 1 breach(es)" in output
    assert "Indicator I3 needs exactly 2 questions and has 1." in output


def test_check_checklist_refuses_an_unknown_label():
    with pytest.raises(CommandError, match=r"No checklist version labelled 1999\.9"):
        call_command("check_checklist", "1999.9")

"""The checklist shipped in fixtures/: versions 2021.1 and 2021.2, written for this project."""

import re

import pytest

from assessments.models import (
    Answer,
    Assessment,
    ChecklistVersion,
    Criterion,
    GlossaryTerm,
    Indicator,
    Pillar,
    Question,
)
from checklist_site.content import load_content
from tests.factories import AssessmentFactory, answer_all

pytestmark = pytest.mark.django_db

VERSIONS = ["2021.1", "2021.2"]


@pytest.mark.parametrize("label", VERSIONS)
def test_each_version_is_published_with_thirty_questions(label):
    version = ChecklistVersion.objects.get(label=label)

    assert version.is_published
    assert Question.objects.filter(indicator__pillar__version=version).count() == 30


def test_2021_2_is_the_latest_and_its_notes_name_every_question_it_revised():
    first, second = (ChecklistVersion.objects.get(label=label) for label in VERSIONS)

    assert ChecklistVersion.objects.latest_published() == second
    assert second.published_at > first.published_at
    for code in ("D2.2", "D5.1", "E2.1", "E3.1", "E4.2", "I2.1"):
        assert code in second.notes


def _checklist_rows():
    return {
        model.__name__: sorted(model.objects.values_list("pk", *fields))
        for model, fields in [
            (ChecklistVersion, ("label", "status", "published_at", "notes")),
            (Pillar, ("version_id", "slug", "title_en", "narrative_en")),
            (Indicator, ("pillar_id", "code", "title_en", "description_en")),
            (Question, ("indicator_id", "code", "text_en", "help_text_en")),
            (Criterion, ("question_id", "order", "text_en")),
        ]
    }


def test_loading_the_content_again_changes_nothing_and_leaves_assessments_alone():
    assessment = AssessmentFactory(version=ChecklistVersion.objects.get(label="2021.1"))
    answer_all(assessment, ["yes", "partially", "no"])
    answers = sorted(Answer.objects.filter(assessment=assessment)
                     .values_list("pk", "question_id", "value"))
    before = _checklist_rows()

    load_content()

    assert _checklist_rows() == before
    assert sorted(Answer.objects.filter(assessment=assessment)
                  .values_list("pk", "question_id", "value")) == answers
    assert Assessment.objects.get(pk=assessment.pk).version.label == "2021.1"


@pytest.mark.parametrize("slug", ["diversity", "equality", "interaction"])
def test_each_pillar_narrative_runs_200_to_400_words(slug):
    narrative = Pillar.objects.get(version__label="2021.1", slug=slug).narrative

    assert 200 <= len(re.findall(r"\w[\w'-]*", narrative)) <= 400


@pytest.mark.parametrize("label", VERSIONS)
def test_every_question_asks_one_thing_with_two_to_five_criteria_and_help(label):
    for question in Question.objects.filter(indicator__pillar__version__label=label):
        assert question.text.strip().endswith("?"), question.code
        assert question.text.count("?") == 1, question.code
        assert 2 <= question.criteria.count() <= 5, question.code
        assert question.help_text.strip(), question.code


def test_the_glossary_holds_at_least_twenty_five_terms():
    assert GlossaryTerm.objects.count() >= 25


def test_the_glossary_names_the_admission_pathway_of_community_sponsorship():
    definition = GlossaryTerm.objects.get(slug="community-sponsorship").definition

    assert "admission pathway" in definition
    assert "key feature" in definition

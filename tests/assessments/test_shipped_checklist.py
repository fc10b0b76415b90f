"""The checklist shipped in fixtures/: version 2021.1, written for this project."""

import re

import pytest

from assessments.models import ChecklistVersion, GlossaryTerm, Pillar, Question

pytestmark = pytest.mark.django_db


def test_version_2021_1_is_published_with_thirty_questions():
    version = ChecklistVersion.objects.get(label="2021.1")

    assert version.is_published
    assert Question.objects.filter(indicator__pillar__version=version).count() == 30


@pytest.mark.parametrize("slug", ["diversity", "equality", "interaction"])
def test_each_pillar_narrative_runs_200_to_400_words(slug):
    narrative = Pillar.objects.get(version__label="2021.1", slug=slug).narrative

    assert 200 <= len(re.findall(r"\w[\w'-]*", narrative)) <= 400


def test_every_question_asks_one_thing_with_two_to_five_criteria_and_help():
    for question in Question.objects.filter(indicator__pillar__version__label="2021.1"):
        assert question.text.strip().endswith("?"), question.code
        assert question.text.count("?") == 1, question.code
        assert 2 <= question.criteria.count() <= 5, question.code
        assert question.help_text.strip(), question.code


def test_the_glossary_holds_at_least_twenty_five_terms():
    assert GlossaryTerm.objects.count() >= 25

"""What a checklist version changed from the one before it, and how a version is shipped."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from assessments import revisions, structure
from assessments.models import ChecklistVersion, Criterion, Question

pytestmark = pytest.mark.django_db


def _published_copy(label):
    """A revision of the latest published version, published after it, with nothing changed."""
    draft = structure.copy_as_draft(ChecklistVersion.objects.latest_published(), label=label)
    structure.publish(draft)
    return draft


def test_the_previous_version_is_the_one_published_just_before():
    first, second = (ChecklistVersion.objects.get(label=label) for label in ("2021.1", "2021.2"))

    assert revisions.previous_version(second) == first
    assert revisions.previous_version(first) is None
    assert revisions.previous_version(_published_copy("2030.1")) == second


def test_a_draft_has_no_previous_version_yet():
    draft = structure.copy_as_draft(ChecklistVersion.objects.get(label="2021.2"), label="2030.1")

    assert revisions.previous_version(draft) is None


def test_a_copy_published_unchanged_changed_nothing():
    revision = revisions.revision(_published_copy("2030.1"))

    assert revision.previous.label == "2021.2"
    assert (revision.indicators, revision.questions) == ([], [])


def test_a_reworded_criterion_is_a_changed_question_with_both_wordings():
    version = structure.copy_as_draft(ChecklistVersion.objects.latest_published(), label="2030.1")
    Criterion.objects.filter(
        question__indicator__pillar__version=version, question__code="I3.2", order=1
    ).update(text_en="Reworded.")
    structure.publish(version)

    [change] = revisions.revision(version).questions

    assert change.code == "I3.2"
    assert change.before.indicator.pillar.version.label == "2021.2"
    assert change.after_criteria[0].text == "Reworded."
    assert change.before_criteria[0].text != "Reworded."
    assert [c.text for c in change.before_criteria[1:]] == [
        c.text for c in change.after_criteria[1:]
    ]


def test_a_question_given_another_code_was_removed_and_another_added():
    version = structure.copy_as_draft(ChecklistVersion.objects.latest_published(), label="2030.1")
    Question.objects.filter(indicator__pillar__version=version, code="D1.2").update(code="D1.3")
    structure.publish(version)

    changes = {(change.code, bool(change.before), bool(change.after))
               for change in revisions.revision(version).questions}

    assert changes == {("D1.3", False, True), ("D1.2", True, False)}


def test_the_shipped_2021_2_changed_six_questions_and_one_indicator():
    revision = revisions.revision(ChecklistVersion.objects.get(label="2021.2"))

    assert [change.code for change in revision.questions] == [
        "D2.2", "D5.1", "E2.1", "E3.1", "E4.2", "I2.1"
    ]
    assert [change.code for change in revision.indicators] == ["E4"]


@pytest.mark.parametrize("label", ["2021.1", "2021.2"])
def test_a_version_is_written_in_the_shape_of_its_shipped_fixture(label):
    shipped = (settings.BASE_DIR / "fixtures" / f"checklist-{label}.json").read_text()
    out = io.StringIO()

    call_command("dump_checklist", label, stdout=out)

    assert out.getvalue() == shipped


def test_only_a_published_version_is_written_for_shipping():
    structure.copy_as_draft(ChecklistVersion.objects.get(label="2021.2"), label="2030.1")

    with pytest.raises(CommandError, match=r"2030\.1 is a draft"):
        call_command("dump_checklist", "2030.1")
    with pytest.raises(CommandError, match=r"No checklist version labelled 1999\.1"):
        call_command("dump_checklist", "1999.1")

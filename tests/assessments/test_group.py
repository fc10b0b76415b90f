"""Group mode's rules: own answers given alone, the spread, settling (assessments.group)."""

import pytest

from assessments import group, services
from assessments.models import Answer, AnswerChange, MemberAnswer, Question
from assessments.results import collect_results
from tests.factories import answer_alone

pytestmark = pytest.mark.django_db


def _question(world, code):
    return Question.objects.get(indicator__pillar__version=world.review.version, code=code)


def _own(world, member, code, value, comment="", criteria=()):
    return group.save_own_answer(
        assessment=world.review, question=_question(world, code), member=member,
        value=value, comment=comment, criteria=list(criteria),
    )


def _settle(world, code, value, user, *, reason="", seen_revision=None):
    return group.settle(
        assessment=world.review, question=_question(world, code), value=value, comment="",
        criteria=[], reason=reason, user=user, seen_revision=seen_revision,
    )


def _open(world):
    group.open_round(world.review, user=world.coordinator)


def test_own_answers_are_kept_apart_from_the_assessments_answers(world, team):
    _own(world, team[0], "D1.1", "no", "Nothing on diversity in the aims.")
    _own(world, team[0], "D1.1", "partially", "Only in the annex.")

    own = MemberAnswer.objects.get(assessment=world.review)
    assert (own.member, own.value, own.comment) == (team[0], "partially", "Only in the annex.")
    assert not Answer.objects.filter(assessment=world.review).exists()
    assert collect_results(world.review, with_feedback=False).scorecard.overall.answered == 0


def test_the_spread_says_where_the_members_agree_and_where_they_differ(world, team):
    for member, value in zip(team, ["partially", "no", "partially"], strict=True):
        _own(world, member, "D1.1", value, f"{member.username}'s reading")
    for member in team[:2]:
        _own(world, member, "D1.2", "yes")
    _own(world, team[2], "E1.1", "no")

    spread = group.spread_of(world.review)

    d11, d12, e11 = spread.item("D1.1"), spread.item("D1.2"), spread.item("E1.1")
    assert [(count.value, count.count) for count in d11.counts] == [("partially", 2), ("no", 1)]
    assert (d11.differs, d11.agreed, d11.answered) == (True, False, 3)
    assert (d12.differs, d12.agreed, d12.agreed_value) == (False, True, "yes")
    assert (e11.differs, e11.agreed) == (False, False)  # one answer agrees with nobody
    assert [answer.comment for answer in d11.own_answers] == [
        "ines's reading", "teammate's reading", "yusuf's reading",  # by the name shown
    ]
    assert (spread.people, spread.agreed, spread.differing, spread.settled) == (3, 1, 1, 0)


def test_as_many_answers_of_two_values_are_listed_in_the_checklists_order(world, team):
    _own(world, team[0], "D1.1", "no")
    _own(world, team[1], "D1.1", "yes")

    counts = group.spread_of(world.review).item("D1.1").counts

    assert [(count.value, count.count) for count in counts] == [("yes", 1), ("no", 1)]


def test_a_person_finishes_only_once_every_own_answer_is_given(world, team):
    answer_alone(world.review, team[0], ["yes"], skip=["E3.2", "I5.1"])

    with pytest.raises(services.AssessmentError, match=r"Still unanswered: E3\.2, I5\.1"):
        group.finish(assessment=world.review, member=team[0])

    _own(world, team[0], "E3.2", "no")
    _own(world, team[0], "I5.1", "no")
    group.finish(assessment=world.review, member=team[0])
    assert world.review.member_finishes.get().member == team[0]


def test_own_answers_no_longer_change_once_the_person_has_finished(world, team):
    answer_alone(world.review, team[0], ["yes"])
    group.finish(assessment=world.review, member=team[0])

    with pytest.raises(services.AssessmentError, match="You have finished"):
        _own(world, team[0], "D1.1", "no")

    assert MemberAnswer.objects.get(member=team[0], question__code="D1.1").value == "yes"


def test_nobody_answers_alone_once_the_owner_has_opened_the_round(world, team):
    _own(world, team[1], "D1.1", "no")
    _open(world)

    with pytest.raises(services.AssessmentError, match="open to the team"):
        _own(world, team[1], "D1.1", "yes")
    with pytest.raises(services.AssessmentError, match="open to the team"):
        group.finish(assessment=world.review, member=team[1])

    assert MemberAnswer.objects.get(member=team[1]).value == "no"
    assert world.review.events.filter(kind="opened", actor=world.coordinator).count() == 1


def test_opening_the_round_twice_opens_it_once(world, team):
    _open(world)
    opened_at = world.review.round_opened_at

    _open(world)

    world.review.refresh_from_db()
    assert world.review.round_opened_at == opened_at
    assert world.review.events.filter(kind="opened").count() == 1


def test_settling_before_the_round_is_open_is_refused(world, team):
    _own(world, team[0], "D1.1", "no")

    with pytest.raises(services.AssessmentError, match="once the own answers are open"):
        _settle(world, "D1.1", "no", world.coordinator)

    assert not Answer.objects.filter(assessment=world.review).exists()


def test_the_settled_answer_is_the_assessments_answer_with_its_reason_kept(world, team):
    _own(world, team[0], "D1.1", "no")
    _own(world, team[1], "D1.1", "partially")
    _open(world)

    answer = _settle(world, "D1.1", "partially", world.coordinator,
                     reason="The annex names what diversity adds.")

    assert (answer.value, answer.revision) == ("partially", 1)
    change = answer.changes.get()
    assert change.new_value == "partially"
    assert change.reason == "The annex names what diversity adds."
    results = collect_results(world.review, with_feedback=False)
    assert results.scorecard.overall.points == 1
    assert group.spread_of(world.review).item("D1.1").reason == (
        "The annex names what diversity adds."
    )


def test_settling_again_with_a_new_reason_keeps_both_reasons(world, team):
    _open(world)
    first = _settle(world, "D1.1", "no", world.coordinator, reason="Nothing in the aims.")

    _settle(world, "D1.1", "no", world.coordinator, reason="Checked again with the team.",
            seen_revision=first.revision)

    reasons = list(AnswerChange.objects.filter(answer=first).order_by("pk")
                   .values_list("reason", flat=True))
    assert reasons == ["Nothing in the aims.", "Checked again with the team."]
    assert group.spread_of(world.review).item("D1.1").reason == "Checked again with the team."


def test_two_people_settling_the_same_question_never_overwrite_each_other_silently(
    world, team
):
    _open(world)
    first = _settle(world, "D1.1", "yes", world.coordinator, reason="Agreed at the meeting.")

    # The settler loaded the question before the owner settled it.
    with pytest.raises(services.AnswerConflict) as clash:
        _settle(world, "D1.1", "no", team[0], reason="Not convinced.", seen_revision=None)
    with pytest.raises(services.AnswerConflict):
        _settle(world, "D1.1", "no", team[0], reason="Not convinced.", seen_revision=0)

    assert clash.value.current.value == "yes"
    answer = Answer.objects.get(pk=first.pk)
    assert (answer.value, answer.revision, answer.changes.count()) == ("yes", 1, 1)


def test_settling_where_all_agree_takes_their_answer_and_the_criteria_all_ticked(world, team):
    criteria = list(_question(world, "D1.1").criteria.order_by("order"))
    _own(world, team[0], "D1.1", "partially", criteria=criteria[:2])
    _own(world, team[1], "D1.1", "partially", criteria=criteria[1:])
    _own(world, team[0], "D1.2", "yes")
    _own(world, team[1], "D1.2", "no")
    _own(world, team[0], "D2.1", "no")  # alone: nothing to agree with
    for member in team[:2]:
        _own(world, member, "D2.2", "yes")
    _open(world)
    _settle(world, "D2.2", "partially", world.coordinator, reason="The plan changed.")

    settled = group.settle_agreed(world.review, user=team[0])

    assert settled == 1
    answers = {answer.question.code: answer for answer in
               Answer.objects.filter(assessment=world.review).select_related("question")}
    assert sorted(answers) == ["D1.1", "D2.2"]
    assert answers["D1.1"].value == "partially"
    assert list(answers["D1.1"].criteria_met.all()) == [criteria[1]]
    assert answers["D1.1"].changes.get().changed_by == team[0]
    assert answers["D2.2"].value == "partially"  # settled before: left as it was


def test_the_report_sums_up_the_spread_once_opened_and_unless_left_out(world, team):
    _own(world, team[0], "D1.1", "no")
    assert group.report_spread(world.review) is None  # still answered alone

    _open(world)
    assert group.report_spread(world.review).item("D1.1").answered == 1

    group.set_options(world.review, settler=None, spread_in_report=False)
    assert group.report_spread(world.review) is None


def test_the_stamp_changes_with_own_answers_the_round_and_the_choice_of_the_report(
    world, team
):
    stamps = [group.stamp(world.review)]
    _own(world, team[0], "D1.1", "no")
    stamps.append(group.stamp(world.review))
    _own(world, team[0], "D1.1", "no", criteria=[_question(world, "D1.1").criteria.first()])
    stamps.append(group.stamp(world.review))
    _open(world)
    stamps.append(group.stamp(world.review))
    group.set_options(world.review, settler=None, spread_in_report=False)
    stamps.append(group.stamp(world.review))

    assert len(set(stamps)) == len(stamps)


def test_an_assessment_answered_together_has_no_group_stamp(world):
    assert group.stamp(world.review) == ""


def test_people_are_the_team_and_whoever_else_answered_alone(world, team):
    answer_alone(world.review, world.coordinator, ["yes"])
    group.finish(assessment=world.review, member=world.coordinator)
    _own(world, team[2], "D1.1", "no")

    people = {person.user.username: (person.answered, person.finished)
              for person in group.people_of(world.review)}

    assert people == {"coordinator": (30, True), "ines": (0, False), "teammate": (0, False),
                      "yusuf": (1, False)}

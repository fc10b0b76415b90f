"""Group mode's pages: each person's own answers (on the question page), the spread of
the answers, settling them, and the owner's controls. See assessments.group."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from assessments import group, permissions, services
from assessments.forms import AnswerForm, GroupOptionsForm, SettleForm
from assessments.glossary import Glossary
from assessments.pages import Pages
from assessments.views import question_pages

REFUSED_SPREAD = gettext_lazy(
    "You see the others' answers once you have finished your own, or once the owner "
    "opens them to the team."
)
REFUSED_SETTLE = gettext_lazy(
    "The owner, or the team member chosen to settle, settles the answers once the own "
    "answers are open to the team."
)


def _settle_url(assessment, question) -> str:
    return reverse("group-settle", args=[assessment.pk, question.code])


def resume_url(user, assessment) -> str:
    """Back where the person left: their first own answer still to give; the spread once
    they may see it; otherwise the overview."""
    if permissions.can_answer_individually(user, assessment):
        question = group.own_progress(assessment, user).first_unanswered()
        if question is not None:
            return Pages.of_own_answers(assessment).url("question", question.code)
    elif permissions.can_see_individual_answers(user, assessment):
        return reverse("group-spread", args=[assessment.pk])
    return reverse("assessment-overview", args=[assessment.pk])


def notice(user, assessment) -> dict:
    """What the question page of a group assessment says of it, and where it leads."""
    return {
        "can_answer_individually": permissions.can_answer_individually(user, assessment),
        "can_see_spread": permissions.can_see_individual_answers(user, assessment),
        "can_settle": permissions.can_settle(user, assessment),
    }


def panel(user, assessment) -> dict | None:
    """The overview's part on group mode, for those who make the assessment."""
    if not permissions.can_see_people(user, assessment):
        return None
    can_run = permissions.can_run_group(user, assessment)
    return {
        "own": group.own_progress(assessment, user),
        "finished": permissions.has_finished(user, assessment),
        "can_answer_individually": permissions.can_answer_individually(user, assessment),
        "can_see_spread": permissions.can_see_individual_answers(user, assessment),
        "can_settle": permissions.can_settle(user, assessment),
        "can_run": can_run,
        "people": group.people_of(assessment),
        "options_form": _options_form(assessment) if can_run else None,
    }


def _team_users(assessment):
    return get_user_model().objects.filter(team_places__assessment=assessment).order_by(
        "first_name", "last_name", "username"
    )


def _options_form(assessment, data=None) -> GroupOptionsForm:
    return GroupOptionsForm(data, team=_team_users(assessment), initial={
        "settler": assessment.settler_id, "spread_in_report": assessment.spread_in_report,
    })


@login_required
def own_answer(request, pk, code):
    """A person's own answer to one question, given alone: the question page again."""
    assessment = permissions.get_group_assessment_for_user(request.user, pk)
    permissions.require(permissions.can_see_people(request.user, assessment))
    progress = group.own_progress(assessment, request.user)
    question = progress.question(code)
    if question is None:
        raise Http404(_("No such question in this checklist."))
    answer = progress.answers.get(question.pk)
    can_answer = permissions.can_answer_individually(request.user, assessment)
    pages = Pages.of_own_answers(assessment)

    if request.method == "POST":
        permissions.require(can_answer, _("Your own answers can no longer be changed."))
        form = AnswerForm(request.POST, question=question)
        if form.is_valid():
            try:
                saved = group.save_own_answer(
                    assessment=assessment, question=question, member=request.user,
                    **form.given(),
                )
            except services.AssessmentError as error:
                messages.error(request, str(error))
                return redirect("assessment-overview", pk=assessment.pk)
            progress.answers[question.pk] = saved
            question_pages.announce_suggestion(request, form, saved)
            messages.success(request, _("Saved your own answer: %(code)s, %(value)s.") % {
                "code": question.code, "value": saved.get_value_display().lower()})
            return redirect(question_pages.next_url(pages, progress, question))
    else:
        form = AnswerForm(initial=question_pages.initial_of(answer), question=question)

    return question_pages.render_question(
        request, assessment=assessment, pages=pages, progress=progress, question=question,
        answer=answer, form=form, can_answer=can_answer, individual=True,
    )


@login_required
@require_POST
def finish(request, pk):
    assessment = permissions.get_group_assessment_for_user(request.user, pk)
    permissions.require(permissions.can_answer_individually(request.user, assessment),
                        _("Your own answers can no longer be changed."))
    return _act(request, assessment, lambda: group.finish(assessment=assessment,
                                                          member=request.user),
                done=_("You have finished your own answers. Here is how everyone who has "
                       "answered so far sees the project."))


def _act(request, assessment, action, *, done: str):
    """Do `action()`, then show the spread saying `done`; if the assessment's state
    refuses it, say why on the overview."""
    try:
        action()
    except services.AssessmentError as error:
        messages.error(request, str(error))
        return redirect("assessment-overview", pk=assessment.pk)
    messages.success(request, done)
    return redirect("group-spread", pk=assessment.pk)


@login_required
def spread(request, pk):
    """Per question, where the people agree and where they differ, with their comments."""
    assessment = permissions.get_group_assessment_for_user(request.user, pk)
    permissions.require(permissions.can_see_individual_answers(request.user, assessment),
                        REFUSED_SPREAD)
    found = group.spread_of(assessment)
    only_differing = request.GET.get("show") == "differing"
    return render(request, "assessments/group_spread.html", {
        "assessment": assessment,
        "spread": found,
        "items": [item for item in found.items if item.differs] if only_differing
        else found.items,
        "only_differing": only_differing,
        "can_settle": permissions.can_settle(request.user, assessment),
        "can_run": permissions.can_run_group(request.user, assessment),
    })


@login_required
def settle(request, pk, code):
    """One question's own answers side by side, and the team's answer settled from them."""
    assessment = permissions.get_group_assessment_for_user(request.user, pk)
    permissions.require(permissions.can_see_individual_answers(request.user, assessment),
                        REFUSED_SPREAD)
    found = group.spread_of(assessment)
    item = found.item(code)
    if item is None:
        raise Http404(_("No such question in this checklist."))
    question, settled = item.question, item.settled
    can_settle = permissions.can_settle(request.user, assessment)
    following = found.next_to_settle(question)
    next_url = (_settle_url(assessment, following.question) if following
                else reverse("group-spread", args=[assessment.pk]))
    form_kwargs = {"question": question, "reason_needed": item.differs}
    conflict = None

    if request.method == "POST":
        permissions.require(can_settle, REFUSED_SETTLE)
        form = SettleForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                saved = group.settle(
                    assessment=assessment, question=question, user=request.user,
                    reason=form.cleaned_data["reason"],
                    seen_revision=form.cleaned_data["revision"], **form.given(),
                )
            except services.AnswerConflict as clash:
                conflict = settled = clash.current
                form = question_pages.form_after_conflict(SettleForm, request, conflict,
                                                         **form_kwargs)
            except services.AssessmentError as error:
                messages.error(request, str(error))
                return redirect("group-spread", pk=assessment.pk)
            else:
                question_pages.announce_suggestion(request, form, saved)
                messages.success(request, _("Settled: %(code)s, %(value)s.") % {
                    "code": question.code, "value": saved.get_value_display().lower()})
                return redirect(next_url)
    else:
        form = SettleForm(initial=_settle_initial(item), **form_kwargs)

    return render(request, "assessments/group_settle.html", {
        "assessment": assessment,
        "question": question,
        "position": [i.question for i in found.items].index(question) + 1,
        "total": len(found.items),
        "item": item,
        "settled": settled,
        "ticked_by": [
            (criterion, [answer.member for answer in item.own_answers
                         if criterion in answer.criteria_met.all()])
            for criterion in question.criteria.order_by("order")
        ],
        "form": form,
        "can_settle": can_settle,
        "conflict": conflict,
        "following": following,
        "next_url": next_url,
        "glossary": Glossary.load(),
    }, status=409 if conflict else 200)


def _settle_initial(item: group.QuestionSpread) -> dict | None:
    """The answer settled so far; else, where all agree, what they agreed on."""
    if item.settled is not None:
        return question_pages.initial_of(item.settled)
    if item.agreed:
        return {"value": item.agreed_value,
                "criteria": [criterion.pk for criterion in item.common_criteria()]}
    return None


@login_required
@require_POST
def settle_agreed(request, pk):
    assessment = permissions.get_group_assessment_for_user(request.user, pk)
    permissions.require(permissions.can_settle(request.user, assessment), REFUSED_SETTLE)
    try:
        count = group.settle_agreed(assessment, user=request.user)
    except services.AssessmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, ngettext(
            "%(count)d question on which everyone agreed is settled as agreed.",
            "%(count)d questions on which everyone agreed are settled as agreed.", count,
        ) % {"count": count})
    return redirect("group-spread", pk=assessment.pk)


@login_required
@require_POST
def open_round(request, pk):
    assessment = permissions.get_group_assessment_for_user(request.user, pk)
    permissions.require(permissions.can_run_group(request.user, assessment),
                        _("Only the owner opens the own answers to the team."))
    return _act(request, assessment, lambda: group.open_round(assessment, user=request.user),
                done=_("The own answers are open to the team: settle one answer per "
                       "question."))


@login_required
@require_POST
def options(request, pk):
    assessment = permissions.get_group_assessment_for_user(request.user, pk)
    permissions.require(permissions.can_run_group(request.user, assessment),
                        _("Only the owner chooses who settles."))
    form = _options_form(assessment, request.POST)
    if form.is_valid():
        group.set_options(assessment, settler=form.cleaned_data["settler"],
                          spread_in_report=form.cleaned_data["spread_in_report"])
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose a member of this assessment's team, or nobody."))
    return redirect(reverse("assessment-overview", args=[assessment.pk]) + "#group-heading")

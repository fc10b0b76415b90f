"""Answering an assessment: one question per page; the feedback a weak answer draws comes
right after it, or all together at the end, as the person chose."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import comparison, permissions, services
from assessments.forms import AnswerForm, FeedbackTimingForm, InviteForm, ReopenForm
from assessments.invitations import InvitationError, invite_to_team
from assessments.models import AnswerValue, FeedbackTiming, Profile, Question
from assessments.pages import Pages
from assessments.progress import Progress
from assessments.views import group as group_views
from assessments.views import question_pages
from feedback_library import usage
from feedback_library.selection import feedback_for


def _progress_at(assessment, code) -> tuple[Progress, Question]:
    progress = Progress.of(assessment)
    question = progress.question(code)
    if question is None:
        raise Http404(_("No such question in this checklist."))
    return progress, question


def resume(progress: Progress, pages: Pages):
    """Back where the person left: the first unanswered question."""
    question = progress.first_unanswered()
    if question is None:
        return redirect(pages.url("overview"))
    return redirect(pages.url("question", question.code))


@login_required
def assessment_resume(request, pk):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    if assessment.is_submitted:
        return redirect("assessment-results", pk=assessment.pk)
    if assessment.answer_individually_first:
        return redirect(group_views.resume_url(request.user, assessment))
    return resume(Progress.of(assessment), Pages.of_assessment(assessment))


@login_required
def assessment_overview(request, pk):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    progress = Progress.of(assessment)
    user = request.user
    return render(request, "assessments/assessment_overview.html", {
        "assessment": assessment,
        "progress": progress,
        "rows": [(question, progress.answers.get(question.pk)) for question in progress.questions],
        "events": assessment.events.select_related("actor"),
        "can_answer": permissions.can_answer(user, assessment),
        # Those who may answer may also submit.
        "can_submit": permissions.can_answer(user, assessment),
        "can_reopen": permissions.can_reopen(user, assessment),
        "can_share": permissions.can_share(user, assessment),
        "can_invite": permissions.can_invite_to_team(user, assessment),
        "can_see_people": permissions.can_see_people(user, assessment),
        "weak_answers": progress.weak_answers(),
        "timing_form": _timing_form(request, _feedback_timing(user)),
        "reopen_form": ReopenForm(),
        "compare_with": comparison.candidates(user, assessment),
        "group": group_views.panel(user, assessment)
        if assessment.answer_individually_first else None,
    })


@login_required
def assessment_question(request, pk, code):
    assessment = permissions.get_assessment_for_user(request.user, pk, with_parties=False)
    return question_page(
        request, assessment, code, pages=Pages.of_assessment(assessment),
        can_answer=permissions.can_write_answers(request.user, assessment),
        answerer=request.user,
        group=group_views.notice(request.user, assessment)
        if assessment.answer_individually_first else None,
    )


def question_page(request, assessment, code, *, pages: Pages, can_answer: bool, answerer,
                  **extra):
    """One question, and saving its answer. `answerer`: the person recorded as answering
    (None for a quick check, which is anonymous); `extra`: more for the page to show."""
    progress, question = _progress_at(assessment, code)
    answer = progress.answers.get(question.pk)
    conflict = form = None

    if request.method == "POST":
        permissions.require(can_answer, _("This assessment cannot be answered any more."))
        form = AnswerForm(request.POST, question=question)
        if form.is_valid():
            try:
                saved = services.save_answer(
                    assessment=assessment, question=question, user=answerer,
                    seen_revision=form.cleaned_data["revision"], **form.given(),
                )
            except services.AnswerConflict as clash:
                conflict = clash.current
                form = question_pages.form_after_conflict(AnswerForm, request, conflict,
                                                              question=question)
            except services.AssessmentError as error:
                messages.error(request, str(error))
                return redirect(pages.url("overview"))
            else:
                progress.answers[question.pk] = saved
                return _after_saving(request, pages, progress, question, saved, form, answerer)

    return question_pages.render_question(
        request, assessment=assessment, pages=pages, progress=progress, question=question,
        answer=answer, form=form, can_answer=can_answer, conflict=conflict, **extra,
    )


def _feedback_timing(answerer) -> str:
    """When the person sees feedback: their choice, kept with their account; a quick
    check has nobody to keep a choice for, and shows it after each answer."""
    if answerer is None:
        return FeedbackTiming.AFTER_EACH_ANSWER
    return Profile.objects.feedback_timing_of(answerer)


def _after_saving(request, pages, progress, question, answer, form, answerer):
    question_pages.announce_suggestion(request, form, answer)
    if answer.value == AnswerValue.YES:
        messages.success(request, _("Saved: %(code)s, yes.") % {"code": question.code})
        return redirect(question_pages.next_url(pages, progress, question))
    if _feedback_timing(answerer) == FeedbackTiming.AT_THE_END:
        messages.success(request, _(
            "Saved: %(code)s, %(value)s. Its feedback waits for you on the overview."
        ) % {"code": question.code, "value": answer.get_value_display().lower()})
        return redirect(question_pages.next_url(pages, progress, question))
    return redirect(pages.url("feedback", question.code))


def _after_feedback_url(timing, pages, progress, question) -> str:
    """Answering on: the next question. Reading the feedback at the end: the next feedback."""
    if timing == FeedbackTiming.AFTER_EACH_ANSWER:
        return question_pages.next_url(pages, progress, question)
    following = progress.next_weak_after(question)
    if following is None:
        return pages.url("overview")
    return pages.url("feedback", following.code)


def _timing_form(request, timing) -> FeedbackTimingForm:
    return FeedbackTimingForm(initial={"feedback_timing": timing, "next": request.get_full_path()})


@login_required
@require_POST
def feedback_timing(request):
    """When to show the feedback on weak answers: chosen once, kept for the person."""
    form = FeedbackTimingForm(request.POST)
    if form.is_valid():
        services.set_feedback_timing(request.user, form.cleaned_data["feedback_timing"])
        messages.success(request, _("Saved: feedback is shown %(timing)s.") % {
            "timing": FeedbackTiming(form.cleaned_data["feedback_timing"]).label.lower()
        })
    else:
        messages.error(request, _("Choose when to see the feedback."))
    target = form.data.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("home")
    return redirect(target)


@login_required
def assessment_feedback(request, pk, code):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    return feedback_page(
        request, assessment, code, pages=Pages.of_assessment(assessment),
        can_answer=permissions.can_answer(request.user, assessment), answerer=request.user,
    )


def feedback_page(request, assessment, code, *, pages: Pages, can_answer: bool, answerer):
    """The feedback a "no" or "partially" answer draws, ranked for the project."""
    progress, question = _progress_at(assessment, code)
    answer = progress.answers.get(question.pk)
    if answer is None or answer.value == AnswerValue.YES:
        return redirect(pages.url("question", question.code))
    feedback = feedback_for(question, answer.value, assessment.project)
    usage.record_shown([feedback])
    timing = _feedback_timing(answerer)
    return render(request, "assessments/feedback.html", {
        "assessment": assessment,
        "pages": pages,
        "progress": progress,
        "question": question,
        "answer": answer,
        "feedback": feedback,
        "next_url": _after_feedback_url(timing, pages, progress, question),
        "can_answer": can_answer,
        # Only a person with an account keeps a choice of when to see feedback.
        "timing_form": _timing_form(request, timing) if answerer else None,
    })


@login_required
def answer_history(request, pk, code):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    progress, question = _progress_at(assessment, code)
    answer = progress.answers.get(question.pk)
    changes = answer.changes.select_related("changed_by") if answer else []
    return render(request, "assessments/answer_history.html", {
        "assessment": assessment,
        "question": question,
        "changes": changes,
        "can_see_people": permissions.can_see_people(request.user, assessment),
    })


@login_required
@require_POST
def assessment_submit(request, pk):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    permissions.require(permissions.can_answer(request.user, assessment))
    try:
        services.submit(assessment, user=request.user)
    except services.AssessmentError as error:
        messages.error(request, str(error))
        return redirect("assessment-overview", pk=assessment.pk)
    messages.success(request, _("The assessment is submitted."))
    return redirect("assessment-results", pk=assessment.pk)


@login_required
@require_POST
def assessment_reopen(request, pk):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    permissions.require(permissions.can_reopen(request.user, assessment))
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the assessment is reopened."))
        return redirect("assessment-overview", pk=assessment.pk)
    try:
        services.reopen(assessment, user=request.user, reason=form.cleaned_data["reason"])
    except services.AssessmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The assessment is open again."))
    return redirect("assessment-overview", pk=assessment.pk)


@login_required
@require_POST
def assessment_share(request, pk):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    permissions.require(permissions.can_share(request.user, assessment))
    share = request.POST.get("share") == "1"
    services.set_shared(assessment, shared=share, user=request.user)
    messages.success(request, _("The assessment is shared.") if share else _(
        "The assessment is no longer shared."
    ))
    return redirect("assessment-overview", pk=assessment.pk)


@login_required
def assessment_team(request, pk):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    permissions.require(permissions.can_see_people(request.user, assessment))
    can_invite = permissions.can_invite_to_team(request.user, assessment)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        permissions.require(can_invite)
        if form.is_valid():
            try:
                invite_to_team(
                    assessment=assessment, email=form.cleaned_data["email"],
                    invited_by=request.user, base_url=request.build_absolute_uri("/"),
                )
            except InvitationError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("An invitation was sent to %(email)s.") % {
                    "email": form.cleaned_data["email"]
                })
            return redirect("assessment-team", pk=assessment.pk)
    return render(request, "assessments/team.html", {
        "assessment": assessment,
        "team": assessment.team.select_related("user").order_by("joined_at"),
        "pending": assessment.invitations.pending() if can_invite else [],
        "form": form if can_invite else None,
        "can_invite": can_invite,
    })


@login_required
@require_POST
def team_member_remove(request, pk, member_pk):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    permissions.require(permissions.is_assessor(request.user, assessment))
    member = assessment.team.filter(pk=member_pk).first()
    if member is None:
        raise Http404(_("No such team member."))
    services.leave_team(member)
    messages.success(request, _("%(user)s is no longer in the team.") % {"user": member.user})
    return redirect("assessment-team", pk=assessment.pk)

"""Action plans, and the two perspectives on a project (see `assessments.plans` and
`assessments.comparison`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import comparison, permissions, plans
from assessments.forms import ActionForm, PerspectiveNoteForm
from assessments.models import Action


@login_required
def action_plan(request, pk):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    return render(request, "assessments/plan.html", {
        "assessment": assessment,
        "plan": plans.plan_of(assessment),
        "can_plan": permissions.can_plan(request.user, assessment),
    })


def _gap(plan, code):
    """The weak answer `code` of the plan's assessment, or 404: actions start from gaps."""
    for question, value, suggestion in plan.gaps:
        if question.code == code:
            return question, value, suggestion
    raise Http404(_("This question drew no “no” or “partially” here."))


@login_required
def action_new(request, pk, code):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    permissions.require(permissions.can_plan(request.user, assessment))
    question, _value, suggestion = _gap(plans.plan_of(assessment), code)
    form = ActionForm(request.POST or None, initial={"what": suggestion},
                      instance=Action(assessment=assessment, question=question))
    if request.method == "POST" and form.is_valid():
        plans.save_action(form.instance, user=request.user)
        messages.success(request, _("The action is in the plan."))
        return redirect("action-plan", pk=assessment.pk)
    return render(request, "assessments/action_form.html", {
        "assessment": assessment, "question": question, "form": form,
    })


@login_required
def action_edit(request, pk, action_pk):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    permissions.require(permissions.can_plan(request.user, assessment))
    action = get_object_or_404(assessment.actions.select_related("question"), pk=action_pk)
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        plans.save_action(form.instance, user=request.user)
        messages.success(request, _("The action is saved."))
        return redirect("action-plan", pk=assessment.pk)
    return render(request, "assessments/action_form.html", {
        "assessment": assessment, "question": action.question, "form": form, "action": action,
    })


@login_required
@require_POST
def action_delete(request, pk, action_pk):
    assessment = permissions.get_assessment_for_user(request.user, pk)
    permissions.require(permissions.can_plan(request.user, assessment))
    get_object_or_404(assessment.actions, pk=action_pk).delete()
    messages.success(request, _("The action is taken out of the plan."))
    return redirect("action-plan", pk=assessment.pk)


@login_required
def project_perspectives(request, pk):
    """The partner's self-assessment beside the city's review, and the notes on where they
    differ."""
    project = permissions.get_project_for_user(request.user, pk)
    pair = permissions.perspectives_of(request.user, project)
    if pair is None:
        raise Http404(_("Both readings of this project are not shared with you yet."))
    both = comparison.perspectives(*pair)
    may_write = permissions.may_write_notes(request.user, project)
    form = PerspectiveNoteForm(request.POST or None)
    if request.method == "POST":
        permissions.require(may_write)
        differing = {row.code for row, _level in both.disagreements}
        if form.is_valid() and form.cleaned_data["code"] in differing:
            note = form.save(commit=False)
            note.project, note.author = project, request.user
            note.organisation = permissions.side_of(request.user, project)
            note.save()
            messages.success(request, _("Your note is added; both sides see it."))
            return redirect(f"{request.path}#question-{note.code}")
        messages.error(request, _("Write a note of at most 1,000 characters on a question "
                                  "where the two readings differ."))
    return render(request, "assessments/perspectives.html", {
        "project": project,
        "perspectives": both,
        "notes": plans.notes_by_question(project),
        "may_write": may_write,
        "own_organisations": permissions.roles_of(request.user).assessing_organisations,
    })

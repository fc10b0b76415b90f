from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import comparison, permissions, services
from assessments.forms import DecisionForm, ProjectForm, StartAssessmentForm
from assessments.models import Assessment, ChecklistVersion, Decision, Question

ASSESSMENTS_PER_PAGE = 10


@login_required
def project_create(request):
    permissions.require(
        permissions.can_register_projects(request.user),
        _("Only city coordinators and partner organisations register projects."),
    )
    form = ProjectForm(request.POST or None, user=request.user)
    if form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "topic_areas"}
        project = services.create_project(
            created_by=request.user, topic_areas=form.cleaned_data["topic_areas"], **fields
        )
        messages.success(request, _("The project is registered."))
        return redirect("project-detail", pk=project.pk)
    return render(request, "assessments/project_form.html", {"form": form, "project": None})


@login_required
def project_edit(request, pk):
    project = permissions.get_project_for_user(request.user, pk)
    permissions.require(permissions.can_change_project(request.user, project))
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("The project is saved."))
        return redirect("project-detail", pk=project.pk)
    return render(request, "assessments/project_form.html", {"form": form, "project": project})


@login_required
def project_detail(request, pk):
    project = permissions.get_project_for_user(request.user, pk)
    assessments = Paginator(
        permissions.visible_assessments(request.user)
        .filter(project=project)
        .select_related("assessor", "version", "baseline")
        .order_by("-created_at", "-pk"),
        ASSESSMENTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    purposes = permissions.startable_purposes(request.user, project)
    decision = Decision.objects.filter(project=project).prefetch_related("conditions_on").first()
    can_decide = permissions.can_decide(request.user, project)
    return render(request, "assessments/project_detail.html", {
        "project": project,
        "topic_areas": project.topic_areas.all(),
        "assessments": assessments,
        "start_form": _start_form(request.user, project, purposes) if purposes else None,
        "can_change": permissions.can_change_project(request.user, project),
        "decision": decision,
        "can_decide": can_decide,
        "decision_changes": decision.changes.select_related("changed_by")
        if decision and can_decide else [],
        "has_perspectives": permissions.perspectives_of(request.user, project) is not None,
    })


def _questions_for_conditions(project):
    """The questions of the checklist the city reviewed the proposal on (else the latest)."""
    review = (
        Assessment.objects.filter(project=project, assessor=project.city_id)
        .order_by("-created_at").values_list("version", flat=True).first()
    )
    version = review or ChecklistVersion.objects.latest_published()
    return Question.objects.of_version(version)


@login_required
def project_decision(request, pk):
    """The city's decision on a proposal: funded, with conditions, not funded, pending."""
    project = permissions.get_project_for_user(request.user, pk)
    permissions.require(permissions.can_decide(request.user, project))
    decision = Decision.objects.filter(project=project).first()
    form = DecisionForm(request.POST or None, instance=decision,
                        questions=_questions_for_conditions(project))
    if request.method == "POST" and form.is_valid():
        services.record_decision(
            project=project, user=request.user, **form.cleaned_data
        )
        messages.success(request, _("The decision is recorded."))
        return redirect("project-detail", pk=project.pk)
    return render(request, "assessments/decision_form.html", {
        "project": project,
        "form": form,
    })


@login_required
@require_POST
def assessment_start(request, pk):
    project = permissions.get_project_for_user(request.user, pk)
    purposes = permissions.startable_purposes(request.user, project)
    permissions.require(bool(purposes))
    form = _start_form(request.user, project, purposes, request.POST)
    if not form.is_valid():
        if "baseline" in form.errors:
            messages.error(request, _("Choose an earlier assessment of this project that you "
                                      "can see, or none."))
        else:
            messages.error(request, _("Choose the purpose of the assessment."))
        return redirect("project-detail", pk=project.pk)
    purpose = form.cleaned_data["purpose"]
    try:
        assessment = services.start_assessment(
            project=project, purpose=purpose, user=request.user,
            assessor=permissions.assessor_for(request.user, project, purpose),
            baseline=form.cleaned_data.get("baseline"),
            individually_first=form.cleaned_data["answer_individually_first"],
        )
    except services.AssessmentError as error:
        messages.error(request, str(error))
        return redirect("project-detail", pk=project.pk)
    return redirect("assessment-resume", pk=assessment.pk)


def _start_form(user, project, purposes, data=None) -> StartAssessmentForm:
    return StartAssessmentForm(
        data, purposes=purposes,
        baselines=comparison.baseline_candidates(user, project),
        side=permissions.assessor_for(user, project, Assessment.Purpose.FINAL_EVALUATION),
    )

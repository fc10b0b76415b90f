from django.db.models import Prefetch
from django.shortcuts import render

from assessments import permissions
from assessments.models import Assessment, Organisation


def home(request):
    """The front page for visitors; the day's work for people who are logged in."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    user = request.user
    roles = permissions.roles_of(user)
    visible = permissions.visible_assessments(user)
    projects = (
        permissions.visible_projects(user)
        .select_related("organisation", "city")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.filter(pk__in=visible.values("pk"))
                .with_progress().order_by("-created_at"),
                to_attr="visible_assessments",
            )
        )
    )
    team_assessments = (
        Assessment.objects.filter(team__user=user).select_related("project").with_progress()
        .order_by("-updated_at")
    )
    organisations = Organisation.objects.filter(pk__in=roles.assessing_organisations)
    return render(request, "assessments/dashboard.html", {
        "projects": projects,
        "team_assessments": team_assessments,
        "organisations": organisations,
        "can_curate": permissions.can_curate(user),
        "can_read_network_figures": permissions.can_read_network_figures(user),
    })

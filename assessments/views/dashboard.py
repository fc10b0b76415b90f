from django.shortcuts import render

from assessments import permissions
from assessments.dashboard import dashboard_for


def home(request):
    """The front page for visitors; the day's work for people who are logged in."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    user = request.user
    return render(request, "assessments/dashboard.html", {
        "dashboard": dashboard_for(user),
        "can_curate": permissions.can_curate(user),
        "can_read_network_figures": permissions.can_read_network_figures(user),
    })

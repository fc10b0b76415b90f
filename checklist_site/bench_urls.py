"""The site's routes and a bare view beside them (see bench_settings)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import include, path

from assessments import permissions
from assessments.dashboard import dashboard_for
from assessments.progress import Progress
from assessments.views import group as group_views
from checklist_site.urls import handler500  # noqa: F401 - the site's error page too


def bare(request):
    """No query, no template: the standard middleware and Django's own work only."""
    return HttpResponse("ok")


@login_required
def signed_in(request):
    """The same for a person who is logged in: Django reads their session and their user
    (two queries), the least any page of an assessment does before its own work."""
    return HttpResponse("ok")


@login_required
def empty_page(request):
    """The site's layout with nothing in it, for a person who is logged in: what every page
    costs before its content (the navigation, the language switcher, the footer)."""
    return render(request, "base.html")


# What two pages read before they draw anything, in the layout with nothing in it: the
# least each can cost, however light its own content. Each calls what its page's view
# calls, so that it follows the page.


@login_required
def question_reads(request, pk, code):
    """The question page's reads: the assessment as far as the person may see it, whether
    they may answer (in group mode, where they stand), its answers and the question."""
    assessment = permissions.get_assessment_for_user(request.user, pk, with_parties=False)
    permissions.can_write_answers(request.user, assessment)
    if assessment.answer_individually_first:
        group_views.notice(request.user, assessment)
    if Progress.of(assessment).question(code) is None:
        raise Http404
    return render(request, "base.html")


@login_required
def dashboard_reads(request):
    """The dashboard's reads: the person's open work, the figures, the latest projects."""
    dashboard_for(request.user)
    permissions.can_curate(request.user)
    permissions.can_read_network_figures(request.user)
    return render(request, "base.html")


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/signed-in/", signed_in),
    path("bench/empty-page/", empty_page),
    path("bench/question-reads/<int:pk>/<str:code>/", question_reads),
    path("bench/dashboard-reads/", dashboard_reads),
    path("", include("checklist_site.urls")),
]

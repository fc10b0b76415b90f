"""The site's routes and a bare view beside them (see bench_settings)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path

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


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/signed-in/", signed_in),
    path("bench/empty-page/", empty_page),
    path("", include("checklist_site.urls")),
]

"""The site's routes and a bare view beside them (see bench_settings)."""

from django.http import HttpResponse
from django.urls import include, path

from checklist_site.urls import handler500  # noqa: F401 - the site's error page too


def bare(request):
    """No query, no template: the standard middleware and Django's own work only."""
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("checklist_site.urls")),
]

"""The site's settings plus a bare view, for `make bench` only (never in production):
the page benchmark serves both from the same gunicorn, so that pages are measured
against what Django alone costs on the same machine at the same moment."""

from checklist_site.settings import *  # noqa: F403 - the site as it runs, and one route more

ROOT_URLCONF = "checklist_site.bench_urls"

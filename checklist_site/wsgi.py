import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "checklist_site.settings")

application = get_wsgi_application()
# Import every view now (and WeasyPrint with the reports) rather than on the first
# request: gunicorn loads this once before forking its workers (preload_app), so a worker
# recycled under load serves at once instead of spending seconds importing.
get_resolver().url_patterns  # noqa: B018 - evaluated for its imports

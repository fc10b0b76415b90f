"""Production web server: `gunicorn -c gunicorn.conf.py checklist_site.wsgi`."""

import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# PDF rendering takes a second or two of CPU; give it room, not forever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# WeasyPrint's memory creeps over many renders: recycle each worker now and then.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "500"))
max_requests_jitter = 50
accesslog = "-"

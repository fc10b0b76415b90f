"""Production web server: `gunicorn -c gunicorn.conf.py checklist_site.wsgi`."""

import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Threads, so that a cheap request (/healthz, a question page) is served beside slow ones
# (a PDF, a long list) instead of waiting for them: with one request per worker, /healthz
# took over 5 s under 20 clients. Each thread keeps its own persistent database
# connection (CONN_MAX_AGE): up to WEB_CONCURRENCY x GUNICORN_THREADS of them.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# A worker takes only the connections it has a free thread for; the others wait for the
# first worker that frees one, rather than in the queue of a busy worker. Keep-alive
# would hold those places between requests, so it is off (the reverse proxy keeps its
# own connections to the browsers).
worker_connections = threads
keepalive = 0
# PDF rendering takes a second or two of CPU; give it room, not forever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# WeasyPrint's memory creeps over many renders: recycle each worker now and then, at
# well spread counts, so that workers under the same load are not all replaced at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "500"))
max_requests_jitter = max_requests // 2
# The application is loaded once, before the workers are forked (checklist_site/wsgi.py
# imports every view): a replaced worker is ready at once. Deploying new code therefore
# takes a restart of gunicorn, not a HUP.
preload_app = True
accesslog = "-"

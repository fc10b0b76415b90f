"""Production web server: `gunicorn -c gunicorn.conf.py checklist_site.wsgi`."""

import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
# One process per core: a process runs Python on one core at a time (the GIL). Threads
# let a cheap request (/healthz, a question page) be served beside slow ones (a login's
# password hashing, a long export) instead of waiting for them: with one request per
# worker, /healthz took over 5 s under 20 clients. In the load test (two servers and two
# report workers on this 2-core machine), 2 x 8 each gave a p95 of 0.51 s where gunicorn's
# "two per core and one more" with 2 threads each gave 0.86 and 1.1 s (README,
# Measurements). Each thread keeps its own persistent database connection
# (CONN_MAX_AGE): up to WEB_CONCURRENCY x GUNICORN_THREADS of them.
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# A worker takes only the connections it has a free thread for; the others wait for the
# first worker that frees one, rather than in the queue of a busy worker. Keep-alive
# would hold those places between requests, so it is off (the reverse proxy keeps its
# own connections to the browsers).
worker_connections = threads
keepalive = 0
# Pages answer well within this; a worker stuck longer is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Workers are not recycled by default: PDFs, whose memory crept over many renders, are
# rendered by the report workers (db_worker --max-tasks), not here, and a page server's
# memory stays flat (README, Measurements). A replaced worker starts with its content cache
# and templates to build again, which cost the bare view a third of its throughput at 500.
# Set GUNICORN_MAX_REQUESTS to recycle anyway, at counts spread by half as many again.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 2
# The application is loaded once, before the workers are forked (checklist_site/wsgi.py
# imports every view): a replaced worker is ready at once. Deploying new code therefore
# takes a restart of gunicorn, not a HUP.
preload_app = True
accesslog = "-"


def when_ready(server):
    """Before the first worker is forked: the content every worker reads and the templates
    it renders, built once here (checklist_site/warm.py)."""
    import gc

    from django.db import connections

    from checklist_site.warm import warm_content, warm_templates

    warm_content()
    warm_templates()
    # The workers must not share the master's connection to the database.
    connections.close_all()
    # What the master built lives as long as the workers: out of the garbage collector's
    # sight, a worker's full collection walks only its own objects (0.1 ms, where the
    # 200,000 objects built here took 105 ms, all of a worker's threads waiting), and
    # leaves the pages shared with the master unwritten (Python's gc.freeze advice).
    gc.freeze()

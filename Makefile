# The two commands of the README: `make run` and `make test`.
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# What WeasyPrint needs to draw PDFs (Pango) and the fonts the reports use; gettext
# compiles the translations (locale/*/LC_MESSAGES/django.po; the .mo files are not kept).
RUNTIME_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-color-emoji gettext
TEST_PACKAGES := $(RUNTIME_PACKAGES) postgresql chromium
DEV_ENV := DEBUG=1
TEST_ENV := DEBUG=0 SECRET_KEY=test-only-not-secret SECURE_COOKIES=0 REPORTS_DIR=/tmp/checklist-test-reports

.PHONY: run test test-sqlite lint messages bench bench-healthz install install-test install-bench system-runtime system-test clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q ".[test]"
	touch $@

$(VENV)/.installed-bench: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q ".[test,bench]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-bench: $(VENV)/.installed-bench

system-runtime:
	./.ci/system-packages $(RUNTIME_PACKAGES)

system-test:
	./.ci/system-packages $(TEST_PACKAGES)

# The catalogues compiled from the .po files of the repository (after an install: the
# targets below name it first).
messages:
	$(DEV_ENV) $(PY) manage.py compilemessages -v0 --ignore=$(VENV) --ignore=staticfiles \
	  --ignore=test-artifacts --ignore=var

# A worker renders reports beside the server; both stop together (Ctrl-C).
run: system-runtime install messages
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py createcachetable
	$(DEV_ENV) $(PY) manage.py setup_demo
	$(DEV_ENV) ./.ci/serve-with-worker $(PY) 127.0.0.1:8000

lint: install-test
	$(VENV)/bin/ruff check .

test: system-test install-test lint messages
	./.ci/with-postgres env $(TEST_ENV) $(VENV)/bin/pytest -n 2

# Render the largest report 20 times; prints median times and peak memory (see README).
# Then time the portfolio with 10,000 assessments, on SQLite and on a throwaway PostgreSQL;
# pages under 20 connections against a bare view (gunicorn, wrk: bench_pages); and 50
# people answering and downloading over two servers and two workers (locust).
BENCH_ENV := DEBUG=1 DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3
bench: system-runtime install-bench messages
	./.ci/system-packages postgresql wrk curl
	mkdir -p var
	$(BENCH_ENV) $(PY) manage.py migrate --noinput -v0
	$(BENCH_ENV) $(PY) manage.py createcachetable
	$(BENCH_ENV) $(PY) manage.py load_content
	$(BENCH_ENV) $(PY) manage.py bench_reports --runs 20
	$(BENCH_ENV) $(PY) manage.py bench_portfolio --runs 20
	./.ci/with-postgres sh -c 'export DEBUG=1 DATABASE_URL="$${DATABASE_URL%/*}/postgres" && \
	  $(PY) manage.py migrate --noinput -v0 && $(PY) manage.py load_content >/dev/null && \
	  $(PY) manage.py bench_portfolio --runs 20'
	./.ci/with-postgres env PY=$(PY) ./.ci/bench-pages
	./.ci/with-postgres ./.ci/bench-load

# Time /healthz while 20 clients load a page under gunicorn (see README, Measurements).
bench-healthz: system-runtime install messages
	./.ci/system-packages postgresql wrk curl
	./.ci/with-postgres ./.ci/bench-healthz

# Quicker, on SQLite in memory; `make test` on PostgreSQL is the one that counts.
test-sqlite: install-test messages
	$(TEST_ENV) DATABASE_URL=sqlite:// $(VENV)/bin/pytest -m "not browser"

clean:
	rm -rf $(VENV) staticfiles test-artifacts db.sqlite3

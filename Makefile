# The two commands: `make run` (site with demo content) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: setup run test lint test-postgres test-stack system-deps browser-deps stack-deps demo bench clean

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $(STAMP)

## setup: install everything the site needs (idempotent; seconds when nothing changed)
setup: $(STAMP) system-deps

system-deps:
	@scripts/system-deps base

browser-deps:
	@scripts/system-deps browser

stack-deps:
	@scripts/system-deps stack

## run: set up, migrate, load demo content, build the search index, serve on 127.0.0.1:$(PORT) with the task worker
# (Procfile, run by honcho: the site and `manage.py worker` start and stop together)
# Links in emails lead to the server that sent them (a SITE_URL given in the environment wins).
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: setup
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py load_demo_content
	$(PY) manage.py rebuild_search_index --no-progress
	PY=$(PY) PYTHONUNBUFFERED=1 $(VENV)/bin/honcho -f Procfile start --port $(PORT)

## lint: ruff (lint and format check) and the import layers (docs/architecture.md)
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=.:site $(VENV)/bin/lint-imports

## test: set up and run the whole suite: ruff, Django checks, migrations check, the tests
test: setup browser-deps stack-deps lint
	DJANGO_SETTINGS_MODULE=frontline.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=frontline.settings.test $(PY) manage.py makemigrations --check --dry-run
	SECRET_KEY=check-deploy-only-not-a-real-key-0123456789abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=frontline.example \
	  CACHE_URL=redis://127.0.0.1:6379/0 \
	  DJANGO_SETTINGS_MODULE=frontline.settings.production $(PY) manage.py check --deploy --fail-level WARNING
	$(PY) -m pytest -n 2 --dist loadfile -m "not browser" $(PYTEST_ARGS)
	# Browser tests commit through a live server and flush the database after each test: they run on their own,
	# so that no test relying on the migrations' data runs after a flush on the same worker.
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

## test-postgres: the suite against a private PostgreSQL 15 cluster
test-postgres: setup
	scripts/with-postgres $(PY) -m pytest -n 2 --dist loadfile -m "not browser" $(PYTEST_ARGS)

## test-stack: the production stack end to end (tests/stack, marker `stack`): a private PostgreSQL 15 cluster,
# redis-server, osmem-server, gunicorn (deploy/gunicorn.conf.py: 3 gthread workers; production settings), the task worker, an SMTP sink and nginx with
# deploy/nginx/frontline.conf; faults injected; backup and restore (deploy/backup, deploy/restore).
test-stack: setup stack-deps browser-deps
	STACK_REQUIRED=1 $(PY) -m pytest -m stack -p no:xdist -q -s $(PYTEST_ARGS) tests/stack

bench: setup
	for script in bench/[!_]*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) db.sqlite3 static_collected .pytest_cache .ruff_cache

# The two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format messages serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.requirements: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.requirements-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.requirements

## run: the site with demo content on SQLite at http://127.0.0.1:8000 (debug on), and the
## task worker beside it (renditions, imports, purges); Ctrl-C stops both
run: $(VENV)/.requirements
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --verbosity 0
	DJANGO_DEBUG=1 $(BIN)/python manage.py demo_content
	@echo "Site:  http://$(HOST):$(PORT)/"
	@echo "Desk:  http://$(HOST):$(PORT)/admin/  (log in with the demo editor above)"
	@DJANGO_DEBUG=1 $(BIN)/python manage.py db_worker --queue-name '*' --interval 0.5 --no-reload & \
	worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## serve: production-style: gunicorn, debug off, static files hashed and compressed.
## Needs DJANGO_SECRET_KEY (and usually DATABASE_URL, REDIS_URL, DJANGO_ALLOWED_HOSTS).
serve: $(VENV)/.requirements
	@test -n "$$DJANGO_SECRET_KEY" || { echo "Set DJANGO_SECRET_KEY first (see README)." >&2; exit 2; }
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --verbosity 0
	DJANGO_DEBUG=0 $(BIN)/gunicorn newsroom.wsgi:application --config gunicorn.conf.py

## test: the whole suite (set DATABASE_URL for PostgreSQL; SQLite otherwise)
test: $(VENV)/.requirements-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.requirements-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.requirements-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## messages: refresh and compile the translation catalogs (needs gettext)
messages: $(VENV)/.requirements
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages --locale id --locale en --extension html,txt,py,jinja --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*'
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-shm db.sqlite3-wal

# The two commands: `make run` (portal + Celery on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install messages migrate seed lint format clean docs-preview

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

# Compile the committed .po catalogues (msgfmt when gettext is installed, pure Python otherwise).
messages: install
	$(PY) manage.py compile_catalogues

migrate: messages
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	./scripts/run_all.sh

test: messages
	$(PY) -m pytest $(PYTEST_ARGS)

# Page 1 of each official document type as PNG under test-artifacts/, to look at.
docs-preview: messages
	$(PY) -m documents.rendering.preview test-artifacts

# Style, and the apps' one-way order (pyproject.toml's import-linter contracts).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) var test-artifacts db.sqlite3

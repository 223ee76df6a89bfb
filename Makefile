# Tavolo — two commands do all the set-up: `make run` and `make test`.
PORT ?= 5000
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app tavolo
VENDOR := tavolo/static/vendor
PYTEST_ARGS ?=
# Test processes (pytest-xdist); each has its own SQLite file or PostgreSQL schema.
TEST_WORKERS ?= 2
# PostgreSQL runs in one process (0) until the lock contention seen between test-teardown
# TRUNCATEs under xdist is understood (see the closing note of issue 14's stop).
PG_TEST_WORKERS ?= 0

.PHONY: run test lint install install-test vendor translations translations-update migrate demo outbox clean help

help:
	@echo "make run   — prepara tutto e avvia Tavolo su http://127.0.0.1:$(PORT)"
	@echo "make test  — installa ciò che serve ai test ed esegue l'intera suite"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Serve Python 3.11 o più recente (PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,bench]'
	@touch $@

install: $(VENV)/.installed vendor translations
install-test: $(VENV)/.installed-test vendor translations

node_modules/.tavolo-installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR)/.copied: node_modules/.tavolo-installed
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/bootstrap-italia $(VENDOR)/htmx $(VENDOR)/swagger-ui
	cp -r node_modules/bootstrap-italia/dist/css node_modules/bootstrap-italia/dist/js \
	      node_modules/bootstrap-italia/dist/fonts node_modules/bootstrap-italia/dist/svg \
	      $(VENDOR)/bootstrap-italia/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
	   node_modules/swagger-ui-dist/LICENSE $(VENDOR)/swagger-ui/
	@touch $@

vendor: $(VENDOR)/.copied

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d tavolo/translations 2>&1 | grep -v "^compiling" || true

# For developers: collect new texts into the catalogues (then translate them in the .po files).
translations-update: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -o tavolo/translations/messages.pot --no-location --sort-output --project=Tavolo --copyright-holder="Tavolo" .
	$(BIN)/pybabel update -i tavolo/translations/messages.pot -d tavolo/translations --no-fuzzy-matching --ignore-obsolete

migrate: install
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo --if-empty

run: demo
	@echo ""
	@echo "Tavolo è in ascolto su http://127.0.0.1:$(PORT)  (Ctrl+C per fermarlo)"
	@echo ""
	$(FLASK) run --host 127.0.0.1 --port $(PORT) --debug --no-debugger

outbox: install
	$(FLASK) outbox send

lint: install-test
	$(BIN)/ruff check tavolo tests bench migrations scripts
	$(BIN)/lint-imports --no-cache

test: install-test lint
	@scripts/ensure-chromium.sh
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)
	scripts/test-clocks.sh $(PYTEST_ARGS)
	@if [ -n "$$TAVOLO_TEST_DATABASE_URL" ]; then \
	  echo "== La stessa suite su PostgreSQL ($$TAVOLO_TEST_DATABASE_URL) =="; \
	  TAVOLO_TEST_BACKEND=postgresql $(BIN)/python -m pytest -n $(PG_TEST_WORKERS) -m "not browser" $(PYTEST_ARGS); \
	else \
	  echo "TAVOLO_TEST_DATABASE_URL non impostata: la suite è stata eseguita solo su SQLite."; \
	fi

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache

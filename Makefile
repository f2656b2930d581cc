# Two commands for a newcomer: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask
export FLASK_APP := echo
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null && { [ "$$(id -u)" = 0 ] || echo sudo; })

.PHONY: catalogues catalogues-check structure lint install-lint run test install install-test install-bench lock browser migrate demo backup bench bench-privacy bench-live bench-search bench-pages clean nginx serve-prod bench-load bench-faults

$(VENV)/bin/activate:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Exact versions from the lock files (requirements/*.lock, made by `make lock` from the ranges
# in pyproject.toml); the app itself editable, its dependencies already there (--no-deps).
# Each step runs again only when its lock file (or the packaging) changed.
$(VENV)/.installed: requirements/app.lock pyproject.toml setup.py | $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements/app.lock
	$(PIP) install --quiet --no-deps -e .
	touch $@

# The translation catalogues compiled (.po -> .mo, never committed), again whenever one changed.
PO_FILES := $(wildcard echo/*/translations/*/LC_MESSAGES/messages.po)
$(VENV)/.catalogues: $(PO_FILES) $(VENV)/.installed
	$(PY) -m echo.core.catalogues compile
	touch $@

$(VENV)/.installed-test: requirements/test.lock $(VENV)/.installed
	$(PIP) install --quiet -r requirements/test.lock
	touch $@

$(VENV)/.installed-lint: requirements/lint.lock $(VENV)/.installed
	$(PIP) install --quiet -r requirements/lint.lock
	touch $@

$(VENV)/.installed-bench: requirements/bench.lock $(VENV)/.installed-test
	$(PIP) install --quiet -r requirements/bench.lock
	touch $@

install: $(VENV)/.installed $(VENV)/.catalogues
install-test: install $(VENV)/.installed-test browser nginx node_modules/.installed
install-bench: install $(VENV)/.installed-bench
install-lint: $(VENV)/.installed-lint

# Re-resolve the lock files after changing pyproject.toml's ranges; versions already locked
# stay unless a range excludes them (`make lock UPGRADE=--upgrade` takes the newest).
LOCK := $(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links $(UPGRADE)
lock: | $(VENV)/bin/activate
	$(PIP) install --quiet 'pip-tools>=7.6.2,<8'
	$(LOCK) --output-file requirements/app.lock pyproject.toml
	$(LOCK) --extra test --output-file requirements/test.lock pyproject.toml
	$(LOCK) --extra test --extra bench --output-file requirements/bench.lock pyproject.toml
	$(LOCK) --extra lint --output-file requirements/lint.lock pyproject.toml

# axe-core from the npm registry, pinned by package-lock.json, injected by the browser tests
# into each page they check (tests/helpers.py: axe_violations).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# Debian's chromium drives the browser tests (Playwright never downloads a browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# Debian's nginx for the production topology (`make serve-prod`, its test, bench-load, bench-faults).
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  echo "Installing Debian's nginx for the production topology"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx >/dev/null; }

migrate: install
	$(FLASK) db upgrade

run: migrate
	@$(FLASK) demo-data --if-empty
	ECHO_ASYNC_MODE=gevent ECHO_BASE_URL=$${ECHO_BASE_URL:-http://127.0.0.1:$${ECHO_PORT:-5000}} $(PY) -m echo.server.serve

# A consistent copy of the SQLite database while the app runs (docs/deployment.md).
backup: install
	$(FLASK) backup $(if $(TO),--to $(TO))

# nginx in front of two gunicorn processes on PostgreSQL and Redis (docs/deployment.md);
# ECHO_DATABASE_URL, ECHO_MESSAGE_QUEUE and ECHO_PORT (8080) choose where.
serve-prod: install nginx
	$(PY) -m deploy.topology

# Strings extracted from each feature's code and templates into its Spanish and French
# catalogues (echo/<feature>/translations), then compiled; FEATURE=cases for one feature.
# `make catalogues-check` lists what is still untranslated.
catalogues: install
	$(PY) -m echo.core.catalogues update $(FEATURE)

catalogues-check: install
	$(PY) -m echo.core.catalogues check $(FEATURE)

# ruff's checks and mypy, both configured in pyproject.toml (.ci/run runs it before the tests)
lint: install-lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test: install-test
	$(PY) -m pytest $(PYTEST_ARGS)

# The code's shape from its own imports: largest modules, function-local imports, cycles,
# which feature imports which (tests/test_architecture.py holds the rules).
structure: | $(VENV)/bin/activate
	$(PY) tests/structure.py

bench: bench-privacy bench-live bench-search bench-pages

bench-privacy: install-bench
	$(PY) tests/bench/bench_privacy.py

# The code to compare with, run beside the current code in the same run (a git ref).
BENCH_LIVE_OLD ?= 3e00d55

bench-live: install-bench
	$(PY) tests/bench/bench_live.py $(if $(BENCH_LIVE_OLD),--old-ref $(BENCH_LIVE_OLD))

# e.g. make bench-search SEARCH_ARGS="--postgres-only --postgres postgresql://postgres@127.0.0.1:5432/postgres --postgres-db bench_search"
bench-search: install-bench
	$(PY) tests/bench/bench_search.py $(SEARCH_ARGS)

bench-pages: install-bench
	$(PY) tests/bench/bench_pages.py

bench-load: install-bench
	$(PY) tests/bench/bench_load.py $(BENCH_ARGS)

bench-faults: install-bench
	$(PY) tests/bench/faults.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache

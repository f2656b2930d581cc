# Two commands for a newcomer: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask
export FLASK_APP := echo
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null && { [ "$$(id -u)" = 0 ] || echo sudo; })

.PHONY: run test lint install install-test install-lint browser migrate demo bench bench-privacy bench-live bench-search bench-pages clean

$(VENV)/bin/activate:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-lint: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[lint]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test browser
install-lint: $(VENV)/.installed-lint

# Debian's chromium drives the browser tests (Playwright never downloads a browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

migrate: install
	$(FLASK) db upgrade

run: migrate
	@$(FLASK) demo-data --if-empty
	ECHO_ASYNC_MODE=gevent ECHO_BASE_URL=$${ECHO_BASE_URL:-http://127.0.0.1:$${ECHO_PORT:-5000}} $(PY) -m echo.server.serve

test: install-test
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff's checks and mypy, both configured in pyproject.toml
lint: install-lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: bench-privacy bench-live bench-search bench-pages

bench-privacy: install-test
	$(PY) tests/bench/bench_privacy.py

bench-live: install-test
	$(PY) tests/bench/bench_live.py

bench-search: install-test
	$(PY) tests/bench/bench_search.py

bench-pages: install-test
	$(PY) tests/bench/bench_pages.py

clean:
	rm -rf $(VENV) .pytest_cache

# Two commands for a newcomer: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask
export FLASK_APP := echo
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null && { [ "$$(id -u)" = 0 ] || echo sudo; })

.PHONY: run test install install-test browser migrate demo bench bench-privacy bench-live bench-search bench-pages clean

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

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test browser

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

bench: bench-privacy bench-live bench-search bench-pages

bench-privacy: install-test
	$(PY) tests/bench/bench_privacy.py

# The code to compare with, run beside the current code in the same run (a git ref).
BENCH_LIVE_OLD ?= 3e00d55

bench-live: install-test
	$(PY) tests/bench/bench_live.py $(if $(BENCH_LIVE_OLD),--old-ref $(BENCH_LIVE_OLD))

bench-search: install-test
	$(PY) tests/bench/bench_search.py

bench-pages: install-test
	$(PY) tests/bench/bench_pages.py

clean:
	rm -rf $(VENV) .pytest_cache

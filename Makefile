# Two commands for a newcomer: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask
export FLASK_APP := echo
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null && { [ "$$(id -u)" = 0 ] || echo sudo; })

.PHONY: run test install install-test browser nginx migrate demo serve-prod bench bench-privacy bench-live bench-search bench-pages bench-load bench-faults clean

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
install-test: $(VENV)/.installed-test browser nginx

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

# nginx in front of two gunicorn processes on PostgreSQL and Redis (docs/deployment.md);
# ECHO_DATABASE_URL, ECHO_MESSAGE_QUEUE and ECHO_PORT (8080) choose where.
serve-prod: install nginx
	$(PY) -m deploy.topology

test: install-test
	$(PY) -m pytest $(PYTEST_ARGS)

bench: bench-privacy bench-live bench-search bench-pages

bench-privacy: install-test
	$(PY) tests/bench/bench_privacy.py

bench-live: install-test
	$(PY) tests/bench/bench_live.py

bench-search: install-test
	$(PY) tests/bench/bench_search.py

bench-pages: install-test
	$(PY) tests/bench/bench_pages.py

bench-load: install-test
	$(PY) tests/bench/bench_load.py $(BENCH_ARGS)

bench-faults: install-test
	$(PY) tests/bench/faults.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache

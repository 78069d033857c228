# partysite: `make run` serves the demo site, `make test` runs the test suite (both on SQLite).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install lock run serve test e2e lint format messages bench clean browser office nginx redis

# Installs the exact versions of requirements.lock (made from pyproject.toml's ranges by `make lock`),
# then the project itself without resolving again, so every machine runs what CI ran.
$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

# After changing a range in pyproject.toml: pin the newest versions that fit into requirements.lock.
lock: install
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header \
		--annotation-style line -o requirements.lock

# Translations of the project's own strings; msgfmt comes from Debian's gettext.
messages: install
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

run: messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "partysite: http://$(HOST):$(PORT)/  (quản trị: http://$(HOST):$(PORT)/quan-tri/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: messages
	$(PY) -m pytest -q

# LibreOffice (Debian's, without a desktop) for the test that turns the badge lists' .xlsx into
# PDF pages; without it that one test skips. CI installs it; about 25 s.
office:
	@command -v soffice >/dev/null || (apt-get update -qq && apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null)

# Debian's redis-server for the Redis outage tests (each starts its own on a free port and kills
# it; never the machine's 6379); without it those tests skip.
redis:
	@command -v redis-server >/dev/null || (apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server >/dev/null)

# Debian's chromium for the browser tests; never `playwright install`.
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

# Debian's nginx-light: tests/e2e/test_proxy_nginx.py runs docs/deploy.md's server block in it.
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || (apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null)

# The page checkers the browser tests use (package.json): axe-core and the Nu Html Checker (Java).
node_modules/.installed: package.json
	@command -v java >/dev/null || (apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null)
	npm install --no-audit --no-fund --silent
	@touch $@

e2e: messages browser nginx node_modules/.installed
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -q tests/e2e -o addopts="-p no:cacheprovider" --liveserver=127.0.0.1

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .

# Load benchmark (not part of `make test`): gunicorn + wrk on 127.0.0.1, data in var/bench/
# (or DATABASE_URL=postgres://…/ps_bench). Options: BENCH_ARGS="--duration 5 --runs 3". See bench/README.md.
bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/bench_import.py $(IMPORT_BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles

# Casebook — everyday commands. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.8
TOOLS := .tools
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON ?= $(shell ./bin/find-python)
UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)
PY := .venv/bin/python
# Local runs (no DATABASE_URL: SQLite under var/, no broker: eager tasks) need no SECRET_KEY.
export CASEBOOK_LOCAL ?= true
MANAGE := $(PY) manage.py
# The port `make run` serves on: `PORT=8001 make run` when 8000 is taken.
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/casebook
# Parallel test processes (pytest-xdist): each has its own test database and its own Redis
# database (tests/conftest.py). TEST_WORKERS=0 runs everything in this process.
TEST_WORKERS ?= 2
# Whole modules per process, longest first (tests/conftest.py LONGEST_FIRST): module fixtures are
# set up once and the long modules never run alone at the end.
XDIST := -n $(TEST_WORKERS) $(if $(filter 0,$(TEST_WORKERS)),,--dist loadfile --no-loadscope-reorder)
# Tests that need Redis (a real Celery worker) read TEST_REDIS_URL. CELERY_BROKER_URL stays unset
# in the suite: Celery reads that variable from the environment over any per-test setting.
export TEST_REDIS_URL ?= redis://127.0.0.1:6379/14

.PHONY: help run test test-provider lint format worker beat bench bench-load assets install migrate demo clean backup restore

help:
	@echo "make run     install, migrate, load framework + demo inspection, serve on 127.0.0.1:$(PORT) (PORT=8001 make run)"
	@echo "make test    the whole suite against PostgreSQL and Redis"
	@echo "make lint    ruff + format check + import contracts (layers, no cycles, pure modules) + mypy + migrations check"
	@echo "make worker  a Celery worker (needs CELERY_BROKER_URL)"
	@echo "make beat    Celery beat: sweeps stuck jobs every minute (needs CELERY_BROKER_URL)"
	@echo "make bench   benchmarks (prints figures, asserts nothing)"
	@echo "make bench-load  50 inspectors autosaving through gunicorn (Locust), then lost writes"
	@echo "make backup  database (pg_dump) + media files into var/backups/casebook-<UTC time>/"
	@echo "make restore FROM=DIR  a backup into an empty database (DATABASE_URL) and media dir"

$(TOOLS)/bin/uv:
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Installed packages are compiled to bytecode once here: with PYTHONDONTWRITEBYTECODE set (as in
# the image), every process would otherwise compile Django and the rest from source as it starts.
.venv/.synced: pyproject.toml uv.lock | $(if $(findstring $(TOOLS),$(UV)),$(TOOLS)/bin/uv)
	$(UV) sync --frozen --compile-bytecode
	touch $@

install: .venv/.synced assets

static/vendor/.built: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	node bin/copy-assets.mjs
	touch $@

assets: static/vendor/.built

# The tests' OpenID Connect provider (panva's oidc-provider, its own lock): installed for `make
# test` only, so `make run` stays as light as it was.
OIDC_PROVIDER := tests/oidc_provider
$(OIDC_PROVIDER)/node_modules/.installed: $(OIDC_PROVIDER)/package.json $(OIDC_PROVIDER)/package-lock.json
	npm ci --prefix $(OIDC_PROVIDER) --no-audit --no-fund --silent
	touch $@

test-provider: $(OIDC_PROVIDER)/node_modules/.installed

migrate: install
	$(MANAGE) migrate --no-input

demo: migrate
	$(MANAGE) load_demo

run: demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install test-provider
	env -u CELERY_BROKER_URL -u CELERY_RESULT_BACKEND DATABASE_URL=$(TEST_DATABASE_URL) \
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

# The same commands run as pre-commit hooks (.pre-commit-config.yaml). The migrations check reads
# the models against the migrations on the local SQLite settings, so it needs no server.
lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	.venv/bin/lint-imports
	.venv/bin/mypy
	env -u DATABASE_URL CASEBOOK_LOCAL=true $(MANAGE) makemigrations --check --dry-run
	@if git grep -nE '^(<<<<<<<|>>>>>>>)( |$$)|^=======$$' -- . ':!uv.lock' ':!package-lock.json'; then \
		echo "merge conflict markers left in the files above" >&2; exit 1; fi

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

worker: install
	.venv/bin/celery -A config worker -l info

# Exactly one beat per deployment; it only sends tasks, a worker runs them.
beat: install
	mkdir -p var
	.venv/bin/celery -A config beat -l info --schedule var/celerybeat-schedule

# Backups need DATABASE_URL (PostgreSQL) and the PostgreSQL client tools; see docs/operations.md "Backups and restore".
backup: install
	$(PY) bin/backup.py create $(if $(TO),--to "$(TO)") $(if $(MEDIA),--media "$(MEDIA)")

restore: install
	@test -n "$(FROM)" || { echo "usage: make restore FROM=var/backups/casebook-<time>" >&2; exit 2; }
	$(PY) bin/backup.py restore "$(FROM)" $(if $(MEDIA),--media "$(MEDIA)")

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/casebook_bench
# Everything, before and after in one run: in process, the national data set, the commands, then
# the load test on this code and on the code before issue 10 (bench/_before.py exports it).
bench: install
	createdb -h 127.0.0.1 -U postgres casebook_bench 2>/dev/null || true
	DATABASE_URL=$(BENCH_DATABASE_URL) $(MANAGE) migrate --no-input -v 0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m bench
	@echo "== load test, after"
	$(PY) -m bench.load.run
	@echo "== load test, before"
	LOAD_APP_DIR="$$($(PY) -c 'from bench._before import checkout; print(checkout())')" $(PY) -m bench.load.run

# The load test alone, on this code. Its own database (LOAD_DATABASE_URL, default casebook_load,
# made afresh) and Redis db; see bench/README.md.
bench-load: install
	$(PY) -m bench.load.run

clean:
	rm -rf .venv $(TOOLS) node_modules $(OIDC_PROVIDER)/node_modules static/vendor var/*.sqlite3

# The two commands: `make demo` and `make test`. Each sets up everything it needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install install-test lint check-migrations api-contract messages serve clean bench bench-checkin bench-reporting bench-risk bench-files bench-imports

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# The demo runs as production does (no debug pages, static files collected), on plain
# http locally, with the system's "today" in December 2021, the time of the scenario.
DEMO_SECRET := var/demo-secret-key
DEMO_ENV = TK_DEBUG=0 TK_SECRET_KEY="$$(cat $(DEMO_SECRET))" TK_ALLOWED_HOSTS=$(HOST),localhost \
	TK_SSL_REDIRECT=0 TK_SECURE_COOKIES=0 TK_HSTS_SECONDS=0 TK_TODAY=$${TK_TODAY:-2021-12-24}
$(DEMO_SECRET):
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

demo: install $(DEMO_SECRET)
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(DEMO_ENV) $(PY) manage.py load_demo
	$(DEMO_ENV) $(PY) manage.py send_reminders --schedule
	@echo "Triển Khai: http://$(HOST):$(PORT)/ (and its background worker: reports, imports, reminders)"
	$(DEMO_ENV) $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

lint: install-test
	$(VENV)/bin/ruff check .

check-migrations: install-test
	$(PY) manage.py makemigrations --check --dry-run

# On SQLite by default; on PostgreSQL when DATABASE_URL points to one. Browser tests
# run when Chromium is installed and are reported as skipped, loudly, when it is not.
# Three runs, because they use the database differently: the tests on factories (each
# builds its small world), the demo smoke tests (the demo loaded once per database), and
# the browser tests (their live server needs committed data, emptied after each). The
# first two on TEST_WORKERS processes (pytest-xdist; 0: this process); the browser run
# in one (two Chromiums and live servers on 2 cores were slower than one).
TEST_WORKERS ?= 2
test: lint check-migrations
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not demo and not browser"
	$(PY) -m pytest -n $(TEST_WORKERS) -m "demo and not browser"
	$(PY) -m pytest -m browser

# The API against its OpenAPI document with schemathesis, as each demo persona, on a
# fresh demo (DATABASE_URL: PostgreSQL in CI, a SQLite file under var/ by default).
api-contract: install-test
	./.ci/api-contract

messages: install-test
	cd trienkhai && ../$(PY) ../manage.py makemessages -l en --no-obsolete --no-location --ignore "tests/*"
	cd trienkhai && ../$(PY) ../manage.py compilemessages -l en

bench: install-test
	$(PY) manage.py bench_units

# Crafted office files refused by the limits, and what the check adds to a real one.
bench-files: install-test
	$(PY) manage.py bench_files --runs 5

bench-imports: install-test
	$(PY) manage.py bench_imports --rows 20000 --runs 3

# Burst load test of check-in and poll answers (docs/benchmarks.md): needs PostgreSQL at
# BENCH_DB's server and Debian's wrk; creates and drops the database itself.
BENCH_DB ?= postgres://postgres@127.0.0.1:5432/trienkhai_bench
bench-checkin: install-test
	@command -v wrk >/dev/null || apt-get install -y wrk
	$(PY) bench/checkin_load.py --db $(BENCH_DB) --runs 3

# Periodic reporting at province scale (docs/benchmarks.md): ~1,000,000 target values and
# ~500,000 task progress rows in a scratch PostgreSQL database on BENCH_PG's server,
# built (~1.5 min), measured, then dropped.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
BENCH_REP_ENV := DATABASE_URL=$(BENCH_PG)/trienkhai_bench_rep TK_DEBUG=0 TK_SECRET_KEY=bench \
	TK_ALLOWED_HOSTS=testserver TK_SSL_REDIRECT=0
bench-reporting: install-test
	psql $(BENCH_PG)/postgres -qc "CREATE DATABASE trienkhai_bench_rep"
	$(BENCH_REP_ENV) $(PY) manage.py migrate --noinput -v0
	$(BENCH_REP_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(BENCH_REP_ENV) $(PY) manage.py bench_reporting --build --runs 30; status=$$?; \
		psql $(BENCH_PG)/postgres -qc "DROP DATABASE trienkhai_bench_rep"; exit $$status

# The risk list ("where to inspect next", docs/benchmarks.md): the synthetic reports above
# plus study sessions, narratives, returns and inspections, in a scratch PostgreSQL
# database on BENCH_PG's server, built (~2 min), measured, then dropped.
BENCH_RISK_ENV := DATABASE_URL=$(BENCH_PG)/trienkhai_bench_risk TK_DEBUG=0 TK_SECRET_KEY=bench \
	TK_ALLOWED_HOSTS=testserver TK_SSL_REDIRECT=0
bench-risk: install-test
	psql $(BENCH_PG)/postgres -qc "CREATE DATABASE trienkhai_bench_risk"
	$(BENCH_RISK_ENV) $(PY) manage.py migrate --noinput -v0
	$(BENCH_RISK_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(BENCH_RISK_ENV) $(PY) manage.py bench_risk --build --runs 30; status=$$?; \
		psql $(BENCH_PG)/postgres -qc "DROP DATABASE trienkhai_bench_risk"; exit $$status

clean:
	rm -rf $(VENV) var .pytest_cache

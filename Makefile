# The two commands: `make demo` and `make test`. Each sets up everything it needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install install-test lint check-migrations messages serve clean bench bench-checkin

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

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Triển Khai: http://$(HOST):$(PORT)/"
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install-test
	$(VENV)/bin/ruff check .

check-migrations: install-test
	$(PY) manage.py makemigrations --check --dry-run

# On SQLite by default; on PostgreSQL when DATABASE_URL points to one. Browser tests
# run when Chromium is installed and are reported as skipped, loudly, when it is not.
test: lint check-migrations
	$(PY) -m pytest

messages: install-test
	cd trienkhai && ../$(PY) ../manage.py makemessages -l en --no-obsolete --no-location --ignore "tests/*"
	cd trienkhai && ../$(PY) ../manage.py compilemessages -l en

bench: install-test
	$(PY) manage.py bench_units

# Burst load test of check-in and poll answers (docs/benchmarks.md): needs PostgreSQL at
# BENCH_DB's server and Debian's wrk; creates and drops the database itself.
BENCH_DB ?= postgres://postgres@127.0.0.1:5432/trienkhai_bench
bench-checkin: install-test
	@command -v wrk >/dev/null || apt-get install -y wrk
	$(PY) bench/checkin_load.py --db $(BENCH_DB) --runs 3

clean:
	rm -rf $(VENV) var .pytest_cache

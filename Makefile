# danvan: `make run` starts the platform with demo data, `make test` runs the suite.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DANVAN := $(BIN)/danvan
HOST ?= 127.0.0.1
PORT ?= 8000
export DANVAN_HOME := $(CURDIR)

.PHONY: run test lint format bootstrap setup-db messages bench bench-consultations load faults clean help

help:
	@echo "make run   – cài đặt, nạp dữ liệu mẫu và chạy tại http://$(HOST):$(PORT)"
	@echo "make test  – cài đặt và chạy toàn bộ kiểm thử"
	@echo "make lint  – ruff và mypy"
	@echo "make bench-dedup – đo chỉ mục đơn trùng trên 1.000.000 đơn (BENCH_ARGS=\"--count 20000\" để thử nhanh)"
	@echo "make load  – thử tải 200 người dùng trong 10 phút trên nginx + gunicorn + PostgreSQL (LOAD_ARGS=\"-u 50 -t 1m\")"
	@echo "make faults – khởi động lại PostgreSQL và tắt worker giữa lúc tải (LOAD_ARGS để chỉnh)"

# Find a Python >= 3.12: the PYTHON variable, then python3.13/3.12/python3 on PATH, then pyenv.
PYTHON_CANDIDATES = $(PYTHON) python3.14 python3.13 python3.12 python3 \
	$(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3) \
	$(wildcard /root/.pyenv/versions/3.1[2-9]*/bin/python3) \
	$(wildcard /usr/local/bin/python3.1[2-9]) $(wildcard /usr/bin/python3.1[2-9])

$(VENV)/.python:
	@found=""; for cand in $(PYTHON_CANDIDATES); do \
	  if command -v "$$cand" >/dev/null 2>&1 && \
	     PYENV_VERSION= "$$cand" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then \
	    found="$$cand"; break; fi; done; \
	if [ -z "$$found" ]; then \
	  echo "Lỗi: cần Python 3.12 trở lên nhưng không tìm thấy (error: Python >= 3.12 not found)." >&2; \
	  echo "Cài Python 3.12+ hoặc chỉ định: make run PYTHON=/đường/dẫn/python3.12" >&2; exit 1; fi; \
	echo "Dùng Python: $$found ($$(PYENV_VERSION= $$found --version))"; \
	rm -rf $(VENV); PYENV_VERSION= "$$found" -m venv $(VENV) && touch $(VENV)/.python

$(VENV)/.installed: $(VENV)/.python pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

bootstrap: $(VENV)/.installed messages

messages: $(VENV)/.installed
	@DEBUG=1 $(DANVAN) compile-translations

setup-db: bootstrap
	@mkdir -p var
	DEBUG=1 $(DANVAN) migrate --no-input
	DEBUG=1 $(DANVAN) load-units
	DEBUG=1 $(DANVAN) seed-demo

run: setup-db
	@DEBUG=1 $(DANVAN) seed-demo --print-logins
	DEBUG=1 $(DANVAN) runserver $(HOST):$(PORT)

test: bootstrap
	DANVAN_TESTING=1 $(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DANVAN_TESTING=1 $(BIN)/mypy
	$(PY) scripts/check_translations.py

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

# Benchmark of the petitions work queue and deadline watch (bench/README.md): SQLite, then
# PostgreSQL at BENCH_DATABASE_URL, else DATABASE_URL if it is PostgreSQL, else the local
# danvan_bench, when reachable (the database is recreated: its name must contain "bench").
# BENCH_COUNT (default 1000000), BENCH_SQLITE_COUNT and BENCH_ARGS adjust the runs.
bench-petitions: $(VENV)/.installed
	DEBUG=1 $(PY) bench/petitions_queue.py --count $${BENCH_SQLITE_COUNT:-$${BENCH_COUNT:-1000000}} $(BENCH_ARGS)
	@url="$${BENCH_DATABASE_URL:-$${DATABASE_URL:-}}"; \
	case "$$url" in postgres*) ;; *) url=postgres://postgres@127.0.0.1:5432/danvan_bench ;; esac; \
	echo "DEBUG=1 $(PY) bench/petitions_queue.py --database-url $$url --if-reachable"; \
	DEBUG=1 $(PY) bench/petitions_queue.py --count $${BENCH_COUNT:-1000000} $(BENCH_ARGS) \
	  --database-url "$$url" --if-reachable

# Benchmark of the dashboards' figures (bench/README.md): FIGURES_COUNT petitions (default
# 5000000) on PostgreSQL at BENCH_DATABASE_URL, else the local danvan_bench_figures, when
# reachable (recreated: its name must contain "bench"); FIGURES_SQLITE_COUNT also runs SQLite
# first with that many. BENCH_ARGS adds options (e.g. --check --pages).
bench-figures: $(VENV)/.installed
	@if [ -n "$${FIGURES_SQLITE_COUNT:-}" ]; then \
	  DEBUG=1 $(PY) bench/figures_dashboard.py --count $$FIGURES_SQLITE_COUNT $(BENCH_ARGS); fi
	@url="$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/danvan_bench_figures}"; \
	echo "DEBUG=1 $(PY) bench/figures_dashboard.py --database-url $$url --if-reachable"; \
	DEBUG=1 $(PY) bench/figures_dashboard.py --count $${FIGURES_COUNT:-5000000} $(BENCH_ARGS) \
	  --database-url "$$url" --if-reachable

# Benchmark of the grouping of consultation comments (bench/README.md): 100,000 comments
# on 50 articles by default; BENCH_ARGS adds options (e.g. --comments 10000 --articles 10).
bench-consultations: $(VENV)/.installed
	$(PY) bench/consultations_grouping.py $(BENCH_ARGS)

# Benchmark of the duplicate-petition index (bench/README.md): one new petition checked
# against 1,000,000 by default, on one core, beside a rapidfuzz brute force; BENCH_ARGS
# adds options (e.g. --count 20000 for a smoke test well under a minute).
bench-dedup: $(VENV)/.installed
	$(PY) bench/dedup_index.py $(BENCH_ARGS)

# Load and fault scenarios (docs/performance.md): a private PostgreSQL 15 instance (needs
# root or the postgres user for initdb), gunicorn behind nginx, the task worker, Locust.
# LOAD_ARGS adds options, e.g. LOAD_ARGS="-u 50 -t 1m" or "--database-url postgres://…".
load: $(VENV)/.installed
	$(PY) bench/load/run.py $(LOAD_ARGS)

faults: $(VENV)/.installed
	$(PY) bench/load/faults.py $(LOAD_ARGS)

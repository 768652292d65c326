# Kleine Keten customer-experience analysis. `make` lists the targets.
# Everything installs itself into .venv from requirements.lock (exact pins, see `make lock`).

SHELL := /bin/bash
# Python may cache compiled modules: some machines set PYTHONDONTWRITEBYTECODE, and then every
# process (each test subprocess, each notebook kernel) compiles pandas, scipy and matplotlib from
# source again, about 2 s each; the install also compiles the dependencies once.
unexport PYTHONDONTWRITEBYTECODE
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip uv
	$(VENV)/bin/uv pip install -q --compile-bytecode --python $(PY) -r requirements.lock
	$(VENV)/bin/uv pip install -q --python $(PY) --no-deps -e .
	touch $(STAMP)

install: $(STAMP) kernel ## create .venv with the pinned dependencies and this package

kernel: $(STAMP) ## register the project's Jupyter kernel "kleine-keten" (this checkout's .venv)
	@$(PY) -m ipykernel install --user --name kleine-keten \
	  --display-name "Python (kleine-keten)" >/dev/null

reports: $(STAMP) kernel ## main job: run every notebook of every wave, HTML reports in reports/
	$(PY) -m helpers run $(ARGS)

demo: $(STAMP) ## regenerate the synthetic demo waves in data/raw/
	$(PY) -m helpers demo

browser: ## install Debian's chromium for the browser tests (needs root; skipped if present)
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "chromium not installed (run as root: apt-get install chromium); browser tests will skip"

test: $(STAMP) kernel browser ## run all tests (unit, notebooks, reports in headless Chromium)
	$(PY) -m pytest -n auto --dist loadfile $(ARGS)

test-fast: $(STAMP) kernel ## unit tests only (skip notebook runs and browser checks)
	$(PY) -m pytest -n auto --dist loadfile -m "not slow and not browser" $(ARGS)

test-explore: $(STAMP) ## property tests with a longer, random search (add what it finds as @example)
	HYPOTHESIS_PROFILE=explore $(PY) -m pytest -n auto --dist loadfile -m "not slow and not browser" $(ARGS)

lint: $(STAMP) ## ruff over src, tests, notebooks and benchmarks
	$(PY) -m ruff check src tests notebooks benchmarks
	$(PY) -m ruff format --check src tests benchmarks

bench: $(STAMP) ## benchmarks (print ratios)
	$(PY) benchmarks/bench_impact.py
	$(PY) benchmarks/bench_batch.py
	$(PY) benchmarks/bench_small_area.py --window 4

lab: $(STAMP) kernel ## open JupyterLab on the notebooks
	$(PY) -m jupyter lab notebooks/

lock: ## re-pin requirements.lock from pyproject.toml
	$(PYTHON) -m pip install -q uv && $(PYTHON) -m uv pip compile pyproject.toml --extra dev \
	  --python-version 3.11 -o requirements.lock

clean: ## remove processed data and reports (rebuild with `make reports`)
	find data/processed reports -mindepth 1 -not -name .gitkeep -not -name README.md -delete

.PHONY: help install kernel reports demo browser test test-fast test-explore lint bench lab lock clean

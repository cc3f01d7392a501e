# kzstats: `make help` lists the targets. Every target sets up what it needs.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

## Targets

help: ## List the targets
	@echo "kzstats — make targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml jupyterlab-settings.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name kzstats --display-name "Python (kzstats)" >/dev/null
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp jupyterlab-settings.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install kzstats with its dependencies and Jupyter kernel

validate: $(STAMP) ## Check the coding sheet data/raw/incidents.csv without writing anything
	$(BIN)/kzstats validate data/raw/incidents.csv

build: $(STAMP) ## Clean and validate data/raw into data/clean (CSV, Parquet, datapackage.json)
	$(BIN)/kzstats build

figures: $(STAMP) ## Write every briefing figure (PNG, SVG, PDF, CSV) to reports/figures
	$(BIN)/kzstats figures

report: $(STAMP) ## Execute every notebook into an offline HTML report in reports/
	$(BIN)/kzstats report

# report runs notebooks/05-briefing-figures.py, which writes every figure as `kzstats figures` does.
all: install validate build report ## Set up and run the whole pipeline: data/clean, the HTML reports and the figures

test: $(STAMP) ## Run the fast tests (leaves out those marked slow: notebooks, figure files)
	$(BIN)/python -m pytest -q -m "not slow" --hypothesis-profile=fast

test-all: $(STAMP) ## Run every test, the slow end-to-end ones too (what CI runs)
	$(BIN)/python -m pytest -q

BENCH_SIZES ?= 10k,100k,1M
BENCH_REPEATS ?= 3
bench: $(STAMP) ## Time kzstats build at 10k, 100k, 1M rows against read_csv (BENCH_SIZES=10k,100k,1M,10M adds 10M); writes bench/results.md
	$(BIN)/python bench/run.py --sizes $(BENCH_SIZES) --repeats $(BENCH_REPEATS)

extract-eval: $(STAMP) ## Score kzstats extract against the coded sheet, leaving each report out; writes bench/extract_results.md
	$(BIN)/python bench/extract_eval.py

lint: $(STAMP) ## Lint the code with ruff
	$(BIN)/ruff check src tests notebooks bench

lab: $(STAMP) ## Open JupyterLab on the notebooks with the project's kernel
	$(BIN)/jupyter lab --notebook-dir=notebooks

clean: ## Remove the virtual environment and caches (never data/raw)
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

.PHONY: help install validate build figures report all test test-all bench extract-eval lint lab clean

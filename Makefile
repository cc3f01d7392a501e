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

# Tests run on every core (pytest-xdist); each worker builds its own copy of the real data once.
# TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= auto

test: $(STAMP) ## Run the fast tests on every core (leaves out those marked slow: notebooks, figure files)
	$(BIN)/python -m pytest -q -m "not slow" --hypothesis-profile=fast -n $(TEST_WORKERS)

test-all: $(STAMP) ## Run every test, the slow end-to-end ones too (what CI runs)
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS)

# The lowest versions pyproject.toml allows for each direct dependency (read from pyproject.toml
# itself by uv's lowest-direct resolution; what they depend on in turn comes at its newest), in a
# venv of their own. Binary wheels only: nothing compiles.
VENV_MIN := .venv-min
MIN_STAMP := $(VENV_MIN)/.installed
$(MIN_STAMP): pyproject.toml
	rm -rf $(VENV_MIN)
	$(PYTHON) -m venv $(VENV_MIN)
	$(VENV_MIN)/bin/python -m pip install --quiet uv
	$(VENV_MIN)/bin/uv pip install --quiet --python $(VENV_MIN)/bin/python \
		--resolution lowest-direct --only-binary :all: -e '.[dev]'
	touch $(MIN_STAMP)

test-min: $(MIN_STAMP) ## Build the real data and run every test with the lowest versions pyproject.toml allows (.venv-min)
	$(VENV_MIN)/bin/python .ci/versions.py
	rm -rf $(VENV_MIN)/project && mkdir -p $(VENV_MIN)/project/data
	cp -r data/raw data/reference data/clean $(VENV_MIN)/project/data/
	$(VENV_MIN)/bin/kzstats --root $(VENV_MIN)/project build
	@diff -rq --exclude='*.parquet' data/clean $(VENV_MIN)/project/data/clean || { echo "test-min:" \
		"the lowest versions build other CSVs than data/clean holds (is data/clean up to date?)"; exit 1; }
	$(VENV_MIN)/bin/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS)

BENCH_SIZES ?= 10k,100k,1M
BENCH_REPEATS ?= 3
bench: $(STAMP) ## Time kzstats build at 10k, 100k, 1M rows against read_csv (BENCH_SIZES=10k,100k,1M,10M adds 10M); writes bench/results.md
	$(BIN)/python bench/run.py --sizes $(BENCH_SIZES) --repeats $(BENCH_REPEATS)

extract-model: $(STAMP) ## Learn the extraction model from data/raw into models/extract_model.json (after the sheet changes)
	$(BIN)/kzstats extract-train

extract-eval: $(STAMP) ## Score kzstats extract, a fresh model per held-out report and per publisher; writes bench/extract_results.md
	$(BIN)/python bench/extract_eval.py

agreement: $(STAMP) ## Agreement of the sheet with the second, independent coding (data/qa/second-coding); writes docs/double-coding.md
	$(BIN)/python bench/agreement.py

targets: $(STAMP) ## Coverage of data/clean/events.csv: events per type, shares with a region, a day date, an article
	$(BIN)/python bench/targets.py

lint: $(STAMP) ## Lint the code with ruff
	$(BIN)/ruff check src tests notebooks bench

lab: $(STAMP) ## Open JupyterLab on the notebooks with the project's kernel
	$(BIN)/jupyter lab --notebook-dir=notebooks

clean: ## Remove the virtual environment and caches (never data/raw)
	rm -rf $(VENV) $(VENV_MIN) .pytest_cache .ruff_cache .hypothesis

.PHONY: help install validate build figures report all test test-all test-min bench extract-model extract-eval agreement targets lint lab clean

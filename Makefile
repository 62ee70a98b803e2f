# lmsanalyse — run `make help` for the targets.
# A fresh machine needs only Python 3.11 and pip: `make report` / `make test` set everything up.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: help setup report run test test-fast lint lock synth examples validate clean-outputs

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)  ## create .venv with the locked dependencies and the package

# The report's date is the last commit's (SOURCE_DATE_EPOCH), so one commit gives one set of bytes.
report: setup  ## run the whole pipeline on the bundled data (HTML + PDF in reports/)
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || date +%s)} \
	  $(BIN)/lmsanalyse run --cores 2
	@echo "Rapport: reports/lms_kartlegging.html og reports/lms_kartlegging.pdf"

run: report  ## alias for report

test: lint  ## ruff, snakemake's linter, then the whole test suite (both cores)
	$(BIN)/pytest -q -n 2

test-fast: setup  ## the fast tier: every module, no whole-workflow runs or PDFs (about a minute on 2 idle cores; the target was 30 s)
	$(BIN)/pytest -q -n 2 -m "not slow"

lint: setup  ## ruff (lint and format) and snakemake's linter
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/snakemake --lint

synth: setup  ## regenerate the bundled synthetic data in data/raw (seed 2015)
	$(BIN)/lmsanalyse synth --seed 2015 --out data/raw

examples: setup  ## regenerate data/examples/surveyxact_nettskjema (the same survey as tool exports)
	$(BIN)/lmsanalyse synth --seed 2015 --eksempel --out data/examples/surveyxact_nettskjema

validate: setup  ## check data/raw against the data contract
	$(BIN)/lmsanalyse validate --raw-dir data/raw

lock:  ## rebuild requirements.lock from pyproject.toml in a throwaway venv
	rm -rf /tmp/lmsanalyse-lock && $(PYTHON) -m venv /tmp/lmsanalyse-lock
	/tmp/lmsanalyse-lock/bin/pip install --quiet -e '.[test,cluster]'
	(echo "# Exact versions for a reproducible install (Python 3.11, Linux x86_64)."; \
	 echo "# Regenerate: make lock (pip freeze of a fresh venv built from pyproject.toml [test])."; \
	 /tmp/lmsanalyse-lock/bin/pip freeze --exclude-editable | grep -vi '^lmsanalyse') > requirements.lock

clean-outputs:  ## delete data/processed, reports and logs (they are rebuilt by `make report`)
	find data/processed reports -mindepth 1 ! -name .gitkeep -delete
	rm -rf logs

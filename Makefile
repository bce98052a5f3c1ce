# lambdaprep — two commands on a fresh machine:
#   make run    create .venv if needed, install, open the app
#   make test   same venv plus test dependencies, run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ARGS   ?=
# pip shows its progress (a fresh install takes about a minute) but not its version nag.
PIP    := $(BIN)/python -m pip install --progress-bar on --disable-pip-version-check

.PHONY: run test snapshots bench browser-check clean help

help:
	@echo "make run        set up .venv and open lambdaprep (pass ARGS='…' for CLI arguments)"
	@echo "make test       set up .venv with test dependencies and run the suite"
	@echo "make snapshots  regenerate snapshot tests on purpose (after a deliberate UI change)"
	@echo "make bench      run the benchmarks in benchmarks/ and print their numbers"
	@echo "make browser-check  serve the app and screenshot Home in headless Chromium (installs chromium; not run by CI)"
	@echo "make clean      remove .venv and caches"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "lambdaprep needs Python 3.11 or newer")'
	@echo "setting up lambdaprep (first run only, about a minute)…"
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip

# Stamps re-run the install whenever pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(PIP) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) -e '.[test]'
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/lambdaprep $(ARGS)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q $(ARGS)

snapshots: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q --snapshot-update tests/

bench: $(VENV)/.installed-test
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

browser-check: $(VENV)/.installed-run
	.ci/browser-check

clean:
	rm -rf $(VENV) .pytest_cache build dist

# The two commands of the README: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint typecheck check-install clean bench mutation

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

run: $(STAMP)
	$(BIN)/case-abstractor $(if $(DB),--db $(DB),--demo-if-empty)

test: $(TEST_STAMP)
	$(BIN)/ruff check desktop_app tests benchmarks packaging
	$(BIN)/mypy desktop_app
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check desktop_app tests benchmarks packaging
	$(BIN)/ruff format --check desktop_app tests benchmarks packaging

typecheck: $(TEST_STAMP)
	$(BIN)/mypy desktop_app

# Every budget of issue 6 on a synthetic database (kept under .bench/), as a table and JSON.
CASES ?= 100000
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run --cases $(CASES)

# Mutation testing of the safety code (issue 16; not part of `make test`): mutmut, configured
# in pyproject.toml, runs each mutant against the tests that reach its function; then the
# survivors per module. Narrow it with MODULES, e.g. MODULES='desktop_app.merge*'.
# docs/mutation.md has the figures and why each survivor is equivalent.
MODULES ?=
mutation: $(TEST_STAMP)
	$(BIN)/mutmut run $(MODULES)
	$(BIN)/python -m benchmarks.mutation_report

# The workstation bundle (PyInstaller, one folder: dist/case-abstractor/) and the offline
# install (every wheel in wheelhouse/); see packaging/README.md. The smoke tests run the
# built programs offscreen: demo database, list, PDF, XLSX, libpq, the GUI.
.PHONY: bundle bundle-smoke wheelhouse check-wheelhouse
bundle:
	PYTHON=$(PYTHON) packaging/build.sh

bundle-smoke: $(TEST_STAMP)
	$(BIN)/python packaging/smoke_test.py --bundle dist/case-abstractor

wheelhouse:
	PYTHON=$(PYTHON) packaging/wheelhouse.sh wheelhouse

check-wheelhouse: $(TEST_STAMP)
	PYTHON=$(PYTHON) packaging/check_wheelhouse.sh wheelhouse

clean:
	rm -rf $(VENV) build dist wheelhouse .pytest_cache .mypy_cache .ruff_cache

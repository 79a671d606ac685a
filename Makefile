# The two commands of the README: `make run` and `make test`. Both create .venv when missing.
# The first Python >= 3.11 on the PATH (or PYTHON=...); said plainly when there is none.
PYTHON ?= $(firstword $(foreach p,python3.13 python3.12 python3.11 python3 python,\
  $(if $(shell $(p) -c 'import sys; print(sys.version_info >= (3, 11))' 2>/dev/null | grep -x True),$(p))))
VENV := .venv
# A venv keeps its programs in Scripts/ on Windows, bin/ elsewhere.
BIN := $(VENV)/$(if $(filter Windows_NT,$(OS)),Scripts,bin)
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint typecheck check-install clean bench mutation

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Case Abstractor needs Python 3.11 or newer, and none was found (tried python3.13," \
	    "python3.12, python3.11, python3, python). Install it (Debian/Ubuntu: apt-get install" \
	    "python3.11 python3.11-venv), or give one: make PYTHON=/path/to/python3.11 ..." >&2; \
	  exit 1; \
	fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The app's dependencies at the versions of packaging/requirements.lock (what the bundle
# and the wheelhouse ship), so that the tests run against exactly those.
$(STAMP): pyproject.toml packaging/requirements.lock | $(BIN)/python
	packaging/constraints.sh build/constraints.txt
	$(BIN)/python -m pip install --quiet -c build/constraints.txt -e .
	$(BIN)/python -m compileall -q desktop_app  # bytecode now, not on the first start
	touch $@

$(TEST_STAMP): pyproject.toml packaging/requirements.lock | $(BIN)/python
	packaging/constraints.sh build/constraints.txt
	$(BIN)/python -m pip install --quiet -c build/constraints.txt -e '.[test]'
	touch $@ $(STAMP)

# Renew the lock after a change of dependencies in pyproject.toml (needs the package index).
.PHONY: lock
lock: $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-header \
	  --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
	  --output-file build/requirements.lock pyproject.toml
	head -n 3 packaging/requirements.lock | grep '^#' > build/lock-header.txt
	cat build/lock-header.txt build/requirements.lock > packaging/requirements.lock

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

# The README's pictures (docs/*.png) made again from the app itself, offscreen: the main
# window on a demo case, each tab, and the first page of its PDF. tests/test_screenshots.py
# makes them too (into a temporary folder) and checks that none is blank.
.PHONY: screenshots
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/screenshots.py docs

# Every budget of issue 6 on a synthetic database (kept under .bench/), as a table and JSON.
CASES ?= 100000
MILLION ?= 1000000
bench: $(STAMP)
	$(BIN)/python -m compileall -q desktop_app  # the start as installed: bytecode up to date
	$(BIN)/python -m benchmarks.run --cases $(CASES) --million $(MILLION)

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
.PHONY: bundle bundle-smoke wheelhouse check-wheelhouse deb check-deb
bundle:
	PYTHON=$(PYTHON) packaging/build.sh

bundle-smoke: $(TEST_STAMP)
	$(BIN)/python packaging/smoke_test.py --bundle dist/case-abstractor

# A .deb of the bundle for Linux workstations (dist/case-abstractor_VERSION_ARCH.deb).
deb:
	packaging/build_deb.sh

check-deb:
	packaging/check_deb.sh

wheelhouse:
	PYTHON=$(PYTHON) packaging/wheelhouse.sh wheelhouse

check-wheelhouse: $(TEST_STAMP)
	PYTHON=$(PYTHON) packaging/check_wheelhouse.sh wheelhouse

clean:
	rm -rf $(VENV) build dist wheelhouse .pytest_cache .mypy_cache .ruff_cache

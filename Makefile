# The two quick-start commands (README): `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint docs clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "teamspace needs Python 3.11 or newer (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@# Bytecode now, so every call does not compile our modules again (with
	@# PYTHONDONTWRITEBYTECODE set, Python never caches it for an editable checkout).
	$(BIN)/python -m compileall -q teamspace
	touch $(STAMP)

## Set up and open the TUI on a demo workspace (separate from your own).
demo: $(STAMP)
	$(BIN)/teamspace demo

## Set up and run everything CI runs: lint, types, the whole test suite.
## The mount suite runs alone after the rest: its timings (lock breaking, change
## detection) are about the share, not about a second test process beside it.
## --durations: the slowest tests are in every CI log (CI has 30 minutes on 2 cores).
JOBS ?= auto
PYTEST_ARGS ?= --durations=15
test: $(STAMP) lint
	$(BIN)/python -m pytest -m "not netdrive" -n $(JOBS) $(PYTEST_ARGS)
	$(BIN)/python -m pytest -m netdrive $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check teamspace tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

## Regenerate docs/cli.md from the commands' --help.
docs: $(STAMP)
	$(BIN)/python -m teamspace.cli.reference > docs/cli.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

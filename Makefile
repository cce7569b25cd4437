# Two entry points: `make play` and `make test`. Each makes .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Playing needs only heartline and what it runs on; the tests need the dev extra too. Each
# has its own stamp, so running one never makes the other think it is installed (or stale).
PLAY_STAMP := $(VENV)/.installed-play
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: play test lint bench clean man

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(PLAY_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# From the clone, saves go to ./saves and the library is ./decks. The commands the game
# prints (e.g. when you quit) then start with `.venv/bin/heartline --data-dir .`.
play: $(PLAY_STAMP)
	$(BIN)/heartline --data-dir "$(CURDIR)"

test: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy --strict src
	$(BIN)/python -m pytest

# Each speed figure against its floor; prints a table, writes benchmarks/results/latest.json.
bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/run.py

# The manual page, from the argument parser; shipped in the wheel (share/man/man1).
man: $(DEV_STAMP)
	$(BIN)/python man/build.py man/heartline.1

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy --strict src
	$(BIN)/ruff format --check src tests

clean:
	rm -rf $(VENV) build dist .pytest_cache

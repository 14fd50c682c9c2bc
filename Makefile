# The two commands a user needs: `make brief` and `make test`. Each sets itself up on first use.
BRIEF ?= us-china-cyber-talks
VENV  := .venv
BIN   := $(VENV)/bin

.PHONY: brief check test test-fast lint bench setup setup-test setup-bench clean

brief: setup
	$(BIN)/briefgen build $(BRIEF)

check: setup
	$(BIN)/briefgen check

# Tests write no bytecode into the checkout (tests/isolation.py checks they write nothing).
# Two workers (pytest-xdist); the tests sharing a whole-memo build run in one of them.
test: lint
	PYTHONDONTWRITEBYTECODE=1 $(BIN)/python -m pytest -n 2 --dist loadgroup

# The edit-test loop: everything but the browser and the slow tests (make test runs all).
test-fast: setup-test
	PYTHONDONTWRITEBYTECODE=1 $(BIN)/python -m pytest -n 2 -m "not browser and not slow" -q

bench: setup-bench
	$(BIN)/python bench/bench.py

lint: setup-test
	$(BIN)/ruff check briefgen tests bench
	$(BIN)/ruff format --check briefgen tests bench
	$(BIN)/mypy --strict

setup:
	@bash scripts/setup.sh run

setup-test:
	@bash scripts/setup.sh test

setup-bench:
	@bash scripts/setup.sh bench

clean:
	rm -rf build

# The two commands a user needs: `make brief` and `make test`. Each sets itself up on first use.
BRIEF ?= us-china-cyber-talks
VENV  := .venv
BIN   := $(VENV)/bin

.PHONY: brief check test lint bench setup setup-test setup-bench clean

brief: setup
	$(BIN)/briefgen build $(BRIEF)

check: setup
	$(BIN)/briefgen check

test: lint
	$(BIN)/python -m pytest

bench: setup-bench
	$(BIN)/python bench/bench.py

lint: setup-test
	$(BIN)/ruff check briefgen tests bench
	$(BIN)/ruff format --check briefgen tests bench
	$(BIN)/mypy

setup:
	@bash scripts/setup.sh run

setup-test:
	@bash scripts/setup.sh test

setup-bench:
	@bash scripts/setup.sh bench

clean:
	rm -rf build

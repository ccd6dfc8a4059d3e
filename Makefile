# Two commands for a fresh machine: `make run` and `make test` (see README).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORE ?= ./cchc-data
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv dev system-deps lint typecheck unit bench docs clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

venv: $(BIN)/python
	$(BIN)/pip install -q -e .

dev: $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'

# Debian packages some tests need: Tesseract with its Vietnamese model (OCR of scans).
system-deps:
	@if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx vie; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-vie >/dev/null; \
	  else echo "install tesseract-ocr and tesseract-ocr-vie (sudo apt-get install tesseract-ocr tesseract-ocr-vie)"; exit 1; fi; \
	fi

## Set up, load the bundled examples into the embedded store, serve on 127.0.0.1:8000.
run: venv
	$(BIN)/cchc load examples/ --store $(STORE)
	$(BIN)/cchc serve --store $(STORE) --host $(HOST) --port $(PORT)

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: dev
	$(BIN)/mypy

unit: dev
	$(BIN)/pytest

## Set up (venv, dev dependencies, system packages) and run the whole suite.
test: dev system-deps
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

bench: venv
	$(BIN)/python bench/run.py

docs: venv
	$(BIN)/python -m cchc_kg.ontology_doc > docs/ontology.html

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache

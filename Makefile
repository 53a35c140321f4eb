# Every target works from the root of a fresh clone: it installs what it needs first.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
HOST ?= 127.0.0.1
PORT ?= 8080
DATA_DIR ?= .flowloom

.PHONY: up test lint format protos openapi sdk bench e2e sync clean

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

sync: $(UV)
	$(UV) sync --frozen --quiet

up: sync ## start the whole platform in embedded mode
	$(UV) run flowloom-adm up --data-dir $(DATA_DIR) --host $(HOST) --port $(PORT)

test: sync ## every test: unit, integration (PostgreSQL, RabbitMQ, S3) and e2e
	$(UV) run pytest

e2e: sync
	$(UV) run pytest tests/e2e

lint: sync
	$(UV) run ruff format --check .
	$(UV) run ruff check .
	$(UV) run mypy servicekit/src authorization/src adm/src runner/src action-wrapper/src repository/src action-builder/src studio/src cli/src
	$(UV) run lint-imports
	$(UV) run python tools/protos.py --check
	$(UV) run python tools/openapi.py --check

format: sync
	$(UV) run ruff format .
	$(UV) run ruff check --fix .

protos: sync
	$(UV) run python tools/protos.py

openapi: sync ## the services' merged OpenAPI document: cli/openapi.json
	$(UV) run python tools/openapi.py

sdk: sync ## cli/openapi.json and the CLI's SDK generated from it (cli/src/flowloom_sdk)
	$(UV) run python tools/openapi.py --sdk

bench: sync ## every benchmark (BENCH_ARGS=--short for the quick form CI runs)
	$(UV) run python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf .tools .venv .pytest_cache .mypy_cache .ruff_cache

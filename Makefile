# Every target works from the root of a fresh clone: it installs what it needs first.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
HOST ?= 127.0.0.1
PORT ?= 8080
DATA_DIR ?= .flowloom

.PHONY: up test lint format protos openapi sdk bench e2e sync system clean webui

# The web UI is rebuilt when a source (unit tests aside) is newer than the build; `npm ci` runs
# only when node_modules is missing or older than the lock file (npm writes
# node_modules/.package-lock.json).
WEBUI_BUILD := webui/dist/flowloom-webui/browser/index.html
WEBUI_SOURCES := $(shell find webui/src webui/public -type f ! -name '*.spec.ts' 2>/dev/null) \
	webui/angular.json webui/package.json webui/tsconfig.json webui/tsconfig.app.json

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

# Bytecode is compiled once here: where PYTHONDONTWRITEBYTECODE is set (as on the CI machines)
# every process start otherwise compiles its imports again (3.9 s instead of 1.5 s for a service).
sync: $(UV)
	$(UV) sync --frozen --quiet --compile-bytecode
	.venv/bin/python -m compileall -q -j 0 $(filter-out webui/src,$(wildcard */src)) >/dev/null

system: ## the sandbox's system tools (bubblewrap, slirp4netns), installed when missing and root
	@tools/system-packages.sh

webui: ## build the web UI into webui/dist/flowloom-webui/browser when its sources changed
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(WEBUI_BUILD); \
	else echo "npm not found: the web UI is not built (it needs Node.js 20.19+ and npm)"; fi

webui/node_modules/.package-lock.json: webui/package-lock.json
	cd webui && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund

# The build is dated from its start, so a source saved while it ran triggers the next one.
$(WEBUI_BUILD): webui/node_modules/.package-lock.json $(WEBUI_SOURCES)
	touch webui/.build-started
	cd webui && npm run build
	touch -r webui/.build-started $@ && rm webui/.build-started

up: sync system webui ## start the whole platform in embedded mode (building the web UI first)
	$(UV) run flowloom-adm up --data-dir $(DATA_DIR) --host $(HOST) --port $(PORT)

test: sync system ## every test: unit, integration (PostgreSQL, RabbitMQ, S3), e2e, web UI units
	$(UV) run pytest

e2e: sync system
	$(UV) run pytest tests/e2e

lint: sync
	$(UV) run ruff format --check .
	$(UV) run ruff check .
	$(UV) run mypy servicekit/src authorization/src adm/src runner/src action-wrapper/src repository/src action-builder/src studio/src cli/src sdk/src testkit/src
	$(UV) run lint-imports
	$(UV) run python tools/protos.py --check
	$(UV) run python tools/openapi.py --check

format: sync
	$(UV) run ruff format .
	$(UV) run ruff check --fix .

protos: sync
	$(UV) run python tools/protos.py

openapi: sync ## the services' merged OpenAPI document: sdk/openapi.json
	$(UV) run python tools/openapi.py

sdk: sync ## sdk/openapi.json, the SDK (sdk/src/flowloom_sdk) and the web UI's API types
	$(UV) run python tools/openapi.py --sdk
	@if [ -d webui/node_modules ]; then cd webui && npm run --silent api; \
	else echo "webui/node_modules missing: run 'cd webui && npm ci && npm run api'"; fi

bench: sync ## every benchmark (BENCH_ARGS=--short for the quick form CI runs)
	$(UV) run python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf .tools .venv .pytest_cache .mypy_cache .ruff_cache webui/node_modules webui/dist

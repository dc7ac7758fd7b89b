# Two commands for a fresh machine: `make run` and `make test`. Everything else is a helper of those.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run serve worker test tools install migrate translations demo messages clean check-python bench bench-pages bench-search bench-search-engine bench-semantic community

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found %s" % sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

translations: install
	$(MANAGE) compiletranslations

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

# The web server and the background worker together (scheduled publishing, e-mails, digests, search); Ctrl-C
# stops both. `make serve` and `make worker` run one each, e.g. in two terminals. Both run in the background of
# one shell that waits: Ctrl-C interrupts the wait at once and the shell stops both with SIGTERM (the server's
# autoreloader then kills its child), so stopping never depends on how a busy runserver handles SIGINT. The
# server ending (e.g. its port is taken) stops the worker.
run: install translations migrate demo
	@trap 'kill $$server $$worker 2>/dev/null; wait 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(MANAGE) run_huey --workers 2 & worker=$$!; \
	$(MANAGE) runserver $(HOST):$(PORT) & server=$$!; \
	wait $$server

serve: install translations migrate
	$(MANAGE) runserver $(HOST):$(PORT)

worker: install migrate
	$(MANAGE) run_huey --workers 2

test: install translations
	DJANGO_SETTINGS_MODULE=cop.settings.test $(BIN)/pytest $(PYTEST_ARGS)

# Test-only tools from package.json: axe-core and the Nu HTML checker (vnu.jar, run with the machine's Java) for
# tests/test_accessibility.py, which skips without them (fails in CI). Not needed by `make test`. Scripts are
# ignored: vnu-jar's would download a Java runtime.
tools:
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --ignore-scripts; \
	else echo "npm not found: tests/test_accessibility.py will be skipped (apt-get install npm)"; fi

# Every benchmark of issue #15 end to end (not tests; CI runs none of them): pages, write path, rebuild, weight and a
# load test on SQLite and on a throwaway PostgreSQL, search beside Wagtail's database backend, the engine on a
# fresh OpenSearch node, hybrid search; prints every budget with PASS/MISS and writes
# docs/benchmarks/<date>-bench-<scale>.md. 17-40 minutes at 100k on 2 cores, by the day. Options:
# make bench SCALE=10k BENCH_SKIP=postgres,engine
bench: $(BIN)/.bench-installed translations
	$(PY) benchmarks/bench.py --scale $(or $(SCALE),100k) $(if $(BENCH_SKIP),--skip $(BENCH_SKIP))

$(BIN)/.bench-installed: requirements-bench.txt $(BIN)/.installed
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $@

# Page budgets on a generated community (benchmarks/community.py; scales 1k, 10k, 100k), with the search index
# rebuilt from the database; writes docs/benchmarks/<date>-pages-<scale>.md. Options: BENCH_PAGES_ARGS="--scale 1k"
bench-pages: $(BIN)/.bench-installed
	$(PY) benchmarks/pages.py --results docs/benchmarks $(BENCH_PAGES_ARGS)

# Fill a database with a generated community (add DATABASE_URL=... to choose it): make community SCALE=10k
community: install
	$(PY) benchmarks/community.py --scale $(or $(SCALE),10k)

# Search benchmark (not a test): 100,000 generated documents, embedded backend beside Wagtail's database backend.
# Options: make bench-search BENCH_ARGS="--docs 20000 --queries 50 --skip-wagtail --json out.json"
bench-search: install
	$(PY) benchmarks/search.py $(BENCH_ARGS)

# Hybrid search (words + meaning) beside words only: relevance set on the demo content, then latency, embedding
# throughput, index size and memory at 1,000 and 10,000 documents. Options: see `benchmarks/semantic.py --help`.
bench-semantic: install
	$(PY) benchmarks/semantic.py $(BENCH_SEMANTIC_ARGS)

# The same corpus and queries through the engine backend on a running node (see ops/opensearch):
# make bench-search-engine BENCH_ENGINE_ARGS="--url opensearch://127.0.0.1:9250 --docs 100000"
bench-search-engine: install
	$(PY) benchmarks/search_engine.py $(BENCH_ENGINE_ARGS)

# Regenerate the .po catalogues after changing UI strings (needs GNU gettext).
messages: install
	$(MANAGE) makemessages --locale uk --locale en --ignore '$(VENV)/*' --ignore 'tests/*' --ignore 'staticfiles/*' --no-obsolete
	$(MANAGE) compiletranslations

clean:
	rm -rf $(VENV) .pytest_cache staticfiles node_modules artifacts cache

# Two commands for a fresh machine: `make run` and `make test`.
# Both create .venv themselves; only Python >= 3.11 and make are needed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-durations test-pg-restart lint format bench clean messages fixtures fixtures-check

# scripts/install.sh installs with uv when it can be had (seconds, where pip takes half a
# minute or more of a fresh clone's set-up), else with pip.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required")'
	$(PYTHON) -m venv --without-pip $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	PYTHON=$(PYTHON) scripts/install.sh .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	PYTHON=$(PYTHON) scripts/install.sh '.[test]'
	@touch $@ $(VENV)/.installed-run

# Links in pages and emails follow HOST/PORT unless NOTIFIER_BASE_URL (environment or .env)
# says otherwise: `notifier serve` decides it (notifier.cli.common.served_settings).
run: $(VENV)/.installed-run
	$(BIN)/notifier serve --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	scripts/mypy.sh

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Two workers sharing the tests one by one, except that each browser test module stays on one
# worker (an xdist_group per module: one server and one Chromium); every test has its own
# SQLite file and PostgreSQL database, so the workers never share one.
PYTEST_WORKERS ?= 2
# Temporary files (each test's database, outbox and published site, PostgreSQL's data) go to
# memory where /dev/shm is: the code's fsyncs still run, but no longer wait for a busy disk.
# Bytecode is written (to the git-ignored __pycache__ folders) even where the environment sets
# PYTHONDONTWRITEBYTECODE: else every worker and server compiles the package and the tests
# again, and every database opened compiles the migrations again (Alembic loads them each time).
# The package is compiled before the run, so a fresh clone's processes do not all do it at once;
# the test modules' rewritten bytecode is seeded from the last run (scripts/with-test-bytecode.sh).
# Only when it has room: a container's /dev/shm is often 64 MB, which the suite would fill.
TEST_TMPDIR ?= $(shell [ -d /dev/shm ] && [ -w /dev/shm ] \
	&& [ "$$(df -Pk /dev/shm | awk 'NR == 2 { print $$4 }')" -ge 2097152 ] 2>/dev/null \
	&& echo /dev/shm || echo "$${TMPDIR:-/tmp}")

test: lint
	@scripts/ensure-chromium.sh
	@scripts/ensure-axe.sh
	@scripts/ensure-nginx.sh
	@scripts/ensure-debian-package.sh khal /usr/bin/khal "importing a feed with cancelled events" "test_khal_importing_the_feed_again_marks_the_event_cancelled is skipped"
	@scripts/ensure-debian-package.sh poppler-utils /usr/bin/pdftotext "reading each aligned layout as pdftotext -layout text" "tests/documents/test_variants.py is skipped"
	@scripts/ensure-debian-package.sh fonts-dejavu-core /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "printing each aligned layout as a PDF" "tests/documents/test_variants.py is skipped"
	@PYTHONDONTWRITEBYTECODE= $(BIN)/python -m compileall -q -j 0 notifier migrations
	TMPDIR=$(TEST_TMPDIR) PYTHONDONTWRITEBYTECODE= scripts/with-test-bytecode.sh \
		scripts/with-postgres.sh \
		$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# Where the suite's time goes: the 40 slowest set-ups, calls and tear-downs.
test-durations:
	$(MAKE) test PYTEST_ARGS="--durations=40 $(PYTEST_ARGS)"

# PostgreSQL really stopped (pg_ctl -m immediate) and started mid-pass: it stops its server,
# so it runs alone, on a server of its own; `make test` skips it (a shared server, and time).
test-pg-restart: $(VENV)/.installed-test
	TEST_POSTGRES_RESTART=1 scripts/with-postgres.sh $(BIN)/python -m pytest -p no:cacheprovider -m pg_restart tests/jobs/test_postgres_restart.py

# After adding or changing a text an NGO sees: new texts land in the catalogs, to translate.
messages: $(VENV)/.installed-run
	$(BIN)/python scripts/messages.py

# PostgreSQL figures come from a throwaway server, as in make test (scripts/with-postgres.sh).
bench: $(VENV)/.installed-test
	@scripts/ensure-wrk.sh
	@scripts/ensure-nginx.sh
	scripts/with-postgres.sh $(BIN)/python benchmarks/run_all.py

# The importer's fixture documents: regenerate (after changing tests/documents/sources) and
# check that regenerating changes nothing (the generator is reproducible; needs fpdf2).
fixtures: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet 'fpdf2>=2.8'
	@scripts/ensure-debian-package.sh poppler-utils /usr/bin/pdftotext "the fixtures' -layout texts" "nothing: make fixtures fails"
	$(BIN)/python scripts/make_import_fixtures.py

fixtures-check: fixtures
	git diff --exit-code --stat -- tests/documents/fixtures benchmarks/data

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis .cache

# Waypoint: `make demo` to try it, `make test` to check it, `make bench` to measure it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
UV_VERSION := 0.13.9
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo install test lint unit browser bench lock clean messages

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: requirements.lock | $(BIN)/uv
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	touch $@

install: $(VENV)/.synced

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check --fail-level WARNING

unit: install
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

browser: install
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

# The whole suite: lint, types, migrations check, every test (browser tests skip
# with a clear message when /usr/bin/chromium is absent).
test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python manage.py bench $(BENCH_ARGS)

# The translation catalogs (waypoint/locale): gather the marked strings into each .po
# (translate the new ones there), then compile the .mo files kept in the repository.
# Needs GNU gettext (apt-get install gettext). A test checks that a fresh run would
# change no msgid (plans/tests/test_print_language.py).
messages: install
	$(BIN)/python manage.py makemessages -l es -l ar --no-wrap --no-location --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=var --ignore='*/tests/*'
	$(BIN)/python manage.py compilemessages --ignore=.venv

lock: $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml --group dev --generate-hashes --quiet -o requirements.lock

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* .mypy_cache .ruff_cache

# Putokaz: `make demo` runs the app with demo data, `make test` runs every check.
PORT ?= 8000
PYTHON ?= python3
export UV_PYTHON_DOWNLOADS := never
# The Python that runs make is the one the project uses (3.12 or newer; .python-version
# names 3.12 for machines where pyenv keeps several).
export UV_PYTHON ?= $(shell $(PYTHON) -c 'import sys; print(sys.executable)')

# uv from PATH when it works, else bootstrapped with pip into .tools/.
UV := $(shell uv --version >/dev/null 2>&1 && echo uv || echo .tools/bin/uv)

.PHONY: demo test lint typecheck pytest translations sync sync-prod serve clean

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

sync: $(if $(filter uv,$(UV)),,.tools/bin/uv)
	$(UV) sync --locked --quiet

sync-prod: $(if $(filter uv,$(UV)),,.tools/bin/uv)
	$(UV) sync --locked --no-dev --quiet

translations: sync
	$(UV) run --no-sync putokaz translations --compile

demo: sync-prod
	$(UV) run --no-sync putokaz translations --compile
	$(UV) run --no-sync putokaz demo --port $(PORT)

lint: sync
	$(UV) run --no-sync ruff check .
	$(UV) run --no-sync ruff format --check .

typecheck: sync
	$(UV) run --no-sync mypy putokaz config tests conftest.py

pytest: translations
	$(UV) run --no-sync pytest

test: lint typecheck pytest

clean:
	rm -rf .tools .venv var .pytest_cache .mypy_cache .ruff_cache

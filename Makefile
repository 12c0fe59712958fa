# lecnn: two commands set everything up on a fresh machine with Python 3.10+ and make.
#   make lab    create .venv if missing, install the project, open the notebooks in JupyterLab
#   make test   create .venv if missing, install, lint, unit tests, nbval over every notebook

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
# The install is redone whenever pyproject.toml changes.
STAMP  := $(VENV)/.installed

.PHONY: help venv lab test lint unit nbval clean

help:
	@echo "make lab    open the notebooks in JupyterLab (PORT=$(PORT))"
	@echo "make test   lint, unit tests and nbval over every notebook"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -e '.[test,app]'
	@touch $(STAMP)

venv: $(STAMP)

# --allow-root: JupyterLab refuses to start as root without it (it is harmless otherwise).
# A machine without a browser just prints the URL to open.
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks --port=$(PORT) --allow-root

test: lint unit nbval

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: $(STAMP)
	$(BIN)/pytest tests -q -p no:cacheprovider

# nbval compares every cell's stored output with a fresh run (in this venv's Python).
nbval: $(STAMP)
	@if ls notebooks/*.ipynb >/dev/null 2>&1; then \
	  $(BIN)/pytest -q -p no:cacheprovider --nbval notebooks --nbval-current-env \
	    --nbval-cell-timeout=300 -n 2 --dist loadfile; \
	else echo "no notebooks yet: nbval skipped"; fi

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache

# lecnn: two commands set everything up on a fresh machine with Python 3.10+ and make.
#   make lab    create .venv if missing, install the project, open the notebooks in JupyterLab
#   make test   create .venv if missing, install, lint, unit tests, nbval over every notebook

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
APP_PORT ?= 8866
# The install is redone whenever pyproject.toml changes.
STAMP  := $(VENV)/.installed

.PHONY: help venv lab test lint unit nbval student-run app bench student test-browser clean

help:
	@echo "make lab    open the notebooks in JupyterLab (PORT=$(PORT))"
	@echo "make test   lint, unit tests and nbval over every notebook"
	@echo "make app    the playground alone as a Voila app (APP_PORT=$(APP_PORT))"
	@echo "make student  the student edition of the notebooks in dist/student/"
	@echo "make bench  lecnn against PyTorch on the same training work"
	@echo "make test-browser  every notebook and the app in headless Chromium"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -e '.[test,app]'
	@touch $(STAMP)

venv: $(STAMP)

# --allow-root: JupyterLab refuses to start as root without it (it is harmless otherwise).
# A machine without a browser just prints the URL to open.
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks --port=$(PORT) --allow-root

test: lint unit nbval student-run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: $(STAMP)
	$(BIN)/pytest tests -q -p no:cacheprovider

# nbval compares every cell's stored output with a fresh run (in this venv's Python).
nbval: $(STAMP)
	@if ls notebooks/*.ipynb >/dev/null 2>&1; then \
	  $(BIN)/pytest -q -p no:cacheprovider --nbval notebooks --nbval-current-env \
	    --nbval-cell-timeout=120 -n 2 --dist loadfile; \
	else echo "no notebooks yet: nbval skipped"; fi

# --- the playground as an app (issue: playground) ---
app: $(STAMP)
	$(BIN)/voila app/playground.ipynb --no-browser --port=$(APP_PORT) --Voila.ip=127.0.0.1

# --- student edition (issue: exercises) ---
# Overwrites only the notebooks it wrote itself and nobody changed since (dist/student/.make_student.json
# lists them with their hashes); a changed or unknown notebook stays, the new one goes beside it.
student: $(STAMP)
	$(BIN)/python tools/make_student.py notebooks dist/student

# --- benchmark (issue: speed) ---
# PyTorch (the optional `bench` extra) is installed here only if missing; `make test` never
# needs it. Options go through BENCH_ARGS, e.g. make bench BENCH_ARGS="--threads 1 2".
bench: $(STAMP)
	@$(BIN)/python -c "import torch" 2>/dev/null || \
	  $(BIN)/python -m pip install --disable-pip-version-check -q -e '.[bench]' || \
	  echo "PyTorch could not be installed: lecnn's figures alone"
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# --- browser tests (issue: browser) ---
# Every numbered notebook (Run All in JupyterLab), the playground and the Voila app, in headless
# Chromium (tests_browser/). Installs Debian's chromium first when missing (as root; Playwright's
# own browser download does not work offline). Screenshots go to build/screenshots/.
# Bounded: 10 min per test, 30 min in all (SIGTERM lets the tests stop their servers).
test-browser: $(STAMP)
	bash tools/install_chromium.sh
	timeout --kill-after=60 1800 $(BIN)/pytest tests_browser -q -p no:cacheprovider --timeout=600

# The student edition (blanks unfilled), built in a temporary folder with the wheel installed in a
# fresh venv there, runs top to bottom and every check reports the blank (never dist/student/).
student-run: $(STAMP)
	$(BIN)/pytest tests/test_student.py -q -p no:cacheprovider -m notebook_run

# Keeps dist/student/: students' or the instructor's edits may be there.
clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
	rm -f dist/*.whl

# lecnn: two commands set everything up on a fresh machine with Python 3.10+ and make.
#   make lab    create .venv if missing, install what the notebooks need, open them in JupyterLab
#   make test   also install the test tools; lint, unit tests, nbval over every notebook

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
APP_PORT ?= 8866
PIP    := $(BIN)/python -m pip install --disable-pip-version-check
# One stamp per set of extras; each install is redone whenever pyproject.toml changes.
# The test install is a superset of the others and renews their stamps too.
LAB_STAMP  := $(VENV)/.installed-lab
APP_STAMP  := $(VENV)/.installed-app
TEST_STAMP := $(VENV)/.installed-test
# The test install includes PyTorch (the `torch` extra, for notebook 10). TORCH=0 leaves it out,
# e.g. for a Python that has no CPU build of PyTorch at hand: nbval and the student-edition run
# then leave notebook 10 out and say so.
TORCH  ?= 1
comma  := ,
TEST_EXTRAS := test,app$(if $(filter 0,$(TORCH)),,$(comma)torch)
WITHOUT_TORCH := $(filter 0,$(TORCH))
NBVAL_NOTEBOOKS := notebooks$(if $(WITHOUT_TORCH), --ignore=notebooks/10_pytorch.ipynb)
export LECNN_WITHOUT_TORCH := $(if $(WITHOUT_TORCH),1,0)
# nbval masks the figures that notebooks mark as machine-dependent (see the file).
NBVAL  := $(BIN)/pytest -q -p no:cacheprovider --nbval-current-env --nbval-cell-timeout=120 \
          --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help venv lab test lint unit nbval test-portable student-run app bench student test-browser clean

help:
	@echo "make lab    open the notebooks in JupyterLab (PORT=$(PORT))"
	@echo "make test   lint, unit tests and nbval over every notebook"
	@echo "make test-portable  nbval again with numpy's SIMD levels below this CPU's turned off"
	@echo "make app    the playground alone as a Voila app (APP_PORT=$(APP_PORT))"
	@echo "make student  the student edition of the notebooks in dist/student/"
	@echo "make bench  lecnn against PyTorch on the same training work"
	@echo "make test-browser  every notebook and the app in headless Chromium"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Shows pip's progress: the first install downloads for a few minutes.
$(LAB_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e .
	@touch $@

$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[app]'
	@touch $(LAB_STAMP) $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[$(TEST_EXTRAS)]'
	@touch $(LAB_STAMP) $(APP_STAMP) $@

venv: $(TEST_STAMP)

# JupyterLab's settings for this venv (tools/jupyterlab/overrides.json): no widget state is written
# into a notebook, so opening one never marks it modified (the playground keeps a still picture).
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_OVERRIDES): tools/jupyterlab/overrides.json | $(LAB_STAMP)
	mkdir -p $(dir $@)
	cp $< $@

# --allow-root: JupyterLab refuses to start as root without it (it is harmless otherwise).
# A machine without a browser just prints the URL to open.
lab: $(LAB_STAMP) $(LAB_OVERRIDES)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks --port=$(PORT) --allow-root

test: lint unit nbval student-run

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: $(TEST_STAMP)
	$(BIN)/pytest tests -q -p no:cacheprovider

# nbval compares every cell's stored output with a fresh run (in this venv's Python).
nbval: $(TEST_STAMP)
	@if ls notebooks/*.ipynb >/dev/null 2>&1; then \
	  $(if $(WITHOUT_TORCH),echo "TORCH=0: notebook 10 (PyTorch) is left out";) \
	  $(NBVAL) --nbval $(NBVAL_NOTEBOOKS) -n 2 --dist loadfile; \
	else echo "no notebooks yet: nbval skipped"; fi

# nbval once more for each of numpy's SIMD levels below this CPU's own (AVX-512, AVX2 on x86-64),
# turned off with NPY_DISABLE_CPU_FEATURES: numpy then uses the tanh, exp, ... loops that a CPU
# without them would, and every stored output must still match.
test-portable: $(TEST_STAMP)
	$(BIN)/python tools/test_portable.py -- $(NBVAL) --nbval $(NBVAL_NOTEBOOKS) -n 2 --dist loadfile

# --- the playground as an app ---
app: $(APP_STAMP)
	$(BIN)/voila app/playground.ipynb --no-browser --port=$(APP_PORT) --Voila.ip=127.0.0.1

# --- student edition ---
# Overwrites only the notebooks it wrote itself and nobody changed since (dist/student/.make_student.json
# lists them with their hashes); a changed or unknown notebook stays, the new one goes beside it.
student: $(TEST_STAMP)
	$(BIN)/python tools/make_student.py notebooks dist/student

# --- benchmark ---
# PyTorch (the optional `torch` extra) is installed here only if missing. Options go through BENCH_ARGS, e.g. make bench BENCH_ARGS="--threads 1 2".
bench: $(TEST_STAMP)
	@$(BIN)/python -c "import torch" 2>/dev/null || \
	  $(BIN)/python -m pip install --disable-pip-version-check -q -e '.[torch]' || \
	  echo "PyTorch could not be installed: lecnn's figures alone"
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# --- browser tests ---
# Every numbered notebook (Run All in JupyterLab), the playground and the Voila app, in headless
# Chromium (tests_browser/). Installs Debian's chromium first when missing (as root; Playwright's
# own browser download does not work offline). Screenshots go to build/screenshots/.
# Bounded: 10 min per test, 30 min in all (SIGTERM lets the tests stop their servers).
test-browser: $(TEST_STAMP) $(LAB_OVERRIDES)
	bash tools/install_chromium.sh
	timeout --kill-after=60 1800 $(BIN)/pytest tests_browser -q -p no:cacheprovider --timeout=600

# The student edition (blanks unfilled), built in a temporary folder with the wheel installed in a
# fresh venv there, runs top to bottom and every check reports the blank (never dist/student/).
student-run: $(TEST_STAMP)
	$(BIN)/pytest tests/test_student.py -q -p no:cacheprovider -m notebook_run

# Keeps dist/student/: students' or the instructor's edits may be there.
clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
	rm -f dist/*.whl

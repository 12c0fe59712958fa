# lecnn: two commands set everything up on a fresh machine with Python 3.10+ and make.
#   make lab    create .venv if missing, install what the notebooks need, open them in JupyterLab
#   make test   also install the test tools; lint, unit tests, nbval over every notebook, and the
#               student edition run from the hand-out

PYTHON ?= python3
VENV   ?= .venv
# The repository (this Makefile's folder): `make clean` removes nothing outside it.
ROOT   := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
# Marks a venv that this Makefile created; `make clean` removes no other folder named by VENV.
VENV_MARK := .made-by-lecnn-make
BIN    := $(VENV)/bin
PORT   ?= 8888
APP_PORT ?= 8866
PIP    := $(BIN)/python -m pip install --disable-pip-version-check
# One stamp per set of extras; each install is redone whenever pyproject.toml changes.
# The test install is a superset of the others and renews their stamps too.
LAB_STAMP  := $(VENV)/.installed-lab
APP_STAMP  := $(VENV)/.installed-app
TEST_STAMP := $(VENV)/.installed-test
HANDOUT_STAMP := $(VENV)/.installed-handout
SITE_STAMP := $(VENV)/.installed-site
# The test install includes PyTorch (the `torch` extra, for notebook 10). TORCH=0 leaves it out,
# e.g. for a Python that has no CPU build of PyTorch at hand: nbval and the student-edition run
# then leave notebook 10 out and say so (nbval also leaves out notebook 11, whose last section
# compares with PyTorch; its student edition still runs, skipping that section).
TORCH  ?= 1
comma  := ,
TEST_EXTRAS := test,app$(if $(filter 0,$(TORCH)),,$(comma)torch)
WITHOUT_TORCH := $(filter 0,$(TORCH))
NBVAL_NOTEBOOKS := notebooks$(if $(WITHOUT_TORCH), --ignore=notebooks/10_pytorch.ipynb --ignore=notebooks/11_optimization.ipynb)
export LECNN_WITHOUT_TORCH := $(if $(WITHOUT_TORCH),1,0)
# Runs without a person are bounded. A notebook cell that gives no reply within CELL_TIMEOUT
# seconds fails, named with its notebook (nbval; the student-edition run also tries the notebook
# once more); pytest-timeout fails any one test after TEST_TIMEOUT; `timeout` stops a whole run
# after RUN_TIMEOUT and says so. Headless execution can stall on an ipywidgets cell (see
# CONTRIBUTING.md, "Runs without a person").
CELL_TIMEOUT := 120
TEST_TIMEOUT := 600
RUN_TIMEOUT  := 1800
# $(call bounded,SECONDS,COMMAND): COMMAND, stopped after SECONDS with a message naming it.
bounded = timeout --kill-after=60 $(1) $(2); rc=$$?; \
  if [ $$rc -eq 124 ] || [ $$rc -eq 137 ]; then \
    echo "stopped after $(1) s, the limit for a run without a person: $(firstword $(2)) ..." >&2; fi; \
  exit $$rc
# nbval masks the figures that notebooks mark as machine-dependent (see the file).
NBVAL  := $(BIN)/pytest -q -p no:cacheprovider --nbval-current-env \
          --nbval-cell-timeout=$(CELL_TIMEOUT) --timeout=$(TEST_TIMEOUT) --timeout-method=signal \
          --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help venv lab test lint unit nbval test-portable test-lowest student-run app bench student handout \
        test-browser test-browser-playground site sites clean

help:
	@echo "make lab    open the notebooks in JupyterLab (PORT=$(PORT))"
	@echo "make test   lint, unit tests, nbval over every notebook, the hand-out's student edition run"
	@echo "make test-portable  nbval again with numpy's SIMD levels below this CPU's turned off"
	@echo "make test-lowest  unit tests, nbval and the playground in Chromium with the lowest releases pyproject.toml allows"
	@echo "make app    the playground alone as a Voila app (APP_PORT=$(APP_PORT))"
	@echo "make student  the student edition of the notebooks in dist/student/"
	@echo "make handout  dist/lecnn-handout-<version>.zip for students: edition, wheel, README"
	@echo "make bench  lecnn against PyTorch on the same training work"
	@echo "make site   the course site in build/site/ (ANSWERS=0: without the answers, in build/site-noanswers/)"
	@echo "make test-browser  every notebook, the app and the course site in headless Chromium"
	@echo "make clean  remove the venv this Makefile made in the repository (VENV=$(VENV)), build/, caches, built wheels"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	@touch $(VENV)/$(VENV_MARK)

# Shows pip's progress: the first install downloads for a few minutes.
$(LAB_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e .
	@touch $@

$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[app]'
	@touch $(LAB_STAMP) $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[$(TEST_EXTRAS)]'
	@touch $(LAB_STAMP) $(APP_STAMP) $(HANDOUT_STAMP) $@

$(SITE_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[site]'
	@touch $(LAB_STAMP) $@

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
	@$(call bounded,$(RUN_TIMEOUT),$(BIN)/pytest tests -q -p no:cacheprovider)

# nbval compares every cell's stored output with a fresh run (in this venv's Python).
nbval: $(TEST_STAMP)
	@if ls notebooks/*.ipynb >/dev/null 2>&1; then \
	  $(if $(WITHOUT_TORCH),echo "TORCH=0: notebooks 10 (PyTorch) and 11 (its PyTorch section) are left out";) \
	  $(call bounded,$(RUN_TIMEOUT),$(NBVAL) --nbval $(NBVAL_NOTEBOOKS) -n 2 --dist loadfile); \
	else echo "no notebooks yet: nbval skipped"; fi

# nbval once more for each of numpy's SIMD levels below this CPU's own (AVX-512, AVX2 on x86-64),
# turned off with NPY_DISABLE_CPU_FEATURES: numpy then uses the tanh, exp, ... loops that a CPU
# without them would, and every stored output must still match.
test-portable: $(TEST_STAMP)
	$(BIN)/python tools/test_portable.py -- timeout --kill-after=60 $(RUN_TIMEOUT) \
	  $(NBVAL) --nbval $(NBVAL_NOTEBOOKS) -n 2 --dist loadfile

# The unit tests, nbval and the playground's browser tests in a venv of their own (LOWEST_VENV)
# whose dependencies are the lowest releases pyproject.toml allows (tools/lowest_constraints.py,
# given to pip as PIP_CONSTRAINT): each floor there is a release the series runs with, the
# panel's widgets in JupyterLab and Voila included. Without PyTorch (TORCH=0), and with a Python
# for which those releases have wheels (README.md says which).
LOWEST_VENV ?= .venv-lowest
test-lowest: $(TEST_STAMP)
	mkdir -p build
	$(BIN)/python tools/lowest_constraints.py pyproject.toml > build/lowest-constraints.txt
	PIP_CONSTRAINT='$(ROOT)/build/lowest-constraints.txt' $(MAKE) venv VENV=$(LOWEST_VENV) TORCH=0
	$(LOWEST_VENV)/bin/python tools/lowest_constraints.py --installed pyproject.toml
	$(MAKE) unit nbval test-browser-playground VENV=$(LOWEST_VENV) TORCH=0

# --- the playground as an app ---
app: $(APP_STAMP)
	$(BIN)/voila app/playground.ipynb --no-browser --port=$(APP_PORT) --Voila.ip=127.0.0.1

# --- student edition and hand-out ---
# Both need lecnn (make lab's install: the answer-leak check reads lecnn.checks' exercises) and
# nbformat, IPython and setuptools (pyproject's `handout` dependency group), not the test tools or
# PyTorch. pip reads dependency groups from 25.1 on.
$(HANDOUT_STAMP): pyproject.toml | $(LAB_STAMP)
	$(PIP) --upgrade 'pip>=25.1'
	$(PIP) --group handout
	@touch $@

# Overwrites only the notebooks it wrote itself and nobody changed since (dist/student/.make_student.json
# lists them with their hashes); a changed or unknown notebook stays, the new one goes beside it.
student: $(HANDOUT_STAMP)
	$(BIN)/python tools/make_student.py notebooks dist/student

# One zip for students (tools/make_handout.py): the student edition built in a temporary folder
# (never dist/student/), the wheel, a Japanese README and an overview notebook. Overwrites only
# a zip it made itself and nobody changed since (dist/.make_handout.json).
handout: $(HANDOUT_STAMP)
	$(BIN)/python tools/make_handout.py notebooks dist

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
# Bounded: TEST_TIMEOUT per test (pytest-timeout's signal method fails the test, so its fixtures
# still stop the servers and kernels), RUN_TIMEOUT in all (SIGTERM lets the tests stop them too).
# Builds both course sites first (tests_browser/test_site.py reads them).
test-browser: $(TEST_STAMP) $(LAB_OVERRIDES) sites
	bash tools/install_chromium.sh
	@$(call bounded,$(RUN_TIMEOUT),$(BIN)/pytest tests_browser -q -p no:cacheprovider \
	  --timeout=$(TEST_TIMEOUT) --timeout-method=signal)

# The playground's browser tests alone (tests_browser/test_playground*.py; make test-lowest runs
# them with the lowest releases).
test-browser-playground: $(TEST_STAMP) $(LAB_OVERRIDES)
	bash tools/install_chromium.sh
	@$(call bounded,$(RUN_TIMEOUT),$(BIN)/pytest tests_browser/test_playground*.py -q \
	  -p no:cacheprovider --timeout=$(TEST_TIMEOUT) --timeout-method=signal)

# --- the course site ---
# The notebooks as a static site, from their stored outputs (never executed), in SITE_DIR: open it
# with `python -m http.server -d build/site`, or copy the folder to any static host (README, "The
# course site"). ANSWERS=0 leaves the exercises' answers out (default folder build/site-noanswers).
ANSWERS  ?= 1
SITE_DIR ?= build/site$(if $(filter 0,$(ANSWERS)),-noanswers)
site: $(SITE_STAMP)
	$(BIN)/python tools/build_site.py $(if $(filter 0,$(ANSWERS)),--no-answers) $(SITE_DIR)

# Both sites, for the browser tests (tests_browser/test_site.py).
sites: $(SITE_STAMP)
	$(BIN)/python tools/build_site.py build/site
	$(BIN)/python tools/build_site.py --no-answers build/site-noanswers

# The hand-out, built in a temporary folder (never dist/), unzipped and installed as its README
# says in a fresh venv: JupyterLab opens on the overview, and every student notebook (blanks
# unfilled) runs top to bottom, each check reporting the blank.
student-run: $(TEST_STAMP)
	@$(call bounded,$(RUN_TIMEOUT),$(BIN)/pytest tests/test_handout.py -q -p no:cacheprovider \
	  -m notebook_run --timeout=$(RUN_TIMEOUT) --timeout-method=signal)

# Removes only what the project made inside the repository: the venv (only if it lies inside the
# repository and this Makefile created it: VENV may come from the environment), build/, the
# caches and the built lecnn wheels. Keeps dist/student/ and the hand-out zips: students' or the
# instructor's edits may be there.
clean:
	@venv='$(VENV)'; root=$$(cd '$(ROOT)' && pwd -P); \
	if [ -L "$$venv" ]; then \
	  echo "make clean: VENV=$$venv is a symbolic link, not a venv this Makefile made: not removed" >&2; exit 1; \
	elif [ -d "$$venv" ]; then \
	  real=$$(cd "$$venv" && pwd -P); \
	  case "$$real" in "$$root"/?*) ;; \
	  *) echo "make clean: VENV=$$venv ($$real) is not inside the repository $$root: not removed" \
	       "(unset VENV, or give a venv inside the repository)" >&2; exit 1;; esac; \
	  if [ ! -f "$$venv/$(VENV_MARK)" ] && [ ! -f "$$venv/$(notdir $(LAB_STAMP))" ]; then \
	    echo "make clean: VENV=$$venv is not a venv this Makefile made: not removed" >&2; exit 1; fi; \
	  echo "rm -rf $$venv"; rm -rf "$$real"; \
	fi
	cd '$(ROOT)' && rm -rf build *.egg-info .pytest_cache .ruff_cache
	cd '$(ROOT)' && if [ ! -L dist ]; then rm -f dist/lecnn-*.whl; fi

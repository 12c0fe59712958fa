import os
import re
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from hypothesis import settings

from lecnn.checks import factory as _factory
from lecnn.checks import runner as _runner

# Fixed example sequences, so CI does not flake; run with --hypothesis-profile=explore
# (and more examples) to search afresh.
settings.register_profile("ci", derandomize=True, max_examples=50)
settings.register_profile("explore", max_examples=2000)
settings.load_profile("ci")


@pytest.fixture
def factory():
    """The random networks, inputs and targets the exercise checks draw (lecnn.checks.factory)."""
    return _factory


@pytest.fixture(autouse=True)
def _repeatable_checks(monkeypatch):
    """The exercise checks draw fresh inputs on every run; tests pin the draw so that a
    diagnosis asserted once holds on every run (the test of freshness sets SEED = None)."""
    monkeypatch.setattr(_runner, "SEED", 20261201)


def _peak_bytes(call):
    """Peak memory traced (Python and NumPy allocations) while ``call()`` runs, and the
    exception it raised (None if it returned)."""
    import tracemalloc

    tracemalloc.start()
    try:
        call()
    except Exception as err:  # the caller inspects it
        outcome = err
    else:
        outcome = None
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, outcome


@pytest.fixture
def peak_bytes():
    """``peak_bytes(call) -> (peak bytes, exception or None)``, for tests that bound memory."""
    return _peak_bytes


ROOT = Path(__file__).resolve().parents[1]
# make's own variables: through them a `make test VENV=... TORCH=0` reaches every make it runs.
_MAKE_OWN = {"MAKEFLAGS", "MFLAGS", "GNUMAKEFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "MAKEFILES"}


def _make_env():
    """This environment without make's variables and those the Makefile takes from it."""
    taken = re.findall(r"^(\w+)\s*\?=", (ROOT / "Makefile").read_text(), flags=re.MULTILINE)
    drop = _MAKE_OWN | set(taken) | {"LECNN_WITHOUT_TORCH"}
    return {name: value for name, value in os.environ.items() if name not in drop}


@pytest.fixture
def make_env():
    """The environment for a test that runs ``make``: as a plain ``make`` typed in a shell, not the
    sub-make of a ``make test PYTHON=... VENV=... TORCH=0`` that runs the tests."""
    return _make_env()

"""Every numbered notebook, run top to bottom in JupyterLab in headless Chromium.

For each: open it, clear and Run All, wait until the kernel is idle, then check that no cell shows
an error, that every widget rendered and that every figure appeared (as many as the stored
outputs have, per cell). A full screenshot goes to ``build/screenshots/<notebook>.png``, also when
the test fails.
"""

import os
from functools import partial

import pytest
from playwright.sync_api import Error as PlaywrightError

from .checks import cell_problems, saved_error_problems
from .expectations import notebook_expectations, stored_errors
from .lab import LabNotebook, brief, reported, saved_notebook, wait_until
from .servers import NOTEBOOKS_DIR, shutdown_kernels

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
# make test-browser TORCH=0 (a venv without PyTorch, as make test-lowest's): notebook 10 needs it
# throughout and is left out, as nbval leaves it out; 11 runs, its PyTorch section says it skips
WITHOUT_TORCH = os.environ.get("LECNN_WITHOUT_TORCH") == "1"
PYTORCH_NOTEBOOK = "10_pytorch.ipynb"

# Seconds. Each notebook runs in under 30 s on 2 cores (CONTRIBUTING); the rest is slack for a
# busy machine.
RUN_TIMEOUT = 300
RENDER_TIMEOUT = 60


def test_there_are_numbered_notebooks():
    assert NOTEBOOKS, f"no NN_*.ipynb found in {NOTEBOOKS_DIR}"


def _render_problems(nb, notebook, expected):
    """Wait (bounded) until widgets and figures have rendered; return what is still wrong.

    An error or a stopped run ends the wait at once: no amount of waiting mends those.
    """
    found = []

    def settled():
        found[:] = cell_problems(notebook, expected, nb.cells())
        kinds = {problem.kind for problem in found}
        return "render" not in kinds or "error" in kinds

    try:
        wait_until(settled, RENDER_TIMEOUT, "widgets and figures to render", interval=1.0)
    except AssertionError:
        pass
    return [str(problem) for problem in found]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_in_jupyterlab(path, lab, page, screenshots):
    if WITHOUT_TORCH and path.name == PYTORCH_NOTEBOOK:
        pytest.skip("PyTorch left out on purpose (make test-browser TORCH=0)")
    notebook = f"notebooks/{path.name}"
    copy = lab.root / "notebooks" / path.name
    expected = notebook_expectations(copy)
    shot = screenshots / f"{path.stem}.png"
    nb = LabNotebook(page, lab.base, lab.token, notebook)
    with reported(
        notebook, shot, nb.screenshot, after=partial(shutdown_kernels, lab.base, lab.token)
    ) as problems:
        try:
            nb.open()
            nb.run_all(RUN_TIMEOUT)
        except (AssertionError, PlaywrightError) as err:
            problems.append(f"{notebook}: {brief(err)}")
        problems += _render_problems(nb, notebook, expected)
        if not problems:
            before = copy.stat().st_mtime_ns
            nb.save()
            # The server may still be writing a large notebook when its time stamp changes:
            # wait until the file is complete JSON as well.
            wait_until(
                lambda: copy.stat().st_mtime_ns != before and saved_notebook(copy) is not None,
                30,
                f"{notebook} to be saved",
            )
            problems += saved_error_problems(notebook, expected, stored_errors(copy))

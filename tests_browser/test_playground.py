"""The playground, driven like a student would: in JupyterLab (its notebook) and as the Voila app.

Drag the depth and width sliders, press Play, wait, press Pause; the architecture text, the loss
curve and the decision boundary must change, and training must stop on Pause. Screenshots:
``build/screenshots/playground-lab.png`` and ``playground-voila.png``, also on failure.
"""

from functools import partial

import pytest

from .checks import cell_problems
from .expectations import notebook_expectations
from .lab import LabNotebook, LabTimeout, full_screenshot, reported, wait_until
from .playground import Playground, exercise_playground
from .servers import NOTEBOOKS_DIR, ROOT, shutdown_kernels

PLAYGROUND_NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_playground.ipynb"))
APP_NOTEBOOK = ROOT / "app" / "playground.ipynb"

# Seconds; the first Voila render takes about 10 s on an idle machine.
READY_TIMEOUT = 120
RUN_TIMEOUT = 300

# What Voila shows instead of a cell's output or a widget when something went wrong.
_VOILA_JS = r"""() => {
  const text = document.body.innerText;
  const found = [];
  for (const pattern of [/Loading widget[^\n]*/g, /Error displaying widget[^\n]*/g,
                         /There was an error when executing cell[^\n]*/g,
                         /Traceback \(most recent call last\)[^\n]*/g]) {
    found.push(...(text.match(pattern) || []));
  }
  for (const e of document.querySelectorAll('.jupyter-widgets-error-widget')) {
    found.push('a widget view failed: ' + e.innerText.trim());
  }
  return found;
}"""


def test_playground_in_jupyterlab(lab, page, screenshots):
    assert PLAYGROUND_NOTEBOOKS, f"no NN_playground.ipynb in {NOTEBOOKS_DIR}"
    path = PLAYGROUND_NOTEBOOKS[0]
    notebook = f"notebooks/{path.name}"
    where = f"JupyterLab {notebook}"
    shot = screenshots / "playground-lab.png"
    nb = LabNotebook(page, lab.base, lab.token, notebook)
    with reported(
        where, shot, nb.screenshot, after=partial(shutdown_kernels, lab.base, lab.token)
    ) as problems:
        nb.open()
        nb.run_all(RUN_TIMEOUT)
        expected = notebook_expectations(lab.root / "notebooks" / path.name)
        problems += [
            str(p) for p in cell_problems(notebook, expected, nb.cells()) if p.kind == "error"
        ]
        if not problems:
            pg = Playground(page, where)
            pg.wait_ready(READY_TIMEOUT)
            problems += exercise_playground(pg)


def _voila_page_problems(page):
    """What the Voila page shows instead of outputs or widgets, after widgets had time to load."""
    try:
        wait_until(
            lambda: not any(s.startswith("Loading widget") for s in page.evaluate(_VOILA_JS)),
            30,
            "widgets to load",
        )
    except LabTimeout:
        pass
    return page.evaluate(_VOILA_JS)


@pytest.fixture
def app_notebook():
    assert APP_NOTEBOOK.is_file(), (
        f"{APP_NOTEBOOK.relative_to(ROOT)} is missing (make app serves it)"
    )
    return APP_NOTEBOOK


def test_playground_as_voila_app(app_notebook, voila_app, page, screenshots):
    where = "Voila app (make app)"
    shot = screenshots / "playground-voila.png"
    with reported(where, shot, lambda path: full_screenshot(page, path)) as problems:
        page.goto(voila_app, timeout=READY_TIMEOUT * 1000)
        pg = Playground(page, where)
        not_ready = None
        try:
            pg.wait_ready(READY_TIMEOUT)
        except AssertionError as err:
            not_ready = str(err)
        problems += [f"{where}: the page shows: {s}" for s in _voila_page_problems(page)]
        if not_ready:
            problems.append(not_ready)
        else:
            problems += exercise_playground(pg)

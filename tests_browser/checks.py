"""Compare what the browser shows with what the notebook's stored outputs promise.

Each problem is one line that names the notebook and the cell, e.g.
``notebooks/03_backprop.ipynb cell 12 (code: "lecnn.plot_..."): shows 0 figures, expected 1``.
"""

import re
from typing import NamedTuple

_ERROR_LINE = re.compile(r"^\s*\w*(Error|Exception)(:|\s|$)")


class Problem(NamedTuple):
    """One problem: ``kind`` is "error" (an error shown, cells not run: waiting cannot mend it),
    "render" (a widget or figure missing, which may still appear if the test waits a little) or
    "stored" (the notebook file lacks outputs to compare with)."""

    kind: str
    text: str

    def __str__(self):
        return self.text


def error_summary(text):
    """The line of a traceback that names the exception ("ZeroDivisionError: division by zero")."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    named = [line for line in lines if _ERROR_LINE.match(line) and "Traceback" not in line]
    return (named[-1] if named else lines[-1] if lines else "")[:300]


def cell_problems(notebook, expected, shown):
    """Every difference between the expectations and the cells shown in the browser.

    Parameters
    ----------
    notebook : str
        The notebook's name, for the messages.
    expected : list of CellExpectation
        From ``expectations.notebook_expectations``.
    shown : list of dict
        From ``LabNotebook.cells()``: index, code, prompt, errors, imagesShown, imagesBroken,
        widgetsShown, widgetProblems.

    Returns
    -------
    list of Problem
        Empty when the notebook ran cleanly and showed everything.
    """
    if len(shown) != len(expected):
        return [
            Problem(
                "error",
                f"{notebook}: the browser shows {len(shown)} cells, the file has {len(expected)}",
            )
        ]
    problems = []
    not_run = []
    never_stored = []
    for exp, cell in zip(expected, shown, strict=True):
        where = f"{notebook} {exp.describe()}"
        if exp.cell_type != "code":
            continue
        if cell["errors"] and not exp.may_raise:
            summary = error_summary(cell["errors"][0])
            problems.append(Problem("error", f"{where}: shows an error: {summary}"))
        if exp.blank:
            continue
        if not exp.stored:
            never_stored.append(exp)
        if not cell["prompt"].rstrip(":").strip("[]").isdigit():
            not_run.append(exp)
        render = []
        if cell["widgetProblems"]:
            render.append(f"widget not rendered: {'; '.join(cell['widgetProblems'])}")
        if cell["widgetsShown"] < exp.widgets:
            render.append(f"shows {cell['widgetsShown']} widget views, expected {exp.widgets}")
        if cell["imagesBroken"]:
            render.append(f"{cell['imagesBroken']} images failed to load")
        if cell["imagesShown"] < exp.images:
            render.append(f"shows {cell['imagesShown']} figures, expected {exp.images}")
        problems += [Problem("render", f"{where}: {text}") for text in render]
    if never_stored:
        problems.append(
            Problem(
                "stored",
                f"{notebook}: {len(never_stored)} code cells have no stored output (no execution "
                f"count), from {never_stored[0].describe()}: commit the notebook executed "
                "(CONTRIBUTING), or its figures and widgets cannot be checked",
            )
        )
    if not_run:
        ran = [
            e
            for e in expected[: not_run[0].index]
            if e.cell_type == "code" and not e.blank and e not in not_run
        ]
        after = f" (the run stopped after {ran[-1].describe()})" if ran else ""
        problems.append(
            Problem(
                "error",
                f"{notebook}: {len(not_run)} code cells did not run, from "
                f"{not_run[0].describe()}{after}",
            )
        )
    return problems


def saved_error_problems(notebook, expected, errors):
    """Error outputs in the saved notebook that are not allowed by a ``raises-exception`` tag.

    Parameters
    ----------
    notebook : str
    expected : list of CellExpectation
    errors : list of (int, str)
        From ``expectations.stored_errors`` on the notebook JupyterLab saved.

    Returns
    -------
    list of str
    """
    problems = []
    for index, message in errors:
        exp = expected[index] if index < len(expected) else None
        if exp is not None and exp.may_raise:
            continue
        where = exp.describe() if exp is not None else f"cell {index}"
        problems.append(f"{notebook} {where}: raised {message}")
    return problems

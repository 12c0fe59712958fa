"""The student edition shows no exercise's answer outside its solution regions (answer patterns)."""

from pathlib import Path

import blank_solutions
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def editions():
    return {
        path.name: blank_solutions.student_notebook(nbformat.read(path, as_version=4))[0]
        for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    }


def test_the_student_edition_shows_no_answer(editions):
    assert blank_solutions.answer_leaks(editions) == []


# The exercises whose answer the lecture's slides print (the recursion δ_k = W̃_{k+1}ᵀ δ_{k+1} ⊙
# ∇f_k(W_k z_k)): lecnn may document it. The others ask for what the slides leave to the student
# (a blank, a derivative, a count), which help() and Shift-Tab must not show.
STATED_BY_THE_LECTURE = {"06-1"}


def _public_docstrings():
    """(name, docstring) of lecnn's modules and their public functions, classes and methods
    (lecnn.checks aside: its references are the answers)."""
    import importlib
    import inspect
    import pkgutil

    import lecnn

    for info in pkgutil.walk_packages(lecnn.__path__, "lecnn."):
        if info.name.startswith("lecnn.checks"):
            continue
        module = importlib.import_module(info.name)
        yield info.name, module.__doc__
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != info.name:
                continue
            yield f"{info.name}.{name}", obj.__doc__
            if inspect.isclass(obj):
                for attr, value in vars(obj).items():
                    if not attr.startswith("_"):
                        yield f"{info.name}.{name}.{attr}", getattr(value, "__doc__", None)


def test_no_docstring_of_lecnn_answers_an_exercise():
    import re

    from lecnn.checks import EXERCISES

    patterns = [
        (e.id, re.compile(p))
        for e in EXERCISES.values()
        if e.id not in STATED_BY_THE_LECTURE
        for p in e.answer_patterns
    ]
    assert len(patterns) > 20
    found = [
        f"{where}: {exercise_id} ({pattern.search(doc)[0]!r})"
        for where, doc in _public_docstrings()
        if doc
        for exercise_id, pattern in patterns
        if pattern.search(doc)
    ]
    assert found == []

"""The student edition shows no exercise's answer outside its solution regions (answer patterns)."""

import importlib.util
import shutil
from pathlib import Path

import nbformat
import pytest

from lecnn.checks import EXERCISES

ROOT = Path(__file__).resolve().parents[1]


def _tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_student = _tool("make_student")
blank_solutions = make_student.blank_solutions


@pytest.fixture(scope="module")
def editions():
    return {
        path.name: blank_solutions.student_notebook(nbformat.read(path, as_version=4))[0]
        for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    }


def test_the_student_edition_shows_no_answer(editions):
    assert blank_solutions.answer_leaks(editions) == []


def test_each_known_leak_is_still_there(editions):
    """Once the text is fixed, its entry leaves blank_solutions.KNOWN_LEAKS."""
    assert blank_solutions.known_leaks(editions) == blank_solutions.KNOWN_LEAKS


def test_latex_is_read_as_the_patterns_write_formulas():
    text = (
        r"$\boldsymbol{\delta}_k = \tilde W_{k+1}^\top \boldsymbol{\delta}_{k+1} \odot \nabla f_k$"
    )
    assert blank_solutions.readable(text) == "δ_k = W̃_{k+1}ᵀδ_{k+1} ⊙ ∇ f_k"


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_each_exercise_has_a_pattern_that_finds_its_own_model_answer(exercise_id):
    """A pattern that never matches the master's answer would guard nothing."""
    exercise = EXERCISES[exercise_id]
    (path,) = (ROOT / "notebooks").glob(f"{exercise.notebook}_*.ipynb")
    master = {path.name: nbformat.read(path, as_version=4)}
    assert blank_solutions.answer_leaks(master, [exercise]), exercise_id


def test_a_planted_answer_in_an_earlier_notebook_is_found_and_named(editions):
    planted = dict(editions)
    name = next(n for n in planted if n.startswith("04_"))
    notebook = planted[name] = nbformat.from_dict(editions[name])
    notebook.cells.append(
        nbformat.v4.new_markdown_cell("つまり δ_k = W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k です。")
    )
    leaks = blank_solutions.answer_leaks(planted)
    assert len(leaks) == 1
    assert leaks[0].startswith(f"{name}, cell {len(notebook.cells) - 1}: the answer of 演習 06-1")
    later = dict(editions)
    name = next(n for n in later if n.startswith("07_"))
    later[name] = nbformat.from_dict(editions[name])
    later[name].cells.append(nbformat.v4.new_markdown_cell("W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k"))
    assert blank_solutions.answer_leaks(later) == []  # a later notebook may state 06's answer


def test_make_student_refuses_an_edition_with_a_leak(tmp_path):
    src = tmp_path / "notebooks"
    src.mkdir()
    for path in (ROOT / "notebooks").glob("0[5-6]_*.ipynb"):
        shutil.copy(path, src / path.name)
    (path,) = src.glob("05_*.ipynb")
    master = nbformat.read(path, as_version=4)
    master.cells.insert(3, nbformat.v4.new_code_cell("# delta_step: W_tilde.T @ delta_k_plus_1"))
    nbformat.write(master, path)
    with pytest.raises(make_student.EditionError, match=r"05_\w+\.ipynb, cell 3: .*演習 06-1"):
        make_student.build(src, tmp_path / "student")
    assert not (tmp_path / "student").exists()

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

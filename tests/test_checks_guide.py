"""The instructor's guide is made from the exercises' declarations and is up to date."""

import json
from pathlib import Path

import instructor_guide as guide

from lecnn.checks import EXERCISES

ROOT = Path(__file__).resolve().parents[1]


def test_the_committed_guide_is_what_the_tool_writes():
    committed = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    assert committed == guide.page(), "run: python tools/instructor_guide.py"


def test_the_guide_names_every_exercise_its_answer_cell_and_its_mistakes():
    text = guide.page()
    cells = guide.answer_cells()
    assert set(cells) == {e.check for e in EXERCISES.values()}
    for exercise in EXERCISES.values():
        name, index = cells[exercise.check]
        assert f"演習 {exercise.id}: `notebooks/{name}` のセル {index - 1}" in text
        assert exercise.purpose in text
        assert all(m.note in text for m in exercise.mistakes)


def test_the_guide_points_to_each_written_questions_model_answer():
    questions = guide.written_questions()
    assert questions, "no 考察 found in the notebooks"
    text = guide.page()
    for name, heading, answer in questions:
        cells = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
        assert "solution" in cells[answer]["metadata"].get("tags", []), (name, heading)
        assert heading.split(":")[0] in cells[answer]["metadata"]["lecnn"]["placeholder"]
        assert f"{heading}: 模範解答は `notebooks/{name}` のセル {answer}" in text

"""Every numbered notebook opens with its plan for a 90-minute class and ends with its exercises' table."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PLAN_HEADER = "| 節 | 内容 | 90 分の授業では |"
MARKS = {"中心", "発展", "—"}


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _plan_rows(text):
    lines = text.splitlines()
    start = lines.index(PLAN_HEADER) + 2  # the header and its |---| line
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([part.strip() for part in line.strip("|").split("|")])
    return rows


def test_there_are_ten_notebooks():
    assert len(NOTEBOOKS) == 10


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_first_cell_marks_each_section_as_core_or_advanced(path):
    first = "".join(_cells(path)[0]["source"])
    assert PLAN_HEADER in first, f"{path.name}: no table {PLAN_HEADER!r} in the first cell"
    rows = _plan_rows(first)
    marks = [row[-1] for row in rows]
    assert rows and set(marks) <= MARKS, f"{path.name}: marks {marks} (expected {sorted(MARKS)})"
    assert "中心" in marks, f"{path.name}: no section is marked as the class's core"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_last_cells_show_the_exercises_table(path):
    cells = _cells(path)
    assert "".join(cells[-2]["source"]).startswith("## 演習の状況"), path.name
    assert "lecnn.checks.progress_table(" in "".join(cells[-1]["source"]), path.name

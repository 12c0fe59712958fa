"""Every numbered notebook opens with its table of sections and their place (位置づけ: 中心 or 発展)
and ends with its exercises' table."""

import json
import re
from pathlib import Path

import pytest

import lecnn.checks
from lecnn.checks import progress

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PLAN_HEADER = "| 節 | 内容 | 位置づけ |"
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


def test_there_are_eleven_notebooks():
    assert len(NOTEBOOKS) == 11


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_first_cell_marks_each_section_as_core_or_advanced(path):
    first = "".join(_cells(path)[0]["source"])
    assert PLAN_HEADER in first, f"{path.name}: no table {PLAN_HEADER!r} in the first cell"
    rows = _plan_rows(first)
    marks = [row[-1] for row in rows]
    assert rows and set(marks) <= MARKS, f"{path.name}: marks {marks} (expected {sorted(MARKS)})"
    assert "中心" in marks, f"{path.name}: no section is marked as the class's core"


def _code(cell):
    return "".join(cell["source"]) if cell["cell_type"] == "code" else ""


def _output_text(cell):
    texts = []
    for output in cell.get("outputs", []):
        texts.append(
            "".join(output.get("text", "")) or "".join(output.get("data", {}).get("text/plain", ""))
        )
    return "".join(texts)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_last_cells_show_the_exercises_table_of_the_declared_exercises(path):
    cells, number = _cells(path), path.name[:2]
    assert "".join(cells[-2]["source"]).startswith("## 演習の状況"), path.name
    assert _code(cells[-1]) == f'lecnn.checks.exercise_table("{number}")', path.name
    done = progress.ProgressTable(
        tuple(
            (lecnn.checks.label(e), progress.PASSED)
            for e in lecnn.checks.notebook_exercises(number)
        )
    )
    assert _output_text(cells[-1]) == repr(done), f"{path.name}: stored table differs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_notebook_checks_each_of_its_declared_exercises_and_no_other(path):
    called = set(re.findall(r"\b(check_\w+)\(", "\n".join(_code(c) for c in _cells(path))))
    declared = {e.check for e in lecnn.checks.notebook_exercises(path.name[:2])}
    assert called == declared, path.name

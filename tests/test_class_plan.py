"""The one class plan: docs/class-plan.md's table, shown unchanged in the README and at the top of 01,
and each notebook's own 「位置づけ」 column agreeing with it."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "docs" / "class-plan.md"
NOTEBOOKS = {p.name[:2]: p for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))}
PLAN_HEADER = "| いつ | ノートブック | 節と演習 | 目安 |"
NOTEBOOK_PLAN_HEADER = "| 節 | 内容 | 位置づけ |"
WHEN = ("予習", "授業", "宿題", "発展 (任意)")
WHOLE = "ノートブック全体"
EXERCISE = re.compile(r"演習 (\d+)")
QUESTION = re.compile(r"考察 (\d+)")


def _table(text, header):
    """The lines of the markdown table that starts with `header` (header and |---| included)."""
    lines = text.splitlines()
    start = lines.index(header)
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append(line)
    return table


def _cells(row):
    return [part.strip() for part in row.strip().strip("|").split("|")]


def _plan_rows():
    return [_cells(row) for row in _table(PLAN.read_text(encoding="utf-8"), PLAN_HEADER)[2:]]


def _notebook_rows(number):
    cells = json.loads(NOTEBOOKS[number].read_text(encoding="utf-8"))["cells"]
    first = "".join(cells[0]["source"])
    return [_cells(row) for row in _table(first, NOTEBOOK_PLAN_HEADER)[2:]]


def _labels(sections):
    """Section labels of a 発展 row: '4 (ImageNet)、5.2–5.4 (...)' -> {'4', '5.2–5.4'}."""
    return {part.strip() for part in re.sub(r"\s*\([^)]*\)", "", sections).split("、")}


def test_every_row_of_the_plan_is_well_formed():
    rows = _plan_rows()
    assert rows
    for when, notebook, sections, minutes in rows:
        assert when in WHEN, f"{when!r}: expected one of {WHEN}"
        assert notebook[:2] in NOTEBOOKS, f"{notebook!r}: no notebook {notebook[:2]}"
        assert sections
        if when in ("予習", "授業", "宿題"):
            assert re.fullmatch(r"\d+ 分", minutes), f"{minutes!r}: expected minutes, e.g. '10 分'"


def test_the_class_takes_about_85_minutes():
    minutes = [int(row[3].split()[0]) for row in _plan_rows() if row[0] == "授業"]
    assert 80 <= sum(minutes) <= 90, f"the class rows add up to {sum(minutes)} minutes"


def test_the_readme_shows_the_plan_unchanged():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    between = re.search(r"<!-- class-plan -->\n(.*?)<!-- /class-plan -->", readme, re.DOTALL)
    assert between, "README.md: no <!-- class-plan --> … <!-- /class-plan --> block"
    plan = _table(PLAN.read_text(encoding="utf-8"), PLAN_HEADER)
    assert between.group(1).strip().splitlines() == plan


def test_the_top_of_01_shows_the_plan_unchanged():
    cells = json.loads(NOTEBOOKS["01"].read_text(encoding="utf-8"))["cells"]
    plan = _table(PLAN.read_text(encoding="utf-8"), PLAN_HEADER)
    shown = [
        _table("".join(c["source"]), PLAN_HEADER)
        for c in cells[:3]
        if c["cell_type"] == "markdown" and PLAN_HEADER in "".join(c["source"])
    ]
    assert shown == [plan], "01: the first cells should show docs/class-plan.md's table once"


def test_each_exercise_done_in_class_is_core_in_its_notebook():
    for when, notebook, sections, _ in _plan_rows():
        if when not in ("予習", "授業"):
            continue
        rows = _notebook_rows(notebook[:2])
        for n in EXERCISE.findall(sections):
            marks = [
                row[-1] for row in rows if any(re.search(rf"演習 {n}(?!\d)", c) for c in row[:-1])
            ]
            assert marks, f"{notebook[:2]}: 演習 {n} is in the class plan but not in its table"
            assert set(marks) == {"中心"}, (
                f"{notebook[:2]}: 演習 {n} is done in class, marked {marks}"
            )


def test_each_advanced_section_is_optional_in_the_plan():
    optional = {}
    for when, notebook, sections, _ in _plan_rows():
        if when == "発展 (任意)":
            optional.setdefault(notebook[:2], set()).update(_labels(sections))
    for number in NOTEBOOKS:
        if WHOLE in optional.get(number, set()):
            continue
        for row in _notebook_rows(number):
            if row[-1] == "発展":
                assert row[0] in optional.get(number, set()), (
                    f"{number}: section {row[0]!r} is 発展 in the notebook, not optional in the plan"
                )


def test_each_optional_section_of_the_plan_is_advanced_in_its_notebook():
    for when, notebook, sections, _ in _plan_rows():
        if when != "発展 (任意)" or sections == WHOLE:
            continue
        marks = {row[0]: row[-1] for row in _notebook_rows(notebook[:2])}
        for label in _labels(sections):
            assert marks.get(label) == "発展", (
                f"{notebook[:2]}: {label!r} is optional, marked {marks}"
            )


def test_notebooks_left_wholly_to_self_study_say_so():
    for when, notebook, sections, _ in _plan_rows():
        if sections == WHOLE:
            assert when == "発展 (任意)"
            cells = json.loads(NOTEBOOKS[notebook[:2]].read_text(encoding="utf-8"))["cells"]
            assert "発展 (任意)" in "".join(cells[0]["source"]), (
                f"{notebook[:2]}: the first cell should say the notebook is 発展 (任意)"
            )


@pytest.mark.parametrize("number", sorted(NOTEBOOKS))
def test_every_exercise_has_a_place_in_the_plan(number):
    cells = json.loads(NOTEBOOKS[number].read_text(encoding="utf-8"))["cells"]
    rows = [r for r in _plan_rows() if r[1][:2] == number]
    if any(r[2] == WHOLE for r in rows):
        return
    headings = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    exercises = set(re.findall(r"^#+ 演習 (\d+)", headings, flags=re.MULTILINE))
    planned = {n for r in rows for n in EXERCISE.findall(r[2])}
    assert exercises <= planned, f"{number}: 演習 {sorted(exercises - planned)} not in the plan"


@pytest.mark.parametrize("number", sorted(NOTEBOOKS))
def test_every_written_question_has_a_place_in_the_plan_and_in_its_notebooks_table(number):
    """A 考察 (a question answered in words, without a check) is not in the exercises table,
    so the plans name it: the class plan and the notebook's first table."""
    cells = json.loads(NOTEBOOKS[number].read_text(encoding="utf-8"))["cells"]
    headings = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    questions = set(re.findall(r"^#+ 考察 (\d+)", headings, flags=re.MULTILINE))
    planned = {n for r in _plan_rows() if r[1][:2] == number for n in QUESTION.findall(r[2])}
    assert questions <= planned, f"{number}: 考察 {sorted(questions - planned)} not in the plan"
    in_table = {n for row in _notebook_rows(number) for n in QUESTION.findall(row[1])}
    assert questions <= in_table, f"{number}: 考察 {sorted(questions - in_table)} not in its table"
    for n in questions:
        answered = [
            c
            for c in cells
            if "solution" in c["metadata"].get("tags", [])
            and f"考察 {n}" in c["metadata"].get("lecnn", {}).get("placeholder", "")
        ]
        assert answered, f"{number}: 考察 {n} has no model answer in a solution cell naming it"

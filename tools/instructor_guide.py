"""Write docs/instructor-guide.md: each exercise's aim, where its model answer is, its typical mistakes.

Usage::

    python tools/instructor_guide.py            # rewrites docs/instructor-guide.md

The page is made from the exercises' declarations (``lecnn.checks.EXERCISES``) and the master
notebooks (where each exercise's check is called); tests/test_checks_guide.py keeps the committed
page equal to what this tool writes.
"""

import json
import os
import re
import sys
import tempfile
from pathlib import Path

import lecnn.checks

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "instructor-guide.md"

HEADER = """# 教員用ガイド: 演習とよくある間違い

このページは `.venv/bin/python tools/instructor_guide.py` が演習の宣言 (`lecnn/checks/` の `Exercise`) と
ノートブックから作ります。手で書き換えず、演習を変えたらツールを実行し直してください。
授業の進め方は [授業計画](class-plan.md) にあります。模範解答は教員用 (マスター) のノートブックの
解答領域 (`# BEGIN SOLUTION` から `# END SOLUTION` まで、または `solution` タグのセル) にあり、
学生版 (`make student`) ではすべて空欄になります。下の「セル N」は、ノートブックの先頭のセルを 0 として
数えた番号です。

各演習のチェックは、学生の答えを毎回新しい乱数の入力で参照解と比べ、下の「よくある間違い」の
どれかと同じ結果なら、その原因を学生に示します (コードは示しません)。
"""


def answer_cells(notebooks=ROOT / "notebooks"):
    """check name -> (notebook file name, index of the cell that calls it)."""
    found = {}
    for path in sorted(notebooks.glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for index, cell in enumerate(cells):
            source = "".join(cell["source"]) if cell["cell_type"] == "code" else ""
            for exercise in lecnn.checks.EXERCISES.values():
                if f"{exercise.check}(" in source and exercise.check not in found:
                    found[exercise.check] = (path.name, index)
    return found


QUESTION = re.compile(r"^#+ (考察 \d+: .*)$", re.MULTILINE)


def written_questions(notebooks=ROOT / "notebooks"):
    """(notebook file name, heading, index of its model answer's cell) for every 考察: a question
    answered in words, with no check, its model answer in the next cell tagged ``solution``."""
    found = []
    for path in sorted(notebooks.glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for index, cell in enumerate(cells):
            if cell["cell_type"] != "markdown":
                continue
            for heading in QUESTION.findall("".join(cell["source"])):
                answer = next(
                    i
                    for i in range(index + 1, len(cells))
                    if "solution" in cells[i]["metadata"].get("tags", [])
                )
                found.append((path.name, heading, answer))
    return found


def page():
    """The page's Markdown."""
    cells = answer_cells()
    where = "\n".join(
        f"- 演習 {e.id}: `notebooks/{cells[e.check][0]}` のセル {cells[e.check][1] - 1} "
        f"(チェックはセル {cells[e.check][1]})"
        for e in lecnn.checks.EXERCISES.values()
        if e.check in cells
    )
    questions = "\n".join(
        f"- {name[:2]} {heading}: 模範解答は `notebooks/{name}` のセル {answer}"
        for name, heading, answer in written_questions()
    )
    return (
        f"{HEADER}\n## 模範解答のある場所\n\n{where}\n\n"
        f"## 考察 (文章で答える問い、チェックなし)\n\n"
        "コードを書かずに文章と式で答える問いです。チェックがないので、模範解答と見比べて採点します。\n\n"
        f"{questions}\n\n{lecnn.checks.mistakes_markdown()}"
    )


def write(path=PAGE):
    """Write the page to ``path`` through a temporary file renamed over it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(page())
    os.replace(tmp, path)


if __name__ == "__main__":
    write()
    sys.stdout.write(f"wrote {PAGE.relative_to(ROOT)}\n")

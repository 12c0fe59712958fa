"""Which exercises have been checked since the kernel started, and how.

The runner records the latest outcome of each exercise (by its id, e.g. "06-2") here, for as
long as the kernel lives; ``lecnn.checks.exercise_table("06")`` shows a notebook's exercises,
each ✔ (the last check passed), ✘ (it found a mistake) or まだ (not checked yet, or the blank
is still unfilled).
"""

import unicodedata
from dataclasses import dataclass

PASSED = "✔"
FAILED = "✘"
NOT_YET = "まだ"
LEGEND = "(✔ 正解, ✘ 不正解, まだ: 未チェックか空欄のまま)"

_STATES = {}
"""exercise id -> "passed" | "failed" | "blank", the latest outcome in this kernel"""


def record(exercise_id, passed, blank=False):
    """Remember the outcome of one check of the exercise ``exercise_id``."""
    _STATES[exercise_id] = "passed" if passed else ("blank" if blank else "failed")


def reset():
    """Forget every recorded outcome (as a fresh kernel would)."""
    _STATES.clear()


def state(exercise_id):
    """The state of one exercise: "✔", "✘" or "まだ"."""
    return {"passed": PASSED, "failed": FAILED}.get(_STATES.get(exercise_id), NOT_YET)


def _width(text):
    """Columns ``text`` takes in a monospaced font: 2 for wide (CJK) characters, else 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text, width):
    return text + " " * (width - _width(text))


@dataclass(frozen=True)
class ProgressTable:
    """Rows (label, state) for the end of a notebook.

    Shown as a Markdown table in Jupyter and as aligned plain text elsewhere (the text
    is what nbval compares).
    """

    rows: tuple

    def _summary(self):
        done = sum(mark == PASSED for _, mark in self.rows)
        return f"正解 {done} / {len(self.rows)} {LEGEND}"

    def __repr__(self):
        width = max(_width(label) for label in ["演習"] + [label for label, _ in self.rows])
        lines = [f"{_pad('演習', width)}  状態"]
        lines += [f"{_pad(label, width)}  {mark}" for label, mark in self.rows]
        return "\n".join([*lines, self._summary()])

    def _repr_pretty_(self, printer, cycle):
        printer.text(repr(self))

    def _repr_markdown_(self):
        body = "\n".join(f"| {label} | {mark} |" for label, mark in self.rows)
        return f"| 演習 | 状態 |\n|---|:---:|\n{body}\n\n{self._summary()}"

"""Which exercises of a notebook have been checked since the kernel started, and how.

Every check function returns ``run_check(...)``; ``run_check`` hands its result to
``record``, which keeps the latest outcome per check function in this module (so for as
long as the kernel lives). A notebook ends with one call::

    from lecnn.checks_progress import progress_table

    progress_table(
        [
            ("演習 1: tanh の導関数", check_tanh_derivative_cases),
            ("演習 2: ロジットからのクロスエントロピー", "check_cross_entropy_logits"),
        ]
    )

which shows a table of its exercises, each ✔ (the last check passed), ✘ (the last check
found a mistake) or まだ (not checked yet, or the blank is still unfilled).
"""

import sys
import unicodedata
from dataclasses import dataclass

PASSED = "✔"
FAILED = "✘"
NOT_YET = "まだ"

# check function name -> "passed" | "failed" | "blank", the latest outcome in this kernel
_STATES = {}


def record(name, passed, blank=False):
    """Remember the outcome of one run of the check function ``name``.

    Called by ``lecnn.checks.run_check``; a later run of the same check replaces the
    earlier outcome.

    Parameters
    ----------
    name : str
        The check function's name, e.g. "check_tanh_derivative_cases"; "" records nothing.
    passed : bool
    blank : bool, default False
        The answer was still the student edition's blank.
    """
    if not name:
        return
    _STATES[name] = "passed" if passed else ("blank" if blank else "failed")


def calling_check():
    """The name of the ``check_*`` function that is running (the nearest on the call stack).

    ``run_check`` is called from inside a check function; this finds that function's name
    without every check having to pass it. Returns "" when no ``check_*`` frame is found.
    """
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name.startswith("check_"):
            return frame.f_code.co_name
        frame = frame.f_back
    return ""


def reset():
    """Forget every recorded outcome (as a fresh kernel would)."""
    _STATES.clear()


def _check_name(check):
    if isinstance(check, str):
        return check
    name = getattr(check, "__name__", None)
    if not isinstance(name, str):
        raise TypeError(
            f"each exercise needs a check function or its name, got {type(check).__name__}"
        )
    return name


def state(check):
    """The state of one exercise: "✔", "✘" or "まだ".

    Parameters
    ----------
    check : callable or str
        The check function (``check_softmax_derivative_cases``) or its name.

    Returns
    -------
    str
    """
    outcome = _STATES.get(_check_name(check))
    return {"passed": PASSED, "failed": FAILED}.get(outcome, NOT_YET)


def _width(text):
    """Columns ``text`` takes in a monospaced font: 2 for wide (CJK) characters, else 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text, width):
    return text + " " * (width - _width(text))


@dataclass(frozen=True)
class ProgressTable:
    """Rows (exercise, state) for the end of a notebook.

    Shown as a Markdown table in Jupyter and as aligned plain text elsewhere (the text
    is what nbval compares). ``rows`` is a tuple of (label, state) pairs.
    """

    rows: tuple

    def _lines(self):
        width = max(_width(label) for label in ["演習"] + [label for label, _ in self.rows])
        lines = [f"{_pad('演習', width)}  状態"]
        lines += [f"{_pad(label, width)}  {mark}" for label, mark in self.rows]
        done = sum(mark == PASSED for _, mark in self.rows)
        lines.append(
            f"正解 {done} / {len(self.rows)} (✔ 正解, ✘ 不正解, まだ: 未チェックか空欄のまま)"
        )
        return lines

    def __repr__(self):
        return "\n".join(self._lines())

    def _repr_pretty_(self, printer, cycle):
        printer.text(repr(self))

    def _repr_markdown_(self):
        body = "\n".join(f"| {label} | {mark} |" for label, mark in self.rows)
        done = sum(mark == PASSED for _, mark in self.rows)
        return (
            f"| 演習 | 状態 |\n|---|:---:|\n{body}\n\n"
            f"正解 {done} / {len(self.rows)} (✔ 正解, ✘ 不正解, まだ: 未チェックか空欄のまま)"
        )


def progress_table(notebook_exercises):
    """The table of a notebook's exercises and their state since the kernel started.

    Parameters
    ----------
    notebook_exercises : sequence of (str, callable or str)
        One pair per exercise, in the notebook's order: the label shown (e.g.
        "演習 1: tanh の導関数", "演習 3 (発展): ...") and the check function that the
        exercise's check cell calls, or that function's name. Two exercises may not
        share a check function (their states could not be told apart).

    Returns
    -------
    ProgressTable
        Each row's state is "✔" if the latest run of its check passed, "✘" if it
        found a mistake, and "まだ" if the check has not run in this kernel or its
        answer was still a blank.

    Raises
    ------
    ValueError
        No exercises, a pair that is not (label, check), or a check listed twice.
    TypeError
        A check that is neither a function nor a name.
    """
    pairs = list(notebook_exercises)
    if not pairs:
        raise ValueError("notebook_exercises is empty: list (label, check function) pairs")
    rows, seen = [], set()
    for pair in pairs:
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2 and isinstance(pair[0], str)):
            raise ValueError(f"each exercise must be a pair (label, check function), got {pair!r}")
        label, check = pair
        name = _check_name(check)
        if name in seen:
            raise ValueError(f"the check {name} is listed twice")
        seen.add(name)
        rows.append((label, state(name)))
    return ProgressTable(tuple(rows))

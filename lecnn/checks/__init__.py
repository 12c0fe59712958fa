"""Self-checks for the notebooks' exercises (演習), declared as data.

Each exercise is one ``Exercise`` in the module of its notebook (what the student writes,
the cases, the reference, the typical mistakes, the hint, the answer's patterns); one runner
(``runner.run``) checks any of them. ``EXERCISES`` maps each id ("06-2") to its declaration,
and each is offered as ``lecnn.checks.check_*`` under the name the notebooks use. The check
compares the student's answer with the reference on fresh random inputs, and its result, shown
as the cell's output, says in Japanese that the answer is right, or what differs and where,
names the typical mistake it matches and points back to the derivation, without printing the
answer. An unfilled blank (``...`` or ``raise NotImplementedError``) gets 「まだ実装されていません」.

``TOPICS`` names the module of each notebook's exercises.

>>> import lecnn
>>> lecnn.checks.check_n_params_count(EXERCISES["02-2"].reference).code
'pass'
>>> EXERCISES["06-2"].notebook
'06'
"""

import importlib

from lecnn.checks import progress
from lecnn.checks.exercise import ATOL, RTOL, Case, Exercise, Mistake
from lecnn.checks.runner import BLANK, PASS, CheckResult, run
from lecnn.checks.shortcuts import NUMERICAL
from lecnn.validation.messages import bilingual

TOPICS = {
    "review": "01 前回の復習",
    "deep_networks": "02 ディープニューラルネットワーク",
    "softmax_derivative": "03 ソフトマックス関数の微分",
    "gradient_W_r": "04 W_r に関する微分",
    "gradient_W_r_minus_1": "05 W_{r-1} に関する微分",
    "backpropagation": "06 誤差逆伝播法",
    "training": "07 学習",
    "playground": "08 playground",
    "layers": "09 計算グラフと層",
    "pytorch": "10 PyTorch へ",
    "optimization": "11 最適化と正則化",
}
"""The modules of the notebooks' exercises, in the notebooks' order -> their notebook."""


EXERCISES = {
    exercise.id: exercise
    for topic in TOPICS
    for exercise in importlib.import_module(f"lecnn.checks.{topic}").EXERCISES
}
"""Every exercise of the series: id ("06-2") -> Exercise, in the notebooks' order."""


def _checker(exercise):
    def check(answer):
        return run(exercise, answer)

    check.__name__ = check.__qualname__ = exercise.check
    check.__doc__ = f"Check 演習 {exercise.id} ({exercise.title}): {exercise.writes}."
    check.exercise = exercise
    return check


CHECKS = {exercise.check: _checker(exercise) for exercise in EXERCISES.values()}
"""check_* name -> its check function, as the notebooks call them."""


def __getattr__(name):
    if name in CHECKS:
        return CHECKS[name]
    raise AttributeError(f"module 'lecnn.checks' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)


def notebook_exercises(notebook):
    """The exercises of one notebook ("06"; 6 and "6" are taken for "06"), in order."""
    if isinstance(notebook, str) and notebook.isascii() and notebook.isdigit():
        notebook = int(notebook)
    if isinstance(notebook, int) and not isinstance(notebook, bool):
        notebook = f"{notebook:02d}"
    found = [e for e in EXERCISES.values() if e.notebook == notebook]
    if not found:
        known = ", ".join(sorted(_notebooks()))
        japanese = (
            f"ノートブック {notebook!r} の演習はありません。番号は {known} のどれかです "
            '(例: exercise_table("06"))。'
        )
        raise ValueError(
            bilingual(japanese, f"no exercises for notebook {notebook!r}; known: {known}")
        )
    return found


def _notebooks():
    return {e.notebook for e in EXERCISES.values()}


def label(exercise):
    """The exercise's row in its notebook's table, e.g. "演習 2 (発展): ..."."""
    alone = len(notebook_exercises(exercise.notebook)) == 1
    number = "" if alone else f" {exercise.number}"
    return f"演習{number}{' (発展)' * exercise.advanced}: {exercise.title}"


def exercise_table(notebook):
    """The table of a notebook's ("06") exercises since the kernel started, a ProgressTable:
    one row per exercise, ✔ (its latest check passed), ✘ (it found a mistake) or まだ."""
    rows = ((label(e), progress.state(e.id)) for e in notebook_exercises(notebook))
    return progress.ProgressTable(tuple(rows))


def mistakes_markdown():
    """The typical mistakes each check diagnoses, per notebook and exercise, as Markdown."""
    lines = []
    for notebook in sorted(_notebooks()):
        lines.append(f"## ノートブック {notebook}\n")
        for exercise in notebook_exercises(notebook):
            lines.append(f"### {label(exercise)} (`{exercise.check}`)\n")
            lines.append(f"- 書くもの: `{exercise.writes}`")
            lines.append(f"- ねらい: {exercise.purpose}")
            names = "`, `".join(exercise.lecnn_answers + NUMERICAL)  # the check refuses them
            lines.append(f"- 答えに使えない lecnn の名前 (`lecnn_answer`): `{names}`")
            if exercise.mistakes:
                lines.append("- チェックが見分けるよくある間違い:")
                notes = dict.fromkeys((m.code, m.note) for m in exercise.mistakes)
                lines += [f"  - `{code}`: {note}" for code, note in notes]
            lines.append("")
    return "\n".join(lines)


__all__ = [
    "ATOL",
    "BLANK",
    "EXERCISES",
    "PASS",
    "RTOL",
    "Case",
    "CheckResult",
    "Exercise",
    "Mistake",
    "exercise_table",
    "label",
    "mistakes_markdown",
    "notebook_exercises",
    "run",
    *CHECKS,
]

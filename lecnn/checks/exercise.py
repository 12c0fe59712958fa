"""An exercise (演習) as data: what the student writes, the cases, the reference, the typical mistakes.

Each notebook's module in ``lecnn.checks`` declares its exercises as ``Exercise`` values; one
runner (``lecnn.checks.runner.run``) checks any of them, and ``lecnn.checks`` offers each as
its ``check_*`` function.

>>> Mistake("sign", "符号が逆です。", lambda u: -u).code
'sign'
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

RTOL = 1e-7  # relative tolerance of the comparisons with the reference, unless an exercise sets one
ATOL = 1e-10  # absolute tolerance (for entries near 0)


@dataclass(frozen=True)
class Case:
    """One input of an exercise."""

    label: str  # how a message names the case (Japanese), e.g. "ケース 2 (n = 5, m = 3)"
    args: tuple  # the arguments the student's function (or class) receives
    info: dict = field(default_factory=dict)  # anything else ``run`` needs (a seed, epochs, ...)
    hint: str = ""  # added to the exercise's hint when this case fails (e.g. about overflow)


@dataclass(frozen=True)
class Mistake:
    """A typical mistake: its ``code``, a Japanese ``note`` and a wrong answer that makes it.

    ``wrong`` is written as the student would write it (same signature as the reference);
    the runner runs it on the failing case and names the mistake when the student's result
    equals its result. Where that wrong answer fails with an error, or its result has a
    telling shape rather than values, ``test(got, case)`` recognises it instead: ``got`` is
    the student's result read as a float ndarray (None when it is not real numbers), or the
    ``Mismatch`` their code raised.
    """

    code: str
    note: str
    wrong: Callable
    test: Callable | None = None


class Parts(dict):
    """Named parts of a result (e.g. {"self.dW": ..., "戻り値": ...}), compared in order."""


def error_says(*texts):
    """A ``Mistake.test``: the student's code failed with an error whose message has one of ``texts``."""
    return lambda got, case: isinstance(got, Exception) and any(t in str(got) for t in texts)


def shape_is(telling, *errors):
    """A ``Mistake.test``: the student's result has a shape for which ``telling(shape, case)``
    holds, or their code failed with an error whose message has one of ``errors``."""

    def test(got, case):
        if isinstance(got, Exception):
            return error_says(*errors)(got, case)
        return got is not None and telling(got.shape, case)

    return test


NUMERICAL_NOTE = (
    "値が正解にとても近いものの、わずかにずれています。中心差分などの数値微分で近似していませんか? "
    "数値微分は導いた式を確かめるためのもので、答えは導いた式で計算します。"
)
"""The note of a derivative exercise's mistake "numerical" (a difference quotient as the answer)."""


def approximates(reference):
    """A ``Mistake.test``: the result is ``reference``'s to about 5 digits, as a difference
    quotient's is, though not to the exercise's tolerance (rtol 1e-9 in derivative exercises:
    a derived formula's rounding stays far below it, a difference quotient's error does not)."""

    def test(got, case):
        if not isinstance(got, np.ndarray):
            return False  # an error, or not numbers
        expected = np.asarray(reference(*case.args), dtype=float)
        return got.shape == expected.shape and bool(
            np.allclose(got, expected, rtol=1e-5, atol=1e-8)
        )

    return test


def call_function(call, answer, case):
    """The default ``Exercise.run``: the answer called on the case's arguments."""
    return call(answer, *case.args)


@dataclass(frozen=True)
class Exercise:
    """One exercise of the series, everything the checks, the tests and the guides need."""

    id: str  # "06-2": notebook 06, its second exercise
    title: str  # the exercise's name in the notebook's exercises table (Japanese)
    subject: str  # what the check's message says it checked, e.g. "tanh の導関数 ∇tanh(u)"
    writes: str  # what the student writes: a function or a class and its signature
    check: str  # the name of the check in ``lecnn.checks``, e.g. "check_backward"
    cases: Callable  # cases(rng) -> list of Case: fresh random inputs from the generator
    reference: object  # the model answer (a function or class), written as the student's is
    hint: str  # points back to the derivation, in Japanese, without code
    purpose: str  # what the exercise trains (Japanese, for the instructor's guide)
    mistakes: tuple = ()  # of Mistake
    # regular expressions of how the answer reads as text (formula, code): the student
    # edition may not show them outside solution regions, in this notebook or an earlier one
    answer_patterns: tuple = ()
    run: Callable = call_function  # run(call, answer, case) -> value or Parts: the answer on a case
    method: str = ""  # for a class exercise, the method the student writes
    rtol: float = RTOL  # tolerances of the comparison
    atol: float = ATOL
    advanced: bool = False  # a 発展 exercise
    keeps_args: bool = False  # the prompt says not to change the arguments: a change fails
    lecnn_answers: tuple = ()  # lecnn objects computing the answer: code using one is refused

    @property
    def notebook(self):
        """The notebook's number, e.g. "06"."""
        return self.id.split("-")[0]

    @property
    def number(self):
        """The exercise's number within its notebook."""
        return int(self.id.split("-")[1])

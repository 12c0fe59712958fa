"""An exercise (演習) as data: what the student writes, the cases, the reference, the typical mistakes.

Each notebook's module in ``lecnn.checks`` declares its exercises as ``Exercise`` values; one
runner (``lecnn.checks.runner.run``) checks any of them, and ``lecnn.checks`` offers each as
its ``check_*`` function.

>>> Mistake("sign", "符号が逆です。", lambda u: -u).code
'sign'
"""

from collections.abc import Callable
from dataclasses import dataclass, field

RTOL = 1e-7
"""Relative tolerance of every comparison with the reference (unless an exercise sets its own)."""

ATOL = 1e-10
"""Absolute tolerance of every comparison with the reference (for entries near 0)."""


@dataclass(frozen=True)
class Case:
    """One input of an exercise.

    Attributes
    ----------
    label : str
        How a message names the case (Japanese), e.g. "ケース 2 (n = 5, m = 3)".
    args : tuple
        The arguments the student's function (or class) receives.
    info : dict
        Anything else the exercise's ``run`` needs (a seed, a number of epochs, ...).
    hint : str
        Added to the exercise's hint when this case fails (e.g. about overflow).
    """

    label: str
    args: tuple
    info: dict = field(default_factory=dict)
    hint: str = ""


@dataclass(frozen=True)
class Mistake:
    """A typical mistake: its ``code``, a Japanese ``note`` and a wrong answer that makes it.

    ``wrong`` is written as the student would write it (same signature as the reference);
    the runner runs it on the failing case and names the mistake when the student's result
    equals its result. Where that wrong answer fails with an error, or its result has a
    telling shape rather than values, ``test(got, case)`` recognises it instead: ``got`` is
    the student's result, or the ``Mismatch`` their code raised.
    """

    code: str
    note: str
    wrong: Callable
    test: Callable | None = None


class Parts(dict):
    """Named parts of a result (e.g. {"self.dW": ..., "戻り値": ...}), compared in order."""


def error_says(*texts):
    """A ``Mistake.test``: the student's code failed with an error whose message has one of ``texts``."""

    def test(got, case):
        return isinstance(got, Exception) and any(text in str(got) for text in texts)

    return test


def call_function(call, answer, case):
    """The default ``Exercise.run``: the answer called on the case's arguments."""
    return call(answer, *case.args)


@dataclass(frozen=True)
class Exercise:
    """One exercise of the series, everything the checks, the tests and the guides need.

    Attributes
    ----------
    id : str
        "06-2": notebook 06, its second exercise.
    title : str
        The exercise's name in the notebook's exercises table (Japanese).
    subject : str
        What the check's message says it checked, e.g. "tanh の導関数 ∇tanh(u)".
    writes : str
        What the student writes: a function or a class and its signature.
    check : str
        The name under which ``lecnn.checks`` offers the check, e.g. "check_backward".
    cases : callable
        ``cases(rng) -> list of Case``: fresh random inputs from the generator.
    reference : callable or class
        The model answer, written as the student's answer is.
    hint : str
        Points back to the derivation, in Japanese, without code.
    purpose : str
        What the exercise trains (Japanese, for the instructor's guide).
    mistakes : tuple of Mistake
    answer_patterns : tuple of str
        Regular expressions of how the answer reads as text (formula, code): the student
        edition may not show them outside solution regions, in this notebook or an earlier one.
    run : callable
        ``run(call, answer, case) -> value or Parts``: how the answer is used on a case.
    method : str
        For a class exercise, the method the student writes; "" for a function.
    rtol, atol : float
        Tolerances of the comparison.
    advanced : bool
        A 発展 exercise.
    """

    id: str
    title: str
    subject: str
    writes: str
    check: str
    cases: Callable
    reference: object
    hint: str
    purpose: str
    mistakes: tuple = ()
    answer_patterns: tuple = ()
    run: Callable = call_function
    method: str = ""
    rtol: float = RTOL
    atol: float = ATOL
    advanced: bool = False

    @property
    def notebook(self):
        """The notebook's number, e.g. "06"."""
        return self.id.split("-")[0]

    @property
    def number(self):
        """The exercise's number within its notebook."""
        return int(self.id.split("-")[1])

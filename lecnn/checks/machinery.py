"""What every exercise check shares: comparing with the reference, diagnosing, reporting.

A check's ``body`` raises ``Mismatch`` (or ``Blank``) at the first difference;
``run_check`` turns the outcome into a ``CheckResult``. Every ``Mismatch`` carries a
machine-readable ``code`` (see ``CODES``) besides its Japanese message, and the
result keeps it, so tests assert the diagnosis rather than the wording.

One tolerance policy: values agree when ``np.isclose(got, expected, rtol=RTOL,
atol=ATOL)`` holds entry by entry; a check that needs exact or tighter agreement
passes ``rtol``/``atol`` explicitly.

What a check cannot be fooled or hung by:

- The student's function is called by ``lecnn.checks.calling``: under a time limit,
  every exception it raises turned into a Japanese message.
- Only real numbers count as an answer: complex, string and other objects are
  refused, an integer too large for a float gets its own message.
- Inputs are fresh random draws on every run (``fresh_rng``), so a table of the
  values a check once printed cannot pass it.
- A failing case shows its input (never the answer or code), and the result keeps
  an exact copy of it as ``CheckResult.inputs`` to reproduce the case.

>>> result = run_check("x", lambda: compare(np.zeros((3, 2)), np.zeros((2, 3))), 1)
>>> result.passed, result.code
(False, 'transpose')
"""

import numbers
from dataclasses import dataclass, field

import numpy as np

from lecnn.checks import progress
from lecnn.checks.calling import LAST_CALL, Blank, Mismatch, hint_line, is_blank

RTOL = 1e-7
"""Relative tolerance of every comparison with the reference."""

ATOL = 1e-10
"""Absolute tolerance of every comparison with the reference (for entries near 0)."""

INPUT_DIGITS = 6
"""Significant digits of each entry of the failing input shown under a wrong answer."""

PASS = "✔ 正解です。"
BLANK = (
    "まだ実装されていません。「# ここにコードを書く」の部分を埋めてから、"
    "もう一度このセルを実行してください。"
)

CODES = {
    "pass": "the answer agrees with the reference on every case",
    "blank": "the student edition's blank is still there",
    "error": "the student's code raised an exception",
    "timeout": "the student's function did not return within TIME_LIMIT seconds",
    "no_torch": "PyTorch is not installed, so the check cannot run",
    "complex": "the result is complex",
    "too_large": "the result is an integer too large for a float",
    "not_callable": "a function was expected",
    "none": "the result is None (a missing return)",
    "not_numeric": "the result is not a numeric array (a string, a dict, another object)",
    "matrices": "the gradient matrices came where their norms were expected",
    "not_list": "a list was expected",
    "length": "the list has the wrong number of entries",
    "order": "the list is in reverse order",
    "scalar": "one number came where one per layer was expected",
    "shape": "the result has the wrong shape",
    "transpose": "the result has the transposed shape",
    "intercept": "the result lacks the intercept column",
    "not_finite": "the result holds NaN or inf where the reference is finite",
    "value": "an entry differs from the reference",
}
"""The generic diagnoses; a typical mistake (see ``compare_diagnosed``) names its own."""


@dataclass
class CheckResult:
    """Outcome of a check: ``passed``, the Japanese ``message`` shown in the notebook,
    and the diagnosis ``code`` (a key of ``CODES`` or a typical mistake's name).

    Its repr is the message, so a check cell's output is just the message.
    """

    passed: bool
    message: str
    blank: bool = False
    code: str = ""
    inputs: dict = field(default=None, repr=False)
    """The arguments of the failing call, by parameter name (copies), or None."""

    def __post_init__(self):
        if not self.code:
            self.code = "pass" if self.passed else ("blank" if self.blank else "value")

    def __bool__(self):
        return self.passed

    def __repr__(self):
        return self.message

    def _repr_pretty_(self, printer, cycle):
        printer.text(self.message)


def as_float_array(got):
    """``got`` as a float ndarray, or None unless it is real numbers (see ``real_array``)."""
    return real_array(got)[0]


def real_array(got):
    """``got`` as a float ndarray if it is real numbers, else why not.

    Numbers, arrays and nested lists of real numbers (bools and integers included) are
    accepted; strings, complex numbers, dicts and other objects are not, and neither
    is an integer too large for a float.

    Returns
    -------
    array : ndarray of float, or None
    refusal : (str, str) or None
        The Japanese reason and the code ("not_numeric", "complex", "too_large").
    """
    kind = type(got).__name__
    if isinstance(got, (str, bytes)):
        return None, (f"文字列 ({kind}) ではなく数値を返してください。", "not_numeric")
    try:
        arr = np.asarray(got)
    except (TypeError, ValueError):
        return None, (f"数値の配列になりません ({kind})。", "not_numeric")
    if arr.dtype.kind == "O" and all(
        isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in arr.flat
    ):
        try:  # Python integers beyond int64
            arr = arr.astype(float)
        except OverflowError:
            digits = max(len(str(abs(int(v)))) for v in np.asarray(got, dtype=object).flat)
            return None, (
                f"整数が大きすぎます ({digits} 桁)。式をもう一度確かめてください。",
                "too_large",
            )
    if arr.dtype.kind == "c":
        return None, ("複素数が返ってきました。実数を返してください。", "complex")
    if arr.dtype.kind not in "biuf":
        what = "文字列" if arr.dtype.kind in "US" else kind
        return None, (f"数値ではありません ({what})。", "not_numeric")
    return arr.astype(float), None


def matches(got, value, rtol=RTOL, atol=ATOL):
    """Whether ``got`` has ``value``'s shape and agrees with it within the tolerances."""
    got, value = as_float_array(got), np.asarray(value, dtype=float)
    return got is not None and got.shape == value.shape and np.allclose(got, value, rtol, atol)


def first_mismatch(got, expected, rtol=RTOL, atol=ATOL):
    """Index of the first entry where ``got`` differs from ``expected``.

    None when got is not a finite numeric array of expected's shape, or nothing differs.
    """
    got = as_float_array(got)
    if got is None or got.shape != expected.shape or not np.all(np.isfinite(got)):
        return None
    bad = np.argwhere(~np.isclose(got, expected, rtol=rtol, atol=atol))
    return tuple(int(i) for i in bad[0]) if len(bad) else None


def compare(got, expected, what="出力", hint="", rtol=RTOL, atol=ATOL):
    """Raise Mismatch unless ``got`` equals ``expected`` (shape, then values).

    Parameters
    ----------
    got : array_like or scalar
        The student's result.
    expected : ndarray or scalar
        The reference result.
    what : str
        Name of the quantity in the message, e.g. "∂E/∂W_r".
    hint : str
        A pointer back to the formula, shown on a mismatch.
    rtol, atol : float
        Tolerances of ``np.isclose``.
    """
    if is_blank(got):
        raise Blank
    suffix = hint_line(hint)
    expected = np.asarray(expected)
    if got is None:
        raise Mismatch(f"{what}が None です。return を忘れていませんか?{suffix}", "none")
    array, refusal = real_array(got)
    if array is None:
        reason, code = refusal
        raise Mismatch(f"{what}: {reason}{suffix}", code)
    got = array
    if got.shape != expected.shape:
        note, code = "", "shape"
        if got.ndim == 2 and got.shape == expected.shape[::-1]:
            note, code = " 転置 (ᵀ) になっていませんか?", "transpose"
        elif got.ndim == expected.ndim and got.shape[-1] + 1 == expected.shape[-1]:
            note, code = " 切片 (列 0) の分が足りないのではありませんか?", "intercept"
        raise Mismatch(
            f"{what}の形が違います: 期待 {shape_text(expected.shape)}, "
            f"実際 {shape_text(got.shape)}。{note}{suffix}",
            code,
        )
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(expected)):
        raise Mismatch(f"{what}に NaN か inf が含まれています。{suffix}", "not_finite")
    close = np.isclose(got, expected, rtol=rtol, atol=atol)
    if not np.all(close):
        index = tuple(int(i) for i in np.argwhere(~close)[0])
        place = f"成分 {index[0] if len(index) == 1 else index}" if index else "値"
        raise Mismatch(
            f"{what}の{place}が違います: 期待 {_fmt(expected[index])}, "
            f"実際 {_fmt(got[index])} (一致しない成分は {int(np.sum(~close))} 個)。{suffix}"
        )


def diagnose(got, mistakes):
    """The first typical mistake whose value ``got`` equals, as (note, code), or None.

    Parameters
    ----------
    got : array_like
        The student's (wrong) result.
    mistakes : sequence of (ndarray, str, str)
        A typical wrong answer's value on the same input, a Japanese note on it, and
        the mistake's code (e.g. "sign"), which the result carries.
    """
    for value, note, code in mistakes:
        if matches(got, value):
            return note, code
    return None


def compare_diagnosed(got, expected, what, hint="", mistakes=(), rtol=RTOL):
    """``compare``; on a mismatch also name the typical mistake ``got`` matches, if any.

    The Mismatch then carries the mistake's code.
    """
    try:
        compare(got, expected, what=what, hint=hint, rtol=rtol)
    except Mismatch as err:
        found = diagnose(got, mistakes)
        if found is None:
            raise
        note, code = found
        raise Mismatch(f"{err}\n考えられる原因: {note}", code) from None


def as_list(got, n, what, items):
    """``got`` as a list of ``n`` entries, or raise Mismatch.

    Parameters
    ----------
    got : object
        The student's result.
    n : int
    what : str
        Name of the result in the message.
    items : str
        What the entries are, e.g. "W_0, ..., W_r の行列".
    """
    if is_blank(got):
        raise Blank
    if got is None:
        raise Mismatch(f"{what}が None です。return を忘れていませんか?", "none")
    if isinstance(got, np.ndarray) or not isinstance(got, (list, tuple)):
        raise Mismatch(
            f"{what}は {items} {n} 個のリストにしてください "
            f"(受け取ったのは {type(got).__name__} です)。",
            "not_list",
        )
    if len(got) != n:
        raise Mismatch(f"{what}のリストの長さが違います: 期待 {n}, 実際 {len(got)}。", "length")
    return list(got)


def _fmt(value):
    return f"{float(value):.6g}"


def run_check(title, body, n_cases):
    """Run ``body()`` (which raises Mismatch/Blank on failure) and wrap the outcome.

    Parameters
    ----------
    title : str
        What is being checked, e.g. "softmax のヤコビ行列".
    body : callable
        Performs every comparison; returns nothing.
    n_cases : int
        Number of test inputs ``body`` tried, for the success message.

    Returns
    -------
    CheckResult
    """
    token = LAST_CALL.set(None)
    try:
        body()
    except Blank:
        result = CheckResult(False, f"{title}: {BLANK}", blank=True)
    except Mismatch as err:
        inputs = LAST_CALL.get()
        shown = ""
        if inputs:
            shown = "\n失敗した入力 (正確な値は結果の .inputs にあります):" + "".join(
                f"\n  {name} = {input_text(value, INPUT_DIGITS)}" for name, value in inputs.items()
            )
        result = CheckResult(
            False, f"✘ {title}: 不正解です。{err}{shown}", code=err.code, inputs=inputs
        )
    else:
        result = CheckResult(True, f"{PASS} {title}: {n_cases} 通りの入力で一致しました。")
    finally:
        LAST_CALL.reset(token)
    progress.record(progress.calling_check(), result.passed, result.blank)
    return result


SEED = None
"""None: every check draws fresh inputs. A test may set an integer to repeat a draw."""


def fresh_rng():
    """A generator seeded afresh on every call (unless ``SEED`` is set): a check's inputs
    differ from run to run."""
    return np.random.default_rng(SEED)


def random_cases(rng, shapes, scale=1.0):
    """Random float64 arrays, one per shape.

    Parameters
    ----------
    rng : numpy.random.Generator
    shapes : list of tuple
    scale : float

    Returns
    -------
    list of ndarray
    """
    return [rng.normal(scale=scale, size=shape) for shape in shapes]


def shape_text(shape):
    """A shape as the messages write it: "スカラー" for (), else the tuple, e.g. "(3, 4)".

    Parameters
    ----------
    shape : tuple of int

    Returns
    -------
    str
    """
    return "スカラー" if tuple(shape) == () else str(tuple(shape))


def input_text(value, digits=4, max_entries=8):
    """A value of a failing case as short text for a message: "(0.1235, −1.5, 1000)".

    Parameters
    ----------
    value : object
        A number or an array of numbers: each entry to ``digits`` significant digits, a
        vector in parentheses, a matrix row by row in brackets. A list or tuple: its items
        so, in brackets or parentheses. A random generator, a function: what it is; a
        network: its repr and the shapes of its W_k. Anything else: its repr.
    digits : int, default 4
        Significant digits per entry.
    max_entries : int, default 8
        Longer vectors (or matrices with more rows) end in "…".

    Returns
    -------
    str
    """
    if isinstance(value, np.random.Generator):
        return "乱数生成器 (同じ状態のものが結果の .inputs にあります)"
    if hasattr(value, "weights") and hasattr(value, "sizes"):  # a Network
        return f"{value!r}, weights の形 {[W.shape for W in value.weights]}"
    if callable(value):
        return getattr(value, "__name__", type(value).__name__)
    if isinstance(value, (list, tuple)):
        inner = ", ".join(input_text(v, digits, max_entries) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    if isinstance(value, (bool, np.bool_)) or real_array(value)[0] is None:
        return repr(value)
    if isinstance(value, numbers.Integral):  # exact, however many digits
        return str(int(value)).replace("-", "−")
    a = np.asarray(value, dtype=float)

    def number(x):
        return f"{float(x):.{digits}g}".replace("-", "−")

    if a.ndim == 0:
        return number(a)
    if a.ndim == 1:
        shown = ", ".join(number(x) for x in a[:max_entries])
        return f"({shown}{', …' if len(a) > max_entries else ''})"
    rows = [input_text(row, digits, max_entries) for row in a.reshape(len(a), -1)[:max_entries]]
    return f"[{', '.join(rows)}{', …' if len(a) > max_entries else ''}]"

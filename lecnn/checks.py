"""Self-checks for the notebooks' exercises (演習).

Each ``check_*`` function takes what the student wrote (a function or a value),
compares it with the package's reference on fresh random inputs of several
shapes (one sample, one class, huge logits, ...), and returns a ``CheckResult``
whose text, shown as the cell's output, says in Japanese that the answer is
right, or what differs and where (expected against got, with a hint back to
the formula), without printing the answer itself. An unfilled blank
(``...`` or ``raise NotImplementedError``) gets 「まだ実装されていません」.

The shared machinery is at the top; below it, one section per notebook.
"""

import traceback
from dataclasses import dataclass

import numpy as np

# ---------------------------------------------------------------------------
# Machinery
# ---------------------------------------------------------------------------

PASS = "✔ 正解です。"
BLANK = (
    "まだ実装されていません。「# ここにコードを書く」の部分を埋めてから、"
    "もう一度このセルを実行してください。"
)


@dataclass
class CheckResult:
    """Outcome of a check: ``passed`` and the Japanese ``message`` shown in the notebook.

    Its repr is the message, so a check cell's output is just the message.
    """

    passed: bool
    message: str
    blank: bool = False

    def __bool__(self):
        return self.passed

    def __repr__(self):
        return self.message

    def _repr_pretty_(self, printer, cycle):
        printer.text(self.message)


class Mismatch(Exception):
    """Raised inside a check when the student's answer differs; carries the message."""


class Blank(Exception):
    """Raised inside a check when the answer is still the blank of the student edition."""


def is_blank(value):
    """True for the student edition's value placeholder ``...``."""
    return value is Ellipsis


def call(function, *args, **kwargs):
    """Call the student's function; a blank raises Blank, any other error becomes Mismatch.

    Parameters
    ----------
    function : callable or Ellipsis
    *args, **kwargs : passed on (copies of arrays, so the student cannot change ours)

    Returns
    -------
    whatever ``function`` returns
    """
    if is_blank(function):
        raise Blank
    if not callable(function):
        raise Mismatch(f"関数を渡してください (受け取ったのは {type(function).__name__} です)。")
    args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    try:
        return function(*args, **kwargs)
    except NotImplementedError:
        raise Blank from None
    except Exception as err:  # the student's code failed: say how, as the traceback would
        where = traceback.extract_tb(err.__traceback__)[-1]
        raise Mismatch(
            f"実行中にエラーが出ました: {type(err).__name__}: {err} (行 {where.lineno})"
        ) from None


def compare(got, expected, what="出力", hint="", rtol=1e-7, atol=1e-10):
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
    suffix = f"\nヒント: {hint}" if hint else ""
    expected = np.asarray(expected)
    if got is None:
        raise Mismatch(f"{what}が None です。return を忘れていませんか?{suffix}")
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Mismatch(
            f"{what}が数値の配列ではありません ({type(got).__name__})。{suffix}"
        ) from None
    if got.shape != expected.shape:
        note = ""
        if got.ndim == 2 and got.shape == expected.shape[::-1]:
            note = " 転置 (ᵀ) になっていませんか?"
        elif got.ndim == expected.ndim and got.shape[-1] + 1 == expected.shape[-1]:
            note = " 切片 (列 0) の分が足りないのではありませんか?"
        raise Mismatch(
            f"{what}の形が違います: 期待 {expected.shape}, 実際 {got.shape}。{note}{suffix}"
        )
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(expected)):
        raise Mismatch(f"{what}に NaN か inf が含まれています。{suffix}")
    close = np.isclose(got, expected, rtol=rtol, atol=atol)
    if not np.all(close):
        index = tuple(int(i) for i in np.argwhere(~close)[0])
        place = f"成分 {index}" if index else "値"
        raise Mismatch(
            f"{what}の{place}が違います: 期待 {_fmt(expected[index])}, "
            f"実際 {_fmt(got[index])} (一致しない成分は {int(np.sum(~close))} 個)。{suffix}"
        )


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
    try:
        body()
    except Blank:
        return CheckResult(False, f"{title}: {BLANK}", blank=True)
    except Mismatch as err:
        return CheckResult(False, f"✘ {title}: 不正解です。{err}")
    return CheckResult(True, f"{PASS} {title}: {n_cases} 通りの入力で一致しました。")


def random_cases(seed, shapes, scale=1.0):
    """Reproducible random float64 arrays, one per shape.

    Parameters
    ----------
    seed : int
    shapes : list of tuple
    scale : float

    Returns
    -------
    list of ndarray
    """
    rng = np.random.default_rng(seed)
    return [rng.normal(scale=scale, size=shape) for shape in shapes]


# ---------------------------------------------------------------------------
# One section per notebook follows. Each check_* returns run_check(...).
# ---------------------------------------------------------------------------

# --- 01 前回の復習 -----------------------------------------------------------

# --- 02 ディープニューラルネットワーク -------------------------------------------


def check_n_params(n_params):
    """Check a function ``n_params(sizes) -> int``: Σ_{k=0}^{r} q_{k+1}(q_k + 1)."""
    from lecnn.network import n_params as reference

    cases = [
        [2, 3],
        [4, 8, 8, 3],
        [1, 1, 1, 1],
        [64, 64, 64, 10],
        [1024, 1024, 1024, 10],
        [3, 1, 5],
    ]

    def body():
        for sizes in cases:
            compare(
                call(n_params, list(sizes)),
                reference(sizes),
                what=f"sizes = {sizes} のパラメータ数",
                hint="W_k は q_{k+1} × (q_k + 1) 行列です (切片の列を忘れずに)。k = 0, ..., r で和をとります。",
                rtol=0,
                atol=0,
            )

    return run_check("パラメータ数 Σ_k q_{k+1}(q_k + 1)", body, len(cases))


# --- 03 ソフトマックス関数の微分 ---------------------------------------------------

# --- 04 W_r に関する微分 ----------------------------------------------------------

# --- 05 W_{r-1} に関する微分 ------------------------------------------------------

# --- 06 誤差逆伝播法 ----------------------------------------------------------------

# --- 07 学習 --------------------------------------------------------------------------

# --- 08 playground ---------------------------------------------------------------------

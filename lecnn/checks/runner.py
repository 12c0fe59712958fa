"""The one runner of every exercise: run the answer, compare with the reference, diagnose, report.

For each case of the exercise (fresh random inputs on every run, unless ``SEED`` is set) the
runner gets the reference's result and the student's, through the exercise's ``run``, and
compares them part by part within the exercise's tolerances. At the first difference it runs
each declared wrong answer (``Mistake.wrong``) on the same case and names the mistake whose
result the student's equals, then stops with a ``CheckResult`` whose Japanese message shows
the case in short (shapes, the first differing entry, never whole weight lists), the cause if
one was found, and the exercise's hint.

What the runner cannot be fooled or hung by: the student's code runs under ``calling``'s time
limit, every exception it raises becomes a Japanese message; only real numbers count as an
answer (complex numbers, strings, objects, integers too large for a float, sequences too long
to hold, objects whose ``__array__`` fails or does not return are refused, each with its code);
and an answer that hands the work to lecnn is refused (``shortcuts``).

>>> compare_values(np.zeros((3, 2)), np.zeros((2, 3)))[1]
'transpose'
"""

import math
import numbers
from dataclasses import dataclass, field

import numpy as np

from lecnn.checks import progress
from lecnn.checks.calling import LAST_CALL, Blank, Mismatch, call, copy_args, is_blank, run_limited
from lecnn.checks.exercise import Parts
from lecnn.checks.shortcuts import check_class, check_own

PASS = "✔ 正解です。"
BLANK = (
    "まだ実装されていません。「# ここにコードを書く」の部分を埋めてから、"
    "もう一度このセルを実行してください。"
)
MAX_ENTRIES = 10_000_000
"""A result with more entries than this is refused before NumPy tries to hold it."""

SEED = None
"""None: every check draws fresh inputs. A test may set an integer to repeat a draw."""

CODES = {
    "pass": "the answer agrees with the reference on every case",
    "blank": "the student edition's blank is still there",
    "error": "the student's code raised an exception",
    "timeout": "the student's code did not return within the time limit",
    "no_torch": "PyTorch is not installed, so the check cannot run",
    "not_callable": "a function was expected",
    "not_class": "a class was expected",
    "inherited": "the class does not define the method itself but inherits lecnn's",
    "calls_parent": "the class's method calls a method of that name (super()'s, lecnn's)",
    "no_method": "the class lacks another method the check calls (forward, which lecnn's layer has)",
    "lecnn_answer": "the answer is lecnn's own function or class, or its code uses the one computing it",
    "none": "the result is None (a missing return)",
    "complex": "the result is complex",
    "too_large": "an integer too large for a float, or a sequence too long to hold",
    "not_numeric": "the result is not a numeric array (a string, a dict, another object)",
    "not_list": "a list was expected",
    "length": "the list has the wrong number of entries",
    "shape": "the result has the wrong shape",
    "transpose": "the result has the transposed shape",
    "intercept": "the result lacks one entry in its last axis (often the intercept column)",
    "changes_args": "the answer changed an argument the exercise says to leave as it is",
    "not_finite": "the result holds NaN or inf where the reference is finite",
    "value": "an entry differs from the reference",
}
"""The generic diagnoses; a declared mistake names its own code."""


@dataclass
class CheckResult:
    """Outcome of a check: ``passed``, the Japanese ``message`` shown in the notebook,
    and the diagnosis ``code`` (a key of ``CODES`` or a declared mistake's code).

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


def fresh_rng():
    """A generator seeded afresh on every call (unless ``SEED`` is set)."""
    return np.random.default_rng(SEED)


def fmt(value, digits=6):
    """A number in ``digits`` significant digits; never an error, whatever ``value`` is
    (an integer too large for a float is said to be one, anything else is named by its type)."""
    try:
        return f"{float(value):.{digits}g}"
    except OverflowError:  # a Python integer (or fraction) beyond the float range
        kind = "とても大きな整数" if isinstance(value, numbers.Integral) else "とても大きな数"
        try:
            return f"{kind} (約 {_digits(value):.0f} 桁)"
        except Exception:  # noqa: BLE001 - said without its size
            return kind
    except Exception:  # noqa: BLE001 - not a number: its type
        return type(value).__name__


def _digits(value):
    """About how many decimal digits the integer part of ``value`` has."""
    return int(abs(value)).bit_length() * math.log10(2)


def short(value, max_entries=8):
    """``value`` in a few characters: small arrays in full, larger ones (and arrays of another
    class, such as np.matrix) by their shape; never an error, whatever ``value`` is."""
    try:
        return _short(value, max_entries)
    except Exception:  # noqa: BLE001 - an odd object (a shape that raises, ...): its type
        return type(value).__name__


def _short(value, max_entries):
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return fmt(value)
    if type(value) is np.ndarray and value.dtype.kind in "biuf":
        if value.size <= max_entries:
            body = ", ".join(fmt(v, 4) for v in value.ravel())
            return (
                body if value.ndim == 0 else f"({body})" + (f" 形 {value.shape}" * (value.ndim > 1))
            )
        return f"形 {value.shape} の配列"
    if hasattr(value, "shape") and hasattr(value, "dtype"):  # a tensor, an np.matrix
        return f"形 {tuple(value.shape)} の {type(value).__name__}"
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, np.ndarray) for v in value) and value:
            return f"形 {[v.shape for v in value]} の配列のリスト"
        return f"長さ {len(value)} のリスト"
    return getattr(value, "__name__", type(value).__name__)


def _length(got):
    try:
        return len(got)
    except (OverflowError, TypeError, ValueError):  # range(10**20) has no int length
        return math.inf if isinstance(got, range) else 0


def real_array(got):
    """``got`` as a float ndarray, or raise Mismatch saying why it is not real numbers."""
    kind = type(got).__name__
    if isinstance(got, (str, bytes)):
        raise Mismatch(f"文字列 ({kind}) ではなく数値を返してください。", "not_numeric")
    if not isinstance(got, np.ndarray) and _length(got) > MAX_ENTRIES:
        raise Mismatch(f"要素が多すぎます ({kind})。数値の配列を返してください。", "too_large")
    try:
        outcome = run_limited(np.asarray, (got,), {})
    except Mismatch:
        raise Mismatch(
            f"戻り値 ({kind}) を数値の配列に変換できませんでした (時間切れ)。", "not_numeric"
        ) from None
    if "error" in outcome:
        raise Mismatch(f"数値の配列になりません ({kind})。", "not_numeric")
    arr = outcome["value"]
    if arr.dtype.kind == "O" and all(
        isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in arr.flat
    ):
        try:  # Python integers beyond int64
            arr = arr.astype(float)
        except OverflowError:
            digits = max(_digits(v) for v in arr.flat)
            raise Mismatch(
                f"整数が大きすぎます (約 {digits:.0f} 桁)。式をもう一度確かめてください。",
                "too_large",
            ) from None
    if arr.dtype.kind == "c":
        raise Mismatch("複素数が返ってきました。実数を返してください。", "complex")
    if arr.dtype.kind not in "biuf":
        what = "文字列" if arr.dtype.kind in "US" else kind
        raise Mismatch(f"数値ではありません ({what})。", "not_numeric")
    return arr.astype(float)


def compare_values(got, expected, rtol=1e-7, atol=1e-10):
    """None if ``got`` equals ``expected`` within the tolerances, else (Japanese problem, code)."""
    if is_blank(got):
        raise Blank
    if got is None:
        return "None です。return を忘れていませんか?", "none"
    low = _low_precision(got)
    try:
        got = real_array(got)
    except Mismatch as err:
        return str(err), err.code
    expected = np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        code = "shape"
        if got.ndim == 2 and got.shape == expected.shape[::-1]:
            code = "transpose"
        elif got.ndim == expected.ndim >= 1 and got.shape[-1] + 1 == expected.shape[-1]:
            code = "intercept"
        return f"形が違います: 期待 {_shape(expected.shape)}, 実際 {_shape(got.shape)}。", code
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(expected)):
        return "NaN か inf が含まれています。", "not_finite"
    close = np.isclose(got, expected, rtol=rtol, atol=atol)
    if np.all(close):
        return None
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    place = f"成分 {index[0] if len(index) == 1 else index} " if index else "値"
    want, have = expected[index], got[index]
    digits = 6 if fmt(want) != fmt(have) else 17  # equal in 6 digits: show where they differ
    count = f" (一致しない成分は {int(np.sum(~close))} 個)" if close.size > 1 else ""
    precision = f" 結果が {low} で、精度が足りません (float64 で計算しましょう)。" if low else ""
    return (
        f"{place}が違います: 期待 {fmt(want, digits)}, 実際 {fmt(have, digits)}{count}。{precision}",
        "value",
    )


def _shape(shape):
    """A shape as a message shows it: () is said to be a single number."""
    return f"{shape} (数 1 つ)" if shape == () else str(shape)


def _low_precision(value):
    """ "float32" or "float16" when ``value`` (an array or a tensor) holds such numbers, else ""."""
    name = str(getattr(value, "dtype", ""))
    return next((kind for kind in ("float32", "float16", "bfloat16") if name.endswith(kind)), "")


def direct(function, *args, **kwargs):
    """Call our own code (the reference, a declared wrong answer) as ``call`` calls the student's."""
    with np.errstate(all="ignore"):
        return function(*args, **kwargs)


def student(function, *args, **kwargs):
    """``call`` with floating-point warnings off (a naive formula's overflow shows as inf)."""
    with np.errstate(all="ignore"):
        return call(function, *args, **kwargs)


def parts(value):
    """A result as named parts: ``Parts`` stay, anything else is the one part ""."""
    return value if isinstance(value, Parts) else Parts({"": value})


def as_list(got, n, items):
    """``got`` as a list of ``n`` entries, or raise Mismatch (``items`` says what they are)."""
    if is_blank(got):
        raise Blank
    if got is None:
        raise Mismatch("戻り値が None です。return を忘れていませんか?", "none")
    if isinstance(got, np.ndarray) or not isinstance(got, (list, tuple)):
        raise Mismatch(
            f"戻り値は {items} {n} 個のリストにしてください (受け取ったのは {short(got)} です)。",
            "not_list",
        )
    if len(got) != n:
        raise Mismatch(
            f"リストの長さが違います: 期待 {n} ({items} {n} 個), 実際 {len(got)}。", "length"
        )
    return list(got)


def diagnose(exercise, case, part, got, everything=None):
    """The declared mistake whose wrong answer gives ``got`` (part ``part``) on ``case``.

    Of several such mistakes, the first whose wrong answer also agrees with ``everything``
    (all the student's parts) is named: two mistakes can agree on one part only. The
    student's parts are read as numbers once, under the time limit; a mistake's ``test`` sees
    those numbers (None for a part that is not numbers, which agrees with no wrong answer),
    never the student's object itself, whose ``__array__`` may not return.
    """
    numbers = {p: _numbers(v) for p, v in (everything or {}).items()} | {part: _numbers(got)}
    found = None
    for mistake in exercise.mistakes:
        if mistake.test is not None and mistake.test(numbers[part], case):
            return mistake
        if numbers[part] is None:
            continue
        try:
            wrong = parts(exercise.run(direct, mistake.wrong, copy_args(case)))
        except Exception:  # noqa: BLE001 - a wrong answer that cannot run on this case
            continue
        if not _agrees(exercise, numbers[part], wrong.get(part)):
            continue
        if everything is None or all(
            _agrees(exercise, numbers.get(p), v) for p, v in wrong.items()
        ):
            return mistake
        found = found or mistake
    return found


def _numbers(value):
    """``value`` as a float ndarray, or None when it is not real numbers."""
    if value is None or is_blank(value):
        return None
    try:
        return real_array(value)
    except Mismatch:
        return None


def _agrees(exercise, got, wrong):
    """Whether the student's ``got`` (numbers or None) equals a wrong answer's ``wrong``
    within the tolerances."""
    if got is None:
        return False
    try:
        return compare_values(got, real_array(wrong), exercise.rtol, exercise.atol) is None
    except Exception:  # noqa: BLE001 - a part that cannot be compared does not agree
        return False


SHAPE_NOTES = {
    "transpose": "転置 (ᵀ) になっていませんか?",
    "intercept": "成分が 1 つ足りません。切片 (列 0) の分か、ループや添字の範囲を確かめましょう。",
}
"""What a wrong shape suggests, when no declared mistake explains it."""


def _failure(exercise, case, problem, code, mistake):
    lines = [f"✘ {exercise.subject}: 不正解です。{case.label}{problem}"]
    if mistake is not None:
        lines.append(f"考えられる原因: {mistake.note}")
        code = mistake.code
    elif code in SHAPE_NOTES:
        lines.append(f"考えられる原因: {SHAPE_NOTES[code]}")
    lines.append(f"ヒント: {exercise.hint}{case.hint}")
    inputs = LAST_CALL.get()
    if inputs:
        shown = ", ".join(f"{name} = {short(value)}" for name, value in inputs.items())
        lines.append(f"失敗した入力 (正確な値は結果の .inputs にあります): {shown}")
    return CheckResult(False, "\n".join(lines), code=code, inputs=inputs)


def _changed(original, given, names):
    """The names of the array arguments the student's call changed (``given`` were passed)."""
    names = list(names or ())
    return ", ".join(
        names[i] if i < len(names) else f"{i + 1} 番目"
        for i, (a, b) in enumerate(zip(original, given, strict=True))
        if isinstance(a, np.ndarray) and not np.array_equal(a, b, equal_nan=True)
    )


def _check_case(exercise, answer, case):
    """None if the answer is right on ``case``, else the failing CheckResult."""
    expected = parts(exercise.run(direct, exercise.reference, copy_args(case)))
    given = copy_args(case)
    LAST_CALL.set(None)  # this case's calls only
    try:
        got = parts(exercise.run(student, answer, given))
    except Mismatch as err:
        mistake = next((m for m in exercise.mistakes if m.test and m.test(err, case)), None)
        return _failure(exercise, case, f": {err}", err.code, mistake)
    if exercise.keeps_args:
        changed = _changed(case.args, given.args, LAST_CALL.get())
        if changed:
            problem = (
                f": 引数 {changed} の中身を書き換えています。問題文のとおり、引数の配列は"
                "書き換えずに、新しい配列を作って返してください (成分への代入や += などは、"
                "渡された配列そのものを変えます)。"
            )
            return _failure(exercise, case, problem, "changes_args", None)
    for part, value in expected.items():
        problem = compare_values(got.get(part), value, exercise.rtol, exercise.atol)
        if problem is not None:
            text, code = problem
            joint = " の" if case.label[-1:].isascii() else "の"  # no space after Japanese
            where = f"{joint} {part}" if part else ""
            mistake = diagnose(exercise, case, part, got.get(part), got)
            return _failure(exercise, case, f"{where}: {text}", code, mistake)
    return None


def run(exercise, answer, rng=None):
    """Check ``answer`` on every case of ``exercise``; record and return the CheckResult."""
    token = LAST_CALL.set(None)
    try:
        if is_blank(answer):
            raise Blank
        check_own(answer, exercise)
        if exercise.method:
            check_class(answer, exercise.method)
        cases = exercise.cases(fresh_rng() if rng is None else rng)
        failures = (_check_case(exercise, answer, case) for case in cases)
        result = next((f for f in failures if f is not None), None)
        if result is None:
            n = len(cases)
            result = CheckResult(True, f"{PASS} {exercise.subject}: {n} 通りの入力で一致しました。")
    except Blank:
        result = CheckResult(False, f"{exercise.subject}: {BLANK}", blank=True)
    except Mismatch as err:
        verdict = "" if err.code == "no_torch" else "✘ "
        result = CheckResult(False, f"{verdict}{exercise.subject}: {err}", code=err.code)
    finally:
        LAST_CALL.reset(token)
    progress.record(exercise.id, result.passed, result.blank)
    return result

"""Calling the student's code: under a time limit, its arguments kept, every failure a message.

- The student's function runs in a daemon thread under a time limit (``TIME_LIMIT``
  seconds per call): a function that never returns gets a Japanese message and the
  notebook goes on. The runaway call is then stopped at its next line of Python (an
  endless loop in Python ends at once); one that stays inside a single long NumPy call
  cannot be stopped and keeps a core busy until it returns or the kernel is restarted,
  and the message says so. Ctrl-C (Jupyter's interrupt) interrupts the waiting check
  and stops the call as a time-out does.
- Every exception the student's code raises, SystemExit included (``sys.exit()``),
  becomes a ``Mismatch`` with a Japanese message (NumPy's commonest errors, such as
  shapes that do not fit a matrix product, get a Japanese gloss from ``ERROR_NOTES``);
  only KeyboardInterrupt passes through.
  A blank (``...`` or ``raise NotImplementedError``) becomes ``Blank``.
- The arguments of the case's calls are kept (copies) in ``LAST_CALL``, so that a
  failing case can show them and hand them back as ``CheckResult.inputs``.

>>> call(lambda u: 2 * u, 3)
6
"""

import contextvars
import copy
import ctypes
import inspect
import sys
import sysconfig
import threading
import traceback
from pathlib import Path

import numpy as np

TIME_LIMIT = 5.0
"""Seconds one call of the student's function may take."""


class Mismatch(Exception):
    """Raised inside a check when the student's answer differs: a Japanese ``message`` and the
    diagnosis ``code`` (a key of ``lecnn.checks.runner.CODES`` or a declared mistake's code)."""

    def __init__(self, message, code="value"):
        super().__init__(message)
        self.code = code


class Blank(Exception):
    """Raised inside a check when the answer is still the blank of the student edition."""


def is_blank(value):
    """True for the student edition's value placeholder ``...``."""
    return value is Ellipsis


LAST_CALL = contextvars.ContextVar("lecnn_check_last_call", default=None)
"""The arguments of the latest call of the student's function in the running check
(the runner shows them under a wrong answer)."""


ERROR_NOTES = (
    (
        ("not aligned", "core dimension", "matmul", "cannot be multiplied"),
        "行列の積の形が合いません。掛ける順番と転置 (ᵀ) を確かめましょう",
    ),
    (
        ("could not be broadcast",),
        "形の合わない配列どうしを成分ごとに計算しています。それぞれの形を確かめましょう",
    ),
    (
        ("out of bounds",),
        "添字 (または axis) が範囲の外です。0 から数えていること、配列の次元を確かめましょう",
    ),
    (
        ("only 0-dimensional", "only length-1", "only size-1"),
        "配列を 1 つの数として使っています。NumPy の関数で配列のまま計算しましょう",
    ),
)
"""Fragments of NumPy's (and PyTorch's) error messages -> a Japanese gloss added to them."""


def _gloss(err):
    text = str(err)
    note = next((note for parts, note in ERROR_NOTES if any(p in text for p in parts)), "")
    return f" ({note})" if note else ""


def call(function, *args, **kwargs):
    """``function(*args, **kwargs)`` under the time limit (the runner passes copies of the
    case, so the student cannot change ours and a change shows); a blank raises Blank,
    anything else that goes wrong (an exception, SystemExit included, or the time limit)
    Mismatch."""
    if is_blank(function):
        raise Blank
    if not callable(function):
        raise Mismatch(
            f"関数を渡してください (受け取ったのは {type(function).__name__} です)。"
            "関数の名前だけを書き、() をつけずに渡します。",
            "not_callable",
        )
    _remember(function, args, kwargs)
    outcome = run_limited(function, args, kwargs)
    if "error" not in outcome:
        return outcome["value"]
    err = outcome["error"]
    if isinstance(err, KeyboardInterrupt):
        raise err
    if isinstance(err, NotImplementedError):
        raise Blank from None
    note = " (sys.exit() や exit() はチェックの中では使わないでください)" * isinstance(
        err, SystemExit
    )
    raise Mismatch(
        f"実行中にエラーが出ました: {type(err).__name__}: {err}{_where(err)}{_gloss(err)}{note}",
        "error",
    ) from None


_LIBRARIES = tuple(
    str(Path(path).resolve())
    for path in {
        *(sysconfig.get_path(key) for key in ("stdlib", "platstdlib", "purelib", "platlib")),
        Path(__file__).parents[1],
    }
    if path and Path(path).is_dir()
)
"""Folders of installed code (NumPy, PyTorch, the standard library, lecnn): not the student's."""


def _where(err):
    """ " (行 3: the line)" of the student's own code where ``err`` was raised (the innermost
    frame outside installed libraries whose line can be shown), or "" when there is none.
    A frame without a line is code made at run time, not the student's: NumPy before 1.25
    dispatches its functions through one ("<__array_function__ internals>")."""
    frames = traceback.extract_tb(err.__traceback__)
    own = [
        f
        for f in frames
        if (f.line or "").strip() and not str(Path(f.filename).resolve()).startswith(_LIBRARIES)
    ]
    if not own:
        return ""
    return f" (行 {own[-1].lineno}: {own[-1].line.strip()})"


def run_limited(function, args, kwargs):
    """{"value": result} or {"error": exception} of ``function(*args, **kwargs)``, run in a
    daemon thread for at most TIME_LIMIT seconds, in a copy of the caller's context and with
    its floating-point error settings (``np.errstate``), as a direct call would be."""
    outcome = {}
    settings = np.geterr()
    done = threading.Event()  # not Thread.join: interrupted, it can call a running thread ended

    def target():
        try:
            with np.errstate(**settings):
                outcome["value"] = function(*args, **kwargs)
        except BaseException as err:  # noqa: BLE001 (reported in the caller's thread)
            outcome["error"] = err
        finally:
            done.set()

    context = contextvars.copy_context()
    worker = threading.Thread(target=context.run, args=(target,), daemon=True)
    worker.start()
    try:
        finished = done.wait(TIME_LIMIT)
    except KeyboardInterrupt:  # Jupyter's interrupt: the call is ended too
        _stop(worker, done)
        raise
    if not finished:
        after = (
            "計算は止めました。"
            if _stop(worker, done)
            else "止められなかった計算は、終わるかカーネルを再起動する (Kernel → Restart) まで裏で"
            " CPU を使い続け、そのあいだはほかのセルやチェックも遅くなります。"
        )
        raise Mismatch(
            f"時間切れです: 関数が {TIME_LIMIT:g} 秒以内に終わりませんでした。無限ループ "
            f"(終わらない while など) になっていませんか? {after}",
            "timeout",
        )
    return outcome


class _Stop(BaseException):
    """Raised inside a runaway call of the student's code to end it (``_stop``)."""


def _stop(worker, done, tries=20):
    """Whether the runaway call in ``worker`` ended (``done`` set) once asked to: CPython
    raises ``_Stop`` in the thread at its next line of Python, which a loop written in Python
    reaches at once, and a single long call into NumPy only when it returns. A call still
    running after ``tries`` attempts keeps no pending ``_Stop`` (it would surface at a
    random place)."""
    if sys.version_info[:2] == (3, 11) and sys.gettrace() is not None:
        return False  # 3.11 under a tracer (coverage, a debugger): a pending _Stop stalls our waits
    ident = ctypes.c_ulong(worker.ident)
    set_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
    for _ in range(tries):
        set_exc(ident, ctypes.py_object(_Stop))
        if done.wait(0.05):
            return True
    set_exc(ident, None)  # NULL: withdraw the pending exception
    return False


def _remember(function, args, kwargs):
    """Keep a copy of this call's arguments, named as the student's function names them, with
    those of the case's earlier calls (a class exercise: the constructor's W, forward's x, ...)."""
    try:
        params = inspect.signature(function).parameters.values()
    except Exception:  # noqa: BLE001 - no signature, or an object whose attributes raise
        params = []
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    names = [p.name for p in params if p.kind in positional and p.name not in kwargs]
    names = names[: len(args)]  # the rest (past them, or in *args) are numbered
    names += [f"引数{i + 1}" for i in range(len(names), len(args))]
    this = copy_args(dict(zip(names, args, strict=True)) | dict(kwargs))
    LAST_CALL.set((LAST_CALL.get() or {}) | this)


def copy_args(args):
    try:
        return copy.deepcopy(args)
    except Exception:  # noqa: BLE001 (an argument that cannot be copied is passed as it is)
        return args

"""The one runner: refusals, time limit, errors, class exercises, short failing input, progress."""

import dataclasses
import functools
import importlib
import itertools
import re
import signal
import subprocess
import sys
import threading
import time
import types
import warnings
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import lecnn
from lecnn.checks import EXERCISES, calling, progress, run
from lecnn.checks import runner as run_module
from lecnn.checks.backpropagation import _backward
from lecnn.checks.training import _epoch

CHECKS_DIR = Path(lecnn.__file__).parent / "checks"
TANH = EXERCISES["01-1"]


class _ArrayRaises:
    def __array__(self, dtype=None, copy=None):
        raise RuntimeError("no array")


class _ArraySleeps:
    def __array__(self, dtype=None, copy=None):
        time.sleep(30)


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        (lambda u: u + 0j, "complex"),
        (lambda u: "0.5", "not_numeric"),
        (lambda u: np.array([object()] * np.size(u), dtype=object), "not_numeric"),
        (lambda u: {"u": u}, "not_numeric"),
        (lambda u: 10**4300, "too_large"),
        (lambda u: range(10**10), "too_large"),
        (lambda u: range(10**20), "too_large"),
        (lambda u: _ArrayRaises(), "not_numeric"),
        (lambda u: None, "none"),
        (lambda u: np.full(np.shape(u), np.nan), "not_finite"),
    ],
)
def test_answers_that_are_not_real_numbers_are_refused_in_japanese(answer, code):
    result = run(TANH, answer)
    assert result.code == code and not result.passed, result.message
    assert result.message.startswith("✘ tanh の導関数")
    assert "Traceback" not in result.message


def test_an_array_that_never_arrives_is_refused_within_the_time_limit(monkeypatch):
    monkeypatch.setattr(calling, "TIME_LIMIT", 0.3)
    start = time.perf_counter()
    result = run(TANH, lambda u: _ArraySleeps())
    assert result.code == "not_numeric" and "時間切れ" in result.message
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("check", ["check_grad_W_r", "check_batch_grad_W_r"])
def test_a_mistakes_shape_test_does_not_wait_for_an_array_that_never_arrives(check, monkeypatch):
    """04's mistakes recognised by a shape see the numbers read under the time limit, never
    the student's object (whose ``__array__`` would hold the check for 30 s per mistake)."""
    monkeypatch.setattr(calling, "TIME_LIMIT", 0.3)
    start = time.perf_counter()
    result = getattr(lecnn.checks, check)(lambda *args: _ArraySleeps())
    assert result.code == "not_numeric" and "時間切れ" in result.message, result.message
    assert time.perf_counter() - start < 5


def test_a_function_that_never_returns_times_out(monkeypatch):
    monkeypatch.setattr(calling, "TIME_LIMIT", 0.3)
    result = run(TANH, lambda u: time.sleep(30))  # one call into C: it cannot be stopped
    assert result.code == "timeout" and "時間切れ" in result.message
    assert "再起動" in result.message and "止めました" not in result.message


def _runs_on(steps):
    """Whether a loop that counts in ``steps`` still runs (Thread.is_alive can say it ended)."""
    before = steps[0]
    time.sleep(0.3)
    return steps[0] != before


def _endless(steps):
    def answer(u):
        # (not `while True:` around a try: on Python 3.10 that loop never lets another
        # thread run, so neither the check nor Jupyter's interrupt gets a turn there)
        for _ in itertools.count():
            try:
                steps[0] += 1
            except Exception:  # noqa: BLE001 - a student's catch-all does not keep it running
                pass

    return answer


@pytest.mark.skipif(
    sys.version_info[:2] == (3, 11) and sys.gettrace() is not None,
    reason="under a tracer (coverage) Python 3.11 cannot stop a call: the check leaves it running",
)
def test_an_endless_loop_is_stopped_after_it_times_out(monkeypatch):
    monkeypatch.setattr(calling, "TIME_LIMIT", 0.3)
    steps = [0]
    result = run(TANH, _endless(steps))
    assert result.code == "timeout" and "計算は止めました" in result.message
    assert not _runs_on(steps), "the runaway loop still runs"


def test_a_call_in_c_times_out_promptly_under_a_tracer_too(monkeypatch):
    monkeypatch.setattr(calling, "TIME_LIMIT", 0.3)
    start = time.perf_counter()
    sys.settrace(lambda *args: None)  # as coverage or a debugger does
    try:
        result = run(TANH, lambda u: time.sleep(30))
    finally:
        sys.settrace(None)
    assert result.code == "timeout" and time.perf_counter() - start < 5


def test_jupyters_interrupt_stops_the_check_and_the_call(monkeypatch):
    monkeypatch.setattr(calling, "TIME_LIMIT", 30)
    steps = [0]
    main = threading.main_thread().ident
    timer = threading.Timer(0.5, signal.pthread_kill, (main, signal.SIGINT))  # as the kernel does
    timer.start()
    start = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        run(TANH, _endless(steps))
    timer.join()
    assert time.perf_counter() - start < 10
    assert steps[0] > 0 and not _runs_on(steps), "the interrupted loop still runs"


@pytest.mark.parametrize("error", [ZeroDivisionError("x"), SystemExit(1), IndexError("i")])
def test_an_exception_becomes_a_japanese_message_with_the_case(error):
    def answer(u):
        raise error

    result = run(TANH, answer)
    assert result.code == "error" and "実行中にエラーが出ました" in result.message
    assert "スカラー u =" in result.message.splitlines()[0]


def test_something_not_callable_is_refused():
    result = run(TANH, np.zeros(3))
    assert result.code == "not_callable" and "関数を渡してください" in result.message


def test_a_subclass_that_misspells_backward_does_not_pass():
    class MyAffine(lecnn.layers.Affine):
        def backwards(self, delta):  # misspelt: lecnn's backward would be inherited
            return delta

    result = lecnn.checks.check_affine_backward(MyAffine)
    assert result.code == "inherited" and not result.passed, result.message
    assert "MyAffine は backward を自分で定義していません" in result.message


def test_a_subclass_that_defines_nothing_does_not_pass():
    class MyAffine(lecnn.layers.Affine):
        pass

    result = lecnn.checks.check_affine_backward(MyAffine)
    assert result.code == "inherited" and not result.passed, result.message


class _HandsOver(lecnn.layers.Affine):
    def backward(self, delta):
        return super().backward(delta)


class _NamesLecnn(lecnn.layers.Affine):
    def backward(self, delta):
        return lecnn.layers.Affine.backward(self, delta)


@pytest.mark.parametrize("answer", [_HandsOver, _NamesLecnn], ids=["super", "lecnn"])
def test_a_backward_that_hands_the_work_to_lecnns_does_not_pass(answer):
    result = lecnn.checks.check_affine_backward(answer)
    assert result.code == "calls_parent" and not result.passed, result.message
    assert "式を自分で書いてください" in result.message


def test_a_backward_of_its_own_that_calls_other_methods_passes():
    class MyAffine(lecnn.layers.Affine):
        def backward(self, delta):  # the formula, through a helper of its own
            return self.formula(delta)

        formula = lecnn.checks.EXERCISES["09-1"].reference.backward

    assert lecnn.checks.check_affine_backward(MyAffine).passed


@pytest.mark.parametrize(
    ("check", "answer"),
    [
        ("check_tanh_derivative_cases", lambda: lecnn.DERIVATIVES["tanh"]),
        ("check_predicted_delta_ratios", lambda: lecnn.predicted_delta_ratios),
        ("check_affine_backward", lambda: lecnn.layers.Affine),
    ],
    ids=["derivative", "package-function", "class"],
)
def test_lecnns_own_function_or_class_is_not_an_answer(check, answer):
    result = getattr(lecnn.checks, check)(answer())
    assert result.code == "lecnn_answer" and not result.passed, result.message
    assert "自分で書いた関数" in result.message


LECNN_ANSWERS = [(i, name) for i, e in EXERCISES.items() for name in e.lecnn_answers]


def _lecnn_object(name):
    """What lecnn's modules bind to ``name`` (found by walking them, as a student imports it)."""
    modules = [lecnn, lecnn.activations, lecnn.layers, lecnn.losses, lecnn.optim, lecnn.regions]
    return next(getattr(m, name) for m in [*modules, lecnn.pytorch] if hasattr(m, name))


@pytest.mark.parametrize(
    ("exercise_id", "name"), LECNN_ANSWERS, ids=[f"{i}-{n}" for i, n in LECNN_ANSWERS]
)
def test_code_using_the_lecnn_object_that_computes_the_answer_is_refused(exercise_id, name):
    wrappers = [
        eval(f"lambda *args: lecnn.{name}(*args)", {"lecnn": lecnn}),  # an attribute
        # imported under another name, used in a nested lambda
        eval("lambda *args: (lambda: alias)()(*args)", {"alias": _lecnn_object(name)}),
        eval(f"lambda *args: getattr(lecnn, {name!r})(*args)", {"lecnn": lecnn}),  # a string
    ]
    for wrapper in wrappers:
        result = run(EXERCISES[exercise_id], wrapper)
        assert result.code == "lecnn_answer" and not result.passed, result.message
        assert f"lecnn の {name} が使われています" in result.message


def _log_softmax(u):  # the student's own helper, named as lecnn's
    u = np.asarray(u, dtype=float)
    top = u.max(axis=-1, keepdims=True)
    return u - top - np.log(np.sum(np.exp(u - top), axis=-1, keepdims=True))


def test_a_students_own_helper_named_as_lecnns_is_not_refused():
    special = types.ModuleType("scipy.special")  # another library's function of that name
    special.log_softmax = _log_softmax
    cell = {"np": np, "log_softmax": _log_softmax, "special": special, "lecnn": lecnn}
    for answer in (
        "lambda u, y: -np.sum(y * log_softmax(u), axis=-1)",  # defined in a notebook cell
        "lambda u, y: -np.sum(y * special.log_softmax(u), axis=-1)",
        "lambda u, y: -np.sum(y * log_softmax(u), axis=-1) + 0 * lecnn.softmax(u)[..., 0]",
        "lambda u, y: -np.sum(y * special.log_softmax(u), axis=-1) + 0 * lecnn.softmax(u)[..., 0]",
    ):
        assert run(EXERCISES["01-2"], eval(answer, cell)).passed, answer


def _ratios_by_lecnn(net, X):
    def predict():  # a nested function's code is read too
        return lecnn.predicted_delta_ratios(net, X)

    return predict()


def _sawtooth_imported_inside(r):
    from lecnn.regions import sawtooth_network  # noqa: PLC0415 - the import is the point

    return sawtooth_network(r).weights


def _l2_by_weight_decay(W, G, lam):
    net = SimpleNamespace(weights=[W.copy()])
    lecnn.optim.SGD(1.0, 0.0, 0.0, False, lam).update(net, [G])  # positional: no keyword named
    return W - net.weights[0]


@pytest.mark.parametrize(
    ("exercise_id", "answer"),
    [
        ("08-1", _ratios_by_lecnn),
        ("02-3", lambda r: lecnn.regions.sawtooth_network(r).weights),
        ("03-1", lambda u, j, k: lecnn.softmax_jacobian(u)[j, k]),
        ("02-2", lambda d, q, r, m: lecnn.n_params([d] + [q] * r + [m])),
        ("11-2", _l2_by_weight_decay),
        ("02-3", _sawtooth_imported_inside),
    ],
    ids=[
        "predicted_delta_ratios",
        "sawtooth_network",
        "softmax_jacobian",
        "n_params",
        "optimizer",
        "imported_inside",
    ],
)
def test_an_answer_that_only_calls_lecnn_is_refused_though_its_values_agree(exercise_id, answer):
    exercise = EXERCISES[exercise_id]
    assert run(dataclasses.replace(exercise, lecnn_answers=()), answer).passed
    result = run(exercise, answer)
    assert result.code == "lecnn_answer" and not result.passed, result.message
    assert "自分で書いてください" in result.message


class _JacobianAffine(lecnn.layers.Affine):
    def backward(self, delta):
        return self.helper(delta)

    @staticmethod
    def helper(delta):
        return (lambda: lecnn.softmax_jacobian)()(delta)


class _OwnAffine(_JacobianAffine):  # the methods it defines itself do not name it
    formula = EXERCISES["09-1"].reference.backward

    def backward(self, delta):
        return self.formula(delta)


def test_a_class_is_refused_for_what_its_own_methods_name():
    exercise = dataclasses.replace(EXERCISES["09-1"], lecnn_answers=("softmax_jacobian",))
    assert run(exercise, _JacobianAffine).code == "lecnn_answer"
    assert run(exercise, _OwnAffine).passed


# the references written in lecnn.checks (a few are lecnn's own functions, which check_own refuses)
@pytest.mark.parametrize(
    "exercise_id",
    sorted(
        {
            i
            for i, _ in LECNN_ANSWERS
            if EXERCISES[i].reference.__module__.startswith("lecnn.checks.")
        }
    ),
)
def test_the_references_of_lecnn_checks_may_name_those_objects(exercise_id):
    exercise = EXERCISES[exercise_id]
    if exercise_id == "10-1":
        pytest.importorskip("torch")
    assert run(exercise, exercise.reference).passed


def _ratios_of_my_own(net, X):  # notebook 08's answer, through lecnn's helpers the prompt names
    u = net.forward_pass(X).u
    ratios = []
    for k in range(net.r):
        grad_f = lecnn.DERIVATIVES[net.hidden[k]](u[k])
        W_tilde = net.weights[k + 1][:, 1:]
        ratios.append(np.sqrt(np.mean(grad_f**2)) * np.linalg.norm(W_tilde) / len(W_tilde) ** 0.5)
    return np.array(ratios)


def _updates_through_step(net, X, Y, eta):  # notebook 07 allows Network.step here
    single, batch = net.copy(), net.copy()
    for x, y in zip(X, Y, strict=True):
        single.step(x, y, eta)
    batch.step(X, Y, len(X) * eta)
    return single.weights, batch.weights


@pytest.mark.parametrize(
    ("exercise_id", "answer"),
    [
        ("08-1", _ratios_of_my_own),
        ("07-2", _updates_through_step),
        ("03-1", lambda u, j, k: lecnn.softmax(u)[j] * ((j == k) - lecnn.softmax(u)[k])),
    ],
    ids=["DERIVATIVES", "step", "softmax"],
)
def test_an_answer_using_other_lecnn_helpers_passes(exercise_id, answer):
    result = run(EXERCISES[exercise_id], answer)
    assert result.passed, result.message


def test_a_class_exercise_refuses_a_function():
    result = lecnn.checks.check_affine_backward(lambda delta: delta)
    assert result.code == "not_class"


class _NoBaseInit:  # forgot (lecnn.layers.Affine): no forward to run before backward
    def __init__(self, W):
        self.W = W

    def backward(self, delta):
        return delta @ self.W[:, 1:]


class _NoBase:
    def backward(self, delta):
        return delta


@pytest.mark.parametrize("answer", [_NoBaseInit, _NoBase], ids=["own-init", "nothing"])
def test_a_layer_class_without_forward_is_told_what_it_needs(answer):
    result = lecnn.checks.check_affine_backward(answer)
    assert result.code == "no_method" and not result.passed, result.message
    assert result.message.startswith("✘ Affine 層の backward: 不正解です。")
    assert f"{answer.__name__} には forward がありません" in result.message
    assert "lecnn.layers.Affine を継承して" in result.message


def _matrix(rows):
    """An np.matrix, as a student might return (NumPy warns that the class is not recommended)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        return np.matrix(rows)


class _ShapeRaises:
    @property
    def shape(self):
        raise RuntimeError("no shape")

    dtype = float


@pytest.mark.parametrize(
    "value",
    [
        10**400,
        -(10**5000),
        Fraction(10**400, 3),
        _matrix([[1.0, 2.0]]),
        _matrix(np.ones((3, 4))),
        _ShapeRaises(),
        "0.5",
        None,
        [_matrix([[1.0]]), 1],
    ],
    ids=[
        "int",
        "int-5000-digits",
        "fraction",
        "matrix",
        "big-matrix",
        "shape-raises",
        "str",
        "none",
        "list",
    ],
)
def test_short_and_fmt_describe_any_value_without_an_error(value):
    assert isinstance(run_module.short(value), str) and isinstance(run_module.fmt(value), str)


def test_a_huge_integer_and_a_matrix_are_described_in_japanese():
    assert run_module.short(10**400) == "とても大きな整数 (約 400 桁)"
    assert run_module.fmt(-(10**5000)) == "とても大きな整数 (約 5000 桁)"
    assert run_module.short(_matrix([[1.0, 2.0]])) == "形 (1, 2) の matrix"


@pytest.mark.parametrize(
    "check",
    [
        "check_adam_step",
        "check_backward",
        "check_sawtooth_weights",
        "check_sgd_and_minibatch",
        "check_softmax_ce_graph",
    ],
)
@pytest.mark.parametrize(
    ("value", "shown"),
    [(10**400, "とても大きな整数"), (_matrix([[1.0, 2.0]]), "形 (1, 2) の matrix")],
    ids=["huge-int", "matrix"],
)
def test_a_check_expecting_a_list_says_what_came_instead(check, value, shown):
    result = getattr(lecnn.checks, check)(lambda *args: value)
    assert result.code == "not_list" and not result.passed, result.message
    assert result.message.startswith("✘ ") and f"(受け取ったのは {shown}" in result.message


def test_a_transposed_batch_gradient_gets_one_clean_message():
    """04 演習 3 given Zᵀ(F − Y): the note once, after the subject; the hint once."""
    result = lecnn.checks.check_batch_grad_W_r(lambda F_r, Y, Z_r: Z_r.T @ (F_r - Y) / len(F_r))
    assert result.code == "transpose"
    lines = result.message.splitlines()
    assert lines[0].startswith("✘ バッチの ∂E/∂W_r (サンプルの平均): 不正解です。ケース 1")
    assert result.message.count("ヒント:") == 1
    assert result.message.count("考えられる原因:") == 1
    assert (
        lines[1]
        == "考えられる原因: 転置 (ᵀ) になっていませんか? 行 j が出力ユニット j、列 l が z_r の成分 l です。"
    )
    assert result.message.count("転置 (ᵀ)") == 1
    unexplained = lecnn.checks.check_batch_grad_W_r(lambda F_r, Y, Z_r: Z_r.T @ (F_r - Y))
    assert unexplained.code == "transpose"
    assert unexplained.message.splitlines()[1] == "考えられる原因: 転置 (ᵀ) になっていませんか?"


def test_the_failing_input_is_shown_short_and_kept_exactly():
    result = lecnn.checks.check_backward(_backward(sign=-1))
    assert result.code == "sign"
    assert len(result.message) < 1200, result.message
    assert "weights = 形 [(4, 4), (5, 5), (3, 6)] の配列のリスト" in result.message
    assert re.search(r"成分 \(\d, \d\) が違います: 期待 -?[\d.e-]+, 実際", result.message)
    assert [W.shape for W in result.inputs["weights"]] == [(4, 4), (5, 5), (3, 6)]


def test_dropping_the_last_column_in_backward_is_diagnosed():
    result = lecnn.checks.check_backward(_backward(columns=slice(None, -1)))
    assert result.code == "wrong_column", result.message


def test_reversed_delta_ratio_predictions_are_diagnosed():
    result = lecnn.checks.check_predicted_delta_ratios(
        lambda net, X: _ratios_of_my_own(net, X)[::-1]
    )
    assert result.code == "order", result.message


def test_a_permutation_drawn_per_sample_is_diagnosed():
    result = lecnn.checks.check_pseudocode_epoch(_epoch(order="per_sample"))
    assert result.code == "permutation_per_sample", result.message


def test_the_graph_backward_wants_four_parts_and_catches_the_f_minus_y_shortcut():
    """09 演習 3: the parts are checked in order; f − y at the end fails where Σ y_j ≠ 1."""
    reference = EXERCISES["09-3"].reference

    def shortcut(u, y):
        g_f, g_S, g_e, _ = reference(u, y)
        f = np.exp(u) / np.sum(np.exp(u))
        return g_f, g_S, g_e, f - y

    result = lecnn.checks.check_softmax_ce_graph(shortcut)
    assert result.code == "shortcut", result.message
    assert "和が" in result.message.splitlines()[0]
    three = lecnn.checks.check_softmax_ce_graph(lambda u, y: reference(u, y)[:3])
    assert three.code == "length", three.message


def test_the_pseudocode_reference_is_lecnn_train():
    """The declared reference of 07 演習 1 agrees with lecnn.train (batch size 1)."""
    exercise = EXERCISES["07-1"]
    for case in exercise.cases(np.random.default_rng(3)):
        W, X, Y, eta, *_ = case.args
        sizes = [W[0].shape[1] - 1] + [Wk.shape[0] for Wk in W]
        hidden = next(n for n, f in lecnn.ACTIVATIONS.items() if f is case.args[4])
        output = {1: "sigmoid"}.get(sizes[-1], "softmax")
        if case.args[6](np.array([-1.0, 2.0]))[0] == -1.0:
            output = "identity"
        net = lecnn.Network(sizes, hidden=hidden, output=output, seed=0)
        net.weights = W
        lecnn.train(
            net, X, Y, eta=eta, epochs=case.info["epochs"], batch_size=1, seed=case.info["seed"]
        )
        ours = exercise.run(lambda f, *a: f(*a), exercise.reference, case)
        for k, Wk in enumerate(net.weights):
            np.testing.assert_allclose(ours[f"W_{k}"], Wk, rtol=1e-9, atol=1e-12)


def test_progress_is_recorded_per_exercise_and_shown_in_the_table():
    progress.reset()
    table = lecnn.checks.exercise_table("04")
    assert [mark for _, mark in table.rows] == ["まだ", "まだ", "まだ"]
    lecnn.checks.check_delta_r_sigmoid_squared(EXERCISES["04-2"].reference)
    lecnn.checks.check_batch_grad_W_r(lambda F_r, Y, Z_r: F_r)
    assert [mark for _, mark in lecnn.checks.exercise_table("04").rows] == ["まだ", "✔", "✘"]
    lecnn.checks.check_batch_grad_W_r(...)
    text = repr(lecnn.checks.exercise_table("04"))
    assert text.splitlines()[-1].startswith("正解 1 / 3")
    assert (
        "| 演習 2: シグモイド関数 + ½ 二乗誤差の δ_r | ✔ |"
        in lecnn.checks.exercise_table("04")._repr_markdown_()
    )
    progress.reset()


@pytest.mark.parametrize("notebook", ["99", 99, "7a", ""], ids=["str", "int", "letters", "empty"])
def test_an_unknown_notebook_gets_a_clear_error_in_japanese_first(notebook):
    with pytest.raises(ValueError, match="no exercises for notebook") as error:
        lecnn.checks.exercise_table(notebook)
    assert str(error.value).startswith("ノートブック "), error.value
    assert "の演習はありません。番号は 01, 02," in str(error.value)


@pytest.mark.parametrize("notebook", [7, "7", "07"], ids=["int", "str", "two-digits"])
def test_a_notebook_number_may_be_given_without_its_leading_zero(notebook):
    rows = lecnn.checks.exercise_table(notebook).rows
    assert [row for row, _ in rows] == [
        lecnn.checks.label(e) for e in EXERCISES.values() if e.id[:2] == "07"
    ]


def test_every_check_name_the_notebooks_call_exists():
    notebooks = Path(lecnn.__file__).parents[1] / "notebooks"
    called = set()
    for path in notebooks.glob("[0-9][0-9]_*.ipynb"):
        called |= set(re.findall(r"check_\w+", path.read_text(encoding="utf-8")))
    assert called and called <= {e.check for e in EXERCISES.values()}
    assert all(callable(getattr(lecnn.checks, name)) for name in called)
    with pytest.raises(AttributeError):
        lecnn.checks.check_nothing  # noqa: B018


def test_import_lecnn_imports_no_checks_module_until_used():
    code = (
        "import sys, lecnn\n"
        "print(sorted(m for m in sys.modules if m.startswith('lecnn.checks')))\n"
        "from lecnn.checks import check_n_params_count\n"
        "count = lambda d, q, r, m: q * (d + 1) + (r - 1) * q * (q + 1) + m * (q + 1)\n"
        "print(check_n_params_count(count).code, lecnn.checks.check_forward_pass.__name__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split("\n")
    assert out[:2] == ["[]", "pass check_forward_pass"]


def test_the_checks_are_small_and_walk_no_stack():
    sizes = {
        p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in CHECKS_DIR.glob("*.py")
    }
    assert max(sizes.values()) <= 500, sizes
    source = "\n".join(p.read_text(encoding="utf-8") for p in CHECKS_DIR.glob("*.py"))
    for trick in ("sys._getframe", "globals()", "inspect.stack", "checks_progress", "# ----"):
        assert trick not in source, trick


def test_the_mistakes_list_names_every_exercise_and_mistake():
    text = lecnn.checks.mistakes_markdown()
    for exercise in EXERCISES.values():
        assert exercise.check in text and exercise.purpose in text
        assert all(f"`{m.code}`" in text for m in exercise.mistakes)


def test_any_weights_that_compute_the_sawtooth_pass():
    """02 演習 3 compares T^r(t), not the weights: units of another size are right too."""

    def sawtooth_weights(r):  # units max{0, 2t} and max{0, 2t − 1}
        first = np.array([[0.0, 2.0], [-1.0, 2.0]])
        middle = np.array([[0.0, 2.0, -4.0], [-1.0, 2.0, -4.0]])
        return [first] + [middle] * (r - 1) + [np.array([[0.0, 1.0, -2.0]])]

    assert lecnn.checks.check_sawtooth_weights(sawtooth_weights).passed
    wrong = lecnn.checks.check_sawtooth_weights(lambda r: sawtooth_weights(r)[:-1])
    assert wrong.code == "length" and "W_0, ..., W_r の行列 2 個" in wrong.message


def _l2_erasing_intercepts(W, G, lam):
    W[:, 0] = 0  # right result, but the caller's W loses its intercepts
    return G + lam * W


def _adam_in_place(W, G, M, S, t, eta, beta1, beta2, eps):
    M *= beta1
    M += (1 - beta1) * G
    S *= beta2
    S += (1 - beta2) * G * G
    W -= eta * (M / (1 - beta1**t)) / (np.sqrt(S / (1 - beta2**t)) + eps)
    return W, M, S


@pytest.mark.parametrize(
    ("check", "answer", "names"),
    [
        ("check_l2_gradient", _l2_erasing_intercepts, "W"),
        ("check_adam_step", _adam_in_place, "W, M, S"),
    ],
    ids=["l2", "adam"],
)
def test_an_answer_that_changes_its_arguments_fails_where_the_prompt_forbids_it(
    check, answer, names
):
    result = getattr(lecnn.checks, check)(answer)
    assert result.code == "changes_args" and not result.passed, result.message
    assert f"引数 {names} の中身を書き換えています" in result.message


def test_changing_an_argument_is_allowed_where_the_prompt_does_not_forbid_it():
    def dropout_backward(grad, keep, p):
        grad[~keep] = 0
        grad /= 1 - p
        return grad

    assert lecnn.checks.check_dropout_backward(dropout_backward).passed


def test_a_numpy_error_gets_a_japanese_gloss():
    def grad_W_r(f, y, z_r):
        return np.dot(np.ones((len(f), 2)), z_r)  # shapes that do not fit

    result = lecnn.checks.check_grad_W_r(grad_W_r)
    assert "行列の積の形が合いません" in result.message, result.message


def test_a_float32_result_is_named_and_shown_to_the_digits_that_differ():
    expected = np.array([0.12172712345, 0.5])
    got = (expected * (1 + 5e-7)).astype(np.float32)  # as float32 arithmetic can be off
    text, code = run_module.compare_values(got, expected)
    assert code == "value" and "float32" in text, text
    shown = re.findall(r"期待 ([\d.]+), 実際 ([\d.]+)", text)[0]
    assert shown[0] != shown[1], text


def test_a_single_number_is_named_as_such_and_not_counted():
    text, code = run_module.compare_values(np.zeros(1), np.float64(0.0))
    assert code == "shape" and "() (数 1 つ)" in text, text
    text, code = run_module.compare_values(np.float64(1.0), np.float64(2.0))
    assert code == "value" and "一致しない成分" not in text, text


def test_a_result_one_entry_short_suggests_the_intercept_or_a_range():
    def delta_r(u, y):
        return (u - y)[..., :-1]

    result = lecnn.checks.check_delta_r_sigmoid_squared(delta_r)
    assert result.code == "intercept", result.message
    assert "ループや添字の範囲" in result.message


def test_a_part_after_a_japanese_label_reads_without_a_space():
    result = lecnn.checks.check_softmax_ce_graph(lambda u, y: [u * 0] * 4)
    assert not result.passed and "逆伝播 の" not in result.message, result.message


def test_pytorch_exercise_asks_for_a_linear_when_given_a_tuple():
    torch = pytest.importorskip("torch")

    def linear_from_W(W_k):
        return torch.nn.Linear(W_k.shape[1] - 1, W_k.shape[0]), W_k

    result = lecnn.checks.check_linear_from_W(linear_from_W)
    assert result.code == "not_linear" and "torch.nn.Linear を 1 つ返してください" in result.message


@pytest.mark.parametrize(
    ("options", "shown"),
    [({"dtype": "bfloat16"}, "dtype torch.bfloat16"), ({"device": "meta"}, "device meta")],
    ids=["bfloat16", "meta"],
)
def test_a_linear_whose_weights_numpy_cannot_read_is_told_what_they_should_be(options, shown):
    torch = pytest.importorskip("torch")
    options = {k: getattr(torch, v) if k == "dtype" else v for k, v in options.items()}

    def linear_from_W(W_k):
        linear = torch.nn.Linear(W_k.shape[1] - 1, W_k.shape[0], **options)
        if options.get("device") != "meta":
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(W_k[:, 1:]))
                linear.bias.copy_(torch.from_numpy(W_k[:, 0]))
        return linear

    result = lecnn.checks.check_linear_from_W(linear_from_W)
    assert result.code == "not_numeric" and not result.passed, result.message
    assert result.message.startswith("✘ W_k から作る torch.nn.Linear: 不正解です。")
    assert shown in result.message and "CPU 上の float32 か float64" in result.message


@pytest.mark.parametrize("outer", ["np.outer", "outer"], ids=["numpy", "made_at_run_time"])
def test_an_error_names_the_students_line_not_numpys(outer, tmp_path, monkeypatch):
    """The student's line is named, not NumPy's, nor that of ``outer``, code compiled at run
    time (as NumPy before 1.25 dispatched its functions), whose frame has a number but no line."""
    dispatch = types.ModuleType("dispatch_at_run_time")
    dispatch.np = np
    source = "def outer(*args, **kwargs):\n    return np.outer(*args, **kwargs)\n"
    exec(compile(source, "<__array_function__ internals>", "exec"), vars(dispatch))
    monkeypatch.setitem(sys.modules, "dispatch_at_run_time", dispatch)
    name, line = (
        f"student_{outer.replace('.', '_')}",
        f"return {outer}(f - y, z_r, out=np.zeros(1))",
    )
    (tmp_path / f"{name}.py").write_text(
        "import numpy as np\n"
        "from dispatch_at_run_time import outer\n"
        "\n"
        "def grad_W_r(f, y, z_r):\n"
        f"    {line}  # the student's line\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    result = lecnn.checks.check_grad_W_r(importlib.import_module(name).grad_W_r)
    assert result.code == "error", result.message
    assert f"(行 5: {line}" in result.message, result.message


def test_a_failing_class_shows_every_input_of_its_case():
    class MyAffine(lecnn.layers.Affine):
        def backward(self, delta):
            self.dW = np.zeros_like(self.W)
            return delta @ self.W[:, 1:]

    result = lecnn.checks.check_affine_backward(MyAffine)
    shown = result.message.splitlines()[-1]
    assert not result.passed and all(f"{name} = " in shown for name in ("W", "x", "delta")), shown
    assert set(result.inputs) == {"W", "x", "delta"}


def test_a_failing_linear_shows_the_x_it_computed_on_by_its_shape():
    pytest.importorskip("torch")
    wrong_bias = lecnn.checks.pytorch._linear(bias=lambda W: 2 * W[:, 0])

    result = lecnn.checks.check_linear_from_W(wrong_bias)
    shown = result.message.splitlines()[-1]
    assert not result.passed and set(result.inputs) == {"W_k", "x"}, shown
    assert re.search(r"x = 形 \(5, \d\) の Tensor", shown), shown


def test_arguments_passed_through_star_args_are_numbered():
    def answer(*values):
        return np.zeros(3)

    result = run(TANH, answer)
    assert not result.passed and set(result.inputs) == {"引数1"}, result.message


def test_each_check_draws_fresh_inputs_unless_a_seed_is_set(monkeypatch):
    def wrong(u):
        return np.zeros_like(u) + 5.0

    monkeypatch.setattr(run_module, "SEED", None)
    first, second = run(TANH, wrong).inputs["u"], run(TANH, wrong).inputs["u"]
    assert not np.array_equal(first, second), "two checks drew the same inputs"
    monkeypatch.setattr(run_module, "SEED", 7)
    assert np.array_equal(run(TANH, wrong).inputs["u"], run(TANH, wrong).inputs["u"])


def test_lecnn_central_differences_are_refused_in_every_exercise():
    def tanh_derivative(u):  # passes the tolerances: the formula is what 01-1 asks for
        return lecnn.gradcheck.numerical_gradient(lambda v: np.sum(np.tanh(v)), u)

    result = run(EXERCISES["01-1"], tanh_derivative)
    assert result.code == "lecnn_answer" and "導いた式で計算してください" in result.message


def _sigmoid(u):
    return 1 / (1 + np.exp(-u))


def _softmax_derivative(form):
    return lambda u, j, k: form(lecnn.softmax(u), j, k)


# Correct formulas for the derivative exercises, each written another way than the reference.
_FORMULAS = {
    "01-1": {
        "1 - tanh²": lambda u: 1 - np.tanh(u) ** 2,
        "1/cosh²": lambda u: 1 / np.cosh(u) ** 2,
        "(1 - tanh)(1 + tanh)": lambda u: (1 - np.tanh(u)) * (1 + np.tanh(u)),
        "sigmoid form": lambda u: 4 * _sigmoid(2 * u) * (1 - _sigmoid(2 * u)),
    },
    "03-1": {
        "two cases": _softmax_derivative(
            lambda f, j, k: f[k] * (1 - f[k]) if j == k else -f[j] * f[k]
        ),
        "f - f²": _softmax_derivative(lambda f, j, k: f[k] - f[k] ** 2 if j == k else -f[j] * f[k]),
        "Jacobian": _softmax_derivative(lambda f, j, k: (np.diag(f) - np.outer(f, f))[j, k]),
    },
    "03-2": {
        "Σ_j y_j": lambda W_r, z_r, y, k: (
            -sum(y[j] * ((j == k) - lecnn.softmax(W_r @ z_r)[k]) for j in range(len(y))) * z_r
        ),
        "f_k Σ y - y_k": lambda W_r, z_r, y, k: (
            (np.sum(lecnn.softmax(W_r @ z_r)[k] * y) - y[k]) * z_r
        ),
    },
    "04-2": {
        "f(1 - f)": lambda u, y: (_sigmoid(u) - y) * _sigmoid(u) * (1 - _sigmoid(u)),
        "σ(u)σ(-u)": lambda u, y: (_sigmoid(u) - y) * _sigmoid(u) * _sigmoid(-u),
        "e^-u/(1 + e^-u)²": lambda u, y: (_sigmoid(u) - y) * np.exp(-u) / (1 + np.exp(-u)) ** 2,
    },
}


def _difference_quotient(exercise, eps):  # as a student writes one by hand
    if exercise == "01-1":
        return lambda u: (np.tanh(u + eps) - np.tanh(u - eps)) / (2 * eps)
    if exercise == "03-1":

        def softmax_derivative(u, j, k):
            step = np.zeros(len(u))
            step[k] = eps
            return (lecnn.softmax(u + step)[j] - lecnn.softmax(u - step)[j]) / (2 * eps)

        return softmax_derivative

    if exercise == "03-2":

        def dE_dw_rk(W_r, z_r, y, k):
            def E(w_rk):
                u = np.concatenate([W_r[:k] @ z_r, [w_rk @ z_r], W_r[k + 1 :] @ z_r])
                return -np.sum(y * np.log(lecnn.softmax(u)))

            steps = eps * np.eye(len(z_r))
            return np.array([(E(W_r[k] + s) - E(W_r[k] - s)) / (2 * eps) for s in steps])

        return dE_dw_rk

    def E(v, y):
        return 0.5 * (_sigmoid(v) - y) ** 2

    return lambda u, y: (E(u + eps, y) - E(u - eps, y)) / (2 * eps)


@pytest.mark.parametrize(
    ("exercise", "formula"),
    [(e, f) for e, forms in _FORMULAS.items() for f in forms.values()],
    ids=[f"{e}-{name}" for e, forms in _FORMULAS.items() for name in forms],
)
@pytest.mark.parametrize("seed", range(5))
def test_every_correct_formula_of_a_derivative_passes(exercise, formula, seed, monkeypatch):
    monkeypatch.setattr(run_module, "SEED", seed)
    with np.errstate(over="ignore"):
        result = run(EXERCISES[exercise], formula)
    assert result.passed, result.message


@pytest.mark.parametrize("exercise", list(_FORMULAS))
@pytest.mark.parametrize("eps", [1e-3, 1e-4, 1e-5, 1e-6, 1e-7])
@pytest.mark.parametrize("seed", range(5))
def test_a_hand_written_difference_quotient_is_diagnosed(exercise, eps, seed, monkeypatch):
    monkeypatch.setattr(run_module, "SEED", seed)
    with np.errstate(over="ignore"):
        result = run(EXERCISES[exercise], _difference_quotient(exercise, eps))
    assert result.code == "numerical", result.message


def _adam_as_in_the_paper(W, G, M, S, t, eta, beta1, beta2, eps):  # ε added to √S, not √Ŝ
    M = beta1 * M + (1 - beta1) * G
    S = beta2 * S + (1 - beta2) * G**2
    return W - eta * np.sqrt(1 - beta2**t) / (1 - beta1**t) * M / (np.sqrt(S) + eps), M, S


@pytest.mark.parametrize("seed", range(5))
def test_adam_with_epsilon_elsewhere_is_named_on_every_run(seed, monkeypatch):
    monkeypatch.setattr(run_module, "SEED", seed)
    assert run(EXERCISES["11-1"], _adam_as_in_the_paper).code == "eps_with_folded_rate"


def _numerical_jacobian(F, w, eps=1e-4):  # notebook 03's helper, defined in the notebook
    return lecnn.gradcheck.numerical_gradient(F, w, eps)


def _jacobian_of_lecnn(u):  # the student's own function, handing the work to lecnn
    return lecnn.softmax_jacobian(u)


_jacobian_partial = functools.partial(lecnn.softmax_jacobian)


@pytest.mark.parametrize(
    "answer",
    [
        lambda u, j, k: _numerical_jacobian(lambda v: lecnn.softmax(v)[j], u)[k],
        lambda u, j, k: _jacobian_of_lecnn(u)[j, k],
        lambda u, j, k: _jacobian_partial(u)[j, k],
        functools.partial(lambda u, j, k, jacobian: jacobian(u)[j, k], jacobian=_jacobian_partial),
    ],
    ids=[
        "notebook_helper_of_central_differences",
        "own_helper_of_lecnn",
        "partial",
        "partial_answer",
    ],
)
def test_a_helper_in_between_does_not_hide_lecnn(answer):
    assert run(EXERCISES["03-1"], answer).code == "lecnn_answer"


class _Odd:  # an answer whose attributes raise, and whose module is not a name
    __module__ = 3

    def __getattr__(self, name):
        raise RuntimeError(name)

    def __call__(self, u):
        return 1 - np.tanh(u) ** 2


def test_an_odd_answer_object_gets_a_result_not_an_error():
    assert run(EXERCISES["01-1"], _Odd()).passed

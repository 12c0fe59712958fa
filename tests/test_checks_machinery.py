"""The exercise-check machinery: right, wrong, blank and crashing answers."""

import re
from pathlib import Path

import numpy as np
import pytest

import lecnn
from lecnn import checks


def _right(sizes):
    return sum(sizes[k + 1] * (sizes[k] + 1) for k in range(len(sizes) - 1))


def _forgot_intercept(sizes):
    return sum(sizes[k + 1] * sizes[k] for k in range(len(sizes) - 1))


def _blank(sizes):
    # ここにコードを書く
    raise NotImplementedError("演習: パラメータ数")


def _crashes(sizes):
    return sizes[10]


def test_model_answer_passes():
    result = checks.check_n_params_count(_right)
    assert result.passed and bool(result)
    assert repr(result).startswith("✔ 正解です。")


def test_wrong_answer_names_the_case_and_values():
    result = checks.check_n_params_count(_forgot_intercept)
    assert not result.passed
    sizes = result.inputs["sizes"]
    expected, got = _right(sizes), _forgot_intercept(sizes)
    assert f"sizes = {sizes}" in result.message
    assert f"期待 {expected}, 実際 {got}" in result.message
    assert "ヒント" in result.message


def test_blank_function_and_blank_value_are_friendly():
    for blank in (_blank, ...):
        result = checks.check_n_params_count(blank)
        assert not result.passed and result.blank
        assert "まだ実装されていません" in result.message
        assert "Traceback" not in result.message


def test_crash_is_reported_without_a_traceback():
    result = checks.check_n_params_count(_crashes)
    assert not result.passed and "IndexError" in result.message


def test_compare_detects_transpose_and_missing_intercept():
    expected = np.zeros((2, 3))
    for got, fragment in [(np.zeros((3, 2)), "転置"), (np.zeros((2, 2)), "切片")]:
        try:
            checks.compare(got, expected)
        except checks.Mismatch as err:
            assert fragment in str(err)
        else:
            raise AssertionError("compare accepted a wrong shape")


def test_repr_is_the_message_for_notebook_output():
    result = checks.CheckResult(True, "✔ 正解です。 x")
    assert repr(result) == "✔ 正解です。 x"


def test_compare_treats_the_value_blank_as_blank():
    result = checks.run_check("x", lambda: checks.compare(..., np.zeros(2)), 1)
    assert result.blank and "まだ実装されていません" in result.message


@pytest.mark.parametrize(
    ("got", "code"),
    [
        (np.zeros((3, 2)), "transpose"),
        (np.zeros((2, 2)), "intercept"),
        (np.zeros(4), "shape"),
        (None, "none"),
        ("text", "not_numeric"),
        (np.full((2, 3), np.nan), "not_finite"),
        (np.ones((2, 3)), "value"),
    ],
)
def test_compare_gives_each_difference_its_code(got, code):
    result = checks.run_check("x", lambda: checks.compare(got, np.zeros((2, 3))), 1)
    assert not result.passed and result.code == code
    assert code in checks.machinery.CODES


def test_one_tolerance_policy():
    expected = np.array([1.0, 0.0])
    within = expected + [checks.RTOL / 2, checks.ATOL / 2]
    beyond = expected + [checks.RTOL * 10, 0.0]
    checks.compare(within, expected)
    with pytest.raises(checks.Mismatch):
        checks.compare(beyond, expected)


def test_a_typical_mistake_names_its_code():
    def body():
        checks.compare_diagnosed(
            -np.ones(2), np.ones(2), "x", mistakes=[(-np.ones(2), "符号", "sign")]
        )

    result = checks.run_check("x", body, 1)
    assert result.code == "sign" and "考えられる原因: 符号" in result.message


def test_call_with_hint_keeps_the_code_and_adds_the_case():
    def body():
        checks.call_with_hint(_crashes, ([1, 2],), hint="h", case="ケース 1")

    result = checks.run_check("x", body, 1)
    assert result.code == "error"
    assert "ケース 1: 実行中にエラーが出ました: IndexError" in result.message
    assert "\nヒント: h\n失敗した入力" in result.message
    assert result.message.endswith("sizes = [1, 2]")


def test_every_check_a_notebook_calls_exists():
    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    called = set()
    for path in notebooks.glob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        called |= set(re.findall(r"lecnn\.checks\.(check_\w+)", text))
        called |= set(re.findall(r"\b(check_\w+)\(", text))  # after from lecnn.checks import
    assert len(called) >= 15
    assert called <= set(checks.CHECKS), sorted(called - set(checks.CHECKS))


# ---------------------------------------------------------------------------
# Checks that cannot be fooled or hung
# ---------------------------------------------------------------------------


def test_a_function_that_never_returns_times_out_and_the_check_goes_on(monkeypatch):
    import threading
    import time

    monkeypatch.setattr(checks.calling, "TIME_LIMIT", 0.5)
    release = threading.Event()

    def loops(sizes):
        while not release.is_set():  # "forever", until the test lets it go
            time.sleep(0.01)
        return 0

    start = time.perf_counter()
    result = checks.check_n_params_count(loops)
    release.set()
    assert time.perf_counter() - start < 5
    assert not result.passed and result.code == "timeout"
    assert "時間切れ" in result.message and "カーネルを再起動" in result.message
    assert checks.check_n_params_count(_right).passed  # the next check runs normally


def test_sys_exit_and_other_base_exceptions_become_messages():
    import sys

    def exits(sizes):
        sys.exit("bye")

    def generator_exit(sizes):
        raise GeneratorExit

    for answer, name in [(exits, "SystemExit"), (generator_exit, "GeneratorExit")]:
        result = checks.check_n_params_count(answer)
        assert not result.passed and result.code == "error" and name in result.message


def test_keyboard_interrupt_passes_through():
    def interrupted(sizes):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        checks.check_n_params_count(interrupted)


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        (lambda sizes: complex(_right(sizes), 0), "complex"),
        (lambda sizes: np.complex128(_right(sizes)), "complex"),
        (lambda sizes: str(_right(sizes)), "not_numeric"),
        (lambda sizes: np.array(str(_right(sizes))), "not_numeric"),
        (lambda sizes: {"n": _right(sizes)}, "not_numeric"),
        (lambda sizes: [_right(sizes), "x"], "not_numeric"),
        (lambda sizes: 10**400, "too_large"),
        (lambda sizes: [10**400], "too_large"),
    ],
)
def test_complex_string_object_and_huge_answers_are_refused(answer, code):
    result = checks.check_n_params_count(answer)
    assert not result.passed and result.code == code, result.message
    assert "Traceback" not in result.message


def test_complex_arrays_are_refused_where_arrays_are_expected():
    from lecnn.activations import DERIVATIVES

    result = checks.check_tanh_derivative_cases(lambda u: DERIVATIVES["tanh"](u) + 0j)
    assert not result.passed and result.code == "complex" and "複素数" in result.message


def test_the_failing_input_is_shown_and_kept_to_reproduce_the_case():
    from lecnn.activations import DERIVATIVES

    def wrong(u):
        return 1 - np.tanh(u)

    result = checks.check_tanh_derivative_cases(wrong)
    assert not result.passed and "失敗した入力" in result.message
    u = result.inputs["u"]
    assert isinstance(u, np.ndarray) and "\n  u = " in result.message
    # written by the one formatter the checks' own messages use, to more digits
    shown = checks.machinery.input_text(u, checks.machinery.INPUT_DIGITS)
    assert f"\n  u = {shown}" in result.message
    assert not np.allclose(wrong(u), DERIVATIVES["tanh"](u))  # it reproduces the failure
    assert "return" not in result.message and "np.tanh" not in result.message


def test_inputs_are_fresh_on_every_run_so_a_table_of_printed_values_cannot_pass(monkeypatch):
    monkeypatch.setattr(checks.machinery, "SEED", None)  # as in a notebook
    table = {}
    pattern = re.compile(r"sizes = (\[[0-9, ]+\]) のパラメータ数の値が違います: 期待 (\d+)")

    def from_table(sizes):  # right where a printed count is known, wrong elsewhere
        return table.get(str(list(sizes)), -1)

    for _ in range(30):  # each failing run prints the count of its first unknown case
        found = pattern.search(checks.check_n_params_count(from_table).message)
        if found is None:
            break
        table[found.group(1)] = int(found.group(2))
    assert len(table) >= 20  # fresh architectures each run, not a fixed list
    assert not checks.check_n_params_count(from_table).passed


def test_no_hint_contains_the_solutions_code():
    def unchanged(weights, delta, z, eta):
        return [W.copy() for W in weights]

    def rebinds(W, X, Y, eta, f, nabla_f, f_r, rng):
        return None

    def norms_of_weights(net, X, labels):
        return np.array([np.linalg.norm(W) for W in net.weights])

    code = re.compile(r"@|np\.|\.T\b|\[k\]|-=|gradients\(|permutation\(|linalg")
    for result in [
        checks.check_batch_update(unchanged),
        checks.check_pseudocode_epoch(rebinds),
        checks.check_gradient_norms(norms_of_weights),
        checks.check_dE_dw_rk_any_target(lambda W_r, z_r, y, k: -z_r),
        checks.check_tanh_derivative_cases(lambda u: 1 - (np.exp(u) - np.exp(-u)) ** 2),
    ]:
        assert not result.passed
        hint = result.message.split("ヒント: ")[1].split("\n")[0]
        assert not code.search(hint), hint


def test_gradient_norms_given_the_matrices_says_so_in_japanese():
    net = lecnn.Network([2, 3, 2])
    grads = net.gradients(np.zeros((4, 2)), [0, 1, 1, 0])
    result = checks.check_gradient_norms(grads)
    assert not result.passed and result.code == "not_callable" and "関数を渡して" in result.message

    def returns_matrices(net, X, labels):
        return net.gradients(X, labels)

    result = checks.check_gradient_norms(returns_matrices)
    assert not result.passed and result.code == "matrices" and "ノルム" in result.message


def test_one_formatter_writes_every_kind_of_input():
    text = checks.machinery.input_text
    assert text(np.array([0.123456789, -1.5])) == "(0.1235, −1.5)"
    assert text(np.array(2.0)) == "2" and text(np.float64(-0.25)) == "−0.25"
    assert text(np.array([[1.0, 2.0], [3.0, 4.0]])) == "[(1, 2), (3, 4)]"
    assert text(np.arange(10.0)) == "(0, 1, 2, 3, 4, 5, 6, 7, …)"
    assert text(np.array([0.123456789]), digits=6) == "(0.123457)"
    assert text([2, 3, 4]) == "[2, 3, 4]" and text((1, 2.5)) == "(1, 2.5)"
    assert text(10**30) == "1" + "0" * 30  # an integer exactly
    assert text(np.random.default_rng(0)).startswith("乱数生成器")
    net = lecnn.Network([2, 3, 2], seed=0)
    assert text(net) == f"{net!r}, weights の形 [(3, 3), (2, 4)]"
    assert text(np.tanh) == "tanh"
    assert [text(v) for v in ("a", None, True, {"k": 1})] == ["'a'", "None", "True", "{'k': 1}"]

"""The exercise-check machinery: right, wrong, blank and crashing answers."""

import re
from pathlib import Path

import numpy as np
import pytest

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
    assert "sizes = [2, 3]" in result.message and "期待 9, 実際 6" in result.message
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
    assert result.message.endswith("ヒント: h")


def test_every_check_a_notebook_calls_exists():
    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    called = set()
    for path in notebooks.glob("*.ipynb"):
        called |= set(re.findall(r"lecnn\.checks\.(check_\w+)", path.read_text(encoding="utf-8")))
    assert len(called) >= 15
    assert called <= set(checks.CHECKS), sorted(called - set(checks.CHECKS))

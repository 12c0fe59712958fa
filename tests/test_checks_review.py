"""The self-checks of notebook 01 (前回の復習): right, blank and typical wrong answers."""

import warnings

import numpy as np
import pytest

from lecnn import checks

# ---------------------------------------------------------------------------
# ∇tanh(u)
# ---------------------------------------------------------------------------


def tanh_derivative_right(u):
    return 1 - np.tanh(u) ** 2


def tanh_derivative_via_cosh(u):
    return 1 / np.cosh(u) ** 2  # also right: cosh overflows to inf, 1/inf² = 0


def tanh_derivative_blank(u):
    # ここにコードを書く
    raise NotImplementedError("演習: tanh の導関数")


def tanh_derivative_no_square(u):
    return 1 - np.tanh(u)


def tanh_derivative_sigmoid_form(u):
    return np.tanh(u) * (1 - np.tanh(u))


def tanh_derivative_plus(u):
    return 1 + np.tanh(u) ** 2


def tanh_derivative_naive_exp(u):
    t = (np.exp(u) - np.exp(-u)) / (np.exp(u) + np.exp(-u))  # inf / inf = nan for |u| = 1000
    return 1 - t**2


def tanh_derivative_scalar_only(u):
    return 1 - np.tanh(float(np.sum(u))) ** 2


def tanh_derivative_no_return(u):
    1 - np.tanh(u) ** 2  # noqa: B018  (the return is missing on purpose)


@pytest.mark.parametrize("answer", [tanh_derivative_right, tanh_derivative_via_cosh])
def test_tanh_derivative_right_answers_pass(answer):
    result = checks.check_tanh_derivative(answer)
    assert result.passed, result.message
    assert result.message.startswith("✔ 正解です。")


@pytest.mark.parametrize("blank", [tanh_derivative_blank, ...])
def test_tanh_derivative_blank(blank):
    result = checks.check_tanh_derivative(blank)
    assert not result.passed and result.blank
    assert "まだ実装されていません" in result.message


@pytest.mark.parametrize(
    "answer, fragment, code",
    [
        (tanh_derivative_no_square, "が違います: 期待", "value"),
        (tanh_derivative_sigmoid_form, "が違います: 期待", "value"),
        (tanh_derivative_plus, "が違います: 期待", "value"),
        (tanh_derivative_naive_exp, "NaN か inf", "not_finite"),
        (tanh_derivative_scalar_only, "形が違います", "shape"),
        (tanh_derivative_no_return, "None", "none"),
    ],
)
def test_tanh_derivative_wrong_answers_fail(answer, fragment, code):
    result = checks.check_tanh_derivative(answer)
    assert not result.passed and not result.blank
    assert fragment in result.message, result.message
    assert result.code == code, result.code
    assert "ヒント" in result.message


def test_tanh_derivative_wrong_answer_names_the_case():
    message = checks.check_tanh_derivative(tanh_derivative_no_square).message
    assert "u の形 ()" in message  # the first case: a 0-d array


def test_tanh_derivative_overflow_gets_the_overflow_hint_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning would fail the test
        message = checks.check_tanh_derivative(tanh_derivative_naive_exp).message
    assert "大きな |u|" in message and "inf" in message and "NumPy の関数" in message
    assert "np.tanh" not in message  # the hint names the idea, not the solution's code


# ---------------------------------------------------------------------------
# E from the logits (log-sum-exp)
# ---------------------------------------------------------------------------


def ce_right(u, y):
    c = np.max(u, axis=-1, keepdims=True)
    log_f = u - c - np.log(np.sum(np.exp(u - c), axis=-1, keepdims=True))
    return -np.sum(y * log_f, axis=-1)


def ce_right_logaddexp(u, y):
    log_norm = np.logaddexp.reduce(u, axis=-1, keepdims=True)
    return -np.sum(y * (u - log_norm), axis=-1)


def ce_blank(u, y):
    # ここにコードを書く
    raise NotImplementedError("演習: クロスエントロピー")


def ce_naive(u, y):
    f = np.exp(u) / np.sum(np.exp(u), axis=-1, keepdims=True)
    return -np.sum(y * np.log(f), axis=-1)


def ce_log_of_stable_softmax(u, y):
    c = np.max(u, axis=-1, keepdims=True)
    f = np.exp(u - c) / np.sum(np.exp(u - c), axis=-1, keepdims=True)
    return -np.sum(y * np.log(f), axis=-1)  # f_j rounds to 0: log 0 = −inf


def ce_no_minus(u, y):
    return -ce_right(u, y)


def ce_forgot_to_add_c_back(u, y):
    c = np.max(u, axis=-1, keepdims=True)
    log_f = u - np.log(np.sum(np.exp(u - c), axis=-1, keepdims=True))
    return -np.sum(y * log_f, axis=-1)


def ce_sum_over_everything(u, y):
    return np.sum(ce_right(u, y))


def ce_mean_over_batch(u, y):
    return np.mean(ce_right(u, y))


def ce_no_keepdims(u, y):
    c = np.max(u, axis=-1)
    log_f = u - c - np.log(np.sum(np.exp(u - c), axis=-1))
    return -np.sum(y * log_f, axis=-1)


@pytest.mark.parametrize("answer", [ce_right, ce_right_logaddexp])
def test_cross_entropy_right_answers_pass(answer):
    result = checks.check_cross_entropy_from_logits(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("blank", [ce_blank, ...])
def test_cross_entropy_blank(blank):
    result = checks.check_cross_entropy_from_logits(blank)
    assert not result.passed and result.blank
    assert "まだ実装されていません" in result.message


@pytest.mark.parametrize(
    "answer, fragment, code",
    [
        (ce_naive, "NaN か inf", "not_finite"),
        (ce_log_of_stable_softmax, "NaN か inf", "not_finite"),
        (ce_no_minus, "が違います: 期待", "value"),
        (ce_forgot_to_add_c_back, "が違います: 期待", "value"),
        (ce_sum_over_everything, "形が違います", "shape"),
        (ce_mean_over_batch, "形が違います", "shape"),
        (ce_no_keepdims, "エラー", "error"),
    ],
)
def test_cross_entropy_wrong_answers_fail(answer, fragment, code):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the check must keep the student's warnings quiet
        result = checks.check_cross_entropy_from_logits(answer)
    assert not result.passed and not result.blank
    assert fragment in result.message, result.message
    assert result.code == code, result.code
    assert "ヒント" in result.message


def test_cross_entropy_overflow_is_reported_on_the_huge_logits_with_log_sum_exp_hint():
    message = checks.check_cross_entropy_from_logits(ce_naive).message
    assert "大きなロジット" in message and "log-sum-exp" in message


def test_cross_entropy_batch_mismatch_points_to_rows():
    message = checks.check_cross_entropy_from_logits(ce_mean_over_batch).message
    assert "バッチ (n = 5, m = 4)" in message and "(5,)" in message and "axis=-1" in message


def test_cross_entropy_message_does_not_print_the_reference_code():
    message = checks.check_cross_entropy_from_logits(ce_no_minus).message
    assert "np." not in message and "def " not in message

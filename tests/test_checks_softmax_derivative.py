"""The checks of notebook 03: the two cases of ∂f_j/∂u_k, and ∂E/∂w_rk for any target y."""

import warnings

import numpy as np
import pytest

import lecnn
from lecnn.checks import check_dE_dw_rk_any_target, check_softmax_derivative_cases

# ---------------------------------------------------------------------------
# ∂f_j/∂u_k, the slide's two blanks
# ---------------------------------------------------------------------------


def derivative_right(u, j, k):
    f = lecnn.softmax(u)
    if j == k:
        return f[k] * (1 - f[k])
    return -f[j] * f[k]


def derivative_right_one_line(u, j, k):
    f = lecnn.softmax(u)
    return f[j] * ((j == k) - f[k])


def derivative_blank(u, j, k):
    # ここにコードを書く
    raise NotImplementedError("演習: softmax_derivative を完成させてください")


def derivative_no_denominator_term(u, j, k):
    f = lecnn.softmax(u)
    return f[k] if j == k else 0.0  # the quotient rule's second term forgotten in both cases


def derivative_diagonal_right_off_zero(u, j, k):
    f = lecnn.softmax(u)
    return f[k] * (1 - f[k]) if j == k else 0.0


def derivative_off_sign_flipped(u, j, k):
    f = lecnn.softmax(u)
    return f[k] * (1 - f[k]) if j == k else f[j] * f[k]


def derivative_diagonal_formula_everywhere(u, j, k):
    f = lecnn.softmax(u)
    return f[j] * (1 - f[j])


def derivative_off_diagonal_formula_everywhere(u, j, k):
    f = lecnn.softmax(u)
    return -f[j] * f[k]


def derivative_wrong_index(u, j, k):
    f = lecnn.softmax(u)
    return f[k] * (1 - f[k]) if j == k else -f[k] * f[k]


def derivative_naive_exp(u, j, k):
    e = np.exp(u)
    f = e / e.sum()
    return f[j] * ((j == k) - f[k])


def derivative_vector(u, j, k):
    f = lecnn.softmax(u)
    return f * ((np.arange(len(u)) == k) - f[k])  # the whole column, not entry j


def derivative_one_based(u, j, k):
    f = lecnn.softmax(u)
    j, k = j - 1, k - 1  # reads the slides' 1-based indices
    return f[j] * ((j == k) - f[k])


@pytest.mark.parametrize("answer", [derivative_right, derivative_right_one_line])
def test_softmax_derivative_right_answers_pass(answer):
    result = check_softmax_derivative_cases(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("blank", [derivative_blank, ...])
def test_softmax_derivative_blank(blank):
    result = check_softmax_derivative_cases(blank)
    assert not result.passed and result.blank
    assert "まだ実装されていません" in result.message


@pytest.mark.parametrize(
    "answer, code, fragments",
    [
        (derivative_no_denominator_term, "no_denominator", ["j = k の場合"]),
        (derivative_diagonal_right_off_zero, "zero", ["j ≠ k の場合"]),
        (derivative_off_sign_flipped, "sign", ["j ≠ k の場合"]),
        (derivative_diagonal_formula_everywhere, "diagonal_formula", ["j ≠ k の場合"]),
        (derivative_off_diagonal_formula_everywhere, "off_diagonal_formula", ["j = k の場合"]),
        (derivative_wrong_index, "index", ["j ≠ k の場合"]),
        (derivative_naive_exp, "not_finite", ["lecnn.softmax"]),
        (derivative_vector, "shape", ["スカラー"]),
        (derivative_one_based, "value", []),
        (lambda u, j, k: 1.0 if len(u) == 1 else derivative_right(u, j, k), "constant", []),
    ],
)
def test_softmax_derivative_typical_mistakes_are_named(answer, code, fragments):
    """The diagnosis by its code; the case (j = k or j ≠ k) and the hint it needs in the message."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the check keeps the student's overflow warnings quiet
        result = check_softmax_derivative_cases(answer)
    assert not result.passed and not result.blank
    assert result.code == code, result.message
    for fragment in fragments:
        assert fragment in result.message, result.message


def test_softmax_derivative_message_shows_the_failing_input_and_no_answer():
    message = check_softmax_derivative_cases(derivative_diagonal_right_off_zero).message
    assert "u = (" in message and "j = 0, k = 1" in message
    assert "f_k(1" not in message and "f_j f_k" not in message
    assert "(0,)" not in message


# ---------------------------------------------------------------------------
# ∂E/∂w_rk for any target y
# ---------------------------------------------------------------------------


def grad_right(W_r, z_r, y, k):
    f = lecnn.softmax(W_r @ z_r)
    return (f[k] * np.sum(y) - y[k]) * z_r


def grad_right_term_by_term(W_r, z_r, y, k):
    f = lecnn.softmax(W_r @ z_r)
    total = np.zeros_like(z_r)
    for j in range(len(f)):
        total -= y[j] * ((j == k) - f[k]) * z_r  # y_j (1/f_j) ∂f_j/∂w_rk, f_j cancelled
    return total


def grad_blank(W_r, z_r, y, k):
    # ここにコードを書く
    raise NotImplementedError("演習: dE_dw_rk を完成させてください")


def grad_slide_formula(W_r, z_r, y, k):
    f = lecnn.softmax(W_r @ z_r)
    return (f[k] - y[k]) * z_r  # right only when Σ_j y_j = 1


def grad_only_j_equals_k(W_r, z_r, y, k):
    f = lecnn.softmax(W_r @ z_r)
    return -y[k] * (1 - f[k]) * z_r


def grad_sign_flipped(W_r, z_r, y, k):
    return -grad_right(W_r, z_r, y, k)


def grad_without_z(W_r, z_r, y, k):
    f = lecnn.softmax(W_r @ z_r)
    return f[k] * np.sum(y) - y[k]


def grad_without_intercept(W_r, z_r, y, k):
    return grad_right(W_r, z_r, y, k)[1:]


def grad_naive_softmax(W_r, z_r, y, k):
    e = np.exp(W_r @ z_r)
    return (e[k] / e.sum() * np.sum(y) - y[k]) * z_r


@pytest.mark.parametrize("answer", [grad_right, grad_right_term_by_term])
def test_dE_dw_rk_right_answers_pass(answer):
    result = check_dE_dw_rk_any_target(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("blank", [grad_blank, ...])
def test_dE_dw_rk_blank(blank):
    result = check_dE_dw_rk_any_target(blank)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    "answer, code, fragments",
    [
        (grad_slide_formula, "sum_is_one", ["Σ_j y_j = 1.5"]),
        (grad_only_j_equals_k, "only_j_equals_k", []),
        (grad_sign_flipped, "sign", []),
        (grad_without_z, "shape", ["スカラー"]),
        (grad_without_intercept, "intercept", []),
        (grad_naive_softmax, "not_finite", ["lecnn.softmax"]),
    ],
)
def test_dE_dw_rk_typical_mistakes_are_named(answer, code, fragments):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = check_dE_dw_rk_any_target(answer)
    assert not result.passed and not result.blank
    assert result.code == code, result.message
    for fragment in fragments:
        assert fragment in result.message, result.message


def test_slide_formula_passes_every_target_that_sums_to_1():
    """Only the targets with Σ_j y_j ≠ 1 catch the slide's formula: it fails there, first."""
    message = check_dE_dw_rk_any_target(grad_slide_formula).message
    assert "y = (0.5, 0.5, 0.5)" in message

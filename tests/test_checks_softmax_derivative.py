"""The self-checks of notebook 03 (ソフトマックス関数の微分): right, blank and typical wrong answers."""

import warnings

import numpy as np
import pytest

import lecnn
from lecnn import checks

# ---------------------------------------------------------------------------
# The Jacobian ∂f/∂u
# ---------------------------------------------------------------------------


def jacobian_right(u):
    f = lecnn.softmax(u)
    return np.diag(f) - np.outer(f, f)


def jacobian_right_by_loops(u):
    f = lecnn.softmax(u)
    m = len(f)
    J = np.empty((m, m))
    for j in range(m):
        for k in range(m):
            J[j, k] = f[j] * (1 - f[k]) if j == k else -f[j] * f[k]
    return J


def jacobian_blank(u):
    # ここにコードを書く
    raise NotImplementedError("演習: ソフトマックス関数のヤコビ行列")


def jacobian_diagonal_only(u):
    f = lecnn.softmax(u)
    return np.diag(f * (1 - f))


def jacobian_off_diagonal_only(u):
    f = lecnn.softmax(u)
    return -np.outer(f, f)


def jacobian_sign_flipped(u):
    f = lecnn.softmax(u)
    return np.outer(f, f) - np.diag(f)


def jacobian_vector(u):
    f = lecnn.softmax(u)
    return f * (1 - f)


def jacobian_inner_product(u):
    f = lecnn.softmax(u)
    return np.diag(f) - f @ f


def jacobian_naive_softmax(u):
    f = np.exp(u) / np.sum(np.exp(u))
    return np.diag(f) - np.outer(f, f)


def jacobian_unnormalised(u):
    f = np.exp(u - np.max(u))
    return np.diag(f) - np.outer(f, f)


@pytest.mark.parametrize("answer", [jacobian_right, jacobian_right_by_loops])
def test_jacobian_right_answers_pass(answer):
    result = checks.check_softmax_jacobian(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("blank", [jacobian_blank, ...])
def test_jacobian_blank(blank):
    result = checks.check_softmax_jacobian(blank)
    assert not result.passed and result.blank
    assert "まだ実装されていません" in result.message


@pytest.mark.parametrize(
    "answer, fragment, code",
    [
        (jacobian_diagonal_only, "非対角成分 (j ≠ k)", "value"),
        (jacobian_off_diagonal_only, "対角成分 (j = k) は", "value"),
        (jacobian_sign_flipped, "対角成分 (j = k) は", "value"),
        (jacobian_vector, "形が違います", "shape"),
        (jacobian_inner_product, "が違います: 期待", "value"),
        (jacobian_naive_softmax, "NaN か inf", "not_finite"),
        (jacobian_unnormalised, "が違います: 期待", "value"),
    ],
)
def test_jacobian_wrong_answers_fail(answer, fragment, code):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the check must keep the student's warnings quiet
        result = checks.check_softmax_jacobian(answer)
    assert not result.passed and not result.blank
    assert fragment in result.message, result.message
    assert result.code == code, result.code


def test_jacobian_diagonal_only_is_caught_at_an_off_diagonal_entry():
    message = checks.check_softmax_jacobian(jacobian_diagonal_only).message
    # m = 1 has no off-diagonal entry; the first difference is in m = 2, at [0, 1]
    assert "m = 2 のヤコビ行列の成分 (0, 1)" in message
    assert "非対角成分" in message and "「j = k の場合」" not in message


def test_jacobian_naive_softmax_gets_the_overflow_hint():
    message = checks.check_softmax_jacobian(jacobian_naive_softmax).message
    assert "大きなロジット" in message and "lecnn.softmax" in message


# ---------------------------------------------------------------------------
# ∂E/∂w_rk
# ---------------------------------------------------------------------------


def grad_right(W_r, z_r, y, k):
    f = lecnn.softmax(W_r @ z_r)
    return (f[k] - y[k]) * z_r


def grad_right_by_the_sum(W_r, z_r, y, k):
    # −Σ_j y_j (1/f_j) ∂f_j/∂w_rk, term by term, before using Σ_j y_j = 1
    f = lecnn.softmax(W_r @ z_r)
    total = np.zeros_like(z_r)
    for j in range(len(f)):
        df_j = f[j] * (1 - f[k]) * z_r if j == k else -f[j] * f[k] * z_r
        total -= y[j] / f[j] * df_j if y[j] else 0.0
    return total


def grad_blank(W_r, z_r, y, k):
    # ここにコードを書く
    raise NotImplementedError("演習: ∂E/∂w_rk")


def grad_sign_flipped(W_r, z_r, y, k):
    return -grad_right(W_r, z_r, y, k)


def grad_only_the_j_equals_k_term(W_r, z_r, y, k):
    f = lecnn.softmax(W_r @ z_r)
    return -y[k] * (1 - f[k]) * z_r  # the j ≠ k terms are forgotten


def grad_without_z(W_r, z_r, y, k):
    f = lecnn.softmax(W_r @ z_r)
    return f[k] - y[k]


def grad_without_intercept(W_r, z_r, y, k):
    return grad_right(W_r, z_r, y, k)[1:]


def grad_whole_matrix(W_r, z_r, y, k):
    f = lecnn.softmax(W_r @ z_r)
    return np.outer(f - y, z_r)


def grad_naive_softmax(W_r, z_r, y, k):
    e = np.exp(W_r @ z_r)
    return (e[k] / np.sum(e) - y[k]) * z_r


def grad_sigmoid_instead_of_softmax(W_r, z_r, y, k):
    f_k = 1 / (1 + np.exp(-(W_r[k] @ z_r)))
    return (f_k - y[k]) * z_r


def grad_column_instead_of_row(W_r, z_r, y, k):
    f = lecnn.softmax(W_r.T[: len(z_r)].T @ z_r)
    return (f[k] - y[k]) * W_r[:, 0].sum() * z_r


@pytest.mark.parametrize("answer", [grad_right, grad_right_by_the_sum])
def test_grad_right_answers_pass(answer):
    result = checks.check_dE_dw_rk(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("blank", [grad_blank, ...])
def test_grad_blank(blank):
    result = checks.check_dE_dw_rk(blank)
    assert not result.passed and result.blank
    assert "まだ実装されていません" in result.message


@pytest.mark.parametrize(
    "answer, fragment, code",
    [
        (grad_sign_flipped, "が違います: 期待", "value"),
        (grad_only_the_j_equals_k_term, "j ≠ k の項が残る", "value"),
        (grad_without_z, "形が違います", "shape"),
        (grad_without_intercept, "切片", "intercept"),
        (grad_whole_matrix, "形が違います", "shape"),
        (grad_naive_softmax, "NaN か inf", "not_finite"),
        (grad_sigmoid_instead_of_softmax, "が違います: 期待", "value"),
        (grad_column_instead_of_row, "が違います: 期待", "value"),
    ],
)
def test_grad_wrong_answers_fail(answer, fragment, code):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the check must keep the student's warnings quiet
        result = checks.check_dE_dw_rk(answer)
    assert not result.passed and not result.blank
    assert fragment in result.message, result.message
    assert result.code == code, result.code
    assert "ヒント" in result.message


def test_grad_forgotten_terms_are_caught_where_y_k_is_0():
    message = checks.check_dE_dw_rk(grad_only_the_j_equals_k_term).message
    assert "k = 0 (y_k = 0)" in message


def test_grad_naive_softmax_is_caught_on_huge_logits():
    message = checks.check_dE_dw_rk(grad_naive_softmax).message
    assert "m = 4" in message and "lecnn.softmax" in message

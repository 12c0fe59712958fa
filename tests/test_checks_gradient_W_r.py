"""The checks of notebook 04: the batch ∂E/∂W_r (where the transpose goes) and δ_r for a
sigmoid output with ½ squared error."""

import warnings

import numpy as np
import pytest

import lecnn
from lecnn.checks import check_batch_grad_W_r, check_delta_r_sigmoid_squared

# --- ∂E/∂W_r of a batch: F_r, Y: (n, m), Z_r: (n, q_r + 1) -> (m, q_r + 1)


def batch_right(F_r, Y, Z_r):
    return (F_r - Y).T @ Z_r / len(F_r)


def batch_right_einsum(F_r, Y, Z_r):
    return np.einsum("im,iq->mq", F_r - Y, Z_r) / F_r.shape[0]


def batch_blank(F_r, Y, Z_r):
    # ここにコードを書く
    raise NotImplementedError("演習: grad_W_r_batch を完成させてください")


def batch_transposed(F_r, Y, Z_r):
    return Z_r.T @ (F_r - Y) / len(F_r)


def batch_sample_products(F_r, Y, Z_r):
    return (F_r - Y) @ Z_r.T / len(F_r)  # fails to multiply, or gives (n, n)


def batch_sum(F_r, Y, Z_r):
    return (F_r - Y).T @ Z_r


def batch_sign(F_r, Y, Z_r):
    return (Y - F_r).T @ Z_r / len(F_r)


def batch_first_row(F_r, Y, Z_r):
    return np.outer(F_r[0] - Y[0], Z_r[0])


def batch_outer(F_r, Y, Z_r):
    return np.outer(F_r - Y, Z_r) / len(F_r)


@pytest.mark.parametrize("answer", [batch_right, batch_right_einsum])
def test_batch_right_answers_pass(answer):
    result = check_batch_grad_W_r(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("blank", [batch_blank, ...])
def test_batch_blank(blank):
    result = check_batch_grad_W_r(blank)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    "answer, code",
    [
        (batch_transposed, "transpose"),
        (batch_sample_products, "error"),
        (batch_sum, "sum"),
        (batch_sign, "sign"),
        (batch_first_row, "first_sample"),
        (batch_outer, "outer"),
    ],
)
def test_batch_typical_mistakes_are_named(answer, code):
    result = check_batch_grad_W_r(answer)
    assert not result.passed and not result.blank
    assert result.code == code, result.message
    assert "ケース 1" in result.message


def test_batch_message_shows_the_shapes_of_the_failing_input():
    message = check_batch_grad_W_r(batch_transposed).message
    assert "F_r と Y の形 (5, 3), Z_r の形 (5, 5)" in message


def test_batch_transpose_is_caught_by_values_on_a_square_case():
    def transposed_only_when_square(F_r, Y, Z_r):
        G = batch_right(F_r, Y, Z_r)
        return G.T if G.shape[0] == G.shape[1] else G

    result = check_batch_grad_W_r(transposed_only_when_square)
    assert "ケース 3" in result.message and result.code == "transpose"


def test_batch_sample_products_on_a_square_batch_name_the_sample_axis():
    def sample_products_everywhere(F_r, Y, Z_r):
        n = len(F_r)
        return np.ones((n, n))

    result = check_batch_grad_W_r(sample_products_everywhere)
    assert result.code == "sample_products", result.message


# --- δ_r for a sigmoid output with ½ squared error


def sigmoid(u):
    return lecnn.ACTIVATIONS["sigmoid"](u)


def delta_right(u, y):
    f = sigmoid(u)
    return (f - y) * f * (1 - f)


def delta_right_naive(u, y):
    f = 1 / (1 + np.exp(-u))  # overflows to inf for u = −1000, but 1/inf = 0 is right
    return (f - y) * f * (1 - f)


def delta_blank(u, y):
    # ここにコードを書く
    raise NotImplementedError("演習: delta_r を完成させてください")


def delta_matched_pair(u, y):
    return sigmoid(u) - y


def delta_twice(u, y):
    return 2 * delta_right(u, y)


def delta_sign(u, y):
    return -delta_right(u, y)


def delta_missing_f(u, y):
    f = sigmoid(u)
    return (f - y) * (1 - f)


def delta_derivative_at_f(u, y):
    f = sigmoid(u)
    return (f - y) * sigmoid(f) * (1 - sigmoid(f))


def delta_no_error(u, y):
    f = sigmoid(u)
    return f * (1 - f)


def delta_scalar(u, y):
    return float(np.sum(delta_right(u, y)))


@pytest.mark.parametrize("answer", [delta_right, delta_right_naive])
def test_delta_right_answers_pass(answer):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the check keeps the overflow warning quiet
        result = check_delta_r_sigmoid_squared(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("blank", [delta_blank, ...])
def test_delta_blank(blank):
    result = check_delta_r_sigmoid_squared(blank)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    "answer, code",
    [
        (delta_matched_pair, "matched_pair"),
        (delta_twice, "twice"),
        (delta_sign, "sign"),
        (delta_missing_f, "missing_f"),
        (delta_derivative_at_f, "nabla_at_f"),
        (delta_no_error, "no_error"),
        (delta_scalar, "shape"),
    ],
)
def test_delta_typical_mistakes_are_named(answer, code):
    result = check_delta_r_sigmoid_squared(answer)
    assert not result.passed and not result.blank
    assert result.code == code, result.message


def test_delta_message_shows_the_input():
    message = check_delta_r_sigmoid_squared(delta_matched_pair).message
    assert "u = (" in message and "y = (" in message
    assert "成分 0" in message and "(0,)" not in message

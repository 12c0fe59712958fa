"""The checks of notebook 05 (lecnn.checks.gradient_W_r_minus_1): model answers pass, blanks and typical mistakes fail."""

import numpy as np
import pytest

from lecnn import checks

# --- row k (1 <= k <= q_r) by the chain-rule sum over j


def row_model_answer(W_r, f_r, y, nabla_f, z_r_minus_1, k):
    m = W_r.shape[0]
    total = 0.0
    for j in range(m):  # the slides' j = 1..m is row j of W_r here
        # w_rjk: column k of W_r (column 0 holds the intercept)
        total += (f_r[j] - y[j]) * W_r[j, k]
    return total * nabla_f[k - 1] * z_r_minus_1


def row_model_answer_vector(W_r, f_r, y, nabla_f, z_r_minus_1, k):
    w_tilde_rk = W_r[:, 1:][:, k - 1]
    return (f_r - y) @ w_tilde_rk * nabla_f[k - 1] * z_r_minus_1


def row_blank(W_r, f_r, y, nabla_f, z_r_minus_1, k):
    # ここにコードを書く
    raise NotImplementedError("演習: ∂E/∂w_{r-1,k}")


def row_intercept_column(W_r, f_r, y, nabla_f, z_r_minus_1, k):
    # W_r in place of W̃_r: column k-1 of W_r, which for k = 1 is the intercept column
    return (f_r - y) @ W_r[:, k - 1] * nabla_f[k - 1] * z_r_minus_1


def row_without_nabla(W_r, f_r, y, nabla_f, z_r_minus_1, k):
    return (f_r - y) @ W_r[:, k] * z_r_minus_1


def row_sign(W_r, f_r, y, nabla_f, z_r_minus_1, k):
    return (y - f_r) @ W_r[:, k] * nabla_f[k - 1] * z_r_minus_1


def row_nabla_index(W_r, f_r, y, nabla_f, z_r_minus_1, k):
    return (f_r - y) @ W_r[:, k] * nabla_f[k % len(nabla_f)] * z_r_minus_1


def row_intercept_dropped(W_r, f_r, y, nabla_f, z_r_minus_1, k):
    return (f_r - y) @ W_r[:, k] * nabla_f[k - 1] * z_r_minus_1[1:]


@pytest.mark.parametrize("answer", [row_model_answer, row_model_answer_vector])
def test_row_model_answer_passes(answer):
    result = checks.check_grad_w_r_minus_1_k(answer)
    assert result.passed, result.message
    assert "通りの入力で一致しました" in result.message


@pytest.mark.parametrize("answer", [row_blank, ...])
def test_row_blank_says_not_implemented(answer):
    result = checks.check_grad_w_r_minus_1_k(answer)
    assert not result.passed and result.blank
    assert "まだ実装されていません" in result.message


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        (row_intercept_column, "column_shift"),
        (row_without_nabla, "no_nabla"),
        (row_sign, "sign"),
        (row_nabla_index, "nabla_index"),
        (row_intercept_dropped, "intercept"),
    ],
)
def test_row_typical_mistakes_fail(answer, code):
    result = checks.check_grad_w_r_minus_1_k(answer)
    assert not result.passed and not result.blank
    assert result.code == code, result.message
    assert "ヒント" in result.message


def test_row_checks_the_last_unit_too():
    def wrong_for_last_unit(W_r, f_r, y, nabla_f, z_r_minus_1, k):
        right = row_model_answer(W_r, f_r, y, nabla_f, z_r_minus_1, k)
        return right * (2 if k == W_r.shape[1] - 1 else 1)

    result = checks.check_grad_w_r_minus_1_k(wrong_for_last_unit)
    assert not result.passed and "k = 5" in result.message


# --- the matrix form [W̃_rᵀ (f_r − y) ⊙ ∇f_{r-1}] z_{r-1}ᵀ


def matrix_model_answer(W_r, f_r, y, nabla_f, z_r_minus_1):
    W_tilde_r = W_r[:, 1:]
    return np.outer(W_tilde_r.T @ (f_r - y) * nabla_f, z_r_minus_1)


def matrix_model_answer_rows(W_r, f_r, y, nabla_f, z_r_minus_1):
    q_r = W_r.shape[1] - 1
    return np.array(
        [row_model_answer(W_r, f_r, y, nabla_f, z_r_minus_1, k) for k in range(1, q_r + 1)]
    )


def matrix_blank(W_r, f_r, y, nabla_f, z_r_minus_1):
    # ここにコードを書く
    raise NotImplementedError("演習: ∂E/∂W_{r-1}")


def matrix_full_W_r(W_r, f_r, y, nabla_f, z_r_minus_1):
    # W_r in place of W̃_r: q_r + 1 entries against the q_r of ∇f -> broadcasting error
    return np.outer(W_r.T @ (f_r - y) * nabla_f, z_r_minus_1)


def matrix_last_column_dropped(W_r, f_r, y, nabla_f, z_r_minus_1):
    return np.outer(W_r[:, :-1].T @ (f_r - y) * nabla_f, z_r_minus_1)


def matrix_without_nabla(W_r, f_r, y, nabla_f, z_r_minus_1):
    return np.outer(W_r[:, 1:].T @ (f_r - y), z_r_minus_1)


def matrix_transposed(W_r, f_r, y, nabla_f, z_r_minus_1):
    return np.outer(z_r_minus_1, W_r[:, 1:].T @ (f_r - y) * nabla_f)


def matrix_sign(W_r, f_r, y, nabla_f, z_r_minus_1):
    return np.outer(W_r[:, 1:].T @ (y - f_r) * nabla_f, z_r_minus_1)


def matrix_intercept_dropped(W_r, f_r, y, nabla_f, z_r_minus_1):
    return np.outer(W_r[:, 1:].T @ (f_r - y) * nabla_f, z_r_minus_1[1:])


@pytest.mark.parametrize("answer", [matrix_model_answer, matrix_model_answer_rows])
def test_matrix_model_answer_passes(answer):
    result = checks.check_grad_W_r_minus_1(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("answer", [matrix_blank, ...])
def test_matrix_blank_says_not_implemented(answer):
    result = checks.check_grad_W_r_minus_1(answer)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        (matrix_full_W_r, "full_W"),
        (matrix_last_column_dropped, "wrong_column"),
        (matrix_without_nabla, "no_nabla"),
        (matrix_transposed, "transpose"),
        (matrix_sign, "sign"),
        (matrix_intercept_dropped, "intercept"),
    ],
)
def test_matrix_typical_mistakes_fail(answer, code):
    result = checks.check_grad_W_r_minus_1(answer)
    assert not result.passed and not result.blank
    assert result.code == code, result.message


def test_matrix_full_W_r_reports_the_error_not_a_traceback():
    message = checks.check_grad_W_r_minus_1(matrix_full_W_r).message
    assert "ValueError" in message and "Traceback" not in message


def test_matrix_square_case_catches_a_transpose_of_the_right_shape():
    def transposed_when_square(W_r, f_r, y, nabla_f, z_r_minus_1):
        g = matrix_model_answer(W_r, f_r, y, nabla_f, z_r_minus_1)
        return g.T if g.shape[0] == g.shape[1] else g

    result = checks.check_grad_W_r_minus_1(transposed_when_square)
    assert not result.passed and result.code == "transpose"


def test_matrix_cases_include_one_output_and_large_logits():
    seen = []

    def spy(W_r, f_r, y, nabla_f, z_r_minus_1):
        seen.append((W_r.shape[0], float(np.max(np.abs(W_r)))))
        return matrix_model_answer(W_r, f_r, y, nabla_f, z_r_minus_1)

    assert checks.check_grad_W_r_minus_1(spy).passed
    assert any(m == 1 for m, _ in seen)
    assert any(biggest > 10 for _, biggest in seen)


@pytest.mark.parametrize("check", [checks.check_grad_w_r_minus_1_k, checks.check_grad_W_r_minus_1])
def test_hints_do_not_state_the_answer(check):
    # the student derives the formula: a wrong answer gets pointers, not the result
    if check is checks.check_grad_w_r_minus_1_k:
        message = check(row_without_nabla).message
    else:
        message = check(matrix_without_nabla).message
    assert "ヒント" in message
    assert "W̃_rᵀ (f_r" not in message and "Σ_{j=1}^m (f_r(w_rjᵀ z_r) − y_j) w_rjk" not in message
    assert "ケース" in message  # the failing input is named

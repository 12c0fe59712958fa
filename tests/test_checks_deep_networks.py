"""The checks of notebook 02: the forward pass and the tent-map weights."""

import numpy as np
import pytest

from lecnn import checks


def _forward(weights, x):
    """The model answer."""
    z = np.concatenate([[1.0], x])  # z_0 = (1, xᵀ)ᵀ
    for W in weights[:-1]:
        z = np.concatenate([[1.0], np.maximum(W @ z, 0)])  # z_{k+1} = (1, f_k(W_k z_k)ᵀ)ᵀ
    return weights[-1] @ z  # y = W_r z_r


def _relu_everywhere(weights, x):
    z = np.concatenate([[1.0], x])
    for W in weights[:-1]:
        z = np.concatenate([[1.0], np.maximum(W @ z, 0)])
    return np.maximum(weights[-1] @ z, 0)


def _no_relu(weights, x):
    z = np.concatenate([[1.0], x])
    for W in weights[:-1]:
        z = np.concatenate([[1.0], W @ z])
    return weights[-1] @ z


def _no_intercept(weights, x):
    z = x
    for W in weights[:-1]:
        z = np.maximum(W[:, 1:] @ z, 0)
    return weights[-1][:, 1:] @ z


def _no_leading_one(weights, x):
    z = x
    for W in weights[:-1]:
        z = np.maximum(W @ z, 0)  # shapes do not fit: (q, q_k + 1) @ (q_k,)
    return weights[-1] @ z


def _transposed(weights, x):
    z = np.concatenate([[1.0], x])
    for W in weights[:-1]:
        z = np.concatenate([[1.0], np.maximum(z @ W.T, 0)])
    return z @ weights[-1]  # forgot .T at the end: wrong shape or wrong values


def _returns_hidden(weights, x):
    z = np.concatenate([[1.0], x])
    for W in weights[:-1]:
        z = np.concatenate([[1.0], np.maximum(W @ z, 0)])
    return z


def _blank(weights, x):
    # ここにコードを書く
    raise NotImplementedError("演習: 順伝播")


def _modifies_input(weights, x):
    weights[0][:] = 0
    return _forward(weights, x)


def test_forward_model_answer_passes():
    result = checks.check_forward(_forward)
    assert result.passed, result.message
    assert result.message.startswith("✔ 正解です。")


@pytest.mark.parametrize(
    ("wrong", "fragment", "code"),
    [
        (_relu_everywhere, "出力層にも ReLU", "relu_output"),
        (_no_relu, "ReLU f_k(u) = max{0, u} をかけ忘れて", "no_relu"),
        (_no_intercept, "切片 (W_k の列 0) が効いていません", "intercept"),
        (_no_leading_one, "実行中にエラーが出ました", "error"),
        (_transposed, "不正解です", "error"),
        (_returns_hidden, "形が違います", "shape"),
    ],
)
def test_forward_wrong_answers_fail_with_a_pointed_message(wrong, fragment, code):
    result = checks.check_forward(wrong)
    assert not result.passed and not result.blank
    assert fragment in result.message, result.message
    assert result.code == code, result.code


def test_forward_blank_is_friendly():
    for blank in (_blank, ...):
        result = checks.check_forward(blank)
        assert not result.passed and result.blank
        assert "まだ実装されていません" in result.message


def test_forward_check_does_not_trust_the_students_copy_of_the_weights():
    result = checks.check_forward(_modifies_input)
    assert not result.passed  # zeroed W_0 gives other outputs than the reference


def test_forward_check_covers_r_zero():
    def only_with_hidden_layers(weights, x):
        if len(weights) == 1:
            return np.zeros(weights[0].shape[0])
        return _forward(weights, x)

    result = checks.check_forward(only_with_hidden_layers)
    assert not result.passed and "r = 0" in result.message


TENT_W0 = np.array([[0.0, 1.0], [-0.5, 1.0]])
TENT_W1 = np.array([[0.0, 2.0, -4.0]])


def test_tent_model_answer_passes():
    result = checks.check_tent_weights(TENT_W0, TENT_W1)
    assert result.passed, result.message


def test_tent_other_correct_weights_pass():
    # relu(2t) and relu(2t - 1), summed as 1 * z_1 - 2 * z_2: the same T(t)
    W_0 = [[0.0, 2.0], [-1.0, 2.0]]
    W_1 = [[0.0, 1.0, -2.0]]
    assert checks.check_tent_weights(W_0, W_1).passed


@pytest.mark.parametrize(
    ("W_0", "W_1", "fragment", "code"),
    [
        (np.array([[0.0, 1.0], [0.0, 1.0]]), TENT_W1, "での出力", "value"),  # no intercept: -2t
        (TENT_W0, np.array([[0.0, 2.0, 4.0]]), "での出力", "value"),  # slope 2 + 4 after 1/2
        (TENT_W0.T, TENT_W1, "での出力", "value"),  # transposed W_0 (square, so only the values)
        (TENT_W0[:, 1:], TENT_W1, "W_0 の形が違います", "shape"),  # intercept column missing
        (TENT_W0, TENT_W1.T, "W_1 の形が違います", "shape"),
        (TENT_W0, "W_1", "数値の配列ではありません", "not_numeric"),
        (TENT_W0, np.array([[np.nan, 2.0, -4.0]]), "NaN", "not_finite"),
    ],
)
def test_tent_wrong_weights_fail(W_0, W_1, fragment, code):
    result = checks.check_tent_weights(W_0, W_1)
    assert not result.passed and not result.blank
    assert fragment in result.message, result.message
    assert result.code == code, result.code


def test_tent_blank_is_friendly():
    for W_0, W_1 in [(..., ...), (TENT_W0, ...), (..., TENT_W1)]:
        result = checks.check_tent_weights(W_0, W_1)
        assert not result.passed and result.blank
        assert "まだ実装されていません" in result.message

"""The check of notebook 02's sawtooth exercise: the tent map with two ReLU units, stacked."""

import numpy as np
import pytest

from lecnn.checks import check_forward_pass, check_n_params_count, check_sawtooth_weights

FIRST = [[0.0, 1.0], [-0.5, 1.0]]  # relu(t), relu(t − 1/2)
MIDDLE = [[0.0, 2.0, -4.0], [-0.5, 2.0, -4.0]]  # the same units of T = 2 z_1 − 4 z_2
LAST = [[0.0, 2.0, -4.0]]  # T = 2 z_1 − 4 z_2


def right(r):
    return [np.array(FIRST)] + [np.array(MIDDLE)] * (r - 1) + [np.array(LAST)]


def right_other_scaling(r):
    # units relu(2t), relu(2t − 1): T = z_1 − 2 z_2; next layer relu(2T), relu(2T − 1)
    first = [[0.0, 2.0], [-1.0, 2.0]]
    middle = [[0.0, 2.0, -4.0], [-1.0, 2.0, -4.0]]
    last = [[0.0, 1.0, -2.0]]
    return [first] + [middle] * (r - 1) + [last]


def blank(r):
    # ここにコードを書く
    raise NotImplementedError("演習: sawtooth_weights を完成させてください")


def no_middle_fold(r):
    # the first layer's weights reused on z_k: the units see z_k1, z_k2 instead of T
    return (
        [np.array(FIRST)]
        + [np.array([[0.0, 1.0, 0.0], [-0.5, 1.0, 0.0]])] * (r - 1)
        + [np.array(LAST)]
    )


def wrong_tent_slope(r):
    return [np.array(FIRST)] + [np.array(MIDDLE)] * (r - 1) + [np.array([[0.0, 2.0, 4.0]])]


def missing_output_layer(r):
    return [np.array(FIRST)] + [np.array(MIDDLE)] * (r - 1)


def no_intercept_column(r):
    return [np.array(FIRST)[:, 1:]] + [np.array(MIDDLE)] * (r - 1) + [np.array(LAST)]


def first_layer_everywhere(r):
    return [np.array(FIRST)] * r + [np.array(LAST)]


def one_fold_only(r):
    return right(1)


@pytest.mark.parametrize("answer", [right, right_other_scaling])
def test_sawtooth_right_answers_pass(answer):
    result = check_sawtooth_weights(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("answer", [blank, ..., lambda r: [...] * (r + 1)])
def test_sawtooth_blank(answer):
    result = check_sawtooth_weights(answer)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    "answer, code, fragments",
    [
        (no_middle_fold, "value", ["r = 2 の出力", "線形部分は", "期待 4 個", "前の層の z_k"]),
        (wrong_tent_slope, "value", ["r = 1 の出力", "t = 0.5156", "傾きが 2 から −2"]),
        (missing_output_layer, "length", ["r = 1 の重み"]),
        (no_intercept_column, "shape", ["W_0 の", "(2, 2)"]),
        (first_layer_everywhere, "shape", ["r = 2 の W_1 の"]),
        (one_fold_only, "length", ["r = 2 の重み"]),
        (lambda r: "weights", "not_list", []),
        (lambda r: [W * np.nan for W in right(r)], "not_finite", []),
        (lambda r: ["W"] * (r + 1), "not_numeric", []),
    ],
)
def test_sawtooth_typical_mistakes_are_named(answer, code, fragments):
    """The diagnosis by its code; the depth, the point t and the pieces in the message."""
    result = check_sawtooth_weights(answer)
    assert not result.passed and not result.blank
    assert result.code == code, result.message
    for fragment in fragments:
        assert fragment in result.message, result.message


# --- the number of weights


def count_right(sizes):
    return sum(q_next * (q + 1) for q, q_next in zip(sizes[:-1], sizes[1:], strict=True))


def count_blank(sizes):
    # ここにコードを書く
    raise NotImplementedError("演習: n_params を完成させてください")


def count_no_intercept(sizes):
    return sum(q_next * q for q, q_next in zip(sizes[:-1], sizes[1:], strict=True))


def count_no_output_layer(sizes):
    return sum(q_next * (q + 1) for q, q_next in zip(sizes[:-2], sizes[1:-1], strict=True))


def count_units(sizes):
    return sum(sizes)


def test_count_right_passes():
    result = check_n_params_count(count_right)
    assert result.passed, result.message


@pytest.mark.parametrize("blank", [count_blank, ...])
def test_count_blank(blank):
    result = check_n_params_count(blank)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    "answer, code",
    [
        (count_no_intercept, "intercept"),
        (count_no_output_layer, "no_output_layer"),
        (count_units, "units"),
        (lambda sizes: None, "none"),
    ],
)
def test_count_typical_mistakes_are_named(answer, code):
    result = check_n_params_count(answer)
    assert not result.passed and not result.blank
    assert result.code == code, result.message
    assert "sizes = [2, 3]" in result.message or "sizes = [4, 8, 8, 3]" in result.message


def test_count_title_and_hint_do_not_state_the_formula():
    message = check_n_params_count(count_no_intercept).message + check_n_params_count(...).message
    assert "Σ" not in message and "q_{k+1}(q_k + 1)" not in message


# --- the forward pass


def forward_right(weights, x):
    z = np.concatenate([[1.0], x])
    for W in weights[:-1]:
        z = np.concatenate([[1.0], np.maximum(W @ z, 0)])
    return weights[-1] @ z


def forward_relu_everywhere(weights, x):
    return np.maximum(forward_right(weights, x), 0)


def forward_no_relu(weights, x):
    z = np.concatenate([[1.0], x])
    for W in weights[:-1]:
        z = np.concatenate([[1.0], W @ z])
    return weights[-1] @ z


def forward_no_intercept(weights, x):
    z = x
    for W in weights[:-1]:
        z = np.maximum(W[:, 1:] @ z, 0)
    return weights[-1][:, 1:] @ z


def forward_no_leading_one(weights, x):
    z = x
    for W in weights[:-1]:
        z = np.maximum(W @ z, 0)
    return weights[-1] @ z


def forward_blank(weights, x):
    # ここにコードを書く
    raise NotImplementedError("演習: forward を完成させてください")


def test_forward_right_passes():
    result = check_forward_pass(forward_right)
    assert result.passed, result.message


@pytest.mark.parametrize("blank", [forward_blank, ...])
def test_forward_blank(blank):
    result = check_forward_pass(blank)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    "answer, code",
    [
        (forward_relu_everywhere, "relu_output"),
        (forward_no_relu, "no_relu"),
        (forward_no_intercept, "intercept"),
        (forward_no_leading_one, "error"),
        (
            lambda weights, x: (
                np.zeros(weights[0].shape[0]) if len(weights) == 1 else forward_right(weights, x)
            ),
            "value",
        ),
    ],
)
def test_forward_typical_mistakes_are_named_with_the_input(answer, code):
    result = check_forward_pass(answer)
    assert not result.passed and not result.blank
    assert result.code == code, result.message
    assert "x = (" in result.message


def test_forward_names_the_case_without_hidden_layers():
    def wrong_without_hidden_layers(weights, x):
        return np.zeros(weights[0].shape[0]) if len(weights) == 1 else forward_right(weights, x)

    assert "中間層 0 層" in check_forward_pass(wrong_without_hidden_layers).message

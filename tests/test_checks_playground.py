"""The self-checks of notebook 08 (playground): right, blank and typical wrong answers."""

import numpy as np
import pytest

from lecnn import checks
from lecnn.playground import Engine

# ---------------------------------------------------------------------------
# ‖∂E/∂W_k‖ per layer
# ---------------------------------------------------------------------------


def norms_right(net, X, labels):
    return [np.sqrt(np.sum(g**2)) for g in net.gradients(X, labels)]


def norms_right_linalg(net, X, labels):
    return np.array([np.linalg.norm(g) for g in net.gradients(X, labels)])


def norms_blank(net, X, labels):
    # ここにコードを書く
    raise NotImplementedError("演習: 勾配のノルム")


def norms_of_weights(net, X, labels):
    return [np.linalg.norm(W) for W in net.weights]


def norms_without_intercept(net, X, labels):
    return [np.linalg.norm(g[:, 1:]) for g in net.gradients(X, labels)]


def norms_squared(net, X, labels):
    return [np.sum(g**2) for g in net.gradients(X, labels)]


def norms_reversed(net, X, labels):
    return [np.linalg.norm(g) for g in net.gradients(X, labels)][::-1]


def norms_max_abs(net, X, labels):
    return [np.max(np.abs(g)) for g in net.gradients(X, labels)]


def norms_all_layers_together(net, X, labels):
    return np.sqrt(sum(np.sum(g**2) for g in net.gradients(X, labels)))


def norms_last_layer_dropped(net, X, labels):
    return [np.linalg.norm(g) for g in net.gradients(X, labels)[:-1]]


@pytest.mark.parametrize("answer", [norms_right, norms_right_linalg])
def test_gradient_norms_model_answers_pass(answer):
    result = checks.check_gradient_norms(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("blank", [norms_blank, ...])
def test_gradient_norms_blank(blank):
    result = checks.check_gradient_norms(blank)
    assert not result.passed and result.blank
    assert "まだ実装されていません" in result.message


@pytest.mark.parametrize(
    "wrong",
    [
        norms_of_weights,
        norms_without_intercept,
        norms_squared,
        norms_reversed,
        norms_max_abs,
        norms_all_layers_together,
        norms_last_layer_dropped,
    ],
)
def test_gradient_norms_wrong_answers_fail(wrong):
    result = checks.check_gradient_norms(wrong)
    assert not result.passed and not result.blank
    assert "‖∂E/∂W_k‖" in result.message


def test_gradient_norms_message_does_not_give_the_answer():
    result = checks.check_gradient_norms(norms_squared)
    assert "期待" in result.message and "np.sqrt(np.sum" not in result.message


# ---------------------------------------------------------------------------
# ‖∂E/∂W_0‖ / ‖∂E/∂W_r‖
# ---------------------------------------------------------------------------


def _engine(depth, activation):
    return Engine(dataset="spirals", hidden_widths=(8,) * depth, activation=activation, seed=0)


def ratio_right(depth, activation):
    norms = _engine(depth, activation).gradient_norms()
    return norms[0] / norms[-1]


def ratio_from_gradients(depth, activation):
    e = _engine(depth, activation)
    grads = e.net.gradients(e.X_train, e.labels_train)
    return np.linalg.norm(grads[0]) / np.linalg.norm(grads[-1])


def ratio_blank(depth, activation):
    # ここにコードを書く
    raise NotImplementedError("演習: 勾配消失")


def ratio_inverted(depth, activation):
    norms = _engine(depth, activation).gradient_norms()
    return norms[-1] / norms[0]


def ratio_second_layer(depth, activation):
    norms = _engine(depth, activation).gradient_norms()
    return norms[1] / norms[-1]


def ratio_after_training(depth, activation):
    e = _engine(depth, activation)
    e.step(20)
    norms = e.gradient_norms()
    return norms[0] / norms[-1]


def ratio_on_test_set(depth, activation):
    e = _engine(depth, activation)
    norms = [np.linalg.norm(g) for g in e.net.gradients(e.X_test, e.labels_test)]
    return norms[0] / norms[-1]


def ratio_of_weights(depth, activation):
    e = _engine(depth, activation)
    return np.linalg.norm(e.net.weights[0]) / np.linalg.norm(e.net.weights[-1])


@pytest.mark.parametrize("answer", [ratio_right, ratio_from_gradients])
def test_vanishing_ratio_model_answers_pass(answer):
    result = checks.check_vanishing_ratio(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("blank", [ratio_blank, ...])
def test_vanishing_ratio_blank(blank):
    result = checks.check_vanishing_ratio(blank)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    "wrong",
    [ratio_inverted, ratio_second_layer, ratio_after_training, ratio_on_test_set, ratio_of_weights],
)
def test_vanishing_ratio_wrong_answers_fail(wrong):
    result = checks.check_vanishing_ratio(wrong)
    assert not result.passed and not result.blank
    assert "‖∂E/∂W_0‖ / ‖∂E/∂W_r‖" in result.message

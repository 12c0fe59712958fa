"""The 「逆伝播を見る」 numbers: one sample's z_k, δ_k and ∂E/∂W_k, layer by layer."""

import numpy as np
import pytest

from lecnn import Network
from lecnn.playground import Engine, backprop


@pytest.mark.parametrize(
    "sizes, hidden, output",
    [
        ([2, 2], "relu", "softmax"),
        ([2, 5, 3], "tanh", "softmax"),
        ([2, 4, 3, 6, 4], "sigmoid", "softmax"),
        ([2, 8, 8, 2], "relu", "softmax"),
        ([1, 6, 6, 1], "tanh", "identity"),
        ([3, 4, 2], ["identity"], "sigmoid"),
    ],
)
def test_trace_equals_network_backward(sizes, hidden, output):
    net = Network(sizes, hidden=hidden, output=output, seed=1)
    rng = np.random.default_rng(2)
    x = rng.normal(size=sizes[0])
    if output == "softmax":
        target = int(rng.integers(sizes[-1]))
    else:
        target = rng.uniform(size=sizes[-1])
    t = backprop.trace(net, x, target)
    bp = net.backward(x, target)
    assert len(t.z) == len(t.u) == len(t.delta) == len(t.grads) == net.r + 1
    for k in range(net.r + 1):
        np.testing.assert_allclose(t.z[k], bp.forward.z[k], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(t.u[k], bp.forward.u[k], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(t.delta[k], bp.delta[k], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(t.grads[k], bp.grads[k], rtol=1e-12, atol=1e-15)
        assert t.grads[k].shape == net.weights[k].shape
    np.testing.assert_allclose(t.y, bp.forward.y, rtol=1e-12)
    assert t.loss == pytest.approx(bp.loss, rel=1e-12)


def test_engine_trace_is_the_chosen_training_sample():
    e = Engine(hidden_widths=(5, 4), seed=0)
    e.step(40)
    t = e.trace(7)
    bp = e.net.backward(e.X_train[7], e.labels_train[7])
    np.testing.assert_array_equal(t.x, e.X_train[7])
    assert int(np.argmax(t.target)) == e.labels_train[7]
    for a, b in zip(t.delta, bp.delta, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
    for a, b in zip(t.grads, bp.grads, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
    # the gradient over the training set is the mean of the samples' δ_k z_kᵀ
    n = len(e.X_train)
    mean = [sum(e.trace(i).grads[k] for i in range(n)) / n for k in range(e.net.r + 1)]
    for a, b in zip(mean, e.net.gradients(e.X_train, e.labels_train), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-14)


@pytest.mark.parametrize("index, error", [(-1, ValueError), (10_000, ValueError), (1.5, TypeError)])
def test_a_bad_sample_index_is_refused(index, error):
    e = Engine(seed=0)
    with pytest.raises(error):
        e.trace(index)


def test_bad_targets_are_refused():
    net = Network([2, 3, 2], seed=0)
    with pytest.raises(ValueError):
        backprop.trace(net, np.zeros(2), 2)
    with pytest.raises(ValueError):
        backprop.trace(net, np.zeros(3), 0)
    with pytest.raises(ValueError):
        backprop.trace(net, np.zeros(2), np.zeros(3))


def test_stages_walk_forward_then_back():
    s = backprop.stages(2)
    assert [(x.direction, x.k) for x in s] == [
        ("forward", 0),
        ("forward", 1),
        ("forward", 2),
        ("forward", 3),
        ("backward", 2),
        ("backward", 1),
        ("backward", 0),
    ]
    assert "δ₂ = f₂(W₂ z₂) − y" in backprop.stage_text(s[4], 2)
    assert "W̃₂ᵀ δ₂ ⊙ ∇f₁" in backprop.stage_text(s[5], 2)
    # the lecture's names: the output is f_r(W_r z_r), y is the target (never the output)
    assert backprop.stage_text(s[3], 2).endswith("出力 f₂(W₂ z₂)")
    assert all("y =" not in backprop.stage_text(stage, 2) for stage in s)

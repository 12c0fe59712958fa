"""lecnn.layers: a stack of layers gives the same E, δ_k and ∂E/∂W_k as Network."""

import itertools
import zlib

import numpy as np
import pytest

import lecnn
from lecnn import layers
from lecnn.activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS
from lecnn.gradcheck import numerical_gradient


def _targets(rng, output, m, n):
    if output == "softmax":
        return rng.integers(m, size=n)
    if output == "sigmoid":
        return rng.integers(2, size=(n, m)).astype(float)
    return rng.normal(size=(n, m))


def _rel(a, b):
    return np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300)


CASES = list(itertools.product(HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS, range(5)))


@pytest.mark.parametrize(("hidden", "output", "r"), CASES)
@pytest.mark.parametrize("batch", [False, True])
def test_stack_matches_network(hidden, output, r, batch):
    rng = np.random.default_rng(zlib.crc32(f"{hidden} {output} {r} {batch}".encode()))
    m = 1 if output == "sigmoid" else 3
    sizes = [4] + [5, 3, 6, 4][:r] + [m]
    net = lecnn.Network(sizes, hidden=hidden, output=output, seed=r)
    stack = layers.from_network(net)
    n = 7 if batch else 1
    X = rng.normal(size=(n, 4))
    Y = _targets(rng, output, m, n)
    x, y = (X, Y) if batch else (X[0], Y[0])

    bp = net.backward(x, y)
    E = stack.loss(x, y)
    grads = stack.backward()
    assert len(grads) == r + 1
    assert abs(E - bp.loss) <= 1e-12 * abs(bp.loss)
    for k in range(r + 1):
        assert grads[k].shape == net.weights[k].shape
        assert _rel(grads[k], bp.grads[k]) <= 1e-12, k
        assert _rel(stack.delta[k], bp.delta[k]) <= 1e-12, k
    assert _rel(stack.forward(x), net.forward(x)) <= 1e-12
    for got, want in zip(stack.gradients(x, y), net.gradients(x, y), strict=True):
        assert _rel(got, want) <= 1e-12


def test_stack_keeps_its_own_copy_of_the_weights():
    net = lecnn.Network([2, 3, 2], seed=0)
    stack = layers.from_network(net)
    stack.affines[0].W[...] = 0
    assert np.any(net.weights[0] != 0)


def test_from_network_lists_the_layers_in_order():
    net = lecnn.Network([2, 3, 4, 1], hidden=["relu", "tanh"], output="sigmoid", seed=0)
    stack = layers.from_network(net)
    kinds = [type(layer) for layer in stack.layers]
    assert kinds == [layers.Affine, layers.ReLU, layers.Affine, layers.Tanh, layers.Affine]
    assert isinstance(stack.loss_layer, layers.SigmoidBinaryCrossEntropy)
    assert "Affine(W: (3, 3)) → ReLU()" in repr(stack)


def test_float32_stack_stays_float32():
    net = lecnn.Network([3, 4, 2], hidden="sigmoid", dtype=np.float32, seed=0)
    stack = layers.from_network(net)
    grads = stack.gradients(np.ones((2, 3)), [0, 1])
    assert all(g.dtype == np.float32 for g in grads)
    for got, want in zip(grads, net.gradients(np.ones((2, 3)), [0, 1]), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5)


# --- each layer's backward against central differences of its forward


@pytest.mark.parametrize("name", HIDDEN_ACTIVATIONS)
def test_activation_backward_is_the_chain_rule(name):
    rng = np.random.default_rng(1)
    u, grad = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    layer = layers.Activation.named(name)
    layer.forward(u)
    got = layer.backward(grad)
    # ∂(Σ grad ⊙ f(u))/∂u
    numeric = numerical_gradient(lambda v: np.sum(grad * layer.forward(v)), u)
    np.testing.assert_allclose(got, numeric, rtol=1e-6, atol=1e-9)


def test_affine_backward_is_the_chain_rule_with_the_batch_mean():
    rng = np.random.default_rng(2)
    W, x, delta = rng.normal(size=(3, 5)), rng.normal(size=(6, 4)), rng.normal(size=(6, 3))
    layer = layers.Affine(W)
    layer.forward(x)
    dx = layer.backward(delta)

    def E_of_W(V):  # the mean over samples of Σ δ ⊙ u, whose ∂/∂u is δ / n
        return np.sum(delta * layers.Affine(V).forward(x)) / len(x)

    np.testing.assert_allclose(layer.dW, numerical_gradient(E_of_W, W), rtol=1e-6)
    # row i of dx is ∂(Σ_j δ_ij u_ij)/∂x_i: per sample, not divided by n
    numeric_x = numerical_gradient(lambda v: np.sum(delta * layers.Affine(W).forward(v)), x)
    np.testing.assert_allclose(dx, numeric_x, rtol=1e-6)
    assert layer.delta is not None and layer.delta.shape == delta.shape


@pytest.mark.parametrize("name", OUTPUT_ACTIVATIONS)
def test_output_loss_backward_is_dE_du(name):
    rng = np.random.default_rng(3)
    m = 1 if name == "sigmoid" else 4
    u = rng.normal(size=m)
    y = _targets(rng, name, m, 1)[0]
    layer = layers.OutputLoss.named(name)
    layer.forward(u, y)
    numeric = numerical_gradient(lambda v: layers.OutputLoss.named(name).forward(v, y), u)
    np.testing.assert_allclose(layer.backward(), numeric, rtol=1e-6, atol=1e-9)


def test_softmax_cross_entropy_is_finite_for_huge_logits():
    layer = layers.SoftmaxCrossEntropy()
    E = layer.forward(np.array([[1000.0, -1000.0, 0.0]]), [1])
    assert np.isfinite(E) and E == pytest.approx(2000.0)
    np.testing.assert_allclose(layer.backward(), [[1.0, -1.0, 0.0]], atol=1e-300)


# --- bad input: the same errors as Network


def _message(call):
    with pytest.raises((ValueError, TypeError)) as info:
        call()
    return type(info.value), str(info.value)


@pytest.mark.parametrize(
    ("x", "y"),
    [
        (np.ones(5), 0),  # wrong width
        (np.ones((2, 3, 4)), 0),  # 3-D
        (np.zeros((0, 4)), []),  # empty batch
        (np.array([1.0, np.nan, 0, 0]), 0),  # NaN
        (np.ones(4), 3),  # label out of range
        (np.ones((2, 4)), [0, 1, 2]),  # too many labels
        (np.ones(4), [0.5, 0.2, 0.2]),  # not one-hot
        (np.ones(4), "a"),  # not numeric
    ],
)
def test_bad_input_gets_the_same_error_as_network(x, y):
    net = lecnn.Network([4, 5, 3], seed=0)
    stack = layers.from_network(net)
    before = [affine.W.copy() for affine in stack.affines]
    assert _message(lambda: stack.loss(x, y)) == _message(lambda: net.loss(x, y))
    for affine, W in zip(stack.affines, before, strict=True):
        np.testing.assert_array_equal(affine.W, W)


def test_bad_names_get_the_same_error_as_network():
    assert _message(lambda: layers.Activation("softmax")) == _message(
        lambda: lecnn.Network([2, 2, 2], hidden="softmax")
    )
    assert _message(lambda: layers.OutputLoss("relu")) == _message(
        lambda: lecnn.Network([2, 2, 2], output="relu")
    )
    assert (
        _message(lambda: layers.SoftmaxCrossEntropy().forward(np.ones(1), [1.0]))[1]
        == (_message(lambda: lecnn.Network([2, 1], output="softmax"))[1])
    )


def test_affine_rejects_bad_weights_and_deltas():
    with pytest.raises(ValueError, match=r"shape \(q_\{k\+1\}, q_k \+ 1\)"):
        layers.Affine(np.ones(3))
    with pytest.raises(ValueError, match="NaN or inf"):
        layers.Affine([[0.0, np.inf]])
    layer = layers.Affine(np.ones((2, 4)))
    with pytest.raises(RuntimeError, match="forward before backward"):
        layer.backward(np.ones(2))
    layer.forward(np.ones((5, 3)))
    with pytest.raises(ValueError, match=r"shape of u_k, \(5, 2\); got \(2,\)"):
        layer.backward(np.ones(2))


def test_sequential_rejects_a_stack_without_affine_or_loss():
    with pytest.raises(ValueError, match="starts with an Affine"):
        layers.Sequential([layers.ReLU()], layers.SoftmaxCrossEntropy())
    with pytest.raises(TypeError, match="loss must be"):
        layers.Sequential([layers.Affine(np.ones((2, 3)))], layers.ReLU())
    with pytest.raises(TypeError, match="layers must be"):
        layers.Sequential(
            [layers.Affine(np.ones((2, 3))), layers.SoftmaxCrossEntropy()],
            layers.SoftmaxCrossEntropy(),
        )

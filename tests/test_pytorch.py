"""lecnn.pytorch: a Network moved to PyTorch computes the same outputs and gradients."""

import numpy as np
import pytest

import lecnn
from lecnn.activations import HIDDEN_ACTIVATIONS

torch = pytest.importorskip("torch")
F = torch.nn.functional


@pytest.mark.parametrize("hidden", HIDDEN_ACTIVATIONS)
def test_same_outputs_and_gradients(hidden):
    net = lecnn.Network([5, 4, 6, 3], hidden=hidden, output="softmax", seed=1)
    model = lecnn.pytorch.to_torch(net)
    rng = np.random.default_rng(0)
    X, labels = rng.normal(size=(9, 5)), rng.integers(3, size=9)
    u_r = model(torch.from_numpy(X))
    np.testing.assert_allclose(
        torch.softmax(u_r, dim=1).detach().numpy(), net.forward(X), rtol=1e-12
    )
    F.cross_entropy(u_r, torch.from_numpy(labels)).backward()
    got = lecnn.pytorch.weights_from_torch(model, grad=True)
    for g, h in zip(got, net.gradients(X, labels), strict=True):
        np.testing.assert_allclose(g, h, rtol=1e-10, atol=1e-14)


def test_weights_round_trip_and_dtype():
    net = lecnn.Network([3, 2, 2], seed=0, dtype=np.float32)
    model = lecnn.pytorch.to_torch(net)
    assert model[0].weight.dtype == torch.float32
    for W, V in zip(lecnn.pytorch.weights_from_torch(model), net.weights, strict=True):
        np.testing.assert_array_equal(W, V)


def test_gradients_before_backward_are_refused():
    model = lecnn.pytorch.to_torch(lecnn.Network([2, 2], seed=0))
    with pytest.raises(ValueError, match="call loss.backward"):
        lecnn.pytorch.weights_from_torch(model, grad=True)

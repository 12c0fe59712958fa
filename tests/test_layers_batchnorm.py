"""lecnn.layers.BatchNorm: forward, backward and running averages as torch.nn.BatchNorm1d."""

import numpy as np
import pytest

import lecnn
from lecnn.gradcheck import numerical_gradient
from lecnn.layers import Affine, BatchNorm, ReLU, Sequential, SoftmaxCrossEntropy

torch = pytest.importorskip("torch")


def _pair(q, rng, momentum=0.1):
    ours = BatchNorm(q, momentum=momentum)
    ours.W[:, 0] = rng.normal(size=q)  # β
    ours.W[:, 1] = rng.uniform(0.5, 2.0, size=q)  # γ
    theirs = torch.nn.BatchNorm1d(q, momentum=momentum).double()
    with torch.no_grad():
        theirs.bias.copy_(torch.from_numpy(ours.beta.copy()))
        theirs.weight.copy_(torch.from_numpy(ours.gamma.copy()))
    return ours, theirs


@pytest.mark.parametrize(("n", "q"), [(2, 1), (5, 3), (16, 7)])
def test_forward_backward_and_running_averages_match_torch(n, q):
    rng = np.random.default_rng(n * 10 + q)
    ours, theirs = _pair(q, rng)
    for _ in range(3):  # training: batch statistics, running averages moving
        x = rng.normal(size=(n, q)) * rng.uniform(0.5, 3, size=q) + rng.normal(size=q)
        g = rng.normal(size=(n, q))
        xt = torch.from_numpy(x).requires_grad_()
        theirs.zero_grad()
        yt = theirs(xt)
        yt.backward(torch.from_numpy(g))
        y = ours.forward(x)
        dx = ours.backward(g)
        np.testing.assert_allclose(y, yt.detach().numpy(), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-10, atol=1e-12)
        # dW is the mean over the rows (as Affine's); torch's .grad is the sum for this g
        np.testing.assert_allclose(n * ours.dW[:, 0], theirs.bias.grad.numpy(), rtol=1e-12)
        np.testing.assert_allclose(n * ours.dW[:, 1], theirs.weight.grad.numpy(), rtol=1e-12)
        np.testing.assert_allclose(ours.running_mean, theirs.running_mean.numpy(), rtol=1e-12)
        np.testing.assert_allclose(ours.running_var, theirs.running_var.numpy(), rtol=1e-12)
    ours.eval()
    theirs.eval()
    x = rng.normal(size=(n, q))
    xt = torch.from_numpy(x).requires_grad_()
    yt = theirs(xt)
    g = rng.normal(size=(n, q))
    yt.backward(torch.from_numpy(g))
    np.testing.assert_allclose(ours.forward(x), yt.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ours.backward(g), xt.grad.numpy(), rtol=1e-12, atol=1e-12)


def test_backward_matches_central_differences_through_mean_and_variance():
    rng = np.random.default_rng(3)
    layer, _ = _pair(4, rng)
    x, c = rng.normal(size=(5, 4)) * 2 + 1, rng.normal(size=(5, 4))
    layer.forward(x)
    grad = layer.backward(c)

    def energy(v):  # E = Σ c ⊙ y with the batch's own μ and σ²
        return np.sum(c * BatchNorm.forward(_copy(layer), v))

    np.testing.assert_allclose(grad, numerical_gradient(energy, x), rtol=1e-6, atol=1e-8)
    # a sample that only shifts every row by the same amount changes nothing: Σ_i ∂E/∂x_i = 0
    np.testing.assert_allclose(grad.sum(axis=0), 0, atol=1e-12)


def _copy(layer):
    other = BatchNorm(layer.q, eps=layer.eps)
    other.W[...] = layer.W
    return other


def test_evaluation_uses_the_running_averages_one_sample_at_a_time():
    layer = BatchNorm(3)
    layer.running_mean[...] = [1.0, -2.0, 0.5]
    layer.running_var[...] = [4.0, 0.25, 1.0]
    layer.eval()
    x = np.array([[3.0, -1.0, 0.5]])
    expected = (x - layer.running_mean) / np.sqrt(layer.running_var + layer.eps)
    np.testing.assert_allclose(layer.forward(x), expected, rtol=1e-12)
    np.testing.assert_allclose(layer.forward(np.vstack([x, 9 * x]))[0], expected[0], rtol=1e-12)


def test_bad_input_gets_a_clear_error_and_leaves_the_running_averages():
    layer = BatchNorm(3)
    with pytest.raises(ValueError, match="形 \\(n, 3\\)"):
        layer.forward(np.ones((1, 3)))  # one sample has no variance in training
    with pytest.raises(ValueError, match="形 \\(n, 3\\)"):
        layer.forward(np.ones((4, 2)))
    np.testing.assert_array_equal(layer.running_mean, 0)
    np.testing.assert_array_equal(layer.running_var, 1)
    with pytest.raises(RuntimeError):
        BatchNorm(2).backward(np.ones((3, 2)))
    with pytest.raises(ValueError):
        BatchNorm(2, momentum=1.5)


def test_a_stack_with_batch_norm_trains_gamma_and_beta_like_torch():
    """One SGD step on a stack with BatchNorm, against the same model in torch (E the batch mean)."""
    rng = np.random.default_rng(5)
    W0, W1 = lecnn.Network([4, 6, 3], seed=0).weights
    bn = BatchNorm(6)
    stack = Sequential([Affine(W0), bn, ReLU(), Affine(W1)], SoftmaxCrossEntropy())
    model = torch.nn.Sequential(
        torch.nn.Linear(4, 6), torch.nn.BatchNorm1d(6), torch.nn.ReLU(), torch.nn.Linear(6, 3)
    ).double()
    with torch.no_grad():
        for lin, W in ((model[0], W0), (model[3], W1)):
            lin.bias.copy_(torch.from_numpy(W[:, 0]))
            lin.weight.copy_(torch.from_numpy(W[:, 1:]))
    X, y = rng.normal(size=(8, 4)), rng.integers(3, size=8)
    lecnn.train(stack, X, y, eta=0.5, epochs=1, batch_size=8, seed=0)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    loss = torch.nn.functional.cross_entropy(model(torch.from_numpy(X)), torch.from_numpy(y))
    loss.backward()
    opt.step()
    np.testing.assert_allclose(bn.gamma, model[1].weight.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(bn.beta, model[1].bias.detach().numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(
        stack.weights[0][:, 1:], model[0].weight.detach().numpy(), rtol=1e-12
    )
    assert not np.allclose(bn.gamma, 1)  # γ was trained

"""lecnn.optim: every rule equals torch.optim's for the same hyperparameters, and bad ones
are refused.

The oracle is PyTorch (float64): from the same weights, the same gradients go into both,
50 steps, and the weights must agree to 1e-10 relative. Weight decay in lecnn leaves the
intercept column alone, so on the PyTorch side it is given to the Linear weights (W̃_k)
only, the biases sitting in a parameter group with weight_decay=0.
"""

import numpy as np
import pytest

import lecnn
from lecnn import optim

torch = pytest.importorskip("torch", reason="PyTorch is not installed (the torch extra)")

RULES = [
    ("SGD", {"eta": 0.1}, "SGD", {"lr": 0.1}),
    ("SGD", {"eta": 0.05, "momentum": 0.9}, "SGD", {"lr": 0.05, "momentum": 0.9}),
    (
        "SGD",
        {"eta": 0.05, "momentum": 0.8, "dampening": 0.3},
        "SGD",
        {"lr": 0.05, "momentum": 0.8, "dampening": 0.3},
    ),
    (
        "SGD",
        {"eta": 0.05, "momentum": 0.9, "nesterov": True},
        "SGD",
        {"lr": 0.05, "momentum": 0.9, "nesterov": True},
    ),
    ("AdaGrad", {"eta": 0.1, "eps": 1e-10}, "Adagrad", {"lr": 0.1, "eps": 1e-10}),
    (
        "RMSProp",
        {"eta": 0.01, "alpha": 0.9, "eps": 1e-8},
        "RMSprop",
        {"lr": 0.01, "alpha": 0.9, "eps": 1e-8},
    ),
    (
        "Adam",
        {"eta": 0.01, "beta1": 0.8, "beta2": 0.99, "eps": 1e-8},
        "Adam",
        {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-8},
    ),
    ("Adam", {}, "Adam", {}),  # the defaults agree too
]


def _relative(a, b):
    return np.linalg.norm(a - b) / np.linalg.norm(b)


@pytest.mark.parametrize("weight_decay", [0.0, 0.05])
@pytest.mark.parametrize("ours, kwargs, theirs, torch_kwargs", RULES)
def test_fifty_steps_equal_torch_optim(ours, kwargs, theirs, torch_kwargs, weight_decay):
    rng = np.random.default_rng(0)
    X, labels = lecnn.data.spirals(n=200, noise=0.1, seed=0, classes=3)
    net = lecnn.Network([2, 16, 16, 3], hidden="tanh", seed=1)
    model = lecnn.pytorch.to_torch(net)
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    groups = [
        {"params": [lin.weight for lin in linears], "weight_decay": weight_decay},
        {"params": [lin.bias for lin in linears], "weight_decay": 0.0},
    ]
    reference = getattr(torch.optim, theirs)(groups, **torch_kwargs)
    opt = getattr(optim, ours)(**kwargs, weight_decay=weight_decay)
    for _ in range(50):
        idx = rng.choice(len(X), size=16, replace=False)
        grads = net.gradients(X[idx], labels[idx])
        for lin, G in zip(linears, grads, strict=True):  # the same ∂E/∂W_k into both
            lin.weight.grad = torch.from_numpy(G[:, 1:].copy())
            lin.bias.grad = torch.from_numpy(G[:, 0].copy())
        opt.update(net, grads)
        reference.step()
    for W, V in zip(net.weights, lecnn.pytorch.weights_from_torch(model), strict=True):
        assert _relative(W, V) < 1e-10
    assert opt.t == 50
    start = lecnn.Network([2, 16, 16, 3], hidden="tanh", seed=1).weights
    assert all(_relative(W, V) > 1e-3 for W, V in zip(net.weights, start, strict=True))


def test_weight_decay_leaves_the_intercept_column_alone():
    net = lecnn.Network([3, 4, 2], seed=0)
    before = [W.copy() for W in net.weights]
    zero = [np.zeros_like(W) for W in net.weights]
    optim.SGD(eta=0.1, weight_decay=0.5).update(net, zero)
    for W, V in zip(net.weights, before, strict=True):
        np.testing.assert_array_equal(W[:, 0], V[:, 0])  # intercepts: no gradient, no decay
        np.testing.assert_allclose(W[:, 1:], V[:, 1:] * (1 - 0.1 * 0.5), rtol=1e-15)


def _zero_some_weights(net):
    """Put a few entries of every W̃_k at exactly 0, where |w| has no derivative.

    The intercepts, 0 after initialisation, get nonzero values: a penalty on them would show.
    """
    for W in net.weights:
        W[::2, 1::3] = 0.0
        W[:, 0] = np.linspace(-0.3, 0.4, len(W))
    return net


def test_l1_gradient_and_one_sgd_step_equal_torch_autograd_of_the_penalised_error():
    """G_k + λ₁ (0 | sign W̃_k) is the gradient of E + λ₁ Σ_k ‖W̃_k‖₁ (sign(0) = 0, as autograd's)."""
    lam, eta = 0.03, 0.1
    X, labels = lecnn.data.spirals(n=20, noise=0.1, seed=0, classes=3)
    net = _zero_some_weights(lecnn.Network([2, 5, 4, 3], hidden="tanh", seed=2))
    assert any((W[:, 1:] == 0).any() for W in net.weights)
    model = lecnn.pytorch.to_torch(net)
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    error = torch.nn.functional.cross_entropy(model(torch.from_numpy(X)), torch.from_numpy(labels))
    (error + lam * sum(lin.weight.abs().sum() for lin in linears)).backward()
    expected = lecnn.pytorch.weights_from_torch(model, grad=True)
    before = [W.copy() for W in net.weights]
    optim.SGD(eta=eta, l1=lam).update(net, net.gradients(X, labels))
    for W, V, G in zip(net.weights, before, expected, strict=True):
        np.testing.assert_allclose((V - W) / eta, G, rtol=1e-10, atol=1e-14)  # the gradient
        np.testing.assert_allclose(W, V - eta * G, rtol=1e-12, atol=1e-15)  # one SGD step


def test_l1_with_adam_equals_torch_adam_on_autograd_gradients():
    """Any rule takes the penalised gradient: 20 Adam steps equal torch.optim.Adam's."""
    lam = 0.01
    rng = np.random.default_rng(1)
    X, labels = lecnn.data.spirals(n=100, noise=0.1, seed=0)
    net = lecnn.Network([2, 8, 2], hidden="relu", seed=3)
    model = lecnn.pytorch.to_torch(net)
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    reference = torch.optim.Adam(model.parameters(), lr=0.01)
    opt = optim.Adam(eta=0.01, l1=lam)
    for _ in range(20):
        idx = rng.choice(len(X), size=10, replace=False)
        opt.update(net, net.gradients(X[idx], labels[idx]))
        reference.zero_grad()
        u_r = model(torch.from_numpy(X[idx]))
        error = torch.nn.functional.cross_entropy(u_r, torch.from_numpy(labels[idx]))
        (error + lam * sum(lin.weight.abs().sum() for lin in linears)).backward()
        reference.step()
    for W, V in zip(net.weights, lecnn.pytorch.weights_from_torch(model), strict=True):
        assert _relative(W, V) < 1e-10


def test_l1_leaves_the_intercepts_and_zero_weights_alone_and_pulls_the_rest_by_eta_lambda():
    net = _zero_some_weights(lecnn.Network([3, 4, 2], seed=0))
    before = [W.copy() for W in net.weights]
    zero = [np.zeros_like(W) for W in net.weights]
    optim.SGD(eta=0.1, l1=0.5).update(net, zero)
    for W, V in zip(net.weights, before, strict=True):
        np.testing.assert_array_equal(W[:, 0], V[:, 0])  # intercepts: no penalty
        np.testing.assert_allclose(W[:, 1:], V[:, 1:] - 0.1 * 0.5 * np.sign(V[:, 1:]), rtol=1e-15)
        assert (W[:, 1:][V[:, 1:] == 0] == 0).all()  # sign(0) = 0: a zero weight stays 0


def test_adam_first_step_is_eta_times_the_sign_thanks_to_the_bias_correction():
    """At t = 1, M̂ = G and Ŝ = G², so the step is η G / (|G| + ε) ≈ η sign(G)."""
    net = lecnn.Network([2, 3, 2], seed=0)
    before = [W.copy() for W in net.weights]
    grads = net.gradients([[0.3, -0.7]], [1])
    optim.Adam(eta=0.01, eps=1e-12).update(net, grads)
    for W, V, G in zip(net.weights, before, grads, strict=True):
        moved = np.abs(G) > 1e-8
        np.testing.assert_allclose((V - W)[moved], 0.01 * np.sign(G[moved]), rtol=1e-6)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("batch_size", [1, 5])
def test_train_with_an_optimizer_equals_its_updates_over_the_batches(optimizer, batch_size):
    """The fast path gives the rule the same gradients as net.gradients: equal bit for bit."""
    make = {
        "sgd": lambda: optim.SGD(eta=0.05),
        "momentum": lambda: optim.SGD(eta=0.05, momentum=0.9, nesterov=True),
        "adam": lambda: optim.Adam(eta=0.01, weight_decay=1e-3),
    }[optimizer]
    X, labels = lecnn.data.spirals(n=30, seed=0)
    net = lecnn.Network([2, 8, 8, 2], seed=0)
    twin = net.copy()
    lecnn.train(net, X, labels, epochs=2, batch_size=batch_size, seed=5, optimizer=make())
    opt, rng = make(), np.random.default_rng(5)
    for _ in range(2):
        for idx in lecnn.training.batches(len(X), batch_size, rng):
            x, t = (X[idx[0]], labels[idx[0]]) if batch_size == 1 else (X[idx], labels[idx])
            opt.update(twin, twin.gradients(x, t))
    for a, b in zip(net.weights, twin.weights, strict=True):
        np.testing.assert_array_equal(a, b)


def test_plain_sgd_optimizer_equals_the_default_train():
    X, labels = lecnn.data.spirals(n=40, seed=0)
    net = lecnn.Network([2, 8, 2], seed=0)
    twin = net.copy()
    a = lecnn.train(net, X, labels, eta=0.1, epochs=2, seed=1)
    b = lecnn.train(twin, X, labels, epochs=2, seed=1, optimizer=optim.SGD(eta=0.1))
    assert a.train_loss == b.train_loss
    for W, V in zip(net.weights, twin.weights, strict=True):
        np.testing.assert_array_equal(W, V)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: optim.SGD(eta=-0.1), "eta"),
        (lambda: optim.Adam(eta=0), "eta"),
        (lambda: optim.Adam(beta1=1.0), r"0 以上 1 未満.*beta1 must be in \[0, 1\)"),
        (lambda: optim.Adam(beta2=-0.1), "beta2"),
        (lambda: optim.RMSProp(alpha=1.5), "alpha"),
        (lambda: optim.Adam(eps=0), "eps"),
        (lambda: optim.AdaGrad(eps=-1e-8), "eps"),
        (lambda: optim.SGD(eta=0.1, weight_decay=-1e-4), "weight_decay"),
        (lambda: optim.Adam(l1=-0.01), r"L1 正則化の強さ λ₁ \(l1\) は 0 以上.*l1 must be"),
        (lambda: optim.SGD(eta=0.1, l1=float("nan")), "l1"),
        (lambda: optim.SGD(eta=0.1, momentum=1.0), "momentum"),
        (lambda: optim.SGD(eta=0.1, nesterov=True), "nesterov needs momentum"),
    ],
)
def test_bad_hyperparameters_are_refused(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_a_non_number_hyperparameter_is_a_type_error():
    with pytest.raises(TypeError, match="beta1"):
        optim.Adam(beta1="0.9")
    with pytest.raises(TypeError, match="l1"):
        optim.RMSProp(l1="0.01")


def test_a_step_that_overflows_leaves_the_weights_and_train_restores_and_resets():
    net = lecnn.Network([2, 3, 2], seed=0)
    before = [W.copy() for W in net.weights]
    huge = [np.full_like(W, 1e300) for W in net.weights]
    opt = optim.SGD(eta=1e10)
    with pytest.raises(lecnn.DivergenceError):
        opt.update(net, huge)
    for W, V in zip(net.weights, before, strict=True):
        np.testing.assert_array_equal(W, V)
    X, labels = lecnn.data.spirals(n=50, seed=0)
    adam = optim.Adam(eta=1e6)
    with pytest.raises(lecnn.DivergenceError, match="restored"):
        lecnn.train(net, X, labels, epochs=20, optimizer=adam)
    assert adam.t == 0 and adam.state == {}
    for W, V in zip(net.weights, before, strict=True):
        np.testing.assert_array_equal(W, V)


def test_wrong_shapes_are_refused():
    opt = optim.Adam()
    net = lecnn.Network([2, 3, 2], seed=0)
    opt.update(net, net.gradients([0.1, 0.2], 1))
    with pytest.raises(ValueError, match="reset"):
        opt.update(lecnn.Network([2, 4, 2]), [np.zeros((4, 3)), np.zeros((2, 5))])
    with pytest.raises(ValueError, match="a list of 2 arrays, one per W_k; got 1"):
        opt.update(net, [np.zeros((3, 3))])


def test_eta_and_optimizer_together_are_refused():
    net = lecnn.Network([2, 3, 2], seed=0)
    X, labels = lecnn.data.spirals(n=10, seed=0)
    with pytest.raises(ValueError, match="optimizer"):
        lecnn.train(net, X, labels, eta=0.1, optimizer=optim.Adam())

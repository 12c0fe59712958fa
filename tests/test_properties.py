"""Property tests over random architectures and inputs (hypothesis)."""

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import lecnn
from lecnn.activations import HIDDEN_ACTIVATIONS

architectures = st.fixed_dictionaries(
    {
        "sizes": st.lists(st.integers(1, 6), min_size=2, max_size=6),
        "hidden": st.sampled_from(HIDDEN_ACTIVATIONS),
        "output": st.sampled_from(["softmax", "identity", "sigmoid"]),
        "seed": st.integers(0, 2**16),
        "n": st.integers(1, 5),
    }
)


def _build(spec):
    sizes = list(spec["sizes"])
    if spec["output"] == "softmax":
        sizes[-1] = max(sizes[-1], 2)
    if spec["output"] == "sigmoid":
        sizes[-1] = 1
    net = lecnn.Network(sizes, hidden=spec["hidden"], output=spec["output"], seed=spec["seed"])
    rng = np.random.default_rng(spec["seed"])
    X = rng.normal(size=(spec["n"], sizes[0]))
    m = sizes[-1]
    if spec["output"] == "softmax":
        Y = np.eye(m)[rng.integers(0, m, spec["n"])]
    elif spec["output"] == "sigmoid":
        Y = rng.integers(0, 2, (spec["n"], 1)).astype(float)
    else:
        Y = rng.normal(size=(spec["n"], m))
    return net, X, Y


@settings(deadline=None)
@given(architectures)
def test_backprop_matches_central_differences(spec):
    net, X, Y = _build(spec)
    if net.hidden and net.hidden[0] == "relu":
        # at u = 0 ReLU has a kink: a central difference straddling it is not a derivative
        assume(all(np.min(np.abs(u)) > 1e-4 for u in net.forward_pass(X).u[:-1]))
    report = lecnn.gradient_check(net, X, Y)
    assert report.ok, str(report)


@settings(deadline=None)
@given(architectures)
def test_batch_equals_stacked_samples(spec):
    net, X, Y = _build(spec)
    batch = net.forward(X)
    np.testing.assert_allclose(batch, np.stack([net.forward(x) for x in X]), rtol=1e-12, atol=1e-14)
    assert batch.shape == (len(X), net.m)
    if net.output == "softmax":
        np.testing.assert_allclose(batch.sum(axis=1), 1.0)
    assert net.loss(X, Y) >= 0


@settings(deadline=None)
@given(architectures, st.floats(1e-3, 1.0))
def test_fast_step_equals_gradient_update(spec, eta):
    net, X, Y = _build(spec)
    twin = net.copy()
    for W, g in zip(twin.weights, twin.gradients(X, Y), strict=True):
        W -= eta * g
    net.step(X, Y, eta)
    for a, b in zip(net.weights, twin.weights, strict=True):
        np.testing.assert_array_equal(a, b)


@settings(deadline=None)
@given(architectures)
def test_a_small_step_along_minus_gradient_lowers_the_loss(spec):
    net, X, Y = _build(spec)
    grads = net.gradients(X, Y)
    size = sum(float(np.sum(g * g)) for g in grads)
    if size < 1e-10:
        return  # at a stationary point there is nothing to descend
    before = net.loss(X, Y)
    eta = 1e-4 / max(1.0, size)
    net.step(X, Y, eta)
    assert net.loss(X, Y) <= before


@settings(deadline=None)
@given(architectures)
def test_save_load_round_trip(tmp_path_factory, spec):
    net, _, _ = _build(spec)
    path = tmp_path_factory.mktemp("nets") / "net.npz"
    lecnn.save(net, path)
    back = lecnn.load(path)
    for a, b in zip(net.weights, back.weights, strict=True):
        np.testing.assert_array_equal(a, b)

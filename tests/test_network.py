"""The network's forward and backward pass, on hand-worked numbers and against each other."""

import itertools

import numpy as np
import pytest

import lecnn
from lecnn.activations import HIDDEN_ACTIVATIONS


def _targets(output, m, n, rng):
    """Targets for a batch of n (n=None: one sample)."""
    shape = () if n is None else (n,)
    if output == "softmax":
        return rng.integers(0, m, size=shape)
    if output == "sigmoid":
        return rng.integers(0, 2, size=shape + (m,)).astype(float)
    return rng.normal(size=shape + (m,))


def test_hand_worked_regression_example():
    """d = 2, one ReLU layer of 2 units, identity output m = 1; every number by hand.

    x = (1, 2): z_0 = (1, 1, 2)
    W_0 = [[0.5, 1, -1], [-1, 2, 1]]  ->  u_0 = (0.5 + 1 - 2, -1 + 2 + 2) = (-0.5, 3)
    z_1 = (1, relu(-0.5), relu(3)) = (1, 0, 3)
    W_1 = [[1, 2, -1]]  ->  u_1 = 1 + 0 - 3 = -2 = y_hat
    y = 1: E = ½ (1 - (-2))² = 4.5
    δ_1 = y_hat - y = -3;  ∂E/∂W_1 = δ_1 z_1ᵀ = (-3, 0, -9)
    δ_0 = W̃_1ᵀ δ_1 ⊙ ∇relu(u_0) = (2, -1)·(-3) ⊙ (0, 1) = (0, 3)
    ∂E/∂W_0 = δ_0 z_0ᵀ = [[0, 0, 0], [3, 3, 6]]
    """
    net = lecnn.Network([2, 2, 1], hidden="relu", output="identity")
    net.weights = [np.array([[0.5, 1, -1], [-1, 2, 1]]), np.array([[1.0, 2, -1]])]
    x, y = np.array([1.0, 2.0]), np.array([1.0])
    bp = net.backward(x, y)
    np.testing.assert_array_equal(bp.forward.z[0], [1, 1, 2])
    np.testing.assert_array_equal(bp.forward.u[0], [-0.5, 3])
    np.testing.assert_array_equal(bp.forward.z[1], [1, 0, 3])
    np.testing.assert_array_equal(bp.forward.y, [-2])
    assert bp.loss == 4.5 == net.loss(x, y)
    np.testing.assert_array_equal(bp.delta[1], [-3])
    np.testing.assert_array_equal(bp.delta[0], [0, 3])
    np.testing.assert_array_equal(bp.grads[1], [[-3, 0, -9]])
    np.testing.assert_array_equal(bp.grads[0], [[0, 0, 0], [3, 3, 6]])
    assert net.step(x, y, eta=0.5) == 4.5
    np.testing.assert_array_equal(net.weights[1], [[2.5, 2, 3.5]])
    np.testing.assert_array_equal(net.weights[0], [[0.5, 1, -1], [-2.5, 0.5, -2]])


def test_hand_worked_softmax_example():
    """u_1 = (0, ln 3) gives f_r = (1/4, 3/4); label 0: E = ln 4, δ_1 = (-3/4, 3/4)."""
    net = lecnn.Network([1, 2], output="softmax")
    net.weights = [np.array([[0.0, 0.0], [np.log(3), 0.0]])]
    x = np.array([5.0])
    np.testing.assert_allclose(net.forward(x), [0.25, 0.75])
    assert net.loss(x, 0) == pytest.approx(np.log(4))
    bp = net.backward(x, 0)
    np.testing.assert_allclose(bp.delta[0], [-0.75, 0.75])
    np.testing.assert_allclose(bp.grads[0], [[-0.75, -3.75], [0.75, 3.75]])


def test_shapes_follow_the_notation():
    net = lecnn.Network([4, 7, 5, 3], seed=1)
    assert [W.shape for W in net.weights] == [(7, 5), (5, 8), (3, 6)]
    assert net.r == 2 and net.d == 4 and net.m == 3
    assert net.n_params == 7 * 5 + 5 * 8 + 3 * 6 == lecnn.n_params([4, 7, 5, 3])
    fp = net.forward_pass(np.ones((6, 4)))
    assert [z.shape for z in fp.z] == [(6, 5), (6, 8), (6, 6)]
    assert [u.shape for u in fp.u] == [(6, 7), (6, 5), (6, 3)]
    assert all(np.all(z[:, 0] == 1) for z in fp.z)  # z_k carries the leading 1
    bp = net.backward(np.ones(4), 2)
    assert [d.shape for d in bp.delta] == [(7,), (5,), (3,)]
    assert [g.shape for g in bp.grads] == [W.shape for W in net.weights]
    assert net.forward(np.ones(4)).shape == (3,)


def test_intercepts_start_at_zero_and_init_scales():
    wide = lecnn.Network([400, 300, 200], hidden="relu", init="he", seed=0)
    assert np.all(wide.weights[0][:, 0] == 0)
    assert np.std(wide.weights[0][:, 1:]) == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    xav = lecnn.Network([400, 300, 200], hidden="tanh", seed=0)  # auto: Xavier for tanh
    assert np.std(xav.weights[0][:, 1:]) == pytest.approx(np.sqrt(2 / 700), rel=0.02)
    small = lecnn.Network([400, 300, 200], init=0.01, seed=0)
    assert np.std(small.weights[0][:, 1:]) == pytest.approx(0.01, rel=0.02)


def test_seed_fixes_the_weights():
    a, b, c = (lecnn.Network([3, 4, 2], seed=s) for s in (5, 5, 6))
    assert all(np.array_equal(x, y) for x, y in zip(a.weights, b.weights, strict=True))
    assert not np.array_equal(a.weights[0], c.weights[0])


def test_per_layer_activations():
    net = lecnn.Network([2, 3, 3, 2], hidden=["tanh", "sigmoid"], seed=0)
    assert net.hidden == ("tanh", "sigmoid")
    fp = net.forward_pass(np.array([0.3, -0.2]))
    np.testing.assert_allclose(fp.z[1][1:], np.tanh(fp.u[0]))
    np.testing.assert_allclose(fp.z[2][1:], 1 / (1 + np.exp(-fp.u[1])))


@pytest.mark.parametrize("depth", [0, 1, 2, 3, 4])
@pytest.mark.parametrize(
    ("hidden", "output"),
    list(itertools.product(HIDDEN_ACTIVATIONS, ["softmax", "identity", "sigmoid"])),
)
def test_gradients_match_central_differences(hidden, output, depth):
    rng = np.random.default_rng(depth)
    m = 1 if output == "sigmoid" else 3
    net = lecnn.Network([3] + [4] * depth + [m], hidden=hidden, output=output, seed=depth)
    X = rng.normal(size=(5, 3))
    report = lecnn.gradient_check(net, X, _targets(output, m, 5, rng))
    assert max(report.errors) < 1e-6, str(report)
    assert report.ok


def test_gradient_check_catches_a_wrong_gradient(monkeypatch):
    net = lecnn.Network([3, 4, 2], hidden="sigmoid", seed=0)
    x = np.array([0.1, 0.2, -0.3])
    assert lecnn.gradient_check(net, x, 1).ok
    # drop ∇f from the recursion: the check must now fail for W_0
    monkeypatch.setitem(lecnn.DERIVATIVES, "sigmoid", lambda u: np.ones_like(u))
    report = lecnn.gradient_check(net, x, 1)
    assert not report.ok and report.errors[0] > 1e-2 and report.errors[1] < 1e-6
    lines = str(report).splitlines()
    assert "✘" in next(line for line in lines if "W_0" in line)
    assert "< 1e-05 ✔" in next(line for line in lines if "W_1" in line)


@pytest.mark.parametrize("output", ["softmax", "identity", "sigmoid"])
def test_batch_gradient_is_mean_of_sample_gradients(output):
    rng = np.random.default_rng(2)
    m = 1 if output == "sigmoid" else 3
    net = lecnn.Network([4, 5, 5, m], hidden="tanh", output=output, seed=3)
    X, Y = rng.normal(size=(6, 4)), _targets(output, m, 6, rng)
    batch = net.gradients(X, Y)
    samples = [net.gradients(X[i], Y[i]) for i in range(6)]
    for k in range(net.r + 1):
        np.testing.assert_allclose(batch[k], np.mean([s[k] for s in samples], axis=0), atol=1e-14)
    assert net.loss(X, Y) == pytest.approx(np.mean([net.loss(X[i], Y[i]) for i in range(6)]))


@pytest.mark.parametrize("hidden", HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize("output", ["softmax", "identity", "sigmoid"])
@pytest.mark.parametrize("n", [None, 1, 7])
def test_fast_step_equals_step_by_step_update(hidden, output, n):
    """step() (buffers, in place) and W_k - eta * gradients() agree bit for bit."""
    rng = np.random.default_rng(4)
    m = 1 if output == "sigmoid" else 3
    net = lecnn.Network([4, 6, 5, m], hidden=hidden, output=output, seed=1)
    twin = net.copy()
    for _ in range(3):
        X = rng.normal(size=(4,) if n is None else (n, 4))
        Y = _targets(output, m, n, rng)
        expected_loss = twin.loss(X, Y)
        for W, g in zip(twin.weights, twin.gradients(X, Y), strict=True):
            W -= 0.1 * g
        assert net.step(X, Y, 0.1) == pytest.approx(expected_loss, rel=1e-12)
    for a, b in zip(net.weights, twin.weights, strict=True):
        np.testing.assert_array_equal(a, b)


def test_softmax_targets_as_labels_or_one_hot_agree():
    net = lecnn.Network([3, 4, 3], seed=0)
    X = np.random.default_rng(0).normal(size=(4, 3))
    labels = np.array([0, 2, 1, 2])
    one_hot = np.eye(3)[labels]
    assert net.loss(X, labels) == net.loss(X, one_hot)
    for a, b in zip(net.gradients(X, labels), net.gradients(X, one_hot), strict=True):
        np.testing.assert_array_equal(a, b)
    twin = net.copy()
    assert net.step(X, labels, 0.1) == pytest.approx(twin.step(X, one_hot, 0.1))
    np.testing.assert_array_equal(net.weights[0], twin.weights[0])


def test_huge_logits_stay_finite():
    net = lecnn.Network([2, 3], output="softmax")
    net.weights = [np.array([[1000.0, 0, 0], [-1000.0, 0, 0], [0.0, 0, 0]])]
    x = np.array([0.5, 0.5])
    assert np.all(np.isfinite(net.forward(x)))
    assert net.loss(x, 1) == pytest.approx(2000.0)
    assert all(np.all(np.isfinite(g)) for g in net.gradients(x, 1))
    assert np.isfinite(net.step(x, 1, 0.01))
    sig = lecnn.Network([2, 1], output="sigmoid")
    sig.weights = [np.array([[-1000.0, 0, 0]])]
    assert sig.loss(x, 1) == pytest.approx(1000.0)


def test_float32_on_request():
    net = lecnn.Network([3, 4, 2], dtype=np.float32, seed=0)
    assert all(W.dtype == np.float32 for W in net.weights)
    x = np.array([0.1, 0.2, 0.3])
    assert net.forward(x).dtype == np.float32
    net.step(x, 1, 0.1)
    assert all(W.dtype == np.float32 for W in net.weights)
    assert all(g.dtype == np.float32 for g in net.gradients(x, 1))
    assert lecnn.gradient_check(net, x, 1).ok  # checked in float64


def test_float32_and_float64_agree_to_float32_precision():
    net64 = lecnn.Network([5, 8, 8, 3], hidden="tanh", seed=0)
    net32 = lecnn.Network([5, 8, 8, 3], hidden="tanh", seed=0, dtype=np.float32)
    X = np.random.default_rng(0).normal(size=(10, 5))
    np.testing.assert_allclose(net32.forward(X), net64.forward(X), rtol=1e-5, atol=1e-6)


def test_predict_and_evaluate():
    net = lecnn.Network([2, 2], output="softmax")
    net.weights = [np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])]  # class = larger coordinate
    X = np.array([[2.0, 1.0], [0.0, 3.0], [1.0, 0.5]])
    np.testing.assert_array_equal(net.predict(X), [0, 1, 0])
    loss, accuracy = net.evaluate(X, [0, 1, 1])
    assert accuracy == pytest.approx(2 / 3)
    assert loss == pytest.approx(net.loss(X, [0, 1, 1]))
    reg = lecnn.Network([2, 1], output="identity")
    assert reg.evaluate(X, np.zeros(3))[1] is None


def test_copy_is_independent():
    net = lecnn.Network([2, 3, 2], seed=0)
    twin = net.copy()
    twin.step(np.array([1.0, 1.0]), 0, 1.0)
    assert not np.array_equal(net.weights[1], twin.weights[1])
    assert repr(net) == "Network(sizes=[2, 3, 2], hidden=['relu'], output='softmax', dtype=float64)"


def test_numerical_gradient_of_a_function_and_a_jacobian():
    v = np.array([[1.0, -2.0], [0.5, 3.0]])
    G = lecnn.numerical_gradient(lambda w: float(np.sum(w**3)), v)
    np.testing.assert_allclose(G, 3 * v**2, rtol=1e-8)
    J = lecnn.numerical_gradient(lambda w: np.array([w[0] * w[1], w[1] ** 2]), np.array([2.0, 3.0]))
    np.testing.assert_allclose(J, [[3.0, 2.0], [0.0, 6.0]], atol=1e-8)
    np.testing.assert_array_equal(v, [[1.0, -2.0], [0.5, 3.0]])  # the point is not changed


def test_verdict_prints_the_tolerance_when_the_error_is_below_it():
    assert lecnn.verdict(3.4e-11, 1e-5) == "< 1e-05 ✔" == lecnn.verdict(0.0, 1e-5)
    assert lecnn.verdict(2e-13, 2.5e-12) == "< 2.5e-12 ✔"


def test_verdict_prints_the_error_when_it_is_not_below_the_tolerance():
    assert lecnn.verdict(3.24e-3, 1e-5) == "3.2e-03 ✘ (許容 < 1e-05)"
    assert lecnn.verdict(1e-5, 1e-5) == "1.0e-05 ✘ (許容 < 1e-05)"
    assert lecnn.verdict(float("nan"), 1e-5) == "nan ✘ (許容 < 1e-05)"


@pytest.mark.parametrize(("err", "tol"), [(-1e-9, 1e-5), (1e-9, 0.0), (1e-9, float("nan"))])
def test_verdict_rejects_a_negative_error_or_a_tolerance_that_is_not_positive(err, tol):
    with pytest.raises(ValueError, match="err|tol"):
        lecnn.verdict(err, tol)


def test_gradient_check_report_reads_the_same_for_errors_below_the_tolerance():
    def report(errors):
        return str(lecnn.GradientCheck(errors, [1.0, 1.0], [(2, 3), (1, 3)], eps=1e-6, tol=1e-5))

    assert report([3.1e-9, 4.2e-11]) == report([6.0e-8, 1.0e-10])
    assert report([3.1e-9, 4.2e-11]) != report([3.1e-9, 2.0e-5])


def test_gradient_check_report_names_the_absolute_tolerance_when_a_layer_passes_by_it():
    text = str(lecnn.GradientCheck([0.5], [1e-10], [(2, 3)], eps=1e-6, tol=1e-5, atol=1e-8))
    assert "最大絶対差 < 1e-08 ✔" in text

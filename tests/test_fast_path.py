"""The training hot path (``net.fast_step``, a FastStep) against the step-by-step path.

``train`` and ``step`` go through ``net.fast_step.step``, which reuses buffers, writes δ_r and E
without allocating, and updates W_k in place. Each test here computes the same thing the
slow, readable way (``gradients``, ``forward_pass``, the loss functions) and demands the
same numbers: bit for bit for weights and δ, to rounding for sums of E.
"""

import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest

import lecnn
from lecnn import activations as act
from lecnn.divergence import DivergenceError
from lecnn.losses import LOSSES_FROM_LOGITS, accuracy, count_correct
from lecnn.validation import one_hot_rows


def _step_by_step(net, X, Y, eta):
    """W_k ← W_k − η ∂E/∂W_k written out with the teaching path."""
    for W, g in zip(net.weights, net.gradients(X, Y), strict=True):
        W -= eta * g


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("n", [None, 1, 7, 8])
def test_float32_and_float64_steps_equal_the_written_out_update(dtype, n, factory):
    """No float64 temporary sneaks into a float32 step: W stays float32 and bit-equal."""
    rng = np.random.default_rng(0)
    net = lecnn.Network([30, 20, 20, 10], dtype=dtype, seed=3)
    twin = net.copy()
    for _ in range(4):
        X = rng.normal(size=(30,) if n is None else (n, 30)).astype(dtype)
        Y = factory.random_targets(rng, "softmax", 10, n, labels=True)
        _step_by_step(twin, X, Y, 0.05)
        net.step(X, Y, 0.05)
    for a, b in zip(net.weights, twin.weights, strict=True):
        assert a.dtype == np.dtype(dtype)
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    "output, labels",
    [("softmax", False), ("softmax", True), ("sigmoid", False), ("identity", False)],
)
@pytest.mark.parametrize("n", [None, 1, 5])
def test_output_error_gives_delta_r_the_loss_sum_and_the_count(output, labels, n, factory):
    rng = np.random.default_rng(1)
    m = 1 if output == "sigmoid" else 4
    net = lecnn.Network([3, m], output=output, seed=0)
    u_r = 3 * rng.normal(size=(m,) if n is None else (n, m))
    t = factory.random_targets(rng, output, m, n, labels=labels)
    y = one_hot_rows(t, m, np.float64) if t.dtype.kind in "iu" else t
    out = np.empty_like(u_r)
    loss_sum, n_correct = net.fast_step.output_error(u_r, t, out)
    # δ_r = f_r(u_r) − y, exactly as the teaching path's fp.y - t
    np.testing.assert_array_equal(out, act.ACTIVATIONS[output](u_r) - y)
    expected = np.sum(LOSSES_FROM_LOGITS[output](u_r, y))
    assert loss_sum == pytest.approx(float(expected), rel=1e-12)
    share = accuracy(output, u_r, t)
    if output == "identity":
        assert n_correct is None and share is None
    else:
        assert n_correct == round(share * (1 if n is None else n))


def test_count_correct_counts_argmax_hits():
    u_r = np.array([[2.0, 1.0, 0.0], [0.0, 0.0, 5.0], [1.0, 3.0, 2.0], [0.5, 0.4, 0.3]])
    labels = np.array([0, 2, 0, 0])  # right, right, wrong (argmax 1), right
    assert count_correct("softmax", u_r, labels) == 3
    assert count_correct("softmax", u_r, np.eye(3)[labels]) == 3
    assert count_correct("softmax", u_r[2], np.intp(1)) == 1


def test_labels_and_one_hot_targets_give_the_same_step():
    rng = np.random.default_rng(2)
    net = lecnn.Network([5, 8, 4], hidden="tanh", seed=0)
    twin = net.copy()
    X, labels = rng.normal(size=(6, 5)), rng.integers(0, 4, 6)
    a = net.fast_step.step(X, labels, 0.1)
    b = twin.fast_step.step(X, np.eye(4)[labels], 0.1)
    assert a[0] == pytest.approx(b[0], rel=1e-12) and a[1] == b[1]
    for Wa, Wb in zip(net.weights, twin.weights, strict=True):
        np.testing.assert_array_equal(Wa, Wb)


def test_buffers_of_several_shapes_do_not_leak_into_each_other(factory):
    """Steps of changing shapes (one sample, batches of 3 and 5) reuse a buffer per shape."""
    rng = np.random.default_rng(3)
    net = lecnn.Network([4, 6, 6, 3], hidden=["relu", "sigmoid"], seed=1)
    twin = net.copy()
    for n in [5, None, 3, 5, None, 3, 1, 5]:
        X = rng.normal(size=(4,) if n is None else (n, 4))
        Y = factory.random_targets(rng, "softmax", 3, n, labels=True)
        _step_by_step(twin, X, Y, 0.2)
        net.step(X, Y, 0.2)
    for a, b in zip(net.weights, twin.weights, strict=True):
        np.testing.assert_array_equal(a, b)
    for (
        buf
    ) in net.fast_step.buffers.values():  # column 0 of every z_k still holds the intercept's 1
        assert all(np.all(z[..., 0] == 1) for z in buf.z)


def test_buffers_hold_the_forward_pass_after_a_step():
    """z_k and u_k in the buffers are the teaching path's z_k and u_k (before the update)."""
    rng = np.random.default_rng(4)
    net = lecnn.Network([3, 5, 4, 2], seed=2)
    X = rng.normal(size=(6, 3))
    fp = net.forward_pass(X)
    net.step(X, rng.integers(0, 2, 6), 0.1)
    buf = net.fast_step.buffers[X.shape]
    for k in range(net.r + 1):
        np.testing.assert_array_equal(buf.z[k], fp.z[k])
        np.testing.assert_array_equal(buf.u[k], fp.u[k])


def test_a_non_finite_delta_with_a_finite_loss_leaves_the_weights_unchanged():
    """E is finite (200) but W̃_1ᵀ δ_1 overflows: the step refuses before any W_k changes."""
    net = lecnn.Network([2, 2, 2], seed=0)
    W0 = np.array([[-1.0, 0.0, 0.0], [-1.0, 0.0, 0.0]])  # u_0 < 0, so z_1 = (1, 0, 0)
    W1 = np.array([[100.0, 1e308, 1e308], [-100.0, -1e308, -1e308]])  # u_1 = (100, -100)
    net.weights = [W0, W1]
    with pytest.raises(DivergenceError, match="error signal"):
        net.step(np.array([0.5, 0.5]), 1, 0.1)
    np.testing.assert_array_equal(net.weights[0], W0)
    np.testing.assert_array_equal(net.weights[1], W1)


@pytest.mark.parametrize("batch_size", [1, 4, 7])
def test_train_equals_steps_over_the_documented_batches(batch_size):
    """train(): the same weights, losses and accuracies as stepping through its batches."""
    X, labels = lecnn.data.spirals(n=30, seed=0)
    net = lecnn.Network([2, 8, 8, 2], seed=0)
    twin = net.copy()
    history = lecnn.train(net, X, labels, eta=0.05, epochs=2, batch_size=batch_size, seed=5)
    rng = np.random.default_rng(5)
    for epoch in range(2):
        losses, correct = [], 0
        for idx in lecnn.training.batches(len(X), batch_size, rng):
            x, t = (X[idx[0]], labels[idx[0]]) if batch_size == 1 else (X[idx], labels[idx])
            correct += np.sum(np.atleast_1d(twin.predict(x)) == t)
            losses.append(twin.step(x, t, 0.05) * len(idx))
        assert history.train_loss[epoch] == pytest.approx(sum(losses) / len(X), rel=1e-12)
        assert history.train_accuracy[epoch] == correct / len(X)
    for a, b in zip(net.weights, twin.weights, strict=True):
        np.testing.assert_array_equal(a, b)
    assert history.steps[-1] == 2 * math.ceil(len(X) / batch_size)


# ------------------------------------------------------------- the benchmark (make bench)


def _load_benchmark():
    """benchmarks/run.py as a module (benchmarks/ is scripts, not a package)."""
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"
    spec = importlib.util.spec_from_file_location("lecnn_benchmark_run", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_clocks_the_steps_and_the_batches_it_times():
    """A tiny case end to end, lecnn alone: every share is a fraction, every figure finite."""
    bench = _load_benchmark()
    case = bench.Case("tiny", (20, 16, 10), np.float32, 4, "mnist", 120)
    rows = bench.ClockedRows
    X, labels = bench.make_data(case, case.n)
    assert X.shape == (120, 20) and X.dtype == np.float32 and labels.max() < 10
    clocked = X.view(rows)
    clocked.clock = [0.0]
    batch = clocked[np.array([3, 1])]
    assert type(batch) is np.ndarray and clocked.clock[0] > 0
    np.testing.assert_array_equal(batch, X[[3, 1]])
    result = bench.run_case(case, threads=1, rounds=2, quick=False, use_torch=False)
    row = bench.summarize(result)
    assert len(result.seconds["lecnn"]) == 2 and len(result.peak_gflops) == 2
    assert all(0 < share < 1 for share in result.reading)  # X[idx] was clocked inside train
    for bookkeeping, reading in zip(result.bookkeeping, result.reading, strict=True):
        assert bookkeeping + reading < 0.99  # the steps were clocked too: the rest of the epoch
    assert np.isfinite([row["lecnn"], row["gflops"], row["peak"], row["loss"]["lecnn"]]).all()

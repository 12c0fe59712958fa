"""train(): the lecture's pseudocode learns the digits and a sine, and records what happened."""

import numpy as np
import pytest

import lecnn
from lecnn.data import load_digits, sine, spirals, train_test_split


@pytest.fixture(scope="module")
def digits():
    X, labels = load_digits()
    return train_test_split(X, labels, test_size=0.25, seed=0)


def test_per_sample_sgd_reaches_95_percent_on_digits(digits):
    X_train, X_test, y_train, y_test = digits
    net = lecnn.Network([64, 64, 64, 10], hidden="relu", output="softmax", seed=0)
    history = lecnn.train(
        net,
        X_train,
        y_train,
        eta=0.02,
        epochs=8,
        batch_size=1,
        seed=0,
        X_test=X_test,
        Y_test=y_test,
    )
    accuracy = float(np.mean(net.predict(X_test) == y_test))
    assert accuracy >= 0.95
    assert history.test_accuracy[-1] == pytest.approx(accuracy)
    assert history.train_loss[-1] < history.train_loss[0]
    assert history.epoch == list(range(1, 9)) and history.steps[-1] == 8 * len(X_train)


def test_minibatch_sgd_learns_digits(digits):
    X_train, X_test, y_train, y_test = digits
    net = lecnn.Network([64, 64, 10], hidden="tanh", seed=1, dtype=np.float32)
    lecnn.train(net, X_train, y_train, eta=0.2, epochs=30, batch_size=16, seed=1)
    assert np.mean(net.predict(X_test) == y_test) >= 0.93


def test_regression_fits_a_sine():
    X, Y = sine(n=200, noise=0.0, seed=0)
    net = lecnn.Network([1, 32, 32, 1], hidden="tanh", output="identity", seed=0)
    before = net.loss(X, Y)
    history = lecnn.train(net, X, Y, eta=0.02, epochs=200, batch_size=8, seed=0)
    after = net.loss(X, Y)
    assert after < 1e-3 < before
    assert history.train_accuracy[-1] is None
    assert np.max(np.abs(net.forward(X) - Y)) < 0.1


def test_history_train_loss_is_the_mean_of_the_epochs_steps():
    X, labels = spirals(n=60, seed=0)
    net = lecnn.Network([2, 8, 2], seed=0)
    twin = net.copy()
    history = lecnn.train(net, X, labels, eta=0.05, epochs=1, batch_size=1, seed=3)
    order = np.random.default_rng(3).permutation(60)  # the documented visiting order
    losses = [twin.step(X[i], labels[i], 0.05) for i in order]
    assert history.train_loss[0] == pytest.approx(np.mean(losses))
    for a, b in zip(net.weights, twin.weights, strict=True):
        np.testing.assert_array_equal(a, b)


def test_train_is_the_lectures_pseudocode_written_out():
    """train(batch_size=1) gives the same weights as the slide's loop using gradients()."""
    X, labels = spirals(n=40, seed=1)
    net = lecnn.Network([2, 6, 6, 2], hidden="tanh", seed=2)
    plain = net.copy()
    lecnn.train(net, X, labels, eta=0.1, epochs=2, seed=7)
    rng = np.random.default_rng(7)
    for _ in range(2):
        for i in rng.permutation(len(X)):  # 1. ランダムにデータを読み込む
            grads = plain.gradients(X[i], labels[i])  # 2.-3. 順伝播, 逆伝播
            for W, g in zip(plain.weights, grads, strict=True):
                W -= 0.1 * g  # 4. 重みの更新
    for a, b in zip(net.weights, plain.weights, strict=True):
        np.testing.assert_array_equal(a, b)


def test_same_seed_same_run_other_seed_other_run():
    X, labels = spirals(n=50, seed=0)
    runs = []
    for seed in (1, 1, 2):
        net = lecnn.Network([2, 5, 2], seed=0)
        lecnn.train(net, X, labels, eta=0.05, epochs=2, batch_size=4, seed=seed)
        runs.append(net.weights[0])
    np.testing.assert_array_equal(runs[0], runs[1])
    assert not np.array_equal(runs[0], runs[2])


def test_callback_every_n_steps():
    X, labels = spirals(n=30, seed=0)
    net = lecnn.Network([2, 4, 2], seed=0)
    seen = []
    lecnn.train(
        net, X, labels, epochs=2, callback=lambda n, info: seen.append(info), callback_every=7
    )
    assert [info.step for info in seen] == [7, 14, 21, 28, 35, 42, 49, 56]
    assert [info.epoch for info in seen] == [1, 1, 1, 1, 2, 2, 2, 2]
    assert all(np.isfinite(info.loss) for info in seen)


def test_progress_bar_goes_to_stderr(capsys):
    X, labels = spirals(n=20, seed=0)
    lecnn.train(lecnn.Network([2, 3, 2]), X, labels, epochs=2, progress=True)
    captured = capsys.readouterr()
    assert "epoch 2/2" in captured.err and "100%" in captured.err and captured.out == ""


def test_zero_epochs_changes_nothing():
    X, labels = spirals(n=20, seed=0)
    net = lecnn.Network([2, 3, 2])
    before = net.weights[0].copy()
    history = lecnn.train(net, X, labels, epochs=0)
    assert history.epoch == [] and repr(history) == "History(no epochs)"
    np.testing.assert_array_equal(net.weights[0], before)


def test_a_record_by_steps_reports_its_steps():
    h = lecnn.History(steps=[0, 20], train_loss=[1.0, 0.5], train_accuracy=[None, None])
    assert repr(h) == "History(steps=20, train_loss=0.5000)" and h.steps_taken == 20


# ------------------------------------------------- a run that makes things worse says so


def test_a_run_that_ends_well_above_its_start_warns_and_keeps_its_weights():
    """Spirals at η = 10: E from 1.07 up to 8.08 and no lower than 6 at the end, no blow-up."""
    X, labels = spirals(n=300, noise=0.1, seed=0, classes=3)
    net = lecnn.Network([2, 16, 16, 3], seed=0)
    start = net.loss(X, labels)
    with pytest.warns(lecnn.TrainingWorsenedWarning, match=r"悪化.*η = 10.* / .*eta=10") as got:
        history = lecnn.train(net, X, labels, eta=10, epochs=50, seed=0)
    assert len(got) == 1 and got[0].filename == __file__  # points at the caller's line
    assert min(history.train_loss[-3:]) > 2 * start  # the rule's case, not a blow-up
    assert net.loss(X, labels) > 2 * start  # the weights were kept


@pytest.mark.filterwarnings("error::lecnn.TrainingWorsenedWarning")
@pytest.mark.parametrize("eta, epochs", [(0.05, 30), (0.5, 5)])
def test_ordinary_runs_do_not_warn(eta, epochs):
    X, labels = spirals(n=300, noise=0.1, seed=0, classes=3)
    net = lecnn.Network([2, 16, 16, 3], seed=0)
    lecnn.train(net, X, labels, eta=eta, epochs=epochs, seed=0)


@pytest.mark.parametrize(
    "losses, start, expected",
    [
        ([8.08, 6.43, 6.47], 1.07, True),
        ([0.9, 0.7, 0.5], 1.07, False),
        ([5.0, 0.3, 0.2], 1.0, False),  # one bad record does not make a median
        ([2.5, 2.5, 0.1, 2.5], 1.0, True),  # only the last three count
        ([2.0, 2.0, 2.0], 1.0, False),  # exactly twice is not above
        ([2.1, 2.1, 2.1], 1.0, True),
        ([9.0, 9.0], 1.0, False),  # fewer than three records are not judged
        ([], 1.0, False),
        ([5.0, 5.0, 5.0], float("nan"), False),
    ],
)
def test_worsened_rule(losses, start, expected):
    assert lecnn.divergence.worsened(losses, start) is expected


# ---------------------------------------------------------------- a stack of layers


@pytest.mark.parametrize(
    ("output", "batch_size", "optimizer"),
    [
        ("softmax", 1, None),
        ("softmax", 16, lambda: lecnn.optim.Adam(0.01, weight_decay=1e-3)),
        ("sigmoid", 5, lambda: lecnn.optim.SGD(0.1, momentum=0.9)),
        ("identity", 7, None),
    ],
)
def test_a_stack_trains_exactly_as_its_network(output, batch_size, optimizer):
    """The slow path through the layers takes the same steps as the fast path of a Network."""
    rng = np.random.default_rng(0)
    m = {"softmax": 3, "sigmoid": 1, "identity": 2}[output]
    X = rng.normal(size=(60, 4))
    Y = rng.integers(3, size=60) if output == "softmax" else rng.uniform(size=(60, m)).round()
    net = lecnn.Network([4, 8, 5, m], hidden="tanh", output=output, seed=1)
    stack = lecnn.layers.from_network(net)
    kwargs = {"epochs": 3, "batch_size": batch_size, "seed": 2, "X_test": X[:20], "Y_test": Y[:20]}
    if optimizer is None:
        kwargs["eta"] = 0.05
    a = lecnn.train(net, X, Y, **kwargs, optimizer=optimizer and optimizer())
    b = lecnn.train(stack, X, Y, **kwargs, optimizer=optimizer and optimizer())
    for W, V in zip(net.weights, stack.weights, strict=True):
        np.testing.assert_allclose(V, W, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(b.train_loss, a.train_loss, rtol=1e-12)
    np.testing.assert_allclose(b.test_loss, a.test_loss, rtol=1e-12)
    assert b.train_accuracy == a.train_accuracy and b.test_accuracy == a.test_accuracy
    assert b.steps == a.steps


def _dropout_stack(p, seed=0):
    W0, W1 = lecnn.Network([64, 40, 10], seed=seed).weights
    L = lecnn.layers
    drop = L.Dropout(p, seed=seed)
    return L.Sequential([L.Affine(W0), L.ReLU(), drop, L.Affine(W1)], L.SoftmaxCrossEntropy()), drop


def test_a_stack_with_dropout_learns_and_is_evaluated_without_dropping(digits):
    X_train, X_test, y_train, y_test = digits
    stack, drop = _dropout_stack(0.5)
    drop.eval()  # train switches it on for the steps and back off afterwards
    history = lecnn.train(
        stack,
        X_train,
        y_train,
        eta=0.1,
        epochs=5,
        batch_size=16,
        seed=0,
        X_test=X_test,
        Y_test=y_test,
    )
    assert drop.training is False
    assert history.test_accuracy[-1] > 0.9
    # the test figures come from evaluation mode: deterministic, equal to a fresh evaluate
    assert stack.evaluate(X_test, y_test) == (history.test_loss[-1], history.test_accuracy[-1])
    assert stack.evaluate(X_test, y_test) == stack.evaluate(X_test, y_test)
    # the steps dropped units: the training loss is not that of the evaluation mode
    assert history.train_loss[-1] > stack.evaluate(X_train, y_train)[0]


def test_a_stack_that_diverges_gets_its_weights_back():
    stack, _ = _dropout_stack(0.2)
    before = [W.copy() for W in stack.weights]
    rng = np.random.default_rng(0)
    with pytest.raises(lecnn.DivergenceError):
        lecnn.train(stack, rng.normal(size=(50, 64)) * 50, rng.integers(10, size=50), eta=1e6)
    for W, V in zip(stack.weights, before, strict=True):
        np.testing.assert_array_equal(W, V)


def test_each_layers_own_mode_is_back_after_evaluate_a_failed_block_and_a_diverging_train():
    L = lecnn.layers
    W0, W1 = lecnn.Network([64, 40, 10], seed=0).weights
    drop, norm = L.Dropout(0.3, seed=0), L.BatchNorm(40).eval()
    stack = L.Sequential(
        [L.Affine(W0), norm, L.ReLU(), drop, L.Affine(W1)], L.SoftmaxCrossEntropy()
    )
    modes = [layer.training for layer in stack.layers]
    assert not stack.training and drop.training and not norm.training
    rng = np.random.default_rng(0)
    X, labels = rng.normal(size=(50, 64)), rng.integers(10, size=50)
    stack.evaluate(X, labels)
    assert [layer.training for layer in stack.layers] == modes
    with pytest.raises(RuntimeError, match="a failing block"), stack.mode(training=False):
        assert not any(layer.training for layer in stack.layers)
        raise RuntimeError("a failing block")
    assert [layer.training for layer in stack.layers] == modes
    with pytest.raises(lecnn.DivergenceError):
        lecnn.train(stack, X * 50, labels, eta=1e6, batch_size=10)
    assert [layer.training for layer in stack.layers] == modes


def test_train_refuses_what_is_not_a_network():
    with pytest.raises(TypeError, match="Sequential"):
        lecnn.train([np.zeros((2, 3))], np.zeros((4, 2)), np.zeros(4, dtype=int))


@pytest.mark.parametrize(("n", "batch_size"), [(20, 1), (33, 16), (1, 4)])
def test_a_stack_with_batch_norm_refuses_batches_of_one_sample_before_any_step(n, batch_size):
    L = lecnn.layers
    W0, W1 = lecnn.Network([3, 4, 2], seed=0).weights
    stack = L.Sequential(
        [L.Affine(W0), L.BatchNorm(4), L.ReLU(), L.Affine(W1)], L.SoftmaxCrossEntropy()
    )
    before = [W.copy() for W in stack.weights]
    with pytest.raises(ValueError, match="2 サンプル以上"):
        lecnn.train(stack, np.ones((n, 3)), np.zeros(n, dtype=int), batch_size=batch_size)
    for W, V in zip(stack.weights, before, strict=True):
        np.testing.assert_array_equal(W, V)


def test_a_stack_with_batch_norm_that_diverges_gets_its_running_averages_back():
    L = lecnn.layers
    W0, W1 = lecnn.Network([64, 16, 10], seed=0).weights
    norm = L.BatchNorm(16)
    stack = L.Sequential([L.Affine(W0), norm, L.ReLU(), L.Affine(W1)], L.SoftmaxCrossEntropy())
    norm.running_mean[...], norm.running_var[...] = 0.5, 2.0
    rng = np.random.default_rng(0)
    with pytest.raises(lecnn.DivergenceError):
        lecnn.train(
            stack, rng.normal(size=(50, 64)) * 50, rng.integers(10, size=50), eta=1e6, batch_size=10
        )
    np.testing.assert_array_equal(norm.running_mean, np.full(16, 0.5))
    np.testing.assert_array_equal(norm.running_var, np.full(16, 2.0))

"""Bad input: a clear ValueError/TypeError, raised before the weights change."""

import re

import numpy as np
import pytest

import lecnn


@pytest.fixture
def net():
    return lecnn.Network([3, 4, 3], hidden="relu", output="softmax", seed=0)


def _unchanged(net, call):
    before = [W.copy() for W in net.weights]
    call()
    for a, b in zip(before, net.weights, strict=True):
        np.testing.assert_array_equal(a, b)


GOOD_X = np.array([0.1, 0.2, 0.3])

BAD_CALLS = [
    # (x, y, eta, error type, message fragment)
    (np.ones(4), 0, 0.1, ValueError, r"shape \(3,\) for one sample or \(n, 3\).*got shape \(4,\)"),
    (np.ones((5, 2)), [0] * 5, 0.1, ValueError, r"got shape \(5, 2\)"),
    (np.ones((2, 2, 3)), 0, 0.1, ValueError, r"got shape \(2, 2, 3\)"),
    (np.array([0.1, np.nan, 0.3]), 0, 0.1, ValueError, "x must be finite; entry \\(1,\\) is nan"),
    (np.array([0.1, np.inf, 0.3]), 0, 0.1, ValueError, "x must be finite"),
    (["a", "b", "c"], 0, 0.1, TypeError, "x must be a numeric array"),
    (GOOD_X, 3, 0.1, ValueError, r"class label out of range: got 3, expected 0\.\.2"),
    (GOOD_X, -1, 0.1, ValueError, "class label out of range"),
    (np.ones((2, 3)), [0, 5], 0.1, ValueError, "out of range at index 1: got 5"),
    (GOOD_X, 1.5, 0.1, ValueError, "whole numbers"),
    (GOOD_X, np.ones(4) / 4, 0.1, ValueError, r"shape \(3,\) \(one-hot\)"),
    (np.ones((2, 3)), np.eye(3), 0.1, ValueError, "a batch of 2 samples must have shape"),
    (GOOD_X, np.array([0.5, 0.2, 0.1]), 0.1, ValueError, "sum to 1"),
    (GOOD_X, 1, 0.0, ValueError, "eta must be a finite number > 0"),
    (GOOD_X, 1, -0.1, ValueError, "eta"),
    (GOOD_X, 1, np.inf, ValueError, "eta"),
    (GOOD_X, 1, "0.1", TypeError, "eta must be a positive number"),
]


@pytest.mark.parametrize(("x", "y", "eta", "error", "message"), BAD_CALLS)
def test_step_rejects_bad_input_and_keeps_weights(net, x, y, eta, error, message):
    def call():
        with pytest.raises(error, match=message):
            net.step(x, y, eta)

    _unchanged(net, call)


@pytest.mark.parametrize(("x", "y", "eta", "error", "message"), BAD_CALLS[:13])
def test_loss_and_gradients_reject_bad_input(net, x, y, eta, error, message):
    with pytest.raises(error, match=message):
        net.loss(x, y)
    with pytest.raises(error, match=message):
        net.gradients(x, y)


def test_train_rejects_bad_input_and_keeps_weights(net):
    X, labels = np.ones((4, 3)), np.array([0, 1, 2, 3])

    def call():
        with pytest.raises(ValueError, match="out of range at index 3: got 3"):
            lecnn.train(net, X, labels, eta=0.1, epochs=1)
        with pytest.raises(ValueError, match=r"got shape \(4, 2\)"):
            lecnn.train(net, np.ones((4, 2)), labels % 3, eta=0.1, epochs=1)
        with pytest.raises(ValueError, match="batch_size must be at least 1"):
            lecnn.train(net, X, labels % 3, batch_size=0)
        with pytest.raises(TypeError, match="epochs must be an integer"):
            lecnn.train(net, X, labels % 3, epochs=2.5)
        with pytest.raises(ValueError, match="both X_test and Y_test"):
            lecnn.train(net, X, labels % 3, X_test=X)

    _unchanged(net, call)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"sizes": [3]}, ValueError, "at least two entries"),
        ({"sizes": []}, ValueError, "at least two entries"),
        ({"sizes": [3, 0, 2]}, ValueError, r"at least 1; got sizes\[1\] = 0"),
        ({"sizes": [3, -2, 2]}, ValueError, "at least 1"),
        ({"sizes": [3, 2.5, 2]}, TypeError, "integer width"),
        ({"sizes": 3}, TypeError, "list of layer widths"),
        ({"sizes": [3, 4, 2], "hidden": "relu6"}, ValueError, "unknown hidden activation 'relu6'"),
        ({"sizes": [3, 4, 2], "hidden": "softmax"}, ValueError, "output='softmax'"),
        ({"sizes": [3, 4, 4, 2], "hidden": ["relu"]}, ValueError, "r = 2 hidden layers"),
        ({"sizes": [3, 4, 2], "hidden": [3]}, TypeError, "by name"),
        ({"sizes": [3, 4, 2], "output": "softplus"}, ValueError, "unknown output activation"),
        ({"sizes": [3, 4, 1], "output": "softmax"}, ValueError, "m >= 2 classes.*sigmoid"),
        ({"sizes": [3, 4, 2], "dtype": np.int32}, TypeError, "float64.*float32"),
        ({"sizes": [3, 4, 2], "init": "lecun"}, ValueError, "unknown init"),
        ({"sizes": [3, 4, 2], "init": -1.0}, ValueError, ">= 0"),
    ],
)
def test_constructor_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        lecnn.Network(**kwargs)


def test_sigmoid_and_identity_target_checks():
    sig = lecnn.Network([2, 1], output="sigmoid")
    with pytest.raises(ValueError, match=r"lie in \[0, 1\]"):
        sig.loss(np.ones(2), 2.0)
    assert np.isfinite(sig.loss(np.ones((3, 2)), [0, 1, 1]))  # (n,) accepted for m = 1
    reg = lecnn.Network([2, 2], output="identity")
    with pytest.raises(ValueError, match=r"must have shape \(2,\)"):
        reg.loss(np.ones(2), 1.0)
    with pytest.raises(ValueError, match="y must be finite"):
        reg.loss(np.ones(2), [np.nan, 0.0])


def test_assigning_weights_checks_shapes(net):
    def call():
        with pytest.raises(
            ValueError, match=r"W_1 must have shape \(q_2, q_1 \+ 1\) = \(3, 5\); got \(3, 4\)"
        ):
            net.weights = [net.weights[0], np.zeros((3, 4))]
        with pytest.raises(ValueError, match="expected 2 weight matrices"):
            net.weights = [net.weights[0]]
        with pytest.raises(ValueError, match="NaN or inf"):
            net.weights = [net.weights[0], np.full((3, 5), np.nan)]

    _unchanged(net, call)


def test_divergence_in_step_is_reported_before_the_update():
    net = lecnn.Network([1, 1], output="identity")
    net.weights = [np.array([[0.0, 1e200]])]
    before = net.weights[0].copy()
    with pytest.raises(
        lecnn.DivergenceError, match=r"eta=0\.1.*try a smaller one, e\.g\. eta=0\.01"
    ):
        net.step(np.array([1e200]), np.array([0.0]), 0.1)
    np.testing.assert_array_equal(net.weights[0], before)


def test_train_with_too_large_eta_names_eta_and_restores_weights():
    X, Y = lecnn.data.sine(n=50, seed=0)
    net = lecnn.Network([1, 16, 16, 1], hidden="relu", output="identity", seed=0)
    before = [W.copy() for W in net.weights]
    with pytest.raises(lecnn.DivergenceError) as info:
        lecnn.train(net, X, Y, eta=50.0, epochs=20)
    message = str(info.value)
    assert "eta=50" in message and "eta=5" in message and "restored" in message
    for a, b in zip(before, net.weights, strict=True):
        np.testing.assert_array_equal(a, b)


def test_weights_overflowing_at_the_end_of_an_epoch_name_eta(monkeypatch):
    """Even when no step saw a non-finite loss, non-finite weights stop train() with η named."""
    X, Y = lecnn.data.sine(n=10, seed=0)
    net = lecnn.Network([1, 4, 1], output="identity", seed=0)
    before = [W.copy() for W in net.weights]
    real_step = net._sgd_step

    def step_then_overflow(x, t, eta):
        result = real_step(x, t, eta)
        net.weights[0][0, 0] = np.inf  # as if the update had overflowed
        return result

    monkeypatch.setattr(net, "_sgd_step", step_then_overflow)
    with pytest.raises(lecnn.DivergenceError, match=r"eta=0\.3.*e\.g\. eta=0\.03.*restored"):
        lecnn.train(net, X, Y, eta=0.3, epochs=1, batch_size=10)
    for a, b in zip(before, net.weights, strict=True):
        np.testing.assert_array_equal(a, b)


def _error(call):
    try:
        call()
    except (TypeError, ValueError) as err:
        return type(err), str(err)
    raise AssertionError("no error raised")


def test_bool_labels_are_the_same_type_error_everywhere():
    labels = np.array([True, False])
    net = lecnn.Network([2, 3, 2])
    errors = [
        _error(lambda: lecnn.metrics.accuracy(labels, labels)),
        _error(lambda: lecnn.data.one_hot(labels)),
        _error(lambda: net.loss(np.zeros((2, 2)), labels)),
        _error(lambda: lecnn.plotting.plot_confusion_matrix(labels, labels)),
    ]
    assert {kind for kind, _ in errors} == {TypeError}
    assert all("must be integer class labels; got dtype bool" in text for _, text in errors)


@pytest.mark.parametrize(
    "call",
    [
        lambda: lecnn.train(lecnn.Network([2, 2]), np.zeros((2, 2)), [0, 1], epochs=2.0),
        lambda: lecnn.data.spirals(n=2.0),
        lambda: lecnn.regions.sawtooth_network(2.0),
        lambda: lecnn.playground.Engine(batch_size=2.0),
        lambda: lecnn.metrics.confusion_matrix([0], [0], m=2.0),
    ],
)
def test_a_float_where_an_integer_belongs_is_the_same_error_everywhere(call):
    kind, text = _error(call)
    assert kind is TypeError
    assert re.fullmatch(r".+ は \d+ 以上の整数で.+ / \w+ must be an integer >= \d+; got 2\.0", text)


# ---------------------------------------------------------------------------
# Other bad input: each gets a clear ValueError/TypeError from lecnn.validation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["nonsense", None, "int64", np.complex128, "S3"])
def test_dtype_accepts_only_float32_and_float64(dtype):
    with pytest.raises(TypeError, match="dtype must be np.float64 .* or np.float32"):
        lecnn.Network([2, 2], dtype=dtype)


@pytest.mark.parametrize("dtype", ["float32", "f4", np.float32, "float64", "double", float])
def test_dtype_spellings_of_the_two_floats(dtype):
    assert lecnn.Network([2, 2], dtype=dtype).dtype in (np.float32, np.float64)


def test_a_huge_label_is_reported_as_given():
    net = lecnn.Network([2, 3])
    with pytest.raises(ValueError, match=r"got 1e\+20, expected 0\.\.2") as info:
        net.loss(np.zeros(2), 1e20)
    assert "-9223372036854775808" not in str(info.value)
    with pytest.raises(ValueError, match=r"at index 1: got 1e\+20"):
        net.loss(np.zeros((2, 2)), [0, 1e20])
    with pytest.raises(ValueError, match=r"got 1e\+20"):
        lecnn.data.one_hot([1e20])


def test_integer_labels_become_one_hot_without_an_m_by_m_matrix():
    import tracemalloc

    m = 30_000  # np.eye(m) would be 7.2 GB
    net = lecnn.Network([2, m], output="softmax")
    x = np.zeros((3, 2))
    tracemalloc.start()
    try:
        loss = net.loss(x, [0, 29_999, 7])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert np.isfinite(loss) and peak < 50e6, peak
    rows = lecnn.data.one_hot([2, 0], m=4)
    np.testing.assert_array_equal(rows, [[0, 0, 1, 0], [1, 0, 0, 0]])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: lecnn.Network([2, 3, 2], hidden=None), TypeError, "hidden must be an activation"),
        (lambda: lecnn.Network([2, 3, 2], hidden=3), TypeError, "hidden must be an activation"),
        (lambda: lecnn.Network([2, 2]).forward([[1, 2], [3]]), ValueError, "rectangular"),
        (lambda: lecnn.Network([2, 2]).loss([[1, 2], [3, 4]], [[1, 0], [1]]), ValueError, "y must"),
        (lambda: lecnn.Network([2, 2]).step([1, 2], 0, 10**400), ValueError, "eta must be"),
        (
            lambda: lecnn.train(lecnn.Network([2, 2]), np.zeros((2, 2)), [0, 1], eta=10**400),
            ValueError,
            "integer of 401 digits",
        ),
        (lambda: lecnn.data.spirals(n=4, noise=10**400), ValueError, "noise must be a finite"),
    ],
)
def test_other_bad_values_get_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()

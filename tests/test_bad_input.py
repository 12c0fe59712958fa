"""Bad input: a clear ValueError/TypeError, raised before the weights change."""

import itertools
import json
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
    real_step = net.fast_step.step

    def step_then_overflow(x, t, eta, optimizer=None):
        result = real_step(x, t, eta, optimizer)
        net.weights[0][0, 0] = np.inf  # as if the update had overflowed
        return result

    monkeypatch.setattr(net.fast_step, "step", step_then_overflow)
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
            r"got 1\.000e\+400",
        ),
        (lambda: lecnn.data.spirals(n=4, noise=10**400), ValueError, "noise must be a finite"),
    ],
)
def test_other_bad_values_get_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ---------------------------------------------------------------------------
# Issue 21: layers, sizes that cannot fit, toy sets, ε, seeds, the state string, the language
# ---------------------------------------------------------------------------

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # kana or kanji


def _bilingual(text, english):
    """The message is Japanese, then ' / ', then English containing ``english``."""
    japanese, separator, rest = text.partition(" / ")
    assert separator and JAPANESE.search(japanese), text
    assert re.search(english, rest), text


def _sigmoid_after_forward():
    layer = lecnn.layers.Sigmoid()
    layer.forward(np.zeros((2, 3)))
    return layer


def test_a_gradient_of_the_wrong_shape_is_refused_not_broadcast():
    layer = _sigmoid_after_forward()
    with pytest.raises(ValueError, match=r"grad must have the shape of u, \(2, 3\); got \(3,\)"):
        layer.backward(np.ones(3))
    assert layer.backward(np.ones((2, 3))).shape == (2, 3)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_logits_are_refused_as_network_refuses_non_finite_inputs(bad):
    u = np.array([[0.0, bad, 1.0]])
    with pytest.raises(ValueError, match="u_r must be finite") as info:
        lecnn.layers.SoftmaxCrossEntropy().forward(u, [1])
    _bilingual(str(info.value), "must be finite")
    with pytest.raises(ValueError, match="u must be finite"):
        lecnn.layers.ReLU().forward(u)


def test_complex_weights_are_refused_with_the_same_message_by_layers_and_network():
    net = lecnn.Network([2, 2])
    W = net.weights[0] + 1j
    with pytest.raises(TypeError) as by_network:
        net.weights = [W]
    with pytest.raises(TypeError) as by_layer:
        lecnn.layers.Affine(W)
    assert "must be real; got complex dtype complex128" in str(by_network.value)
    assert str(by_layer.value) == str(by_network.value).replace("W_0", "W")
    with pytest.raises(TypeError, match="u_r must be real"):
        lecnn.layers.SoftmaxCrossEntropy().forward(np.ones(2) * 1j, 0)


def test_nan_weights_get_the_same_message_from_layers_and_network():
    net = lecnn.Network([2, 2])
    W = np.full((2, 3), np.nan)
    with pytest.raises(ValueError) as by_network:
        net.weights = [W]
    with pytest.raises(ValueError) as by_layer:
        lecnn.layers.Affine(W)
    assert str(by_layer.value) == str(by_network.value).replace("W_0", "W")


@pytest.mark.parametrize(
    "layer", [lecnn.layers.Sigmoid(), lecnn.layers.ReLU(), lecnn.layers.SoftmaxCrossEntropy()]
)
def test_backward_before_forward_says_so(layer):
    with pytest.raises(RuntimeError, match="call forward before backward") as info:
        layer.backward(np.ones(3))
    _bilingual(str(info.value), "forward before backward")


def test_a_stack_backward_before_loss_says_so():
    stack = lecnn.layers.from_network(lecnn.Network([2, 3, 2]))
    with pytest.raises(RuntimeError, match="call forward before backward"):
        stack.backward()


@pytest.mark.parametrize("bad", ["net", 3, None, np.zeros((2, 3))])
def test_what_is_not_a_network_is_refused_by_from_network(bad):
    with pytest.raises(TypeError, match="from_network needs a lecnn.Network"):
        lecnn.layers.from_network(bad)


def test_the_pytorch_bridge_refuses_what_it_cannot_convert():
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError, match="to_torch needs a lecnn.Network"):
        lecnn.pytorch.to_torch("net")
    with pytest.raises(TypeError, match="to_torch needs a lecnn.Network"):
        lecnn.pytorch.to_torch(lecnn.layers.from_network(lecnn.Network([2, 2])))
    for bad in ("model", lecnn.Network([2, 2]), None):
        with pytest.raises(TypeError, match=r"model must be a torch\.nn\.Module"):
            lecnn.pytorch.weights_from_torch(bad)
    with pytest.raises(ValueError, match="no torch.nn.Linear"):
        lecnn.pytorch.weights_from_torch(torch.nn.ReLU())
    no_bias = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Linear(3, 2, bias=False))
    for grad in (False, True):
        with pytest.raises(ValueError, match=r"Linear layer 1 has no bias \(bias=False\)") as info:
            lecnn.pytorch.weights_from_torch(no_bias, grad=grad)
        assert "loss.backward" not in str(info.value)


def test_output_layers_make_one_hot_rows_without_an_m_by_m_matrix():
    import tracemalloc

    m = 30_000  # np.eye(m) would be 7.2 GB
    tracemalloc.start()
    try:
        loss = lecnn.layers.SoftmaxCrossEntropy().forward(np.zeros((3, m)), [0, m - 1, 7])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert np.isclose(loss, np.log(m)) and peak < 50e6, peak


@pytest.mark.parametrize(
    "call",
    [
        lambda: lecnn.Network([2, 100_000, 100_000, 2]),
        lambda: lecnn.Network([2, 100_000, 100_000, 2], dtype=np.float32),
        lambda: lecnn.data.blobs(n=10, centers=10**8),
        lambda: lecnn.data.blob_centers(10**9),
        lambda: lecnn.data.spirals(n=10**12),
        lambda: lecnn.data.spirals(n=10, classes=10**9),
        lambda: lecnn.data.one_hot([1e9]),
        lambda: lecnn.data.one_hot([0, 1], m=10**10),
        lambda: lecnn.metrics.confusion_matrix([0], [10**5]),
        lambda: lecnn.Network([2, 3, 2]).forward(range(10**10)),
        lambda: lecnn.Network([2, 3, 2]).loss(np.zeros(2), range(10**20)),
        lambda: lecnn.data.one_hot(range(10**10), 3),
    ],
)
def test_sizes_that_cannot_fit_are_refused_before_allocating(call):
    import time
    import tracemalloc

    start = time.perf_counter()
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"would need about [\d.]+ [GT]iB of memory") as info:
            call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50e6 and time.perf_counter() - start < 5
    _bilingual(str(info.value), "more than the .* allowed on this machine")
    assert "のメモリが必要" in str(info.value)


@pytest.mark.parametrize("bad", [None, 3.0, "ab", {"W_0": 1}, range(2)])
def test_weights_that_are_no_list_of_matrices_are_refused_and_kept(bad):
    net = lecnn.Network([2, 3, 2], seed=0)
    before = [W.copy() for W in net.weights]
    with pytest.raises(TypeError) as info:
        net.weights = bad
    _bilingual(str(info.value), r"weights must be a list of the 2 matrices W_0, \.\.\., W_1")
    assert all(np.array_equal(W, B) for W, B in zip(net.weights, before, strict=True))
    net.weights = (2 * W for W in before)  # any iterable of the matrices still does
    assert np.array_equal(net.weights[1], 2 * before[1])


@pytest.mark.parametrize("sizes", [range(10**10), itertools.count(1), np.ones(20_000, int)])
def test_sizes_longer_than_any_network_are_refused_unread(sizes):
    with pytest.raises(ValueError) as info:
        lecnn.Network(sizes)
    _bilingual(str(info.value), "sizes is too long: at most 10,000 hidden layers")


def test_a_string_is_no_list_of_widths():
    with pytest.raises(TypeError) as info:
        lecnn.Network("234")
    _bilingual(str(info.value), "sizes must be a list of layer widths")


def test_the_memory_budget_is_a_share_of_the_memory_with_a_cap():
    from lecnn.validation import MEMORY_CAP, memory_budget

    assert 0 < memory_budget() <= MEMORY_CAP
    lecnn.Network([784, 256, 10])  # the notebooks' largest networks fit anywhere
    lecnn.data.one_hot(np.arange(10) % 10, m=10)


def test_the_playground_refuses_a_network_beyond_the_panels_limits():
    from lecnn.playground import Engine
    from lecnn.playground.state import from_state

    with pytest.raises(ValueError, match=r"hidden widths must be in 1\.\.128"):
        Engine(hidden_widths=(20_000, 20_000), n_samples=4)
    with pytest.raises(ValueError, match="hidden widths must be in 1..128") as info:
        from_state('{"hidden_widths": [20000, 20000]}')
    assert str(info.value).startswith("設定の値が正しくありません")


@pytest.mark.parametrize("name", sorted(lecnn.data.DATASETS))
def test_toy_sets_never_return_infinite_points(name):
    with pytest.raises(ValueError, match=r"noise must be a number in \[0, 10\]; got 1e\+308"):
        lecnn.data.make_dataset(name, n=20, noise=1e308)
    X, _ = lecnn.data.make_dataset(name, n=20, noise=10)
    assert np.all(np.isfinite(X))


def test_sine_refuses_a_function_that_is_not_finite_on_its_interval():
    with pytest.raises(ValueError, match="noise must be a number in"):
        lecnn.data.sine(noise=1e308)
    with np.errstate(invalid="ignore", divide="ignore"):
        with pytest.raises(ValueError, match="func gives NaN or inf"):
            lecnn.data.sine(func=np.log)
    with pytest.raises(ValueError, match="need finite low < high"):
        lecnn.data.sine(low=-1e308, high=1e308)


@pytest.mark.parametrize("eps", [0, 0.0, -1e-6, 1e-300, 1e-11, 10.0, np.inf, np.nan])
def test_a_difference_step_that_means_nothing_is_refused(eps):
    net = lecnn.Network([2, 2, 2], seed=0)
    x, y = np.ones(2), 0
    with pytest.raises(ValueError, match="eps must be") as info:
        lecnn.gradient_check(net, x, y, eps=eps)
    _bilingual(str(info.value), "eps must be")
    with pytest.raises(ValueError, match="eps must be"):
        lecnn.numerical_gradient(lambda v: float(np.sum(v**2)), np.ones(3), eps=eps)
    with pytest.raises(ValueError, match="eps must be"):
        lecnn.numerical_gradients(net, x, y, eps=eps)


def test_the_difference_steps_in_use_are_accepted():
    for eps in (1e-4, 1e-5, 1e-6, 1e-8):
        grad = lecnn.numerical_gradient(lambda v: float(np.sum(v**2)), np.ones(3), eps=eps)
        np.testing.assert_allclose(grad, 2.0, rtol=1e-5)


def _seed_calls(seed):
    X, labels = np.zeros((4, 2)), np.array([0, 1, 0, 1])
    return [
        lambda: lecnn.Network([2, 2], seed=seed),
        lambda: lecnn.Network([2, 2]).reset(seed),
        lambda: lecnn.train(lecnn.Network([2, 2]), X, labels, epochs=1, seed=seed),
        lambda: lecnn.data.spirals(seed=seed),
        lambda: lecnn.data.circles(seed=seed),
        lambda: lecnn.data.xor(seed=seed),
        lambda: lecnn.data.blobs(seed=seed),
        lambda: lecnn.data.sine(seed=seed),
        lambda: lecnn.data.make_dataset("xor", seed=seed),
        lambda: lecnn.data.train_test_split(X, labels, seed=seed),
        lambda: lecnn.data.train_val_test_split(np.zeros((10, 2)), np.arange(10), seed=seed),
        lambda: lecnn.regions.random_relu_network([1, 4, 1], seed=seed),
        lambda: lecnn.playground.Engine(seed=seed),
    ]


@pytest.mark.parametrize(
    ("seed", "error"), [(-1, ValueError), ("abc", TypeError), (1.5, TypeError)]
)
def test_a_bad_seed_gets_lecnns_message_everywhere(seed, error):
    for call in _seed_calls(seed):
        kind, text = _error(call)
        assert kind is error, text
        assert "seed must be a non-negative integer" in text and f"got {seed!r}" in text, text
        _bilingual(text, "seed must be")


def test_bad_state_strings_get_a_clear_japanese_message():
    from lecnn.playground.state import MAX_LENGTH, from_state

    cases = {
        "[" * 100_000: "too long",
        # Python 3.11's json gives up on deep nesting (RecursionError); 3.12 and later parse
        # it in C to the end, where the brackets do not close or the value is no object
        "[" * (MAX_LENGTH - 10): "nested too deeply|not valid JSON",
        "[" * 990 + "]" * 990: "nested too deeply|must be a JSON object",
        '{"seed": ' + "[" * 900 + "]" * 900 + "}": "nested too deeply|seed must be",
        '{"seed": ' + "1" * 5000 + "}": "too long",
        '{"eta": NaN}': "not valid JSON",
        '{"eta": Infinity}': "not valid JSON",
        '{"hidden_widths": [8, 8, 8, 8, 8, 8, 8, 8, 8]}': "at most 8 hidden layers",
        '{"hidden_widths": [129]}': r"must be in 1\.\.128",
        '{"eta": 100}': r"eta must be in \[0\.0001, 10\]",
        '{"eta": 1e-9}': r"eta must be in \[0\.0001, 10\]",
        '{"seed": -1}': "seed must be",
        '{"noise": 1e308}': r"noise must be a number in \[0, 10\]",
    }
    for text, english in cases.items():
        with pytest.raises(ValueError) as info:
            from_state(text)
        _bilingual(str(info.value), english)
        assert len(str(info.value)) < 500, "a message shows a pasted value short"


def test_the_state_limits_are_the_controls_limits():
    from lecnn.playground import table
    from lecnn.playground.state import from_state

    widest = {"hidden_widths": [table.MAX_WIDTH] * table.MAX_DEPTH, "eta": max(table.ETAS)}
    top = from_state(json.dumps(widest))
    assert top.hidden_widths == (table.MAX_WIDTH,) * table.MAX_DEPTH
    assert from_state(json.dumps({"eta": min(table.ETAS)})).eta == min(table.ETAS)


# A student's common mistakes through the public API: each error says what was wrong in
# Japanese first, then in English (the English fragment below).
_X3 = np.array([0.1, 0.2, 0.3])


def _net():
    return lecnn.Network([3, 4, 3], seed=0)


STUDENT_MISTAKES = [
    (lambda: lecnn.Network([2, 3, 2], hidden="relu6"), "unknown hidden activation 'relu6'"),
    (lambda: lecnn.Network([2, 3, 2], hidden="softmax"), "use output='softmax'"),
    (lambda: lecnn.Network([2, 3, 2], hidden=["relu"] * 2), "r = 1 hidden layers"),
    (lambda: lecnn.Network([2, 3, 2], output="relu"), "unknown output activation"),
    (lambda: lecnn.Network([2, 3, 1], output="softmax"), "m >= 2 classes"),
    (lambda: lecnn.Network([2, 0, 2]), "every width must be at least 1"),
    (lambda: lecnn.Network([2, 2.5, 2]), "must be an integer width"),
    (lambda: lecnn.Network(784), "list of layer widths"),
    (lambda: lecnn.Network([784]), "at least two entries"),
    (lambda: lecnn.Network([2, 2], dtype=int), "dtype must be np.float64"),
    (lambda: lecnn.Network([2, 2], init="lecun"), "unknown init"),
    (lambda: lecnn.Network([2, 2], seed=-1), "seed must be"),
    (lambda: _net().step(_X3, 0, eta=0), "eta must be a finite number > 0"),
    (lambda: _net().step(_X3, 0, eta="0.1"), "eta must be a positive number"),
    (lambda: lecnn.train(_net(), np.ones((3, 3)), [0, 1, 2], epochs=2.5), "epochs must be"),
    (lambda: lecnn.train(_net(), np.ones((3, 3)), [0, 1, 2], batch_size=0), "batch_size"),
    (lambda: lecnn.train(_net(), _X3, [0]), "X must be a batch"),
    (lambda: lecnn.train(_net(), np.ones((3, 3)), [0, 1, 2], X_test=_X3), "both X_test"),
    (lambda: _net().loss(_X3, 3), "class label out of range"),
    (lambda: _net().loss(_X3, 1.5), "whole numbers"),
    (lambda: _net().loss(np.ones((2, 3)), [True, False]), "integer class labels"),
    (lambda: _net().forward(np.ones(4)), r"x must have shape \(3,\)"),
    (lambda: _net().forward([[1, 2, 3], [4, 5]]), "rectangular"),
    (lambda: _net().forward(["a", "b", "c"]), "numeric array"),
    (lambda: _net().forward([0.1, np.nan, 0.3]), "must be finite"),
    (lambda: _net().forward(np.ones((0, 3))), "empty batch"),
    (lambda: _net().loss(_X3, np.ones(4) / 4), "must have shape"),
    (lambda: _net().loss(_X3, [0.5, 0.2, 0.1]), "sum to 1"),
    (lambda: _net().loss(_X3, np.ones((1, 3)) / 3), "must have shape"),
    (lambda: lecnn.Network([2, 1], output="sigmoid").loss(np.ones(2), 2.0), r"lie in \[0, 1\]"),
    (lambda: setattr(_net(), "weights", [np.zeros((4, 3)), np.zeros((3, 5))]), "W_0 must have"),
    (lambda: lecnn.data.train_test_split(np.ones((4, 2)), [0, 1, 0, 1], test_size=1.5), "fraction"),
    (lambda: lecnn.data.train_val_test_split(np.ones((4, 2)), [0] * 4, 0.5, 0.5), "below 1"),
    (lambda: lecnn.data.train_test_split(np.ones((4, 2)), [0, 1]), "same number of rows"),
    (lambda: lecnn.data.make_dataset("moons"), "unknown data set 'moons'"),
    (lambda: lecnn.data.spirals(n=0), "n must be at least 1"),
    (lambda: lecnn.data.spirals(seed="abc"), "seed must be"),
    (lambda: lecnn.data.one_hot([0, 3], m=3), "class label out of range"),
    (lambda: lecnn.metrics.accuracy([0, 1], [0]), "same length"),
    (lambda: lecnn.metrics.confusion_matrix([0, 2], [0, 1], m=2), "lie in 0, ..., m-1"),
    (lambda: lecnn.gradient_check(_net(), _X3, 0, eps=0), "eps must be"),
    (lambda: lecnn.Network([2, 10**6, 10**6, 2]), "would need about"),
    (lambda: lecnn.layers.Sigmoid().backward(np.ones(3)), "call forward before backward"),
    (lambda: _sigmoid_after_forward().backward(np.ones(3)), "must have the shape of u"),
    (lambda: lecnn.layers.from_network("net"), "needs a lecnn.Network"),
    (lambda: lecnn.layers.Sequential([lecnn.layers.ReLU()], None), "starts with an Affine"),
    (lambda: lecnn.playground.Engine(activation="relu6"), "unknown hidden activation"),
    (lambda: lecnn.playground.Engine(train_fraction=1.5), "fraction in"),
    (lambda: lecnn.playground.Engine(eta=0), "eta must be"),
    (lambda: lecnn.playground.Engine(dataset="moons"), "dataset must be one of"),
    (lambda: lecnn.playground.Engine(depth=3), r"unknown setting\(s\) \['depth'\]"),
    (lambda: lecnn.playground.Engine(features=("x3",)), "unknown feature"),
    (lambda: lecnn.playground.state.from_state('{"eta": 100}'), "eta must be in"),
]


@pytest.mark.parametrize(("call", "english"), STUDENT_MISTAKES)
def test_a_students_mistake_is_explained_in_japanese_then_english(call, english):
    try:
        call()
    except (TypeError, ValueError, RuntimeError) as err:
        _bilingual(str(err), english)
    else:
        raise AssertionError("no error raised")


def test_divergence_follows_the_one_language_policy():
    err = lecnn.DivergenceError("loss", 0.5, float("inf"), epoch=2, step=3)
    _bilingual(str(err), "eta=0.5: eta is probably too large")
    assert str(err) == f"{err.japanese} / {err.english}"


# Errors of saving, the playground, the optimisers and dropout, whose messages came into the
# table of lecnn.validation.messages last: each is Japanese, then " / ", then the English.


def _network_file(tmp_path, name, **changes):
    """A file lecnn.save wrote for Network([2, 3, 2]), with arrays replaced (None: removed)."""
    good = tmp_path / "good.npz"
    lecnn.save(lecnn.Network([2, 3, 2], seed=0), good)
    with np.load(good) as stored:
        arrays = dict(stored)
    for key, value in changes.items():
        if value is None:
            del arrays[key]
        else:
            arrays[key] = value
    path = tmp_path / name
    np.savez(path, **arrays)
    return path


def _diverged_network():
    net = lecnn.Network([2, 3, 2], seed=0)
    net.weights[0][0, 0] = np.nan
    return net


def _dropout_after_forward():
    layer = lecnn.layers.Dropout(0.5, seed=0)
    layer.forward(np.ones((2, 3)))
    return layer


def test_the_errors_of_saving_and_loading_are_japanese_then_english(tmp_path):
    text = tmp_path / "text.npz"
    text.write_text("not a zip")

    def file(**changes):
        return _network_file(tmp_path, f"{len(list(tmp_path.iterdir()))}.npz", **changes)

    calls = [
        (lambda: lecnn.save(_diverged_network(), tmp_path / "nan.npz"), "W_0 contains NaN or inf"),
        (lambda: lecnn.saving.npz_path(str(tmp_path) + "/"), "no file name"),
        (lambda: lecnn.save(lecnn.Network([2, 2]), None), "path must be a file .*got NoneType"),
        (lambda: lecnn.load(3), "path must be a file or folder name.*'model.npz'.*got int"),
        (lambda: lecnn.load(text), r"not a lecnn network file \(not an .npz archive\)"),
        (lambda: lecnn.load(file(output=None)), r"it lacks \['output'\]"),
        (lambda: lecnn.load(file(format_version=np.array(2))), "format_version 2 is not one"),
        (lambda: lecnn.load(file(sizes=np.array([2.0, 3.0, 2.0]))), "sizes must be integers"),
        (lambda: lecnn.load(file(dtype=np.array("int64"))), ": dtype must be"),
        (lambda: lecnn.load(file(sizes=np.ones((2, 2), int))), "sizes must be a 1-D array"),
        (lambda: lecnn.load(file(hidden=np.array(["relu"] * 10**4))), "hidden layers are more"),
        (lambda: lecnn.load(file(W_1=None)), "lacks W_1"),
        (lambda: lecnn.load(file(W_0=np.zeros((3, 2)))), r"W_0 has shape \(3, 2\)"),
        (lambda: lecnn.load(file(W_0=np.zeros((3, 3), int))), "W_0 must hold floats"),
        (lambda: lecnn.load(file(W_0=np.array([None] * 9).reshape(3, 3))), "Python objects"),
        (
            lambda: lecnn.load_weights(lecnn.Network([2, 4, 2]), file()),
            "differs from the network's: sizes: file has",
        ),
    ]
    for call, english in calls:
        with pytest.raises((TypeError, ValueError)) as err:
            call()
        _bilingual(str(err.value), english)


PLAYGROUND_AND_LAYER_MISTAKES = [
    (lambda: lecnn.layers.Dropout(p=1.0), r"p must be in \[0, 1\); got 1.0"),
    (lambda: lecnn.layers.Dropout().backward(np.ones(3)), "call forward before backward"),
    (lambda: _dropout_after_forward().backward(np.ones(3)), "grad must have the shape"),
    (lambda: lecnn.optim.SGD(0.1, nesterov=True), "nesterov needs momentum > 0"),
    (
        lambda: lecnn.train(
            _net(), np.ones((3, 3)), [0, 1, 2], eta=0.1, optimizer=lecnn.optim.SGD(0.1)
        ),
        "not eta=0.1 as well",
    ),
    (lambda: lecnn.playground.Engine(settings={"eta": 0.1}), "settings must be a Settings"),
    (lambda: lecnn.playground.Engine().trace(10**6), "index must be below"),
    (lambda: lecnn.playground.Panel(engine="engine"), "engine must be a lecnn.playground.Engine"),
    (
        lambda: lecnn.playground.backprop.trace(_net(), np.ones(4), 0),
        r"x must have shape \(3,\) \(one sample\)",
    ),
    (
        lambda: lecnn.playground.backprop.trace(_net(), _X3, 7),
        "class label must be an integer 0..2",
    ),
    (lambda: lecnn.playground.backprop.trace(_net(), _X3, np.ones(4)), "target must be a label"),
    (lambda: lecnn.playground.table.parse_widths("1 " * 9), "at most 8 hidden layers"),
    (lambda: lecnn.playground.table.parse_widths("16, x"), "enter the widths as integers"),
    (lambda: lecnn.playground.table.parse_widths("16, 0"), "enter the widths as integers"),
    (lambda: lecnn.playground.state.from_state('{"eta": NaN}'), "NaN is not a number a setting"),
    (lambda: lecnn.playground.geometry.checked_names(2, ["x"]), "input_names must name the d = 2"),
    (lambda: lecnn.playground.render.encode_png(np.zeros((2, 2))), "expected a uint8 array"),
]


@pytest.mark.parametrize(("call", "english"), PLAYGROUND_AND_LAYER_MISTAKES)
def test_playground_and_layer_errors_are_japanese_then_english(call, english):
    with pytest.raises((TypeError, ValueError, RuntimeError)) as err:
        call()
    _bilingual(str(err.value), english)


# Where an error a student meets is raised, its text comes from the table; these raise sites
# are not a student's: Python's protocol for a missing attribute (hasattr relies on it), and
# the table itself refusing a key two of its modules define.
NOT_A_STUDENTS_ERROR = {
    ("__init__.py", "AttributeError"),
    ("validation/messages/__init__.py", "ValueError"),
}


def test_no_error_outside_the_checks_builds_its_message_inline():
    import ast
    from pathlib import Path

    root = Path(lecnn.__file__).parent
    inline = []
    for path in sorted(root.rglob("*.py")):
        if "checks" in path.relative_to(root).parts:
            continue  # the check feedback is Japanese by design (lecnn.checks)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            kind = getattr(node.exc.func, "id", getattr(node.exc.func, "attr", ""))
            # Text, not a key of MESSAGES (DivergenceError("loss")).
            literal = any(
                isinstance(part, ast.JoinedStr)
                or (isinstance(part, ast.Constant) and " " in str(part.value))
                for arg in node.exc.args
                for part in ast.walk(arg)
                if not isinstance(arg, ast.Call)
            )
            constructed = kind.endswith(("Error", "Exception"))  # not value_error("key")
            where = path.relative_to(root).as_posix()
            if constructed and literal and (where, kind) not in NOT_A_STUDENTS_ERROR:
                inline.append(f"{path.relative_to(root)}:{node.lineno} {kind}")
    assert not inline, "messages built inline instead of in MESSAGES: " + ", ".join(inline)


def _dropout_after_forward():
    layer = lecnn.layers.Dropout(p=0.5, seed=0)
    layer.forward(np.ones((2, 3)))
    return layer


def _tanh_net():
    return lecnn.Network([2, 3, 2], seed=0)


def _wide():
    """Weights that fit (1.5 M); a batch of 10,000 samples through them would not."""
    return lecnn.Network([2, 500_000, 2], seed=0)


def _relu():
    return lecnn.Network([2, 4, 1], hidden="relu", output="identity", seed=0)


def _engine(**settings):
    from lecnn.playground import Engine, Settings

    return Engine(Settings(**settings))


# Values fed to the public functions by a fuzzing run, each of which raised Python's or NumPy's
# own error (not iterable, unhashable, "could not convert string to float", MemoryError) from
# inside lecnn, or drew an empty figure.
@pytest.mark.parametrize(
    ("call", "english"),
    [
        (lambda: lecnn.layers.Dropout().forward("a"), "z must be a numeric array"),
        (lambda: lecnn.layers.Dropout().forward([[1], [1, 2]]), "z must be a rectangular"),
        (lambda: lecnn.layers.Dropout().forward(range(10**10)), "would need about"),
        (lambda: lecnn.layers.Dropout().forward([1.0, np.nan]), "z must be finite"),
        (lambda: _dropout_after_forward().backward(None), "grad must be a numeric array"),
        (lambda: _dropout_after_forward().backward(np.ones(3)), r"grad must have .*\(2, 3\)"),
        (lambda: lecnn.layers.BatchNorm(10**12), "would need about"),
        (lambda: _engine(dataset=["xor"]), "dataset must be one of"),
        (lambda: _engine(optimizer={}), "optimizer must be one of"),
        (lambda: lecnn.plotting.plot_activations(None), "names must be one of"),
        (lambda: lecnn.plotting.plot_activations([["relu"]]), "names must be one of"),
        (lambda: lecnn.plotting.plot_activations(u="abc"), "u must be a numeric array"),
        (
            lambda: lecnn.plotting.plot_decision_boundary(None, np.zeros((3, 2)), [0, 1, 0]),
            "plot_decision_boundary needs a lecnn.Network; got NoneType",
        ),
        (
            lambda: lecnn.plotting.plot_decision_boundary(lecnn.Network([2, 2]), [["a", "b"]], [0]),
            "X must be a numeric array",
        ),
        (
            lambda: lecnn.plotting.plot_regression_fit("net", np.zeros(3), np.zeros(3)),
            "plot_regression_fit needs a lecnn.Network; got str",
        ),
        (lambda: lecnn.plotting.plot_history(None), "history must be a History"),
        (lambda: lecnn.plotting.plot_history([1.0, 0.5]), "history must be a History"),
        (lambda: lecnn.gradcheck.numerical_gradient(np.sum, []), "v has no entries"),
        (lambda: lecnn.gradcheck.numerical_gradient(np.sum, "ab"), "v must be a numeric array"),
        (
            lambda: lecnn.optim.Adam(0.01).update(_tanh_net(), None),
            "grads must be a list of 2 arrays",
        ),
        (lambda: lecnn.optim.Adam(0.01).update(_tanh_net(), range(10**10)), "got 10,000,000,000"),
        (lambda: lecnn.optim.SGD(0.1).update(_tanh_net(), [0, "a"]), "grads.1. must be a numeric"),
        (lambda: lecnn.train(_tanh_net(), np.zeros((2, 2)), [0, 1], optimizer="adam"), "Adam"),
        (lambda: lecnn.data.read_idx(None), "path must be a file or folder name"),
        (lambda: lecnn.data.load_mnist(3), "path must be a file or folder name"),
        (lambda: lecnn.regions.activation_patterns(_relu(), "ab"), "X must be a numeric array"),
        (lambda: lecnn.regions.activation_patterns(_relu(), range(10**10)), "would need about"),
        (lambda: lecnn.regions.count_regions_2d(_relu(), range(10**10)), "would need about"),
        (lambda: lecnn.Network([2, 3, 2], init=10**400), "init as a standard deviation"),
        (lambda: lecnn.train(_tanh_net(), np.zeros((2, 2)), [0, 1], callback=3), "callback must"),
        (
            lambda: lecnn.train(_tanh_net(), np.zeros((2, 2)), [0, 1], callback=lambda net: None),
            r"called as callback\(net, info\)",
        ),
        (lambda: _wide().forward(np.zeros((10_000, 2))), "values .* of 10,000 samples"),
        (
            lambda: lecnn.train(_wide(), np.zeros((10_000, 2)), [0] * 10_000, batch_size=10_000),
            "samples in a network",
        ),
        (
            lambda: lecnn.train(
                _wide(), np.zeros((2, 2)), [0, 1], X_test=np.zeros((10_000, 2)), Y_test=[0] * 10_000
            ),
            "of 10,000 samples",
        ),
        (
            lambda: lecnn.LOSSES["softmax"](np.array([-1.0, 2.0, 0.5]), np.array([0, 1, 0])),
            r"probabilities in \[0, 1\]; got -1 \(for logits",
        ),
        (lambda: lecnn.LOSSES["softmax"](np.full(3, 1 / 3), np.array([1])), "same shape"),
        (lambda: lecnn.LOSSES["identity"](np.zeros((5, 1)), np.zeros(5)), "same shape"),
        (lambda: lecnn.LOSSES["sigmoid"](np.array([[2.0]]), np.array([[1.0]])), "got 2 "),
        (lambda: lecnn.regions.region_bound(10**6, 10**6, 10**6), "301,033 digits"),
        (lambda: lecnn.regions.region_bound(1000, 10, 1000, form="asymptotic"), "than the 307"),
        (lambda: lecnn.regions.max_regions_shallow(10**5, 10**5), "digits"),
        (lambda: lecnn.softmax_jacobian(np.zeros(10**5)), "the Jacobian would need about"),
        (
            lambda: lecnn.plotting.plot_decision_boundary(
                lecnn.Network([2, 2]), np.zeros((3, 2)), [0, 1, 0], resolution=10**5
            ),
            r"resolution must be an integer in 2\.\.1000",
        ),
        (lambda: lecnn.regions.count_regions_2d(_relu(), resolution=20_000), "in 1..1000"),
        (
            lambda: lecnn.plotting.plot_activation_histograms(
                _relu(), np.zeros((3, 2)), bins=10**9
            ),
            "bins must be an integer in 1..10000",
        ),
        (lambda: lecnn.gradient_norms("net", [1.0, 2.0], 0), "gradient_norms needs a lecnn"),
        (lambda: lecnn.Network({3, 2}), "sizes must be a list of layer widths"),
        (lambda: lecnn.layers.Sequential(None, lecnn.layers.SoftmaxCrossEntropy()), "starts with"),
        (
            lambda: lecnn.layers.Sequential(
                [lecnn.layers.Affine(np.zeros((4, 3))), lecnn.layers.Affine(np.zeros((2, 6)))],
                lecnn.layers.SoftmaxCrossEntropy(),
            ),
            "layer 1 .* takes a width of 5 but the layer before it gives 4",
        ),
        (lambda: lecnn.train(_tanh_net(), np.zeros((2, 2)), [0, 1], progress="yes"), "progress"),
        (
            lambda: lecnn.data.train_test_split(np.zeros((4, 1)), [0, 1, 0, 1], stratify="yes"),
            "stratify must be True or False",
        ),
        (lambda: lecnn.regions.shallow_sawtooth_network(10**6), r"r must be an integer in 1\.\.62"),
        (lambda: lecnn.regions.shallow_sawtooth_network(40), "would need about"),
        (lambda: lecnn.regions.folding_network(10**5, 10**5), "sizes is too long"),
        (lambda: lecnn.regions.folding_network(10**5, 2), "would need about"),
        (lambda: lecnn.plotting.plot_confusion_matrix([0, 1], [1, 0], m=10**4), "at most 100"),
        (
            lambda: lecnn.plotting.plot_misclassified(
                np.zeros((2, 64)), [0, 1], [1, 0], max_images=10**6
            ),
            r"max_images must be an integer in 1\.\.200",
        ),
        (lambda: lecnn.softmax(3.0), r"u_r must have shape \(m,\)"),
        (lambda: lecnn.softmax(np.array([])), r"got \(0,\)"),
        (lambda: lecnn.softmax(["a", "b"]), "u must be a numeric array"),
        (lambda: lecnn.relative_error(np.ones(3), np.ones((3, 1))), "same shape"),
        (lambda: lecnn.relative_error(np.ones(3), 1.0), "same shape"),
        (lambda: lecnn.verdict(None, 1e-5), "err must be a real number"),
        (lambda: lecnn.gradcheck.numerical_gradient(lambda v: None, np.ones(2)), "E\\(v\\) must"),
    ],
)
def test_odd_values_get_lecnns_message_not_pythons(call, english):
    import matplotlib.pyplot as plt

    try:
        with pytest.raises((TypeError, ValueError)) as info:
            call()
    finally:
        plt.close("all")
    _bilingual(str(info.value), english)
    assert len(str(info.value)) < 600


def test_softmax_takes_integer_logits_as_floats():
    np.testing.assert_allclose(lecnn.softmax(np.array([1, 2, 3])), lecnn.softmax([1.0, 2.0, 3.0]))
    assert lecnn.softmax((0, 0)).tolist() == [0.5, 0.5]


def test_forward_and_predict_never_answer_nan_in_silence():
    net = lecnn.Network([2, 3, 2], seed=0)
    net.weights[0][0, 0] = np.nan  # changed in place, past the setter's check
    for call in (net.forward, net.predict):
        with pytest.raises(ValueError, match="W_0 holds NaN or inf"):
            call([1.0, 2.0])
    assert np.isnan(net.forward_pass([1.0, 2.0]).u[0]).any()  # every value shown as it is
    huge = lecnn.Network([2, 3, 2], seed=0)
    huge.weights = [W * 1e200 for W in huge.weights]
    with pytest.raises(ValueError, match="forward pass gave NaN or inf"):
        huge.forward([1e200, 1e200])


def test_a_device_pytorch_cannot_use_is_named():
    pytest.importorskip("torch", reason="PyTorch is not installed (the torch extra)")
    with pytest.raises(ValueError, match="device 'no such device' cannot be used"):
        lecnn.pytorch.to_torch(lecnn.Network([2, 3, 2], seed=0), device="no such device")


def test_check_keywords_reads_the_signature():
    def make(n, noise=0.1, /, *, seed=0, **options):
        return n

    def plain(n, /, noise=0.1, *, seed=0):
        return n

    options = {"anything": 1}
    assert lecnn.validation.check_keywords(make, options, "make()") is options  # **options
    assert lecnn.validation.check_keywords(plain, {"noise": 0.2, "seed": 1}, "plain()")
    with pytest.raises(TypeError, match="takes noise, seed$") as info:  # n is positional-only
        lecnn.validation.check_keywords(plain, {"n": 3}, "plain()")
    assert info.value.args[0].startswith("plain() に使えないキーワード引数があります: n")

"""Learning rates that blow up: a step refuses a non-finite update, train and the playground
stop a loss that explodes while still finite, by one rule, and say so in Japanese, then English."""

import contextlib
import pickle
from types import SimpleNamespace

import numpy as np
import pytest

import lecnn
from lecnn import divergence
from lecnn.playground import Engine


def _spirals():
    return lecnn.data.spirals(n=300, noise=0.1, seed=0, classes=3)


@pytest.mark.parametrize(("dtype", "eta"), [(np.float64, 1e308), (np.float32, 1e39)])
def test_step_with_a_huge_eta_raises_and_leaves_the_weights_exactly(dtype, eta):
    X, labels = _spirals()
    net = lecnn.Network([2, 16, 16, 3], dtype=dtype, seed=0)
    before = [W.copy() for W in net.weights]
    with pytest.raises(lecnn.DivergenceError) as info:
        net.step(X[:10], labels[:10], eta)
    for W, W_before in zip(net.weights, before, strict=True):
        np.testing.assert_array_equal(W, W_before)
    message = str(info.value)
    assert f"eta={eta:g}" in message and f"e.g. eta={eta / 10:g}" in message
    assert "学習率 η" in message and "小さい値" in message
    # the next, reasonable call is not blamed
    assert np.isfinite(net.step(X[:10], labels[:10], 0.01))
    assert all(np.isfinite(W).all() for W in net.weights)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_train_with_an_exploding_eta_raises_with_history_and_restores(dtype):
    X, labels = _spirals()
    net = lecnn.Network([2, 16, 16, 3], dtype=dtype, seed=0)
    before = [W.copy() for W in net.weights]
    with pytest.raises(lecnn.DivergenceError) as info:
        lecnn.train(net, X, labels, eta=1e6, epochs=20)
    err = info.value
    message = str(err)
    assert "eta=1e+06" in message and "e.g. eta=100000" in message and "restored" in message
    assert "発散" in message and "η = 100000 などの小さい値" in message
    assert isinstance(err.history, lecnn.History) and len(err.history.epoch) <= 1
    assert err.epoch == 1 and err.restored
    for W, W_before in zip(net.weights, before, strict=True):
        np.testing.assert_array_equal(W, W_before)


def test_a_finite_explosion_is_named_with_the_rule_and_the_epochs_so_far():
    """float64 at eta = 1e6: every loss stays finite (4e46 and more), yet train stops."""
    X, labels = _spirals()
    net = lecnn.Network([2, 16, 16, 3], seed=0)
    with pytest.raises(lecnn.DivergenceError) as info:
        lecnn.train(net, X, labels, eta=1e6, epochs=20)
    err = info.value
    assert err.cause == "exploded"
    assert err.history.epoch == [1] and err.history.train_loss[0] == err.value > 1e10
    assert "exceeds 1000 × E_ref" in str(err) and "発散とみなします" in str(err)


def test_the_error_survives_pickling():
    err = lecnn.DivergenceError(
        "exploded", 0.5, 99.0, start=1.0, factor=1e3, sustained=10.0, records=3, floor=1.0, step=3
    )
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) and again.eta == 0.5 and again.cause == "exploded"
    assert type(again) is lecnn.DivergenceError is lecnn.fast_step.DivergenceError


@pytest.mark.parametrize(
    ("sizes", "hidden", "output", "eta", "batch_size"),
    [
        ([2, 16, 16, 3], "relu", "softmax", 0.05, 1),
        ([2, 16, 16, 3], "relu", "softmax", 1.0, 10),  # large but trainable
        ([1, 16, 16, 1], "tanh", "identity", 0.1, 1),
        ([2, 8, 8, 8, 8, 3], "sigmoid", "softmax", 3.0, 10),
    ],
)
def test_legitimate_training_never_counts_as_exploded(sizes, hidden, output, eta, batch_size):
    if output == "identity":
        X, Y = lecnn.data.sine(n=100, seed=0)
    else:
        X, Y = _spirals()
    for dtype in (np.float64, np.float32):
        net = lecnn.Network(sizes, hidden=hidden, output=output, dtype=dtype, seed=0)
        history = lecnn.train(net, X, Y, eta=eta, epochs=30, batch_size=batch_size)
        assert len(history.epoch) == 30


def test_the_rule():
    assert divergence.exploded([0.9, 1e4], start=0.7) and divergence.exploded([float("inf")], 0.7)
    assert not divergence.exploded([62.0], start=0.7)  # one spike is not enough
    assert divergence.exploded([62.0, 40.0, 11.0], start=0.7)  # three records above 10 × E_ref
    assert not divergence.exploded([62.0, 40.0, 9.0], start=0.7)
    assert not divergence.exploded([1.5, 7.1, 1.5, 16.4, 1.9, 0.2], start=0.61)  # a real spike
    assert divergence.exploded([20.0, 20.0, 20.0], start=0.01)  # the floor: E_ref = max(0.01, 1)
    assert not divergence.exploded([40.0] * 3, start=5.0) and divergence.exploded([51.0] * 3, 5.0)
    assert not divergence.exploded([5.0], start=float("nan")) and not divergence.exploded([], 1.0)


def test_the_playground_flags_an_explosion_by_the_same_rule(monkeypatch):
    """Sigmoid, 8 hidden layers of 64, eta = 10, one sample per step: E jumps from 0.7 to 11.7
    and stays there (saturated units), finite all along."""
    settings = {"activation": "sigmoid", "hidden_widths": (64,) * 8, "eta": 10.0, "batch_size": 1}
    engine = Engine(**settings)
    start = engine.history.train_loss[0]
    taken = engine.step(2000)
    assert engine.diverged and taken < 2000
    assert min(engine.history.train_loss[-3:]) > 10 * max(start, 1.0)
    assert all(np.isfinite(engine.history.train_loss))
    assert "eta=10" in engine.diverged and "発散" in engine.diverged
    assert "発散しました" in engine.summary()
    # one rule: with the rule switched off the same run goes on
    monkeypatch.setattr(divergence, "EXPLOSION_FACTOR", 1e300)
    monkeypatch.setattr(divergence, "SUSTAINED_FACTOR", 1e300)
    calm = Engine(**settings)
    assert calm.step(taken + 20) == taken + 20 and calm.diverged is None


def test_a_wrong_input_shape_says_it_in_japanese_too():
    net = lecnn.Network([3, 4, 2])
    with pytest.raises(
        ValueError, match=r"^x の形は.* / x must have shape \(3,\) for one sample"
    ) as info:
        net.forward(np.zeros(4))
    assert "渡された形は (4,)" in str(info.value)
    with pytest.raises(ValueError, match="正解 y の形が違います"):
        net.loss(np.zeros((5, 3)), np.zeros((5, 3)))


# ------------------------------------------------------- causes besides a large η

PLAIN_ADVICE = "学習率 η = 1 が大きすぎるようです。η = 0.1 などの小さい値で試してください。"


def test_a_plain_eta_blow_up_keeps_the_wording_notebook_07_shows():
    X, Y = lecnn.data.sine(n=100, noise=0.1, seed=0)
    net = lecnn.Network([1, 32, 32, 1], hidden="tanh", output="identity", seed=0)
    with pytest.raises(lecnn.DivergenceError) as info:
        lecnn.train(net, X, Y, eta=1.0, epochs=100, seed=0)
    err = info.value
    assert err.japanese.endswith(f"{PLAIN_ADVICE}重みは train() を呼ぶ前の値に戻しました。")
    assert (
        "with learning rate eta=1: eta is probably too large; try a smaller one, e.g. "
        in err.english
    )
    assert err.suspects == {}


def test_a_huge_weight_decay_is_named_instead_of_eta():
    X, labels = _spirals()
    net = lecnn.Network([2, 16, 3], seed=0)
    before = [W.copy() for W in net.weights]
    rule = lecnn.optim.SGD(0.1, weight_decay=100.0)
    with pytest.raises(lecnn.DivergenceError) as info:
        lecnn.train(net, X, labels, epochs=20, optimizer=rule)
    err = info.value
    assert "η·λ = 0.1 × 100 = 10" in err.japanese and "weight_decay" in err.japanese
    assert "the weight decay is probably too strong" in err.english
    assert "大きすぎるようです。η = 0.01" not in err.japanese
    assert "eta is probably too large" not in err.english
    assert all(np.array_equal(W, B) for W, B in zip(net.weights, before, strict=True))
    assert str(pickle.loads(pickle.dumps(err))) == str(err)


@pytest.mark.parametrize(
    ("scale_x", "scale_y", "japanese", "english"),
    [
        (1.0, 1e200, "正解 y の絶対値が最大", "the targets are huge"),
        (1e7, 1.0, "入力 x の絶対値が最大", "the inputs are huge"),
    ],
)
def test_huge_data_are_named_instead_of_eta(scale_x, scale_y, japanese, english):
    X, Y = lecnn.data.sine(n=50, seed=0)
    net = lecnn.Network([1, 8, 1], output="identity", seed=0)
    with pytest.raises(lecnn.DivergenceError) as info:
        lecnn.train(net, X * scale_x, Y * scale_y, eta=0.01, epochs=3)
    err = info.value
    assert japanese in err.japanese and "標準化" in err.japanese
    assert english in err.english and "standardise" in err.english
    assert "eta is probably too large" not in err.english


@pytest.mark.parametrize(
    ("rule", "largest_stable"),
    [
        ({}, 2.0),  # W̃ ← (1 − η·λ) W̃
        ({"dampening": 0.5}, 2.0),  # without momentum the dampening does nothing
        ({"momentum": 0.9}, 3.8),  # 2 (1 + μ)
        ({"momentum": 0.5, "dampening": 0.5}, 6.0),  # 2 (1 + μ) / (1 − τ)
        ({"momentum": 0.9, "nesterov": True}, 3.8 / 2.8),  # 2 (1 + μ) / (1 + 2μ)
    ],
)
def test_the_decay_is_blamed_exactly_where_it_blows_up_by_itself(rule, largest_stable):
    def blows_up(eta_lambda):  # the decay term alone, G = λ W̃ with E's own gradient 0
        net = SimpleNamespace(weights=[np.array([[0.0, 1.0]])])
        optimizer = lecnn.optim.SGD(1.0, weight_decay=eta_lambda, **rule)
        with contextlib.suppress(lecnn.DivergenceError):
            for _ in range(500):
                optimizer.update(net, [np.zeros((1, 2))])
            return abs(net.weights[0][0, 1]) > 1
        return True

    for eta_lambda in (0.98 * largest_stable, 1.02 * largest_stable):
        optimizer = lecnn.optim.SGD(1.0, weight_decay=eta_lambda, **rule)
        named = "decay" in lecnn.divergence.other_causes(1.0, optimizer, [[0.0]], [[0.0]])
        assert named == blows_up(eta_lambda), (rule, eta_lambda)


def test_an_adaptive_rule_decays_without_being_blamed_for_it():
    rule = lecnn.optim.Adam(0.1, weight_decay=100.0)  # η·λ = 10, but Adam's steps stay ~η
    assert lecnn.divergence.other_causes(0.1, rule, [[0.0]], [[0.0]]) == {}


def test_the_playground_names_a_huge_weight_decay_too():
    e = Engine(seed=0, optimizer="sgd", regularization="l2", regularization_rate=10.0, eta=1.0)
    e.step(200)
    assert e.diverged and "η·λ = 1 × 10 = 10" in e.diverged
    assert "eta is probably too large" not in e.diverged

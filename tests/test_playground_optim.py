"""The playground's update rule: optimiser (SGD, momentum, Adam) and regularisation (L1, L2).

The engine trains with the rule its settings choose (``settings.make_optimizer``), its state
made afresh with the network; the controls come from ``table.CONTROLS``; the settings
string and the app's address carry the rule, and a string from before it existed still loads.
"""

import numpy as np
import pytest

from lecnn import optim
from lecnn.playground import Engine, Panel, Settings
from lecnn.playground.settings import OPTIMIZERS, REGULARIZATIONS
from lecnn.playground.state import from_query, from_state, to_query, to_state


def _penalty(net):
    """Σ_k ‖W̃_k‖₁ and Σ_k ‖W̃_k‖² (the intercept columns left out)."""
    l1 = sum(np.abs(W[:, 1:]).sum() for W in net.weights)
    l2 = sum((W[:, 1:] ** 2).sum() for W in net.weights)
    return l1, l2


# ------------------------------------------------------------------- the engine


@pytest.mark.parametrize("regularization", list(REGULARIZATIONS))
@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_every_rule_trains_xor(optimizer, regularization):
    e = Engine(
        dataset="xor",
        hidden_widths=(8, 8),
        eta=0.03,
        seed=0,
        optimizer=optimizer,
        regularization=regularization,
        regularization_rate=0.001,
    )
    start = e.train_loss
    assert e.step(600) == 600 and e.diverged is None
    assert e.train_loss < 0.5 * start
    assert e.test_accuracy > 0.85


def test_the_engine_makes_the_optimiser_of_its_settings():
    e = Engine(seed=0)
    assert e.optimizer is None  # the lecture's W_k ← W_k − η ∂E/∂W_k (Network.step)
    e.configure(optimizer="momentum", momentum=0.8, eta=0.1)
    assert isinstance(e.optimizer, optim.SGD) and e.optimizer.momentum == 0.8
    assert e.optimizer.eta == 0.1
    e.configure(optimizer="adam", regularization="l2", regularization_rate=0.01)
    assert isinstance(e.optimizer, optim.Adam)
    assert (e.optimizer.weight_decay, e.optimizer.l1) == (0.01, 0.0)
    e.configure(regularization="l1", regularization_rate=0.003)
    assert (e.optimizer.weight_decay, e.optimizer.l1) == (0.0, 0.003)
    e.configure(optimizer="sgd", regularization="none")
    assert e.optimizer is None


def test_one_step_with_adam_and_l2_is_torch_optims_rule_on_the_minibatch():
    """Step 1 of Adam: W̃ moves by η sign(G + λ W̃) (bias-corrected), intercepts by η sign(G)."""
    e = Engine(batch_size=7, eta=0.01, seed=3, optimizer="adam", regularization="l2")
    e.configure(regularization_rate=0.1)
    before = e.net.copy()
    idx = np.random.default_rng(3).permutation(len(e.X_train))[:7]
    twin = optim.Adam(eta=0.01, weight_decay=0.1)
    twin.update(before, before.gradients(e.X_train[idx], e.labels_train[idx]))
    e.step(1)
    for W, V in zip(e.net.weights, before.weights, strict=True):
        np.testing.assert_array_equal(W, V)


def test_l2_and_l1_shrink_the_weights_compared_with_none():
    def trained(regularization, rate=0.03):
        e = Engine(
            hidden_widths=(8, 8),
            seed=0,
            optimizer="adam",
            regularization=regularization,
            regularization_rate=rate,
        )
        e.step(500)
        assert e.diverged is None
        return e

    plain, l2, l1 = trained("none"), trained("l2"), trained("l1")
    plain_l1, plain_l2 = _penalty(plain.net)
    assert _penalty(l2.net)[1] < 0.5 * plain_l2  # L2 shrinks Σ‖W̃_k‖²
    assert _penalty(l1.net)[0] < 0.5 * plain_l1  # L1 shrinks Σ‖W̃_k‖₁ ...
    zeros = sum((np.abs(W[:, 1:]) < 1e-2).sum() for W in l1.net.weights)
    plain_zeros = sum((np.abs(W[:, 1:]) < 1e-2).sum() for W in plain.net.weights)
    assert zeros > 2 * plain_zeros  # ... and leaves many weights near 0


def test_the_optimiser_state_starts_afresh_with_the_network_and_a_new_rule():
    e = Engine(seed=0, optimizer="adam")
    e.step(30)
    adam = e.optimizer
    assert adam.t == 30
    e.configure(eta=0.01, regularization="l2")  # η and λ change: the running means go on
    assert e.optimizer is adam and adam.eta == 0.01 and adam.weight_decay == 0.001
    e.step(5)
    assert adam.t == 35
    e.reset()
    assert e.optimizer is not adam and e.optimizer.t == 0
    e.step(3)
    e.configure(hidden_widths=(4,))  # a new shape: a new state for its W_k
    assert e.optimizer.t == 0
    e.step(3)
    e.configure(optimizer="momentum")
    assert isinstance(e.optimizer, optim.SGD) and e.optimizer.t == 0
    e.step(3)
    e.configure(momentum=0.5)  # a new μ: a new rule
    assert e.optimizer.t == 0 and e.optimizer.momentum == 0.5
    e.step(2)
    assert e.steps == 8


def test_plain_sgd_trains_exactly_as_before():
    """The defaults are the lecture's SGD: the same weights as Network.step by hand."""
    e = Engine(batch_size=5, eta=0.1, seed=2)
    net = e.net.copy()
    order = np.random.default_rng(2).permutation(len(e.X_train))
    e.step(3)
    for i in range(3):
        idx = order[5 * i : 5 * i + 5]
        net.step(e.X_train[idx], e.labels_train[idx], 0.1)
    for W, V in zip(e.net.weights, net.weights, strict=True):
        np.testing.assert_array_equal(W, V)


def test_a_diverging_rule_stops_and_leaves_finite_weights():
    e = Engine(seed=0, optimizer="momentum", momentum=0.99, eta=10.0, regularization="l2")
    e.step(400)
    assert e.diverged is not None
    assert all(np.isfinite(W).all() for W in e.net.weights)
    e.reset()
    assert e.diverged is None and e.optimizer.t == 0


def test_the_summary_names_the_rule_only_when_it_is_not_plain_sgd():
    assert "Adam" not in Engine(seed=0).summary()
    text = Engine(seed=0, optimizer="adam", regularization="l1", regularization_rate=0.01).summary()
    assert "Adam" in text and "L1 正則化 λ = 0.01" in text
    assert "モーメンタム μ = 0.8" in Engine(seed=0, optimizer="momentum", momentum=0.8).summary()


@pytest.mark.parametrize("dataset", ["digits", "sine"])
def test_the_rules_train_the_digits_and_the_sine(dataset):
    e = Engine(dataset=dataset, hidden_widths=(16,), seed=0, optimizer="adam", eta=0.01)
    e.configure(regularization="l2", regularization_rate=0.0001)
    start = e.train_loss
    e.step(200)
    assert e.diverged is None and e.train_loss < 0.7 * start


# --------------------------------------------------------------------- the panel


def test_the_controls_set_the_rule_and_show_which_take_effect():
    panel = Panel(seed=0)
    for name in ("optimizer", "momentum", "regularization", "regularization_rate"):
        assert f"lecnn-{name.replace('_', '-')}" in getattr(panel, name)._dom_classes
    assert panel.optimizer.description == "最適化法"
    assert panel.momentum.description == "係数 μ"
    assert panel.regularization.description == "正則化"
    assert panel.regularization_rate.description == "係数 λ"
    labels = dict((v, k) for k, v in panel.optimizer.options)
    assert labels == {
        "sgd": "SGD",
        "momentum": "モーメンタム (μ)",
        "adam": "Adam β₁=0.9, β₂=0.999",
    }
    labels = dict((v, k) for k, v in panel.regularization.options)
    assert labels["none"] == "なし" and "λ‖W̃‖₁" in labels["l1"] and "(λ/2)‖W̃‖²" in labels["l2"]
    assert panel.momentum.disabled and panel.regularization_rate.disabled
    panel.optimizer.value = "momentum"
    assert not panel.momentum.disabled and isinstance(panel.engine.optimizer, optim.SGD)
    panel.momentum.value = 0.95
    assert panel.engine.optimizer.momentum == 0.95
    panel.optimizer.value = "adam"
    panel.regularization.value = "l2"
    panel.regularization_rate.value = 0.03
    assert panel.momentum.disabled and not panel.regularization_rate.disabled
    assert isinstance(panel.engine.optimizer, optim.Adam)
    assert panel.engine.optimizer.weight_decay == 0.03
    panel.step()
    assert panel.engine.steps == panel.steps_per_frame and panel.engine.optimizer.t == 20
    s = from_state(panel.state())
    assert (s.optimizer, s.regularization, s.regularization_rate) == ("adam", "l2", 0.03)


def test_a_pasted_string_moves_the_rules_controls():
    panel = Panel(seed=0)
    text = to_state(
        Settings(optimizer="momentum", momentum=0.5, regularization="l1", regularization_rate=0.3)
    )
    panel.state_text.value = text
    shown = [panel.optimizer.value, panel.momentum.value]
    shown += [panel.regularization.value, panel.regularization_rate.value]
    assert shown == ["momentum", 0.5, "l1", 0.3]
    assert panel.engine.optimizer.l1 == 0.3 and panel.engine.optimizer.momentum == 0.5


# ------------------------------------------------------ settings string and address


@pytest.mark.parametrize(
    "changes",
    [
        dict(optimizer="adam", regularization="l2", regularization_rate=0.01),
        dict(optimizer="momentum", momentum=0.99, regularization="l1", regularization_rate=10.0),
        dict(optimizer="sgd", regularization="l2", regularization_rate=0.0001),
    ],
)
def test_the_settings_string_and_the_address_carry_the_rule(changes):
    settings = Settings(dataset="xor", **changes).checked()
    assert from_state(to_state(settings)) == settings
    assert from_query(to_query(settings)) == settings
    assert from_query("a=1&" + to_query(settings)).optimizer == changes["optimizer"]


def test_a_string_without_the_rule_loads_as_plain_sgd():
    old = (
        '{"dataset":"xor","noise":0.2,"train_fraction":0.7,"hidden_widths":[16,8],'
        '"activation":"tanh","eta":0.3,"batch_size":5,"seed":7,"n_samples":400,'
        '"features":["x1","x2"]}'
    )
    s = from_state(old)
    assert (s.optimizer, s.regularization) == ("sgd", "none")
    assert Engine(s).optimizer is None


@pytest.mark.parametrize(
    "fields, japanese",
    [
        ('"optimizer":"rmsprop"', "optimizer は .* のどれかにしてください"),
        ('"optimizer":"Adam"', "optimizer は .* のどれかにしてください"),
        ('"regularization":"l3"', "regularization は .* のどれかにしてください"),
        ('"regularization_rate":-0.1', "正則化の強さ λ \\(regularization_rate\\) は 0 以上"),
        ('"regularization_rate":100', "正則化の強さ λ \\(regularization_rate\\) は 0 以上 10 以下"),
        ('"regularization_rate":"0.1"', "正則化の強さ λ \\(regularization_rate\\) は 0 以上の数"),
        ('"momentum":1', "モーメンタム μ \\(momentum\\) は 0 以上 0.999 以下"),
        ('"momentum":0.995', "モーメンタム μ \\(momentum\\) は 0 以上 0.99 以下"),
        ('"momentum":-0.5', "モーメンタム μ \\(momentum\\) は 0 以上"),
        ('"regularization_rate":NaN', "NaN は設定の値にできません"),
    ],
)
def test_bad_values_of_the_rule_are_refused_in_japanese(fields, japanese):
    with pytest.raises(
        ValueError, match="^設定の値が正しくありません: |^設定の文字列が JSON"
    ) as err:
        from_state("{" + fields + "}")
    assert err.match(japanese)


def test_bad_values_through_the_engine_and_the_panel_are_refused_and_change_nothing():
    e = Engine(seed=0, optimizer="adam")
    with pytest.raises(ValueError, match="regularization は"):
        e.configure(regularization="L2")
    with pytest.raises(ValueError, match="モーメンタム μ"):
        e.configure(momentum=1.5)
    assert e.settings.regularization == "none" and e.settings.momentum == 0.9
    panel = Panel(seed=0)
    panel.state_text.value = '{"optimizer":"adam","regularization_rate":-1}'
    assert "正則化の強さ λ" in panel.status.value
    assert panel.engine.settings.optimizer == "sgd" and panel.optimizer.value == "sgd"


def test_the_string_of_plain_sgd_leaves_the_rule_out_and_others_name_it():
    plain = to_state(Settings())
    assert all(name not in plain for name in ("optimizer", "momentum", "regularization"))
    text = to_state(Settings(optimizer="adam", regularization="l2", regularization_rate=0.01))
    assert '"optimizer":"adam"' in text and '"regularization":"l2"' in text
    assert '"regularization_rate":0.01' in text and "momentum" not in text

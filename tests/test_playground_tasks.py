"""The playground's regression task (the sine) and the extra input features."""

import base64
import warnings

import numpy as np
import pytest

from lecnn.playground import Engine, Panel, backprop
from lecnn.playground.features import FEATURES, check_features, expand


def test_sine_is_regression_with_identity_output():
    e = Engine(dataset="sine", hidden_widths=(8, 8), activation="tanh", eta=0.03, seed=0)
    assert e.is_regression and not e.is_2d
    assert e.sizes == [1, 8, 8, 1] and e.net.output == "identity"
    assert e.labels_train.shape == (len(e.X_train), 1)
    start = e.train_loss
    e.step(1000)
    assert e.train_loss < 0.25 * start
    # E = ½ (y − f(x))², averaged: the engine's loss is the squared error of the fitted curve
    fitted = e.net.forward(e.X_test)
    np.testing.assert_allclose(e.test_loss, np.mean(0.5 * (fitted - e.labels_test) ** 2))
    assert "正解率" not in e.summary()


def test_sine_trace_equals_network_backward():
    e = Engine(dataset="sine", hidden_widths=(5,), activation="tanh", seed=0)
    e.step(20)
    t = e.trace(3)
    bp = e.net.backward(e.X_train[3], e.labels_train[3])
    for a, b in zip(t.delta, bp.delta, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
    assert len(backprop.stages(e.net.r)) == 5


def test_sine_panel_draws_the_curve_and_the_diagram():
    panel = Panel(dataset="sine", hidden_widths=(8,), activation="tanh", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        panel.step()
    assert panel.boundary.layout.display == "none"
    assert "lecnn-curve" in panel.boundary_caption.value
    assert panel.boundary_caption.value.count("<circle") == len(panel.engine.X_train) + len(
        panel.engine.X_test
    )
    assert "回帰" in panel.boundary_heading.value
    assert "正解率" not in panel.status.value
    assert panel.diagram.value.count('class="lecnn-unit"') == 1 + 8 + 1
    panel.backprop_toggle.value = True
    assert "正解 y" in panel.backprop_caption.value
    png = panel.display_outputs()[1][0]["image/png"]
    assert base64.b64decode(png)[:4] == b"\x89PNG"
    panel.dataset.value = "xor"  # back to classification
    assert panel.boundary.layout.display is None and panel.engine.sizes == [2, 8, 2]


def test_the_inputs_are_the_features_switched_on():
    X = np.array([[0.5, -2.0], [1.0, 3.0]])
    Z = expand(X, ("x1", "x2", "x1^2", "x1x2", "sin x2"))
    np.testing.assert_allclose(
        Z, np.column_stack([X, X[:, 0] ** 2, X[:, 0] * X[:, 1], np.sin(X[:, 1])])
    )
    np.testing.assert_allclose(expand(X, ("x2", "x1^2")), np.column_stack([X[:, 1], X[:, 0] ** 2]))
    assert check_features(["sin x2", "x1^2"]) == ("x1^2", "sin x2")  # FEATURES' order
    with pytest.raises(ValueError):
        check_features(["x3"])
    with pytest.raises(ValueError, match="入力が 1 つもありません"):
        check_features([])
    with pytest.raises(TypeError):
        check_features("x1^2")


def test_squares_let_a_network_without_hidden_layers_separate_circles():
    plain = Engine(dataset="circles", hidden_widths=(), eta=0.1, seed=0)
    squares = Engine(
        dataset="circles",
        hidden_widths=(),
        features=("x1", "x2", "x1^2", "x2^2"),
        eta=0.1,
        seed=0,
    )
    assert squares.sizes == [4, 2]
    for e in (plain, squares):
        e.step(1000)
    assert plain.test_accuracy < 0.75 < 0.95 < squares.test_accuracy


def test_feature_toggles_rebuild_the_network_and_the_diagram_shows_the_inputs():
    panel = Panel(hidden_widths=(4,), seed=0)
    toggles = dict(zip(FEATURES, panel.features.children, strict=True))
    assert toggles["x1"].value and toggles["x2"].value and not toggles["x1x2"].value
    toggles["x1x2"].value = True
    assert panel.engine.settings.features == ("x1", "x2", "x1x2")
    assert panel.engine.sizes == [3, 4, 2]
    assert panel.diagram.value.count('class="lecnn-unit"') == 3 + 4 + 2
    assert '"features":["x1","x2","x1x2"]' in panel.state_text.value
    again = Panel.from_state(panel.state())
    assert again.engine.sizes == [3, 4, 2] and again.features.children[4].value
    # x₁ switched off: the network sees x₂ and x₁x₂ only; the picture still shows the plane
    toggles["x1"].value = False
    assert panel.engine.settings.features == ("x2", "x1x2") and panel.engine.sizes == [2, 4, 2]
    np.testing.assert_allclose(panel.engine.X_train[:, 0], panel.engine.points_train[:, 1])
    assert panel.engine.points_train.shape[1] == 2
    # the last input cannot be switched off: the toggle stays on and the status says why
    toggles["x2"].value = False
    toggles["x1x2"].value = False
    assert toggles["x1x2"].value and "入力が 1 つもありません" in panel.status.value
    assert panel.engine.settings.features == ("x1x2",)


def test_feature_toggles_are_disabled_where_they_do_nothing():
    panel = Panel(hidden_widths=(4,), seed=0)
    toggles = list(panel.features.children)
    assert not any(t.disabled for t in toggles)
    for name in ("digits", "sine"):
        panel.dataset.value = name
        assert all(t.disabled for t in toggles)
        assert "このデータでは使えません" in panel.features_heading.value
    panel.dataset.value = "xor"
    assert not any(t.disabled for t in toggles) and "使えません" not in panel.features_heading.value

"""The playground: the headless engine, the pictures, and the panel driven without a browser."""

import asyncio
import io
import sys
import time
import warnings
import xml.etree.ElementTree as ET

import ipywidgets as widgets
import matplotlib.image
import numpy as np
import pytest

from lecnn.activations import HIDDEN_ACTIVATIONS, REGISTRY
from lecnn.data import train_test_split
from lecnn.playground import Engine, Panel, Settings, gradient_norms, playground, render, svg
from lecnn.playground.table import parse_widths
from lecnn.playground.views import PIXELS
from lecnn.validation import check_hidden_widths

# ---------------------------------------------------------------------------
# Engine
# ---------------------------------------------------------------------------


def _n_params(sizes):
    return sum(sizes[k + 1] * (sizes[k] + 1) for k in range(len(sizes) - 1))


def test_default_engine_builds_the_settings_network():
    e = Engine()
    s = Settings()
    assert e.sizes == [2, *s.hidden_widths, 2]
    assert e.net.hidden == (s.activation,) * len(s.hidden_widths)
    assert e.net.output == "softmax"
    assert len(e.X_train) == s.n_samples * s.train_fraction
    assert len(e.X_train) + len(e.X_test) == s.n_samples
    assert e.steps == 0 and e.history.steps == [0]


def test_architecture_text():
    e = Engine(hidden_widths=(8, 8))
    assert e.architecture() == f"2-8-8-2, ReLU, {_n_params([2, 8, 8, 2])} パラメータ"
    e.configure(hidden_widths=(), activation="tanh")
    assert e.architecture() == "2-2, 中間層なし, 6 パラメータ"


def test_step_counts_and_records_every_record_every_steps():
    e = Engine(record_every=5)
    assert e.step(12) == 12 and e.steps == 12
    assert e.history.steps == [0, 5, 10]
    assert e.step(0) == 0
    e.step(3)
    assert e.history.steps == [0, 5, 10, 15]
    assert e.history.grad_norm_array().shape == (4, e.net.r + 1)


def test_one_step_is_the_lectures_update_on_the_first_minibatch():
    e = Engine(batch_size=7, eta=0.05, seed=3)
    before = e.net.copy()
    # the engine visits the training set in the order of default_rng(seed).permutation
    idx = np.random.default_rng(3).permutation(len(e.X_train))[:7]
    grads = before.gradients(e.X_train[idx], e.labels_train[idx])
    e.step(1)
    for W_old, g, W_new in zip(before.weights, grads, e.net.weights, strict=True):
        np.testing.assert_allclose(W_new, W_old - 0.05 * g, rtol=1e-12, atol=1e-14)


def test_an_epoch_visits_every_training_sample_once():
    e = Engine(batch_size=10, n_samples=40, train_fraction=0.5)  # 20 training samples
    seen = []
    original = e.net.step
    e.net.step = lambda x, y, eta: seen.append(len(x)) or original(x, y, eta)
    e.step(2)
    assert seen == [10, 10]
    assert len(e._queue) == 0  # the epoch is used up; the next step starts a fresh order


def test_training_learns_xor():
    e = Engine(dataset="xor", hidden_widths=(8, 8), eta=0.1, seed=0)
    start = e.train_loss
    e.step(1500)
    assert e.train_loss < 0.3 * start
    assert e.test_accuracy > 0.9


def test_histories_are_deterministic_for_a_seed():
    a, b, c = Engine(seed=1), Engine(seed=1), Engine(seed=2)
    for e in (a, b, c):
        e.step(100)
    assert a.history.train_loss == b.history.train_loss
    assert a.history.train_loss != c.history.train_loss


def test_gradient_norms_are_frobenius_norms_of_the_gradients():
    e = Engine(hidden_widths=(5, 4), seed=0)
    grads = e.net.gradients(e.X_train, e.labels_train)
    expected = [np.sqrt(np.sum(g * g)) for g in grads]
    np.testing.assert_allclose(e.gradient_norms(), expected, rtol=1e-12)
    np.testing.assert_allclose(gradient_norms(e.net, e.X_train, e.labels_train), expected)
    np.testing.assert_allclose(e.history.grad_norms[0], expected, rtol=1e-12)


def test_deep_sigmoid_gradients_vanish_towards_the_input():
    ratios = {}
    for activation in ("sigmoid", "relu"):
        norms = Engine(hidden_widths=(8,) * 8, activation=activation, seed=0).gradient_norms()
        ratios[activation] = norms[0] / norms[-1]
    # ∇ sigmoid <= 1/4: eight layers shrink δ_k by far more than ReLU does
    assert ratios["sigmoid"] < 1e-3
    assert ratios["sigmoid"] < 0.01 * ratios["relu"]


def test_configure_rebuilds_what_depends_on_the_change():
    e = Engine(seed=0)
    e.step(40)
    weights = [W.copy() for W in e.net.weights]
    assert e.configure(eta=0.2, batch_size=5) == "none"
    assert e.steps == 40 and all(
        np.array_equal(a, b) for a, b in zip(weights, e.net.weights, strict=True)
    )
    assert e.configure(hidden_widths=[4, 4, 4]) == "network"
    assert e.sizes == [2, 4, 4, 4, 2] and e.steps == 0
    version = e.version
    assert e.configure(noise=0.3) == "data"
    assert e.version == version + 1
    assert e.configure(dataset="digits") == "data"
    assert e.sizes == [64, 4, 4, 4, 10] and not e.is_2d
    assert e.configure(dataset="blobs") == "data" and e.sizes[-1] == 3


def test_reset_restores_the_initial_weights():
    e = Engine(seed=4)
    initial = [W.copy() for W in e.net.weights]
    e.step(60)
    e.reset()
    assert e.steps == 0 and e.history.steps == [0]
    for a, b in zip(initial, e.net.weights, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"dataset": "moons"}, ValueError),
        ({"hidden_widths": (8, 0)}, ValueError),
        ({"hidden_widths": "8,8"}, TypeError),
        ({"hidden_widths": (8.5,)}, TypeError),
        ({"activation": "softmax"}, ValueError),
        ({"eta": -0.1}, ValueError),
        ({"eta": "big"}, TypeError),
        ({"batch_size": 0}, ValueError),
        ({"train_fraction": 1.0}, ValueError),
        ({"noise": float("nan")}, ValueError),
        ({"seed": -1}, ValueError),
        ({"width": 8}, TypeError),
    ],
)
def test_bad_settings_raise_and_leave_the_engine_unchanged(changes, error):
    e = Engine(seed=0)
    e.step(20)
    before = (e.settings, e.steps, e.sizes)
    with pytest.raises(error):
        e.configure(**changes)
    assert (e.settings, e.steps, e.sizes) == before
    with pytest.raises(error):
        Engine(**changes)


def _error(call):
    with pytest.raises((TypeError, ValueError)) as info:
        call()
    return type(info.value), str(info.value)


@pytest.mark.parametrize("bad", [1.0, 1.5, -0.2, 0.0, float("nan"), True, "half", None])
def test_a_bad_train_fraction_fails_as_a_bad_test_size_of_train_test_split(bad):
    X, y = np.zeros((10, 2)), np.arange(10) % 2
    kind, message = _error(lambda: train_test_split(X, y, test_size=bad))
    as_test_size = (kind, message.replace("test_size", "train_fraction"))
    assert "train_fraction" in as_test_size[1] and "0 より大きく 1 より小さい" in as_test_size[1]
    assert _error(lambda: Engine(train_fraction=bad)) == as_test_size
    assert _error(lambda: Settings(train_fraction=bad).checked()) == as_test_size
    assert _error(lambda: Engine().configure(train_fraction=bad)) == as_test_size


@pytest.mark.parametrize(
    "bad, kind, wording",
    [
        ("8,8", TypeError, "hidden_widths must be a sequence of widths"),
        (8, TypeError, "hidden_widths must be a sequence of widths"),
        ((8, 0), ValueError, "hidden_widths[1] must be at least 1"),
        ((8.5,), TypeError, "hidden_widths[0] must be an integer >= 1"),
        ((True,), TypeError, "hidden_widths[0] must be an integer >= 1"),
    ],
)
def test_bad_hidden_widths_get_the_validators_error(bad, kind, wording):
    expected = _error(lambda: check_hidden_widths(bad))
    assert expected[0] is kind and wording in expected[1]
    assert _error(lambda: Engine(hidden_widths=bad)) == expected
    assert _error(lambda: Engine().configure(hidden_widths=bad)) == expected


def test_divergence_stops_training_without_warnings():
    e = Engine(activation="identity", hidden_widths=(8, 8, 8, 8), eta=10.0, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow warning would flood the output
        done = e.step(200)
        assert done < 200 and e.diverged and "eta" in e.diverged
        assert e.step(20) == 0
        assert "発散" in e.summary()
    e.configure(eta=0.01)
    e.reset()
    assert e.diverged is None and e.step(20) == 20


def test_summary_is_rounded_and_names_the_network():
    e = Engine(dataset="circles", hidden_widths=(4,), seed=0)
    e.step(100)
    text = e.summary()
    assert "データ: circles" in text and "2-4-2, ReLU" in text and "ステップ 100" in text
    loss = float(text.split("訓練誤差 E = ")[1].split(",")[0])
    assert loss == round(e.train_loss, 3)


def test_digits_noise_changes_the_pixels_but_not_the_labels():
    clean = Engine(dataset="digits", noise=0.0, seed=0)
    noisy = Engine(dataset="digits", noise=0.2, seed=0)
    assert np.array_equal(clean.labels_train, noisy.labels_train)
    assert 0.1 < np.std(noisy.X_train - clean.X_train) < 0.3


# ---------------------------------------------------------------------------
# Pictures
# ---------------------------------------------------------------------------


def test_png_round_trip():
    rgb = np.random.default_rng(0).integers(0, 256, size=(7, 5, 3), dtype=np.uint8)
    png = render.encode_png(rgb)
    decoded = matplotlib.image.imread(io.BytesIO(png), format="png")
    np.testing.assert_array_equal(np.round(decoded[..., :3] * 255).astype(np.uint8), rgb)
    with pytest.raises(ValueError):
        render.encode_png(rgb.astype(float))


def test_grid_points_run_left_to_right_and_top_to_bottom():
    g = render.grid_points(1.0, 4)
    assert g.shape == (16, 2)
    np.testing.assert_allclose(g[0], [-0.75, 0.75])  # top left
    np.testing.assert_allclose(g[3], [0.75, 0.75])  # top right
    np.testing.assert_allclose(g[-1], [0.75, -0.75])  # bottom right


def test_boundary_image_colours_each_side_and_draws_the_boundary():
    res, size = 10, 40
    g = render.grid_points(1.0, res)
    p1 = (g[:, 0] > 0).astype(float) * 0.98 + 0.01  # class 1 right of x_1 = 0
    image = render.boundary_image(np.column_stack([1 - p1, p1]), res, size)
    assert image.shape == (size, size, 3) and image.dtype == np.uint8
    left, right = image[20, 2].astype(int), image[20, -3].astype(int)
    assert left[2] > left[0]  # bluish: class 0 (tab10 blue)
    assert right[0] > right[2]  # orange: class 1
    dark = np.all(image[20] < 60, axis=1)
    assert dark.any() and np.all(np.abs(np.flatnonzero(dark) - size / 2) <= 3)


def test_points_overlay_marks_train_and_test_points():
    X = np.array([[0.0, 0.0]])
    overlay, mask = render.points_overlay(X, np.array([1]), X + 0.5, np.array([0]), 1.0, 40)
    centre = overlay[19:21, 19:21].reshape(-1, 3)
    assert mask[19:21, 19:21].all()
    assert any(tuple(c) == (255, 127, 14) for c in centre)  # a training point: filled
    row, col = 10, 30  # (0.5, 0.5) lies in the upper right quarter
    assert tuple(overlay[row, col]) == (255, 255, 255)  # a test point: white inside
    assert not mask[0, 0]


def test_unit_colours_centre_is_white():
    white = (255, 255, 255)
    assert tuple(render.unit_colors(np.zeros(3), "relu")[0]) == white  # a dead ReLU unit
    assert tuple(render.unit_colors(np.array([0.5]), "sigmoid")[0]) == white
    c = render.unit_colors(np.array([-1.0, 1.0]), "tanh").astype(int)
    assert c[0, 2] > c[0, 0] and c[1, 0] > c[1, 2]  # blue below, orange above
    assert render.unit_colors(np.array([np.nan, np.inf]), "relu").shape == (2, 3)


def test_line_chart_is_valid_svg_with_one_line_per_series():
    x = np.arange(1000.0)
    chart = svg.line_chart(
        [svg.Series("a", x, np.exp(-x / 100), "red"), svg.Series("b", x, 1 + 0 * x, "blue")],
        log_y=True,
        title="t & <u>",
    )
    root = ET.fromstring(chart)
    lines = root.findall("{http://www.w3.org/2000/svg}polyline")
    assert len(lines) == 2
    assert all(len(p.get("points").split()) <= svg.MAX_POINTS for p in lines)
    empty = svg.line_chart([svg.Series("a", [], [], "red")])
    assert "まだデータがありません" in empty
    ET.fromstring(empty)


def test_line_chart_leaves_out_non_finite_and_non_positive_log_values():
    chart = svg.line_chart(
        [svg.Series("a", [0, 1, 2, 3], [1.0, np.nan, 0.0, np.inf], "red")], log_y=True
    )
    points = ET.fromstring(chart).find("{http://www.w3.org/2000/svg}polyline").get("points")
    assert len(points.split()) == 1


def test_nice_ticks():
    assert svg.nice_ticks(0, 1, 4) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert svg.nice_ticks(0, 930, 4) == [0, 200, 400, 600, 800]


def test_parse_widths():
    assert parse_widths("16, 8 4") == (16, 8, 4)
    assert parse_widths("  ") is None
    for bad in ("0", "8, x", "129", "1 2 3 4 5 6 7 8 9", "-3"):
        with pytest.raises(ValueError):
            parse_widths(bad)


# ---------------------------------------------------------------------------
# Panel (driven in Python: set a control's value, press a button, read the state)
# ---------------------------------------------------------------------------


def _with_class(widget, css):
    found = []
    stack = [widget]
    while stack:
        w = stack.pop()
        if css in getattr(w, "_dom_classes", ()):
            found.append(w)
        stack.extend(getattr(w, "children", ()))
    return found


CONTRACT = {
    "lecnn-depth": widgets.IntSlider,
    "lecnn-width": widgets.IntSlider,
    "lecnn-play": widgets.Button,
    "lecnn-pause": widgets.Button,
    "lecnn-step": widgets.Button,
    "lecnn-reset": widgets.Button,
    "lecnn-architecture": widgets.HTML,
    "lecnn-status": widgets.HTML,
    "lecnn-loss-plot": widgets.HTML,
    "lecnn-boundary": widgets.Image,
    "lecnn-grad-norms": widgets.HTML,
    "lecnn-units": widgets.Box,
    "lecnn-state": widgets.Text,
    "lecnn-features": widgets.Box,
    "lecnn-show-validation": widgets.ToggleButton,
    "lecnn-discretize": widgets.ToggleButton,
    "lecnn-bp-worst": widgets.Button,
}


def test_dom_contract_every_class_on_exactly_one_widget_of_its_kind():
    panel = playground()
    for css, kind in CONTRACT.items():
        found = _with_class(panel, css)
        assert len(found) == 1, css
        assert isinstance(found[0], kind), css
    assert _with_class(panel, "lecnn-depth")[0] is panel.depth
    assert (panel.depth.min, panel.depth.max, panel.width.min, panel.width.max) == (0, 8, 1, 128)


def test_one_table_makes_lists_and_syncs_the_controls():
    from lecnn.playground.state import from_state
    from lecnn.playground.table import CONTROLS

    panel = playground(seed=0)
    assert list(panel.controls.settings) == [c.name for c in CONTROLS]
    for c in CONTROLS:
        widget = getattr(panel, c.name)
        assert isinstance(widget, c.widget) and c.css in widget._dom_classes
        assert widget.description == c.label
        for limit, value in c.limits.items():
            assert getattr(widget, limit) == value, (c.name, limit)
    assert not isinstance(panel, type(panel.controls))  # the panel has its controls, not is them
    # a pasted settings string moves every control of the table, without rebuilding twice
    text = (
        '{"dataset":"xor","noise":0.2,"train_fraction":0.7,"hidden_widths":[16,8],'
        '"activation":"tanh","eta":0.3,"batch_size":5,"seed":7,"n_samples":400,'
        '"features":["x1","x2","x1x2"]}'
    )
    panel.state_text.value = text
    s = from_state(text)
    shown = {c.name: getattr(panel, c.name).value for c in CONTROLS}
    assert shown == {
        "dataset": "xor",
        "noise": 0.2,
        "train_fraction": 0.7,
        "depth": 2,
        "width": 16,
        "widths": "16, 8",
        "activation": "tanh",
        "eta": 0.3,
        "batch_size": 5,
        "optimizer": "sgd",  # a string without the rule's fields: the lecture's SGD
        "momentum": 0.9,
        "regularization": "none",
        "regularization_rate": 0.001,
        "seed": 7,
    }
    assert panel.engine.settings == s and panel.engine.steps == 0


def test_the_module_docstring_states_the_contract():
    import lecnn.playground

    for css in CONTRACT:
        assert f"``{css}``" in lecnn.playground.__doc__


def test_sliders_rebuild_the_network():
    panel = Panel(hidden_widths=(8, 8), seed=0)
    panel.step()
    panel.depth.value = 3
    sizes = [2, 8, 8, 8, 2]
    assert panel.engine.sizes == sizes and panel.engine.steps == 0
    assert f"2-8-8-8-2, ReLU, {_n_params(sizes)} パラメータ" in panel.architecture.value
    panel.width.value = 32
    assert panel.engine.sizes == [2, 32, 32, 32, 2]
    panel.depth.value = 0
    assert panel.engine.sizes == [2, 2]
    assert panel.diagram.value.count('class="lecnn-unit"') == 2 + 2  # x_1, x_2; y_1, y_2


def test_per_layer_widths():
    panel = Panel(seed=0)
    panel.widths.value = "16, 8, 4"
    assert panel.engine.sizes == [2, 16, 8, 4, 2] and panel.depth.value == 3
    panel.widths.value = "16, oops"
    assert panel.engine.sizes == [2, 16, 8, 4, 2]
    assert "入力を確認してください" in panel.status.value
    panel.width.value = 5  # the sliders make every layer alike again
    assert panel.engine.sizes == [2, 5, 5, 5, 2] and panel.widths.value == ""
    assert "入力を確認" not in panel.status.value


def test_other_controls_reach_the_engine():
    panel = Panel(seed=0)
    panel.step()
    panel.eta.value = 0.1
    panel.batch_size.value = 20
    assert panel.engine.settings.eta == pytest.approx(0.1) and panel.engine.steps == 20
    assert panel.engine.settings.batch_size == 20
    panel.activation.value = "tanh"
    assert panel.engine.net.hidden == ("tanh", "tanh") and "tanh" in panel.architecture.value
    panel.noise.value = 0.3
    panel.train_fraction.value = 0.7
    panel.seed.value = 5
    s = panel.engine.settings
    assert (s.noise, s.train_fraction, s.seed) == (0.3, 0.7, 5)
    assert len(panel.engine.X_train) == 280


def test_step_and_reset_buttons():
    panel = Panel(seed=0)
    first_picture = panel.boundary.value
    frames = panel.frames
    panel.step_button.click()
    assert panel.engine.steps == panel.steps_per_frame == 20
    assert panel.frames == frames + 1
    assert panel.boundary.value != first_picture
    assert "ステップ 20 " in panel.status.value and "停止中" in panel.status.value
    assert panel.loss_plot.value.count("<polyline") == 2
    panel.reset_button.click()
    assert panel.engine.steps == 0 and panel.boundary.value == first_picture


def test_grad_norm_view_has_one_line_per_layer():
    panel = Panel(hidden_widths=(4, 4, 4), seed=0)
    panel.step()
    assert panel.grad_norms.value.count("<polyline") == 4
    assert "W₃" in panel.grad_norms.value


def test_views_are_pictures_of_the_right_size():
    panel = Panel(hidden_widths=(8, 20), seed=0)
    shape = matplotlib.image.imread(io.BytesIO(panel.boundary.value), format="png").shape
    assert shape[:2] == (PIXELS, PIXELS)
    assert panel.diagram in panel.units.children
    assert "q₁ = 8" in panel.diagram.value and "q₂ = 20" in panel.diagram.value
    assert "lecnn-colour-scale" in panel.boundary_caption.value
    assert "<b>決定境界</b>" == panel.boundary_heading.value


def test_digits_show_accuracy_and_predictions():
    panel = Panel(dataset="digits", hidden_widths=(32,), seed=0, eta=0.1)
    for _ in range(10):
        panel.step()
    assert "検証正解率" in panel.status.value
    caption = panel.boundary_caption.value
    predicted = caption.split("予測: ")[1].split(" (")[0].split()
    assert len(predicted) == 16 and all(p.isdigit() for p in predicted)
    assert panel.engine.test_accuracy > 0.5
    assert "決定境界" not in panel.boundary_heading.value
    assert "検証データの予測" in panel.boundary_heading.value


def test_repr_is_a_short_summary():
    panel = Panel(hidden_widths=(8, 8), seed=0)
    text = repr(panel)
    assert len(text) < 110 and "2-8-8-2" in text and "ステップ 0" in text
    assert panel.summary() == panel.engine.summary()


def test_play_outside_an_event_loop_explains_itself():
    panel = Panel(seed=0)
    with pytest.raises(RuntimeError, match="event loop"):
        panel.play()
    assert not panel.playing


def test_nothing_is_printed(capsys):
    panel = Panel(activation="identity", hidden_widths=(8, 8, 8, 8), eta=10.0, seed=0)
    for _ in range(3):
        panel.step()
    panel.depth.value = 2
    panel.widths.value = "nonsense"
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


# ----------------------------------------------------------- Play on an event loop


async def _until(condition, timeout=10.0):
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not condition():
        assert loop.time() < end, "timed out"
        await asyncio.sleep(0.005)


def test_pause_sent_during_play_stops_training():
    async def scenario():
        panel = Panel(seed=0, frame_interval=0.01)
        ticks = []

        async def other_work():  # the event loop must keep serving others during Play
            while True:
                ticks.append(panel.engine.steps)
                await asyncio.sleep(0.001)

        other = asyncio.get_running_loop().create_task(other_work())
        panel.play_button.click()
        assert panel.playing and panel.play_button.disabled and not panel.pause_button.disabled
        await _until(lambda: panel.engine.steps >= 100)
        assert "実行中" in panel.status.value
        panel.pause_button.click()
        stopped = panel.engine.steps
        await asyncio.sleep(0.2)
        other.cancel()
        return panel, stopped, ticks

    panel, stopped, ticks = asyncio.run(scenario())
    assert panel.engine.steps == stopped and stopped % 20 == 0
    assert not panel.playing and "停止中" in panel.status.value
    assert panel._task.done()
    assert len(set(ticks)) >= 3  # other work ran between frames, at several step counts


def test_sliders_answer_during_play():
    async def scenario():
        panel = Panel(seed=0, frame_interval=0.01)
        panel.play()
        await _until(lambda: panel.engine.steps >= 60)
        panel.depth.value = 4
        assert panel.engine.sizes == [2, 8, 8, 8, 8, 2]
        await _until(lambda: panel.engine.steps >= 40)  # still playing, on the new network
        assert "2-8-8-8-8-2" in panel.architecture.value
        panel.pause()
        return panel

    panel = asyncio.run(scenario())
    assert not panel.playing


def test_play_stops_by_itself_on_divergence_and_at_max_steps():
    async def scenario(**options):
        panel = Panel(seed=0, frame_interval=0.0, **options)
        panel.play()
        await _until(lambda: not panel.playing)
        return panel

    diverging = asyncio.run(scenario(activation="identity", hidden_widths=(8, 8, 8, 8), eta=10.0))
    assert diverging.engine.diverged and "発散" in diverging.status.value
    capped = asyncio.run(scenario(max_steps=60))
    assert capped.engine.steps == 60 and "60 ステップに達した" in capped.status.value


def test_an_error_during_play_is_shown_not_lost():
    async def scenario():
        panel = Panel(seed=0)

        def broken(n):
            raise RuntimeError("boom")

        panel.engine.step = broken
        panel.play()
        await _until(lambda: not panel.playing)
        return panel

    panel = asyncio.run(scenario())
    assert "RuntimeError: boom" in panel.status.value and not panel.play_button.disabled


def test_redraws_are_throttled_while_a_slider_is_dragged():
    """Counted, not timed: the panel's clock stands still while the slider moves."""
    now = [100.0]

    async def scenario():
        panel = Panel(seed=0, redraw_interval=0.3)
        panel.clock = lambda: now[0]
        panel.redraw()
        frames = panel.frames
        for q in range(1, 31):  # a drag: many values within one redraw interval
            panel.width.value = q
        during = panel.frames - frames
        pending = panel._pending is not None
        await asyncio.sleep(0.5)  # the deferred redraw is due after 0.3 s
        after = panel.frames - frames
        assert "2-30-30-2" in panel.architecture.value  # the deferred redraw shows the last value
        now[0] += 1.0  # the next change, an interval later, redraws at once
        panel.width.value = 8
        return panel, during, pending, after, panel.frames - frames

    panel, during, pending, after, later = asyncio.run(scenario())
    assert (during, pending, after, later) == (0, True, 1, 2)
    assert panel.engine.sizes == [2, 8, 8, 2] and "2-8-8-2" in panel.architecture.value


# ------------------------------------------------- Play in a real Jupyter kernel


class _Kernel:
    """A real IPython kernel (this venv's Python) and a client that acts as the frontend."""

    def __init__(self):
        from jupyter_client.manager import start_new_kernel

        self.manager, self.client = start_new_kernel(kernel_name="python3")

    def run(self, code):
        """Execute ``code``; return its stdout (errors fail the test)."""
        msg_id = self.client.execute(code)
        out = []
        while True:
            msg = self.client.get_iopub_msg(timeout=30)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            assert kind != "error", content.get("evalue")
            if kind == "status" and content["execution_state"] == "idle":
                return "".join(out)

    def send_to_widget(self, model_id, data):
        """A comm message from the 'browser' to a widget, as a click or a drag sends it."""
        content = {"comm_id": model_id, "data": data}
        self.client.shell_channel.send(self.client.session.msg("comm_msg", content))

    def close(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


@pytest.mark.timeout(180)
def test_play_and_pause_through_widget_messages_in_a_real_kernel():
    kernel = _Kernel()
    try:
        ids = kernel.run(
            "import sys, lecnn.playground as pg\n"
            "panel = pg.Panel(seed=0, frame_interval=0.02)\n"
            "print(panel.play_button.model_id, panel.pause_button.model_id,"
            " panel.depth.model_id, sys.executable)"
        ).split()
        play, pause, depth, executable = ids
        assert executable == sys.executable  # the kernel runs this venv's Python
        click = {"method": "custom", "content": {"event": "click"}}
        kernel.send_to_widget(play, click)
        state = "print(panel.engine.steps, panel.playing, panel.engine.sizes)"
        for _ in range(200):  # the cell returns while training goes on in the background
            steps, playing, *_ = kernel.run(state).split(maxsplit=2)
            if int(steps) >= 100:
                break
            time.sleep(0.05)
        assert int(steps) >= 100 and playing == "True"
        kernel.send_to_widget(
            depth, {"method": "update", "state": {"value": 3}, "buffer_paths": []}
        )
        assert "[2, 8, 8, 8, 2]" in kernel.run(state)
        kernel.send_to_widget(pause, click)
        for _ in range(200):  # a frame under way when the click came may still end
            first = kernel.run(state)
            if " False " in first:
                break
            time.sleep(0.05)
        time.sleep(0.5)
        assert kernel.run(state) == first and " False " in first
    finally:
        kernel.close()


def test_static_figures_draw_one_line_per_layer_and_per_set():
    from lecnn.playground import plot_gradient_norms, plot_losses

    e = Engine(hidden_widths=(4, 4), seed=0)
    e.step(60)
    fig = plot_gradient_norms(e)
    ax = fig.axes[0]
    assert len(ax.lines) == 3 and ax.get_yscale() == "log"
    np.testing.assert_allclose(ax.lines[2].get_ydata(), e.history.grad_norm_array()[:, 2])
    losses = plot_losses(e).axes[0]
    assert [line.get_label() for line in losses.lines] == ["訓練データ", "検証データ"]


@pytest.mark.parametrize("steps, right", [(0, 100), (60, 100), (240, 240)])
def test_static_figures_start_at_step_0_and_span_at_least_100_steps_as_the_panel(steps, right):
    from lecnn.playground import plot_gradient_norms, plot_losses

    e = Engine(hidden_widths=(4, 4), seed=0)
    e.step(steps)
    for fig in (plot_gradient_norms(e), plot_losses(e)):
        assert fig.axes[0].get_xlim() == (0, right)


@pytest.mark.parametrize(
    "options, error",
    [
        ({"steps_per_frame": 0}, ValueError),
        ({"steps_per_frame": 2.5}, TypeError),
        ({"frame_interval": -1.0}, ValueError),
        ({"max_steps": "many"}, TypeError),
        ({"engine": "spirals"}, TypeError),
        ({"dataset": "moons"}, ValueError),
    ],
)
def test_bad_panel_options_raise(options, error):
    with pytest.raises(error):
        Panel(**options)


def test_a_panel_drives_a_given_engine():
    engine = Engine(dataset="xor", seed=0)
    panel = Panel(engine=engine, hidden_widths=(3,))
    assert panel.engine is engine and engine.sizes == [2, 3, 2]
    panel.step()
    assert engine.steps == 20


def test_closing_the_panel_stops_play():
    async def scenario():
        panel = Panel(seed=0, frame_interval=0.01)
        panel.play()
        await _until(lambda: panel.engine.steps >= 40)
        panel.close()
        stopped = panel.engine.steps
        await asyncio.sleep(0.2)
        return panel, stopped

    panel, stopped = asyncio.run(scenario())
    assert not panel.playing and panel.engine.steps == stopped


@pytest.mark.parametrize("name", HIDDEN_ACTIVATIONS)
def test_every_hidden_activation_is_offered_and_named_from_the_registry(name):
    engine = Engine(dataset="xor", hidden_widths=(2,), activation=name, n_samples=8)
    assert f", {REGISTRY[name].label}, " in engine.architecture()
    assert (REGISTRY[name].label, name) in Panel(engine=engine).activation.options


def test_the_apps_address_follows_the_settings():
    from urllib.parse import parse_qs

    from lecnn.playground.address import follow
    from lecnn.playground.state import from_query

    panel = playground(seed=0)
    address = follow(panel)
    assert from_query(address.query) == panel.engine.settings
    panel.depth.value = 3
    panel.eta.value = 0.3
    assert from_query(address.query) == panel.engine.settings
    assert parse_qs(address.query)["state"][0] == panel.state()
    assert "history.replaceState" in address._esm


def test_a_run_that_makes_the_error_worse_says_so_on_the_panel():
    # sigmoid, depth 8, η = 10: the error climbs from about 0.72 without blowing up
    panel = Panel(activation="sigmoid", hidden_widths=(8,) * 8, eta=10.0, seed=0)
    for _ in range(20):
        panel.step()
    e = panel.engine
    h = e.history
    assert not e.diverged and e.worsened
    assert float(np.median(h.train_loss[-3:])) > 2 * h.train_loss[0]
    assert "lecnn-worsened" in panel.status.value and "η" in panel.status.value
    # an ordinary run does not
    calm = Panel(hidden_widths=(8, 8), eta=0.1, seed=0)
    for _ in range(20):
        calm.step()
    assert not calm.engine.worsened and "lecnn-worsened" not in calm.status.value
    # one bad record among good ones is not enough (the median of the last three)
    e.history.train_loss[-3:] = [0.1, 9.0, 0.1]
    assert not e.worsened

"""The playground's network diagram, 「逆伝播を見る」, charts, still picture and state string."""

import base64
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import ipywidgets as widgets
import matplotlib.image
import numpy as np
import pytest

from lecnn.playground import (
    Engine,
    Panel,
    Settings,
    backprop,
    diagram,
    features,
    geometry,
    render,
    still,
    svg,
)
from lecnn.playground.state import from_query, from_state, to_query, to_state
from lecnn.playground.table import ETAS

SVG = "{http://www.w3.org/2000/svg}"


def _svg(html):
    """The diagram's <svg> element, parsed."""
    return ET.fromstring(re.search(r"<svg.*</svg>", html, re.S).group(0))


def _edge_layers(html):
    root = _svg(html)
    return {
        int(g.get("data-layer")): g.findall(f"{SVG}line")
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "lecnn-edges"
    }


# ---------------------------------------------------------------------------
# Geometry and the live diagram
# ---------------------------------------------------------------------------


def test_every_layer_is_drawn_and_wide_layers_are_elided_with_a_count():
    g = geometry.geometry([2, 32, 3, 32, 2])
    assert [len([j for j in s if j is not None]) for s in g.slots] == [2, 7, 3, 7, 2]
    assert g.width <= geometry.MAX_WIDTH
    e = Engine(hidden_widths=(32, 3, 32), seed=0)
    panel = Panel(engine=e)
    html = panel.diagram.value
    assert html.count('class="lecnn-unit"') == 2 + 7 + 3 + 7 + 2
    assert html.count("⋮ +25") == 2  # 32 units: 6 first, the ellipsis, the last
    assert html.count('class="lecnn-intercept"') == 4  # every layer but the output


def _input_names_drawn(html):
    return [t.text for t in _svg(html).iter(f"{SVG}text") if t.get("class") == "lecnn-input-name"]


def test_feature_inputs_are_named_as_their_toggles():
    chosen = ("x1", "x2", "x1^2", "x1x2", "sin x2")
    labels = [features.FEATURES[f][0] for f in chosen]
    panel = Panel(dataset="circles", hidden_widths=(4,), features=chosen, seed=0)
    toggles = {t.description for t in panel.features.children if t.value}
    assert toggles == set(labels)
    expected = labels
    assert expected[:2] == ["x₁", "x₂"]
    html = panel.diagram.value
    assert _input_names_drawn(html) == expected
    titles = re.findall(r'class="lecnn-unit" tabindex="0" title="([^"]*)"', html)
    assert titles[:5] == [f"入力 {name}" for name in expected]
    assert "x₃" not in html and "x₅" not in html
    panel.backprop_toggle.value = True
    assert _input_names_drawn(panel.diagram.value) == expected
    # the still picture's diagram takes the same names
    assert (
        panel.views.diagram_inputs(panel.engine, panel.views.main_picture(panel.engine)[2])[-1]
        == expected
    )


def test_inputs_without_features_are_numbered():
    assert _input_names_drawn(Panel(dataset="xor", seed=0).diagram.value) == ["x₁", "x₂"]
    digits = Panel(dataset="digits", hidden_widths=(4,), seed=0).diagram.value
    assert _input_names_drawn(digits) == ["x₁", "x₂", "x₃", "x₄", "x₅", "x₆", "x₆₄"]
    with pytest.raises(ValueError, match="input_names"):
        diagram.network_html(
            [2, 2], [np.zeros((2, 3))], [np.zeros((5, 5, 2))] * 2, ["input", "softmax"], ["a"]
        )


def test_the_diagram_is_the_same_in_every_process():
    # nothing in the HTML may come from Python's per-process string hashing
    script = (
        "from lecnn.playground import Engine, Panel; "
        "print(Panel(engine=Engine(hidden_widths=(3,), seed=0)).diagram.value)"
    )
    html = [
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert "linearGradient" in html[0] and html[0] == html[1]


def test_edges_follow_the_weights_sign_and_size():
    e = Engine(hidden_widths=(3,), seed=0)
    W = e.net.weights
    W[0][:] = 0.1
    W[0][1, 2] = -2.0  # the edge x_2 -> z_{1,2}, the largest |w| of W_0
    e.net.weights = W
    html = Panel(engine=e).diagram.value
    lines = _edge_layers(html)
    assert len(lines[0]) == 3 * (2 + 1) and len(lines[1]) == 2 * (3 + 1)
    widths = [float(line.get("stroke-width")) for line in lines[0]]
    strongest = lines[0][int(np.argmax(widths))]
    assert strongest.get("stroke") == geometry.NEGATIVE_EDGE
    assert all(
        line.get("stroke") == geometry.POSITIVE_EDGE for line in lines[0] if line is not strongest
    )
    assert max(widths) > 3 * min(widths)


def test_unit_heat_maps_are_the_units_outputs_over_the_plane():
    e = Engine(hidden_widths=(4,), activation="tanh", seed=0)
    panel = Panel(engine=e)
    uri = re.search(r"url\(data:image/png;base64,([^)]+)\)", panel.diagram.value).group(1)
    sprite = matplotlib.image.imread(io.BytesIO(base64.b64decode(uri)), format="png")
    assert sprite.shape[:2] == (25 * (2 + 4 + 2), 25)  # x_1, x_2, z_1.., y_1, y_2 stacked
    first_hidden = sprite[50:75]
    # z_{1,1} = tanh(w_{01}ᵀ z_0) on every 2nd grid point: orange (red > blue) where it is > 0
    half = render.square_limits(np.vstack([e.X_train, e.X_test]))
    grid = render.grid_points(half, 50).reshape(50, 50, 2)[::2, ::2].reshape(-1, 2)
    z = np.tanh(grid @ e.net.weights[0][0, 1:] + e.net.weights[0][0, 0]).reshape(25, 25)
    red_minus_blue = first_hidden[..., 0] - first_hidden[..., 2]
    strong = np.abs(z) > 0.3
    assert np.all(np.sign(red_minus_blue[strong]) == np.sign(z[strong]))


def test_the_diagram_changes_while_training_and_has_colour_scales():
    panel = Panel(seed=0)
    before = panel.diagram.value
    panel.step()
    assert panel.diagram.value != before
    assert "lecnn-colour-scale" in panel.diagram.value
    assert "lecnn-colour-scale" in panel.boundary_caption.value


def test_digits_diagram_draws_the_64_inputs_elided():
    panel = Panel(dataset="digits", hidden_widths=(16,), seed=0)
    assert "⋮ +57" in panel.diagram.value and "q₀ = 64" in panel.diagram.value


# ---------------------------------------------------------------------------
# 「逆伝播を見る」 in the panel
# ---------------------------------------------------------------------------


def _units(html):
    """Text shown in each backprop unit (its value), layer by layer from left to right."""
    root = _svg(html)
    out = []
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "lecnn-bp-unit":
            rect, text = g.find(f"{SVG}rect"), g.find(f"{SVG}text")
            out.append((float(rect.get("x")), float(rect.get("y")), text.text or ""))
    return out


def test_backprop_mode_walks_forward_then_backward():
    panel = Panel(hidden_widths=(3, 2), seed=0)
    panel.step()
    panel.backprop_step()  # turns the view on, at its first stage
    assert panel.backprop_mode and panel.backprop_prev.disabled
    r = panel.engine.net.r
    n_stages = len(backprop.stages(r))
    captions = [panel.backprop_caption.value]
    shown = [sum(1 for *_, text in _units(panel.diagram.value) if text)]
    for _ in range(n_stages - 1):
        panel.backprop_next.click()
        captions.append(panel.backprop_caption.value)
        shown.append(sum(1 for *_, text in _units(panel.diagram.value) if text))
    assert panel.backprop_next.disabled
    assert "z₀" in captions[0] and "出力 f₂(W₂ z₂)" in captions[r + 1]
    assert "δ₂ = f₂(W₂ z₂) − y" in captions[r + 2] and "δ₀" in captions[-1]
    # forward: layers appear one by one (2, 3, 2, 2 units); backward: δ from the output back
    assert shown[: r + 2] == [2, 2 + 3, 2 + 3 + 2, 2 + 3 + 2 + 2]
    assert shown[r + 2 :] == [2, 2 + 2, 2 + 2 + 3]
    panel.backprop_prev.click()
    assert panel.backprop_caption.value == captions[-2]


def test_backprop_mode_shows_the_numbers_of_network_backward():
    panel = Panel(hidden_widths=(3,), seed=0)
    panel.step()
    panel.backprop_sample.value = 5
    panel.backprop_toggle.value = True
    for _ in range(3):  # forward z_0, z_1, y; then δ_1 (the output's)
        panel.backprop_next.click()
    e = panel.engine
    bp = e.net.backward(e.X_train[5], e.labels_train[5])
    texts = [text for *_, text in sorted(_units(panel.diagram.value)) if text]
    expected = [diagram._short(v) for v in bp.delta[1]]
    assert texts == expected
    panel.backprop_next.click()  # δ_0: the hidden layer's δ and the edges' ∂E/∂w
    texts = [text for *_, text in sorted(_units(panel.diagram.value)) if text]
    assert texts == [diagram._short(v) for v in (*bp.delta[0], *bp.delta[1])]
    lines = _edge_layers(panel.diagram.value)
    grads0 = bp.grads[0][np.ix_([0, 1, 2], [0, 1, 2])]  # rows: z_1 units, cols: 1, x_1, x_2
    signs = [line.get("stroke") for line in lines[0]]
    assert signs == [
        geometry.POSITIVE_EDGE if v > 0 else geometry.NEGATIVE_EDGE for v in grads0.ravel()
    ]


def test_play_leaves_backprop_mode_and_backprop_pauses_play():
    import asyncio

    async def scenario():
        panel = Panel(seed=0, frame_interval=0.01)
        panel.backprop_toggle.value = True
        panel.play()
        assert not panel.backprop_mode
        await asyncio.sleep(0.05)
        panel.backprop_toggle.value = True
        assert not panel.playing
        return panel

    panel = asyncio.run(scenario())
    assert "lecnn-bp-unit" in panel.diagram.value


# ---------------------------------------------------------------------------
# Charts and controls
# ---------------------------------------------------------------------------


def test_legend_lies_above_the_plot_for_nine_layers():
    panel = Panel(hidden_widths=(8,) * 8, seed=0)
    panel.step()
    root = ET.fromstring(panel.grad_norms.value)
    frame = [r for r in root.findall(f"{SVG}rect") if r.get("fill") == "none"][0]
    plot_top = float(frame.get("y"))
    labels = [t for t in root.findall(f"{SVG}text") if (t.text or "").startswith("W")]
    assert len(labels) == 9
    assert all(float(t.get("y")) < plot_top for t in labels)


def test_tick_labels_have_one_style():
    assert svg.tick_labels([-2, -1, 0, 1], log=True) == ["10⁻²", "10⁻¹", "10⁰", "10¹"]
    assert svg.tick_labels([0, 0.5, 1.0]) == ["0.0", "0.5", "1.0"]
    assert svg.tick_labels([0, 200, 400]) == ["0", "200", "400"]
    assert svg.tick_labels([0.0, 0.02, 0.04]) == ["0.00", "0.02", "0.04"]


def test_loss_chart_shows_step_0_and_the_divergence():
    panel = Panel(seed=0)
    root = ET.fromstring(panel.loss_plot.value)
    assert len(root.findall(f"{SVG}circle")) == 2  # train and test at step 0
    panel = Panel(activation="identity", hidden_widths=(8, 8, 8, 8), eta=10.0, seed=0)
    panel.step()
    e = panel.engine
    assert e.diverged
    assert f"発散 (ステップ {e.steps})" in panel.loss_plot.value
    assert "発散しました" in panel.status.value and "訓練誤差" not in panel.status.value


def test_eta_slider_shows_what_the_engine_uses():
    panel = Panel(eta=0.03, seed=0)
    assert panel.eta.label == "0.03" and panel.engine.settings.eta == 0.03
    panel.eta.value = 0.3
    assert panel.eta.label == "0.3" and panel.engine.settings.eta == 0.3
    assert all(float(label) == value for label, value in panel.eta.options)
    assert set(ETAS) <= {value for _, value in panel.eta.options}
    odd = Panel(eta=0.07, seed=0)
    assert odd.eta.label == "0.07"


def test_epoch_counter_and_japanese_width_message():
    panel = Panel(n_samples=40, train_fraction=0.5, batch_size=10, seed=0)  # 20 training
    panel.step()  # 20 steps of 10 samples = 10 epochs
    assert "エポック 10.0" in panel.status.value
    panel.widths.value = "8, x"
    assert "幅は 1〜128 の整数" in panel.status.value


# ---------------------------------------------------------------------------
# Still picture
# ---------------------------------------------------------------------------


def test_the_widget_output_is_followed_by_a_still_picture():
    panel = Panel(hidden_widths=(4, 4), seed=0)
    panel.step()
    (live, live_meta), (data, metadata) = panel.display_outputs()
    assert live["application/vnd.jupyter.widget-view+json"]["model_id"] == panel.model_id
    assert "image/png" not in live and live_meta == {}
    image = matplotlib.image.imread(io.BytesIO(base64.b64decode(data["image/png"])), format="png")
    assert image.shape[0] > 300 and image.shape[1] == still.WIDTH == metadata["image/png"]["width"]
    assert np.std(image[..., :3]) > 0.1  # a picture, not a blank
    assert metadata["lecnn"] == {"still": True} and "ステップ 20" in data["text/plain"]
    # the panel carries the rule that hides exactly this picture where the widget renders
    css = re.search(r"<style>(.*?)</style>", still.HIDE_STYLE).group(1)
    assert f'img[width="{still.WIDTH}"]' in css and ".lecnn-playground" in css
    assert any(
        still.HIDE_STYLE in w.value for w in _descendants(panel) if isinstance(w, widgets.HTML)
    ), "no widget of the panel carries still.HIDE_STYLE"


def _descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _descendants(child)


# ---------------------------------------------------------------------------
# State string
# ---------------------------------------------------------------------------


def test_state_round_trips_through_the_panel():
    panel = Panel(dataset="xor", hidden_widths=(16, 8, 4), activation="tanh", eta=0.1, seed=3)
    text = panel.state()
    assert len(text) < 200 and json.loads(text)["hidden_widths"] == [16, 8, 4]
    again = Panel.from_state(text)
    assert again.engine.settings == panel.engine.settings
    assert again.widths.value == "16, 8, 4" and again.depth.value == 3
    assert from_query(to_query(panel.engine.settings)) == panel.engine.settings
    assert from_query("") is None and from_query("other=1") is None


def test_a_pasted_state_moves_the_controls():
    panel = Panel(seed=0)
    target = Settings(dataset="circles", hidden_widths=(4, 4, 4), eta=0.3, batch_size=5)
    panel.state_text.value = to_state(target)
    assert panel.engine.settings == target.checked()
    assert (panel.dataset.value, panel.depth.value, panel.width.value) == ("circles", 3, 4)
    assert (panel.eta.value, panel.batch_size.value) == (0.3, 5)
    assert panel.state_text.value == to_state(target)


@pytest.mark.parametrize(
    "text",
    ["not json", "[1, 2]", '{"depth": 3}', '{"hidden_widths": [0]}', '{"eta": -1}'],
)
def test_bad_state_strings_are_refused_in_japanese(text):
    with pytest.raises(ValueError, match="設定"):
        from_state(text)
    panel = Panel(seed=0)
    before = panel.engine.settings
    panel.state_text.value = text
    assert panel.engine.settings == before and "設定" in panel.status.value


ROOT = Path(__file__).resolve().parents[1]
PANEL_NOTEBOOKS = [ROOT / "notebooks" / "08_playground.ipynb", ROOT / "app" / "playground.ipynb"]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _refs(value):
    """Model ids referenced ("IPY_MODEL_<id>") anywhere in a widget state value."""
    if isinstance(value, str):
        return [value[len("IPY_MODEL_") :]] if value.startswith("IPY_MODEL_") else []
    if isinstance(value, dict):
        return [ref for item in value.values() for ref in _refs(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in _refs(item)]
    return []


def _panel_outputs(nb):
    """(widget view output, still output) of every cell that shows a panel."""
    found = []
    for cell in nb.cells:
        outputs = [o for o in cell.get("outputs", []) if o.get("output_type") == "display_data"]
        for a, b in zip(outputs, outputs[1:], strict=False):
            if WIDGET_VIEW in a["data"] and b.get("metadata", {}).get("lecnn") == still.MARK:
                found.append((a, b))
    return found


def _check_panel_notebook(nb, where):
    """The panel's view is in the saved widget state and its still picture is in the HTML export."""
    from nbconvert import HTMLExporter

    pairs = _panel_outputs(nb)
    assert pairs, f"{where}: no panel output followed by its still picture"
    state = nb.metadata["widgets"][WIDGET_STATE]["state"]
    for live, picture in pairs:
        model_id = live["data"][WIDGET_VIEW]["model_id"]
        assert model_id in state, f"{where}: the panel's model is not in the saved widget state"
        reachable, todo = set(), [model_id]
        while todo:  # every model the panel's view needs is saved with it
            m = todo.pop()
            if m not in reachable:
                assert m in state, f"{where}: model {m} of the panel is missing from the state"
                reachable.add(m)
                todo += _refs(state[m]["state"])
        models = [state[m] for m in reachable]
        assert "lecnn-playground" in state[model_id]["state"]["_dom_classes"]
        images = [m for m in models if m["model_name"] == "ImageModel"]
        assert any(len(b["data"]) > 1000 for m in images for b in m.get("buffers", []))
        assert any(
            "lecnn-diagram" in m["state"].get("_dom_classes", ())
            and "lecnn-unit" in m["state"].get("value", "")
            for m in models
        )
        png = picture["data"]["image/png"]
        image = matplotlib.image.imread(io.BytesIO(base64.b64decode(png)), format="png")
        assert image.shape[1] == still.WIDTH and np.std(image[..., :3]) > 0.1
        html, _ = HTMLExporter().from_notebook_node(nb)
        assert f'src="data:image/png;base64,{png}' in html.replace("\n", ""), (
            f"{where}: the HTML export lacks the still picture"
        )
    # 08 stores two panels: about 200 kB each (two images, the diagram, 20 controls and
    # their layouts); a state far above that means something is stored that should not be
    size = len(json.dumps(nb.metadata["widgets"]))
    assert size < 450_000, f"{where}: the saved widget state takes {size} bytes"


@pytest.mark.parametrize("path", PANEL_NOTEBOOKS, ids=lambda p: p.name)
def test_stored_notebooks_keep_the_panel_for_front_ends_without_a_kernel(path):
    import nbformat

    _check_panel_notebook(nbformat.read(str(path), as_version=4), path.name)


@pytest.mark.timeout(300)
def test_an_executed_notebook_keeps_the_panel_and_its_still_picture():
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells.append(
        nbformat.v4.new_code_cell("import lecnn.playground as pg\npg.playground(seed=0)")
    )
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    NotebookClient(nb, timeout=240, kernel_name="python3").execute()  # stores the widget state
    assert [o["output_type"] for o in nb.cells[0].outputs] == ["display_data"] * 2
    _check_panel_notebook(nb, "a fresh notebook")


def test_the_student_edition_drops_the_saved_panel_and_its_picture():
    import make_student
    import nbformat

    master = nbformat.read(str(PANEL_NOTEBOOKS[0]), as_version=4)
    assert _panel_outputs(master) and "widgets" in master.metadata
    student, _ = make_student.student_notebook(master, PANEL_NOTEBOOKS[0].name)
    assert "widgets" not in student.metadata  # no state of models the student's kernel lacks
    assert all(c.get("outputs", []) == [] for c in student.cells if c.cell_type == "code")
    assert [c.source for c in student.cells if "pg.playground(" in c.source] == [
        c.source for c in master.cells if "pg.playground(" in c.source
    ]
    nbformat.validate(student)


def _shown(panel, monkeypatch):
    """Show ``panel`` as a notebook cell would; return the list of still-picture updates."""
    from lecnn.playground import panel as panel_module

    shown, updates = [], []
    monkeypatch.setattr(panel_module, "display", lambda data, **kw: shown.append((data, kw)))
    monkeypatch.setattr(
        panel_module, "update_display", lambda data, **kw: updates.append((data, kw))
    )
    panel._ipython_display_()
    assert len(shown) == 2 and "image/png" in shown[1][0]
    return shown[1][1]["display_id"], updates


def test_the_still_picture_follows_the_panel_when_it_pauses_or_a_setting_changes(monkeypatch):
    panel = Panel(hidden_widths=(4, 4), seed=0)
    display_id, updates = _shown(panel, monkeypatch)
    assert display_id
    panel.step()  # no event loop: the picture is redrawn at once
    assert len(updates) == 1
    data, kw = updates[0]
    assert kw["display_id"] == display_id and kw["raw"] is True
    assert "ステップ 20" in data["text/plain"] and kw["metadata"]["lecnn"] == still.MARK
    panel.depth.value = 3
    assert len(updates) == 2 and "2-4-4-4-2" in updates[1][0]["text/plain"]
    panel._token = object()  # as while Play runs: frames leave the picture alone
    panel.redraw()
    assert len(updates) == 2
    panel.pause()
    assert len(updates) == 3


def test_the_still_picture_waits_until_the_changes_stop(monkeypatch):
    import asyncio

    from lecnn.playground import panel as panel_module

    monkeypatch.setattr(panel_module, "STILL_DELAY", 0.2)
    panel = Panel(hidden_widths=(4, 4), seed=0, redraw_interval=0.0)
    _, updates = _shown(panel, monkeypatch)

    async def drag():
        for q in (5, 6, 7, 8):  # a slider dragged: one picture, after the last value
            panel.width.value = q
            await asyncio.sleep(0.02)
        assert updates == []
        await asyncio.sleep(0.4)

    asyncio.run(drag())
    assert len(updates) == 1 and "2-8-8-2" in updates[0][0]["text/plain"]


def test_a_panel_not_shown_draws_no_still_picture(monkeypatch):
    from lecnn.playground import panel as panel_module

    calls = []
    monkeypatch.setattr(panel_module, "update_display", lambda *a, **kw: calls.append(a))
    panel = Panel(hidden_widths=(4,), seed=0)
    panel.step()
    assert calls == [] and panel.update_still() is False


def _scale_range(html):
    """The ends of the 「逆伝播を見る」 colour scale, as written under the diagram."""
    scale = re.search(r'<g class="lecnn-colour-scale">(.*?)</g>', html).group(1)
    return re.findall(r">([−+][^<]*)</text>", scale)


def test_backprop_view_uses_one_colour_scale_for_the_whole_backward_pass():
    panel = Panel(hidden_widths=(8,) * 4, activation="sigmoid", seed=0)
    panel.step()
    panel.backprop_toggle.value = True
    n = len(backprop.stages(panel.engine.net.r))
    r = panel.engine.net.r
    for _ in range(r + 2):  # to δ_r
        panel.backprop_next.click()
    first = _scale_range(panel.diagram.value)
    trace = panel.engine.trace(panel.backprop_sample.value)
    top = max(float(np.max(np.abs(d))) for d in trace.delta)
    assert first == [f"−{top:.2g}", f"+{top:.2g}"]
    for _ in range(n - r - 3):  # every later backward stage: the same scale
        panel.backprop_next.click()
        assert _scale_range(panel.diagram.value) == first
    # sigmoid: δ shrinks towards the input, so on the common scale δ_0's units are nearly white
    fills = {}
    for g in _svg(panel.diagram.value).iter(f"{SVG}g"):
        if g.get("class") == "lecnn-bp-unit":
            rect = g.find(f"{SVG}rect")
            fills.setdefault(float(rect.get("x")), []).append(rect.get("fill"))
    columns = [fills[x] for x in sorted(fills)]

    def paleness(fill):  # 0 (saturated) .. 255 (white): the smallest RGB channel
        return min(int(fill[i : i + 2], 16) for i in (1, 3, 5))

    assert min(paleness(f) for f in columns[1]) > 240  # δ_0, drawn on layer 1
    assert min(paleness(f) for f in columns[-1]) < 150  # δ_r, on the output


@pytest.mark.parametrize(
    "value, text",
    [
        (0.0, "0"),
        (-0.0083, "−8e-3"),
        (0.4234, ".42"),
        (-0.4234, "−.42"),
        (1.234, "1.2"),
        (12.6, "13"),
        (-345.0, "−3e2"),
        (2.5e-7, "2e-7"),
        (float("nan"), "NaN"),
    ],
)
def test_unit_values_fit_their_boxes(value, text):
    assert diagram._short(value) == text
    assert len(diagram._short(value)) <= 5


def test_backprop_view_starts_from_a_sample_with_a_visible_error():
    panel = Panel(hidden_widths=(8, 8), seed=0, eta=0.1)
    for _ in range(30):
        panel.step()
    e = panel.engine
    losses = e.sample_losses()
    panel.backprop_toggle.value = True
    assert panel.backprop_sample.value == int(np.argmax(losses))
    assert losses[panel.backprop_sample.value] > 10 * np.median(losses)
    panel.backprop_sample.value = 3  # the student's choice is kept from then on
    panel.backprop_toggle.value = False
    panel.backprop_toggle.value = True
    assert panel.backprop_sample.value == 3
    panel.backprop_worst.click()  # 「誤差の大きいサンプル」
    assert panel.backprop_sample.value == int(np.argmax(losses))
    assert f"E = {losses.max():.3f}" in panel.backprop_caption.value


def test_layer_colours_stay_apart_at_depth_8():
    from lecnn.playground.svg import layer_colors

    colours = layer_colors(9)
    rgb = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in colours], float)
    gaps = [np.linalg.norm(a - b) for i, a in enumerate(rgb) for b in rgb[i + 1 :]]
    assert min(gaps) > 60
    assert rgb[0, 2] > rgb[0, 0] and rgb[-1, 0] > rgb[-1, 2]  # W_0 blue, W_r red
    assert np.all(rgb.min(axis=1) < 200)  # every one readable on white


def test_the_digit_thumbnails_have_a_legend():
    html = Panel(dataset="digits", hidden_widths=(4,), seed=0).diagram.value
    note = re.search(r'class="lecnn-pictures-note">([^<]*)<', html).group(1)
    assert "検証データの先頭 16 枚" in note and "4 × 4" in note
    plane = Panel(dataset="xor", seed=0).diagram.value
    assert "入力平面" in re.search(r'class="lecnn-pictures-note">([^<]*)<', plane).group(1)

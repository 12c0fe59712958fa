"""Editing the network from the playground's diagram: + / − buttons, a clicked edge sets a weight."""

import re

import numpy as np
import pytest

from lecnn.playground import Panel
from lecnn.playground.diagram_edit import edge_at, parse_weight
from lecnn.playground.geometry import geometry


def _press(panel, action, layer=0, delta=1):
    """What the front end sends when a + / − button of the diagram is pressed."""
    panel.diagram._handle_custom_msg({"action": action, "layer": layer, "delta": delta}, [])


def _click(panel, x, y):
    """What the front end sends for a click on the drawing at (x, y)."""
    panel.diagram._handle_custom_msg({"action": "edge", "x": x, "y": y}, [])


def _disabled(panel, css):
    """Whether each button of class ``css`` in the diagram is disabled, left to right."""
    tags = re.findall(rf'<button class="{css}"[^>]*>', panel.diagram.value)
    return [" disabled" in tag for tag in tags]


def test_unit_buttons_change_the_width_the_controls_show():
    panel = Panel(hidden_widths=(4, 4), seed=0)
    _press(panel, "units", 1, 1)
    assert panel.engine.settings.hidden_widths == (5, 4)
    assert panel.widths.value == "5, 4" and panel.depth.value == 2
    assert panel.engine.sizes == [2, 5, 4, 2] and "2-5-4-2" in panel.architecture.value
    assert "q₁ = 5" in panel.diagram.value  # the network was rebuilt and redrawn
    _press(panel, "units", 2, -1)
    _press(panel, "units", 2, -1)
    assert panel.engine.settings.hidden_widths == (5, 2) and panel.widths.value == "5, 2"
    # the controls and the buttons change one setting: a slider after the buttons sees theirs
    panel.width.value = 3
    assert panel.engine.settings.hidden_widths == (3, 3)
    assert panel.widths.value == "" and panel.depth.value == 2


def test_layer_buttons_add_and_remove_the_last_hidden_layer():
    panel = Panel(hidden_widths=(6, 3), seed=0)
    _press(panel, "layers", 0, 1)
    assert panel.engine.settings.hidden_widths == (6, 3, 3) and panel.depth.value == 3
    for _ in range(3):
        _press(panel, "layers", 0, -1)
    assert panel.engine.settings.hidden_widths == () and panel.depth.value == 0
    assert panel.engine.sizes == [2, 2]
    _press(panel, "layers", 0, 1)  # from no hidden layer: one as wide as the width slider
    assert panel.engine.settings.hidden_widths == (panel.width.value,)


def test_buttons_are_disabled_at_the_controls_limits_and_do_nothing_there():
    panel = Panel(hidden_widths=(1, 128), seed=0)
    assert panel.width.min == 1 and panel.width.max == 128
    assert _disabled(panel, "lecnn-units-minus") == [True, False]
    assert _disabled(panel, "lecnn-units-plus") == [False, True]
    _press(panel, "units", 1, -1)
    _press(panel, "units", 2, 1)
    assert panel.engine.settings.hidden_widths == (1, 128)
    panel.widths.value = ", ".join(["2"] * panel.depth.max)
    assert _disabled(panel, "lecnn-layers-plus") == [True]
    _press(panel, "layers", 0, 1)
    assert len(panel.engine.settings.hidden_widths) == panel.depth.max
    panel.depth.value = 0
    assert _disabled(panel, "lecnn-layers-minus") == [True]
    assert _disabled(panel, "lecnn-layers-plus") == [False]
    assert _disabled(panel, "lecnn-units-plus") == []  # no hidden layer, no unit buttons


def test_the_buttons_have_japanese_tooltips():
    panel = Panel(hidden_widths=(4, 4), seed=0)
    html = panel.diagram.value
    assert 'title="中間層 2 にユニットを 1 つ加える"' in html
    assert 'title="中間層 1 のユニットを 1 つ減らす"' in html
    assert 'title="中間層を 1 つ加える"' in html and 'title="最後の中間層を取り除く"' in html


def _widgets(widget, seen=None):
    """``widget`` and every widget below it."""
    seen = set() if seen is None else seen
    if id(widget) not in seen:
        seen.add(id(widget))
        yield widget
        for child in getattr(widget, "children", ()):
            yield from _widgets(child, seen)


def test_every_tooltip_of_the_panel_is_japanese():
    panel = Panel(hidden_widths=(4, 4), seed=0)
    tooltips = [w.tooltip for w in _widgets(panel) if getattr(w, "tooltip", None)]
    assert len(tooltips) >= 10, tooltips  # the buttons, the inputs, the settings, 逆伝播を見る
    english = [t for t in tooltips if not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", t)]
    assert not english, f"tooltips a student reads in English: {english}"
    assert "学習を 20 ステップだけ進めます" in tooltips  # the step button's count is filled in


def _distance(x, y, segment):
    x0, y0, x1, y1 = segment
    dx, dy = x1 - x0, y1 - y0
    t = min(max(((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy), 0.0), 1.0)
    return float(np.hypot(x0 + t * dx - x, y0 + t * dy - y))


@pytest.mark.parametrize("sizes", [[2, 3, 2], [2, 8, 8, 2], [2, 32, 32, 32, 32, 2], [64, 10, 10]])
def test_a_click_beside_an_edge_finds_that_edge(sizes):
    g = geometry(sizes)
    for k in range(len(sizes) - 1):
        rows, cols, ends = g.edges(k)
        for e, segment in enumerate(ends):
            x0, y0, x1, y1 = segment
            # the point of the edge farthest from the other edges (they fan out and cross)
            points = [(x0 + t * (x1 - x0), y0 + t * (y1 - y0)) for t in np.linspace(0.1, 0.9, 33)]
            room = [
                min(_distance(x, y, s) for f, s in enumerate(ends) if f != e) for x, y in points
            ]
            x, y = points[int(np.argmax(room))]
            assert max(room) > 1.5, (sizes, k, e)
            found = edge_at(sizes, x, y + 0.5)  # half a pixel beside it
            assert found == (k, rows[e // len(cols)], cols[e % len(cols)]), (sizes, k, e)
    assert edge_at(sizes, 2, 2) is None  # the corner: no edge near


def _middle(panel, k, j, i):
    rows, cols, ends = geometry(panel.engine.sizes).edges(k)
    e = list(rows).index(j) * len(cols) + list(cols).index(i)
    x0, y0, x1, y1 = ends[e]
    points = [(x0 + t * (x1 - x0), y0 + t * (y1 - y0)) for t in np.linspace(0.1, 0.9, 33)]
    room = [min(_distance(x, y, s) for f, s in enumerate(ends) if f != e) for x, y in points]
    return points[int(np.argmax(room))]


def test_clicking_an_edge_chooses_its_weight_and_enter_sets_it():
    panel = Panel(hidden_widths=(3,), seed=0)
    assert panel.weight_text.disabled
    before = [W.copy() for W in panel.engine.net.weights]
    _click(panel, *_middle(panel, 1, 1, 2))
    assert panel.editor.chosen == (1, 1, 2)
    assert "W<sub>1</sub>[1, 2]" in panel.weight_label.value
    assert "w<sub>1,2,2</sub>: 中間 z₁ のユニット 2 → 出力 のユニット 2" in panel.weight_label.value
    assert float(panel.weight_text.value) == pytest.approx(before[1][1, 2], rel=1e-3)
    assert "lecnn-chosen-edge" in panel.diagram.value and not panel.weight_text.disabled
    picture, frames = panel.boundary.value, panel.frames
    panel.weight_text.value = "-2.5"  # typed, then Enter
    assert panel.engine.net.weights[1][1, 2] == -2.5
    after = [W.copy() for W in panel.engine.net.weights]
    after[1][1, 2] = before[1][1, 2]
    assert all(np.array_equal(a, b) for a, b in zip(after, before, strict=True))
    assert panel.frames == frames + 1 and panel.boundary.value != picture  # both views redrawn
    assert panel.weight_text.value == "-2.5"


def test_the_intercept_column_is_column_0():
    panel = Panel(hidden_widths=(3,), seed=0)
    _click(panel, *_middle(panel, 0, 2, 0))
    assert panel.editor.chosen == (0, 2, 0)
    assert "W<sub>0</sub>[2, 0] (w<sub>0,3,0</sub>: 切片 1 → 中間 z₁ のユニット 3)" in (
        panel.weight_label.value
    )


@pytest.mark.parametrize("text", ["abc", "", "nan", "inf", "-1e7", "1,5"])
def test_a_bad_weight_is_refused_in_japanese_and_the_weights_stay(text):
    panel = Panel(hidden_widths=(3,), seed=0)
    _click(panel, *_middle(panel, 0, 0, 1))
    before = [W.copy() for W in panel.engine.net.weights]
    panel.weight_text.value = text
    assert all(np.array_equal(a, b) for a, b in zip(panel.engine.net.weights, before, strict=True))
    assert "重み" in panel.weight_label.value and "color:#c00" in panel.weight_label.value
    assert float(panel.weight_text.value) == pytest.approx(before[0][0, 1], rel=1e-3)
    assert parse_weight(text)[0] is None


def test_a_click_away_from_the_edges_or_a_new_network_clears_the_choice():
    panel = Panel(hidden_widths=(3,), seed=0)
    _click(panel, *_middle(panel, 0, 0, 1))
    _click(panel, 3, 3)
    assert panel.editor.chosen is None and panel.weight_text.disabled
    _click(panel, *_middle(panel, 0, 0, 1))
    _press(panel, "units", 1, 1)
    assert panel.editor.chosen is None and "lecnn-chosen-edge" not in panel.diagram.value


def test_in_the_backprop_view_a_click_chooses_nothing_and_the_buttons_are_gone():
    panel = Panel(hidden_widths=(3,), seed=0)
    shown = lambda w: w.layout.display != "none"  # noqa: E731
    assert shown(panel.weight_text) and not shown(panel.backprop_caption)
    panel.backprop_step()
    _click(panel, *_middle(panel, 0, 0, 1))
    assert panel.editor.chosen is None
    assert "lecnn-units-plus" not in panel.diagram.value
    # the stage's caption takes the weight box's place, and gives it back
    assert not shown(panel.weight_text) and shown(panel.backprop_caption)
    panel.backprop_toggle.value = False
    assert shown(panel.weight_text) and not shown(panel.backprop_caption)
    assert "lecnn-units-plus" in panel.diagram.value


@pytest.mark.parametrize(
    "content",
    [{}, {"action": "edge"}, {"action": "edge", "x": "a", "y": 1}, {"action": "units"}, [1], None],
)
def test_a_message_the_diagram_does_not_send_changes_nothing(content):
    panel = Panel(hidden_widths=(3,), seed=0)
    before = [W.copy() for W in panel.engine.net.weights]
    panel.diagram._handle_custom_msg(content, [])
    assert panel.engine.settings.hidden_widths == (3,) and panel.editor.chosen is None
    assert all(np.array_equal(a, b) for a, b in zip(panel.engine.net.weights, before, strict=True))

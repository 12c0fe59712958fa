"""Editing the network from its diagram: + / − buttons for the hidden layers, a click sets a weight.

The live diagram is a ``DiagramView`` (an anywidget): it shows the diagram's HTML and
sends the kernel a message when a + / − button is pressed or the drawing is clicked
(where, in the diagram's own pixels). ``edge_at`` finds the edge under a click from
the diagram's ``geometry``, so the front end needs no knowledge of the weights.

``Editor`` wires them to a panel: the buttons change the hidden widths, the one setting
the depth / width / 層ごとの幅 controls also hold (``Panel.configure``); a clicked edge
selects W_k[j, i] (row j of W_k, column i, the intercept in column 0, as in the
lecture) and the number box under the diagram sets it. Where widgets do not render
(the still picture) the diagram is just a picture.
"""

from html import escape

import anywidget
import numpy as np
import traitlets

from lecnn.playground.geometry import geometry, layer_name

BAR = 24
"""Height of the row of + / − buttons above the diagram, pixels."""
EDGE_REACH = 6.0
"""A click at most this many pixels from an edge selects it."""
LARGEST_WEIGHT = 1e6
"""|w| a student may type (larger ones only overflow the forward pass)."""

BUTTON_STYLE = (
    "<style>.lecnn-dg-bar{position:relative;font-family:sans-serif}"
    ".lecnn-dg-bar button{position:absolute;top:1px;width:22px;height:20px;padding:0;"
    "font-size:13px;line-height:18px;border:1px solid #888;border-radius:3px;"
    "background:#f4f4f4;cursor:pointer}"
    ".lecnn-dg-bar button:disabled{color:#bbb;cursor:default}"
    ".lecnn-dg-bar span{position:absolute;top:4px;font-size:11px;white-space:nowrap}</style>"
)


class DiagramView(anywidget.AnyWidget):
    """The diagram's HTML (``value``), reporting button presses and clicks to the kernel.

    Messages: ``{"action": "units" | "layers", "layer": k, "delta": ±1}`` from a
    button, ``{"action": "edge", "x": x, "y": y}`` from a click on the drawing (not on
    a unit's picture, which grows instead), in the diagram's pixels.
    """

    _esm = """
    function render({ model, el }) {
      const draw = () => { el.innerHTML = model.get("value"); };
      draw();
      model.on("change:value", draw);
      el.addEventListener("click", (event) => {
        const button = event.target.closest("button[data-action]");
        if (button) {
          if (!button.disabled) {
            model.send({action: button.dataset.action, layer: Number(button.dataset.layer),
                        delta: Number(button.dataset.delta)});
          }
          return;
        }
        const drawing = event.target.closest(".lecnn-dg");
        if (!drawing || event.target.closest(".lecnn-unit")) return;
        const box = drawing.getBoundingClientRect();
        const scale = box.width / drawing.offsetWidth || 1;  // CSS zoom, transforms
        model.send({action: "edge", x: (event.clientX - box.left) / scale,
                    y: (event.clientY - box.top) / scale});
      });
    }
    export default { render };
    """
    value = traitlets.Unicode("").tag(sync=True)


def edge_at(sizes, x, y, reach=EDGE_REACH):
    """The drawn edge nearest to (x, y) in the diagram of ``sizes``, if within ``reach`` pixels.

    Parameters
    ----------
    sizes : list of int
        [d, q_1, ..., q_r, m].
    x, y : float
        Pixels from the top left of the drawing (``.lecnn-dg``).

    Returns
    -------
    tuple of int or None
        (k, j, i): the entry W_k[j, i] (j: the row, unit j + 1 of layer k + 1; i: the
        column, 0 for the intercept), or None if no edge is that close.
    """
    g = geometry(sizes)
    best, found = reach, None
    for k in range(len(g.sizes) - 1):
        rows, cols, ends = g.edges(k)
        x0, y0, x1, y1 = np.asarray(ends, dtype=float).T
        dx, dy = x1 - x0, y1 - y0
        # the nearest point of each segment: its start plus t (clipped to [0, 1]) times its direction
        t = np.clip(((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy), 0.0, 1.0)
        distance = np.hypot(x0 + t * dx - x, y0 + t * dy - y)
        e = int(np.argmin(distance))
        if distance[e] <= best:
            best, found = distance[e], (k, int(rows[e // len(cols)]), int(cols[e % len(cols)]))
    return found


def weight_name(k, j, i, n):
    """W_k[j, i], the lecture's w_{klj} (l = j + 1), and what it connects, in HTML.

    n is the number of layers. Row j of W_k is unit l = j + 1 of layer k + 1; column i is
    unit i of layer k, column 0 the intercept.
    """
    source = "切片 1" if i == 0 else f"{layer_name(k, n)} のユニット {i}"
    return (
        f"W<sub>{k}</sub>[{j}, {i}] (w<sub>{k},{j + 1},{i}</sub>: {escape(source)} → "
        f"{escape(layer_name(k + 1, n))} のユニット {j + 1})"
    )


def parse_weight(text):
    """A weight typed in the box, or a Japanese message saying what was wrong.

    Returns
    -------
    (float, None) or (None, str)
    """
    try:
        value = float(text.strip().replace("−", "-"))
    except ValueError:
        return None, f"重みには数を入力してください (入力: {text!r})"
    if not np.isfinite(value) or abs(value) > LARGEST_WEIGHT:
        return None, f"重みは絶対値 {LARGEST_WEIGHT:g} 以下の有限の数にしてください (入力: {text})"
    return value, None


def button_bar(sizes, widths_range, depth_range):
    """The row of + / − buttons above the diagram of ``sizes`` (HTML).

    Above the input column: 中間層 − / + (the number of hidden layers r, within
    ``depth_range``); above each hidden layer: − / + its units (within ``widths_range``).
    A button at its limit is disabled.
    """
    g = geometry(sizes)
    r = len(sizes) - 2
    buttons = [
        ("layers", 0, -1, "最後の中間層を取り除く", r <= depth_range[0]),
        ("layers", 0, 1, "中間層を 1 つ加える", r >= depth_range[1]),
    ]
    for k in range(1, r + 1):
        buttons += [
            ("units", k, -1, f"中間層 {k} のユニットを 1 つ減らす", sizes[k] <= widths_range[0]),
            ("units", k, 1, f"中間層 {k} にユニットを 1 つ加える", sizes[k] >= widths_range[1]),
        ]
    parts = [
        f'<button class="lecnn-{action}-{"plus" if delta > 0 else "minus"}" '
        f'data-action="{action}" data-layer="{k}" data-delta="{delta}" title="{title}" '
        f'aria-label="{title}" style="left:{g.x[k] + 12 * delta - 11:.0f}px"'
        f"{' disabled' if disabled else ''}>{'+' if delta > 0 else '−'}</button>"
        for action, k, delta, title, disabled in buttons
    ]
    parts.append(f'<span style="left:0;width:{g.x[0] - 25:.0f}px;text-align:right">中間層</span>')
    return (
        BUTTON_STYLE
        + f'<div class="lecnn-dg-bar" style="width:{g.width}px;height:{BAR}px">'
        + "".join(parts)
        + "</div>"
    )


def highlight(sizes, chosen):
    """An SVG over the diagram marking the chosen edge (k, j, i), or "" for none (or not drawn)."""
    if chosen is None:
        return ""
    k, j, i = chosen
    g = geometry(sizes)
    rows, cols, ends = g.edges(k)
    if j not in rows or i not in cols:  # a unit left out of the drawing
        return ""
    x0, y0, x1, y1 = ends[list(rows).index(j) * len(cols) + list(cols).index(i)]
    return (
        f'<svg class="lecnn-chosen-edge" width="{g.width}" height="{g.height}" '
        f'style="position:absolute;left:0;top:0;pointer-events:none">'
        f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="#000" '
        'stroke-width="5" stroke-opacity="0.35" stroke-linecap="round"/></svg>'
    )


class Editor:
    """The diagram's buttons and the chosen weight, wired to ``panel``.

    Attributes
    ----------
    chosen : tuple of int or None
        (k, j, i) of the chosen weight W_k[j, i].
    weight_label : ipywidgets.HTML
        Which weight is chosen (or how to choose one).
    weight_text : ipywidgets.Text
        Its value; typing a number and pressing Enter sets it.
    """

    def __init__(self, panel):
        self.panel = panel
        self.chosen = None
        self._sizes = None
        panel.diagram.on_msg(self._on_message)
        self.weight_label = panel.weight_label
        self.weight_text = panel.weight_text
        self.weight_text.observe(self._on_text, names="value")
        self._show_choice()

    def decorate(self, html):
        """The live diagram's HTML with the button row on top and the chosen edge marked."""
        p, sizes = self.panel, self.panel.engine.sizes
        if sizes != self._sizes:  # another network: the chosen weight is gone
            self._sizes, self.chosen = sizes, None
        self._show_choice()  # the weight's value now (training moves it)
        bar = button_bar(sizes, (p.width.min, p.width.max), (p.depth.min, p.depth.max))
        chosen = highlight(sizes, self.chosen)
        return bar + '<div style="position:relative">' + html + chosen + "</div>"

    def show(self, visible):
        """Show or hide the weight box (hidden in 「逆伝播を見る」, where a click chooses nothing)."""
        for widget in (self.weight_label, self.weight_text):
            widget.layout.display = None if visible else "none"

    def _on_message(self, _widget, content, _buffers):
        """A message of the front end (see ``DiagramView``); anything else is ignored."""
        p = self.panel
        try:
            action = content["action"]
            if action in ("units", "layers"):
                self.change_widths(action, int(content["layer"]), int(content["delta"]))
            elif action == "edge" and not p.backprop_mode:
                self.choose(edge_at(p.engine.sizes, float(content["x"]), float(content["y"])))
        except (KeyError, TypeError, ValueError, OverflowError):
            return

    def change_widths(self, action, k, delta):
        """A + / − button: one unit more or fewer in hidden layer k, or one hidden layer more or fewer."""
        p = self.panel
        widths = list(p.engine.settings.hidden_widths)
        if action == "units" and 1 <= k <= len(widths):
            widths[k - 1] = min(max(widths[k - 1] + delta, p.width.min), p.width.max)
        elif action == "layers" and delta > 0 and len(widths) < p.depth.max:
            widths.append(widths[-1] if widths else p.width.value)
        elif action == "layers" and delta < 0 and len(widths) > p.depth.min:
            widths.pop()
        p.configure(hidden_widths=tuple(widths))

    def choose(self, chosen):
        """Choose the weight (k, j, i) (None: none) and show it in the box."""
        self.chosen = chosen
        self._show_choice()
        self.panel.redraw()

    def _show_choice(self, note=""):
        if self.chosen is None:
            self.weight_label.value = (
                "<small>図の辺をクリックすると、その重みを選んで書き換えられます</small>"
            )
            value, disabled = "", True
        else:
            k, j, i = self.chosen
            self.weight_label.value = weight_name(k, j, i, len(self.panel.engine.sizes)) + " ="
            value, disabled = f"{self.panel.engine.net.weights[k][j, i]:.4g}", False
        if note:
            self.weight_label.value += f" <span style='color:#c00'>{escape(note)}</span>"
        self.panel.controls.set_quietly(self.weight_text, value)
        self.weight_text.disabled = disabled

    def _on_text(self, change):
        if self.panel.controls.syncing or self.chosen is None:
            return
        value, problem = parse_weight(change["new"])
        if problem is None:
            k, j, i = self.chosen
            self.panel.engine.net.weights[k][j, i] = value
            self.panel.redraw()
        self._show_choice(problem or "")

"""The playground's network diagram as HTML, drawn from the sizes as in notebook 02's ``draw_network``.

Every unit is a small heat map of its output over the input plane (2-D data) or
over a few test samples (the digits); where units and edges sit, their names and
colours come from ``geometry`` (the still picture draws the same with matplotlib).

The diagram is HTML: an SVG of the edges and labels under absolutely placed
``<img>`` heat maps (PNG data URIs). Hovering over a unit or clicking it (it
takes the focus) enlarges it, with CSS only, so no message goes to the kernel.

``backprop_html`` draws the same diagram for the 「逆伝播を見る」 view: units as
squares coloured by z_k (forward) or δ_k (backward) of one sample, edges by w or
by ∂E/∂w_{klj}, with the colour scale and its numbers.
"""

import base64
from functools import lru_cache
from html import escape

import numpy as np

from lecnn.playground import render
from lecnn.playground.geometry import (
    INTERCEPT_HALF,
    NEGATIVE_EDGE,
    POSITIVE_EDGE,
    TILE,
    Geometry,
    cached_geometry,
    checked_names,
    edge_strength,
    geometry,
    layer_name,
    unit_pictures,
    unit_title,
)
from lecnn.playground.symbols import subscript

SCALE_HEIGHT = 80  # the colour scale and the legend under the diagram

STYLE = (
    "<style>"
    ".lecnn-dg{position:relative;font-family:sans-serif}"
    ".lecnn-dg .lecnn-unit{position:absolute;image-rendering:pixelated;"
    "box-shadow:0 0 0 1px #555;transition:transform .12s;cursor:zoom-in;"
    "background-repeat:no-repeat}"
    ".lecnn-dg .lecnn-unit:hover,.lecnn-dg .lecnn-unit:focus{transform:scale(4);"
    "z-index:10;outline:none;box-shadow:0 0 0 1px #000,0 2px 8px rgba(0,0,0,.4)}"
    "</style>"
)


def _layer_labels(g):
    n = len(g.sizes)
    out = []
    for k, q in enumerate(g.sizes):
        out.append(
            f'<text x="{g.x[k]:.0f}" y="14" text-anchor="middle" font-size="11">'
            f"{layer_name(k, n)}</text>"
            f'<text x="{g.x[k]:.0f}" y="{g.height - 8}" text-anchor="middle" font-size="10" '
            f'fill="#444">q{subscript(k)} = {q}</text>'
        )
    for k in range(n - 1):
        out.append(
            f'<text x="{(g.x[k] + g.x[k + 1]) / 2:.0f}" y="30" text-anchor="middle" '
            f'font-size="11" fill="#444">W{subscript(k)}</text>'
        )
    return out


def _input_names(g, names):
    """The name of every drawn input unit, left of its square (x₁, x₂, x₁², sin x₁, ...)."""
    return [
        f'<text class="lecnn-input-name" x="{x - TILE / 2 - 3:.1f}" y="{y + 4:.1f}" '
        f'text-anchor="end" font-size="10">{escape(names[j - 1])}</text>'
        for j, x, y in g.units(0)
    ]


def _elisions(g):
    return [
        f'<text x="{x:.0f}" y="{y + 4:.0f}" text-anchor="middle" '
        f'font-size="11" fill="#333">⋮ +{hidden}</text>'
        for _, x, y, hidden in g.elisions()
    ]


def _intercepts(g):
    """The intercept units: a grey square holding 1 on top of every layer but the output."""
    out = []
    side = 2 * INTERCEPT_HALF
    for k in range(len(g.sizes) - 1):
        cx, cy = g.x[k], g.y(k, -1)
        out.append(
            f'<g class="lecnn-intercept"><rect x="{cx - side / 2:.1f}" y="{cy - side / 2:.1f}" '
            f'width="{side}" height="{side}" fill="#e0e0e0" stroke="#333"/>'
            f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle" font-size="11">1</text>'
            "<title>切片 (z の先頭の 1)</title></g>"
        )
    return out


LEVELS = 16
"""|value| is drawn in this many widths and opacities (the SVG attributes are precomputed)."""


def _edge_style(color, level):
    t = (level + 0.5) / LEVELS
    return f' stroke="{color}" stroke-width="{0.4 + 3.6 * t:.2f}" stroke-opacity="{0.25 + 0.75 * t:.2f}"/>'


_STYLES = {
    True: [_edge_style(POSITIVE_EDGE, i) for i in range(LEVELS)],
    False: [_edge_style(NEGATIVE_EDGE, i) for i in range(LEVELS)],
}
_FAINT = ' stroke="#bbbbbb" stroke-width="0.60" stroke-opacity="0.60"/>'


@lru_cache(maxsize=32)
def _segments(g_key):
    """Per layer: (rows of W_k, columns of W_k, '<line x1=.. y1=.. x2=.. y2=..' per drawn edge)."""
    g = cached_geometry(*g_key)
    out = []
    for k in range(len(g.sizes) - 1):
        rows, cols, ends = g.edges(k)
        lines = [
            f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}"'
            for x0, y0, x1, y1 in ends
        ]
        out.append((rows, cols, lines))
    return out


def _edges(g, values, top=None, faint=()):
    """The edges as SVG groups, one per layer: colour by sign, width and opacity by |value|.

    As ``geometry.edge_lines``, with |value| in ``LEVELS`` steps, so that a frame only joins
    precomputed strings.
    """
    out = []
    for k, (rows, cols, lines) in enumerate(_segments(g.key)):
        if k in faint:
            parts = [line + _FAINT for line in lines]
        else:
            block, t = edge_strength(values[k], rows, cols, top)
            level = np.minimum((t.ravel() * LEVELS).astype(int), LEVELS - 1).tolist()
            positive = (block.ravel() > 0).tolist()
            parts = [
                line + _STYLES[p][v] for line, p, v in zip(lines, positive, level, strict=True)
            ]
        out.append(f'<g class="lecnn-edges" data-layer="{k}">' + "".join(parts) + "</g>")
    return out


def _data_uri(rgb):
    return "data:image/png;base64," + base64.b64encode(render.encode_png(rgb)).decode("ascii")


def _scale_bar(x, y, width, left, right, low_text, high_text, title, mid_text="0"):
    """A horizontal colour scale: ``left`` colour at ``low_text``, white at ``mid_text``, ``right``."""
    gid = "lecnn-scale-" + "-".join(
        "".join(c for c in colour if c.isalnum()) for colour in (left, right)
    )
    return (
        f'<defs><linearGradient id="{gid}"><stop offset="0" stop-color="{left}"/>'
        f'<stop offset="0.5" stop-color="#ffffff"/><stop offset="1" stop-color="{right}"/>'
        "</linearGradient></defs>"
        f'<g class="lecnn-colour-scale"><text x="{x}" y="{y + 9}" font-size="10">{escape(title)}</text>'
        f'<rect x="{x}" y="{y + 13}" width="{width}" height="9" fill="url(#{gid})" stroke="#888"/>'
        f'<text x="{x}" y="{y + 32}" font-size="10">{escape(low_text)}</text>'
        f'<text x="{x + width / 2}" y="{y + 32}" font-size="10" text-anchor="middle">'
        f"{escape(mid_text)}</text>"
        f'<text x="{x + width}" y="{y + 32}" font-size="10" text-anchor="end">'
        f"{escape(high_text)}</text></g>"
    )


def _hex(rgb):
    return "#{:02x}{:02x}{:02x}".format(*(int(round(c)) for c in rgb))


def _assemble(g, svg_parts, images, caption="", sprite=None):
    height = g.height + SCALE_HEIGHT
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{g.width}" height="{height}" '
        f'font-family="sans-serif" style="position:absolute;left:0;top:0">'
        f'<rect width="{g.width}" height="{height}" fill="white"/>' + "".join(svg_parts) + "</svg>"
    )
    sheet = ""
    if sprite is not None:  # every heat map is a slice of one PNG (one encoding per frame)
        sheet = (
            f"<style>#{sprite[0]} .lecnn-unit{{background-image:url({sprite[1]});"
            f"background-size:{TILE}px {sprite[2] * TILE}px}}</style>"
        )
    ident = f' id="{sprite[0]}"' if sprite is not None else ""
    return (
        STYLE
        + sheet
        + f'<div class="lecnn-dg"{ident} style="width:{g.width}px;height:{height}px">'
        + svg
        + "".join(images)
        + "</div>"
        + caption
    )


def _unit_div(x, y, i, title):
    return (
        f'<div class="lecnn-unit" tabindex="0" title="{escape(title)}" '
        f'style="left:{x - TILE / 2:.0f}px;top:{y - TILE / 2:.0f}px;width:{TILE}px;'
        f'height:{TILE}px;background-position:0 -{i * TILE}px"></div>'
    )


_SPRITES = iter(range(1, 1 << 62))


def network_html(sizes, weights, maps, activations, input_names=None, pictures_note=""):
    """The live diagram: every drawn unit a heat map, every edge its weight.

    Parameters
    ----------
    sizes : list of int
        [d, q_1, ..., q_r, m].
    weights : list of ndarray
        W_0, ..., W_r.
    maps : list of ndarray
        maps[k] of shape (h, w, q_k): layer k's values (no intercept) on an h x w
        grid of inputs (the plane, or test samples laid out in a grid).
    activations : list of str
        Colour scale of each layer: "input" for x, a hidden activation name for
        z_1..z_r (see ``render.unit_colors``), "softmax" for the output.
    input_names : list of str, optional
        The names of the d inputs (default x₁, ..., x_d), written beside the input units.
    pictures_note : str, optional
        What a unit's picture shows (its legend), e.g. which samples the digits' 4 x 4 are.

    Returns
    -------
    str
        HTML (a ``<style>`` and a ``<div class="lecnn-dg">``).
    """
    g = geometry(sizes)
    n = len(sizes)
    names = checked_names(g.sizes[0], input_names)
    svg_parts = [
        *_edges(g, weights),
        *_intercepts(g),
        *_elisions(g),
        *_layer_labels(g),
        *_input_names(g, names),
    ]
    pictures = unit_pictures(g, maps, activations)
    sprite = np.concatenate([rgb for *_, rgb in pictures], axis=0)  # heat maps one below another
    images = [
        _unit_div(x, y, i, unit_title(k, n, j, names)) for i, (k, j, x, y, _) in enumerate(pictures)
    ]
    y0 = g.height
    neg, pos = _hex(render.NEGATIVE), _hex(render.POSITIVE)
    if activations[-1] == "softmax":
        output_note = "出力 f_r(W_r z_r): 白 0 → クラスの色 1 (確率)"
    else:
        output_note = "出力 f_r(W_r z_r): 青 負 · 白 0 · 橙 正 (最大値で)"
    hidden = set(activations[1:-1])
    if hidden == {"sigmoid"}:
        low, mid, high, note = "0", "0.5", "1", ""
    elif hidden == {"tanh"}:
        low, mid, high, note = "−1", "0", "1", ""
    else:
        low, mid, high, note = "−最大", "0", "+最大", " (x と ReLU は各ユニットの最大値で)"
    svg_parts.append(_scale_bar(12, y0, 150, neg, pos, low, high, f"ユニットの出力 z{note}", mid))
    svg_parts.append(
        f'<g font-size="10"><text x="12" y="{y0 + 48}">'
        f'辺 (重み w): <tspan fill="{POSITIVE_EDGE}">橙 w &gt; 0</tspan>、'
        f'<tspan fill="{NEGATIVE_EDGE}">青 w &lt; 0</tspan>、太いほど |w| が大きい。'
        f"{output_note}</text>"
        f'<text x="12" y="{y0 + 61}" class="lecnn-pictures-note">{escape(pictures_note)}</text>'
        f'<text x="12" y="{y0 + 74}">ユニットにマウスを重ねるかクリックすると拡大します</text></g>'
    )
    sprite = (f"lecnn-dg-{next(_SPRITES)}", _data_uri(sprite), len(pictures))
    return _assemble(g, svg_parts, images, sprite=sprite)


# ---------------------------------------------------------------------------
# 「逆伝播を見る」
# ---------------------------------------------------------------------------


def _value_colors(values, top):
    """Diverging uint8 colours of values scaled by ``top`` (blue < 0 < orange)."""
    t = np.asarray(values, dtype=float) / top if top > 0 else np.zeros(np.shape(values))
    return render.unit_colors(np.clip(np.nan_to_num(t), -1, 1), "tanh")


def _short(value):
    """A value in at most 5 characters, to fit a unit's box: 0.42 -> ".42", -0.0083 -> "−8e-3"."""
    if not np.isfinite(value):
        return "NaN" if np.isnan(value) else ("∞" if value > 0 else "−∞")
    if value == 0:
        return "0"
    sign, size = ("−" if value < 0 else ""), abs(value)
    if size >= 99.5:
        mantissa, exponent = f"{size:.0e}".split("e")
        text = f"{mantissa}e{int(exponent)}"
    elif size >= 9.95:
        text = f"{size:.0f}"
    elif size >= 0.995:
        text = f"{size:.1f}"
    elif size >= 0.00995:
        text = f"{size:.2f}"[1:]  # ".42"
    else:
        mantissa, exponent = f"{size:.0e}".split("e")
        text = f"{mantissa}e{int(exponent)}"
    return sign + text


def _range(value):
    """The colour scale's end, 2 significant digits: 0.0083 -> "0.0083"."""
    return f"{value:.2g}"


def _largest(arrays):
    """The largest finite |value| in a list of arrays (0 if none)."""
    top = 0.0
    for a in arrays:
        a = np.abs(np.asarray(a, dtype=float))
        a = a[np.isfinite(a)]
        if a.size:
            top = max(top, float(a.max()))
    return top


def backprop_html(trace, stage, weights, input_names=None):
    """The diagram for one stage of the 「逆伝播を見る」 view of one sample.

    Forward stages colour the units of layers 0..k by their value z_k (edges by w,
    the layers not reached yet in grey); backward stages colour the units of
    layers k+1..r+1 by δ (the output's δ_r = f_r(W_r z_r) − y, y the target) and the
    edges of W_k..W_r by ∂E/∂w_{klj} = δ_{kl} z_{kj}. The colour scale is one for the
    whole pass: the largest |value| of every layer of the forward pass, of every δ_k
    and of every ∂E/∂W_k of the backward pass, whichever stage is shown, so layers can
    be compared (a δ that shrinks towards the input fades); its range is written under
    the diagram. Each unit shows its value in at most 5 characters (the tooltip has 3
    significant digits).

    Parameters
    ----------
    trace : lecnn.playground.backprop.Trace
    stage : lecnn.playground.backprop.Stage
    weights : list of ndarray
        W_0, ..., W_r of the network the trace was made with.
    input_names : list of str, optional
        As for ``network_html``.

    Returns
    -------
    str
        HTML.
    """
    r = trace.r
    sizes = [len(trace.z[0]) - 1] + [len(u) for u in trace.u]
    n = r + 2
    g = geometry(sizes)
    names = checked_names(g.sizes[0], input_names)
    layer_values = [z[1:] for z in trace.z] + [trace.y]  # layer k's values, k = 0..r+1
    forward = stage.direction == "forward"
    if forward:
        shown = {k: layer_values[k] for k in range(n) if k <= stage.k}
        top = _largest(layer_values)
        top_edge = _largest(weights)
        edges = _edges(
            g,
            weights,
            top=top_edge or None,
            faint=[k for k in range(n - 1) if k + 1 > stage.k],
        )
        what = "z (各層の値、順伝播のすべての段で共通の目盛り)"
        legend = f"辺: 重み w (橙 &gt; 0、青 &lt; 0、最大の |w| = {_range(top_edge)} で最も太い)"
    else:
        # δ_k belongs to layer k+1 (δ_k = ∂E/∂u_k, u_k is layer k+1's input)
        shown = {k + 1: trace.delta[k] for k in range(stage.k, r + 1)}
        top = _largest(trace.delta)
        top_edge = _largest(trace.grads)
        edges = _edges(
            g,
            trace.grads,
            top=top_edge or None,
            faint=[k for k in range(n - 1) if k < stage.k],
        )
        what = "δ (= ∂E/∂u、逆伝播のすべての段で共通の目盛り)"
        legend = (
            "辺: ∂E/∂w = δ z (橙 &gt; 0、青 &lt; 0、最大の |∂E/∂w| = "
            f"{_range(top_edge)} で最も太い)"
        )
    svg_parts = [
        *edges,
        *_intercepts(g),
        *_elisions(g),
        *_layer_labels(g),
        *_input_names(g, names),
    ]
    for k in range(n):
        colors = _value_colors(shown[k], top) if k in shown else None
        for j, x, y in g.units(k):
            if colors is None:
                fill, label, full = "#f4f4f4", "", ""
            else:
                value = float(shown[k][j - 1])
                fill, label, full = _hex(colors[j - 1]), _short(value), f"{value:.3g}"
            name = unit_title(k, n, j, names) if forward or k in shown else ""
            svg_parts.append(
                f'<g class="lecnn-bp-unit"><rect x="{x - TILE / 2:.1f}" y="{y - TILE / 2:.1f}" '
                f'width="{TILE}" height="{TILE}" fill="{fill}" stroke="#555"/>'
                f'<text x="{x:.1f}" y="{y + 3.5:.1f}" text-anchor="middle" font-size="9">'
                f"{label}</text><title>{escape(name)} {full}</title></g>"
            )
    neg, pos = _hex(render.NEGATIVE), _hex(render.POSITIVE)
    svg_parts.append(
        _scale_bar(
            12,
            g.height,
            180,
            neg,
            pos,
            f"−{_range(top)}",
            f"+{_range(top)}",
            f"ユニットの色: {what}",
        )
    )
    svg_parts.append(
        f'<text x="12" y="{g.height + 48}" font-size="10">{legend}。'
        "灰色: まだ計算していない層</text>"
    )
    return _assemble(g, svg_parts, [])


__all__ = ["Geometry", "backprop_html", "geometry", "network_html"]

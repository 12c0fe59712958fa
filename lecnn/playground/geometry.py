"""Where the playground's network diagram puts each unit and edge, what it calls them, their colours.

Layers are columns: the input x, the hidden layers z_1, ..., z_r, the output y;
every layer but the output has the intercept unit "1" on top. A layer wider than
``MAX_UNITS`` shows its first units, an ellipsis for the ones it leaves out, and its
last (as notebook 02's ``draw_network``). An edge j → l of W_k is orange for
w_{klj} > 0 and blue for w_{klj} < 0, and wider the larger |w_{klj}|.

The HTML diagram (``diagram``) and the still picture (``still``) both draw from this.

>>> g = geometry([2, 8, 8, 2])
>>> [j for j, _, _ in g.units(1)]
[1, 2, 3, 4, 5, 6, 7, 8]
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from lecnn.playground import render
from lecnn.playground.symbols import plain_labels, subscript
from lecnn.plotting.diagram import _layer_slots
from lecnn.validation import value_error

MAX_UNITS = 8
"""Most unit slots per layer (wider layers are elided, as in notebook 02)."""
TILE = 34  # side of a unit's heat map, pixels
LEFT = 64  # centre of the input column: room for the input names on its left
ROW = 42  # vertical distance between units
TOP = 40  # room for the layer names
BOTTOM = 24  # room for the widths q_k
MIN_WIDTH = 560  # the legend under the diagram needs this much
MAX_WIDTH = 640  # beside the controls and the charts, the diagram fits 1280 pixels
POSITIVE_EDGE, NEGATIVE_EDGE = "#e66101", "#2166ac"  # the unit heat maps' orange and blue
INTERCEPT_HALF = 9  # half the side of the intercept unit's square: its edges start there


@dataclass
class Geometry:
    """Where each drawn unit sits.

    Attributes
    ----------
    sizes : list of int
        [d, q_1, ..., q_r, m].
    slots : list of list
        Per layer, the unit numbers drawn top to bottom (1-based; None: the ellipsis).
    x : list of float
        Centre of each layer's column.
    width, height : int
        Of the drawing, pixels.
    """

    sizes: list
    slots: list
    x: list
    width: int
    height: int
    height_rows: int
    """Slots in the tallest column."""
    key: tuple = ()
    """The arguments it was made from (for caches)."""

    def y(self, k, i):
        """Centre of slot i of layer k (slot -1: the intercept on top)."""
        rows = self.height_rows
        offset = (rows - len(self.slots[k])) / 2
        return TOP + ROW * (1 + offset + i) + ROW / 2

    def units(self, k):
        """(unit number j, centre x, centre y) for every drawn unit of layer k."""
        return [(j, self.x[k], self.y(k, i)) for i, j in enumerate(self.slots[k]) if j is not None]

    def elisions(self):
        """(layer k, centre x, centre y, units left out) for every ellipsis."""
        return [
            (k, self.x[k], self.y(k, i), self.sizes[k] - (len(slots) - 1))
            for k, slots in enumerate(self.slots)
            for i, j in enumerate(slots)
            if j is None
        ]

    def edges(self, k):
        """The drawn edges of W_k, targets by sources (the intercept column first).

        Returns
        -------
        rows, cols : ndarray of int
            The rows (targets l - 1) and columns (sources j; 0 is the intercept) of W_k drawn.
        ends : list of tuple
            (x0, y0, x1, y1) of each edge, row by row: from the right of the source to
            the left of the target.
        """
        sources = [(0, self.x[k], self.y(k, -1))] + self.units(k)
        targets = self.units(k + 1)
        rows = np.array([j - 1 for j, _, _ in targets])
        cols = np.array([j for j, _, _ in sources])
        starts = [
            (x0 + (INTERCEPT_HALF if b == 0 else TILE / 2), y0)
            for b, (_, x0, y0) in enumerate(sources)
        ]
        ends = [(xs, ys, x1 - TILE / 2, y1) for _, x1, y1 in targets for xs, ys in starts]
        return rows, cols, ends


def geometry(sizes, max_units=MAX_UNITS, max_width=MAX_WIDTH):
    """The layout of the diagram of a network with layer widths ``sizes`` (cached).

    Parameters
    ----------
    sizes : sequence of int
        [d, q_1, ..., q_r, m].
    max_units : int
    max_width : int
        The drawing is at most this wide; columns move closer for deep networks.

    Returns
    -------
    Geometry
        Shared between calls with the same arguments: do not modify it.
    """
    return cached_geometry(tuple(int(q) for q in sizes), max_units, max_width)


@lru_cache(maxsize=32)
def cached_geometry(sizes, max_units, max_width):
    """``geometry`` for hashable arguments (a ``Geometry.key``)."""
    sizes = [int(q) for q in sizes]
    slots = [_layer_slots(q, max_units) for q in sizes]
    n = len(sizes)
    gap = min(150.0, (max_width - LEFT - 40) / max(n - 1, 1))
    x = [LEFT + gap * k for k in range(n)]
    width = int(round(max(x[-1] + 40, MIN_WIDTH)))  # room for the legend below
    rows = max(len(s) for s in slots)
    height = int(TOP + ROW * (1 + rows) + BOTTOM)
    return Geometry(sizes, slots, x, width, height, rows, (tuple(sizes), max_units, max_width))


# ------------------------------------------------------------------------ names


def layer_name(k, n):
    """The name of layer k of n: 入力 x, 中間 z_k, 出力 (the lecture's y is the target)."""
    if k == 0:
        return "入力 x"
    if k == n - 1:
        return "出力"
    return f"中間 z{subscript(k)}"


def checked_names(d, names):
    """``names`` checked against d, or x₁, ..., x_d."""
    if names is None:
        return plain_labels(d)
    if len(names) != d:
        raise value_error("input_names", d=d, count=len(names))
    return list(names)


def unit_title(k, n, j, names):
    """What unit j of layer k (of n) is, for its tooltip."""
    if k == 0:
        return f"入力 {names[j - 1]}"
    if k == n - 1:
        return f"出力 f_r(W_r z_r) の成分 {j} (クラス {j - 1} の確率)"
    return f"中間層 {k} のユニット {j}: z{subscript(k)},{subscript(j)}"


# ---------------------------------------------------------------------- colours


def edge_strength(V, rows, cols, top=None):
    """The drawn block of V and each entry's strength t in [0, 1]: |value| / ``top``.

    Parameters
    ----------
    V : array_like, shape (q_{k+1}, q_k + 1)
    rows, cols : ndarray of int
        As ``Geometry.edges`` returns them.
    top : float, optional
        |value| of full strength (default: the largest drawn |value|).

    Returns
    -------
    block, t : ndarray, shape (len(rows), len(cols))
        Non-finite values are 0.
    """
    block = np.asarray(V)[np.ix_(rows, cols)]
    block = np.where(np.isfinite(block), block, 0.0)
    scale = top if top is not None else float(np.max(np.abs(block), initial=0.0))
    t = np.minimum(np.abs(block) / scale, 1.0) if scale > 0 else np.zeros_like(block)
    return block, t


def edge_lines(g, values, top=None, faint=()):
    """Every drawn edge j → l as (x0, y0, x1, y1, colour, width, opacity).

    Coloured by sign (orange > 0, blue < 0), wider and more opaque the larger |value|.

    Parameters
    ----------
    g : Geometry
    values : list of ndarray
        values[k] has W_k's shape (q_{k+1}, q_k + 1); column 0 is the intercept.
    top : float, optional
        |value| drawn at full width (default: the largest drawn |value| of each layer).
    faint : collection of int
        Layers k whose edges are drawn thin and grey (not reached yet).

    Returns
    -------
    list of list of tuple
        One list per layer k.
    """
    out = []
    for k, V in enumerate(values):
        rows, cols, ends = g.edges(k)
        block, t = edge_strength(V, rows, cols, top)
        layer = []
        for (x0, y0, x1, y1), value, s in zip(ends, block.ravel(), t.ravel(), strict=True):
            if k in faint:
                color, width, opacity = "#bbbbbb", 0.6, 0.6
            else:
                color = POSITIVE_EDGE if value > 0 else NEGATIVE_EDGE
                width, opacity = 0.4 + 3.6 * s, 0.25 + 0.75 * s
            layer.append((x0, y0, x1, y1, color, width, opacity))
        out.append(layer)
    return out


def unit_pictures(g, maps, activations):
    """(k, j, x, y, rgb) for every drawn unit: its place and its heat map (uint8, h x w x 3).

    Parameters
    ----------
    g : Geometry
    maps, activations
        As for ``diagram.network_html``.

    Returns
    -------
    list of tuple
    """
    n = len(g.sizes)
    out = []
    for k in range(n):
        drawn = g.units(k)
        idx = [j - 1 for j, _, _ in drawn]
        rgb = _layer_colors(maps[k][..., idx], activations[k], k == n - 1)
        out += [(k, j, x, y, rgb[..., i, :]) for i, (j, x, y) in enumerate(drawn)]
    return out


def _layer_colors(values, activation, is_output):
    """uint8 colours of one layer's drawn units, shape values.shape + (3,)."""
    if is_output and activation == "softmax":
        q = values.shape[-1]
        classes = render.CLASS_COLORS[np.arange(q) % len(render.CLASS_COLORS)]
        p = np.clip(values, 0, 1)[..., None]  # NaN stays NaN and becomes white below
        p = np.where(np.isnan(p), 0.0, p)
        return render.to_uint8((1 - p) * render.WHITE + p * classes)
    if activation in ("sigmoid", "tanh"):
        return render.unit_colors(values, activation)  # their own scale: ±1, 0.5 ± 0.5
    # x, ReLU and identity: each unit by its own largest |value| (a dead unit stays white)
    top = np.max(np.abs(values), axis=tuple(range(values.ndim - 1)))
    usable = (top > 0) & np.isfinite(top)
    t = np.divide(values, top, out=np.zeros_like(values, dtype=float), where=usable)
    return render.unit_colors(t, "tanh")

"""The network diagram of the lecture: units, intercepts and the weights W_k between layers."""

from typing import NamedTuple

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle

from lecnn.plotting.common import new_axes
from lecnn.validation import check_int, check_sizes

_RADIUS = 0.36  # unit circle radius; one unit slot is 1 high
_GAP = 2.6  # horizontal distance between layers
_INCHES = 0.48  # inches per data unit of the diagram


class _Column(NamedTuple):
    """Where one layer's units are drawn: ``units`` is a list of (unit number, (x, y))."""

    units: list
    dots: list
    intercept: tuple | None


def _layer_slots(q, max_units):
    """Unit numbers 1..q to draw top to bottom; ``None`` marks the ellipsis of a wide layer."""
    if q <= max_units:
        return list(range(1, q + 1))
    return [*range(1, max_units - 1), None, q]


def _shown_layers(n, max_layers):
    """Layer numbers 0..n-1 to draw left to right; ``None`` marks the ellipsis of a deep
    network, which keeps its first layers and the last two, z_r and y (so W_r too)."""
    if n <= max_layers:
        return list(range(n))
    return [*range(max_layers - 3), None, n - 2, n - 1]


def _column(x, slots, intercept):
    """Place one layer's slots at horizontal position ``x``, centred on y = 0."""
    top = (len(slots) - 1) / 2
    units = [(j, (x, top - i)) for i, j in enumerate(slots) if j is not None]
    dots = [(x, top - i) for i, j in enumerate(slots) if j is None]
    return _Column(units, dots, (x, top + 1) if intercept else None)


def _unit_name(k, n_layers, j):
    """Mathtext name of unit j of layer k: x_j, z_{kj} or y_j."""
    if k == 0:
        return f"$x_{{{j}}}$"
    if k == n_layers - 1:
        return f"$y_{{{j}}}$"
    sep = "," if k > 9 or j > 9 else ""
    return f"$z_{{{k}{sep}{j}}}$"


def _layer_title(k, n_layers):
    """Japanese layer name and the lecture's symbol for it, e.g. ("中間層", "$z_1$")."""
    if k == 0:
        return "入力層", "$x$"
    if k == n_layers - 1:
        return "出力層", "$y$"
    return "中間層", f"$z_{{{k}}}$"


def _width_label(k, n_layers, q):
    """The width label under layer k: $q_0=d=4$, $q_k=5$ or $q_{r+1}=m=3$."""
    if k == 0:
        return f"$q_0=d={q}$"
    if k == n_layers - 1:
        return f"$q_{{{k}}}=m={q}$"
    return f"$q_{{{k}}}={q}$"


def _draw_arrow(ax, start, end, dense):
    """An arrow between the rims of two units centred at ``start`` and ``end``.

    ``dense`` (many arrows into each unit) makes the line and the head thinner.
    """
    start, end = np.asarray(start, float), np.asarray(end, float)
    step = (end - start) / np.linalg.norm(end - start) * _RADIUS
    arrow = FancyArrowPatch(
        start + step,
        end - step,
        arrowstyle="-|>",
        mutation_scale=5 if dense else 7,
        lw=0.4 if dense else 0.6,
        color="0.45",
        shrinkA=0,
        shrinkB=0,
        zorder=1,
        gid="arrow",
    )
    ax.add_patch(arrow)


def _draw_unit(ax, center, name):
    """A unit: a white circle, with its name inside when ``name`` is given."""
    ax.add_patch(Circle(center, _RADIUS, fc="white", ec="black", lw=1.0, zorder=3, gid="unit"))
    if name is not None:
        size = 7 if "," in name else 8  # z_{1,64} must still fit in the circle
        ax.text(*center, name, ha="center", va="center", fontsize=size, zorder=4)


def _draw_intercept(ax, center):
    """The intercept (切片) unit: a grey square holding the constant 1."""
    side = 1.7 * _RADIUS
    corner = (center[0] - side / 2, center[1] - side / 2)
    ax.add_patch(
        Rectangle(corner, side, side, fc="0.88", ec="black", lw=1.0, zorder=3, gid="intercept")
    )
    ax.text(*center, "$1$", ha="center", va="center", fontsize=8, zorder=4)


def _draw_dots(ax, center):
    """A vertical ellipsis standing for the units that are not drawn."""
    x, y = center
    ax.add_line(
        Line2D(
            [x] * 3,
            [y - 0.25, y, y + 0.25],
            ls="none",
            marker="o",
            ms=1.6,
            color="black",
            gid="ellipsis",
        )
    )


def _draw_skipped(ax, x, count, labels, bottom):
    """The horizontal ellipsis standing for ``count`` hidden layers that are not drawn."""
    dots = Line2D([x - 0.4, x, x + 0.4], [0, 0, 0], ls="none", marker="o", ms=2.5, color="black")
    dots.set_gid("skipped")
    ax.add_line(dots)
    if labels:
        ax.text(x, bottom, f"中間層 {count} 層を省略", ha="center", va="top", fontsize=9)


def _label_layers(ax, sizes, shown, top, bottom):
    """Layer names above the columns, widths q_k below, and W_k between adjacent columns."""
    n = len(sizes)
    for c, k in enumerate(shown):
        if k is None:
            continue
        x = c * _GAP
        name, symbol = _layer_title(k, n)
        ax.text(x, top + 0.5, name, ha="center", va="bottom", fontsize=10)
        ax.text(x, top, symbol, ha="center", va="bottom", fontsize=11)
        ax.text(x, bottom, _width_label(k, n, sizes[k]), ha="center", va="top", fontsize=9)
        if c + 1 < len(shown) and shown[c + 1] is not None:
            ax.text(x + _GAP / 2, top, f"$W_{{{k}}}$", ha="center", va="bottom", fontsize=11)


def draw_network(sizes, ax=None, max_units=8, labels=True, max_layers=12):
    """Draw the layered network diagram of the lecture slides.

    Layers are columns of circles: the input x, the hidden layers z_1, ..., z_r and the
    output y. Every layer but the output has an extra intercept unit, a grey square
    holding 1, at its top. An arrow (a weight) leads from every unit of layer k,
    the intercept included, to every unit of layer k+1; the arrows from layer k form
    the matrix W_k. A layer wider than ``max_units`` is drawn as its first units, a
    vertical ellipsis and its last unit; its true width is in the label below it. Likewise
    a network of more than ``max_layers`` layers is drawn as its first layers, a horizontal
    ellipsis saying how many hidden layers it stands for, and its last two layers z_r and y.

    Parameters
    ----------
    sizes : sequence of int, length r + 2, or a Network
        Layer widths [d, q_1, ..., q_r, m], as ``Network.sizes`` (a network may be
        passed itself); r = 0 (no hidden layer) is allowed.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; by default a new figure sized to the network.
    max_units : int, default 8
        Most unit slots drawn per layer (at least 3); a wider layer shows
        ``max_units - 1`` units and an ellipsis.
    labels : bool, default True
        Write unit names (x_j, z_{kj}, y_j), layer names, widths q_k and W_k.
    max_layers : int, default 12
        Most columns drawn (at least 4); a deeper network shows ``max_layers - 1`` layers
        and an ellipsis (r = 10 hidden layers still fit whole).

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the diagram. Artists carry a gid for inspection:
        ``"unit"`` (circles), ``"intercept"`` (squares), ``"arrow"``, ``"ellipsis"`` (of
        units) and ``"skipped"`` (of layers).
    """
    sizes = list(check_sizes(getattr(sizes, "sizes", sizes)))
    max_units = check_int("max_units", max_units, 3)
    max_layers = check_int("max_layers", max_layers, 4)
    n = len(sizes)
    shown = _shown_layers(n, max_layers)
    slots = {k: _layer_slots(sizes[k], max_units) for k in shown if k is not None}
    half = (max(len(s) for s in slots.values()) - 1) / 2
    top, bottom = half + 1 + _RADIUS + 0.35, -half - _RADIUS - 0.3
    xlim, ylim = (-1.3, (len(shown) - 1) * _GAP + 1.3), (bottom - 0.8, top + 1.4)
    fig, ax = new_axes(ax, (_INCHES * np.ptp(xlim), _INCHES * np.ptp(ylim)))
    columns = [
        None if k is None else _column(c * _GAP, slots[k], intercept=k < n - 1)
        for c, k in enumerate(shown)
    ]
    for left, right in zip(columns[:-1], columns[1:], strict=True):
        if left is None or right is None:
            continue
        starts = [p for _, p in left.units] + [left.intercept]
        for start in starts:
            for _, end in right.units:
                _draw_arrow(ax, start, end, dense=len(starts) > 5)
    for c, (k, col) in enumerate(zip(shown, columns, strict=True)):
        if col is None:
            _draw_skipped(ax, c * _GAP, n - max_layers + 1, labels, bottom)
            continue
        for j, center in col.units:
            _draw_unit(ax, center, _unit_name(k, n, j) if labels else None)
        for center in col.dots:
            _draw_dots(ax, center)
        if col.intercept is not None:
            _draw_intercept(ax, col.intercept)
    if labels:
        _label_layers(ax, sizes, shown, top, bottom)
    ax.set(xlim=xlim, ylim=ylim, aspect="equal")
    ax.axis("off")
    return fig

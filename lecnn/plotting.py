"""Figures for the lecture notebooks: network diagrams, activations, learning curves, results.

Every function draws with matplotlib and returns the :class:`~matplotlib.figure.Figure`;
none calls ``plt.show()``. Functions that take ``ax=`` draw into that Axes and return
the figure that holds it; without ``ax`` they make a new pyplot figure (in Jupyter, end
the line with ``;`` or assign the result so the figure is not shown twice).

Importing this module imports ``matplotlib_fontja``, which registers the IPAex Gothic
font and makes it the default, so the Japanese labels (エポック, 誤差, 正解率, ...) render
on any machine. Mathematical symbols are written as the lecture writes them
(``$W_k$``, ``$z_k$``, ``$q_k$``, ...) in matplotlib's mathtext.

The networks plotted here are duck-typed: anything with ``forward(X)`` mapping an
(n, d) array to (n, m) outputs and an ``output`` name (``"softmax"``, ``"sigmoid"``
or ``"identity"``) will do, e.g. :class:`lecnn.network.Network`.
"""

from collections.abc import Mapping
from typing import NamedTuple

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (sets a Japanese font for every label)
import numpy as np
from matplotlib.colors import LinearSegmentedColormap, ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle

from lecnn.activations import ACTIVATIONS, DERIVATIVES, LABELS
from lecnn.metrics import accuracy, confusion_matrix
from lecnn.validation import as_label_pair, as_labels, check_sizes

__all__ = [
    "draw_network",
    "plot_activation_histograms",
    "plot_activations",
    "plot_confusion_matrix",
    "plot_decision_boundary",
    "plot_history",
    "plot_misclassified",
    "plot_regression_fit",
    "plot_runs",
]


def _new_axes(ax, figsize):
    """Return ``(figure, axes)``: ``ax`` and its figure, or a new figure of ``figsize`` inches."""
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, ax


# ---------------------------------------------------------------------------
# Network diagram
# ---------------------------------------------------------------------------

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


def _label_layers(ax, sizes, top, bottom):
    """Layer names above the columns, widths q_k below, and W_k between the columns."""
    n = len(sizes)
    for k, q in enumerate(sizes):
        x = k * _GAP
        name, symbol = _layer_title(k, n)
        ax.text(x, top + 0.5, name, ha="center", va="bottom", fontsize=10)
        ax.text(x, top, symbol, ha="center", va="bottom", fontsize=11)
        ax.text(x, bottom, _width_label(k, n, q), ha="center", va="top", fontsize=9)
    for k in range(n - 1):
        ax.text((k + 0.5) * _GAP, top, f"$W_{{{k}}}$", ha="center", va="bottom", fontsize=11)


def draw_network(sizes, ax=None, max_units=8, labels=True):
    """Draw the layered network diagram of the lecture slides.

    Layers are columns of circles: the input x, the hidden layers z_1, ..., z_r and the
    output y. Every layer but the output has an extra intercept unit, a grey square
    holding 1, at its top. An arrow (a weight) leads from every unit of layer k,
    the intercept included, to every unit of layer k+1; the arrows from layer k form
    the matrix W_k. A layer wider than ``max_units`` is drawn as its first units, a
    vertical ellipsis and its last unit; its true width is in the label below it.

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

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the diagram. Artists carry a gid for inspection:
        ``"unit"`` (circles), ``"intercept"`` (squares), ``"arrow"`` and ``"ellipsis"``.
    """
    sizes = list(check_sizes(getattr(sizes, "sizes", sizes)))
    if int(max_units) != max_units or max_units < 3:
        raise ValueError(f"max_units must be an integer >= 3, got {max_units!r}")
    n = len(sizes)
    slots = [_layer_slots(q, max_units) for q in sizes]
    half = (max(len(s) for s in slots) - 1) / 2
    top, bottom = half + 1 + _RADIUS + 0.35, -half - _RADIUS - 0.3
    xlim, ylim = (-1.3, (n - 1) * _GAP + 1.3), (bottom - 0.8, top + 1.4)
    fig, ax = _new_axes(ax, (_INCHES * np.ptp(xlim), _INCHES * np.ptp(ylim)))
    columns = [_column(k * _GAP, s, intercept=k < n - 1) for k, s in enumerate(slots)]
    for left, right in zip(columns[:-1], columns[1:], strict=True):
        starts = [p for _, p in left.units] + [left.intercept]
        for start in starts:
            for _, end in right.units:
                _draw_arrow(ax, start, end, dense=len(starts) > 5)
    for k, col in enumerate(columns):
        for j, center in col.units:
            _draw_unit(ax, center, _unit_name(k, n, j) if labels else None)
        for center in col.dots:
            _draw_dots(ax, center)
        if col.intercept is not None:
            _draw_intercept(ax, col.intercept)
    if labels:
        _label_layers(ax, sizes, top, bottom)
    ax.set(xlim=xlim, ylim=ylim, aspect="equal")
    ax.axis("off")
    return fig


# ---------------------------------------------------------------------------
# Activation functions
# ---------------------------------------------------------------------------


def _plot_activation(ax, u, f, df, color, prefix):
    """Plot f(u) (solid) and, if ``df`` is given, ∇f(u) (dashed) on ``ax``."""
    ax.plot(u, f(u), color=color, label=f"{prefix}$f(u)$")
    if df is not None:
        ax.plot(u, df(u), color=color, ls="--", label=f"{prefix}$\\nabla f(u)$")
    ax.axhline(0, color="0.6", lw=0.8)
    ax.axvline(0, color="0.6", lw=0.8)
    ax.set_xlabel("$u$")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)


def plot_activations(names=("relu", "sigmoid", "tanh"), derivatives=True, ax=None, u=None):
    """Plot activation functions f(u) and their derivatives ∇f(u).

    Parameters
    ----------
    names : str or sequence of str, default ("relu", "sigmoid", "tanh")
        Names in ``lecnn.activations.DERIVATIVES``: "relu", "sigmoid", "tanh", "identity".
    derivatives : bool, default True
        Also plot ∇f(u), dashed, in the colour of f.
    ax : matplotlib.axes.Axes, optional
        Draw every function into this one Axes; by default a new figure with one
        panel per function.
    u : array_like, shape (k,), optional
        Points to evaluate at; default ``np.linspace(-4, 4, 401)``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    names = (names,) if isinstance(names, str) else tuple(names)
    unknown = [name for name in names if name not in DERIVATIVES]
    if not names or unknown:
        raise ValueError(f"names must be some of {sorted(DERIVATIVES)}, got {list(names)}")
    u = np.linspace(-4, 4, 401) if u is None else np.asarray(u, dtype=float)
    if ax is None:
        fig, axes = plt.subplots(
            1, len(names), figsize=(3.6 * len(names), 3.2), layout="constrained"
        )
        axes = np.atleast_1d(axes)
    else:
        fig, axes = ax.figure, [ax] * len(names)
    for i, (name, a) in enumerate(zip(names, axes, strict=True)):
        df = DERIVATIVES[name] if derivatives else None
        prefix = f"{LABELS[name]}: " if ax is not None else ""
        _plot_activation(a, u, ACTIVATIONS[name], df, f"C{i}", prefix)
        if ax is None:
            a.set_title(LABELS[name])
    return fig


# ---------------------------------------------------------------------------
# Learning curves
# ---------------------------------------------------------------------------


def _series(history, name):
    """``history.name`` (or ``history[name]``) as a float array; None becomes NaN."""
    values = history.get(name) if isinstance(history, Mapping) else getattr(history, name, None)
    values = [] if values is None else values
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _plot_curves(ax, epochs, train, test, ylabel):
    """Training (solid) and test (dashed) curves of one quantity against the epochs."""
    style = {"marker": "o", "ms": 3} if len(epochs) <= 30 else {}
    for values, label, ls in ((train, "訓練データ", "-"), (test, "テストデータ", "--")):
        if len(values) == 0 or np.all(np.isnan(values)):
            continue
        if len(values) != len(epochs):
            raise ValueError(f"{ylabel}: {len(values)} values for {len(epochs)} epochs")
        ax.plot(epochs, values, ls=ls, label=label, **style)
    ax.set_xlabel("エポック")
    ax.set_ylabel(ylabel)
    ax.set_title(f"{ylabel}の推移")
    ax.grid(alpha=0.3)
    ax.legend()


def plot_history(history, ax=None):
    """Plot the learning curves: error and accuracy per epoch, training vs test data.

    Parameters
    ----------
    history : object or dict
        With list attributes (or keys) ``epoch``, ``train_loss``, ``test_loss``,
        ``train_accuracy`` and ``test_accuracy``, each of length n_epochs or empty;
        accuracies may hold None (regression), and the accuracy panel is left out
        when no accuracy was recorded. An empty ``epoch`` means 1, ..., n_epochs.
    ax : sequence of two matplotlib.axes.Axes, optional
        Axes for the error and the accuracy panel; by default a new figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    train_loss = _series(history, "train_loss")
    epochs = _series(history, "epoch")
    if len(epochs) == 0:
        epochs = np.arange(1, len(train_loss) + 1)
    accuracies = _series(history, "train_accuracy"), _series(history, "test_accuracy")
    with_accuracy = any(np.any(~np.isnan(a)) for a in accuracies)
    if ax is None:
        n_panels = 2 if with_accuracy else 1
        fig, axes = plt.subplots(1, n_panels, figsize=(5 * n_panels, 3.6), layout="constrained")
        axes = np.atleast_1d(axes)
    else:
        axes = np.atleast_1d(ax)
        fig = axes[0].figure
    _plot_curves(axes[0], epochs, train_loss, _series(history, "test_loss"), "誤差")
    if with_accuracy:
        _plot_curves(axes[1], epochs, *accuracies, "正解率")
    elif len(axes) > 1:
        axes[1].set_visible(False)
    return fig


# ---------------------------------------------------------------------------
# Classification results
# ---------------------------------------------------------------------------


def _class_colors(m):
    """``m`` distinct colours, one per class (tab10, or tab20 / viridis for more classes)."""
    if m <= 10:
        return [plt.get_cmap("tab10")(c) for c in range(m)]
    if m <= 20:
        return [plt.get_cmap("tab20")(c) for c in range(m)]
    return [plt.get_cmap("viridis")(c / (m - 1)) for c in range(m)]


def _grid(points, limits, resolution):
    """A square grid over ``limits`` (x0, x1, y0, y1), by default the points' range ±10%.

    Returns
    -------
    gx, gy : ndarray, shape (resolution, resolution)
    """
    if limits is None:
        low, high = points.min(axis=0), points.max(axis=0)
        pad = 0.1 * np.where(high > low, high - low, 1.0)
        limits = (low[0] - pad[0], high[0] + pad[0], low[1] - pad[1], high[1] + pad[1])
    x0, x1, y0, y1 = limits
    return np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))


def _check_points(X, labels, name):
    """Return X as an (n, 2) float array and labels as (n,) ints, or raise ValueError."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"{name} must have shape (n, 2), got {X.shape}")
    labels = as_labels(labels, scalar=False)
    if len(labels) != len(X):
        raise ValueError(f"{name} has {len(X)} rows but there are {len(labels)} labels")
    return X, labels


def _draw_regions(ax, net, gx, gy):
    """Colour the plane by the network: P(class 1) for two classes, else the predicted class.

    Returns the number of classes m (2 for a single sigmoid output).
    """
    if getattr(net, "output", "softmax") == "identity":
        raise ValueError("plot_decision_boundary needs a classifier (softmax or sigmoid output)")
    out = np.asarray(net.forward(np.column_stack([gx.ravel(), gy.ravel()])), dtype=float)
    out = out.reshape(len(out), -1)
    m = max(out.shape[1], 2)
    colors = _class_colors(m)
    if m == 2:
        p = (out[:, -1]).reshape(gx.shape)  # sigmoid: the one output; softmax: column 1
        cmap = LinearSegmentedColormap.from_list("lecnn_p", [colors[0], "white", colors[1]])
        filled = ax.contourf(gx, gy, p, levels=np.linspace(0, 1, 11), cmap=cmap, alpha=0.6)
        ax.contour(gx, gy, p, levels=[0.5], colors="black", linewidths=1.0)
        ax.figure.colorbar(filled, ax=ax, label="クラス 1 の確率")
    else:
        predicted = out.argmax(axis=1).reshape(gx.shape)
        cmap = ListedColormap(colors)
        ax.pcolormesh(
            gx, gy, predicted, cmap=cmap, vmin=-0.5, vmax=m - 0.5, alpha=0.3, shading="nearest"
        )
    return m


def plot_decision_boundary(
    net, X, labels, X_test=None, labels_test=None, ax=None, resolution=150, limits=None
):
    """Show how a classifier divides the plane, with the training and test points.

    The plane is coloured by the network's output on a grid, computed with one
    batched ``net.forward``: for two classes by the probability of class 1 (with
    the 0.5 contour, the decision boundary, in black), for more by the predicted
    class. Training points are filled dots, test points hollow circles, both in
    the colour of their true class.

    Parameters
    ----------
    net : Network-like
        ``net.forward`` maps (k, 2) inputs to (k, m) outputs (softmax probabilities,
        or (k, 1) sigmoid outputs); ``net.output`` is "softmax" or "sigmoid".
    X : array_like, shape (n, 2)
        Training inputs.
    labels : array_like of int, shape (n,)
        Their true classes.
    X_test : array_like, shape (n_test, 2), optional
    labels_test : array_like of int, shape (n_test,), optional
    ax : matplotlib.axes.Axes, optional
    resolution : int, default 150
        Grid points per axis.
    limits : tuple (x0, x1, y0, y1), optional
        Region shown; by default the points' range padded by 10%.

    Returns
    -------
    matplotlib.figure.Figure
    """
    X, labels = _check_points(X, labels, "X")
    points = X
    if X_test is not None:
        X_test, labels_test = _check_points(X_test, labels_test, "X_test")
        points = np.vstack([X, X_test])
    fig, ax = _new_axes(ax, (6, 5))
    gx, gy = _grid(points, limits, resolution)
    m = _draw_regions(ax, net, gx, gy)
    n_classes = max(m, labels.max() + 1, 0 if X_test is None else labels_test.max(initial=0) + 1)
    colors = _class_colors(n_classes)
    for c in np.unique(labels):
        ax.scatter(
            *X[labels == c].T, s=18, color=colors[c], ec="black", lw=0.4, label=f"クラス {c}"
        )
    if X_test is not None:
        ax.scatter(*X_test.T, s=30, fc="none", ec=[colors[c] for c in labels_test], lw=1.2)
        ax.scatter([], [], s=30, fc="none", ec="black", lw=1.2, label="テストデータ")
    ax.set(xlim=(gx.min(), gx.max()), ylim=(gy.min(), gy.max()), xlabel="$x_1$", ylabel="$x_2$")
    ax.set_title("決定境界")
    ax.legend(fontsize=8, loc="best")
    return fig


def plot_confusion_matrix(labels, predicted, m=None, ax=None):
    """Draw the confusion matrix (混同行列) with the count written in every cell.

    Parameters
    ----------
    labels : array_like of int, shape (n,)
        True classes (rows, 正解).
    predicted : array_like of int, shape (n,)
        Predicted classes (columns, 予測).
    m : int, optional
        Number of classes; see :func:`lecnn.metrics.confusion_matrix`.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    counts = confusion_matrix(labels, predicted, m)
    m = len(counts)
    fig, ax = _new_axes(ax, (max(3.5, 0.45 * m + 1.8),) * 2)
    ax.imshow(counts, cmap="Blues", vmin=0)
    for (i, j), count in np.ndenumerate(counts):
        color = "white" if count > counts.max() / 2 else "black"
        ax.text(j, i, str(count), ha="center", va="center", color=color, fontsize=9)
    ax.set(xticks=range(m), yticks=range(m), xlabel="予測", ylabel="正解")
    title = "混同行列"
    if len(np.atleast_1d(labels)) > 0:
        title += f"（正解率 {accuracy(labels, predicted):.1%}）"
    ax.set_title(title)
    return fig


def plot_misclassified(images, labels, predicted, shape=(8, 8), max_images=20):
    """Show the misclassified images, each titled 正解 (true) → 予測 (predicted).

    Parameters
    ----------
    images : array_like, shape (n, h * w) or (n, h, w)
        One image per sample, e.g. the rows of the digits data.
    labels : array_like of int, shape (n,)
        True classes.
    predicted : array_like of int, shape (n,)
        Predicted classes.
    shape : tuple (h, w), default (8, 8)
        Shape of one image.
    max_images : int, default 20
        Show at most this many (the first ones).

    Returns
    -------
    matplotlib.figure.Figure
    """
    labels, predicted = as_label_pair(labels, predicted)
    images = np.asarray(images, dtype=float).reshape(len(images), -1)
    if len(images) != len(labels) or images.shape[1] != np.prod(shape):
        raise ValueError(
            f"images must have shape ({len(labels)}, {np.prod(shape)}) "
            f"or ({len(labels)}, {shape}), got {np.shape(images)}"
        )
    wrong = np.flatnonzero(labels != predicted)
    shown = wrong[:max_images]
    cols = min(10, max(len(shown), 1))
    rows = max(-(-len(shown) // cols), 1)
    fig, axes = plt.subplots(
        rows, cols, figsize=(1.2 * cols + 0.4, 1.35 * rows + 0.6), layout="constrained"
    )
    axes = np.atleast_1d(axes).ravel()
    for a in axes:
        a.axis("off")
    for a, i in zip(axes, shown, strict=False):
        a.imshow(images[i].reshape(shape), cmap="gray_r")
        a.set_title(f"正解 {labels[i]} → 予測 {predicted[i]}", fontsize=8)
    if len(shown) == 0:
        axes[0].text(0.5, 0.5, "誤分類はありません", ha="center", va="center")
    fig.suptitle(f"誤分類された画像: {len(wrong)} / {len(labels)} 枚（{len(shown)} 枚を表示）")
    return fig


# ---------------------------------------------------------------------------
# Regression
# ---------------------------------------------------------------------------


def plot_regression_fit(net, X, Y, ax=None):
    """Plot 1-D regression data and the network's curve through them.

    Parameters
    ----------
    net : Network-like
        ``net.forward`` maps (k, 1) inputs to (k, m) outputs (identity output).
    X : array_like, shape (n, 1) or (n,)
        Inputs.
    Y : array_like, shape (n, m) or (n,)
        Targets.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    X = np.asarray(X, dtype=float)
    X = X[:, None] if X.ndim == 1 else X
    Y = np.asarray(Y, dtype=float).reshape(len(Y), -1)
    if X.ndim != 2 or X.shape[1] != 1:
        raise ValueError(f"plot_regression_fit needs 1-D inputs, X of shape (n, 1); got {X.shape}")
    if len(Y) != len(X):
        raise ValueError(f"X has {len(X)} rows but Y has {len(Y)}")
    fig, ax = _new_axes(ax, (6, 4))
    low, high = X.min(), X.max()
    pad = 0.05 * (high - low if high > low else 1.0)
    grid = np.linspace(low - pad, high + pad, 400)[:, None]
    curve = np.asarray(net.forward(grid), dtype=float).reshape(len(grid), -1)
    for j in range(Y.shape[1]):
        ax.scatter(
            X[:, 0], Y[:, j], s=12, color=f"C{j}", alpha=0.6, label="データ" if j == 0 else None
        )
    for j in range(curve.shape[1]):
        ax.plot(
            grid[:, 0],
            curve[:, j],
            color=f"C{j}",
            lw=2,
            label="ネットワークの出力" if j == 0 else None,
        )
    ax.set(xlabel="$x$", ylabel="$y$")
    ax.set_title("回帰の結果")
    ax.grid(alpha=0.3)
    ax.legend()
    return fig


# ---------------------------------------------------------------------------
# Comparing training runs; the values inside a deep network (notebook 07)
# ---------------------------------------------------------------------------

_RUN_QUANTITIES = {
    "train_loss": "訓練データの誤差",
    "test_loss": "テストデータの誤差",
    "train_accuracy": "訓練データの正解率",
    "test_accuracy": "テストデータの正解率",
}
_RUN_AXES = {"epoch": "エポック", "seconds": "経過時間 [秒]"}


def plot_runs(histories, quantity="test_accuracy", x="epoch", ax=None, logy=False):
    """Compare training runs: one curve per run of one recorded quantity.

    Parameters
    ----------
    histories : Mapping of str to History (or dict)
        Run label -> record, as returned by ``lecnn.train``; each needs the list
        ``quantity`` (one value per epoch) and, for ``x="seconds"``, ``seconds``.
    quantity : {"test_accuracy", "train_accuracy", "test_loss", "train_loss"}
    x : {"epoch", "seconds"}
        Against epochs 1, 2, ..., or against the seconds elapsed at the end of
        each epoch (the cumulative sum of ``seconds``).
    ax : matplotlib.axes.Axes, optional
    logy : bool, default False
        Logarithmic vertical axis (useful for errors).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(histories, Mapping) or len(histories) == 0:
        raise ValueError(
            f"histories must be a non-empty dict of label -> History; got {type(histories).__name__}"
        )
    if quantity not in _RUN_QUANTITIES:
        raise ValueError(f"quantity must be one of {sorted(_RUN_QUANTITIES)}; got {quantity!r}")
    if x not in _RUN_AXES:
        raise ValueError(f"x must be one of {sorted(_RUN_AXES)}; got {x!r}")
    fig, ax = _new_axes(ax, (5.5, 3.8))
    for i, (label, history) in enumerate(histories.items()):
        values = _series(history, quantity)
        if len(values) == 0 or np.all(np.isnan(values)):
            raise ValueError(f"run {label!r} recorded no {quantity}")
        if x == "epoch":
            xs = np.arange(1, len(values) + 1)
        else:
            seconds = _series(history, "seconds")
            if len(seconds) != len(values):
                raise ValueError(
                    f"run {label!r}: {len(seconds)} seconds for {len(values)} values of {quantity}"
                )
            xs = np.cumsum(seconds)
        style = {"marker": "o", "ms": 3} if len(values) <= 30 else {}
        ax.plot(xs, values, color=f"C{i}", label=str(label), **style)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel=_RUN_AXES[x], ylabel=_RUN_QUANTITIES[quantity])
    ax.set_title(f"{_RUN_QUANTITIES[quantity]}の推移")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def _hidden_values(net, X):
    """The hidden layers' values z_1, ..., z_r for the inputs X, without the leading 1.

    Parameters
    ----------
    net : lecnn.Network
        With ``forward_pass(X)`` returning z_0, ..., z_r (each with the leading 1).
    X : array_like, shape (n, d)

    Returns
    -------
    list of ndarray, length r
        Entry k - 1 is z_k of shape (n, q_k).
    """
    z = net.forward_pass(X).z
    if len(z) < 2:
        raise ValueError("the network has no hidden layer (r = 0): there is no z_k to show")
    return [np.asarray(z_k)[..., 1:] for z_k in z[1:]]


def plot_activation_histograms(net, X, ax=None, bins=40, value_range=None, label=None, layers=None):
    """Histograms of the hidden values z_k, one panel per hidden layer k.

    Each panel shows the fraction of the n·q_k values of z_k (the leading 1 left
    out) that fall in each bin, and their standard deviation. All panels share
    one horizontal range, so layers can be compared: values that shrink towards
    0 layer by layer pile up in the bin at 0. Values outside the range are
    counted in the first or last bin. Each histogram is drawn as one filled step
    patch (``Axes.stairs``).

    Parameters
    ----------
    net : lecnn.Network
        A network with r >= 1 hidden layers.
    X : array_like, shape (n, d)
        Inputs to push through the network.
    ax : sequence of matplotlib.axes.Axes, optional
        One Axes per layer shown (e.g. one row of ``plt.subplots``); by default a
        new figure with one row of panels.
    bins : int, default 40
    value_range : tuple (low, high), optional
        Horizontal range of every panel; default the smallest and largest value
        over the layers shown.
    label : str, optional
        Written as the vertical-axis label of the first panel (e.g. the name of the
        initialisation).
    layers : sequence of int, optional
        The hidden layers k (1 <= k <= r) to show, in this order; default 1, ..., r.

    Returns
    -------
    matplotlib.figure.Figure
    """
    values = _hidden_values(net, X)
    r = len(values)
    layers = list(range(1, r + 1)) if layers is None else list(layers)
    if not layers or any(isinstance(k, bool) or int(k) != k or not 1 <= k <= r for k in layers):
        raise ValueError(f"layers must list hidden layers k in 1..r = 1..{r}; got {layers}")
    layers = [int(k) for k in layers]
    values = [values[k - 1] for k in layers]
    if int(bins) != bins or bins < 1:
        raise ValueError(f"bins must be a positive integer; got {bins!r}")
    if value_range is None:
        low = min(float(v.min()) for v in values)
        high = max(float(v.max()) for v in values)
        value_range = (low, high) if high > low else (low - 0.5, high + 0.5)
    low, high = value_range
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(
            f"value_range must be finite (low, high) with low < high; got {value_range}"
        )
    if ax is None:
        n_panels = len(layers)
        fig, axes = plt.subplots(
            1,
            n_panels,
            figsize=(1.9 * n_panels + 0.6, 2.3),
            sharey=True,
            layout="constrained",
            squeeze=False,
        )
        axes = axes[0]
    else:
        axes = np.atleast_1d(np.asarray(ax, dtype=object))
        if len(axes) != len(layers):
            raise ValueError(
                f"ax must hold one Axes per layer shown ({len(layers)}); got {len(axes)}"
            )
        fig = axes[0].figure
    for a, k, z_k in zip(axes, layers, values, strict=True):
        flat = z_k.ravel()
        counts, edges = np.histogram(np.clip(flat, low, high), bins=int(bins), range=(low, high))
        a.stairs(counts / flat.size, edges, fill=True, color="C0")  # one artist, fast to draw
        a.set_title(f"$z_{{{k}}}$", fontsize=10)
        a.text(
            0.97,
            0.95,
            f"標準偏差\n{np.std(flat):.2g}",
            transform=a.transAxes,
            ha="right",
            va="top",
            fontsize=7,
        )
        a.tick_params(labelsize=7)
    axes[0].set_ylabel(label if label is not None else "割合")
    return fig

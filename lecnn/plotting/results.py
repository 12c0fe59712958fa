"""Results: decision boundaries, the confusion matrix, misclassified digits, regression fits."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap, ListedColormap

from lecnn.metrics import accuracy, confusion_matrix
from lecnn.plotting.common import new_axes
from lecnn.validation import (
    MAX_RESOLUTION,
    as_label_pair,
    as_labels,
    as_real_array,
    check_int,
    type_error,
    value_error,
)

MAX_CLASSES_SHOWN = 100
"""Most classes plot_confusion_matrix draws (10⁴ cells, each with its count)."""


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


def _outputs(net, grid, what):
    """``net.forward(grid)`` as a float array, one row per point; a TypeError if ``net`` has
    no ``forward`` (something else was passed where the network goes)."""
    if not callable(getattr(net, "forward", None)):
        raise type_error("not_network", what=what, kind=type(net).__name__)
    out = np.asarray(net.forward(grid), dtype=float)
    return out.reshape(len(grid), -1)


def _check_points(X, labels, name):
    """Return X as an (n, 2) float array and labels as (n,) ints, or raise ValueError."""
    X = as_real_array(X, name).astype(float, copy=False)
    if X.ndim != 2 or X.shape[1] != 2:
        raise value_error("batch_shape", name=name, d=2, shape=X.shape)
    labels = as_labels(labels, scalar=False)
    if len(labels) != len(X):
        raise value_error("rows_labels", name=name, n=len(X), count=len(labels))
    return X, labels


def _draw_regions(ax, net, gx, gy):
    """Colour the plane by the network: P(class 1) for two classes, else the predicted class.

    Returns the number of classes m (2 for a single sigmoid output).
    """
    if getattr(net, "output", "softmax") == "identity":
        raise value_error("boundary_classifier")
    out = _outputs(net, np.column_stack([gx.ravel(), gy.ravel()]), "plot_decision_boundary")
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
    net,
    X,
    labels,
    X_test=None,
    labels_test=None,
    ax=None,
    resolution=150,
    limits=None,
    test_name="テストデータ",
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
    test_name : str, default "テストデータ"
        What the legend calls the hollow points ("検証データ" for validation data).

    Returns
    -------
    matplotlib.figure.Figure
    """
    X, labels = _check_points(X, labels, "X")
    points = X
    if X_test is not None:
        X_test, labels_test = _check_points(X_test, labels_test, "X_test")
        points = np.vstack([X, X_test])
    fig, ax = new_axes(ax, (6, 5))
    resolution = check_int("resolution", resolution, 2, MAX_RESOLUTION)
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
        ax.scatter([], [], s=30, fc="none", ec="black", lw=1.2, label=test_name)
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
    if m > MAX_CLASSES_SHOWN:  # m² cells with a number each: unreadable, and minutes to draw
        raise value_error("confusion_too_many", m=m, most=MAX_CLASSES_SHOWN)
    fig, ax = new_axes(ax, (max(3.5, 0.45 * m + 1.8),) * 2)
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
        raise value_error(
            "images_shape", n=len(labels), pixels=np.prod(shape), shape=shape, got=images.shape
        )
    wrong = np.flatnonzero(labels != predicted)
    shown = wrong[: check_int("max_images", max_images, 1, 200)]
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
    X = as_real_array(X, "X").astype(float, copy=False)
    X = X[:, None] if X.ndim == 1 else X
    Y = as_real_array(Y, "Y").astype(float, copy=False)
    Y = Y.reshape(len(Y), -1) if Y.ndim else Y.reshape(1, 1)
    if X.ndim != 2 or X.shape[1] != 1:
        raise value_error("fit_inputs", shape=X.shape)
    if len(Y) != len(X):
        raise value_error("fit_rows", n_x=len(X), n_y=len(Y))
    fig, ax = new_axes(ax, (6, 4))
    low, high = X.min(), X.max()
    pad = 0.05 * (high - low if high > low else 1.0)
    grid = np.linspace(low - pad, high + pad, 400)[:, None]
    curve = _outputs(net, grid, "plot_regression_fit")
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

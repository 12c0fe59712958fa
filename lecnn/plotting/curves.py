"""Curves: the activations f and ∇f, learning curves, runs compared, hidden-value histograms."""

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np

from lecnn.activations import ACTIVATIONS, DERIVATIVES, LABELS
from lecnn.plotting.common import new_axes, series
from lecnn.validation import as_real_array, check_int, type_error, value_error


def _plot_activation(ax, u, f, df, color, prefix):
    """Plot f(u) (solid; if ``f`` is None, not at all) and, if ``df`` is given, ∇f(u) on ``ax``
    (dashed beside f, solid alone)."""
    if f is not None:
        ax.plot(u, f(u), color=color, label=f"{prefix}$f(u)$")
    if df is not None:
        ax.plot(
            *_broken_at_jumps(u, df(u)),
            color=color,
            ls="--" if f is not None else "-",
            label=f"{prefix}$\\nabla f(u)$",
        )
    ax.axhline(0, color="0.6", lw=0.8)
    ax.axvline(0, color="0.6", lw=0.8)
    ax.set_xlabel("$u$")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)


def _broken_at_jumps(u, values, jump=0.5):
    """``u`` and ``values`` with a NaN between neighbours that differ by more than ``jump``, so
    that a line breaks there (∇ReLU jumps from 0 to 1 at u = 0) instead of drawing a riser."""
    values = np.asarray(values, dtype=float)
    at = np.flatnonzero(np.abs(np.diff(values)) > jump) + 1
    return np.insert(u, at, np.nan), np.insert(values, at, np.nan)


def plot_activations(
    names=("relu", "sigmoid", "tanh"), derivatives=True, ax=None, u=None, functions=True
):
    """Plot activation functions f(u) and their derivatives ∇f(u).

    Parameters
    ----------
    names : str or sequence of str, default ("relu", "sigmoid", "tanh")
        Names in ``lecnn.activations.DERIVATIVES``: "relu", "sigmoid", "tanh", "identity".
    derivatives : bool, default True
        Also plot ∇f(u), dashed, in the colour of f. Where ∇f jumps (ReLU at 0) the line
        breaks.
    ax : matplotlib.axes.Axes, optional
        Draw every function into this one Axes; by default a new figure with one
        panel per function.
    u : array_like, shape (k,), optional
        Points to evaluate at; default ``np.linspace(-4, 4, 401)``.
    functions : bool, default True
        False plots the derivatives alone (solid), e.g. to compare them in one Axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    names = tuple(names) if isinstance(names, (list, tuple)) else (names,)  # one name alone
    unknown = [name for name in names if not isinstance(name, str) or name not in DERIVATIVES]
    if not names or unknown:
        raise value_error("one_of", name="names", known=sorted(DERIVATIVES), value=list(names))
    if not (functions or derivatives):
        raise value_error("activations_nothing")
    u = np.linspace(-4, 4, 401) if u is None else as_real_array(u, "u").astype(float, copy=False)
    if ax is None:
        fig, axes = plt.subplots(
            1, len(names), figsize=(3.6 * len(names), 3.2), layout="constrained"
        )
        axes = np.atleast_1d(axes)
    else:
        fig, axes = ax.figure, [ax] * len(names)
    for i, (name, a) in enumerate(zip(names, axes, strict=True)):
        f = ACTIVATIONS[name] if functions else None
        df = DERIVATIVES[name] if derivatives else None
        prefix = f"{LABELS[name]}: " if ax is not None else ""
        _plot_activation(a, u, f, df, f"C{i}", prefix)
        if ax is None:
            a.set_title(LABELS[name])
    return fig


_HISTORY_AXES = {"epoch": "エポック", "steps": "ステップ"}


def _plot_curves(ax, epochs, train, test, ylabel, xlabel="エポック", test_name="テストデータ"):
    """Training (solid) and test (dashed) curves of one quantity against the epochs (or steps)."""
    style = {"marker": "o", "ms": 3} if len(epochs) <= 30 else {}
    for values, label, ls in ((train, "訓練データ", "-"), (test, test_name, "--")):
        if len(values) == 0 or np.all(np.isnan(values)):
            continue
        if len(values) != len(epochs):
            raise value_error(
                "curve_length", what=ylabel, count=len(values), n=len(epochs), axis=xlabel
            )
        ax.plot(epochs, values, ls=ls, label=label, **style)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(f"{ylabel}の推移")
    ax.grid(alpha=0.3)
    ax.legend()


def plot_history(history, ax=None, x="epoch", accuracy=True, test_name="テストデータ"):
    """Plot the learning curves: error and accuracy per epoch (or step), training vs test data.

    Parameters
    ----------
    history : object or dict
        With list attributes (or keys) ``epoch``, ``train_loss``, ``test_loss``,
        ``train_accuracy`` and ``test_accuracy``, each of length n_epochs or empty;
        accuracies may hold None (regression), and the accuracy panel is left out
        when no accuracy was recorded. An empty ``epoch`` means 1, ..., n_epochs.
        With ``x="steps"``, the list ``steps`` (the playground's history) gives the x axis.
    ax : matplotlib.axes.Axes or a sequence of two, optional
        Axes for the error and the accuracy panel; by default a new figure.
    x : {"epoch", "steps"}
    accuracy : bool
        False draws the error panel only.
    test_name : str, default "テストデータ"
        What the held-out data is called in the legend: "検証データ" when ``X_test`` of
        ``lecnn.train`` was validation data, used to choose settings.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if x not in _HISTORY_AXES:
        raise value_error("one_of", name="x", known=sorted(_HISTORY_AXES), value=x)
    is_history = (
        "train_loss" in history if isinstance(history, Mapping) else hasattr(history, "train_loss")
    )
    if not is_history:
        raise type_error("history_type", kind=type(history).__name__)
    train_loss = series(history, "train_loss")
    epochs = series(history, x)
    if len(epochs) == 0:
        epochs = np.arange(1, len(train_loss) + 1)
    accuracies = series(history, "train_accuracy"), series(history, "test_accuracy")
    with_accuracy = accuracy and any(np.any(~np.isnan(a)) for a in accuracies)
    xlabel = _HISTORY_AXES[x]
    if ax is None:
        n_panels = 2 if with_accuracy else 1
        fig, axes = plt.subplots(1, n_panels, figsize=(5 * n_panels, 3.6), layout="constrained")
        axes = np.atleast_1d(axes)
    else:
        axes = np.atleast_1d(ax)
        fig = axes[0].figure
    test_loss = series(history, "test_loss")
    _plot_curves(axes[0], epochs, train_loss, test_loss, "誤差", xlabel, test_name)
    if with_accuracy:
        _plot_curves(axes[1], epochs, *accuracies, "正解率", xlabel, test_name)
    elif len(axes) > 1:
        axes[1].set_visible(False)
    return fig


_RUN_QUANTITIES = {
    "train_loss": ("train", "誤差"),
    "test_loss": ("test", "誤差"),
    "train_accuracy": ("train", "正解率"),
    "test_accuracy": ("test", "正解率"),
}
_RUN_AXES = {"epoch": "エポック", "seconds": "経過時間 [秒]"}


def plot_runs(
    histories, quantity="test_accuracy", x="epoch", ax=None, logy=False, test_name="テストデータ"
):
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
    test_name : str, default "テストデータ"
        What the held-out data is called: "検証データ" when ``X_test`` of ``lecnn.train``
        was validation data, used to choose settings. The labels use the term without
        "データ": 検証誤差, テスト正解率.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(histories, Mapping) or len(histories) == 0:
        raise value_error("histories", kind=type(histories).__name__)
    if quantity not in _RUN_QUANTITIES:
        raise value_error("one_of", name="quantity", known=sorted(_RUN_QUANTITIES), value=quantity)
    if x not in _RUN_AXES:
        raise value_error("one_of", name="x", known=sorted(_RUN_AXES), value=x)
    fig, ax = new_axes(ax, (5.5, 3.8))
    for i, (label, history) in enumerate(histories.items()):
        values = series(history, quantity)
        if len(values) == 0 or np.all(np.isnan(values)):
            raise value_error("run_empty", label=label, quantity=quantity)
        if x == "epoch":
            xs = np.arange(1, len(values) + 1)
        else:
            seconds = series(history, "seconds")
            if len(seconds) != len(values):
                raise value_error(
                    "run_seconds",
                    label=label,
                    count=len(seconds),
                    n=len(values),
                    quantity=quantity,
                )
            xs = np.cumsum(seconds)
        style = {"marker": "o", "ms": 3} if len(values) <= 30 else {}
        ax.plot(xs, values, color=f"C{i}", label=str(label), **style)
    if logy:
        ax.set_yscale("log")
    data, what = _RUN_QUANTITIES[quantity]
    # the notebooks' terms: 訓練誤差, 検証正解率, テスト誤差, ... ("検証データ" -> "検証")
    ylabel = ("訓練" if data == "train" else test_name.removesuffix("データ")) + what
    ax.set(xlabel=_RUN_AXES[x], ylabel=ylabel)
    ax.set_title(f"{ylabel}の推移")
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
        raise value_error("no_hidden")
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
        raise value_error("hidden_layers", r=r, value=layers)
    layers = [int(k) for k in layers]
    values = [values[k - 1] for k in layers]
    bins = check_int("bins", bins, 1, 10_000)
    if value_range is None:
        low = min(float(v.min()) for v in values)
        high = max(float(v.max()) for v in values)
        value_range = (low, high) if high > low else (low - 0.5, high + 0.5)
    low, high = value_range
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise value_error("value_range", value=value_range)
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
            raise value_error("axes_count", n=len(layers), count=len(axes))
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

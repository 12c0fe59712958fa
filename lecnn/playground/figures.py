"""Static matplotlib figures of an engine's history, for notebooks (the panel draws its own).

They match what the panel's live charts show, as ordinary figures that stay in a
saved notebook.
"""

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (Japanese labels)

from lecnn.playground.svg import MIN_STEPS, layer_colors
from lecnn.plotting import plot_history


def plot_gradient_norms(engine, ax=None, title=None):
    """‖∂E/∂W_k‖ of every layer k = 0..r against the step count, on a log scale.

    Parameters
    ----------
    engine : lecnn.playground.Engine
        Its ``history`` supplies the curves.
    ax : matplotlib.axes.Axes, optional
        Draw here; by default a new figure.
    title : str, optional
        Default: the engine's architecture.

    Returns
    -------
    matplotlib.figure.Figure
    """
    h = engine.history
    norms = h.grad_norm_array()
    if ax is None:
        fig, ax = plt.subplots(figsize=(5, 3.4), layout="constrained")
    colors = layer_colors(norms.shape[1])
    marker = "o" if len(h.steps) == 1 else None  # a single record is a point, not a line
    for k in range(norms.shape[1]):
        ax.plot(h.steps, norms[:, k], color=colors[k], label=f"$W_{{{k}}}$", marker=marker)
    ax.set_yscale("log")
    _step_axis(ax, h.steps)
    ax.set_ylabel(r"$\|\partial E / \partial W_k\|$")
    ax.set_title(title if title is not None else engine.architecture())
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=7, ncol=2 if norms.shape[1] > 5 else 1)
    return ax.figure


def plot_losses(engine, ax=None, title=None):
    """Training and validation loss E against the step count (``lecnn.plotting.plot_history``).

    The engine's held-out points are validation data: the panel's settings are chosen on them.

    Parameters
    ----------
    engine : lecnn.playground.Engine
    ax : matplotlib.axes.Axes, optional
    title : str, optional
        Default: the engine's architecture.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(5, 3.4), layout="constrained")
    plot_history(engine.history, ax=ax, x="steps", accuracy=False, test_name="検証データ")
    _step_axis(ax, engine.history.steps)
    ax.set_ylabel("誤差 $E$")
    ax.set_title(title if title is not None else engine.architecture())
    return ax.figure


def _step_axis(ax, steps):
    # as the panel's charts: steps from 0 to at least MIN_STEPS
    ax.set_xlim(0, max(MIN_STEPS, steps[-1] if len(steps) else 0))
    ax.set_xlabel("ステップ")

"""What the plotting modules share: a figure to draw in, a history's series."""

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np


def new_axes(ax, figsize):
    """Return ``(figure, axes)``: ``ax`` and its figure, or a new figure of ``figsize`` inches."""
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, ax


def series(history, name):
    """``history.name`` (or ``history[name]``) as a float array; None becomes NaN."""
    values = history.get(name) if isinstance(history, Mapping) else getattr(history, name, None)
    values = [] if values is None else values
    return np.array([np.nan if v is None else v for v in values], dtype=float)

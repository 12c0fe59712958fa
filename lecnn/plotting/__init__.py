"""Figures for the lecture notebooks: network diagrams, activations, learning curves, results.

Every function draws with matplotlib and returns the :class:`~matplotlib.figure.Figure`;
none calls ``plt.show()``. Functions that take ``ax=`` draw into that Axes and return
the figure that holds it; without ``ax`` they make a new pyplot figure (in Jupyter, end
the line with ``;`` or assign the result so the figure is not shown twice).

Importing this package imports ``matplotlib_fontja``, which registers the IPAex Gothic
font and makes it the default, so the Japanese labels (エポック, 誤差, 正解率, ...) render
on any machine. Mathematical symbols are written as the lecture writes them
(``$W_k$``, ``$z_k$``, ``$q_k$``, ...) in matplotlib's mathtext.

The networks plotted here are duck-typed: anything with ``forward(X)`` mapping an
(n, d) array to (n, m) outputs and an ``output`` name (``"softmax"``, ``"sigmoid"``
or ``"identity"``) will do, e.g. :class:`lecnn.network.Network`.
"""

import matplotlib_fontja  # noqa: F401  (sets a Japanese font for every label)

from lecnn.plotting.curves import (
    plot_activation_histograms,
    plot_activations,
    plot_history,
    plot_runs,
)
from lecnn.plotting.diagram import draw_network
from lecnn.plotting.results import (
    plot_confusion_matrix,
    plot_decision_boundary,
    plot_misclassified,
    plot_regression_fit,
)

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

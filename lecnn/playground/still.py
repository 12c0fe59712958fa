"""A still picture of the panel's view, for places where no kernel runs.

A saved notebook, GitHub's viewer and a static HTML export cannot show a live
widget, and JupyterLab (as ``make lab`` sets it up) keeps no widget state in a saved
notebook; ``Panel`` therefore follows its widget output with a second output, a PNG
of what it shows (decision boundary or test digits, the loss and gradient-norm
curves, the network diagram), and redraws that picture in place whenever the panel
pauses or a setting changes, so a saved notebook shows the student's own run. The
panel's own ``HIDE_STYLE`` hides the picture wherever the live widget renders, so
the picture shows only where the widget cannot.

The picture is marked by its width, which ``display`` states in the output's
metadata (JupyterLab then writes it on the ``<img>``), and by ``MARK``.
"""

import base64
import io

import matplotlib
import matplotlib.image
import matplotlib_fontja  # noqa: F401  (Japanese labels)
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from lecnn.playground.figures import plot_gradient_norms, plot_losses
from lecnn.playground.geometry import (
    INTERCEPT_HALF,
    TILE,
    checked_names,
    edge_lines,
    geometry,
    layer_name,
    unit_pictures,
)
from lecnn.playground.symbols import subscript

DPI = 80
WIDTH_INCHES = 12
WIDTH = DPI * WIDTH_INCHES
"""Width of the still picture, pixels."""
MARK = {"still": True}
"""Under the output metadata's "lecnn" key: this output is the panel's still picture."""
HIDE_STYLE = (
    "<style>.jp-OutputArea-child:has(.lecnn-playground) ~ "
    f'.jp-OutputArea-child:has(img[width="{WIDTH}"]){{display:none}}</style>'
)
"""CSS that hides the still picture that follows a rendered panel in the same cell's outputs."""


def still_output(engine, views, text):
    """The still picture's display data and metadata (for ``IPython.display.display(raw=True)``).

    Parameters
    ----------
    engine : Engine
    views : Views
    text : str
        The text/plain form (for front ends that show no pictures).

    Returns
    -------
    data : dict
        "image/png" (base64) and "text/plain".
    metadata : dict
        The PNG's width and ``MARK`` under "lecnn".
    """
    png = base64.b64encode(still_png(engine, views)).decode("ascii")
    return {"image/png": png, "text/plain": text}, {"image/png": {"width": WIDTH}, "lecnn": MARK}


def still_png(engine, views, dpi=DPI):
    """PNG bytes of the panel's view of ``engine``.

    Parameters
    ----------
    engine : Engine
    views : Views
    dpi : int

    Returns
    -------
    bytes
    """
    with engine.single_thread_blas(), np.errstate(all="ignore"):
        png, _, forward = views.main_picture(engine)
        inputs = views.diagram_inputs(engine, forward)
    g = geometry(inputs[0])
    top, bottom = 3.6, g.height / 90  # inches: the pictures and charts, the diagram
    h = top + bottom
    fig = Figure(figsize=(WIDTH_INCHES, h), dpi=dpi)  # fixed axes, no layout engine: fast

    def axes(left, low, width, height):
        return fig.add_axes((left / 12, low / h, width / 12, height / h))

    if png is None:  # regression: the data and the fitted curve
        ax = axes(0.6, bottom + 0.55, 3.0, 2.35)
        e = engine
        ax.scatter(e.X_train[:, 0], e.labels_train[:, 0], s=8)
        ax.scatter(e.X_test[:, 0], e.labels_test[:, 0], s=8, facecolors="none", edgecolors="C1")
        x = np.linspace(e.X_train.min(), e.X_train.max(), 200)[:, None]
        ax.plot(x[:, 0], e.forward_pass(x).y[:, 0], color="k", lw=2)
        ax.set_title("データと回帰曲線", fontsize=10)
    else:
        ax = axes(0.2, bottom + 0.1, 3.2, 3.0)
        ax.imshow(matplotlib.image.imread(io.BytesIO(png), format="png"))
        ax.set_title("決定境界" if engine.is_2d else "検証データの予測", fontsize=10)
        ax.axis("off")
    plot_losses(engine, ax=axes(4.4, bottom + 0.55, 3.3, 2.35), title="誤差 E")
    norms_title = r"$\|\partial E / \partial W_k\|$"
    plot_gradient_norms(engine, ax=axes(8.5, bottom + 0.55, 3.3, 2.35), title=norms_title)
    width = min(12.0, g.width / 90)
    draw_diagram(axes((12 - width) / 2, 0.0, width, bottom - 0.1), *inputs)
    fig.suptitle(
        f"{engine.architecture()} · ステップ {engine.steps} "
        "(静止画: セルを実行すると操作できるパネルになります)",
        fontsize=10,
    )
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi)
    return out.getvalue()


def draw_diagram(ax, sizes, weights, maps, activations, input_names=None):
    """The live diagram on a matplotlib axes (for the still picture of the panel).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    sizes, weights, maps, activations, input_names
        As for ``diagram.network_html``.
    """
    g = geometry(sizes)
    n = len(sizes)
    names = checked_names(g.sizes[0], input_names)
    # the Japanese font has no subscript digits: DejaVu Sans (matplotlib's own) draws those
    fonts = [*matplotlib.rcParams["font.family"], "DejaVu Sans"]
    lines = [line for layer in edge_lines(g, weights) for line in layer]
    if lines:
        ax.add_collection(
            LineCollection(
                [[(x0, y0), (x1, y1)] for x0, y0, x1, y1, *_ in lines],
                colors=[to_rgba(c, o) for *_, c, _, o in lines],
                linewidths=[0.75 * w for *_, w, _ in lines],
                zorder=1,
            )
        )
    half = TILE / 2
    for _k, _j, x, y, rgb in unit_pictures(g, maps, activations):
        ax.imshow(rgb, extent=(x - half, x + half, y + half, y - half), zorder=2)
        ax.add_patch(_square(x, y, half, "none"))
    for j, x, y in g.units(0):
        ax.text(x - half - 3, y, names[j - 1], ha="right", va="center", fontsize=7, family=fonts)
    for k in range(n - 1):
        ax.add_patch(_square(g.x[k], g.y(k, -1), INTERCEPT_HALF, "#e0e0e0"))
        ax.text(g.x[k], g.y(k, -1), "1", ha="center", va="center", fontsize=7, zorder=4)
    for _k, x, y, hidden in g.elisions():
        ax.text(x, y, f"… +{hidden}", ha="center", va="center", fontsize=7)
    for k, q in enumerate(sizes):
        ax.text(g.x[k], 14, layer_name(k, n), ha="center", va="center", fontsize=8, family=fonts)
        ax.text(
            g.x[k], g.height - 10, f"q{subscript(k)} = {q}", ha="center", fontsize=7, family=fonts
        )
    ax.set(xlim=(0, g.width), ylim=(g.height, 0), aspect="equal")
    ax.axis("off")


def _square(x, y, half, face):
    return Rectangle((x - half, y - half), 2 * half, 2 * half, fc=face, ec="#333", lw=0.6, zorder=3)

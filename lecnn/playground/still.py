"""A still picture of the panel's current view, for places where no kernel runs.

A saved notebook, GitHub's viewer and a static HTML export cannot show a live
widget; ``Panel`` therefore puts a PNG of what it shows (decision boundary or
test digits, the loss and gradient-norm curves, the network diagram) into the
same output as the widget (``Panel._repr_mimebundle_``).
"""

import io

import matplotlib.image
import matplotlib_fontja  # noqa: F401  (Japanese labels)
import numpy as np
from matplotlib.figure import Figure

from lecnn.playground import diagram
from lecnn.playground.figures import plot_gradient_norms, plot_losses


def still_png(engine, views, dpi=80):
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
    g = diagram.geometry(inputs[0])
    fig = Figure(figsize=(12, 3.6 + g.height / 100), dpi=dpi, layout="constrained")
    grid = fig.add_gridspec(2, 3, height_ratios=[3.6, g.height / 100])
    ax = fig.add_subplot(grid[0, 0])
    ax.imshow(matplotlib.image.imread(io.BytesIO(png), format="png"))
    ax.set_title("決定境界" if engine.is_2d else "テストデータの予測", fontsize=10)
    ax.axis("off")
    plot_losses(engine, ax=fig.add_subplot(grid[0, 1]), title="誤差 E")
    plot_gradient_norms(
        engine, ax=fig.add_subplot(grid[0, 2]), title=r"$\|\partial E / \partial W_k\|$"
    )
    diagram.draw(fig.add_subplot(grid[1, :]), *inputs)
    fig.suptitle(
        f"{engine.architecture()} · ステップ {engine.steps} "
        "(止まった絵: カーネルにつながると操作できるパネルになります)",
        fontsize=10,
    )
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi)
    return out.getvalue()

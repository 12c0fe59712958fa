"""The playground: an interactive panel that trains the lecture's network live.

In the spirit of TensorFlow Playground, on ``lecnn.Network``: pick a data set,
the depth r and width q, the hidden activation, η and the batch size, the optimiser
(SGD, momentum, Adam) and a regularisation (L1, L2 with its λ), press Play,
and watch the decision boundary, the loss curves, the gradient norm ‖∂E/∂W_k‖ of
every layer and the network diagram (every unit a heat map of its output) change.
「逆伝播を見る」 walks one training sample through the forward pass and the δ
recursion, one layer per press of a button.

>>> import lecnn.playground
>>> panel = lecnn.playground.playground(dataset="xor", hidden_widths=(8, 8), seed=0)
>>> panel.depth.value = 3          # as if the slider were moved: rebuilds the network
>>> panel.step()                   # as if Step were pressed: 20 SGD steps and a redraw
>>> panel.engine.steps
20

Parts:

- ``Engine`` (``engine.py``): the state without widgets — data, network, step
  counter, histories of the losses and gradient norms; ``step(n)``, ``reset()``,
  ``configure(**settings)`` (rebuilds on a change of data or architecture);
  ``blas.py``: BLAS on one thread while it computes.
- ``Panel`` (``panel.py``): the ipywidgets view; Play runs as an asyncio task on the
  kernel's event loop and yields between frames, so Pause and sliders always answer.
  ``controls.py``: its widgets, made from one table (``CONTROLS``: widget, field, limits,
  label, CSS class), their layout.
- ``views.py``: what the panel shows, from an engine's state; ``render.py`` and
  ``svg.py`` draw it straight from NumPy (PNG) and as SVG text, so a frame (20 SGD
  steps and a redraw) takes milliseconds.
- ``diagram.py``: the network diagram as HTML (live, and for 「逆伝播を見る」), laid
  out by ``geometry.py``; ``diagram_edit.py``: its + / − buttons (units, hidden layers)
  and a clicked edge's weight, through an anywidget; ``backprop.py``: one sample's z_k,
  δ_k and ∂E/∂W_k, layer by layer, shown by ``backprop_view.py``; ``symbols.py``:
  subscripts as in x₁, W₀.
- ``figures.py``: the same curves as static matplotlib figures, for notebooks;
  ``still.py``: a PNG of the panel's view, shown where no kernel runs.
- ``state.py``: the settings as a short JSON string (``Panel.from_state``, the app's URL);
  ``address.py``: the app's address follows the settings;
  ``features.py``: the inputs of the 2-D sets (x₁, x₂ and extra features).

Widget DOM contract
-------------------
Browser tests find the panel's parts by these CSS classes (set with ``add_class``);
keep them stable:

================================  ===========================================
CSS class                         widget
================================  ===========================================
``lecnn-playground``              the whole panel (VBox)
``lecnn-dataset``, ``lecnn-noise``, ``lecnn-train-fraction``, ``lecnn-widths``,
``lecnn-activation``, ``lecnn-eta``, ``lecnn-batch-size``, ``lecnn-optimizer``,
``lecnn-momentum``, ``lecnn-regularization``, ``lecnn-regularization-rate``, ``lecnn-seed``
                                  the other controls of ``table.CONTROLS`` (μ and λ
                                  disabled where their rule does not use them)
``lecnn-depth``                   depth r slider (IntSlider, 0..8)
``lecnn-width``                   width q slider (IntSlider, 1..128)
``lecnn-play``                    Play button
``lecnn-pause``                   Pause button (a separate button; disabled unless playing)
``lecnn-step``                    Step button (one frame: 20 SGD steps and a redraw)
``lecnn-reset``                   Reset button
``lecnn-architecture``            architecture text (HTML), e.g. "2-8-8-2, ReLU, 114 パラメータ"
``lecnn-status``                  status text (HTML): "ステップ 120 · 訓練誤差 … · 実行中/停止中";
                                  ``b.lecnn-worsened`` when the error stays well above its start
``lecnn-loss-plot``               training and validation loss curves (HTML holding an SVG)
``lecnn-boundary``                decision boundary with training/validation points (Image, PNG);
                                  for the digits, validation digits framed by correctness;
                                  hidden for the sine (its curve is SVG in the caption)
``lecnn-show-validation``         「検証データを表示」 toggle (ToggleButton)
``lecnn-discretize``              「出力を離散化」 toggle (ToggleButton)
``lecnn-grad-norms``              ‖∂E/∂W_k‖ per layer over time (HTML holding an SVG)
``lecnn-units``                   the network diagram's box (VBox)
``lecnn-diagram``                 the network diagram (``diagram_edit.DiagramView``, HTML):
                                  ``img.lecnn-unit`` heat maps, ``g.lecnn-intercept``,
                                  ``g.lecnn-edges``, ``.lecnn-colour-scale``; above it
                                  ``.lecnn-dg-bar`` with ``button.lecnn-layers-minus/-plus``
                                  (hidden layers) and ``button.lecnn-units-minus/-plus`` (units
                                  of each hidden layer); a click on an edge chooses its weight
                                  (``svg.lecnn-chosen-edge``); ``g.lecnn-bp-unit`` in 逆伝播を見る
``lecnn-weight-label``            which weight W_k[j, i] is chosen (HTML)
``lecnn-weight``                  its value (Text: applies on Enter)
``lecnn-backprop``                「逆伝播を見る」 toggle (ToggleButton)
``lecnn-bp-prev``, ``lecnn-bp-next``  its step buttons (Button)
``lecnn-bp-sample``               the sample it follows (BoundedIntText)
``lecnn-bp-worst``                「誤差の大きいサンプル」 (Button): the sample with the largest E
``lecnn-bp-caption``              what the current stage computes (HTML)
``lecnn-state``                   the settings as a JSON string (Text: applies on Enter)
``lecnn-features``                toggles of the inputs x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂
                                  (HBox; disabled for the digits and the sine)
================================  ===========================================
"""

from lecnn.playground import backprop, diagram
from lecnn.playground.engine import Engine, gradient_norms
from lecnn.playground.figures import plot_gradient_norms, plot_losses
from lecnn.playground.panel import Panel
from lecnn.playground.settings import DATASETS, Settings


def playground(**settings):
    """The interactive panel, ready to show (the last line of a notebook cell).

    Parameters
    ----------
    **settings
        Fields of ``Settings`` (dataset, noise, train_fraction, hidden_widths,
        activation, eta, batch_size, seed, n_samples, features, optimizer, momentum,
        regularization, regularization_rate) and the options of ``Panel``
        (steps_per_frame, frame_interval, max_steps, redraw_interval).

    Returns
    -------
    Panel
    """
    return Panel(**settings)


__all__ = [
    "DATASETS",
    "backprop",
    "diagram",
    "Engine",
    "Panel",
    "Settings",
    "gradient_norms",
    "playground",
    "plot_gradient_norms",
    "plot_losses",
]

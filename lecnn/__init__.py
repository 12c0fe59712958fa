"""lecnn: deep neural networks and backpropagation in the lecture's notation.

>>> import lecnn
>>> net = lecnn.Network([2, 8, 8, 3], hidden="relu", output="softmax", seed=0)
>>> [W.shape for W in net.weights]   # W_k: (q_{k+1}, q_k + 1), column 0 = intercept
[(8, 3), (8, 9), (3, 9)]

``lecnn.plotting`` (matplotlib, with its Japanese font), ``lecnn.playground``
(ipywidgets) and ``lecnn.checks`` (the exercises' checks) are imported on first use, so
``import lecnn`` stays quick. When
matplotlib is already in use, ``import lecnn`` sets the Japanese font at once, so
figures drawn with pyplot directly label in Japanese too.
"""

import importlib
import sys

from lecnn import data, layers, metrics, optim, pytorch, regions
from lecnn.activations import ACTIVATIONS, DERIVATIVES, softmax, softmax_jacobian
from lecnn.divergence import DivergenceError, TrainingWorsenedWarning
from lecnn.gradcheck import (
    GradientCheck,
    gradient_check,
    numerical_gradient,
    numerical_gradients,
    relative_error,
    verdict,
)
from lecnn.losses import LOSSES, LOSSES_FROM_LOGITS
from lecnn.network import (
    BackwardPass,
    ForwardPass,
    Network,
    augment,
    gradient_norms,
    n_params,
    predicted_delta_ratios,
)
from lecnn.saving import load, load_weights, save
from lecnn.training import History, train

__version__ = "0.1.0"

if "matplotlib" in sys.modules:  # pyplot already imported: its labels get the Japanese font now
    importlib.import_module("matplotlib_fontja")

__all__ = [
    "ACTIVATIONS",
    "DERIVATIVES",
    "LOSSES",
    "LOSSES_FROM_LOGITS",
    "BackwardPass",
    "DivergenceError",
    "ForwardPass",
    "GradientCheck",
    "History",
    "Network",
    "TrainingWorsenedWarning",
    "augment",
    "checks",
    "data",
    "gradient_check",
    "gradient_norms",
    "layers",
    "load",
    "load_weights",
    "metrics",
    "n_params",
    "numerical_gradient",
    "numerical_gradients",
    "optim",
    "playground",
    "plotting",
    "predicted_delta_ratios",
    "pytorch",
    "regions",
    "relative_error",
    "save",
    "softmax",
    "softmax_jacobian",
    "train",
    "verdict",
]

_LAZY = ("checks", "playground", "plotting")


def __getattr__(name):
    """Import ``lecnn.checks``, ``lecnn.plotting`` and ``lecnn.playground`` when first used."""
    if name in _LAZY:
        return importlib.import_module(f"lecnn.{name}")
    raise AttributeError(f"module 'lecnn' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))

"""lecnn: deep neural networks and backpropagation in the lecture's notation.

>>> import lecnn
>>> net = lecnn.Network([2, 8, 8, 3], hidden="relu", output="softmax", seed=0)
>>> [W.shape for W in net.weights]   # W_k: (q_{k+1}, q_k + 1), column 0 = intercept
[(8, 3), (8, 9), (3, 9)]
"""

from lecnn import checks, data, layers, metrics, plotting, pytorch, regions
from lecnn.activations import ACTIVATIONS, DERIVATIVES, softmax, softmax_jacobian
from lecnn.gradcheck import (
    GradientCheck,
    gradient_check,
    numerical_gradient,
    numerical_gradients,
    relative_error,
    verdict,
)
from lecnn.losses import LOSSES, LOSSES_FROM_LOGITS
from lecnn.network import BackwardPass, DivergenceError, ForwardPass, Network, augment, n_params
from lecnn.saving import load, save
from lecnn.training import History, train

__version__ = "0.1.0"

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
    "augment",
    "checks",
    "data",
    "gradient_check",
    "layers",
    "load",
    "metrics",
    "n_params",
    "numerical_gradient",
    "numerical_gradients",
    "plotting",
    "pytorch",
    "regions",
    "relative_error",
    "save",
    "softmax",
    "softmax_jacobian",
    "train",
    "verdict",
]

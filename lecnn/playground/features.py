"""The inputs of the 2-D data sets, as in TensorFlow Playground: x₁, x₂ and extra features.

Each input of the network is one of ``FEATURES``, a function of the point (x₁, x₂); the
panel's toggles switch each on or off. With x₁, x₂, x₁² and sin x₂ on, the network's input
is z_0 = (1, x₁, x₂, x₁², sin x₂)ᵀ: d is the number of inputs on, and a network without
hidden layers can then draw a circle.
"""

import numpy as np

from lecnn.playground.symbols import plain_labels
from lecnn.validation import type_error, value_error

FEATURES = {
    "x1": ("x₁", lambda X: X[:, 0]),
    "x2": ("x₂", lambda X: X[:, 1]),
    "x1^2": ("x₁²", lambda X: X[:, 0] ** 2),
    "x2^2": ("x₂²", lambda X: X[:, 1] ** 2),
    "x1x2": ("x₁x₂", lambda X: X[:, 0] * X[:, 1]),
    "sin x1": ("sin x₁", lambda X: np.sin(X[:, 0])),
    "sin x2": ("sin x₂", lambda X: np.sin(X[:, 1])),
}
"""Name -> (label, function of the points X of shape (n, 2))."""

PLAIN = ("x1", "x2")
"""The inputs on by default: the point itself."""


def check_features(features):
    """``features`` as a tuple of known names in the order of ``FEATURES``, without repeats.

    Raises
    ------
    TypeError, ValueError
        Not a sequence of names, an unknown name, or no input at all.
    """
    if isinstance(features, str) or not hasattr(features, "__iter__"):
        raise type_error("features_type", known=list(FEATURES), value=features)
    features = tuple(features)
    unknown = [f for f in features if f not in FEATURES]
    if unknown:
        raise value_error("features_unknown", unknown=unknown, known=list(FEATURES))
    if not features:
        raise value_error("features_none")
    return tuple(f for f in FEATURES if f in features)


def expand(X, features):
    """The network's inputs at the points X: (n, 2) -> (n, len(features)), in ``FEATURES`` order.

    Parameters
    ----------
    X : ndarray, shape (n, 2)
    features : tuple of str
        Names from ``FEATURES`` (checked).

    Returns
    -------
    ndarray, shape (n, len(features))
    """
    if features == PLAIN:
        return X[:, :2]
    return np.column_stack([FEATURES[f][1](X[:, :2]) for f in features])


def input_labels(features):
    """Names of the inputs of a 2-D set (the labels of ``FEATURES``)."""
    return [FEATURES[f][0] for f in features]


__all__ = ["FEATURES", "PLAIN", "check_features", "expand", "input_labels", "plain_labels"]

"""Extra input features for the 2-D data sets, as in TensorFlow Playground.

With features (say x₁² and sin x₂) the network's input is z_0 = (1, x₁, x₂, x₁², sin x₂)ᵀ:
d grows by one per feature, and a network without hidden layers can then draw a circle.
"""

import numpy as np

from lecnn.playground.symbols import plain_labels
from lecnn.validation import type_error, value_error

FEATURES = {
    "x1^2": ("x₁²", lambda X: X[:, 0] ** 2),
    "x2^2": ("x₂²", lambda X: X[:, 1] ** 2),
    "x1x2": ("x₁x₂", lambda X: X[:, 0] * X[:, 1]),
    "sin x1": ("sin x₁", lambda X: np.sin(X[:, 0])),
    "sin x2": ("sin x₂", lambda X: np.sin(X[:, 1])),
}
"""Name -> (label, function of the points X of shape (n, 2))."""


def check_features(features):
    """``features`` as a tuple of known names in the order of ``FEATURES``, without repeats.

    Raises
    ------
    TypeError, ValueError
    """
    if isinstance(features, str) or not hasattr(features, "__iter__"):
        raise type_error("features_type", known=list(FEATURES), value=features)
    features = tuple(features)
    unknown = [f for f in features if f not in FEATURES]
    if unknown:
        raise value_error("features_unknown", unknown=unknown, known=list(FEATURES))
    return tuple(f for f in FEATURES if f in features)


def expand(X, features):
    """The points with the features appended: (n, 2) -> (n, 2 + len(features)).

    Parameters
    ----------
    X : ndarray, shape (n, 2)
    features : tuple of str
        Names from ``FEATURES``.

    Returns
    -------
    ndarray, shape (n, 2 + len(features))
    """
    if not features:
        return X
    return np.column_stack([X[:, :2]] + [FEATURES[f][1](X[:, :2]) for f in features])


def input_labels(features):
    """Names of the inputs of a 2-D set: x₁, x₂ and the features' labels (as ``FEATURES``)."""
    return plain_labels(2) + [FEATURES[f][0] for f in features]

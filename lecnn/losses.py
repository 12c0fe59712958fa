"""Error functions E, one per output activation f_r.

The lecture pairs each output with its error function:

===========  ==========================================  ==============
output f_r   E for one sample                            problem
===========  ==========================================  ==============
identity     ½ ‖y − W_r z_r‖² = ½ Σ_j (y_j − u_rj)²       regression
softmax      −Σ_j y_j log f_r(w_rjᵀ z_r)                  classification
sigmoid      −y log f − (1 − y) log(1 − f)  (m = 1)       two classes
===========  ==========================================  ==============

For all three the output error is the same simple δ_r = f_r(W_r z_r) − y.

The ``*_from_logits`` forms take u_r = W_r z_r rather than f_r(u_r): log f_r
is then computed without ever forming a probability that rounds to 0, so the
error stays finite for logits of ±1000.

Every function works on one sample (1-D arrays, returns a float) or on a batch
(rows, returns one value per sample).
"""

import numpy as np

from lecnn.activations import log_softmax
from lecnn.validation import value_error


def _same_shape(y_hat, y):
    """Refuse targets whose shape is not the output's: broadcasting would sum other terms."""
    if np.shape(y_hat) != np.shape(y):
        raise value_error("loss_shapes", a=np.shape(y_hat), b=np.shape(y))


def _probabilities(y_hat, name):
    """``y_hat`` as an array of probabilities, or a clear error (logits given by mistake)."""
    y_hat = np.asarray(y_hat, dtype=float)
    outside = y_hat[(y_hat < 0) | (y_hat > 1)]
    if outside.size:
        raise value_error("loss_probabilities", name=name, value=outside[0])
    return y_hat


def squared_error(y_hat, y):
    """½ squared error E = ½ Σ_j (y_j − ŷ_j)².

    Parameters
    ----------
    y_hat : ndarray, shape (m,) or (n, m)
        Network output f_r(W_r z_r) = W_r z_r (identity output).
    y : ndarray, same shape as y_hat
        Targets.

    Returns
    -------
    float or ndarray of shape (n,)
        E per sample.
    """
    _same_shape(y_hat, y)
    diff = np.asarray(y) - np.asarray(y_hat)
    return 0.5 * np.sum(diff * diff, axis=-1)


def cross_entropy(y_hat, y):
    """Cross-entropy E = −Σ_j y_j log ŷ_j, the lecture's form, on probabilities.

    A probability that is exactly 0 where y_j > 0 gives inf, as the formula
    says; the network itself uses ``cross_entropy_from_logits``, which cannot.

    Parameters
    ----------
    y_hat : ndarray, shape (m,) or (n, m)
        Softmax probabilities.
    y : ndarray, same shape
        One-hot (or probability) targets; each row sums to 1.

    Returns
    -------
    float or ndarray of shape (n,)
    """
    _same_shape(y_hat, y)
    y_hat, y = _probabilities(y_hat, "cross_entropy"), np.asarray(y)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_p = np.log(y_hat)
    # 0 · log 0 is taken as 0, as in the formula's sum over the classes
    with np.errstate(invalid="ignore"):  # 0 · (−inf) is discarded by the where
        return -np.sum(np.where(y > 0, y * log_p, 0.0), axis=-1)


def binary_cross_entropy(y_hat, y):
    """Binary cross-entropy E = −y log ŷ − (1 − y) log(1 − ŷ), summed over outputs.

    Parameters
    ----------
    y_hat : ndarray, shape (m,) or (n, m)
        Sigmoid outputs in [0, 1] (m = 1 in the lecture).
    y : ndarray, same shape, entries in [0, 1]

    Returns
    -------
    float or ndarray of shape (n,)
    """
    _same_shape(y_hat, y)
    y_hat, y = _probabilities(y_hat, "binary_cross_entropy"), np.asarray(y)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(y > 0, y * np.log(y_hat), 0.0) + np.where(
            y < 1, (1 - y) * np.log1p(-y_hat), 0.0
        )
    return -np.sum(terms, axis=-1)


def squared_error_from_logits(u, y):
    """½ ‖y − u‖² with u = W_r z_r (the identity output). Shapes as ``squared_error``."""
    return squared_error(u, y)


def cross_entropy_from_logits(u, y):
    """−Σ_j y_j log softmax(u)_j, finite for any finite u.

    Parameters
    ----------
    u : ndarray, shape (m,) or (n, m)
        Logits u_r = W_r z_r.
    y : ndarray, same shape
        One-hot (or probability) targets.

    Returns
    -------
    float or ndarray of shape (n,)
    """
    return -np.sum(np.asarray(y) * log_softmax(u), axis=-1)


def binary_cross_entropy_from_logits(u, y):
    """−y log σ(u) − (1 − y) log(1 − σ(u)) = log(1 + e^u) − y u, summed over outputs.

    Parameters
    ----------
    u : ndarray, shape (m,) or (n, m)
        Logits u_r = W_r z_r.
    y : ndarray, same shape, entries in [0, 1]

    Returns
    -------
    float or ndarray of shape (n,)
    """
    # log σ(u) = −log(1 + e^{−u}) and log(1 − σ(u)) = −log(1 + e^{u}); logaddexp(0, u) is
    # log(1 + e^u) without overflow.
    return np.sum(np.logaddexp(0, u) - np.asarray(y) * u, axis=-1)


LOSSES = {
    "identity": squared_error,
    "softmax": cross_entropy,
    "sigmoid": binary_cross_entropy,
}
"""Output activation name -> E(ŷ, y) on the outputs, as the lecture writes it."""

LOSSES_FROM_LOGITS = {
    "identity": squared_error_from_logits,
    "softmax": cross_entropy_from_logits,
    "sigmoid": binary_cross_entropy_from_logits,
}
"""Output activation name -> E(u_r, y) on the logits u_r = W_r z_r (what the network uses)."""


# ---------------------------------------------------------------------------
# What the output predicts, and whether it is right
# ---------------------------------------------------------------------------


def predict_from_logits(output, u_r):
    """Class labels from the logits u_r (softmax: argmax; sigmoid: f > 1/2), or u_r (identity).

    >>> predict_from_logits("softmax", np.array([[0.1, 2.0], [3.0, -1.0]]))
    array([1, 0])
    """
    if output == "softmax":
        return np.argmax(u_r, axis=-1)
    if output == "sigmoid":
        labels = (u_r > 0).astype(np.intp)  # σ(u) > 1/2  ⇔  u > 0
        return labels[..., 0] if u_r.shape[-1] == 1 else labels
    return u_r


def hits(output, u_r, t):
    """Whether each prediction equals its target (softmax: the class; sigmoid: y ≥ 1/2).

    ``t`` holds integer labels (softmax) or float targets of u_r's shape.
    """
    predicted = predict_from_logits(output, u_r)
    if output == "softmax":
        truth = t if np.issubdtype(t.dtype, np.integer) else np.argmax(t, axis=-1)
    else:
        truth = (t >= 0.5).astype(np.intp)
        truth = truth[..., 0] if u_r.shape[-1] == 1 else truth
    return predicted == truth


def accuracy(output, u_r, t):
    """Fraction of predictions that equal their target; None for an identity output."""
    if output == "identity":
        return None
    return float(np.mean(hits(output, u_r, t)))


def count_correct(output, u_r, t):
    """Samples classified correctly, as ``accuracy`` counts them, but without a mean."""
    found = np.atleast_1d(hits(output, u_r, t))
    n = 1 if u_r.ndim == 1 else u_r.shape[0]
    return int(round(np.count_nonzero(found) * n / found.size))

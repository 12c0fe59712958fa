"""Scores for a classifier: the accuracy (正解率) and the confusion matrix (混同行列).

Both take class labels as integers 0, 1, ..., m-1, one per sample, as returned by
``net.predict(X)``; the true labels of one-hot targets ``Y`` are ``Y.argmax(axis=1)``.
"""

import numpy as np


def _as_labels(values, name):
    """Check that ``values`` is a 1-D array of non-negative integer class labels.

    Parameters
    ----------
    values : array_like, shape (n,)
        Class labels; integer-valued floats (e.g. ``3.0``) are accepted.
    name : str
        The argument's name, used in error messages.

    Returns
    -------
    ndarray of int, shape (n,)
    """
    values = np.asarray(values)
    if values.ndim != 1:
        raise ValueError(
            f"{name} must be a 1-D array of class labels, got shape {values.shape}; "
            "for one-hot targets or network outputs use .argmax(axis=1)"
        )
    if values.dtype == bool or not np.issubdtype(values.dtype, np.number):
        raise ValueError(f"{name} must hold integer class labels, got dtype {values.dtype}")
    if not np.issubdtype(values.dtype, np.integer):
        if not np.all(np.isfinite(values)) or np.any(values != np.round(values)):
            raise ValueError(f"{name} must hold integer class labels, got non-integer values")
        values = values.astype(np.int64)
    if np.any(values < 0):
        raise ValueError(f"{name} must be non-negative class labels 0, 1, ..., m-1")
    return values


def _check_pair(labels, predicted):
    """Validate true and predicted labels together.

    Parameters
    ----------
    labels, predicted : array_like, shape (n,)

    Returns
    -------
    labels, predicted : ndarray of int, shape (n,)
    """
    labels = _as_labels(labels, "labels")
    predicted = _as_labels(predicted, "predicted")
    if labels.shape != predicted.shape:
        raise ValueError(
            "labels and predicted must have the same length, "
            f"got {len(labels)} and {len(predicted)}"
        )
    return labels, predicted


def accuracy(labels, predicted):
    """Fraction of samples whose predicted class equals the true class (正解率).

    Parameters
    ----------
    labels : array_like of int, shape (n,)
        True classes.
    predicted : array_like of int, shape (n,)
        Predicted classes, e.g. ``net.predict(X)``.

    Returns
    -------
    float
        A number in [0, 1].

    Raises
    ------
    ValueError
        If the lengths differ, n = 0, or a label is negative or not an integer.
    """
    labels, predicted = _check_pair(labels, predicted)
    if len(labels) == 0:
        raise ValueError("accuracy of zero samples is undefined")
    return float(np.mean(labels == predicted))


def confusion_matrix(labels, predicted, m=None):
    """Count how often each true class was predicted as each class (混同行列).

    Parameters
    ----------
    labels : array_like of int, shape (n,)
        True classes.
    predicted : array_like of int, shape (n,)
        Predicted classes.
    m : int, optional
        Number of classes; by default one more than the largest label seen.

    Returns
    -------
    ndarray of int, shape (m, m)
        Entry ``[i, j]`` is the number of samples of true class i predicted as class j:
        rows are true classes, columns predicted classes, the diagonal the correct ones.

    Raises
    ------
    ValueError
        If the lengths differ, a label is negative or not an integer, or a label is >= m.
    """
    labels, predicted = _check_pair(labels, predicted)
    if m is None:
        m = int(max(labels.max(initial=-1), predicted.max(initial=-1))) + 1
    if m < 0 or int(m) != m:
        raise ValueError(f"m must be a non-negative integer, got {m!r}")
    m = int(m)
    if np.any(labels >= m) or np.any(predicted >= m):
        raise ValueError(f"labels must lie in 0, ..., m-1 = {m - 1}")
    counts = np.bincount(labels * m + predicted, minlength=m * m)
    return counts.reshape(m, m)

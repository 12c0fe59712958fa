"""Scores for a classifier: the accuracy (正解率) and the confusion matrix (混同行列).

Both take class labels as integers 0, 1, ..., m-1, one per sample, as returned by
``net.predict(X)``; the true labels of one-hot targets ``Y`` are ``Y.argmax(axis=1)``.
"""

import numpy as np

from lecnn.validation import as_label_pair, check_int, check_memory, value_error


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
    labels, predicted = as_label_pair(labels, predicted)
    if len(labels) == 0:
        raise value_error("no_samples", what="accuracy", what_ja="正解率")
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
        If the lengths differ, a label is negative or not an integer, a label is >= m, or
        the m × m matrix would not fit in memory (nothing is allocated then).
    """
    labels, predicted = as_label_pair(labels, predicted)
    if m is None:
        m = int(max(labels.max(initial=-1), predicted.max(initial=-1))) + 1
    m = check_int("m", m, 0)
    if np.any(labels >= m) or np.any(predicted >= m):
        raise value_error("confusion_range", top=m - 1)
    check_memory(
        m * m * np.dtype(np.intp).itemsize,
        f"混同行列 (m × m = {m:,} × {m:,})",
        f"a confusion matrix of m × m = {m:,} × {m:,}",
    )
    counts = np.bincount(labels * m + predicted, minlength=m * m)
    return counts.reshape(m, m)

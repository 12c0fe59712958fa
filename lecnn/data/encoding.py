"""One-hot encoding of integer class labels."""

import numpy as np

from lecnn.validation import as_labels, check_int, one_hot_rows, value_error


def one_hot(labels, m=None):
    """One-hot encode integer class labels.

    Parameters
    ----------
    labels : int or array_like of int, shape (n,)
        Class labels in 0..m-1. Floats are accepted when they are whole numbers.
    m : int, optional
        Number of classes; default ``max(labels) + 1``.

    Raises
    ------
    ValueError
        If a label is out of range, or the rows would not fit in memory (a label of 10⁹
        asks for 10⁹ columns); nothing is allocated then.

    Returns
    -------
    ndarray of float64, shape (n, m)
        Row i has a 1 in column ``labels[i]`` and 0 elsewhere; shape (m,) for a
        single label.
    """
    if m is None:
        arr = as_labels(labels)
        if arr.size == 0:
            raise value_error("labels_empty")
        m = int(arr.max()) + 1
    else:
        arr = as_labels(labels, m=check_int("m", m, 1))
    return one_hot_rows(arr, m, np.float64)

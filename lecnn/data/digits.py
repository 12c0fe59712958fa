"""scikit-learn's bundled 8x8 handwritten digits, as float rows in [0, 1]."""

import numpy as np


def load_digits():
    """scikit-learn's bundled handwritten digits (no download needed).

    Each row is an 8x8 grey image read row by row (``X[i].reshape(8, 8)`` shows
    it), with the original 0..16 intensities divided by 16.

    Returns
    -------
    X : ndarray of float64, shape (1797, 64), values in [0, 1]
    labels : ndarray of int64, shape (1797,), values in 0..9
    """
    from sklearn.datasets import load_digits as _sklearn_load_digits

    digits = _sklearn_load_digits()
    X = np.asarray(digits.data, dtype=np.float64) / 16.0
    labels = np.asarray(digits.target, dtype=np.int64)
    return X, labels

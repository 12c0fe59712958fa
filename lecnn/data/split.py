"""Splitting samples into training and test parts (and a validation part)."""

import numbers

import numpy as np

from lecnn.validation import (
    as_array,
    check_bool,
    check_fractions,
    check_int,
    check_seed,
    value_error,
)


def _test_count(test_size, n):
    """Number of test samples for ``test_size`` (fraction or count) out of ``n``."""
    if isinstance(test_size, numbers.Integral) and not isinstance(test_size, (bool, np.bool_)):
        return check_int("test_size", test_size, 1, maximum=n - 1)
    (fraction,) = check_fractions({"test_size": test_size})
    n_test = int(np.ceil(fraction * n))
    if not 1 <= n_test <= n - 1:
        raise value_error("test_count", test_size=test_size, n=n, n_test=n_test)
    return n_test


def _stratified_test_indices(y, n_test, rng):
    """Pick ``n_test`` indices so that each class keeps its share (largest remainders).

    Parameters
    ----------
    y : ndarray, shape (n,) or (n, m)
        Labels, or one-hot rows; equal rows form a class.
    n_test : int
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of int, shape (n_test,)
    """
    _, classes = np.unique(y, axis=0, return_inverse=True)
    classes = classes.ravel()
    counts = np.bincount(classes)
    ideal = n_test * counts / len(classes)
    take = np.floor(ideal).astype(int)
    # give the leftover samples to the classes with the largest fractional parts
    leftover = n_test - take.sum()
    take[np.argsort(-(ideal - take), kind="stable")[:leftover]] += 1
    picked = [rng.permutation(np.flatnonzero(classes == c))[:k] for c, k in enumerate(take)]
    return np.concatenate(picked)


def train_test_split(X, y, test_size=0.25, seed=0, stratify=False):
    """Shuffle the samples and split them into a training and a test part.

    Parameters
    ----------
    X : array_like, shape (n, ...)
        Inputs, one sample per row.
    y : array_like, shape (n,) or (n, m)
        Labels or targets, one per row of X.
    test_size : float or int
        A fraction in (0, 1) (the test part gets ceil(test_size * n) samples)
        or an integer count in 1..n-1.
    seed : int or None
        Seed for ``np.random.default_rng``.
    stratify : bool
        If True, each class (each distinct value or row of y) keeps its share
        in the test part, up to rounding.

    Returns
    -------
    X_train : ndarray, shape (n - n_test, ...)
    X_test : ndarray, shape (n_test, ...)
    y_train : ndarray, shape (n - n_test,) or (n - n_test, m)
    y_test : ndarray, shape (n_test,) or (n_test, m)
        The order of scikit-learn's ``train_test_split``; rows of X and y stay paired.
    """
    seed = check_seed(seed)
    X = as_array(X, "X")
    y = as_array(y, "y")
    if X.ndim == 0 or y.ndim == 0:
        raise value_error("split_arrays", shape_x=X.shape, shape_y=y.shape)
    if len(X) != len(y):
        raise value_error("split_rows", n_x=len(X), n_y=len(y), shape_x=X.shape, shape_y=y.shape)
    n = len(X)
    n_test = _test_count(test_size, n)
    rng = np.random.default_rng(seed)
    if check_bool("stratify", stratify):
        test = rng.permutation(_stratified_test_indices(y, n_test, rng))
        is_test = np.zeros(n, dtype=bool)
        is_test[test] = True
        train = rng.permutation(np.flatnonzero(~is_test))
    else:
        order = rng.permutation(n)
        test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def train_val_test_split(X, y, val_size=0.2, test_size=0.2, seed=0, stratify=False):
    """Shuffle the samples and split them into training, validation and test parts.

    The validation part is for choosing hyperparameters (η, batch size, initial
    weights, ...); the test part is kept for one final evaluation.

    Parameters
    ----------
    X : array_like, shape (n, ...)
        Inputs, one sample per row.
    y : array_like, shape (n,) or (n, m)
        Labels or targets, one per row of X.
    val_size, test_size : float
        Fractions of all n samples, each in (0, 1) with a sum below 1; a part gets
        ceil(fraction * n) samples.
    seed : int or None
        Seed for ``np.random.default_rng``.
    stratify : bool
        If True, each class keeps its share in every part, up to rounding.

    Returns
    -------
    X_train, X_val, X_test : ndarray, shapes (n_train, ...), (n_val, ...), (n_test, ...)
    y_train, y_val, y_test : ndarray
        Rows of X and y stay paired; no sample is in two parts.
    """
    val_size, test_size = check_fractions({"val_size": val_size, "test_size": test_size})
    seed = check_seed(seed)
    check_bool("stratify", stratify)
    n = len(as_array(X, "X"))
    n_test, n_val = int(np.ceil(test_size * n)), int(np.ceil(val_size * n))
    if n - n_test - n_val < 1:
        raise value_error("split_none_left", n=n, n_val=n_val, n_test=n_test)
    X_rest, X_test, y_rest, y_test = train_test_split(X, y, n_test, seed, stratify)
    X_train, X_val, y_train, y_val = train_test_split(X_rest, y_rest, n_val, seed, stratify)
    return X_train, X_val, X_test, y_train, y_val, y_test

"""Checks on what a user passes in, with messages that say what was expected and what came.

Every public entry point runs these before it changes anything, so a bad call
leaves the network's weights as they were.
"""

import numbers

import numpy as np

from lecnn.activations import OUTPUT_ACTIVATIONS

FLOAT_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))


def check_sizes(sizes):
    """Validate the layer widths [d, q_1, ..., q_r, m].

    Parameters
    ----------
    sizes : sequence of int, length >= 2

    Returns
    -------
    tuple of int
    """
    try:
        values = list(sizes)
    except TypeError:
        raise TypeError(
            f"sizes must be a list of layer widths [d, q_1, ..., q_r, m]; got {sizes!r}"
        ) from None
    if len(values) < 2:
        raise ValueError(
            "sizes needs at least two entries, the input width d and the output width m "
            f"(e.g. [2, 8, 3]); got {values!r}"
        )
    for k, q in enumerate(values):
        if isinstance(q, bool) or not isinstance(q, numbers.Integral):
            raise TypeError(f"sizes[{k}] must be an integer width; got {q!r} in {values!r}")
        if q < 1:
            raise ValueError(f"every width must be at least 1; got sizes[{k}] = {q} in {values!r}")
    return tuple(int(q) for q in values)


def check_output(output, m):
    """Validate the output activation name f_r for an output width m."""
    if not isinstance(output, str) or output not in OUTPUT_ACTIVATIONS:
        raise ValueError(
            f"unknown output activation {output!r}; expected one of {OUTPUT_ACTIVATIONS} "
            "(softmax + cross-entropy for classes, identity + squared error for regression, "
            "sigmoid + binary cross-entropy for two classes with m = 1)"
        )
    if output == "softmax" and m < 2:
        raise ValueError(
            f"a softmax output needs m >= 2 classes; got m = {m}. "
            "For two classes with a single output unit use output='sigmoid'."
        )
    return output


def check_dtype(dtype):
    """Return np.dtype(float64) or np.dtype(float32); anything else is a TypeError."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt not in FLOAT_DTYPES:
        raise TypeError(f"dtype must be np.float64 (the default) or np.float32; got {dtype!r}")
    return dt


def check_eta(eta):
    """Validate a learning rate η: a finite real number > 0. Returns it as a float."""
    if isinstance(eta, bool) or not isinstance(eta, numbers.Real):
        raise TypeError(f"the learning rate eta must be a positive number; got {eta!r}")
    eta = float(eta)
    if not np.isfinite(eta) or eta <= 0:
        raise ValueError(f"the learning rate eta must be a finite number > 0; got {eta!r}")
    return eta


def _as_float_array(value, name, dtype):
    if isinstance(value, np.ndarray) and value.dtype == dtype:
        arr = value
    else:
        try:
            arr = np.asarray(value)
        except (TypeError, ValueError) as err:
            raise TypeError(f"{name} must be a numeric array; got {type(value).__name__}") from err
        if arr.dtype == object or not (
            np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_
        ):
            raise TypeError(f"{name} must be a numeric array; got dtype {arr.dtype}")
        if np.issubdtype(arr.dtype, np.complexfloating):
            raise TypeError(f"{name} must be real; got complex dtype {arr.dtype}")
        arr = arr.astype(dtype, copy=False)
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        where = tuple(int(i) for i in bad)
        raise ValueError(
            f"{name} must be finite; entry {where} is {arr[where]} (NaN or inf in the data?)"
        )
    return arr


def as_inputs(x, d, dtype):
    """Check an input: one sample x of shape (d,) or a batch X of shape (n, d).

    Parameters
    ----------
    x : array_like, shape (d,) or (n, d)
    d : int
        Input width q_0 = d.
    dtype : np.dtype

    Returns
    -------
    x : ndarray of ``dtype``, shape (d,) or (n, d)
    single : bool
        True for one sample (1-D).
    """
    arr = np.asarray(x) if not isinstance(x, np.ndarray) else x
    expected = f"shape ({d},) for one sample or (n, {d}) for a batch of n samples (one per row)"
    if arr.ndim not in (1, 2) or arr.shape[-1] != d:
        hint = ""
        if arr.ndim == 1 and d == 1:
            hint = "; for n one-dimensional samples use x.reshape(-1, 1)"
        raise ValueError(f"x must have {expected}; got shape {arr.shape}{hint}")
    if arr.ndim == 2 and arr.shape[0] == 0:
        raise ValueError("x is an empty batch (0 samples); give at least one sample")
    return _as_float_array(arr, "x", dtype), arr.ndim == 1


def as_targets(y, output, m, n, single, dtype):
    """Check targets y against the output layer and the inputs they belong to.

    Accepted:

    - one sample: a vector of shape (m,); for softmax also an integer class label;
      for m = 1 also a scalar;
    - a batch of n: shape (n, m); for softmax also n integer labels, shape (n,);
      for m = 1 also shape (n,).

    Parameters
    ----------
    y : array_like
    output : {"softmax", "identity", "sigmoid"}
    m : int
        Output width.
    n : int
        Number of samples in the matching x (1 when ``single``).
    single : bool
        Whether x was one sample (1-D).
    dtype : np.dtype

    Returns
    -------
    ndarray
        Integer labels of shape (n,) (batch) or () (single) for softmax label input;
        otherwise float targets of shape (n, m) or (m,).
    """
    arr = np.asarray(y)
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_):
        raise TypeError(f"y must be a numeric array; got {type(y).__name__} of dtype {arr.dtype}")
    vector_shape = (m,) if single else (n, m)
    label_shape = () if single else (n,)
    if output == "softmax" and arr.shape == label_shape:
        return _as_labels(arr, m, single)
    if m == 1 and arr.shape == label_shape:
        arr = arr.reshape(vector_shape)
    if arr.shape != vector_shape:
        what = "one sample" if single else f"a batch of {n} samples"
        forms = f"shape {vector_shape}"
        if output == "softmax":
            forms += f" (one-hot) or integer class label{'s of shape (n,)' if not single else ''}"
        raise ValueError(f"y for {what} must have {forms}; got shape {arr.shape}")
    arr = _as_float_array(arr, "y", dtype)
    if output == "softmax":
        _check_distribution(arr)
    elif output == "sigmoid" and (np.any(arr < 0) or np.any(arr > 1)):
        raise ValueError(
            "targets for a sigmoid output must lie in [0, 1] (labels 0 or 1); "
            f"got values from {arr.min()} to {arr.max()}"
        )
    return arr


def _as_labels(arr, m, single):
    if np.issubdtype(arr.dtype, np.floating):
        if not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
            raise ValueError(
                f"class labels must be whole numbers 0..{m - 1}; got {arr if single else arr[:5]}"
            )
    elif arr.dtype == np.bool_ or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"class labels must be integers 0..{m - 1}; got dtype {arr.dtype}")
    labels = arr.astype(np.intp)
    bad = (labels < 0) | (labels >= m)
    if np.any(bad):
        value = labels if single else labels[np.argmax(bad)]
        where = "" if single else f" at index {int(np.argmax(bad))}"
        raise ValueError(
            f"class label out of range{where}: got {int(value)}, expected 0..{m - 1} "
            f"(the network has m = {m} outputs)"
        )
    return labels


def _check_distribution(arr):
    if np.any(arr < 0):
        raise ValueError("softmax targets y must be one-hot (entries >= 0 summing to 1)")
    sums = arr.sum(axis=-1)
    if not np.allclose(sums, 1.0, atol=1e-4):
        bad = np.atleast_1d(sums)[np.argmax(np.abs(np.atleast_1d(sums) - 1))]
        raise ValueError(
            "softmax targets y must be one-hot: each row's entries sum to 1 "
            f"(the lecture's Σ_j y_j = 1); got a row summing to {bad:g}"
        )

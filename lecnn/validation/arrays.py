"""Checks of arrays: inputs x, targets y, class labels and their one-hot rows."""

import numpy as np


def as_labels(values, name="labels", m=None, scalar=True):
    """Check integer class labels 0..m-1: a scalar or a 1-D array.

    Integer-valued floats (``3.0``) are accepted; bools and non-numbers are a TypeError,
    fractions, negative labels and labels >= m a ValueError.

    Parameters
    ----------
    values : int or array_like, shape () or (n,)
    name : str
        The argument's name, for the messages.
    m : int, optional
        Number of classes; labels must then be < m.
    scalar : bool
        Whether one label (shape ()) is accepted.

    Returns
    -------
    ndarray of intp, shape () or (n,)
    """
    arr = np.asarray(values)
    if arr.dtype == np.bool_ or not (
        np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
    ):
        raise TypeError(f"{name} must be integer class labels; got dtype {arr.dtype}")
    if arr.ndim > 1 or (arr.ndim == 0 and not scalar):
        raise ValueError(
            f"{name} must be class labels of shape (n,); got shape {arr.shape} "
            "(for one-hot targets or network outputs use .argmax(axis=1))"
        )
    if np.issubdtype(arr.dtype, np.floating):
        bad = arr[~np.isfinite(arr) | (arr != np.round(arr))]
        if bad.size:
            raise ValueError(f"{name} must be whole numbers (class labels); got {bad.flat[0]}")
    # the range is checked on the values as given, before a cast could wrap a huge one
    top = np.iinfo(np.intp).max if m is None else m - 1
    bad = (arr < 0) | (arr > top)
    if np.any(bad):
        at = int(np.argmax(bad)) if arr.ndim else None
        value = arr[()] if at is None else arr[at]
        where = "" if at is None else f" at index {at}"
        expected = ">= 0" if m is None else f"0..{m - 1} (m = {m})"
        raise ValueError(
            f"{name}: class label out of range{where}: got {_label_text(value)}, "
            f"expected {expected}"
        )
    labels = arr.astype(np.intp)
    return labels


def _label_text(value):
    """A label as the user gave it: 3 for 3 or 3.0, 1e+20 for a float too large to be exact."""
    value = value.item()
    if isinstance(value, float) and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def one_hot_rows(labels, m, dtype):
    """One-hot rows of checked labels: row i has a 1 in column labels[i] (no m × m matrix).

    Parameters
    ----------
    labels : ndarray of int, shape () or (n,), entries in 0..m-1
    m : int
    dtype : np.dtype

    Returns
    -------
    ndarray of ``dtype``, shape (m,) or (n, m)
    """
    rows = np.zeros(labels.shape + (m,), dtype=dtype)
    np.put_along_axis(rows, labels[..., None], 1, axis=-1)
    return rows


def as_label_pair(labels, predicted):
    """Check true and predicted class labels together: two 1-D arrays of one length n.

    Returns
    -------
    labels, predicted : ndarray of intp, shape (n,)
    """
    labels = as_labels(labels, "labels", scalar=False)
    predicted = as_labels(predicted, "predicted", scalar=False)
    if labels.shape != predicted.shape:
        raise ValueError(
            "labels and predicted must have the same length; "
            f"got {len(labels)} and {len(predicted)}"
        )
    return labels, predicted


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
    arr = _as_array(x, "x")
    expected = f"shape ({d},) for one sample or (n, {d}) for a batch of n samples (one per row)"
    if arr.ndim not in (1, 2) or arr.shape[-1] != d:
        hint = hint_ja = ""
        if arr.ndim == 1 and d == 1:
            hint = "; for n one-dimensional samples use x.reshape(-1, 1)"
            hint_ja = " (1 次元のサンプル n 個なら x.reshape(-1, 1))"
        raise ValueError(
            f"x must have {expected}; got shape {arr.shape}{hint} / x の形は 1 サンプルなら "
            f"({d},)、n サンプルのバッチなら (n, {d}) (1 行に 1 サンプル) です。"
            f"渡された形は {arr.shape} です{hint_ja}"
        )
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
    arr = _as_array(y, "y")
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_):
        raise TypeError(f"y must be a numeric array; got {type(y).__name__} of dtype {arr.dtype}")
    vector_shape = (m,) if single else (n, m)
    label_shape = () if single else (n,)
    if output == "softmax" and arr.shape == label_shape:
        return as_labels(arr, "y", m)
    if m == 1 and arr.shape == label_shape:
        arr = arr.reshape(vector_shape)
    if arr.shape != vector_shape:
        what = "one sample" if single else f"a batch of {n} samples"
        forms = f"shape {vector_shape}"
        if output == "softmax":
            forms += f" (one-hot) or integer class label{'s of shape (n,)' if not single else ''}"
        raise ValueError(
            f"y for {what} must have {forms}; got shape {arr.shape} / 正解 y の形が違います: "
            f"期待 {vector_shape}{' (one-hot) かクラス番号' if output == 'softmax' else ''}, "
            f"実際 {arr.shape}"
        )
    arr = _as_float_array(arr, "y", dtype)
    if output == "softmax":
        _check_distribution(arr)
    elif output == "sigmoid" and (np.any(arr < 0) or np.any(arr > 1)):
        raise ValueError(
            "targets for a sigmoid output must lie in [0, 1] (labels 0 or 1); "
            f"got values from {arr.min()} to {arr.max()}"
        )
    return arr


def _as_float_array(value, name, dtype):
    if isinstance(value, np.ndarray) and value.dtype == dtype:
        arr = value
    else:
        arr = _as_array(value, name)
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


def _as_array(value, name):
    """``np.asarray(value)``; a ragged nesting (rows of different lengths) is a ValueError."""
    if isinstance(value, np.ndarray):
        return value
    try:
        return np.asarray(value)
    except ValueError as err:
        raise ValueError(
            f"{name} must be a rectangular array (every row of the same length); got a ragged "
            f"{type(value).__name__} whose rows differ in length / {name} の各行の長さが"
            "そろっていません (すべての行を同じ長さにしてください)"
        ) from err
    except TypeError as err:
        raise TypeError(f"{name} must be a numeric array; got {type(value).__name__}") from err


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

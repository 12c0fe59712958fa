"""Checks of arrays: inputs x, targets y, class labels and their one-hot rows."""

import numpy as np

from lecnn.validation.memory import check_memory
from lecnn.validation.messages import japanese_name, type_error, value_error


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
    arr = as_array(values, name)
    if arr.dtype == np.bool_ or not (
        np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
    ):
        raise type_error("labels_type", name=name, dtype=arr.dtype)
    if arr.ndim > 1 or (arr.ndim == 0 and not scalar):
        raise value_error("labels_shape", name=name, shape=arr.shape)
    if np.issubdtype(arr.dtype, np.floating):
        bad = arr[~np.isfinite(arr) | (arr != np.round(arr))]
        if bad.size:
            raise value_error("labels_whole", name=name, value=bad.flat[0])
    # the range is checked on the values as given, before a cast could wrap a huge one
    top = np.iinfo(np.intp).max if m is None else m - 1
    bad = (arr < 0) | (arr > top)
    if np.any(bad):
        at = int(np.argmax(bad)) if arr.ndim else None
        value = arr[()] if at is None else arr[at]
        raise value_error(
            "label_range",
            name=name,
            where="" if at is None else f" at index {at}",
            where_ja="" if at is None else f" (位置 {at})",
            value=_label_text(value),
            expected=">= 0" if m is None else f"0..{m - 1} (m = {m})",
            expected_ja="0 以上" if m is None else f"0〜{m - 1} (m = {m})",
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

    Refuses (ValueError) rows that would not fit in memory, before allocating them.

    Parameters
    ----------
    labels : ndarray of int, shape () or (n,), entries in 0..m-1
    m : int
    dtype : np.dtype

    Returns
    -------
    ndarray of ``dtype``, shape (m,) or (n, m)
    """
    check_memory(
        labels.size * m * np.dtype(dtype).itemsize,
        f"one-hot の行 ({labels.size} 行 × m = {m:,} 列)",
        f"one-hot rows ({labels.size} rows × m = {m:,} columns)",
    )
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
        raise value_error("labels_length", n1=len(labels), n2=len(predicted))
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
    arr = as_array(x, "x")
    if arr.ndim not in (1, 2) or arr.shape[-1] != d:
        one_d = arr.ndim == 1 and d == 1
        raise value_error(
            "inputs_shape",
            d=d,
            shape=arr.shape,
            hint="; for n one-dimensional samples use x.reshape(-1, 1)" if one_d else "",
            hint_ja=" (1 次元のサンプル n 個なら x.reshape(-1, 1))" if one_d else "",
        )
    if arr.ndim == 2 and arr.shape[0] == 0:
        raise value_error("inputs_empty")
    return as_real_array(arr, "x", dtype), arr.ndim == 1


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
    arr = as_array(y, "y")
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_):
        raise type_error("targets_type", kind=type(y).__name__, dtype=arr.dtype)
    vector_shape = (m,) if single else (n, m)
    label_shape = () if single else (n,)
    if output == "softmax" and arr.shape == label_shape:
        return as_labels(arr, "y", m)
    if m == 1 and arr.shape == label_shape:
        arr = arr.reshape(vector_shape)
    if arr.shape != vector_shape:
        forms = f"shape {vector_shape}"
        forms_ja = ""
        if output == "softmax":
            forms += f" (one-hot) or integer class label{'s of shape (n,)' if not single else ''}"
            forms_ja = " (one-hot) か" + ("クラス番号" if single else "形 (n,) のクラス番号")
        raise value_error(
            "targets_shape",
            what="one sample" if single else f"a batch of {n} samples",
            what_ja="1 サンプル" if single else f"{n} サンプルのバッチ",
            vector_shape=vector_shape,
            forms=forms,
            forms_ja=forms_ja,
            shape=arr.shape,
        )
    arr = as_real_array(arr, "y", dtype)
    if output == "softmax":
        _check_distribution(arr)
    elif output == "sigmoid" and (np.any(arr < 0) or np.any(arr > 1)):
        raise value_error("sigmoid_targets", low=arr.min(), high=arr.max())
    return arr


def as_real_array(value, name, dtype=None, finite=True):
    """Check a numeric array: real (not complex, not text), finite unless ``finite=False``.

    Parameters
    ----------
    value : array_like
    name : str
        The argument's name, for the messages.
    dtype : np.dtype, optional
        Cast to it; by default float32 and float64 stay, anything else becomes float64.
    finite : bool
        Whether NaN and inf are refused.

    Returns
    -------
    ndarray of ``dtype`` (``value`` itself if it already is one)
    """
    if isinstance(value, np.ndarray) and dtype is not None and value.dtype == dtype:
        arr = value
    else:
        arr = as_array(value, name)
        if arr.dtype == object or not (
            np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_
        ):
            raise type_error("numeric", name=name, dtype=arr.dtype)
        if np.issubdtype(arr.dtype, np.complexfloating):
            raise type_error("complex", name=name, dtype=arr.dtype)
        if dtype is None:
            dtype = arr.dtype if arr.dtype in (np.float32, np.float64) else np.float64
        arr = arr.astype(dtype, copy=False)
    if finite and not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        where = tuple(int(i) for i in bad)
        raise value_error("finite", name=name, where=where, value=arr[where])
    return arr


def as_array(value, name):
    """``np.asarray(value)`` with lecnn's messages: a ragged nesting (rows of different
    lengths) is a ValueError, as is a sequence too long to hold (``check_memory``)."""
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, range):  # len(range(10**20)) overflows
        count = max(0, (value.stop - value.start) // value.step)
    else:
        try:
            count = len(value)
        except (TypeError, ValueError, OverflowError):  # a number, a generator, ...
            count = 0
    # 8 bytes an entry at the least: range(10**10) is refused here, not by a MemoryError
    check_memory(8 * count, japanese_name(name), f"the array {name}")
    try:
        return np.asarray(value)
    except ValueError as err:
        raise value_error("ragged", name=name, kind=type(value).__name__) from err
    except TypeError as err:
        raise type_error("numeric_kind", name=name, kind=type(value).__name__) from err


def _check_distribution(arr):
    if np.any(arr < 0):
        raise value_error("one_hot_negative")
    sums = arr.sum(axis=-1)
    if not np.allclose(sums, 1.0, atol=1e-4):
        bad = np.atleast_1d(sums)[np.argmax(np.abs(np.atleast_1d(sums) - 1))]
        raise value_error("one_hot_sum", value=bad)

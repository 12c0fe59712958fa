"""Checks on what a user passes in, with messages that say what was expected and what came.

Every public entry point runs these before it changes anything, so a bad call
leaves the network's weights as they were. This is the one place for argument
checks: the same bad value gets the same exception type and wording wherever it
is passed.

>>> check_int("epochs", 3, minimum=0)
3
>>> check_int("epochs", -1, minimum=0)
Traceback (most recent call last):
    ...
ValueError: epochs must be at least 0; got -1
>>> as_labels([2, 0.0, 1], m=3)
array([2, 0, 1])
"""

import numbers

import numpy as np

from lecnn.activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS

FLOAT_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))


def check_int(name, value, minimum, maximum=None):
    """Validate an integer argument >= ``minimum`` (and <= ``maximum``); a bool is not an integer.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
    minimum : int
    maximum : int, optional

    Returns
    -------
    int
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}; got {value!r}")
    if maximum is not None and not minimum <= value <= maximum:
        raise ValueError(f"{name} must be an integer in {minimum}..{maximum}; got {value}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value}")
    return int(value)


def check_real(name, value, low):
    """Validate a finite real argument >= ``low`` (a bool is not a number).

    Parameters
    ----------
    name : str
    value : object
    low : float

    Returns
    -------
    float
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number >= {low:g}; got {value!r}")
    number = _finite_float(value)
    if number is None or number < low:
        raise ValueError(f"{name} must be a finite number >= {low:g}; got {_short(value)}")
    return number


def check_fraction(name, value):
    """Validate a fraction: a real number strictly between 0 and 1 (a bool is not a number).

    >>> check_fraction("test_size", 0.25)
    0.25
    >>> check_fraction("test_size", 1.5)
    Traceback (most recent call last):
        ...
    ValueError: test_size must be a fraction in (0, 1); got 1.5 / test_size は 0 より大きく 1 より小さい割合で指定してください (渡された値は 1.5)

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object

    Returns
    -------
    float
    """
    expected = f"{name} must be a fraction in (0, 1)"
    expected_ja = f"{name} は 0 より大きく 1 より小さい割合で指定してください"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{expected}; got {value!r} / {expected_ja} (渡された値は {value!r})")
    number = _finite_float(value)
    if number is None or not 0 < number < 1:
        shown = _short(value)
        raise ValueError(f"{expected}; got {shown} / {expected_ja} (渡された値は {shown})")
    return number


def check_fractions(fractions):
    """Validate the fractions of the samples held out from training: each in (0, 1), together
    below 1, so that some samples are left to train on.

    Parameters
    ----------
    fractions : dict
        Argument name -> value, e.g. ``{"val_size": 0.2, "test_size": 0.2}``.

    Returns
    -------
    tuple of float, in the dict's order
    """
    checked = tuple(check_fraction(name, value) for name, value in fractions.items())
    if sum(checked) >= 1:
        names = " + ".join(fractions)
        values = " + ".join(f"{number:g}" for number in checked)
        raise ValueError(
            f"{names} must be below 1 to leave training samples; got {values} / "
            f"{names} は 1 未満にしてください (学習用のサンプルが残りません。渡された値は {values})"
        )
    return checked


def _finite_float(value):
    """``float(value)`` if it is finite, else None (also for an int too large for a float)."""
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if np.isfinite(number) else None


def _short(value):
    """``value`` for a message; a huge integer by its number of digits rather than in full."""
    if isinstance(value, numbers.Integral) and abs(value) > 10**20:
        return f"an integer of {len(str(abs(int(value))))} digits"
    return repr(value)


def check_hidden_name(name):
    """Return ``name`` if it is a known hidden activation, else raise ValueError/TypeError."""
    if not isinstance(name, str):
        raise TypeError(
            f"an activation must be given by name, one of {HIDDEN_ACTIVATIONS}; "
            f"got {type(name).__name__} {name!r}"
        )
    if name not in HIDDEN_ACTIVATIONS:
        hint = (
            " (softmax is an output activation: use output='softmax')" if name == "softmax" else ""
        )
        raise ValueError(
            f"unknown hidden activation {name!r}; expected one of {HIDDEN_ACTIVATIONS}{hint}"
        )
    return name


def check_hidden(hidden, r):
    """Validate the hidden activations f_0, ..., f_{r-1}: one name for all, or a list of r names.

    Parameters
    ----------
    hidden : str or sequence of str
    r : int
        Number of hidden layers.

    Returns
    -------
    tuple of str, length r
    """
    if isinstance(hidden, str):
        return (check_hidden_name(hidden),) * r
    if not isinstance(hidden, (list, tuple)):
        raise TypeError(
            f"hidden must be an activation name, one of {HIDDEN_ACTIVATIONS}, or a list of r "
            f"such names (one per hidden layer); got {type(hidden).__name__} {hidden!r}"
        )
    if len(hidden) != r:
        raise ValueError(
            f"hidden lists {len(hidden)} activations but the network has r = {r} hidden "
            f"layers; give one name for all of them or a list of {r}"
        )
    return tuple(check_hidden_name(name) for name in hidden)


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


def check_hidden_widths(widths):
    """Validate the hidden layers' widths (q_1, ..., q_r); () is a network without hidden layers.

    Parameters
    ----------
    widths : sequence of int, each >= 1

    Returns
    -------
    tuple of int
    """
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__iter__"):
        raise TypeError(
            f"hidden_widths must be a sequence of widths (q_1, ..., q_r); got {widths!r}"
        )
    return tuple(check_int(f"hidden_widths[{k}]", q, 1) for k, q in enumerate(widths))


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
        dt = None if dtype is None else np.dtype(dtype)
    except (TypeError, ValueError):
        dt = None
    if dt is None or not any(dt == allowed for allowed in FLOAT_DTYPES):
        raise TypeError(f"dtype must be np.float64 (the default) or np.float32; got {dtype!r}")
    return dt


def check_eta(eta):
    """Validate a learning rate η: a finite real number > 0. Returns it as a float."""
    if isinstance(eta, (bool, np.bool_)) or not isinstance(eta, numbers.Real):
        raise TypeError(f"the learning rate eta must be a positive number; got {eta!r}")
    number = _finite_float(eta)
    if number is None or number <= 0:
        raise ValueError(f"the learning rate eta must be a finite number > 0; got {_short(eta)}")
    return number


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

"""Checks of a network's description: layer widths, activation names, dtype."""

import itertools
import numbers

import numpy as np

from lecnn.activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS
from lecnn.validation.arrays import as_real_array
from lecnn.validation.memory import check_memory
from lecnn.validation.messages import type_error, value_error
from lecnn.validation.scalars import check_int

FLOAT_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))

MAX_LAYERS = 10_000
"""The most hidden layers r a Network may have: a longer ``sizes`` is a mistake (say, a
range or an array of data passed as the widths), refused before it is read whole."""


def check_hidden_name(name):
    """Return ``name`` if it is a known hidden activation, else raise ValueError/TypeError."""
    if not isinstance(name, str):
        raise type_error(
            "activation_type", known=HIDDEN_ACTIVATIONS, kind=type(name).__name__, value=name
        )
    if name not in HIDDEN_ACTIVATIONS:
        softmax = name == "softmax"
        raise value_error(
            "activation_unknown",
            value=name,
            known=HIDDEN_ACTIVATIONS,
            hint=" (softmax is an output activation: use output='softmax')" if softmax else "",
            hint_ja=" (softmax は出力層の活性化関数です: output='softmax' としてください)"
            if softmax
            else "",
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
        raise type_error(
            "hidden_type", known=HIDDEN_ACTIVATIONS, kind=type(hidden).__name__, value=hidden
        )
    if len(hidden) != r:
        raise value_error("hidden_count", count=len(hidden), r=r)
    return tuple(check_hidden_name(name) for name in hidden)


def check_sizes(sizes):
    """Validate the layer widths [d, q_1, ..., q_r, m].

    Parameters
    ----------
    sizes : sequence of int, length >= 2

    Returns
    -------
    tuple of int
    """
    if isinstance(sizes, (str, bytes, set, frozenset, dict)):  # a set has no order of layers
        raise type_error("sizes_type", value=sizes)
    try:  # at most one entry past the limit: range(10**10) is never made a list
        values = list(itertools.islice(sizes, MAX_LAYERS + 3))
    except TypeError:
        raise type_error("sizes_type", value=sizes) from None
    if len(values) > MAX_LAYERS + 2:
        raise value_error("sizes_long", most=MAX_LAYERS)
    if len(values) < 2:
        raise value_error("sizes_short", value=values)
    for k, q in enumerate(values):
        if isinstance(q, bool) or not isinstance(q, numbers.Integral):
            raise type_error("width_type", k=k, value=q, sizes=values)
        if q < 1:
            raise value_error("width_value", k=k, value=q, sizes=values)
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
        raise type_error("hidden_widths_type", value=widths)
    return tuple(check_int(f"hidden_widths[{k}]", q, 1) for k, q in enumerate(widths))


def check_width_limits(widths, max_depth, max_width, typed=()):
    """``widths`` if there are at most ``max_depth`` of them, each in 1..``max_width`` (the
    playground's limits, for its settings and its widths box alike).

    Parameters
    ----------
    widths : tuple of int
    max_depth, max_width : int
    typed : sequence of str, optional
        The entries as typed in the widths box: the message then uses the box's words and
        quotes the entry.

    Returns
    -------
    tuple of int
        ``widths``.
    """
    if len(widths) > max_depth:
        key = "widths_depth" if typed else "settings_depth"
        raise value_error(key, depth=len(widths), maximum=max_depth)
    for k, q in enumerate(widths):
        if not 1 <= q <= max_width:
            if typed:
                raise value_error("widths_entry", maximum=max_width, entry=typed[k])
            raise value_error("settings_width", k=k, value=q, maximum=max_width)
    return widths


def check_output(output, m):
    """Validate the output activation name f_r for an output width m."""
    if not isinstance(output, str) or output not in OUTPUT_ACTIVATIONS:
        raise value_error("output_unknown", value=output, known=OUTPUT_ACTIVATIONS)
    if output == "softmax" and m < 2:
        raise value_error("softmax_m", m=m)
    return output


def check_dtype(dtype):
    """Return np.dtype(float64) or np.dtype(float32); anything else is a TypeError."""
    try:
        dt = None if dtype is None else np.dtype(dtype)
    except (TypeError, ValueError):
        dt = None
    if dt is None or not any(dt == allowed for allowed in FLOAT_DTYPES):
        raise type_error("dtype", value=dtype)
    return dt


NETWORK_COPIES = 4
"""Arrays of the size of all weights that a network may hold at once: W_k, the step's
buffer of η ∂E/∂W_k, the copy ``train`` keeps to restore, and one array being drawn."""


def check_network_memory(sizes, dtype):
    """Refuse (ValueError) a network whose weights cannot fit in memory, before drawing them.

    Parameters
    ----------
    sizes : tuple of int
        Checked widths [d, q_1, ..., q_r, m].
    dtype : np.dtype

    Returns
    -------
    tuple of int
        ``sizes``.
    """
    n_weights = sum(sizes[k + 1] * (sizes[k] + 1) for k in range(len(sizes) - 1))
    check_memory(
        NETWORK_COPIES * n_weights * np.dtype(dtype).itemsize,
        f"ネットワーク {list(sizes)} の重み ({n_weights:,} 個)",
        f"a network {list(sizes)} with {n_weights:,} weights",
    )
    return sizes


def check_batch_memory(sizes, n, dtype):
    """Refuse n samples whose forward and backward pass would not fit: each keeps u_k, z_{k+1}
    and δ_k of every layer (the weights alone may fit while a large batch does not).

    Returns
    -------
    int
        ``n``.
    """
    per_sample = sum(3 * q + 1 for q in sizes[1:])
    check_memory(
        n * per_sample * np.dtype(dtype).itemsize,
        f"ネットワーク {list(sizes)} での {n:,} サンプルの順伝播と逆伝播の値 (u_k, z_k, δ_k)",
        f"the forward and backward values (u_k, z_k, δ_k) of {n:,} samples in a network "
        f"{list(sizes)}",
    )
    return n


def as_weight(W, name, dtype, shape=None):
    """Check a weight matrix W_k and return a copy of it in ``dtype``.

    Parameters
    ----------
    W : array_like
        Real and finite; shape ``shape``, or any (q_{k+1}, q_k + 1) with at least one row
        and two columns when ``shape`` is None.
    name : str
        "W_1", ..., for the messages.
    dtype : np.dtype
    shape : tuple of int, optional
        (q_{k+1}, q_k + 1) of the network's layer k.

    Returns
    -------
    ndarray of ``dtype``, a copy
    """
    arr = as_real_array(W, name, dtype, finite=False)
    if shape is not None and arr.shape != shape:
        k = name.rpartition("_")[2]
        k1 = int(k) + 1 if k.isdigit() else "k+1"
        raise value_error("weight_shape", name=name, k=k, k1=k1, expected=shape, shape=arr.shape)
    if shape is None and (arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 2):
        raise value_error("weight_matrix", name=name, shape=arr.shape)
    if not np.all(np.isfinite(arr)):
        raise value_error("weight_finite", name=name)
    return np.array(arr, dtype=dtype, copy=True)

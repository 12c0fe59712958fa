"""Checks of a network's description: layer widths, activation names, dtype."""

import numbers

import numpy as np

from lecnn.activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS
from lecnn.validation.scalars import check_int

FLOAT_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))


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

"""Initial weights W_0, ..., W_r.

Each W_k has shape (q_{k+1}, q_k + 1): column 0 is the intercept, which starts
at 0; the other columns (W̃_k) are drawn from N(0, σ_k²) with

- He:     σ_k² = 2 / q_k               (suited to ReLU, which zeroes half its inputs)
- Xavier: σ_k² = 2 / (q_k + q_{k+1})   (Glorot; suited to sigmoid and tanh)

so that the values z_k neither shrink nor blow up from layer to layer.
"""

import math
import numbers

import numpy as np

from lecnn.activations import REGISTRY
from lecnn.validation import type_error, value_error

INITS = ("auto", "he", "xavier", "glorot")


def weight_std(init, activation, fan_in, fan_out):
    """The standard deviation σ for one layer's W̃_k.

    Parameters
    ----------
    init : {"auto", "he", "xavier", "glorot"} or float
        "auto" picks the activation's own scheme (``REGISTRY[activation].init``:
        He for ReLU, Xavier otherwise); a number is σ itself.
    activation : str
        The activation this layer's scheme is chosen for (see ``initial_weights``).
    fan_in, fan_out : int
        q_k and q_{k+1}.

    Returns
    -------
    float
    """
    if not isinstance(init, str):
        return float(init)
    if init == "auto":
        init = REGISTRY[activation].init
    if init == "he":
        return float(np.sqrt(2.0 / fan_in))
    return float(np.sqrt(2.0 / (fan_in + fan_out)))


def check_init(init):
    """Validate ``init``: one of INITS or a finite number >= 0 (σ). Returns it."""
    if isinstance(init, str):
        if init not in INITS:
            raise value_error("init_unknown", value=init, known=INITS)
        return init
    if isinstance(init, bool) or not isinstance(init, numbers.Real):
        raise type_error("init_type", value=init, known=INITS)
    try:
        finite = math.isfinite(init)  # np.isfinite refuses an int beyond int64
    except OverflowError:  # an int beyond float
        finite = False
    if not finite or init < 0:
        raise value_error("init_value", value=init)
    return init


def initial_weights(sizes, hidden, init, rng, dtype):
    """Draw W_0, ..., W_r.

    W_k for k < r takes the scheme of f_k, the activation applied to W_k z_k;
    W_r takes that of f_{r-1}, which made its input z_r (Xavier when r = 0).

    Parameters
    ----------
    sizes : tuple of int, (d, q_1, ..., q_r, m)
    hidden : tuple of str, length r
    init : str or float
    rng : numpy.random.Generator
    dtype : np.dtype

    Returns
    -------
    list of ndarray
        W_k of shape (sizes[k+1], sizes[k] + 1), intercept column 0 set to 0.
    """
    r = len(sizes) - 2
    weights = []
    for k in range(r + 1):
        fan_in, fan_out = sizes[k], sizes[k + 1]
        activation = hidden[k] if k < r else (hidden[r - 1] if r > 0 else "identity")
        std = weight_std(init, activation, fan_in, fan_out)
        W = np.zeros((fan_out, fan_in + 1), dtype=dtype)
        W[:, 1:] = rng.standard_normal((fan_out, fan_in)) * std
        weights.append(W)
    return weights

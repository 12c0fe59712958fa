"""Activation functions f and their derivatives ∇f, looked up by name.

The lecture (第3回) uses ReLU, the sigmoid and tanh between layers, and the identity
(regression) or softmax (classification) at the output. As in scikit-learn's
``neural_network/_base.py`` they sit in name -> function tables:

- ``ACTIVATIONS[name](u)`` is f(u), element by element (softmax: row by row);
- ``DERIVATIVES[name](u)`` is ∇f(u), the derivative at the pre-activation u,
  as the slides write ∇f_k(W_k z_k).

Both tables are views of ``REGISTRY``, which holds per name f, ∇f, ∇f from the
output, the name shown to students, the default initialisation, where the
function may be used (hidden layers, output), the range of its values and the
``torch.nn`` module that computes the same f.

>>> sorted(ACTIVATIONS) == sorted(REGISTRY)
True
>>> REGISTRY["relu"].init, HIDDEN_ACTIVATIONS
('he', ('relu', 'sigmoid', 'tanh', 'identity'))
>>> REGISTRY["tanh"].value_range, REGISTRY["sigmoid"].torch_name
((-1.0, 1.0), 'Sigmoid')

Every elementwise function accepts an optional ``out=`` array so the training
loop can reuse buffers; with or without it the arithmetic is the same, so the
fast path and the step-by-step path give identical numbers.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lecnn.validation.arrays import as_real_array
from lecnn.validation.memory import check_memory
from lecnn.validation.messages import value_error

# ---------------------------------------------------------------------------
# f(u)
# ---------------------------------------------------------------------------


def identity(u, out=None):
    """Identity g(u) = u (the regression output).

    Parameters
    ----------
    u : ndarray, any shape
    out : ndarray of u's shape, optional

    Returns
    -------
    ndarray of u's shape
    """
    if out is None:
        return np.array(u, copy=True)
    np.copyto(out, u)
    return out


def relu(u, out=None):
    """ReLU f(u) = max{0, u}.

    Parameters
    ----------
    u : ndarray, any shape
    out : ndarray of u's shape, optional

    Returns
    -------
    ndarray of u's shape
    """
    return np.maximum(u, 0, out=out)


def sigmoid(u, out=None):
    """Sigmoid f(u) = 1 / (1 + e^{-u}), finite for any u.

    Computed as (1 + tanh(u/2)) / 2, which equals 1 / (1 + e^{-u}) but never
    overflows (e^{-u} would for u < -709 in float64).

    Parameters
    ----------
    u : ndarray, any shape
    out : ndarray of u's shape, optional

    Returns
    -------
    ndarray of u's shape, entries in [0, 1]
    """
    if out is None:  # the same operations as below, without a buffer (also for scalars)
        return 0.5 * (1 + np.tanh(0.5 * np.asarray(u)))
    np.multiply(u, 0.5, out=out)
    np.tanh(out, out=out)
    out += 1
    out *= 0.5
    return out


def tanh(u, out=None):
    """Hyperbolic tangent f(u) = (e^u - e^{-u}) / (e^u + e^{-u}).

    Parameters
    ----------
    u : ndarray, any shape
    out : ndarray of u's shape, optional

    Returns
    -------
    ndarray of u's shape, entries in [-1, 1]
    """
    return np.tanh(u, out=out)


def softmax(u, out=None):
    """Softmax g(u) = (e^{u_1}, ..., e^{u_m}) / Σ_k e^{u_k}, along the last axis.

    The row maximum is subtracted first (g(u) = g(u - c) for any c), so logits
    of ±1000 give finite probabilities.

    Parameters
    ----------
    u : ndarray, shape (m,) or (n, m)
        Logits; a batch has one sample per row.
    out : ndarray of u's shape, optional

    Returns
    -------
    ndarray of u's shape; each row is non-negative and sums to 1
    """
    return softmax_parts(u if out is not None else _logits(u), out)[0]


def _logits(u):
    """``u`` as float logits of shape (m,) or (n, m), or a clear error (integers become floats)."""
    if isinstance(u, np.ndarray) and u.dtype.kind == "f" and u.ndim and u.shape[-1]:
        return u
    u = as_real_array(u, "u", finite=False)
    if u.ndim == 0 or u.shape[-1] == 0:
        raise value_error("logits_shape", shape=u.shape)
    return u


def softmax_parts(u, out=None):
    """Softmax and the pieces of its normaliser, for a stable log-sum-exp.

    Parameters
    ----------
    u : ndarray, shape (m,) or (n, m)
    out : ndarray of u's shape, optional

    Returns
    -------
    g : ndarray of u's shape
        softmax(u).
    shift : ndarray, shape (1,) or (n, 1)
        max_k u_k per row.
    total : ndarray, shape (1,) or (n, 1)
        Σ_k e^{u_k − shift}, in [1, m]; log Σ_k e^{u_k} = shift + log(total).
    """
    shift = np.max(u, axis=-1, keepdims=True)
    out = np.subtract(u, shift, out=out)
    np.exp(out, out=out)
    total = np.sum(out, axis=-1, keepdims=True)
    out /= total
    return out, shift, total


def log_softmax(u):
    """log f(u) for the softmax f, finite for any logits u.

    How to keep it finite is what notebook 01 (演習 2) asks, so this docstring does not say.

    Parameters
    ----------
    u : ndarray, shape (m,) or (n, m)

    Returns
    -------
    ndarray of u's shape, entries <= 0
    """
    shifted = u - np.max(u, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


# ---------------------------------------------------------------------------
# ∇f(u)
# ---------------------------------------------------------------------------


def identity_derivative(u):
    """∇ of the identity: 1 everywhere. Shape and dtype of u."""
    return np.ones_like(u)


def relu_derivative(u):
    """∇ReLU(u) = 1 for u > 0, else 0 (the value 0 is taken at u = 0). Shape and dtype of u."""
    u = np.asarray(u)
    return (u > 0).astype(u.dtype if u.dtype.kind == "f" else np.float64)


def sigmoid_derivative(u):
    """∇sigmoid(u) = f(u)(1 - f(u)), at most 1/4 (at u = 0). Shape and dtype of u."""
    return _sigmoid_derivative_from_output(sigmoid(u))


def tanh_derivative(u):
    """∇tanh(u), the derivative of tanh at u. Shape and dtype of u.

    Notebook 01 (演習 1) asks for its formula, so this docstring does not state it.
    """
    return _tanh_derivative_from_output(np.tanh(u))


def softmax_jacobian(u):
    """Jacobian ∂f/∂u of the softmax f = softmax(u).

    Its entries are derived in notebook 03 (演習 1), and the matrix as one formula is asked
    there too, so this docstring does not state them.

    Parameters
    ----------
    u : ndarray, shape (m,) or (n, m)

    Returns
    -------
    ndarray, shape (m, m) or (n, m, m)
        Entry [j, k] (per sample) is ∂f_j/∂u_k.
    """
    f = softmax(u)
    check_memory(f.size * f.shape[-1] * f.itemsize * 2, "ヤコビ行列", "the Jacobian")
    diag = f[..., :, None] * np.eye(f.shape[-1], dtype=f.dtype)
    return diag - f[..., :, None] * f[..., None, :]


# The same derivatives written in terms of a = f(u), which the training loop has
# already stored in z_{k+1}; computing them from a saves evaluating f twice.


def _identity_derivative_from_output(a):
    return np.ones_like(a)


def _relu_derivative_from_output(a):
    return (a > 0).astype(a.dtype)


def _sigmoid_derivative_from_output(a):
    return a * (1 - a)


def _tanh_derivative_from_output(a):
    return 1 - a * a


# ---------------------------------------------------------------------------
# The registry: one entry per activation
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Activation:
    """Everything lecnn knows about one activation function.

    Attributes
    ----------
    name : str
        The key users pass (``hidden="relu"``).
    f : callable
        f(u, out=None), elementwise (softmax: row by row).
    derivative : callable or None
        ∇f(u), elementwise; None for softmax, whose derivative is a Jacobian
        (``softmax_jacobian``).
    derivative_from_output : callable or None
        ∇f written in terms of a = f(u), for the training loop.
    label : str
        The name shown to students (plots, the playground, the checks' messages).
    init : {"he", "xavier"}
        The initialisation ``init="auto"`` picks for the weights feeding this activation.
    hidden, output : bool
        Whether it may be f_k between layers, and f_r at the output.
    value_range : (float, float)
        The closed hull of f's values (infinite ends for an unbounded f): what a picture
        of the unit's output scales by.
    torch_name : str
        The ``torch.nn`` module with the same f (``lecnn.pytorch``).
    """

    name: str
    f: Callable
    derivative: Callable | None
    derivative_from_output: Callable | None
    label: str
    init: str
    hidden: bool
    output: bool
    value_range: tuple
    torch_name: str

    @property
    def bounded(self):
        """Whether both ends of ``value_range`` are finite (sigmoid, tanh, softmax)."""
        return all(abs(end) < float("inf") for end in self.value_range)


INF = float("inf")

REGISTRY = {
    a.name: a
    for a in (
        Activation(
            "relu", relu, relu_derivative, _relu_derivative_from_output,
            label="ReLU", init="he", hidden=True, output=False,
            value_range=(0.0, INF), torch_name="ReLU",
        ),
        Activation(
            "sigmoid", sigmoid, sigmoid_derivative, _sigmoid_derivative_from_output,
            label="シグモイド", init="xavier", hidden=True, output=True,
            value_range=(0.0, 1.0), torch_name="Sigmoid",
        ),
        Activation(
            "tanh", tanh, tanh_derivative, _tanh_derivative_from_output,
            label="tanh", init="xavier", hidden=True, output=False,
            value_range=(-1.0, 1.0), torch_name="Tanh",
        ),
        Activation(
            "identity", identity, identity_derivative, _identity_derivative_from_output,
            label="恒等写像", init="xavier", hidden=True, output=True,
            value_range=(-INF, INF), torch_name="Identity",
        ),
        Activation(
            "softmax", softmax, None, None,
            label="ソフトマックス", init="xavier", hidden=False, output=True,
            value_range=(0.0, 1.0), torch_name="Softmax",
        ),
    )
}  # fmt: skip
"""Name -> Activation. Adding an activation is one entry here (and its functions above)."""

ACTIVATIONS = {name: a.f for name, a in REGISTRY.items()}
"""Name -> f (a view of ``REGISTRY``)."""

DERIVATIVES = {name: a.derivative for name, a in REGISTRY.items() if a.derivative}
"""Name -> ∇f for the elementwise activations (a view of ``REGISTRY``)."""

DERIVATIVES_FROM_OUTPUT = {
    name: a.derivative_from_output for name, a in REGISTRY.items() if a.derivative_from_output
}
"""Name -> ∇f in terms of a = f(u) (a view of ``REGISTRY``)."""

LABELS = {name: a.label for name, a in REGISTRY.items()}
"""Name -> the name shown to students (a view of ``REGISTRY``)."""

HIDDEN_ACTIVATIONS = tuple(name for name, a in REGISTRY.items() if a.hidden)
"""Names allowed for f_0, ..., f_{r-1} (elementwise functions)."""

OUTPUT_ACTIVATIONS = tuple(name for name, a in REGISTRY.items() if a.output)
"""Names allowed for f_r; each comes with its error function (see lecnn.losses)."""

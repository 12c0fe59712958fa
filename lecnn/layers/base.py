"""The layers: ``Affine`` (W_k), the activations f_k and the output-and-error pairs f_r with E.

Each has ``forward`` and a ``backward`` that is its local derivative (see ``lecnn.layers``).
"""

import numpy as np

from lecnn import activations as act
from lecnn.losses import LOSSES_FROM_LOGITS
from lecnn.network import augment
from lecnn.validation import (
    as_inputs,
    as_real_array,
    as_targets,
    as_weight,
    check_dtype,
    check_hidden_name,
    check_output,
    message,
    one_hot_rows,
    value_error,
)


def _check_gradient(grad, name, what, expected):
    """A gradient from the layer above: real, finite and of the shape ``expected``."""
    grad = as_real_array(grad, name)
    if grad.shape != expected:
        raise value_error("grad_shape", name=name, what=what, expected=expected, shape=grad.shape)
    return grad


def _forward_first(layer, kept):
    """The error of ``backward`` called before ``forward`` (the order is wrong, not a value)."""
    return RuntimeError(message("forward_first", layer=type(layer).__name__, kept=kept))


class Layer:
    """One node of the computational graph: ``forward`` then ``backward``.

    ``forward`` keeps what ``backward`` needs (its input or output);
    ``backward(grad)`` takes ∂E/∂(output) and returns ∂E/∂(input).

    ``training`` is the layer's mode: ``Dropout`` and ``BatchNorm`` compute differently in
    training (True, the default) and in evaluation (``eval()``); the other layers ignore it.
    """

    training = True

    def train(self):
        """Training mode from now on; returns the layer."""
        self.training = True
        return self

    def eval(self):
        """Evaluation mode from now on; returns the layer."""
        self.training = False
        return self

    def forward(self, x):
        raise NotImplementedError

    def backward(self, grad):
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}()"


# ---------------------------------------------------------------------------
# u_k = W_k z_k
# ---------------------------------------------------------------------------


class Affine(Layer):
    """u_k = W_k z_k with z_k = (1, xᵀ)ᵀ: the weights of one layer.

    Parameters
    ----------
    W : array_like, shape (q_{k+1}, q_k + 1)
        W_k, column 0 the intercept. It is copied.
    dtype : np.float64 (default) or np.float32

    Attributes
    ----------
    W : ndarray, shape (q_{k+1}, q_k + 1)
    z : ndarray, shape (q_k + 1,) or (n, q_k + 1)
        z_k with the leading 1, kept by ``forward``.
    delta : ndarray, shape (q_{k+1},) or (n, q_{k+1})
        δ_k = ∂E/∂u_k, the gradient ``backward`` received.
    dW : ndarray, shape of W
        ∂E/∂W_k = δ_k z_kᵀ (a batch: the mean over its samples), set by ``backward``.
    """

    def __init__(self, W, dtype=np.float64):
        self.W = as_weight(W, "W", check_dtype(dtype))
        self.z = self.delta = self.dW = None

    @property
    def q_in(self):
        """q_k, the width of the layer below (without the intercept)."""
        return self.W.shape[1] - 1

    @property
    def q_out(self):
        """q_{k+1}, the number of rows of W_k."""
        return self.W.shape[0]

    def forward(self, x):
        """u_k = W_k z_k, z_k = (1, xᵀ)ᵀ.

        Parameters
        ----------
        x : array_like, shape (q_k,) or (n, q_k)

        Returns
        -------
        ndarray, shape (q_{k+1},) or (n, q_{k+1})
        """
        x, _ = as_inputs(x, self.q_in, self.W.dtype)
        self.z = augment(x)  # z_k = (1, xᵀ)ᵀ
        return self.z @ self.W.T  # u_k = W_k z_k  (rows: Z_k W_kᵀ)

    def backward(self, delta):
        """Store ∂E/∂W_k = δ_k z_kᵀ and return W̃_kᵀ δ_k.

        Parameters
        ----------
        delta : ndarray, shape (q_{k+1},) or (n, q_{k+1})
            δ_k = ∂E/∂u_k (a batch: row i for sample i).

        Returns
        -------
        ndarray, shape (q_k,) or (n, q_k)
            W̃_kᵀ δ_k, the gradient with respect to x (row i for sample i).
        """
        if self.z is None:
            raise _forward_first(self, "z_k")
        expected = self.z.shape[:-1] + (self.q_out,)
        delta = _check_gradient(delta, "delta", "u_k", expected)
        self.delta = delta
        if delta.ndim == 1:
            self.dW = np.outer(delta, self.z)  # δ_k z_kᵀ
        else:
            self.dW = delta.T @ self.z / delta.shape[0]  # mean over rows of δ_k z_kᵀ
        return delta @ self.W[:, 1:]  # W̃_kᵀ δ_k (rows: δ W̃); the intercept gets no gradient

    def __repr__(self):
        return f"Affine(W: {self.W.shape})"


# ---------------------------------------------------------------------------
# z_{k+1} = f_k(u_k), elementwise
# ---------------------------------------------------------------------------


class Activation(Layer):
    """z = f(u) elementwise for a hidden activation f named in ``lecnn.activations``.

    backward multiplies the incoming gradient by ∇f(u), evaluated at the u that
    forward received (the slides' ∇f_k(W_k z_k)).

    Parameters
    ----------
    name : {"relu", "sigmoid", "tanh", "identity"}

    Attributes
    ----------
    u : ndarray
        The input of the last forward.
    out : ndarray
        f(u), the output of the last forward.
    """

    name = None

    def __init__(self, name=None):
        self.name = check_hidden_name(self.name if name is None else name)
        self.u = self.out = None

    @classmethod
    def named(cls, name):
        """The layer for ``name``: ``ReLU()`` for "relu", and so on."""
        check_hidden_name(name)
        return next((layer() for layer in HIDDEN_LAYERS if layer.name == name), None) or cls(name)

    def forward(self, u):
        """f(u), elementwise; u of any shape (real and finite)."""
        self.u = as_real_array(u, "u")
        self.out = act.ACTIVATIONS[self.name](self.u)
        return self.out

    def backward(self, grad):
        """grad ⊙ ∇f(u); grad of u's shape."""
        return self._incoming(grad) * act.DERIVATIVES[self.name](self.u)

    def _incoming(self, grad):
        """The gradient backward receives, checked against the u of the last forward."""
        if self.u is None:
            raise _forward_first(self, "u")
        return _check_gradient(grad, "grad", "u", self.u.shape)

    def __repr__(self):
        return f"{type(self).__name__}()" if type(self) is not Activation else f"{self.name}"


class ReLU(Activation):
    """f(u) = max{0, u}; backward passes the gradient where u > 0 and stops it elsewhere."""

    name = "relu"

    def backward(self, grad):
        """grad ⊙ [u > 0]."""
        return self._incoming(grad) * (self.u > 0)


class Sigmoid(Activation):
    """f(u) = 1 / (1 + e^{−u}); backward multiplies by f(u)(1 − f(u))."""

    name = "sigmoid"

    def backward(self, grad):
        """grad ⊙ f(u)(1 − f(u)), from the output forward kept."""
        return self._incoming(grad) * (self.out * (1.0 - self.out))


class Tanh(Activation):
    """f(u) = tanh u; backward multiplies by ∇tanh(u) (its formula is 01's 演習 1)."""

    name = "tanh"

    def backward(self, grad):
        """grad ⊙ ∇tanh(u), from the output forward kept."""
        return self._incoming(grad) * (1.0 - self.out * self.out)


class Identity(Activation):
    """f(u) = u; backward passes the gradient unchanged."""

    name = "identity"

    def backward(self, grad):
        """grad itself (a copy): ∇f = 1."""
        return self._incoming(grad).copy()


HIDDEN_LAYERS = (ReLU, Sigmoid, Tanh, Identity)
"""The layer of each hidden activation in ``lecnn.activations.HIDDEN_ACTIVATIONS``."""


# ---------------------------------------------------------------------------
# f_r with its error function E
# ---------------------------------------------------------------------------


class OutputLoss(Layer):
    """The output activation f_r together with its error function E.

    forward(u_r, y) returns E (a batch: the mean over its samples) and keeps
    f_r(u_r) and y; backward() returns δ_r = f_r(u_r) − y (a batch: one row per
    sample). For these three matched pairs, and only for them, ∂E/∂u_r is this
    simple difference.

    Parameters
    ----------
    name : {"softmax", "sigmoid", "identity"}

    Attributes
    ----------
    y_hat : ndarray
        f_r(u_r) of the last forward.
    y : ndarray
        The targets of the last forward, as floats (labels made one-hot).
    """

    name = None

    def __init__(self, name=None):
        name = self.name if name is None else name
        check_output(name, 2)
        self.name = name
        self.y_hat = self.y = None

    @classmethod
    def named(cls, name):
        """The layer for an output name: ``SoftmaxCrossEntropy()`` for "softmax", and so on."""
        check_output(name, 2)
        return next((layer() for layer in OUTPUT_LAYERS if layer.name == name), None) or cls(name)

    def forward(self, u, y):
        """E of the logits u = u_r = W_r z_r against the targets y.

        Parameters
        ----------
        u : ndarray, shape (m,) or (n, m)
        y : array_like
            Shape (m,) or (n, m); for softmax also integer labels, shape () or (n,).

        Returns
        -------
        float
            E (a batch: the mean over its samples).
        """
        u = as_real_array(u, "u_r")
        if u.ndim not in (1, 2) or u.shape[-1] < 1:
            raise value_error("logits_shape", shape=u.shape)
        m, single = u.shape[-1], u.ndim == 1
        check_output(self.name, m)
        t = as_targets(y, self.name, m, 1 if single else u.shape[0], single, u.dtype)
        if np.issubdtype(t.dtype, np.integer):
            t = one_hot_rows(t, m, u.dtype)  # labels as one-hot rows
        self.y = t
        self.y_hat = act.ACTIVATIONS[self.name](u)  # f_r(W_r z_r)
        return float(np.mean(LOSSES_FROM_LOGITS[self.name](u, t)))

    def backward(self, grad=None):
        """δ_r = f_r(W_r z_r) − y (a batch: row i for sample i).

        Parameters
        ----------
        grad : None
            E is the end of the graph (∂E/∂E = 1); nothing comes from above.
        """
        if self.y_hat is None:
            raise _forward_first(self, "f_r(u_r) and y")
        return self.y_hat - self.y

    def __repr__(self):
        return f"{type(self).__name__}()" if type(self) is not OutputLoss else f"{self.name}"


class SoftmaxCrossEntropy(OutputLoss):
    """Softmax output with cross-entropy E = −Σ_j y_j log f_j; δ_r = f_r − y."""

    name = "softmax"


class SigmoidBinaryCrossEntropy(OutputLoss):
    """Sigmoid output with binary cross-entropy E = −y log f − (1 − y) log(1 − f); δ_r = f_r − y."""

    name = "sigmoid"


class IdentitySquaredError(OutputLoss):
    """Identity output with ½ squared error E = ½ ‖y − u_r‖²; δ_r = u_r − y."""

    name = "identity"


OUTPUT_LAYERS = (SoftmaxCrossEntropy, SigmoidBinaryCrossEntropy, IdentitySquaredError)
"""The layer of each output activation in ``lecnn.activations.OUTPUT_ACTIVATIONS``."""

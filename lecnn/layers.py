"""The network as a stack of layers, each with ``forward`` and ``backward``.

The δ recursion of the lecture, δ_k = W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k(W_k z_k), split
into small pieces that each know only their own local derivative:

- ``Affine`` holds W_k (shape (q_{k+1}, q_k + 1), intercept in column 0).
  forward: z_k = (1, xᵀ)ᵀ, u_k = W_k z_k. backward receives δ_k = ∂E/∂u_k,
  stores ∂E/∂W_k = δ_k z_kᵀ in ``dW`` and returns W̃_{k+1}ᵀ δ_k, what the
  layer below receives.
- ``ReLU``, ``Sigmoid``, ``Tanh``, ``Identity``: z = f_k(u); backward
  multiplies what it receives by ∇f_k(u_k) (the ⊙ of the recursion).
- ``SoftmaxCrossEntropy``, ``SigmoidBinaryCrossEntropy``,
  ``IdentitySquaredError``: the output f_r with its error function E, as one
  layer; forward gives E, backward gives δ_r = f_r(W_r z_r) − y.

So one step of the recursion is two layers' backward in a row, and ``Sequential``
(built from a ``Network`` by ``from_network``) gives the same E, δ_k and
∂E/∂W_k as ``Network.backward``, operation for operation.

Batches are rows, as everywhere in lecnn: x has shape (n, q_k), u_k is
``z_k @ W_k.T``, and what flows backward has one row per sample (row i is
sample i's δ_k, exactly ``Network.backward(...).delta[k]``). E and ∂E/∂W_k of a
batch are the mean over its samples, as in ``Network``: ``Affine`` divides by n.
"""

import numpy as np

from lecnn import activations as act
from lecnn.losses import LOSSES_FROM_LOGITS
from lecnn.network import Network, augment
from lecnn.validation import (
    as_inputs,
    as_real_array,
    as_targets,
    as_weight,
    check_dtype,
    check_hidden_name,
    check_output,
    check_real,
    message,
    one_hot_rows,
    type_error,
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
    """

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
        if self.u is None:
            raise _forward_first(self, "u")
        grad = _check_gradient(grad, "grad", "u", self.u.shape)
        return grad * act.DERIVATIVES[self.name](self.u)

    def __repr__(self):
        return f"{type(self).__name__}()" if type(self) is not Activation else f"{self.name}"


class ReLU(Activation):
    """f(u) = max{0, u}; backward passes the gradient where u > 0 and stops it elsewhere."""

    name = "relu"


class Sigmoid(Activation):
    """f(u) = 1 / (1 + e^{−u}); backward multiplies by f(u)(1 − f(u))."""

    name = "sigmoid"


class Tanh(Activation):
    """f(u) = tanh u; backward multiplies by 1 − tanh² u."""

    name = "tanh"


class Identity(Activation):
    """f(u) = u; backward passes the gradient unchanged."""

    name = "identity"


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


# ---------------------------------------------------------------------------
# The stack
# ---------------------------------------------------------------------------


class Sequential:
    """Layers applied in turn, ending with an output-and-error layer.

    Parameters
    ----------
    layers : sequence of Layer
        Affine and activation layers, input side first; the first must be an Affine.
    loss : OutputLoss

    Attributes
    ----------
    layers : list of Layer
    loss_layer : OutputLoss
    affines : list of Affine
        The Affine layers in order, affines[k] holding W_k.
    """

    def __init__(self, layers, loss):
        self.layers = list(layers)
        if not self.layers or not isinstance(self.layers[0], Affine):
            raise value_error("sequential_start")
        for layer in self.layers:
            if not isinstance(layer, Layer) or isinstance(layer, OutputLoss):
                raise type_error("sequential_layer", value=layer)
        if not isinstance(loss, OutputLoss):
            raise type_error("sequential_loss", value=loss)
        self.loss_layer = loss
        self.affines = [layer for layer in self.layers if isinstance(layer, Affine)]

    @property
    def d(self):
        """Input width d = q_0."""
        return self.affines[0].q_in

    @property
    def dtype(self):
        return self.affines[0].W.dtype

    def logits(self, x):
        """u_r = W_r z_r, through every layer.

        Parameters
        ----------
        x : array_like, shape (d,) or (n, d)

        Returns
        -------
        ndarray, shape (m,) or (n, m)
        """
        a, _ = as_inputs(x, self.d, self.dtype)
        for layer in self.layers:
            a = layer.forward(a)
        return a

    def forward(self, x):
        """y = f_r(W_r z_r); shapes as ``Network.forward``."""
        return act.ACTIVATIONS[self.loss_layer.name](self.logits(x))

    def loss(self, x, y):
        """Forward pass through every layer and the error layer: E (a batch: the mean).

        Parameters
        ----------
        x : array_like, shape (d,) or (n, d)
        y : array_like, targets as for ``Network.loss``

        Returns
        -------
        float
        """
        x, _ = as_inputs(x, self.d, self.dtype)
        return self.loss_layer.forward(self.logits(x), y)

    def backward(self):
        """Backward pass from E through every layer, after ``loss``.

        Returns
        -------
        list of ndarray
            [∂E/∂W_0, ..., ∂E/∂W_r], the ``dW`` of each Affine layer.
        """
        grad = self.loss_layer.backward()  # δ_r
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return self.grads

    @property
    def grads(self):
        """[∂E/∂W_0, ..., ∂E/∂W_r] from the last backward."""
        return [affine.dW for affine in self.affines]

    @property
    def delta(self):
        """[δ_0, ..., δ_r] from the last backward: what each Affine layer received."""
        return [affine.delta for affine in self.affines]

    def gradients(self, x, y):
        """``loss`` then ``backward``: [∂E/∂W_0, ..., ∂E/∂W_r], as ``Network.gradients``."""
        self.loss(x, y)
        return self.backward()

    def __repr__(self):
        inner = " → ".join(repr(layer) for layer in [*self.layers, self.loss_layer])
        return f"Sequential({inner})"


def from_network(net):
    """The layers of a ``Network``, with copies of its weights.

    Parameters
    ----------
    net : lecnn.Network

    Returns
    -------
    Sequential
        Affine(W_0), f_0, Affine(W_1), ..., f_{r-1}, Affine(W_r), then f_r with its E.
    """
    if not isinstance(net, Network):
        raise type_error("not_network", what="from_network", kind=type(net).__name__)
    layers = []
    for k, W in enumerate(net.weights):
        layers.append(Affine(W, dtype=net.dtype))
        if k < net.r:
            layers.append(Activation.named(net.hidden[k]))
    return Sequential(layers, OutputLoss.named(net.output))


# ---------------------------------------------------------------------------
# Dropout (beyond the lecture)
# ---------------------------------------------------------------------------


class Dropout(Layer):
    """Inverted dropout: in training each value is kept with probability 1 − p, or set to 0.

    forward multiplies z by a random mask M with entries 1/(1 − p) (kept) or 0 (dropped),
    drawn afresh at every call; dividing by 1 − p keeps the mean of every value as it was,
    so that in evaluation the layer is simply the identity. backward multiplies the
    gradient by the same mask: ∂E/∂z = M ⊙ ∂E/∂(M ⊙ z), nothing flows through a dropped
    unit. Placed after an activation layer, it drops hidden units of z_{k+1}.

    Parameters
    ----------
    p : float in [0, 1)
        The probability of dropping a value.
    seed : int or None
        Seed of the masks.

    Attributes
    ----------
    training : bool
        True (the default) drops values; ``eval()`` makes the layer the identity, ``train()``
        switches dropping back on.
    mask : ndarray or None
        M of the last forward in training (None in evaluation).
    """

    def __init__(self, p=0.5, seed=None):
        p = check_real("p", p, 0)
        if p >= 1:
            raise ValueError(
                f"p must be in [0, 1); got {p!r} / p (落とす確率) は 0 以上 1 未満で指定してください"
            )
        self.p = p
        self.rng = np.random.default_rng(seed)
        self.training = True
        self.mask = None
        self._shape = None

    def train(self):
        """Drop values from now on (training mode); returns the layer."""
        self.training = True
        return self

    def eval(self):
        """Pass values unchanged from now on (evaluation mode); returns the layer."""
        self.training = False
        return self

    def forward(self, z):
        """M ⊙ z in training, z in evaluation; z of any shape."""
        z = np.asarray(z)
        self._shape = z.shape
        if not self.training:
            self.mask = None
            return z
        dtype = z.dtype if z.dtype.kind == "f" else np.dtype(np.float64)
        keep = self.rng.random(z.shape) >= self.p
        self.mask = keep.astype(dtype) / dtype.type(1 - self.p)  # 1/(1 − p) or 0
        return z * self.mask

    def backward(self, grad):
        """M ⊙ grad (evaluation: grad); grad of the last forward's input shape."""
        if self._shape is None:
            raise RuntimeError(
                "call forward before backward / backward の前に forward を呼んでください"
            )
        grad = np.asarray(grad)
        if grad.shape != self._shape:
            raise ValueError(
                f"grad must have the shape of the last forward's input {self._shape}; "
                f"got {grad.shape} / grad の形は直前の forward の入力と同じ {self._shape} に"
                "してください"
            )
        return grad if self.mask is None else grad * self.mask

    def __repr__(self):
        return f"Dropout(p={self.p:g})"

"""The deep network of the lecture: z_{k+1} = f_k(W_k z_k), y = f_r(W_r z_r).

Indexing follows the slides: layer 0 is the input x (z_0 = x), layers 1..r are
hidden, layer r+1 is the output; W_k (k = 0..r) maps layer k to layer k+1 and
has shape (q_{k+1}, q_k + 1) with the intercept in column 0; z_k carries the
leading 1; u_k = W_k z_k; δ_k = ∂E/∂u_k.

Where the code and the slides differ:

- A batch is stored one sample per row (X has shape (n, d)), so u_k = W_k z_k is
  written ``z[k] @ W[k].T``; the same line serves one sample (1-D z) and a batch.
  Likewise W̃_{k+1}ᵀ δ_{k+1} is written ``delta[k + 1] @ W[k + 1][:, 1:]``.
- For a batch, E and ∂E/∂W_k are the mean over its samples.

Two paths compute the same numbers: ``forward_pass``/``backward`` build every
quantity step by step for reading and printing; ``step`` (used by ``train``)
reuses preallocated buffers and updates W_k in place (``net.fast_step``, a
``lecnn.fast_step.FastStep``). They perform the same floating-point operations in the
same order, so they agree exactly; a test holds them to it.
"""

import itertools
from dataclasses import dataclass

import numpy as np

from lecnn import activations as act
from lecnn.fast_step import FastStep
from lecnn.initialization import check_init, initial_weights
from lecnn.losses import LOSSES_FROM_LOGITS, accuracy, predict_from_logits
from lecnn.validation import (
    as_inputs,
    as_targets,
    as_weight,
    check_batch_memory,
    check_dtype,
    check_eta,
    check_hidden,
    check_network_memory,
    check_output,
    check_seed,
    check_sizes,
    one_hot_rows,
    type_error,
    value_error,
)


@dataclass
class ForwardPass:
    """Every value of one forward pass.

    Attributes
    ----------
    z : list of ndarray, length r + 1
        z[k] = (1, z_kᵀ)ᵀ, shape (q_k + 1,) or (n, q_k + 1); z[0] is x with the leading 1.
    u : list of ndarray, length r + 1
        u[k] = W_k z_k, shape (q_{k+1},) or (n, q_{k+1}).
    y : ndarray, shape (m,) or (n, m)
        The output f_r(u_r).
    """

    z: list
    u: list
    y: np.ndarray


@dataclass
class BackwardPass:
    """One forward and backward pass.

    Attributes
    ----------
    forward : ForwardPass
    delta : list of ndarray, length r + 1
        delta[k] = δ_k = ∂E/∂u_k, shape (q_{k+1},) or (n, q_{k+1}) (row i: sample i).
    grads : list of ndarray, length r + 1
        grads[k] = ∂E/∂W_k = δ_k z_kᵀ (a batch: the mean over its samples), shape of W_k.
    loss : float
        E (a batch: the mean over its samples).
    """

    forward: ForwardPass
    delta: list
    grads: list
    loss: float


def augment(a):
    """Prepend the intercept's 1: (1, aᵀ)ᵀ, per row for a batch.

    Parameters
    ----------
    a : ndarray, shape (q,) or (n, q)

    Returns
    -------
    ndarray, shape (q + 1,) or (n, q + 1)
    """
    ones = np.ones(a.shape[:-1] + (1,), dtype=a.dtype)
    return np.concatenate([ones, a], axis=-1)


def n_params(sizes):
    """Number of weights of a network of ``sizes``: all entries of all W_k, intercepts included.

    Notebook 02 (演習 2) asks for its formula, so this docstring does not state it.
    """
    sizes = check_sizes(sizes)
    return sum(sizes[k + 1] * (sizes[k] + 1) for k in range(len(sizes) - 1))


def gradient_norms(net, X, y):
    """‖∂E/∂W_k‖ for k = 0, ..., r: the Frobenius norm of each layer's gradient.

    ‖∂E/∂W_k‖ = sqrt(Σ_{l,j} (∂E/∂w_{klj})²), intercept column included, with E the
    mean error over the samples given. Norms that differ by orders of magnitude
    from layer to layer show vanishing (or exploding) gradients.

    Parameters
    ----------
    net : Network
    X : array_like, shape (n, d) or (d,)
    y : array_like, targets as for ``net.gradients``

    Returns
    -------
    ndarray of float, shape (r + 1,)
    """
    if not isinstance(net, Network):
        raise type_error("not_network", what="gradient_norms", kind=type(net).__name__)
    return np.array([np.linalg.norm(g) for g in net.gradients(X, y)])


def predicted_delta_ratios(net, X):
    """A prediction of ‖δ_k‖ / ‖δ_{k+1}‖ for k = 0, ..., r − 1, made before any backward pass.

    δ_k = W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k(u_k). If δ_{k+1} points in no preferred direction,
    W̃_{k+1}ᵀ scales its norm by about ‖W̃_{k+1}‖_F / sqrt(q_{k+2}) (q_{k+2} rows), and
    ⊙ ∇f_k by the root mean square of ∇f_k(u_k) over the samples and units. The
    product of the two is the prediction; ‖δ_k‖ is the Frobenius norm over the samples.

    Parameters
    ----------
    net : Network
    X : array_like, shape (n, d)

    Returns
    -------
    ndarray of float, shape (r,)
    """
    u = net.forward_pass(X).u
    ratios = []
    for k in range(net.r):
        grad_f = act.DERIVATIVES[net.hidden[k]](u[k])  # ∇f_k(u_k), shape (n, q_{k+1})
        W_tilde = net.weights[k + 1][:, 1:]  # W̃_{k+1}: the intercept column dropped
        ratios.append(
            np.sqrt(np.mean(grad_f**2)) * np.linalg.norm(W_tilde) / np.sqrt(W_tilde.shape[0])
        )
    return np.array(ratios)


class Network:
    """A fully connected network in the lecture's notation.

    Parameters
    ----------
    sizes : sequence of int
        [d, q_1, ..., q_r, m]: input width, hidden widths, output width.
    hidden : str or sequence of str
        f_0, ..., f_{r-1}: one of "relu", "sigmoid", "tanh", "identity" for every
        hidden layer, or a list of r names, one per layer.
    output : {"softmax", "identity", "sigmoid"}
        f_r, which also fixes E: cross-entropy, ½ squared error, binary cross-entropy.
    seed : int or None
        Seed of the initial weights.
    dtype : np.float64 (default) or np.float32
    init : {"auto", "he", "xavier"} or float
        Initialisation of W̃_k: "auto" is He for ReLU and Xavier otherwise; a number
        is the standard deviation itself. Intercepts start at 0.

    Attributes
    ----------
    weights : list of ndarray
        [W_0, ..., W_r], W_k of shape (q_{k+1}, q_k + 1), column 0 the intercept.
    fast_step : lecnn.fast_step.FastStep
        The buffered update that ``step`` and ``train`` run on these weights.
    sizes, hidden, output, dtype, r, d, m
    """

    def __init__(
        self, sizes, hidden="relu", output="softmax", seed=0, dtype=np.float64, init="auto"
    ):
        self.sizes = check_sizes(sizes)
        self.hidden = check_hidden(hidden, len(self.sizes) - 2)
        self.output = check_output(output, self.sizes[-1])
        self.dtype = check_dtype(dtype)
        check_network_memory(self.sizes, self.dtype)
        self.init = check_init(init)
        self.seed = check_seed(seed)
        self.fast_step = FastStep(self)
        self.reset(seed)

    # ------------------------------------------------------------------ setup

    def reset(self, seed=None):
        """Draw fresh initial weights (from ``seed``, or the constructor's seed if None)."""
        if seed is not None:
            self.seed = check_seed(seed)
        rng = np.random.default_rng(self.seed)
        self._weights = initial_weights(self.sizes, self.hidden, self.init, rng, self.dtype)

    @property
    def weights(self):
        """[W_0, ..., W_r]; assigning a list checks each shape and copies it."""
        return self._weights

    @weights.setter
    def weights(self, new):
        if isinstance(new, (str, bytes, dict, range)) or not hasattr(new, "__iter__"):
            raise type_error("weights_type", value=new, count=self.r + 1, r=self.r)
        matrices = list(itertools.islice(new, self.r + 2))  # one past: an endless iterable ends
        if len(matrices) != self.r + 1:
            count = len(matrices)
            if hasattr(new, "__len__"):
                count = len(new)
            elif count > self.r + 1:
                count = f"{count}+"  # an iterable read only this far
            raise value_error("weight_count", expected=self.r + 1, r=self.r, count=count)
        self._weights = [
            as_weight(W, f"W_{k}", self.dtype, self.weight_shape(k)) for k, W in enumerate(matrices)
        ]

    def weight_shape(self, k):
        """Shape of W_k: (q_{k+1}, q_k + 1)."""
        return (self.sizes[k + 1], self.sizes[k] + 1)

    @property
    def r(self):
        """Number of hidden layers."""
        return len(self.sizes) - 2

    @property
    def d(self):
        """Input width q_0 = d."""
        return self.sizes[0]

    @property
    def m(self):
        """Output width q_{r+1} = m."""
        return self.sizes[-1]

    @property
    def n_params(self):
        """Number of weights: every entry of every W_k, intercepts included."""
        return n_params(self.sizes)

    def copy(self):
        """An independent network with the same architecture and weights."""
        twin = Network.__new__(Network)
        twin.__dict__.update(self.__dict__)
        twin._weights = [W.copy() for W in self._weights]
        twin.fast_step = FastStep(twin)
        return twin

    def __repr__(self):
        return (
            f"Network(sizes={list(self.sizes)}, hidden={list(self.hidden)}, "
            f"output={self.output!r}, dtype={self.dtype.name})"
        )

    # ----------------------------------------------------------- checked input

    def _inputs(self, x):
        x, single = as_inputs(x, self.d, self.dtype)
        if not single:
            check_batch_memory(self.sizes, len(x), self.dtype)
        return x, single

    def _targets(self, y, x, single):
        n = 1 if single else x.shape[0]
        return as_targets(y, self.output, self.m, n, single, self.dtype)

    def _one_hot(self, t):
        """Float targets of shape (m,)/(n, m) from what ``_targets`` returned."""
        if np.issubdtype(t.dtype, np.integer):
            return one_hot_rows(t, self.m, self.dtype)
        return t

    # --------------------------------------------------- step by step (teaching)

    def forward(self, x):
        """y = f_r(W_r z_r).

        Parameters
        ----------
        x : array_like, shape (d,) or (n, d)

        Returns
        -------
        ndarray, shape (m,) or (n, m)
        """
        return self._finite_forward(x).y

    def forward_pass(self, x):
        """The forward pass with every z_k and u_k kept.

        Parameters
        ----------
        x : array_like, shape (d,) or (n, d)

        Returns
        -------
        ForwardPass
        """
        x, _ = self._inputs(x)
        return self._forward_pass(x)

    def _finite_forward(self, x):
        """The forward pass of ``x`` if its outputs are finite, else an error that says where
        NaN or inf came from (instead of NumPy's overflow warnings): ``forward`` and ``predict``
        never answer NaN in silence; ``forward_pass`` shows every value as it is, where one can
        see which layer overflowed."""
        x, _ = self._inputs(x)
        with np.errstate(over="ignore", invalid="ignore"):  # checked just below
            fp = self._forward_pass(x)
        if np.all(np.isfinite(fp.u[-1])):
            return fp
        bad = [k for k, W in enumerate(self._weights) if not np.all(np.isfinite(W))]
        if bad:
            raise value_error("weights_not_finite", k=bad[0])
        raise value_error("forward_not_finite", most=float(np.max(np.abs(x))))

    def _forward_pass(self, x):
        W, r = self._weights, self.r
        z = [augment(x)]  # z_0 = (1, xᵀ)ᵀ
        u = []
        for k in range(r + 1):
            u.append(z[k] @ W[k].T)  # u_k = W_k z_k  (rows: Z_k W_kᵀ)
            if k < r:
                f_k = act.ACTIVATIONS[self.hidden[k]]
                z.append(augment(f_k(u[k])))  # z_{k+1} = (1, f_k(u_k)ᵀ)ᵀ
        y = act.ACTIVATIONS[self.output](u[r])  # y = f_r(W_r z_r)
        return ForwardPass(z=z, u=u, y=y)

    def loss(self, x, y):
        """E for one sample; for a batch the mean over its samples.

        Parameters
        ----------
        x : array_like, shape (d,) or (n, d)
        y : array_like
            Targets, shape (m,) or (n, m); for softmax also integer labels.

        Returns
        -------
        float
        """
        x, single = self._inputs(x)
        t = self._one_hot(self._targets(y, x, single))
        u_r = self._forward_pass(x).u[-1]
        return self._mean_loss(u_r, t)

    def _mean_loss(self, u_r, t):
        """E from the logits u_r = W_r z_r and float targets; a batch's mean over its samples."""
        return float(np.mean(LOSSES_FROM_LOGITS[self.output](u_r, t)))

    def backward(self, x, y):
        """Forward pass, then the δ recursion and the gradients, every value kept.

        δ_r = f_r(W_r z_r) − y, then δ_k = W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k(W_k z_k) for
        k = r−1, ..., 0, and ∂E/∂W_k = δ_k z_kᵀ.

        Parameters
        ----------
        x : array_like, shape (d,) or (n, d)
        y : array_like, targets as for ``loss``

        Returns
        -------
        BackwardPass
        """
        x, single = self._inputs(x)
        t = self._one_hot(self._targets(y, x, single))
        return self._backward(x, t, single)

    def _backward(self, x, t, single):
        W, r = self._weights, self.r
        fp = self._forward_pass(x)
        z, u = fp.z, fp.u
        delta = [None] * (r + 1)
        delta[r] = fp.y - t  # δ_r = f_r(W_r z_r) − y
        for k in range(r - 1, -1, -1):
            grad_f = act.DERIVATIVES[self.hidden[k]](u[k])  # ∇f_k(W_k z_k)
            # δ_k = W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k(u_k); W̃_{k+1} = W[k+1][:, 1:], rows: δ W̃
            delta[k] = (delta[k + 1] @ W[k + 1][:, 1:]) * grad_f
        if single:
            grads = [np.outer(delta[k], z[k]) for k in range(r + 1)]  # δ_k z_kᵀ
        else:
            n = x.shape[0]
            grads = [delta[k].T @ z[k] / n for k in range(r + 1)]  # mean over rows of δ_k z_kᵀ
        return BackwardPass(forward=fp, delta=delta, grads=grads, loss=self._mean_loss(u[r], t))

    def gradients(self, x, y):
        """[∂E/∂W_0, ..., ∂E/∂W_r]; for a batch the mean over its samples.

        Parameters
        ----------
        x : array_like, shape (d,) or (n, d)
        y : array_like, targets as for ``loss``

        Returns
        -------
        list of ndarray, grads[k] of shape (q_{k+1}, q_k + 1)
        """
        return self.backward(x, y).grads

    # -------------------------------------------------------------- prediction

    def predict(self, x):
        """Predicted class labels (softmax: argmax; sigmoid: f > 1/2) or outputs (identity).

        Parameters
        ----------
        x : array_like, shape (d,) or (n, d)

        Returns
        -------
        ndarray: int, shape () or (n,) for classification; (m,) or (n, m) for identity
        """
        return predict_from_logits(self.output, self._finite_forward(x).u[-1])

    def evaluate(self, x, y):
        """E and accuracy from one forward pass.

        Parameters
        ----------
        x : array_like, shape (d,) or (n, d)
        y : array_like, targets as for ``loss``

        Returns
        -------
        loss : float
            Mean E over the samples.
        accuracy : float or None
            Fraction classified correctly (None for an identity output).
        """
        x, single = self._inputs(x)
        return self._evaluate(x, self._targets(y, x, single))

    def _evaluate(self, x, t):
        u_r = self._forward_pass(x).u[-1]
        return self._mean_loss(u_r, self._one_hot(t)), accuracy(self.output, u_r, t)

    # -------------------------------------------------------------- the update

    def step(self, x, y, eta):
        """One update W_k ← W_k − η ∂E/∂W_k for every k (the lecture's step 4).

        Parameters
        ----------
        x : array_like, shape (d,) or (n, d)
        y : array_like, targets as for ``loss``
        eta : float
            Learning rate η > 0.

        Returns
        -------
        float
            E before the update (a batch: the mean over its samples).

        Raises
        ------
        DivergenceError
            If E is NaN or infinite, or the update would overflow (its norm
            ‖η ∂E/∂W‖ reaches √(largest float): see ``lecnn.fast_step``); the weights
            are then left exactly as they were.
        """
        eta = check_eta(eta)
        x, single = self._inputs(x)
        t = self._targets(y, x, single)
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
            loss_sum, _ = self.fast_step.step(x, t, eta)
        return loss_sum / (1 if single else x.shape[0])

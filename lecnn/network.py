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
reuses preallocated buffers and updates W_k in place. They perform the same
floating-point operations in the same order, so they agree exactly; a test
holds them to it.
"""

import math
from dataclasses import dataclass

import numpy as np

from lecnn import activations as act
from lecnn.initialization import check_init, initial_weights
from lecnn.losses import LOSSES_FROM_LOGITS
from lecnn.validation import (
    as_inputs,
    as_targets,
    check_dtype,
    check_eta,
    check_output,
    check_sizes,
)


class DivergenceError(ValueError):
    """The loss (or an error signal δ) became NaN or infinite: η is probably too large."""


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
    """Number of weights Σ_{k=0}^{r} q_{k+1} (q_k + 1), intercepts included."""
    sizes = check_sizes(sizes)
    return sum(sizes[k + 1] * (sizes[k] + 1) for k in range(len(sizes) - 1))


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
    sizes, hidden, output, dtype, r, d, m
    """

    def __init__(
        self, sizes, hidden="relu", output="softmax", seed=0, dtype=np.float64, init="auto"
    ):
        self.sizes = check_sizes(sizes)
        self.hidden = self._check_hidden(hidden, len(self.sizes) - 2)
        self.output = check_output(output, self.sizes[-1])
        self.dtype = check_dtype(dtype)
        self.init = check_init(init)
        self.seed = seed
        self._buffers = {}
        self.reset(seed)

    # ------------------------------------------------------------------ setup

    @staticmethod
    def _check_hidden(hidden, r):
        names = [hidden] * r if isinstance(hidden, str) else list(hidden)
        if isinstance(hidden, str):
            act.check_hidden_name(hidden)
        if len(names) != r:
            raise ValueError(
                f"hidden lists {len(names)} activations but the network has r = {r} hidden "
                f"layers; give one name for all of them or a list of {r}"
            )
        return tuple(act.check_hidden_name(name) for name in names)

    def reset(self, seed=None):
        """Draw fresh initial weights (from ``seed``, or the constructor's seed if None)."""
        if seed is not None:
            self.seed = seed
        rng = np.random.default_rng(self.seed)
        self._weights = initial_weights(self.sizes, self.hidden, self.init, rng, self.dtype)

    @property
    def weights(self):
        """[W_0, ..., W_r]; assigning a list checks each shape and copies it."""
        return self._weights

    @weights.setter
    def weights(self, new):
        new = list(new)
        if len(new) != self.r + 1:
            raise ValueError(
                f"expected {self.r + 1} weight matrices W_0..W_{self.r}; got {len(new)}"
            )
        checked = []
        for k, W in enumerate(new):
            W = np.array(W, dtype=self.dtype, copy=True)
            if W.shape != self.weight_shape(k):
                raise ValueError(
                    f"W_{k} must have shape (q_{k + 1}, q_{k} + 1) = {self.weight_shape(k)}; "
                    f"got {W.shape}"
                )
            if not np.all(np.isfinite(W)):
                raise ValueError(f"W_{k} contains NaN or inf")
            checked.append(W)
        self._weights = checked

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
        """Number of weights Σ_k q_{k+1}(q_k + 1)."""
        return n_params(self.sizes)

    def copy(self):
        """An independent network with the same architecture and weights."""
        twin = Network.__new__(Network)
        twin.__dict__.update(self.__dict__)
        twin._weights = [W.copy() for W in self._weights]
        twin._buffers = {}
        return twin

    def __repr__(self):
        return (
            f"Network(sizes={list(self.sizes)}, hidden={list(self.hidden)}, "
            f"output={self.output!r}, dtype={self.dtype.name})"
        )

    # ----------------------------------------------------------- checked input

    def _inputs(self, x):
        return as_inputs(x, self.d, self.dtype)

    def _targets(self, y, x, single):
        n = 1 if single else x.shape[0]
        return as_targets(y, self.output, self.m, n, single, self.dtype)

    def _one_hot(self, t):
        """Float targets of shape (m,)/(n, m) from what ``_targets`` returned."""
        if np.issubdtype(t.dtype, np.integer):
            return np.eye(self.m, dtype=self.dtype)[t]
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
        return self.forward_pass(x).y

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
        loss = float(np.mean(LOSSES_FROM_LOGITS[self.output](u[r], t)))
        return BackwardPass(forward=fp, delta=delta, grads=grads, loss=loss)

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
        u_r = self.forward_pass(x).u[-1]
        return self._predict_from_logits(u_r)

    def _predict_from_logits(self, u_r):
        if self.output == "softmax":
            return np.argmax(u_r, axis=-1)
        if self.output == "sigmoid":
            labels = (u_r > 0).astype(np.intp)  # σ(u) > 1/2  ⇔  u > 0
            return labels[..., 0] if self.m == 1 else labels
        return u_r

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
        loss = float(np.mean(LOSSES_FROM_LOGITS[self.output](u_r, self._one_hot(t))))
        return loss, self._accuracy(u_r, t)

    def _accuracy(self, u_r, t):
        if self.output == "identity":
            return None
        predicted = self._predict_from_logits(u_r)
        if self.output == "softmax":
            truth = t if np.issubdtype(t.dtype, np.integer) else np.argmax(t, axis=-1)
        else:
            truth = (t >= 0.5).astype(np.intp)
            truth = truth[..., 0] if self.m == 1 else truth
        return float(np.mean(predicted == truth))

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
            If E or a δ_k is NaN or infinite; the weights are then left unchanged.
        """
        eta = check_eta(eta)
        x, single = self._inputs(x)
        t = self._targets(y, x, single)
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
            loss_sum, _ = self._sgd_step(x, t, eta)
        return loss_sum / (1 if single else x.shape[0])

    def _sgd_step(self, x, t, eta):
        """The update on checked arrays, reusing buffers; returns (Σ E, number correct).

        Same operations as ``_backward`` followed by W_k -= η grads[k], without the
        allocations: z_k live in buffers whose column 0 holds the 1 for good, so
        u_k = W_k z_k is one product with the stored W_k (no column of ones is
        concatenated), each f_k writes straight into z_{k+1}[..., 1:], and W_k is
        updated in place. Every δ_k is computed before any W_k changes.
        """
        W, r = self._weights, self.r
        buf = self._buffers_for(x.shape)
        z, a, u, delta = buf.z, buf.a, buf.u, buf.delta
        a[0][...] = x  # z_0 = (1, xᵀ)ᵀ; a[k] is the view z[k][..., 1:]
        for k in range(r):
            np.matmul(z[k], W[k].T, out=u[k])  # u_k = W_k z_k
            act.ACTIVATIONS[self.hidden[k]](u[k], out=a[k + 1])  # z_{k+1} = (1, f_k(u_k)ᵀ)ᵀ
        np.matmul(z[r], W[r].T, out=u[r])  # u_r = W_r z_r
        loss_sum, n_correct = self._output_error(u[r], t, delta[r], buf.rows)  # δ_r = f_r(u_r) − y
        if not math.isfinite(loss_sum):  # (δ_r is finite whenever E is)
            raise self._diverged("the loss", loss_sum, eta)
        for k in range(r - 1, -1, -1):
            np.matmul(delta[k + 1], W[k + 1][:, 1:], out=buf.back[k])  # W̃_{k+1}ᵀ δ_{k+1}
            grad_f = act.DERIVATIVES_FROM_OUTPUT[self.hidden[k]](a[k + 1])  # ∇f_k(u_k)
            np.multiply(buf.back[k], grad_f, out=delta[k])  # δ_k = W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k(u_k)
            if not math.isfinite(delta[k].sum()):  # a NaN or ∞ anywhere makes the sum so
                raise self._diverged("an error signal δ_k", np.nan, eta)
        n = x.shape[0] if x.ndim == 2 else None
        for k in range(r + 1):
            g = buf.grad[k]
            if n is None:
                np.dot(delta[k][:, None], z[k][None, :], out=g)  # δ_k z_kᵀ: a column times a row
            else:
                np.matmul(delta[k].T, z[k], out=g)  # Σ_i δ_k^(i) z_k^(i)ᵀ ...
                if n & (n - 1):
                    g /= n  # ... averaged over the batch
                else:  # n = 2^j: 1/n is exact, so g · (1/n) is g / n bit for bit, and faster
                    g *= 1 / n
            g *= eta  # η ∂E/∂W_k (η stays a weak Python float: no float64 in float32 runs)
            W[k] -= g  # W_k ← W_k − η ∂E/∂W_k
        return loss_sum, n_correct

    def _output_error(self, u_r, t, out, rows=None):
        """δ_r = f_r(u_r) − y into ``out``; returns (Σ E over samples, number correct).

        Parameters
        ----------
        u_r : ndarray, shape (m,) or (n, m)
            The logits W_r z_r.
        t : ndarray
            Targets as ``_targets`` returns them: integer labels, shape () or (n,)
            (softmax only), or floats of u_r's shape.
        out : ndarray of u_r's shape
            Receives δ_r.
        rows : ndarray of int, shape (n,), optional
            0..n-1 (a buffer, so that a batch's labels are picked without a new arange).

        Returns
        -------
        loss_sum : float
            Σ E over the samples.
        n_correct : int or None
            Samples classified correctly (None for an identity output).
        """
        if self.output == "softmax":
            p, shift, total = act.softmax_parts(u_r, out=out)  # f_r(u_r) into out
            log_norm = np.log(total, out=total)
            log_norm += shift  # log Σ_j e^{u_rj}, shape (1,) or (n, 1)
            if t.dtype.kind in "iu":  # class labels: y is the one-hot of t
                if u_r.ndim == 1:
                    label = int(t)
                    loss_sum = float(log_norm[0] - u_r[label])  # E = −log f_r(u_r)_label
                    p[label] -= 1  # f_r − y
                    return loss_sum, int(u_r.argmax() == label)
                rows = np.arange(u_r.shape[0]) if rows is None else rows
                loss_sum = float((log_norm[:, 0] - u_r[rows, t]).sum())
                p[rows, t] -= 1
                return loss_sum, int(np.count_nonzero(u_r.argmax(axis=1) == t))
            # E = −Σ_j y_j log f_r(u_r)_j = Σ_j y_j log Σ e^u − Σ_j y_j u_rj
            loss_sum = float((log_norm[..., 0] * t.sum(axis=-1) - (t * u_r).sum(axis=-1)).sum())
            np.subtract(p, t, out=p)
            return loss_sum, self._count_correct(u_r, t)
        if self.output == "sigmoid":
            loss_sum = float((np.logaddexp(0, u_r) - t * u_r).sum())  # log(1 + e^u) − y u
            np.subtract(act.sigmoid(u_r, out=out), t, out=out)
            return loss_sum, self._count_correct(u_r, t)
        np.subtract(u_r, t, out=out)  # identity: δ_r = u_r − y
        return float(0.5 * (out * out).sum()), None  # E = ½ ‖y − u_r‖²

    def _count_correct(self, u_r, t):
        """Samples classified correctly, as ``_accuracy`` counts them, but without a mean."""
        if self.output == "softmax":
            truth = t if t.dtype.kind in "iu" else t.argmax(axis=-1)
            return int(np.count_nonzero(u_r.argmax(axis=-1) == truth))
        return int(round(self._accuracy(u_r, t) * (1 if u_r.ndim == 1 else u_r.shape[0])))

    def _diverged(self, what, value, eta):
        return DivergenceError(
            f"{what} became {value} (not finite) with learning rate eta={eta:g}: "
            f"eta is probably too large; try a smaller one, e.g. eta={eta / 10:g}."
        )

    def _buffers_for(self, shape):
        buf = self._buffers.get(shape)
        if buf is None:
            if len(self._buffers) >= 4:
                self._buffers.clear()
            buf = _Buffers(self.sizes, shape[:-1], self.dtype)
            self._buffers[shape] = buf
        return buf

    # ------------------------------------------------------------ save / load

    def save(self, path):
        """Save the architecture and weights to an ``.npz`` file (see lecnn.saving)."""
        from lecnn.saving import save

        save(self, path)

    @classmethod
    def load(cls, path):
        """A network rebuilt from a file written by ``save``."""
        from lecnn.saving import load

        return load(path)

    def load_weights(self, path):
        """Replace the weights with those in ``path``; the architecture must match."""
        from lecnn.saving import load_weights

        load_weights(self, path)


class _Buffers:
    """Preallocated arrays for one input shape: () for one sample or (n,) for a batch.

    Attributes
    ----------
    z : list of ndarray, z[k] of shape lead + (q_k + 1,), k = 0..r
        z_k with the intercept's 1 in column 0, written once here.
    a : list of views, a[k] = z[k][..., 1:]
        z_k without its leading 1: where x and f_{k-1}(u_{k-1}) are written.
    u, delta : lists of ndarray, shape lead + (q_{k+1},), k = 0..r
        u_k = W_k z_k and δ_k.
    back : list of ndarray, shape lead + (q_{k+1},), k = 0..r-1
        W̃_{k+1}ᵀ δ_{k+1}.
    grad : list of ndarray, shape (q_{k+1}, q_k + 1), k = 0..r
        η ∂E/∂W_k before it is subtracted from W_k.
    rows : ndarray of int, shape (n,), or None for one sample
        0..n-1, to pick each sample's label.
    """

    def __init__(self, sizes, lead, dtype):
        r = len(sizes) - 2
        self.z = [np.empty(lead + (q + 1,), dtype) for q in sizes[:-1]]
        for z in self.z:
            z[..., 0] = 1
        self.a = [z[..., 1:] for z in self.z]
        self.u = [np.empty(lead + (q,), dtype) for q in sizes[1:]]
        self.delta = [np.empty(lead + (q,), dtype) for q in sizes[1:]]
        self.back = [np.empty(lead + (sizes[k + 1],), dtype) for k in range(r)]
        self.grad = [np.empty((sizes[k + 1], sizes[k] + 1), dtype) for k in range(r + 1)]
        self.rows = np.arange(lead[0]) if lead else None

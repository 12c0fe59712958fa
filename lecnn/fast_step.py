"""The training step on preallocated buffers: what ``Network.step`` and ``train`` run.

``Network`` (``network.py``) computes every quantity step by step, as the lecture
writes it. This module holds the same arithmetic without the allocations, for speed:
the z_k live in buffers whose column 0 holds the 1 for good, each f_k writes straight
into z_{k+1}[..., 1:], δ_r and E come from one pass over the logits, and W_k is
updated in place. It performs the same floating-point operations in the same order
as ``Network.backward`` followed by W_k -= η ∂E/∂W_k, so the two agree exactly
(tests/test_fast_path.py holds them to it).

A network owns one ``FastStep`` (``net.fast_step``), which keeps the buffers for the
input shapes it has seen.
"""

import math

import numpy as np

from lecnn import activations as act
from lecnn.divergence import DivergenceError
from lecnn.losses import count_correct


class FastStep:
    """The buffered update of one network: ``step`` computes ∂E/∂W_k and applies it.

    A step never leaves a non-finite weight: it refuses (DivergenceError, weights
    unchanged) when E is not finite, or when the update's norm ‖η ∂E/∂W‖ over all W_k
    is not below √(largest float), 1.3e154 in float64 and 1.8e19 in float32. Below
    that bound W_k − η ∂E/∂W_k cannot overflow, since every weight is finite (far
    smaller updates already mean η is far too large; trained weights are of order 1).

    Parameters
    ----------
    net : lecnn.Network
        Whose ``weights`` the step updates; its architecture (sizes, hidden, output,
        dtype) is read from it.
    """

    MAX_SHAPES = 4
    """Buffers are kept for this many input shapes (the last batch of an epoch is smaller)."""

    def __init__(self, net):
        self.net = net
        self.buffers = {}

    def step(self, x, t, eta, optimizer=None):
        """One update on checked arrays, reusing buffers; returns (Σ E, number correct).

        Same operations as ``Network.backward`` followed by W_k -= η grads[k], without
        the allocations: z_k live in buffers whose column 0 holds the 1 for good, so
        u_k = W_k z_k is one product with the stored W_k (no column of ones is
        concatenated), each f_k writes straight into z_{k+1}[..., 1:], and W_k is
        updated in place. Every η ∂E/∂W_k is computed and checked before any W_k
        changes, so a refused step leaves every weight exactly as it was.

        Parameters
        ----------
        x : ndarray, shape (d,) or (n, d)
            Inputs as ``lecnn.validation.as_inputs`` returns them.
        t : ndarray
            Targets as ``lecnn.validation.as_targets`` returns them.
        eta : float
            η for plain SGD; ignored when ``optimizer`` is given (it has its own η).
        optimizer : lecnn.optim.Optimizer, optional
            Applies its rule to the gradients instead of W_k -= η ∂E/∂W_k.

        Returns
        -------
        loss_sum : float
            Σ E over the samples, before the update.
        n_correct : int or None
            Samples classified correctly before the update (None for an identity output).
        """
        net = self.net
        W, r, hidden = net.weights, net.r, net.hidden
        buf = self.buffers_for(x.shape)
        z, a, u, delta = buf.z, buf.a, buf.u, buf.delta
        a[0][...] = x  # z_0 = (1, xᵀ)ᵀ; a[k] is the view z[k][..., 1:]
        for k in range(r):
            np.matmul(z[k], W[k].T, out=u[k])  # u_k = W_k z_k
            act.ACTIVATIONS[hidden[k]](u[k], out=a[k + 1])  # z_{k+1} = (1, f_k(u_k)ᵀ)ᵀ
        np.matmul(z[r], W[r].T, out=u[r])  # u_r = W_r z_r
        loss_sum, n_correct = self.output_error(u[r], t, delta[r], buf.rows)  # δ_r = f_r − y
        if not math.isfinite(loss_sum):  # (δ_r is finite whenever E is)
            raise DivergenceError("loss", _eta(eta, optimizer), loss_sum)
        for k in range(r - 1, -1, -1):
            np.matmul(delta[k + 1], W[k + 1][:, 1:], out=buf.back[k])  # W̃_{k+1}ᵀ δ_{k+1}
            grad_f = act.DERIVATIVES_FROM_OUTPUT[hidden[k]](a[k + 1])  # ∇f_k(u_k)
            np.multiply(buf.back[k], grad_f, out=delta[k])  # δ_k = W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k(u_k)
        n = x.shape[0] if x.ndim == 2 else None
        for k in range(r + 1):
            g = buf.grad[k]
            if n is None:
                np.dot(delta[k][:, None], z[k][None, :], out=g)  # δ_k z_kᵀ: a column times a row
            else:
                np.matmul(delta[k].T, z[k], out=g)  # Σ_i δ_k^(i) z_k^(i)ᵀ ...
                g /= n  # ... averaged over the batch
            if optimizer is None:
                g *= eta  # η ∂E/∂W_k (η stays a weak Python float: no float64 in float32 runs)
        if optimizer is not None:
            optimizer.update(net, buf.grad)  # checks its own update before applying it
            return loss_sum, n_correct
        # Every η ∂E/∂W_k lies in one flat buffer, so one dot product gives ‖η ∂E/∂W‖²; it is
        # finite only if every entry is finite and the norm is below √(largest float).
        if not math.isfinite(np.dot(buf.grad_flat, buf.grad_flat)):
            cause = "delta" if not all(np.isfinite(d).all() for d in delta) else "update"
            raise DivergenceError(cause, eta)
        for k in range(r + 1):
            W[k] -= buf.grad[k]  # W_k ← W_k − η ∂E/∂W_k
        return loss_sum, n_correct

    def output_error(self, u_r, t, out, rows=None):
        """δ_r = f_r(u_r) − y into ``out``; returns (Σ E over samples, number correct).

        Parameters
        ----------
        u_r : ndarray, shape (m,) or (n, m)
            The logits W_r z_r.
        t : ndarray
            Targets as ``as_targets`` returns them: integer labels, shape () or (n,)
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
        output = self.net.output
        if output == "softmax":
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
            return loss_sum, count_correct(output, u_r, t)
        if output == "sigmoid":
            loss_sum = float((np.logaddexp(0, u_r) - t * u_r).sum())  # log(1 + e^u) − y u
            np.subtract(act.sigmoid(u_r, out=out), t, out=out)
            return loss_sum, count_correct(output, u_r, t)
        np.subtract(u_r, t, out=out)  # identity: δ_r = u_r − y
        return float(0.5 * (out * out).sum()), None  # E = ½ ‖y − u_r‖²

    def buffers_for(self, shape):
        """The ``Buffers`` for inputs of ``shape``, made on first use."""
        buf = self.buffers.get(shape)
        if buf is None:
            if len(self.buffers) >= self.MAX_SHAPES:
                self.buffers.clear()
            buf = Buffers(self.net.sizes, shape[:-1], self.net.dtype)
            self.buffers[shape] = buf
        return buf


def _eta(eta, optimizer):
    return eta if optimizer is None else optimizer.eta


class Buffers:
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
        η ∂E/∂W_k (with an optimiser: ∂E/∂W_k) before it is applied to W_k: views into
        ``grad_flat``.
    grad_flat : ndarray, 1-D
        Every grad[k], one after the other (so that one dot product of it with itself is
        ‖η ∂E/∂W‖²).
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
        self.grad_flat, self.grad = flat_arrays(
            [(sizes[k + 1], sizes[k] + 1) for k in range(r + 1)], dtype
        )
        self.rows = np.arange(lead[0]) if lead else None


def flat_arrays(shapes, dtype):
    """One zeroed 1-D array and its consecutive views of the given shapes.

    >>> flat, views = flat_arrays([(2, 3), (1, 2)], np.float64)
    >>> flat.shape, [v.shape for v in views], np.shares_memory(flat, views[1])
    ((8,), [(2, 3), (1, 2)], True)
    """
    sizes = [p * q for p, q in shapes]
    flat = np.zeros(sum(sizes), dtype)
    starts = np.cumsum([0, *sizes])
    views = [
        flat[s : s + size].reshape(shape)
        for s, size, shape in zip(starts, sizes, shapes, strict=False)
    ]
    return flat, views

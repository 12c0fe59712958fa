"""Backpropagation for one sample, written out layer by layer for the 「逆伝播を見る」 view.

``trace(net, x, target)`` recomputes, with the lecture's formulas and nothing
shared with ``Network.backward`` but the activation tables,

- the forward pass  z_0 = (1, xᵀ)ᵀ,  u_k = W_k z_k,  z_{k+1} = (1, f_k(u_k)ᵀ)ᵀ, the output
  f_r(u_r) (the lecture's y is the target, as in δ_r below);
- the output error  δ_r = f_r(W_r z_r) − y;
- the recursion     δ_k = W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k(W_k z_k),  k = r−1, ..., 0;
- the gradients     ∂E/∂W_k = δ_k z_kᵀ  (entry (l, j) is ∂E/∂w_{klj}, the edge j → l).

``stages(r)`` lists the steps the view walks through: the forward pass one layer
at a time (z_0, z_1, ..., z_r, then the output f_r(W_r z_r)), then δ_r, δ_{r−1}, ..., δ_0 backwards.
"""

from dataclasses import dataclass

import numpy as np

from lecnn.activations import ACTIVATIONS, DERIVATIVES
from lecnn.losses import LOSSES_FROM_LOGITS
from lecnn.playground.symbols import subscript as _sub
from lecnn.validation import value_error


@dataclass
class Trace:
    """Every number of one sample's forward and backward pass.

    Attributes
    ----------
    x : ndarray, shape (d,)
    target : ndarray, shape (m,)
        The target y (one-hot for softmax).
    z : list of ndarray, length r + 1
        z[k] = (1, z_kᵀ)ᵀ, shape (q_k + 1,).
    u : list of ndarray, length r + 1
        u[k] = W_k z_k, shape (q_{k+1},).
    y : ndarray, shape (m,)
        The output f_r(u_r).
    delta : list of ndarray, length r + 1
        delta[k] = δ_k = ∂E/∂u_k, shape (q_{k+1},).
    grads : list of ndarray, length r + 1
        grads[k] = ∂E/∂W_k = δ_k z_kᵀ, shape (q_{k+1}, q_k + 1).
    loss : float
        E for this sample.
    """

    x: np.ndarray
    target: np.ndarray
    z: list
    u: list
    y: np.ndarray
    delta: list
    grads: list
    loss: float

    @property
    def r(self):
        """Number of hidden layers."""
        return len(self.u) - 1


@dataclass(frozen=True)
class Stage:
    """One step of the view.

    Attributes
    ----------
    direction : {"forward", "backward"}
    k : int
        forward: layer k's values are known (k = r + 1 is the output y);
        backward: δ_k and ∂E/∂W_k are known.
    """

    direction: str
    k: int


def stages(r):
    """The view's steps for r hidden layers: forward k = 0..r+1, then backward k = r..0.

    Returns
    -------
    list of Stage, length 2r + 3
    """
    forward = [Stage("forward", k) for k in range(r + 2)]
    backward = [Stage("backward", k) for k in range(r, -1, -1)]
    return forward + backward


def trace(net, x, target):
    """One sample's forward pass, δ recursion and gradients, layer by layer.

    Parameters
    ----------
    net : lecnn.Network
    x : array_like, shape (d,)
    target : int or array_like of shape (m,)
        A class label (softmax output) or the target vector y.

    Returns
    -------
    Trace
    """
    W = net.weights
    x = np.asarray(x, dtype=W[0].dtype)
    if x.shape != (net.d,):
        raise value_error("trace_x", d=net.d, shape=x.shape)
    t = _target_vector(target, net.m, W[0].dtype)
    r = net.r
    z, u = [np.concatenate([[1.0], x])], []  # z_0 = (1, xᵀ)ᵀ
    for k in range(r + 1):
        u.append(W[k] @ z[k])  # u_k = W_k z_k
        if k < r:
            z.append(np.concatenate([[1.0], ACTIVATIONS[net.hidden[k]](u[k])]))
    with np.errstate(all="ignore"):
        y = ACTIVATIONS[net.output](u[r])  # y = f_r(W_r z_r)
        delta = [None] * (r + 1)
        delta[r] = y - t  # δ_r = f_r(W_r z_r) − y
        for k in range(r - 1, -1, -1):
            W_tilde = W[k + 1][:, 1:]  # W̃_{k+1}: W_{k+1} without its intercept column
            delta[k] = (W_tilde.T @ delta[k + 1]) * DERIVATIVES[net.hidden[k]](u[k])
        grads = [np.outer(delta[k], z[k]) for k in range(r + 1)]  # ∂E/∂W_k = δ_k z_kᵀ
        loss = float(LOSSES_FROM_LOGITS[net.output](u[r], t))
    return Trace(x=x, target=t, z=z, u=u, y=y, delta=delta, grads=grads, loss=loss)


def _target_vector(target, m, dtype):
    arr = np.asarray(target)
    if arr.ndim == 0:
        if arr.dtype.kind not in "iu" or not 0 <= int(arr) < m:
            raise value_error("trace_label", top=m - 1, value=target)
        t = np.zeros(m, dtype=dtype)
        t[int(arr)] = 1.0
        return t
    if arr.shape != (m,):
        raise value_error("trace_target", m=m, shape=arr.shape)
    return arr.astype(dtype)


def stage_text(stage, r):
    """What a stage computes, in the lecture's symbols (plain text with Unicode subscripts).

    Parameters
    ----------
    stage : Stage
    r : int

    Returns
    -------
    str
    """
    k = stage.k
    if stage.direction == "forward":
        if k == 0:
            return "順伝播: 入力 z₀ = (1, xᵀ)ᵀ"
        if k == r + 1:
            return f"順伝播: 出力 f{_sub(r)}(W{_sub(r)} z{_sub(r)})"
        return f"順伝播: z{_sub(k)} = f{_sub(k - 1)}(W{_sub(k - 1)} z{_sub(k - 1)})"
    if k == r:
        head = f"逆伝播: δ{_sub(r)} = f{_sub(r)}(W{_sub(r)} z{_sub(r)}) − y (y は正解)"
    else:
        head = f"逆伝播: δ{_sub(k)} = W̃{_sub(k + 1)}ᵀ δ{_sub(k + 1)} ⊙ ∇f{_sub(k)}(W{_sub(k)} z{_sub(k)})"
    return f"{head}、 ∂E/∂W{_sub(k)} = δ{_sub(k)} z{_sub(k)}ᵀ"

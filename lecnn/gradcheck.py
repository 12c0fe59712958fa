"""Numerical gradient check: backpropagation against central differences.

For every weight w, ∂E/∂w ≈ (E(w + ε) − E(w − ε)) / (2ε), with an error of
order ε². The relative error of layer k is

    ‖G_k − N_k‖ / (‖G_k‖ + ‖N_k‖)

(Frobenius norms; G_k from backpropagation, N_k from the differences). In
float64 with ε = 1e-6 a correct gradient gives about 1e-8 or less.
"""

from dataclasses import dataclass

import numpy as np


def numerical_gradients(net, x, y, eps=1e-6):
    """∂E/∂W_k for every k by central differences, one weight at a time.

    Runs on a float64 copy of ``net`` (so it checks the mathematics, not float32
    rounding); ``net`` itself is not changed.

    Parameters
    ----------
    net : lecnn.Network
    x : array_like, shape (d,) or (n, d)
    y : array_like, targets as for ``net.loss``
    eps : float
        Step ε.

    Returns
    -------
    list of ndarray, shapes of the W_k
    """
    probe = _float64_copy(net)
    grads = []
    for W in probe.weights:
        G = np.zeros_like(W)
        for idx in np.ndindex(W.shape):
            saved = W[idx]
            W[idx] = saved + eps
            e_plus = probe.loss(x, y)
            W[idx] = saved - eps
            e_minus = probe.loss(x, y)
            W[idx] = saved
            G[idx] = (e_plus - e_minus) / (2 * eps)  # central difference
        grads.append(G)
    return grads


def relative_error(a, b):
    """‖a − b‖ / (‖a‖ + ‖b‖), 0 when both are 0.

    Parameters
    ----------
    a, b : ndarray of the same shape

    Returns
    -------
    float
    """
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


@dataclass
class GradientCheck:
    """Per-layer result of ``gradient_check``; ``print(report)`` shows a table.

    Attributes
    ----------
    errors : list of float
        Relative error of each W_k.
    max_abs : list of float
        max |G_k − N_k| of each W_k.
    shapes : list of tuple
    eps : float
    tol : float
    """

    errors: list
    max_abs: list
    shapes: list
    eps: float
    tol: float
    atol: float = 1e-8

    def layer_ok(self, k):
        """Layer k passes: relative error < tol, or every entry within atol (tiny gradients)."""
        return self.errors[k] < self.tol or self.max_abs[k] < self.atol

    @property
    def ok(self):
        """True when every layer passes (see ``layer_ok``)."""
        return all(self.layer_ok(k) for k in range(len(self.errors)))

    def __str__(self):
        lines = [
            f"勾配チェック (gradient check): 誤差逆伝播法 vs 中心差分 (ε = {self.eps:g})",
            f"  {'':5} {'形 (shape)':>12}  {'相対誤差':>10}  判定 (< {self.tol:g})",
        ]
        for k, (shape, err) in enumerate(zip(self.shapes, self.errors, strict=True)):
            verdict = "OK" if self.layer_ok(k) else "NG"
            lines.append(f"  W_{k:<3} {str(shape):>12}  {_bound(err):>10}  {verdict}")
        return "\n".join(lines)


def _bound(err):
    """An upper bound 10^k on ``err`` (the smallest such k), stable across machines."""
    if err == 0:
        return "0"
    return f"< 1e{int(np.floor(np.log10(err))) + 1:+03d}"


def gradient_check(net, x, y, eps=1e-6, tol=1e-6, atol=1e-8):
    """Compare ``net.gradients(x, y)`` with central differences, layer by layer.

    Parameters
    ----------
    net : lecnn.Network
    x : array_like, shape (d,) or (n, d)
    y : array_like, targets as for ``net.loss``
    eps : float
    tol : float
        A layer passes when its relative error is below ``tol`` ...
    atol : float
        ... or when no entry differs by ``atol`` or more (for gradients so small that
        the differences' rounding, about 1e-16 / ε, dominates the relative error).

    Returns
    -------
    GradientCheck
    """
    probe = _float64_copy(net)
    backprop = probe.gradients(x, y)
    numeric = numerical_gradients(probe, x, y, eps)
    return GradientCheck(
        errors=[relative_error(g, n) for g, n in zip(backprop, numeric, strict=True)],
        max_abs=[float(np.max(np.abs(g - n))) for g, n in zip(backprop, numeric, strict=True)],
        shapes=[g.shape for g in backprop],
        eps=eps,
        tol=tol,
        atol=atol,
    )


def _float64_copy(net):
    from lecnn.network import Network

    probe = Network(net.sizes, net.hidden, net.output, seed=0, dtype=np.float64)
    probe.weights = [W.astype(np.float64) for W in net.weights]
    return probe

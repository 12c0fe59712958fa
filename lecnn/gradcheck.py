"""Numerical gradient check: backpropagation against central differences.

For every weight w, ∂E/∂w ≈ (E(w + ε) − E(w − ε)) / (2ε), with an error of
order ε². The relative error of layer k is

    ‖G_k − N_k‖ / (‖G_k‖ + ‖N_k‖)

(Frobenius norms; G_k from backpropagation, N_k from the differences). In
float64 with ε = 1e-6 a correct gradient gives about 1e-8 or less (up to 6e-8 on the
notebooks' deep networks, on every SIMD level measured); a wrong formula gives 1e-2 or
more. Results are printed with ``verdict`` against a fixed tolerance, 1e-5 by default,
because the last digits of an error change with the CPU.
"""

import numbers
from dataclasses import dataclass

import numpy as np

from lecnn.network import Network
from lecnn.validation import (
    as_real_array,
    check_eps,
    check_positive,
    check_real,
    type_error,
    value_error,
)


def numerical_gradient(E, v, eps=1e-6):
    """∂E/∂v by central differences (E(v + ε) − E(v − ε)) / 2ε, one entry of v at a time.

    Parameters
    ----------
    E : callable
        E(v) -> float, or an array of shape s (then the result is a Jacobian).
    v : ndarray, any shape p
        The point; it is not changed.
    eps : float
        Step ε, in ``lecnn.validation.EPS_RANGE`` (1e-10 to 1).

    Returns
    -------
    ndarray, shape s + p (p when E is a scalar): entry [..., idx] is ∂E[...]/∂v[idx]
    """
    eps = check_eps(eps)
    v = np.array(as_real_array(v, "v"), dtype=np.float64)  # a private copy, perturbed below
    if v.size == 0:
        raise value_error("point_empty", shape=v.shape)
    columns = []
    for idx in np.ndindex(v.shape):
        saved = v[idx]
        v[idx] = saved + eps
        e_plus = as_real_array(E(v), "E(v)", dtype=np.float64)
        v[idx] = saved - eps
        e_minus = as_real_array(E(v), "E(v)", dtype=np.float64)
        v[idx] = saved
        columns.append((e_plus - e_minus) / (2 * eps))  # central difference
    return np.stack(columns, axis=-1).reshape(columns[0].shape + v.shape)


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
    eps = check_eps(eps)
    probe = _float64_copy(net)

    def loss_at(k):
        def E(W_k):
            probe.weights[k][...] = W_k
            return probe.loss(x, y)

        return E

    grads = []
    for k, W in enumerate(probe.weights):
        saved = W.copy()
        grads.append(numerical_gradient(loss_at(k), saved, eps))
        W[...] = saved
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
    a, b = as_real_array(a, "a", finite=False), as_real_array(b, "b", finite=False)
    if a.shape != b.shape:  # broadcasting would compare other numbers than the caller meant
        raise value_error("shapes_differ", a=a.shape, b=b.shape)
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
            f"勾配チェック (gradient check): 誤差逆伝播法と中心差分 (ε = {self.eps:g})",
            f"  {'':5} {'形 (shape)':>12}  相対誤差 (許容 < {_number(self.tol)})",
        ]
        for k, (shape, err) in enumerate(zip(self.shapes, self.errors, strict=True)):
            if err >= self.tol and self.max_abs[k] < self.atol:  # passes by atol
                result = "最大絶対差 " + verdict(self.max_abs[k], self.atol)
            else:
                result = verdict(err, self.tol)
            lines.append(f"  W_{k:<3} {str(shape):>12}  {result}")
        return "\n".join(lines)


def verdict(err, tol):
    """An error judged against a fixed tolerance, as text that reads the same on every machine.

    ``"< 1e-05 ✔"`` when ``err < tol``; otherwise the error itself,
    ``"3.2e-03 ✘ (許容 < 1e-05)"``. The last digits of an error depend on the CPU
    (BLAS kernel, SIMD loops), so a passing check prints only the tolerance it is
    below. Choose ``tol`` far above the errors a correct formula gives and far
    below those of a wrong one.

    Parameters
    ----------
    err : float
        A relative error or a largest absolute difference, >= 0 (NaN fails).
    tol : float, > 0

    Returns
    -------
    str
    """
    if isinstance(err, (bool, np.bool_)) or not isinstance(err, numbers.Real):
        raise type_error("error_type", value=err)
    err, tol = float(err), check_positive("tol", tol)
    if err < 0:
        raise value_error("error_negative", value=err)
    if err < tol:
        return f"< {_number(tol)} ✔"
    return f"{err:.1e} ✘ (許容 < {_number(tol)})"


def _number(x):
    """1e-05, 2.5e-07: the shortest scientific form of x."""
    return np.format_float_scientific(x, trim="-", exp_digits=2)


def gradient_check(net, x, y, eps=1e-6, tol=1e-5, atol=1e-8):
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
    eps = check_eps(eps)
    tol, atol = check_positive("tol", tol), check_real("atol", atol, 0)
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
    if not isinstance(net, Network):
        raise type_error("not_network", what="net", kind=type(net).__name__)
    probe = Network(net.sizes, net.hidden, net.output, seed=0, dtype=np.float64)
    probe.weights = [W.astype(np.float64) for W in net.weights]
    return probe

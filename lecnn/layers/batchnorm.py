"""``BatchNorm``: batch normalization as a layer (beyond the lecture)."""

import numpy as np

from lecnn.layers.base import Layer, _check_gradient, _forward_first
from lecnn.validation import (
    as_real_array,
    check_dtype,
    check_int,
    check_memory,
    check_positive,
    check_real,
    value_error,
)


class BatchNorm(Layer):
    """Batch normalization of each of q units over the rows (samples) of a batch.

    In training, with μ_B and σ_B² the mean and the (biased, divide-by-n) variance of each
    column of the batch x (shape (n, q)),

        x̂ = (x − μ_B) / √(σ_B² + ε),    o = γ ⊙ x̂ + β    (per unit l: o_l = β_l + γ_l x̂_l).

    The parameters of unit l are one row (β_l, γ_l) of ``W``, shape (q, 2), intercept in
    column 0 as in W_k: the layer is a per-unit affine map of x̂, so an optimiser and its
    weight decay treat it as they treat W_k (γ is decayed, β is not). backward gives
    ``dW`` = ∂E/∂W (a batch: the mean over its rows, as ``Affine``) and returns ∂E/∂x
    through both paths by which x_i reaches o: directly, and through μ_B and σ_B², which
    every sample of the batch shares:

        ∂E/∂x = γ/√(σ_B² + ε) ⊙ (g − mean(g) − x̂ ⊙ mean(g ⊙ x̂)),    g = ∂E/∂o,

    the means taken over the rows. It is linear in g, so rows scaled as lecnn's δ are
    (row i sample i's own gradient) come back scaled the same way.

    Every training forward also moves the running averages the evaluation uses:
    μ_run ← (1 − m) μ_run + m μ_B, σ²_run ← (1 − m) σ²_run + m σ_B² n/(n − 1) (the unbiased
    variance there, as ``torch.nn.BatchNorm1d``); in evaluation x̂ = (x − μ_run)/√(σ²_run + ε),
    a fixed affine map of each unit, so a prediction does not depend on the rest of its batch.

    Parameters
    ----------
    q : int
        Number of units (columns of x).
    eps : float > 0
        ε, which keeps the division finite for a unit of variance 0.
    momentum : float in [0, 1]
        m, the weight of the newest batch in the running averages.
    dtype : np.float64 (default) or np.float32

    Attributes
    ----------
    W : ndarray, shape (q, 2)
        (β | γ), starting at β = 0, γ = 1 (``beta`` and ``gamma`` are views of its columns).
    dW : ndarray, shape (q, 2)
        (∂E/∂β | ∂E/∂γ), set by ``backward``.
    running_mean, running_var : ndarray, shape (q,)
        μ_run (starts at 0) and σ²_run (starts at 1).
    training : bool
        True (the default) normalizes with the batch's own μ_B and σ_B²; ``eval()`` uses the
        running averages, ``train()`` switches back.
    """

    def __init__(self, q, eps=1e-5, momentum=0.1, dtype=np.float64):
        q = check_int("q", q, minimum=1)
        check_memory(
            32 * q, "BatchNorm の γ, β と移動平均", "BatchNorm's γ, β and running averages"
        )
        self.eps = check_positive("BatchNorm eps", eps)  # not the finite-difference ε of NAMES
        self.momentum = check_real("momentum", momentum, 0, 1)
        dtype = check_dtype(dtype)
        self.W = np.zeros((q, 2), dtype=dtype)
        self.W[:, 1] = 1.0  # γ = 1, β = 0: o = x̂ at the start
        self.dW = None
        self.running_mean = np.zeros(q, dtype=dtype)
        self.running_var = np.ones(q, dtype=dtype)
        self.x_hat = self.inv_std = None

    @property
    def q(self):
        """The number of units."""
        return self.W.shape[0]

    @property
    def beta(self):
        """β, column 0 of ``W`` (a view)."""
        return self.W[:, 0]

    @property
    def gamma(self):
        """γ, column 1 of ``W`` (a view)."""
        return self.W[:, 1]

    def forward(self, x):
        """o = γ ⊙ x̂ + β for x of shape (n, q); in training n ≥ 2."""
        x = as_real_array(x, "x").astype(self.W.dtype, copy=False)
        if x.ndim != 2 or x.shape[1] != self.q or (self.training and x.shape[0] < 2):
            raise value_error("batchnorm_shape", q=self.q, shape=x.shape)
        if self.training:
            mean, var = x.mean(axis=0), x.var(axis=0)  # μ_B, σ_B² (divide by n)
            n, m = x.shape[0], self.momentum
            self.running_mean *= 1 - m
            self.running_mean += m * mean
            self.running_var *= 1 - m
            self.running_var += m * var * (n / (n - 1))  # the unbiased variance, as PyTorch
        else:
            mean, var = self.running_mean, self.running_var
        self.inv_std = 1 / np.sqrt(var + self.eps)  # 1/√(σ_B² + ε), or of σ²_run in evaluation
        self.x_hat = (x - mean) * self.inv_std
        return self.x_hat * self.gamma + self.beta

    def backward(self, grad):
        """Store ∂E/∂(β | γ) in ``dW`` and return ∂E/∂x; grad = ∂E/∂o, shape (n, q)."""
        if self.x_hat is None:
            raise _forward_first(self, "x̂")
        g = _check_gradient(grad, "grad", "o", self.x_hat.shape)
        self.dW = np.stack([g.mean(axis=0), (g * self.x_hat).mean(axis=0)], axis=1)
        scale = self.gamma * self.inv_std
        if not self.training:  # μ_run, σ²_run are constants: only the direct path
            return g * scale
        # the direct path, minus what flows back through μ_B and through σ_B²
        return scale * (g - g.mean(axis=0) - self.x_hat * (g * self.x_hat).mean(axis=0))

    def __repr__(self):
        return f"BatchNorm(q={self.q})"

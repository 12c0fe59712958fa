"""``Dropout``: inverted dropout as a layer (beyond the lecture)."""

import numpy as np

from lecnn.layers.base import Layer, _check_gradient, _forward_first
from lecnn.validation import as_real_array, check_real, value_error


class Dropout(Layer):
    """Inverted dropout: in training each value is kept with probability 1 − p, or set to 0.

    forward multiplies z by a random mask D with entries 1/(1 − p) (kept) or 0 (dropped),
    drawn afresh at every call; dividing by 1 − p keeps the mean of every value as it was,
    so that in evaluation the layer is simply the identity. backward multiplies the
    gradient by the same mask: ∂E/∂z = D ⊙ ∂E/∂o for the output o = D ⊙ z; nothing flows
    through a dropped unit. Placed after an activation layer, it drops hidden units of z_{k+1}.

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
        D of the last forward in training (None in evaluation).
    """

    def __init__(self, p=0.5, seed=None):
        p = check_real("p", p, 0)
        if p >= 1:
            raise value_error("below_one", name="p", value=p)
        self.p = p
        self.rng = np.random.default_rng(seed)
        self.mask = None
        self._shape = None

    def forward(self, z):
        """o = D ⊙ z in training, z in evaluation; z of any shape."""
        z = as_real_array(z, "z")
        self._shape = z.shape
        if not self.training:
            self.mask = None
            return z
        dtype = z.dtype if z.dtype.kind == "f" else np.dtype(np.float64)
        keep = self.rng.random(z.shape) >= self.p
        self.mask = keep.astype(dtype) / dtype.type(1 - self.p)  # 1/(1 − p) or 0
        return z * self.mask

    def backward(self, grad):
        """D ⊙ grad (evaluation: grad); grad of the last forward's input shape."""
        if self._shape is None:
            raise _forward_first(self, "input shape")
        grad = _check_gradient(grad, "grad", "the last forward's input", self._shape)
        return grad if self.mask is None else grad * self.mask

    def __repr__(self):
        return f"Dropout(p={self.p:g})"

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

Modules: ``base`` (the layers), ``stack`` (``Sequential``, ``from_network``), ``dropout``
(``Dropout``) and ``batchnorm`` (``BatchNorm``), both beyond the lecture; every name is
``lecnn.layers.<name>``.
"""

from lecnn.layers.base import (
    HIDDEN_LAYERS,
    OUTPUT_LAYERS,
    Activation,
    Affine,
    Identity,
    IdentitySquaredError,
    Layer,
    OutputLoss,
    ReLU,
    Sigmoid,
    SigmoidBinaryCrossEntropy,
    SoftmaxCrossEntropy,
    Tanh,
)
from lecnn.layers.batchnorm import BatchNorm
from lecnn.layers.dropout import Dropout
from lecnn.layers.stack import Sequential, from_network

__all__ = [
    "HIDDEN_LAYERS",
    "OUTPUT_LAYERS",
    "Activation",
    "Affine",
    "BatchNorm",
    "Dropout",
    "Identity",
    "IdentitySquaredError",
    "Layer",
    "OutputLoss",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "SigmoidBinaryCrossEntropy",
    "SoftmaxCrossEntropy",
    "Tanh",
    "from_network",
]

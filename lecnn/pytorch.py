"""A lecnn Network as a PyTorch model with the same weights, and back.

``torch.nn.Linear(q_k, q_{k+1})`` computes u = A x + b with A of shape
(q_{k+1}, q_k): A is W̃_k (W_k without its intercept column) and b is column 0
of W_k. PyTorch is optional (the ``torch`` extra; on Linux install PyTorch's CPU
build first, or pip brings several GB of CUDA libraries); it is imported only when
one of these functions is called.
"""

import numpy as np

from lecnn.activations import REGISTRY
from lecnn.network import Network
from lecnn.validation import message, type_error, value_error


def import_torch():
    """The ``torch`` module; if PyTorch is not installed, an ImportError that says how to
    install its CPU build (notebooks 10 and 11 and the check of 10 say it with this one)."""
    try:
        import torch
    except ImportError:
        raise ImportError(message("torch_missing")) from None
    return torch


def to_torch(net, device="cpu"):
    """``torch.nn.Sequential`` of Linear and activation modules with the weights of ``net``.

    Parameters
    ----------
    net : lecnn.Network
    device : str or torch.device

    Returns
    -------
    torch.nn.Sequential
        Linear(q_0, q_1), f_0, ..., Linear(q_r, m): it outputs the logits u_r = W_r z_r
        (the output activation f_r belongs to the loss, e.g. ``torch.nn.CrossEntropyLoss``),
        in the network's dtype.
    """
    if not isinstance(net, Network):
        raise type_error("not_network", what="to_torch", kind=type(net).__name__)
    torch = import_torch()
    try:  # a GPU this machine lacks fails here, not in the first Linear
        torch.empty(0, device=device)
    except (RuntimeError, AssertionError, TypeError, ValueError) as err:
        raise value_error("torch_device", value=device, error=err) from None
    dtype = torch.float64 if net.dtype == np.float64 else torch.float32
    modules = []
    for k, W in enumerate(net.weights):
        q_next, q = W.shape[0], W.shape[1] - 1
        linear = torch.nn.Linear(q, q_next, dtype=dtype, device=device)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W[:, 1:]))  # W̃_k
            linear.bias.copy_(torch.from_numpy(W[:, 0]))  # column 0: the intercepts
        modules.append(linear)
        if k < net.r:
            modules.append(getattr(torch.nn, REGISTRY[net.hidden[k]].torch_name)())
    return torch.nn.Sequential(*modules)


def weights_from_torch(model, grad=False):
    """[W_0, ..., W_r] (or their gradients) from the Linear modules of a model, in lecnn's layout.

    Parameters
    ----------
    model : torch.nn.Module
        Its Linear modules in order are the layers k = 0..r.
    grad : bool
        If True, the ``.grad`` of each weight and bias: [∂E/∂W_0, ..., ∂E/∂W_r].

    Returns
    -------
    list of ndarray, entry k of shape (q_{k+1}, q_k + 1): column 0 from the bias
    """
    torch = import_torch()
    if not isinstance(model, torch.nn.Module):
        raise type_error("not_module", kind=type(model).__name__)
    linears = [mod for mod in model.modules() if isinstance(mod, torch.nn.Linear)]
    if not linears:
        raise value_error("no_linear")
    for k, linear in enumerate(linears):
        if linear.bias is None:
            raise value_error("no_bias", k=k)
    result = []
    for linear in linears:
        weight, bias = (
            (linear.weight.grad, linear.bias.grad) if grad else (linear.weight, linear.bias)
        )
        if weight is None or bias is None:
            raise value_error("no_grad")
        both = torch.cat([bias.detach()[:, None], weight.detach()], dim=1)
        result.append(both.cpu().numpy())
    return result

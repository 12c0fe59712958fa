"""Random networks, inputs and targets for the checks (and the tests, through conftest.py).

Every draw comes from the generator passed in: a check passes a fresh one
(``runner.fresh_rng``), so its cases differ from run to run; a test may pass a
seeded one to repeat a case.

>>> rng = np.random.default_rng(0)
>>> net = random_network(rng, [3, 4, 2], "tanh", "softmax")
>>> X, labels = random_data(rng, net, n=5, labels=True)
>>> X.shape, labels.shape, random_targets(rng, "softmax", 2, n=5).shape
((5, 3), (5,), (5, 2))
"""

import numpy as np

from lecnn.network import Network


def random_network(rng, sizes, hidden, output, output_scale=1.0):
    """A Network of ``sizes`` [d, q_1, ..., q_r, m] whose W_k (intercepts included) are
    N(0, 1/(q_k + 1)), so its outputs are of unit order; ``output_scale`` multiplies W_r
    (large logits when it is large)."""
    net = Network(sizes, hidden=hidden, output=output, seed=0)
    weights = [rng.normal(size=W.shape) / np.sqrt(W.shape[1]) for W in net.weights]
    weights[-1] *= output_scale
    net.weights = weights
    return net


def random_targets(rng, output, m, n=None, labels=False):
    """Targets for ``output``: one-hot rows (softmax; with ``labels``, integer classes), 0/1
    (sigmoid) or real (identity); of shape (m,) for one sample (n None), else (n, m)."""
    lead = () if n is None else (n,)
    if output == "softmax":
        classes = rng.integers(m, size=lead)
        return classes if labels else np.eye(m)[classes]
    if output == "sigmoid":
        return rng.integers(0, 2, size=lead + (m,)).astype(float)
    return rng.normal(size=lead + (m,))


def random_data(rng, net, n=None, labels=False):
    """Inputs x of shape (d,) (n None) or (n, d), and targets for ``net.output``."""
    x = rng.normal(size=(net.d,) if n is None else (n, net.d))
    return x, random_targets(rng, net.output, net.m, n, labels)


def network_case(rng, sizes, hidden, output, n=None, output_scale=1.0):
    """A random network, an input x, targets y and its BackwardPass: (net, x, y, bp).

    With ``output_scale > 1`` and a softmax output the targets are a class the network
    does not predict: f_r saturates at 0 and 1, and f_r − y stays large.
    """
    net = random_network(rng, sizes, hidden, output, output_scale)
    x, y = random_data(rng, net, n)
    if output == "softmax" and output_scale > 1:
        m = sizes[-1]
        wrong = (np.argmax(net.forward(x), axis=-1) + rng.integers(1, m, size=y.shape[:-1])) % m
        y = np.eye(m)[wrong]
    return net, x, y, net.backward(x, y)

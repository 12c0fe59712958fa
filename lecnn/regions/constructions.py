"""ReLU networks with hand-set or random weights, whose linear regions the lecture counts.

The sawtooth of depth r with 2 units a layer has 2^r pieces; a single hidden layer needs 2^r
units for the same function; the folding network reaches the lecture's bound for d = 1; random
weights with random intercepts give the typical case.
"""

import numpy as np

from lecnn.network import Network
from lecnn.validation import (
    check_int,
    check_network_memory,
    check_positive,
    check_seed,
    check_sizes,
)
from lecnn.validation.network import MAX_LAYERS


def _fits(sizes):
    """Refuse, before any weight is built, sizes that Network would refuse (too many layers,
    weights that do not fit in memory)."""
    check_network_memory(check_sizes(sizes), np.float64)


def _with_weights(sizes, weights, output="identity"):
    net = Network(sizes, hidden="relu", output=output, seed=0)
    net.weights = weights
    return net


def _tent_rows(d):
    """The rows that fold each of d coordinates t_i ∈ [0, 1] with two units.

    Units 2i and 2i+1 compute relu(t_i) and relu(t_i - 1/2); the tent map
    T(t) = 2 relu(t) - 4 relu(t - 1/2) folds [0, 1] onto itself.
    Returns the intercepts (2d,) and the matrix (2d, d) acting on t.
    """
    intercepts = np.tile([0.0, -0.5], d)
    slopes = np.kron(np.eye(d), [[1.0], [1.0]])
    return intercepts, slopes


def sawtooth_network(r, d=1):
    """The sawtooth T^r: r ReLU layers of 2 units (per input), each folding [0, 1] once.

    The tent map T(t) = 2t (t ≤ 1/2), 2 - 2t (t > 1/2) is 2 relu(t) - 4 relu(t - 1/2):
    two ReLU units and a weighted sum. Each hidden layer computes the two units of
    the previous layer's T, so the output is T(T(...T(x))) = T^r(x), which has 2^r
    linear pieces on [0, 1] with 2r units. With d > 1 inputs every coordinate is
    folded by its own 2 units (width 2d), and the output is Σ_i T^r(x_i), with
    2^{rd} pieces (squares for d = 2) on [0, 1]^d.

    Parameters
    ----------
    r : int
        Number of hidden layers, r ≥ 1.
    d : int, default 1
        Input dimension.

    Returns
    -------
    Network
        sizes [d, 2d, ..., 2d, 1], ReLU hidden layers, identity output.
    """
    r = check_int("r", r, 1)
    d = check_int("d", d, 1)
    _fits([d] + [2 * d] * min(r, MAX_LAYERS + 1) + [1])
    c, S = _tent_rows(d)
    fold = np.kron(np.eye(d), [[2.0, -4.0]])  # (d, 2d): T(t_i) = 2 z_{2i} - 4 z_{2i+1}
    first = np.column_stack([c, S])  # W_0: relu(x_i), relu(x_i - 1/2)
    middle = np.column_stack([c, S @ fold])  # W_k: the same units of t_i = T(previous t_i)
    last = np.column_stack([[0.0], np.ones((1, d)) @ fold])  # W_r: y = Σ_i T(t_i)
    weights = [first] + [middle] * (r - 1) + [last]
    return _with_weights([d] + [2 * d] * r + [1], weights)


def folding_network(q, r):
    """A net with d = 1 and r hidden layers of width q reaching the bound q^{r-1}(q + 1) on [0, 1].

    Layers 1..r-1 each fold [0, 1] onto itself q times with units relu(t - j/q),
    j = 0..q-1 (the map g(t) = q z_0 - 2q z_1 + 2q z_2 - ... zigzags up and down);
    after r-1 of them the line is folded into q^{r-1} copies of [0, 1]. The last hidden
    layer puts q breakpoints into each copy, at t = j/(q+1), j = 1..q (the first unit
    turned round, relu(1/(q+1) - t), so that every piece of the output has its own
    slope), giving q^{r-1}(q + 1) pieces: the construction behind ``region_bound``
    for d = 1.

    Parameters
    ----------
    q : int
        Width of every hidden layer, q ≥ 1.
    r : int
        Number of hidden layers, r ≥ 1.

    Returns
    -------
    Network
        sizes [1, q, ..., q, 1], ReLU hidden layers, identity output.
    """
    q = check_int("q", q, 1)
    r = check_int("r", r, 1)
    _fits([1] + [q] * min(r, MAX_LAYERS + 1) + [1])
    fold = np.array([float(q)] + [2.0 * q * (-1) ** j for j in range(1, q)])  # g = fold · z
    fold_intercepts = -np.arange(q) / q  # relu(t - j/q)
    breaks = np.arange(1, q + 1) / (q + 1)  # the last layer's breakpoints j/(q+1)
    turn = np.ones(q)
    turn[0] = -1.0  # unit 0: relu(-(t - 1/(q+1)))
    # column 0: intercepts; columns 1..: weights on the previous layer's z
    weights = []
    for k in range(r):
        last_hidden = k == r - 1
        slope = turn if last_hidden else np.ones(q)
        intercept = -breaks * turn if last_hidden else fold_intercepts
        if k == 0:  # from x itself: t = x
            weights.append(np.column_stack([intercept, slope]))
        else:  # from the previous layer: t = g(z) = fold · z
            weights.append(np.column_stack([intercept, np.outer(slope, fold)]))
    weights.append(np.concatenate([[0.0], np.ones(q)])[None, :])  # y = Σ_j z_j
    return _with_weights([1] + [q] * r + [1], weights)


def shallow_sawtooth_network(r):
    """One hidden layer of 2^r ReLU units computing the same T^r(x) on [0, 1].

    T^r is linear between the points k / 2^r with slopes +2^r, -2^r, +2^r, ...; a
    single hidden layer gives one unit per slope change:
    T^r(x) = 2^r relu(x) + Σ_{k=1}^{2^r - 1} (-1)^k 2^{r+1} relu(x - k/2^r).
    One hidden layer of q units has at most q + 1 pieces on a line, so fewer than
    2^r - 1 units cannot do it.

    Parameters
    ----------
    r : int
        The depth of the sawtooth it imitates, r ≥ 1.

    Returns
    -------
    Network
        sizes [1, 2^r, 1], ReLU hidden layer, identity output.
    """
    r = check_int("r", r, 1, 62)  # 2^r units must be an array size (NumPy's is int64)
    _fits([1, 2**r, 1])
    n = 2**r
    k = np.arange(n)
    W_0 = np.column_stack([-k / n, np.ones(n)])  # relu(x - k/2^r), k = 0..2^r - 1
    v = np.where(k % 2 == 1, -(2.0 ** (r + 1)), 2.0 ** (r + 1))
    v[0] = 2.0**r  # the first slope; then each unit flips it
    W_1 = np.concatenate([[0.0], v])[None, :]
    return _with_weights([1, n, 1], [W_0, W_1])


def random_relu_network(sizes, seed=0, intercept_scale=1.0):
    """A ReLU network with random weights and random intercepts, for counting regions.

    ``Network`` starts every intercept at 0, which makes all the hyperplanes u = 0
    pass through the origin (in 1-D: every breakpoint at x = 0). Here W̃_k keeps
    the network's He initialisation (standard deviation sqrt(2 / q_k)) and the
    intercepts (column 0) are drawn from N(0, intercept_scale²).

    Parameters
    ----------
    sizes : sequence of int
        [d, q_1, ..., q_r, m].
    seed : int
    intercept_scale : float
        Standard deviation of the intercepts, > 0.

    Returns
    -------
    Network
        ReLU hidden layers, identity output.
    """
    intercept_scale = check_positive("intercept_scale", intercept_scale)
    seed = check_seed(seed, allow_none=False)
    net = Network(sizes, hidden="relu", output="identity", seed=seed)
    rng = np.random.default_rng([seed, 1])  # a stream apart from the one of W̃_k
    weights = [W.copy() for W in net.weights]
    for W in weights:
        W[:, 0] = rng.normal(scale=intercept_scale, size=W.shape[0])
    net.weights = weights
    return net

"""Linear regions of ReLU networks: why depth helps (第3回 「なぜ層を深くするのか?」).

With ReLU hidden layers, f_k(u) = max{0, u}, each hidden unit is either off (u ≤ 0)
or on (u > 0). The list of on/off states of every hidden unit is the *activation
pattern* of an input x. On a set of inputs with one pattern every z_k is an affine
function of x, and so is the output u_r = W_r z_r: the network is piecewise linear,
and its pieces (linear regions, 線形領域) are the sets where the pattern is constant.
The number of such regions measures how complicated a function the network can be.

What this module offers:

- ``breakpoints_1d`` / ``count_regions_1d``: the exact pieces along a line, found
  layer by layer (on each piece z_k is affine in x, so every u_{kl} = w_{kl}ᵀ z_k is
  too, and its sign change is one division away);
- ``count_regions_2d``: distinct activation patterns on a grid of a 2-D input: a
  lower estimate of the number of regions in the rectangle;
- ``region_bound``: the lecture's lower bound on the largest number of regions a
  network of r hidden layers of width q ≥ d can have (Montúfar et al. 2014);
- ``sawtooth_network``, ``folding_network``, ``shallow_sawtooth_network``: networks
  with hand-set weights: the sawtooth of depth r with 2 units a layer has 2^r pieces,
  a single hidden layer needs 2^r units for the same function.

Regions are counted for the output before f_r (u_r = W_r z_r), so any output
activation will do; every hidden activation must be ReLU.

Reference: G. Montúfar, R. Pascanu, K. Cho, Y. Bengio, "On the Number of Linear
Regions of Deep Neural Networks", NIPS 2014 (arXiv:1402.1869): the right-hand side of the
lecture's bound. Its left-hand side has the form of R. Pascanu, G. Montúfar, Y. Bengio, "On the
number of response regions of deep feed forward networks with piece-wise linear activations",
ICLR 2014 (arXiv:1312.6098).
"""

import math
import numbers

import numpy as np

from lecnn.network import Network
from lecnn.validation import check_int

__all__ = [
    "activation_patterns",
    "breakpoints_1d",
    "count_regions_1d",
    "count_regions_2d",
    "folding_network",
    "max_regions_shallow",
    "random_relu_network",
    "region_bound",
    "region_map_2d",
    "sawtooth_network",
    "shallow_sawtooth_network",
]


# ---------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------


def _check_relu_network(net, d=None):
    """Raise unless ``net`` is a Network whose hidden activations are all ReLU (and d matches)."""
    if not isinstance(net, Network):
        raise TypeError(f"net must be a lecnn.Network; got {type(net).__name__}")
    not_relu = [k for k, name in enumerate(net.hidden) if name != "relu"]
    if not_relu:
        raise ValueError(
            "linear regions are defined here for ReLU hidden layers only; "
            f"f_{not_relu[0]} is {net.hidden[not_relu[0]]!r} (hidden={list(net.hidden)})"
        )
    if d is not None and net.d != d:
        raise ValueError(f"this function needs an input width d = {d}; the network has d = {net.d}")
    return net


def _check_interval(low, high):
    for name, value in (("low", low), ("high", high)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{name} must be a real number; got {value!r}")
    low, high = float(low), float(high)
    if np.isnan(low) or np.isnan(high) or not low < high:
        raise ValueError(f"expected low < high (infinite ends allowed); got low={low}, high={high}")
    return low, high


def _check_limits(limits):
    """((low_1, high_1), (low_2, high_2)) from that or from one pair (low, high) for both axes."""
    try:
        limits = np.asarray(limits, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"limits must be (low, high) or ((low_1, high_1), (low_2, high_2)); got {limits!r}"
        ) from None
    if limits.shape == (2,):
        limits = np.array([limits, limits])
    if limits.shape != (2, 2):
        raise ValueError(
            "limits must be (low, high) or ((low_1, high_1), (low_2, high_2)); "
            f"got an array of shape {limits.shape}"
        )
    if not np.all(np.isfinite(limits)) or not np.all(limits[:, 0] < limits[:, 1]):
        raise ValueError(
            f"limits must be finite with low < high on each axis; got {limits.tolist()}"
        )
    return limits


# ---------------------------------------------------------------------------
# Activation patterns
# ---------------------------------------------------------------------------


def activation_patterns(net, X):
    """The on/off state of every hidden unit: u_{kl} > 0, for k = 0..r-1.

    Parameters
    ----------
    net : Network
        ReLU hidden layers.
    X : array_like, shape (n, d)

    Returns
    -------
    ndarray of bool, shape (n, q_1 + ... + q_r)
        Row i: the pattern of X[i], layer 1's units first.
    """
    _check_relu_network(net)
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != net.d:
        raise ValueError(f"X must have shape (n, d) = (n, {net.d}); got {X.shape}")
    u = net.forward_pass(X).u[:-1]  # u_0, ..., u_{r-1}: the hidden pre-activations
    if not u:
        return np.zeros((X.shape[0], 0), dtype=bool)
    return np.concatenate([u_k > 0 for u_k in u], axis=1)


# ---------------------------------------------------------------------------
# Exact pieces along a line (d = 1)
# ---------------------------------------------------------------------------


def _inside(points, low, high):
    """Points strictly inside (low, high), by more than a relative tolerance of 1e-12 at finite ends."""
    with np.errstate(invalid="ignore"):
        above = np.where(
            np.isfinite(low), points > low + 1e-12 * np.maximum(1.0, np.abs(low)), True
        )
        below = np.where(
            np.isfinite(high), points < high - 1e-12 * np.maximum(1.0, np.abs(high)), True
        )
    return above & below & ~np.isnan(points)


def _sample_points(edges):
    """One point inside each interval [edges[i], edges[i+1]] (the ends may be infinite)."""
    low, high = edges[:-1], edges[1:]
    finite_low, finite_high = np.isfinite(low), np.isfinite(high)
    both = finite_low & finite_high
    point = np.zeros(low.shape)  # (-inf, inf): 0
    point[both] = (low[both] + high[both]) / 2
    point[finite_high & ~finite_low] = high[finite_high & ~finite_low] - 1.0
    point[finite_low & ~finite_high] = low[finite_low & ~finite_high] + 1.0
    return point


def _unique_sorted(points):
    """Sorted points with neighbours closer than the tolerance of ``_inside`` merged."""
    points = np.sort(points)
    if points.size == 0:
        return points
    gap = np.diff(points) > 1e-12 * np.maximum(1.0, np.abs(points[1:]))
    return points[np.concatenate([[True], gap])]


def _pieces_1d(net, low, high):
    """Interval edges and, on each interval, the output slope a and intercept b (u_r = a x + b).

    Layer by layer: on every current interval z_k = A x + B (A, B: one row per
    interval), so u_k = W_k z_k = (W̃_k A) x + (W̃_k B + w_k0) is affine; each unit
    whose u_{kl} changes sign inside the interval splits it there, at x = -b/a.
    """
    edges = np.array([low, high])
    A = np.ones((1, 1))  # z_0 = x: slope 1 ...
    B = np.zeros((1, 1))  # ... intercept 0, on the single interval [low, high]
    for k, W in enumerate(net.weights):
        a = A @ W[:, 1:].T  # slopes of u_k on each interval, shape (n_intervals, q_{k+1})
        b = B @ W[:, 1:].T + W[:, 0]  # intercepts of u_k
        if k == net.r:  # u_r: the output before f_r
            return edges, a, b
        with np.errstate(divide="ignore", invalid="ignore"):
            roots = np.where(a != 0, -b / a, np.nan) + 0.0  # + 0.0: no -0.0
        parent_low, parent_high = edges[:-1, None], edges[1:, None]
        new = roots[_inside(roots, parent_low, parent_high)]
        inner = _unique_sorted(np.concatenate([edges[1:-1], new]))
        edges = np.concatenate([edges[:1], inner, edges[-1:]])
        x = _sample_points(edges)
        parent = np.searchsorted(parent_high[:, 0], x)  # the old interval holding each new one
        x = x[:, None]
        on = a[parent] * x + b[parent] > 0  # the pattern of layer k+1 on each new interval
        A, B = a[parent] * on, b[parent] * on  # z_{k+1} = f_k(u_k) = u_k where on, 0 where off
    raise AssertionError("unreachable")  # pragma: no cover


def breakpoints_1d(net, low=-np.inf, high=np.inf):
    """The exact points in (low, high) where the activation pattern changes (d = 1).

    Parameters
    ----------
    net : Network
        Input width d = 1, ReLU hidden layers.
    low, high : float
        The interval; infinite ends count over the whole line.

    Returns
    -------
    ndarray, shape (n_breakpoints,)
        Sorted; the output u_r is affine between two neighbours. Points closer than
        a relative 1e-12 count as one.
    """
    _check_relu_network(net, d=1)
    low, high = _check_interval(low, high)
    edges, _, _ = _pieces_1d(net, low, high)
    return edges[1:-1]


def count_regions_1d(net, low=-np.inf, high=np.inf, merge=False):
    """Number of linear pieces of a ReLU network with d = 1 on [low, high], exactly.

    Parameters
    ----------
    net : Network
        Input width d = 1, ReLU hidden layers.
    low, high : float
        The interval; the default is the whole line.
    merge : bool, default False
        False: pieces of constant activation pattern (activation regions).
        True: join neighbouring pieces on which u_r = W_r z_r has the same slope,
        leaving the linear pieces of the function itself (fewer when a unit's
        switch has no effect on the output, e.g. its outgoing weights are 0).

    Returns
    -------
    int
    """
    _check_relu_network(net, d=1)
    low, high = _check_interval(low, high)
    edges, a, _ = _pieces_1d(net, low, high)
    n = len(edges) - 1
    if merge and n > 1:
        same = np.all(np.isclose(a[1:], a[:-1], rtol=1e-9, atol=1e-12), axis=1)
        n -= int(np.sum(same))
    return n


# ---------------------------------------------------------------------------
# Regions of a 2-D input on a grid
# ---------------------------------------------------------------------------


def _grid(limits, resolution):
    """Cell centres of a resolution × resolution grid over the rectangle ``limits``."""
    (low_1, high_1), (low_2, high_2) = limits
    h1, h2 = (high_1 - low_1) / resolution, (high_2 - low_2) / resolution
    x1 = low_1 + h1 * (np.arange(resolution) + 0.5)
    x2 = low_2 + h2 * (np.arange(resolution) + 0.5)
    X1, X2 = np.meshgrid(x1, x2)
    return np.column_stack([X1.ravel(), X2.ravel()])


def region_map_2d(net, limits=(-1.0, 1.0), resolution=200):
    """A picture of the activation regions of a net with d = 2: one id per grid cell.

    Parameters
    ----------
    net : Network
        Input width d = 2, ReLU hidden layers.
    limits : (low, high) or ((low_1, high_1), (low_2, high_2))
        The rectangle; one pair is used for both axes.
    resolution : int, default 200
        Cells per axis; the pattern is taken at each cell's centre.

    Returns
    -------
    ndarray of int, shape (resolution, resolution)
        Row i, column j: the cell at x_2 index i (bottom up) and x_1 index j;
        equal ids mean equal activation patterns, numbered 0, 1, ... in order of
        first appearance. Draw with ``imshow(..., origin="lower", extent=...)``.
    """
    _check_relu_network(net, d=2)
    limits = _check_limits(limits)
    resolution = check_int("resolution", resolution, 1)
    patterns = activation_patterns(net, _grid(limits, resolution))
    if patterns.shape[1] == 0:  # no hidden layer: one affine piece
        return np.zeros((resolution, resolution), dtype=np.intp)
    packed = np.ascontiguousarray(np.packbits(patterns, axis=1))  # one row of bytes per pattern
    keys = packed.view(np.dtype((np.void, packed.shape[1])))[:, 0]  # ... as one value each
    _, first, ids = np.unique(keys, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first))  # renumber by first appearance
    return order[ids.ravel()].reshape(resolution, resolution)


def count_regions_2d(net, limits=(-1.0, 1.0), resolution=200):
    """Distinct activation patterns on a grid of a 2-D input: a lower estimate.

    Every distinct pattern seen is at least one region, so the count can only fall
    short: regions smaller than a grid cell are missed, and a pattern that occurs
    in two separate places is counted once. A grid point lying exactly on a
    boundary (u = 0) could show a pattern of an edge rather than of a region; for
    random weights this has probability 0, and for hand-set weights at dyadic
    positions (k / 2^s) a resolution that is a power of 2 avoids it.

    Parameters
    ----------
    net : Network
        Input width d = 2, ReLU hidden layers.
    limits : (low, high) or ((low_1, high_1), (low_2, high_2))
    resolution : int, default 200
        Cells per axis.

    Returns
    -------
    int
    """
    return int(region_map_2d(net, limits, resolution).max()) + 1


# ---------------------------------------------------------------------------
# The lecture's bound
# ---------------------------------------------------------------------------


def region_bound(q, d, r, form="sum"):
    """The lecture's lower bound on the largest number of linear regions (Montúfar et al. 2014).

    A network with d inputs and r ReLU hidden layers of width q ≥ d can, with
    suitable weights, cut the input space into at least

        form="sum":        ⌊q/d⌋^{(r-1)d} Σ_{j=0}^{d} C(q, j)   (Montúfar et al.'s bound for equal widths)
        form="asymptotic": (q/d)^{(r-1)d} q^d                 (its order of growth, the Ω(...) of the slide)

    regions. It bounds the maximum over all weights from below; random weights
    usually give far fewer. (The slide writes the sum up to q; it runs to d: Σ_{j=0}^{d}
    C(q, j) is the most regions q hyperplanes (lines for d = 2, points for d = 1) cut
    R^d into, the last layer's share; the first factor counts the copies made by the
    r - 1 folding layers.)

    Parameters
    ----------
    q : int
        Width of every hidden layer, q ≥ d.
    d : int
        Input dimension, d ≥ 1.
    r : int
        Number of hidden layers, r ≥ 1.
    form : {"sum", "asymptotic"}

    Returns
    -------
    int for form="sum" (exact), float for form="asymptotic"
    """
    d = check_int("d", d, 1)
    q = check_int("q", q, 1)
    r = check_int("r", r, 1)
    if q < d:
        raise ValueError(f"the bound needs a width q ≥ d; got q = {q}, d = {d}")
    if form == "sum":
        return (q // d) ** ((r - 1) * d) * sum(math.comb(q, j) for j in range(d + 1))
    if form == "asymptotic":
        return float((q / d) ** ((r - 1) * d) * q**d)
    raise ValueError(f"form must be 'sum' or 'asymptotic'; got {form!r}")


def max_regions_shallow(q, d):
    """Most regions one hidden layer of q ReLU units can make in R^d: Σ_{j=0}^{d} C(q, j).

    Each unit contributes one hyperplane u = 0, and q hyperplanes cut R^d into at
    most this many pieces (q + 1 on a line).

    Parameters
    ----------
    q, d : int

    Returns
    -------
    int
    """
    q = check_int("q", q, 1)
    d = check_int("d", d, 1)
    return sum(math.comb(q, j) for j in range(d + 1))


# ---------------------------------------------------------------------------
# Networks with hand-set weights
# ---------------------------------------------------------------------------


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
    r = check_int("r", r, 1)
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
    if isinstance(intercept_scale, bool) or not isinstance(intercept_scale, numbers.Real):
        raise TypeError(f"intercept_scale must be a number; got {intercept_scale!r}")
    check_int("seed", seed, 0)
    if not intercept_scale > 0 or not np.isfinite(intercept_scale):
        raise ValueError(f"intercept_scale must be a finite number > 0; got {intercept_scale}")
    net = Network(sizes, hidden="relu", output="identity", seed=seed)
    rng = np.random.default_rng([seed, 1])  # a stream apart from the one of W̃_k
    weights = [W.copy() for W in net.weights]
    for W in weights:
        W[:, 0] = rng.normal(scale=intercept_scale, size=W.shape[0])
    net.weights = weights
    return net

"""Counting the linear regions of a ReLU network: activation patterns, exact 1-D pieces, 2-D maps.

- ``activation_patterns``: the on/off state u_{kl} > 0 of every hidden unit for each input;
- ``breakpoints_1d`` / ``count_regions_1d``: the exact pieces along a line, found layer by
  layer (on each piece z_k is affine in x, so every u_{kl} = w_{kl}ᵀ z_k is too, and its sign
  change is one division away);
- ``region_map_2d`` / ``count_regions_2d``: distinct activation patterns on a grid of a 2-D
  input: a lower estimate of the number of regions in the rectangle.

Regions are counted for the output before f_r (u_r = W_r z_r), so any output activation will
do; every hidden activation must be ReLU.
"""

import numpy as np

from lecnn.network import Network
from lecnn.validation import (
    MAX_RESOLUTION,
    as_real_array,
    check_int,
    check_interval,
    check_limits,
    type_error,
    value_error,
)

# ---------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------


def _check_relu_network(net, d=None):
    """Raise unless ``net`` is a Network whose hidden activations are all ReLU (and d matches)."""
    if not isinstance(net, Network):
        raise type_error("not_network", what="net", kind=type(net).__name__)
    not_relu = [k for k, name in enumerate(net.hidden) if name != "relu"]
    if not_relu:
        k = not_relu[0]
        raise value_error("regions_relu", k=k, name=net.hidden[k], hidden=list(net.hidden))
    if d is not None and net.d != d:
        raise value_error("regions_d", d=d, net_d=net.d)
    return net


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
    X = as_real_array(X, "X").astype(float, copy=False)
    if X.ndim != 2 or X.shape[1] != net.d:
        raise value_error("batch_shape", name="X", d=net.d, shape=X.shape)
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
    low, high = check_interval(low, high)
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
    low, high = check_interval(low, high)
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
    limits = check_limits(limits)
    resolution = check_int("resolution", resolution, 1, MAX_RESOLUTION)
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

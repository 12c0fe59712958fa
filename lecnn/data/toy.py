"""Synthetic data: the toy 2-D classification sets and a noisy 1-D function.

- ``spirals``, ``circles``, ``xor``, ``blobs``: each ``name(n, noise, seed, ...) -> (X, labels)``
  with ``X`` of shape ``(n, 2)`` and coordinates roughly in [-1.5, 1.5]; ``DATASETS`` and
  ``make_dataset`` look them up by name.
- ``sine``: a 1-D regression set, ``X`` and ``Y`` of shape ``(n, 1)``.

Every generator uses ``np.random.default_rng(seed)``, so a given seed always gives the same data.

>>> X, labels = spirals(n=5, seed=0)
>>> X.shape, np.bincount(labels).tolist()   # classes of n // 2 or one more samples
((5, 2), [3, 2])
"""

import numpy as np

from lecnn.validation import (
    check_fraction,
    check_int,
    check_interval,
    check_keywords,
    check_memory,
    check_real,
    check_seed,
    type_error,
    value_error,
)

NOISE_MAX = 10.0
"""Largest noise accepted: the sets lie within radius about 1, so noise far above 1 hides them."""

_BYTES_PER_SAMPLE = 96
"""About what a generator holds per sample at once: points, labels, noise, order, copies."""

_BYTES_PER_GROUP = 256
"""About what a generator holds per class or blob: a small array and its bookkeeping."""


def _check_generator(name, n, noise, seed, groups=1):
    """Validate the common arguments of a generator and refuse sizes that cannot fit.

    Returns
    -------
    n : int
    noise : float
    seed : int or None
    """
    n = check_int("n", n, 1)
    noise = check_real("noise", noise, 0, high=NOISE_MAX)
    seed = check_seed(seed)
    check_memory(
        n * _BYTES_PER_SAMPLE + groups * _BYTES_PER_GROUP,
        f"データセット {name} (n = {n:,}, クラス {groups:,} 個)",
        f"the data set {name} (n = {n:,}, {groups:,} classes)",
    )
    return n, noise, seed


def _class_sizes(n, k):
    """Split ``n`` samples into ``k`` classes whose sizes differ by at most one.

    Returns
    -------
    list of k ints summing to n
    """
    return [n // k + (1 if c < n % k else 0) for c in range(k)]


def _finish(parts, noise, rng):
    """Stack per-class point sets, add noise, shuffle the rows.

    Parameters
    ----------
    parts : list of ndarray, part c of shape (n_c, 2)
        Clean points of class c.
    noise : float
        Standard deviation of the Gaussian noise added to every coordinate.
    rng : numpy.random.Generator

    Returns
    -------
    X : ndarray of float64, shape (n, 2), n = sum of n_c
    labels : ndarray of int64, shape (n,)
    """
    X = np.concatenate(parts).astype(np.float64)  # finite: noise <= NOISE_MAX
    labels = np.concatenate([np.full(len(p), c, dtype=np.int64) for c, p in enumerate(parts)])
    if noise > 0:
        X += noise * rng.standard_normal(X.shape)
    order = rng.permutation(len(X))
    return X[order], labels[order]


def _polar(radius, angle):
    """Points at the given radii and angles.

    Parameters
    ----------
    radius, angle : ndarray, shape (k,)

    Returns
    -------
    ndarray, shape (k, 2)
    """
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])


SPIRAL_TURNS = 1.0
"""How many times each spiral arm winds around the origin."""


def spirals(n=200, noise=0.1, seed=0, classes=2):
    """Interleaved spiral arms, one arm per class.

    Arm c has points ``r (cos θ, sin θ)`` with ``θ = 2πc / classes + 2π · SPIRAL_TURNS · r``
    and r in [0, 1] drawn as the square root of a uniform number, so the points
    spread evenly along the arm instead of crowding at the centre. The rows are
    shuffled.

    Parameters
    ----------
    n : int
        Number of samples (>= 1); the classes get n // classes or one more.
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate
        (the arms have radius 1), 0..``NOISE_MAX``; 0 puts every point exactly on its arm.
    seed : int or None
        Seed for ``np.random.default_rng``.
    classes : int
        Number of arms (>= 2).

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    labels : ndarray of int64, shape (n,), values in 0..classes-1
    """
    classes = check_int("classes", classes, 2)
    n, noise, seed = _check_generator("spirals", n, noise, seed, classes)
    rng = np.random.default_rng(seed)
    parts = []
    for c, size in enumerate(_class_sizes(n, classes)):
        r = np.sqrt(rng.uniform(0.0, 1.0, size))
        angle = 2 * np.pi * c / classes + 2 * np.pi * SPIRAL_TURNS * r
        parts.append(_polar(r, angle))
    return _finish(parts, noise, rng)


def circles(n=200, noise=0.1, seed=0, factor=0.5):
    """A circle of radius ``factor`` inside a circle of radius 1.

    Label 0 is the outer circle, label 1 the inner one (as in scikit-learn's
    ``make_circles``). Angles are uniform at random; the rows are shuffled.

    Parameters
    ----------
    n : int
        Number of samples (>= 1); the outer circle gets n - n // 2.
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate;
        0 puts every point exactly on its circle.
    seed : int or None
        Seed for ``np.random.default_rng``.
    factor : float
        Radius of the inner circle, 0 < factor < 1.

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    labels : ndarray of int64, shape (n,), values in {0, 1}
    """
    factor = check_fraction("factor", factor)
    n, noise, seed = _check_generator("circles", n, noise, seed, 2)
    rng = np.random.default_rng(seed)
    parts = []
    for radius, size in zip((1.0, factor), _class_sizes(n, 2), strict=True):
        angle = rng.uniform(0.0, 2 * np.pi, size)
        parts.append(_polar(np.full(size, radius), angle))
    return _finish(parts, noise, rng)


XOR_MARGIN = 0.1
"""Clean xor points keep at least this distance from both axes."""


def xor(n=200, noise=0.1, seed=0):
    """Four square clusters, one per quadrant; the label is the xor of the signs.

    Clean points are uniform in the squares ``XOR_MARGIN <= |x_1|, |x_2| <= 1``;
    the label is 1 when x_1 and x_2 have opposite signs, else 0. The label is
    that of the clean point, so with noise a few points may cross an axis.
    The rows are shuffled.

    Parameters
    ----------
    n : int
        Number of samples (>= 1); each quadrant gets n // 4 or one more.
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int or None
        Seed for ``np.random.default_rng``.

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    labels : ndarray of int64, shape (n,), values in {0, 1}
    """
    n, noise, seed = _check_generator("xor", n, noise, seed, 4)
    rng = np.random.default_rng(seed)
    # quadrant signs, ordered so that the first two have label 0 and the last two label 1
    signs = [(1, 1), (-1, -1), (1, -1), (-1, 1)]
    quadrants = []
    for (s1, s2), size in zip(signs, _class_sizes(n, 4), strict=True):
        magnitude = rng.uniform(XOR_MARGIN, 1.0, (size, 2))
        quadrants.append(magnitude * np.array([s1, s2]))
    parts = [np.concatenate(quadrants[:2]), np.concatenate(quadrants[2:])]
    return _finish(parts, noise, rng)


BLOB_RADIUS = 0.8
"""Distance of every blob centre from the origin."""


def blob_centers(centers=3):
    """Centres used by ``blobs``: evenly spaced on a circle, the first at the top.

    Parameters
    ----------
    centers : int
        Number of blobs (>= 2).

    Returns
    -------
    ndarray of float64, shape (centers, 2)
        Row c is the centre of blob c, at distance ``BLOB_RADIUS`` from the origin.
    """
    centers = check_int("centers", centers, 2)
    check_memory(
        centers * _BYTES_PER_GROUP,
        f"塊の中心 (centers = {centers:,} 個)",
        f"the blob centres (centers = {centers:,})",
    )
    angle = np.pi / 2 + 2 * np.pi * np.arange(centers) / centers
    return _polar(np.full(centers, BLOB_RADIUS), angle)


def blobs(n=200, noise=0.1, seed=0, centers=3):
    """Gaussian blobs around the points of ``blob_centers(centers)``; label = blob index.

    Parameters
    ----------
    n : int
        Number of samples (>= 1); each blob gets n // centers or one more.
    noise : float
        Standard deviation of each blob, per coordinate; 0 puts every point on
        its centre.
    seed : int or None
        Seed for ``np.random.default_rng``.
    centers : int
        Number of blobs (>= 2).

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    labels : ndarray of int64, shape (n,), values in 0..centers-1
    """
    centers = check_int("centers", centers, 2)
    n, noise, seed = _check_generator("blobs", n, noise, seed, centers)
    middle = blob_centers(centers)
    rng = np.random.default_rng(seed)
    parts = [
        np.tile(c, (size, 1)) for c, size in zip(middle, _class_sizes(n, len(middle)), strict=True)
    ]
    return _finish(parts, noise, rng)


DATASETS = {"spirals": spirals, "circles": circles, "xor": xor, "blobs": blobs}
"""The toy 2-D classification sets by name: name -> function(n, noise, seed, ...)."""


def make_dataset(name, n=200, noise=0.1, seed=0, **kwargs):
    """Make one of the toy 2-D classification sets by name.

    Parameters
    ----------
    name : str
        A key of ``DATASETS``: "spirals", "circles", "xor" or "blobs".
    n, noise, seed
        Passed on; see the set's function.
    **kwargs
        Extra options of that set, e.g. ``classes=3`` for spirals,
        ``factor=0.3`` for circles, ``centers=4`` for blobs; another name is refused
        (TypeError naming it and the set's keywords).

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    labels : ndarray of int64, shape (n,)
    """
    if not isinstance(name, str) or name not in DATASETS:
        raise value_error("dataset_unknown", value=name, known=", ".join(map(repr, DATASETS)))
    make = DATASETS[name]
    check_keywords(make, kwargs, f"make_dataset({name!r})")
    return make(n=n, noise=noise, seed=seed, **kwargs)


def sine(n=100, noise=0.1, seed=0, low=-np.pi, high=np.pi, func=np.sin):
    """Noisy samples of a 1-D function, sin by default.

    The inputs are drawn uniformly from [low, high) and sorted in increasing
    order, so ``plt.plot(X, Y)`` draws a line from left to right.

    Parameters
    ----------
    n : int
        Number of samples (>= 1).
    noise : float
        Standard deviation of the Gaussian noise added to the targets; 0 gives
        ``Y == func(X)`` exactly.
    seed : int or None
        Seed for ``np.random.default_rng``.
    low, high : float
        Input interval, low < high.
    func : callable
        Target function, applied elementwise to an array of shape (n, 1).

    Returns
    -------
    X : ndarray of float64, shape (n, 1), sorted increasingly
    Y : ndarray of float64, shape (n, 1), ``func(X) + noise``
    """
    n, noise, seed = _check_generator("sine", n, noise, seed)
    if not callable(func):
        raise type_error("func_callable", value=func)
    low, high = check_interval(low, high)
    if not (np.isfinite(low) and np.isfinite(high) and np.isfinite(high - low)):
        raise value_error("sine_interval", low=low, high=high)
    rng = np.random.default_rng(seed)
    X = np.sort(rng.uniform(low, high, n)).reshape(n, 1)
    Y = np.asarray(func(X), dtype=np.float64)
    if Y.shape != X.shape:
        raise value_error("func_shape", shape=Y.shape)
    if noise > 0:
        Y = Y + noise * rng.standard_normal(Y.shape)
    if not np.all(np.isfinite(Y)):
        raise value_error("func_finite", low=low, high=high)
    return X, Y

"""Small data sets for the notebooks, and helpers to split and encode them.

Everything follows the package's convention that a batch is a stack of rows:
inputs ``X`` have shape ``(n, d)``, class labels have shape ``(n,)``.

- Toy 2-D classification sets (``spirals``, ``circles``, ``xor``, ``blobs``), each
  ``name(n, noise, seed, ...) -> (X, labels)`` with ``X`` of shape ``(n, 2)`` and
  coordinates roughly in [-1.5, 1.5]; ``DATASETS`` and ``make_dataset`` look them
  up by name.
- A 1-D regression set, ``sine``.
- Real images: ``load_digits`` (8x8 digits bundled with scikit-learn) and
  ``load_mnist`` (MNIST from files the user already has; nothing is ever downloaded).
- ``imagenet_top5``: the ImageNet top-5 error by year and depth (a table shipped in
  ``lecnn/datasets/``, read with ``importlib.resources``).
- ``train_test_split``, ``train_val_test_split`` and ``one_hot``.

All generators use ``np.random.default_rng(seed)``, so a given seed always gives
the same data.
"""

import csv
import gzip
import numbers
import os
import zlib
from importlib import resources
from pathlib import Path

import numpy as np

from lecnn.validation import as_labels, check_int, check_real, one_hot_rows


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
    X = np.concatenate(parts).astype(np.float64)
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


# ---------------------------------------------------------------------------
# Toy 2-D classification sets
# ---------------------------------------------------------------------------

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
        (the arms have radius 1); 0 puts every point exactly on its arm.
    seed : int or None
        Seed for ``np.random.default_rng``.
    classes : int
        Number of arms (>= 2).

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    labels : ndarray of int64, shape (n,), values in 0..classes-1
    """
    n = check_int("n", n, 1)
    noise = check_real("noise", noise, 0)
    classes = check_int("classes", classes, 2)
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
    n = check_int("n", n, 1)
    noise = check_real("noise", noise, 0)
    if not isinstance(factor, numbers.Real) or not 0 < factor < 1:
        raise ValueError(f"factor must be a number with 0 < factor < 1, got {factor!r}")
    rng = np.random.default_rng(seed)
    parts = []
    for radius, size in zip((1.0, float(factor)), _class_sizes(n, 2), strict=True):
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
    n = check_int("n", n, 1)
    noise = check_real("noise", noise, 0)
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
    n = check_int("n", n, 1)
    noise = check_real("noise", noise, 0)
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
        ``factor=0.3`` for circles, ``centers=4`` for blobs.

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    labels : ndarray of int64, shape (n,)
    """
    if name not in DATASETS:
        known = ", ".join(repr(k) for k in DATASETS)
        raise ValueError(f"unknown data set {name!r}; known names are {known}")
    return DATASETS[name](n=n, noise=noise, seed=seed, **kwargs)


# ---------------------------------------------------------------------------
# 1-D regression
# ---------------------------------------------------------------------------


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
    n = check_int("n", n, 1)
    noise = check_real("noise", noise, 0)
    if not callable(func):
        raise TypeError(f"func must be callable, got {func!r}")
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"need finite low < high, got low={low}, high={high}")
    rng = np.random.default_rng(seed)
    X = np.sort(rng.uniform(low, high, n)).reshape(n, 1)
    Y = np.asarray(func(X), dtype=np.float64)
    if Y.shape != X.shape:
        raise ValueError(f"func must map an (n, 1) array to (n, 1), got shape {Y.shape}")
    if noise > 0:
        Y = Y + noise * rng.standard_normal(Y.shape)
    return X, Y


# ---------------------------------------------------------------------------
# Handwritten digits
# ---------------------------------------------------------------------------


def load_digits():
    """scikit-learn's bundled handwritten digits (no download needed).

    Each row is an 8x8 grey image read row by row (``X[i].reshape(8, 8)`` shows
    it), with the original 0..16 intensities divided by 16.

    Returns
    -------
    X : ndarray of float64, shape (1797, 64), values in [0, 1]
    labels : ndarray of int64, shape (1797,), values in 0..9
    """
    from sklearn.datasets import load_digits as _sklearn_load_digits

    digits = _sklearn_load_digits()
    X = np.asarray(digits.data, dtype=np.float64) / 16.0
    labels = np.asarray(digits.target, dtype=np.int64)
    return X, labels


def imagenet_top5():
    """ImageNet (ILSVRC) top-5 error by year and network depth, 2010-2015, with its source.

    The numbers of the chart "Revolution of Depth" (Kaiming He et al., ILSVRC 2015), shipped
    with the package as ``lecnn/datasets/imagenet_top5.csv``.

    Returns
    -------
    rows : list of dict
        One per entry, in the chart's order, with keys ``year`` (int), ``model`` (str),
        ``layers`` (int; 0 means a shallow method, no deep network) and ``top5_error``
        (float, in %).
    source : str
        The file's comment lines (what the numbers are, where they come from, cross-checks),
        one per line.
    """
    text = (resources.files("lecnn") / "datasets" / "imagenet_top5.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    comments = [line.removeprefix("#").strip() for line in lines if line.startswith("#")]
    table = csv.DictReader(line for line in lines if line.strip() and not line.startswith("#"))
    rows = [
        {
            "year": int(row["year"]),
            "model": row["model"],
            "layers": int(row["layers"]),
            "top5_error": float(row["top5_error"]),
        }
        for row in table
    ]
    return rows, "\n".join(comments)


MNIST_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
"""The four MNIST IDX files (each may also end in .gz), by the key of their array."""

MNIST_NPZ = "mnist.npz"
"""File name of the Keras layout: one .npz with arrays x_train, y_train, x_test, y_test."""

MNIST_ENV = "LECNN_MNIST"
"""Environment variable naming a directory or .npz file with MNIST."""

MNIST_SEARCH_PATHS = (
    "$LECNN_MNIST",
    "./data/mnist",
    "../data/mnist",
    "~/.lecnn/mnist",
    "~/data/mnist",
    "~/.keras/datasets",
)
"""Where ``load_mnist()`` looks, in order; ``mnist_search_paths()`` resolves them."""


def mnist_search_paths():
    """The places ``load_mnist()`` searches when no path is given, in order.

    ``$LECNN_MNIST`` (if set), then ``./data/mnist`` and ``../data/mnist``
    relative to the current directory (the second one finds the repository's
    ``data/mnist`` from a notebook in ``notebooks/``), then ``~/.lecnn/mnist``,
    ``~/data/mnist`` and ``~/.keras/datasets`` (where Keras keeps ``mnist.npz``).

    Returns
    -------
    list of pathlib.Path
        Absolute paths, resolved against the current directory and home now.
    """
    paths = []
    env = os.environ.get(MNIST_ENV)
    if env:
        paths.append(Path(env).expanduser().absolute())
    cwd = Path.cwd()
    home = Path.home()
    paths += [
        cwd / "data" / "mnist",
        cwd.parent / "data" / "mnist",
        home / ".lecnn" / "mnist",
        home / "data" / "mnist",
        home / ".keras" / "datasets",
    ]
    return paths


IDX_DTYPES = {0x08: "u1", 0x09: "i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
"""IDX element types: the type byte of the magic number -> NumPy dtype."""

# Deflate cannot shrink data by more than about 1032:1: a gzip file that would need more is
# refused from its header, before anything is allocated.
_MAX_DEFLATE_RATIO = 1100
_CHUNK = 1 << 20


def read_idx(path):
    """Read one IDX file (the MNIST format), gzipped or not.

    The header is a magic number ``0x0000TTDD`` (TT = element type, 0x08 for
    unsigned bytes; DD = number of dimensions), then DD big-endian uint32 sizes,
    then the elements in C order.

    The size the header declares is checked against the bytes present before
    anything large is allocated: an uncompressed file must hold exactly that
    many bytes; a gzipped file may not declare more than deflate can pack into
    its size, and is inflated in chunks of 1 MB, refused as soon as it holds
    more or fewer bytes than declared.

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    ndarray, shape given by the header
        Its dtype is given by the type byte (uint8 for MNIST).

    Raises
    ------
    ValueError
        If the file is not valid gzip, has a bad magic number, or holds a
        different number of bytes than its header announces.
    """
    path = Path(path)
    stored = path.stat().st_size
    with open(path, "rb") as probe:
        compressed = probe.read(2) == b"\x1f\x8b"
    if not compressed:
        with open(path, "rb") as stream:
            return _read_idx_stream(stream, path, stored, compressed=False)
    try:
        with gzip.open(path, "rb") as stream:
            return _read_idx_stream(stream, path, stored, compressed=True)
    except (OSError, EOFError, zlib.error) as err:
        raise ValueError(f"{path}: corrupt gzip file ({err})") from err


def _read_full(stream, view):
    """Fill ``view`` from ``stream`` in chunks; returns the number of bytes read."""
    done = 0
    while done < len(view):
        n = stream.readinto(view[done : done + _CHUNK])
        if not n:
            break
        done += n
    return done


def _read_idx_stream(stream, path, stored, compressed):
    head = stream.read(4)
    if len(head) < 4:
        raise ValueError(
            f"{path}: too short for an IDX file ({len(head)} bytes, need a 4-byte magic)"
        )
    magic = int.from_bytes(head, "big")
    if head[0] != 0 or head[1] != 0 or head[2] not in IDX_DTYPES:
        raise ValueError(
            f"{path}: not an IDX file: magic number 0x{magic:08X}, expected 0x00000803 "
            "(MNIST images) or 0x00000801 (MNIST labels)"
        )
    ndim = head[3]
    sizes = stream.read(4 * ndim)
    start = 4 + 4 * ndim
    if len(sizes) < 4 * ndim:
        raise ValueError(f"{path}: truncated IDX header ({4 + len(sizes)} bytes, need {start})")
    shape = tuple(int(s) for s in np.frombuffer(sizes, dtype=">u4"))
    dtype = np.dtype(IDX_DTYPES[head[2]])
    nbytes = int(np.prod(shape, dtype=object)) * dtype.itemsize
    declared = f"header says shape {shape} ({nbytes} bytes of data)"
    if not compressed and nbytes != stored - start:
        raise ValueError(
            f"{path}: corrupt or truncated IDX file: {declared}, the file holds {stored - start}"
        )
    if compressed and nbytes > _MAX_DEFLATE_RATIO * stored:
        raise ValueError(
            f"{path}: corrupt IDX file: {declared}, more than a gzip file of {stored} bytes "
            "can hold"
        )
    data = np.empty(shape, dtype=dtype)
    got = _read_full(stream, memoryview(data.reshape(-1).view(np.uint8)))
    if got < nbytes:
        raise ValueError(f"{path}: corrupt or truncated IDX file: {declared}, the file holds {got}")
    if stream.read(1):
        raise ValueError(
            f"{path}: corrupt IDX file: {declared}, the file holds more (extra bytes after "
            "the declared data)"
        )
    return data


def _idx_file(directory, stem):
    """The file for one MNIST IDX stem in ``directory``, or None.

    Accepts ``stem.gz``, ``stem`` and the dotted variant
    ``train-images.idx3-ubyte`` that some unpackers produce.
    """
    dotted = stem.replace("-idx", ".idx", 1)
    for name in (stem + ".gz", stem, dotted + ".gz", dotted):
        if (directory / name).is_file():
            return directory / name
    return None


def _find_mnist(location):
    """What ``location`` holds: ("npz", path), ("idx", {key: path}) or None."""
    if location.is_file():
        return ("npz", location) if location.suffix == ".npz" else None
    if not location.is_dir():
        return None
    if (location / MNIST_NPZ).is_file():
        return ("npz", location / MNIST_NPZ)
    files = {key: _idx_file(location, stem) for key, stem in MNIST_FILES.items()}
    if all(files.values()):
        return ("idx", files)
    return None


def _expected_files():
    """Text describing the files load_mnist accepts (for error messages)."""
    idx = ", ".join(stem + ".gz" for stem in MNIST_FILES.values())
    return (
        f"either the four IDX files {idx} (uncompressed, without .gz, also accepted), "
        f"or {MNIST_NPZ} with arrays x_train, y_train, x_test, y_test (the Keras layout)"
    )


def _features(x, source):
    """Images of shape (n, ...) as float64 rows in [0, 1], shape (n, pixels).

    Integer images must lie in 0..255 and are divided by 255. Float images in [0, 1] are kept;
    float images in [0, 255] with some value above 1 are divided by 255. Anything else
    (negative values, values above 255, NaN or inf, non-numbers) is refused.
    """
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError(
            f"{source}: expected images of shape (n, 28, 28) or (n, 784), got {x.shape}"
        )
    if x.dtype == bool or not (
        np.issubdtype(x.dtype, np.integer) or np.issubdtype(x.dtype, np.floating)
    ):
        raise ValueError(f"{source}: expected images of numbers, got dtype {x.dtype}")
    X = x.reshape(len(x), -1).astype(np.float64)
    if X.size == 0:
        return X
    if not np.isfinite(X).all():
        raise ValueError(f"{source}: the images contain NaN or inf")
    low, high = X.min(), X.max()
    if low < 0 or high > 255:
        raise ValueError(
            f"{source}: pixel values must lie in 0..255 (or in [0, 1]); "
            f"got values from {low:g} to {high:g}"
        )
    if np.issubdtype(x.dtype, np.integer) or high > 1:
        X /= 255.0
    return X


def _labels(y, n, source):
    """Labels of shape (n,), integers in 0..9, as int64."""
    y = np.asarray(y)
    if y.shape != (n,):
        raise ValueError(
            f"{source}: expected labels of shape ({n},) to match the images, got {y.shape}"
        )
    if y.dtype == bool or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(
            f"{source}: labels must be stored as integers 0..9, got an array of dtype {y.dtype}"
        )
    outside = (y < 0) | (y > 9)
    if outside.any():
        i = int(np.flatnonzero(outside)[0])
        raise ValueError(
            f"{source}: labels must be digits 0..9, got {y[i]} at position {i} "
            f"({int(outside.sum())} labels out of range)"
        )
    return y.astype(np.int64)


def _load_mnist_npz(path):
    """Load the Keras layout; returns the four arrays of ``load_mnist``."""
    with np.load(path, allow_pickle=False) as archive:
        missing = [key for key in MNIST_FILES if key not in archive.files]
        if missing:
            raise ValueError(
                f"{path}: missing arrays {missing}; expected x_train, y_train, x_test, y_test, "
                f"found {archive.files}"
            )
        arrays = {key: archive[key] for key in MNIST_FILES}
    X_train = _features(arrays["x_train"], f"{path}[x_train]")
    X_test = _features(arrays["x_test"], f"{path}[x_test]")
    y_train = _labels(arrays["y_train"], len(X_train), f"{path}[y_train]")
    y_test = _labels(arrays["y_test"], len(X_test), f"{path}[y_test]")
    return X_train, y_train, X_test, y_test


def _load_mnist_idx(files):
    """Load the four IDX files; returns the four arrays of ``load_mnist``."""
    arrays = {}
    for key, path in files.items():
        arr = read_idx(path)
        want = 3 if key.startswith("x") else 1
        if arr.ndim != want:
            kind = "images (magic 0x00000803)" if want == 3 else "labels (magic 0x00000801)"
            raise ValueError(f"{path}: expected an IDX file of {kind}, got {arr.ndim} dimensions")
        arrays[key] = arr
    X_train = _features(arrays["x_train"], files["x_train"])
    X_test = _features(arrays["x_test"], files["x_test"])
    y_train = _labels(arrays["y_train"], len(X_train), files["y_train"])
    y_test = _labels(arrays["y_test"], len(X_test), files["y_test"])
    return X_train, y_train, X_test, y_test


def _not_found_message(searched):
    """Error text for load_mnist() when no place holds MNIST."""
    lines = ["MNIST not found; lecnn never downloads it. Looked in:"]
    if not os.environ.get(MNIST_ENV):
        lines.append(f"  - ${MNIST_ENV} (not set)")
    lines += [f"  - {place}" for place in searched]
    lines.append(f"Each place may hold {_expected_files()}.")
    lines.append(
        f"Put the files in one of these places, set {MNIST_ENV} to their directory, "
        "or call load_mnist(path=...) with a directory or an .npz file."
    )
    return "\n".join(lines)


def _explain_missing(location):
    """Error text for load_mnist(path=location) when location holds no MNIST."""
    if not location.exists():
        problem = f"{location} does not exist"
    elif location.is_file():
        problem = f"{location} is a file but not an .npz file"
    else:
        missing = [stem for stem in MNIST_FILES.values() if _idx_file(location, stem) is None]
        problem = (
            f"the directory {location} has no {MNIST_NPZ} and lacks the IDX files "
            + ", ".join(missing)
        )
    return f"MNIST not found: {problem}. Expected {_expected_files()}."


def load_mnist(path=None):
    """Load MNIST from files already on disk (never downloads).

    The data may be stored as

    - a directory with the four IDX files ``train-images-idx3-ubyte.gz``,
      ``train-labels-idx1-ubyte.gz``, ``t10k-images-idx3-ubyte.gz`` and
      ``t10k-labels-idx1-ubyte.gz`` (uncompressed files without ``.gz``, and the
      dotted names ``train-images.idx3-ubyte`` etc., are accepted too);
    - an ``.npz`` file with arrays ``x_train``, ``y_train``, ``x_test``,
      ``y_test`` (the Keras ``mnist.npz`` layout);
    - a directory holding ``mnist.npz`` (preferred over IDX files next to it).

    Fashion-MNIST uses the same file names and layout, so it loads the same way.

    When ``path`` is None these places are tried in order
    (``mnist_search_paths()`` lists them resolved):

    1. the environment variable ``LECNN_MNIST`` (a directory or .npz file), if set;
    2. ``./data/mnist`` (relative to the current directory);
    3. ``../data/mnist`` (the repository's ``data/mnist`` seen from ``notebooks/``);
    4. ``~/.lecnn/mnist``;
    5. ``~/data/mnist``;
    6. ``~/.keras/datasets`` (where Keras stores ``mnist.npz``).

    Parameters
    ----------
    path : str or os.PathLike, optional
        A directory or an .npz file as described above.

    Returns
    -------
    X_train : ndarray of float64, shape (60000, 784), values in [0, 1]
        Row i is the 28x28 image i read row by row (pixel / 255). Float images
        already in [0, 1] are kept as they are; float images in [0, 255] are
        divided by 255 too.
    labels_train : ndarray of int64, shape (60000,), values in 0..9
    X_test : ndarray of float64, shape (10000, 784), values in [0, 1]
    labels_test : ndarray of int64, shape (10000,), values in 0..9

    Together the float64 arrays take about 440 MB.

    Raises
    ------
    FileNotFoundError
        If ``path`` (or, with path=None, every searched place) holds no MNIST;
        the message lists the places and the expected file names.
    ValueError
        If a file is corrupt (bad gzip, bad IDX magic number or size, missing
        .npz arrays, or image and label counts that disagree), a label is not an
        integer 0..9, or a pixel lies outside 0..255 (or is NaN).
    """
    if path is not None:
        location = Path(path).expanduser()
        found = _find_mnist(location)
        if found is None:
            raise FileNotFoundError(_explain_missing(location))
    else:
        searched = mnist_search_paths()
        found = next((f for f in map(_find_mnist, searched) if f is not None), None)
        if found is None:
            raise FileNotFoundError(_not_found_message(searched))
    kind, where = found
    return _load_mnist_npz(where) if kind == "npz" else _load_mnist_idx(where)


# ---------------------------------------------------------------------------
# Splitting and encoding
# ---------------------------------------------------------------------------


def _test_count(test_size, n):
    """Number of test samples for ``test_size`` (fraction or count) out of ``n``."""
    if isinstance(test_size, numbers.Integral) and not isinstance(test_size, (bool, np.bool_)):
        n_test = int(test_size)
        if not 1 <= n_test <= n - 1:
            raise ValueError(
                f"an integer test_size is a count and must be in 1..{n - 1} for n={n} samples, "
                f"got {n_test}"
            )
        return n_test
    if not isinstance(test_size, numbers.Real) or isinstance(test_size, (bool, np.bool_)):
        raise TypeError(
            f"test_size must be a fraction in (0, 1) or an integer count, got {test_size!r}"
        )
    if not 0 < test_size < 1:
        raise ValueError(f"a fractional test_size must be in (0, 1), got {test_size}")
    n_test = int(np.ceil(test_size * n))
    if not 1 <= n_test <= n - 1:
        raise ValueError(
            f"test_size={test_size} with n={n} samples gives {n_test} test samples; "
            "both parts need at least one"
        )
    return n_test


def _stratified_test_indices(y, n_test, rng):
    """Pick ``n_test`` indices so that each class keeps its share (largest remainders).

    Parameters
    ----------
    y : ndarray, shape (n,) or (n, m)
        Labels, or one-hot rows; equal rows form a class.
    n_test : int
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of int, shape (n_test,)
    """
    _, classes = np.unique(y, axis=0, return_inverse=True)
    classes = classes.ravel()
    counts = np.bincount(classes)
    ideal = n_test * counts / len(classes)
    take = np.floor(ideal).astype(int)
    # give the leftover samples to the classes with the largest fractional parts
    leftover = n_test - take.sum()
    take[np.argsort(-(ideal - take), kind="stable")[:leftover]] += 1
    picked = [rng.permutation(np.flatnonzero(classes == c))[:k] for c, k in enumerate(take)]
    return np.concatenate(picked)


def train_test_split(X, y, test_size=0.25, seed=0, stratify=False):
    """Shuffle the samples and split them into a training and a test part.

    Parameters
    ----------
    X : array_like, shape (n, ...)
        Inputs, one sample per row.
    y : array_like, shape (n,) or (n, m)
        Labels or targets, one per row of X.
    test_size : float or int
        A fraction in (0, 1) (the test part gets ceil(test_size * n) samples)
        or an integer count in 1..n-1.
    seed : int or None
        Seed for ``np.random.default_rng``.
    stratify : bool
        If True, each class (each distinct value or row of y) keeps its share
        in the test part, up to rounding.

    Returns
    -------
    X_train : ndarray, shape (n - n_test, ...)
    X_test : ndarray, shape (n_test, ...)
    y_train : ndarray, shape (n - n_test,) or (n - n_test, m)
    y_test : ndarray, shape (n_test,) or (n_test, m)
        The order of scikit-learn's ``train_test_split``; rows of X and y stay paired.
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(
            f"X and y must be arrays with one sample per row, got shapes {X.shape} and {y.shape}"
        )
    if len(X) != len(y):
        raise ValueError(
            f"X and y must have the same number of rows, got {len(X)} (X shape {X.shape}) "
            f"and {len(y)} (y shape {y.shape})"
        )
    n = len(X)
    n_test = _test_count(test_size, n)
    rng = np.random.default_rng(seed)
    if stratify:
        test = rng.permutation(_stratified_test_indices(y, n_test, rng))
        is_test = np.zeros(n, dtype=bool)
        is_test[test] = True
        train = rng.permutation(np.flatnonzero(~is_test))
    else:
        order = rng.permutation(n)
        test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def one_hot(labels, m=None):
    """One-hot encode integer class labels.

    Parameters
    ----------
    labels : int or array_like of int, shape (n,)
        Class labels in 0..m-1. Floats are accepted when they are whole numbers.
    m : int, optional
        Number of classes; default ``max(labels) + 1``.

    Returns
    -------
    ndarray of float64, shape (n, m)
        Row i has a 1 in column ``labels[i]`` and 0 elsewhere; shape (m,) for a
        single label.
    """
    if m is None:
        arr = as_labels(labels)
        if arr.size == 0:
            raise ValueError("cannot infer m from empty labels; pass m=")
        m = int(arr.max()) + 1
    else:
        arr = as_labels(labels, m=check_int("m", m, 1))
    return one_hot_rows(arr, m, np.float64)


# ---------------------------------------------------------------------------
# Training, validation and test parts
# ---------------------------------------------------------------------------


def train_val_test_split(X, y, val_size=0.2, test_size=0.2, seed=0, stratify=False):
    """Shuffle the samples and split them into training, validation and test parts.

    The validation part is for choosing hyperparameters (η, batch size, initial
    weights, ...); the test part is kept for one final evaluation.

    Parameters
    ----------
    X : array_like, shape (n, ...)
        Inputs, one sample per row.
    y : array_like, shape (n,) or (n, m)
        Labels or targets, one per row of X.
    val_size, test_size : float
        Fractions of all n samples, each in (0, 1) with a sum below 1; a part gets
        ceil(fraction * n) samples.
    seed : int or None
        Seed for ``np.random.default_rng``.
    stratify : bool
        If True, each class keeps its share in every part, up to rounding.

    Returns
    -------
    X_train, X_val, X_test : ndarray, shapes (n_train, ...), (n_val, ...), (n_test, ...)
    y_train, y_val, y_test : ndarray
        Rows of X and y stay paired; no sample is in two parts.
    """
    sizes = {"val_size": val_size, "test_size": test_size}
    for name, size in sizes.items():
        if not isinstance(size, numbers.Real) or isinstance(size, (bool, np.bool_)):
            raise TypeError(f"{name} must be a fraction in (0, 1), got {size!r}")
        if not 0 < size < 1:
            raise ValueError(f"{name} must be a fraction in (0, 1), got {size}")
    if val_size + test_size >= 1:
        raise ValueError(
            f"val_size + test_size must be below 1 to leave training samples, "
            f"got {val_size} + {test_size}"
        )
    n = len(np.asarray(X))
    n_test, n_val = int(np.ceil(test_size * n)), int(np.ceil(val_size * n))
    if n - n_test - n_val < 1:
        raise ValueError(
            f"n={n} samples leave no training sample after {n_val} validation "
            f"and {n_test} test samples"
        )
    X_rest, X_test, y_rest, y_test = train_test_split(X, y, n_test, seed, stratify)
    X_train, X_val, y_train, y_val = train_test_split(X_rest, y_rest, n_val, seed, stratify)
    return X_train, X_val, X_test, y_train, y_val, y_test

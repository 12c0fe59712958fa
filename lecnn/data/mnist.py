"""MNIST (or Fashion-MNIST) from files the user already has; nothing is ever downloaded."""

import os
from pathlib import Path

import numpy as np

from lecnn.data.idx import read_idx
from lecnn.validation import check_path, message, value_error

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
        raise value_error("mnist_images_shape", source=source, shape=x.shape)
    if x.dtype == bool or not (
        np.issubdtype(x.dtype, np.integer) or np.issubdtype(x.dtype, np.floating)
    ):
        raise value_error("mnist_images_dtype", source=source, dtype=x.dtype)
    X = x.reshape(len(x), -1).astype(np.float64)
    if X.size == 0:
        return X
    if not np.isfinite(X).all():
        raise value_error("mnist_images_finite", source=source)
    low, high = X.min(), X.max()
    if low < 0 or high > 255:
        raise value_error("mnist_pixels", source=source, low=low, high=high)
    if np.issubdtype(x.dtype, np.integer) or high > 1:
        X /= 255.0
    return X


def _labels(y, n, source):
    """Labels of shape (n,), integers in 0..9, as int64."""
    y = np.asarray(y)
    if y.shape != (n,):
        raise value_error("mnist_labels_shape", source=source, n=n, shape=y.shape)
    if y.dtype == bool or not np.issubdtype(y.dtype, np.integer):
        raise value_error("mnist_labels_dtype", source=source, dtype=y.dtype)
    outside = (y < 0) | (y > 9)
    if outside.any():
        i = int(np.flatnonzero(outside)[0])
        raise value_error(
            "mnist_labels_range", source=source, value=y[i], i=i, count=int(outside.sum())
        )
    return y.astype(np.int64)


def _load_mnist_npz(path):
    """Load the Keras layout; returns the four arrays of ``load_mnist``."""
    with np.load(path, allow_pickle=False) as archive:
        missing = [key for key in MNIST_FILES if key not in archive.files]
        if missing:
            raise value_error("mnist_npz_keys", path=path, missing=missing, found=archive.files)
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
            images = want == 3
            raise value_error(
                "mnist_idx_kind",
                path=path,
                kind="images (magic 0x00000803)" if images else "labels (magic 0x00000801)",
                kind_ja="画像 (マジック番号 0x00000803)"
                if images
                else "ラベル (マジック番号 0x00000801)",
                ndim=arr.ndim,
            )
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
    return message("mnist_not_found", how=_HOW_JA, english="\n".join(lines))


_HOW_JA = (
    f"ファイルをそのどれかの場所に置くか、環境変数 {MNIST_ENV} にそのフォルダを設定するか、"
    "load_mnist(path=...) でフォルダか .npz ファイルを指定してください"
)


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
    return message(
        "mnist_missing", location=location, english=f"{problem}. Expected {_expected_files()}."
    )


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
        location = Path(check_path(path, "~/mnist")).expanduser()
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

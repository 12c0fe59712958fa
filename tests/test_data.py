"""Tests for lecnn.data: toy sets, sine, digits, MNIST loading, splitting, one-hot."""

import gzip

import numpy as np
import pytest

from lecnn import data
from lecnn.data import (
    DATASETS,
    MNIST_FILES,
    blob_centers,
    blobs,
    circles,
    load_digits,
    load_mnist,
    make_dataset,
    mnist_search_paths,
    one_hot,
    read_idx,
    sine,
    spirals,
    train_test_split,
    xor,
)

NAMES = sorted(DATASETS)

# ---------------------------------------------------------------------------
# Toy 2-D classification sets
# ---------------------------------------------------------------------------


def test_registry_lists_the_four_sets():
    assert set(DATASETS) == {"spirals", "circles", "xor", "blobs"}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("n", [1, 7, 200])
def test_shapes_and_dtypes(name, n):
    X, labels = make_dataset(name, n=n)
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert labels.shape == (n,) and labels.dtype == np.int64
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_same_data_other_seed_other_data(name):
    X1, l1 = make_dataset(name, seed=3)
    X2, l2 = make_dataset(name, seed=3)
    X3, _ = make_dataset(name, seed=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(l1, l2)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize("name", NAMES)
def test_seed_matters_even_without_noise(name):
    X1, _ = make_dataset(name, noise=0, seed=0)
    X2, _ = make_dataset(name, noise=0, seed=1)
    assert not np.array_equal(X1, X2)


@pytest.mark.parametrize(
    ("name", "kwargs", "k"),
    [
        ("spirals", {}, 2),
        ("spirals", {"classes": 3}, 3),
        ("spirals", {"classes": 5}, 5),
        ("circles", {}, 2),
        ("xor", {}, 2),
        ("blobs", {}, 3),
        ("blobs", {"centers": 4}, 4),
    ],
)
@pytest.mark.parametrize("n", [200, 203])
def test_classes_are_balanced(name, kwargs, k, n):
    _, labels = make_dataset(name, n=n, **kwargs)
    counts = np.bincount(labels)
    assert len(counts) == k
    assert counts.sum() == n
    assert counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", NAMES)
def test_default_data_fits_a_fixed_plot_window(name):
    X, _ = make_dataset(name)
    assert np.abs(X).max() <= 1.5


@pytest.mark.parametrize("name", NAMES)
def test_rows_are_shuffled(name):
    _, labels = make_dataset(name, n=200)
    # sorted by class, the label would change only (number of classes - 1) times
    assert np.count_nonzero(np.diff(labels)) > 20


@pytest.mark.parametrize("classes", [2, 3])
def test_clean_spirals_lie_on_their_arms(classes):
    X, labels = spirals(n=300, noise=0, classes=classes)
    r = np.hypot(X[:, 0], X[:, 1])
    assert r.max() <= 1.0
    expected = 2 * np.pi * labels / classes + 2 * np.pi * data.SPIRAL_TURNS * r
    # the point's angle equals the arm's angle up to whole turns
    diff = np.angle(np.exp(1j * (np.arctan2(X[:, 1], X[:, 0]) - expected)))
    np.testing.assert_allclose(diff, 0, atol=1e-9)


@pytest.mark.parametrize("factor", [0.5, 0.3])
def test_clean_circles_have_radii_one_and_factor(factor):
    X, labels = circles(n=101, noise=0, factor=factor)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[labels == 0], 1.0)
    np.testing.assert_allclose(r[labels == 1], factor)


def test_noisy_circles_are_off_the_circles():
    X, labels = circles(noise=0.1)
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.abs(r[labels == 0] - 1).max() > 0.05


def test_clean_xor_labels_follow_the_sign_rule():
    X, labels = xor(n=400, noise=0)
    np.testing.assert_array_equal(labels, (X[:, 0] > 0) != (X[:, 1] > 0))
    assert np.abs(X).min() >= data.XOR_MARGIN
    assert np.abs(X).max() <= 1.0
    quadrants = {(bool(a), bool(b)) for a, b in X > 0}
    assert len(quadrants) == 4


def test_clean_blobs_sit_on_their_centres():
    X, labels = blobs(n=90, noise=0, centers=3)
    centers = blob_centers(3)
    np.testing.assert_allclose(X, centers[labels])


def test_noisy_blobs_spread_around_their_centres():
    noise = 0.2
    X, labels = blobs(n=3000, noise=noise, centers=4)
    centers = blob_centers(4)
    for c in range(4):
        points = X[labels == c]
        np.testing.assert_allclose(points.mean(axis=0), centers[c], atol=0.05)
        np.testing.assert_allclose(points.std(axis=0), noise, rtol=0.15)


def test_blob_centres_are_distinct_and_on_a_circle():
    centers = blob_centers(5)
    assert centers.shape == (5, 2)
    np.testing.assert_allclose(np.hypot(*centers.T), data.BLOB_RADIUS)
    assert len(np.unique(centers.round(6), axis=0)) == 5


def test_make_dataset_matches_the_function_and_passes_options():
    X1, l1 = make_dataset("spirals", n=50, noise=0.2, seed=7, classes=3)
    X2, l2 = spirals(n=50, noise=0.2, seed=7, classes=3)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(l1, l2)


def test_make_dataset_unknown_name_lists_known_names():
    with pytest.raises(ValueError, match="moons") as info:
        make_dataset("moons")
    for name in DATASETS:
        assert name in str(info.value)


@pytest.mark.parametrize(
    ("func", "kwargs", "error"),
    [
        (spirals, {"n": 0}, ValueError),
        (spirals, {"n": 10.0}, TypeError),
        (spirals, {"n": True}, TypeError),
        (spirals, {"noise": -0.1}, ValueError),
        (spirals, {"noise": "high"}, TypeError),
        (spirals, {"classes": 1}, ValueError),
        (circles, {"factor": 1.0}, ValueError),
        (circles, {"factor": 0}, ValueError),
        (xor, {"noise": float("nan")}, ValueError),
        (blobs, {"centers": 1}, ValueError),
        (blobs, {"centers": 2.5}, TypeError),
    ],
)
def test_bad_arguments_raise(func, kwargs, error):
    with pytest.raises(error):
        func(**kwargs)


def test_bad_argument_message_says_expected_and_got():
    with pytest.raises(ValueError, match=r"n must be at least 1; got -3"):
        xor(n=-3)


# ---------------------------------------------------------------------------
# sine
# ---------------------------------------------------------------------------


def test_sine_shapes_sorted_and_in_range():
    X, Y = sine(n=50)
    assert X.shape == (50, 1) and Y.shape == (50, 1)
    assert X.dtype == np.float64 and Y.dtype == np.float64
    assert np.all(np.diff(X[:, 0]) >= 0)
    assert X.min() >= -np.pi and X.max() < np.pi


def test_sine_clean_is_exact_and_noise_has_the_right_size():
    X, Y = sine(n=100, noise=0)
    np.testing.assert_array_equal(Y, np.sin(X))
    X, Y = sine(n=5000, noise=0.3)
    assert abs(np.std(Y - np.sin(X)) - 0.3) < 0.02


def test_sine_deterministic_by_seed():
    np.testing.assert_array_equal(sine(seed=1)[1], sine(seed=1)[1])
    assert not np.array_equal(sine(seed=1)[0], sine(seed=2)[0])


def test_sine_custom_function_and_interval():
    X, Y = sine(n=30, noise=0, low=0, high=2, func=np.square)
    assert X.min() >= 0 and X.max() < 2
    np.testing.assert_array_equal(Y, X**2)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"low": 1, "high": 1}, ValueError),
        ({"low": 2, "high": 1}, ValueError),
        ({"func": "sin"}, TypeError),
        ({"func": lambda x: x.ravel()}, ValueError),
    ],
)
def test_sine_bad_arguments(kwargs, error):
    with pytest.raises(error):
        sine(**kwargs)


# ---------------------------------------------------------------------------
# one_hot
# ---------------------------------------------------------------------------


def test_one_hot_values():
    Y = one_hot([2, 0, 1], 4)
    expected = np.array([[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0]], dtype=float)
    np.testing.assert_array_equal(Y, expected)
    assert Y.dtype == np.float64


def test_one_hot_round_trip_and_inferred_m():
    labels = np.array([3, 1, 4, 1, 5, 9, 2, 6])
    Y = one_hot(labels)
    assert Y.shape == (8, 10)
    np.testing.assert_array_equal(Y.sum(axis=1), 1)
    np.testing.assert_array_equal(Y.argmax(axis=1), labels)


def test_one_hot_scalar_whole_floats_and_empty():
    np.testing.assert_array_equal(one_hot(1, 3), [0, 1, 0])
    np.testing.assert_array_equal(one_hot(np.array([1.0, 0.0])), [[0, 1], [1, 0]])
    assert one_hot([], 3).shape == (0, 3)


@pytest.mark.parametrize(
    ("labels", "m", "error", "message"),
    [
        ([0, 1.5], None, ValueError, "whole numbers \\(class labels\\); got 1.5"),
        ([0, -1, 2], 3, ValueError, r"at index 1: got -1, expected 0\.\.2"),
        ([0, 3, 1], 3, ValueError, r"at index 1: got 3, expected 0\.\.2 \(m = 3\)"),
        ([[0, 1], [1, 0]], None, ValueError, r"shape \(n,\)"),
        (["a", "b"], None, TypeError, "integer class labels"),
        ([True, False], None, TypeError, "integer class labels"),
        ([], None, ValueError, "empty"),
        ([0, 1], 0, ValueError, "m must be at least 1"),
        ([0, 1], 2.0, TypeError, "m must be an integer"),
    ],
)
def test_one_hot_errors(labels, m, error, message):
    with pytest.raises(error, match=message):
        one_hot(labels, m)


# ---------------------------------------------------------------------------
# train_test_split
# ---------------------------------------------------------------------------


def _indexed(n):
    """X whose row i is (i, -i), and y = i, so every row can be traced."""
    i = np.arange(n)
    return np.column_stack([i, -i]).astype(float), i


def test_split_sizes_disjoint_and_paired():
    X, y = _indexed(10)
    X_train, X_test, y_train, y_test = train_test_split(X, y)
    assert X_train.shape == (7, 2) and X_test.shape == (3, 2)  # ceil(0.25 * 10) = 3
    assert y_train.shape == (7,) and y_test.shape == (3,)
    np.testing.assert_array_equal(X_train[:, 0], y_train)
    np.testing.assert_array_equal(X_test[:, 0], y_test)
    assert set(y_train).isdisjoint(y_test)
    assert sorted(np.concatenate([y_train, y_test])) == list(range(10))


def test_split_shuffles_deterministically():
    X, y = _indexed(100)
    first = train_test_split(X, y, seed=1)
    again = train_test_split(X, y, seed=1)
    other = train_test_split(X, y, seed=2)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[3], other[3])
    assert not np.array_equal(np.sort(first[3]), np.arange(75, 100))  # not just the tail


def test_split_integer_count_and_one_hot_targets():
    X, y = _indexed(20)
    X_train, X_test, Y_train, Y_test = train_test_split(X, one_hot(y), test_size=5)
    assert len(X_test) == 5 and len(X_train) == 15
    assert Y_test.shape == (5, 20)
    np.testing.assert_array_equal(Y_test.argmax(axis=1), X_test[:, 0])


def test_split_stratify_keeps_class_shares():
    y = np.repeat([0, 1, 2], [60, 30, 10])
    X = np.arange(100).reshape(100, 1)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=True)
    np.testing.assert_array_equal(np.bincount(y_test), [12, 6, 2])
    np.testing.assert_array_equal(np.bincount(y_train), [48, 24, 8])
    np.testing.assert_array_equal(y[X_test[:, 0]], y_test)
    assert set(X_train[:, 0]).isdisjoint(X_test[:, 0])
    assert np.count_nonzero(np.diff(y_test)) > 2  # the test part is shuffled


def test_split_stratify_gives_the_exact_test_count():
    _, y = make_dataset("blobs", n=100, centers=3)
    X = np.zeros((100, 2))
    _, X_test, _, y_test = train_test_split(X, y, test_size=0.25, stratify=True)
    assert len(X_test) == 25
    assert np.bincount(y_test).max() - np.bincount(y_test).min() <= 1


def test_split_stratify_with_one_hot_targets():
    y = np.repeat([0, 1], [80, 20])
    _, _, _, Y_test = train_test_split(np.zeros((100, 1)), one_hot(y), stratify=True)
    np.testing.assert_array_equal(Y_test.sum(axis=0), [20, 5])


@pytest.mark.parametrize(
    ("n_y", "test_size", "error", "message"),
    [
        (9, 0.25, ValueError, r"same number of rows, got 10 .* and 9"),
        (10, 0.0, ValueError, r"\(0, 1\), got 0.0"),
        (10, 1.0, ValueError, r"\(0, 1\), got 1.0"),
        (10, 1.5, ValueError, r"\(0, 1\), got 1.5"),
        (10, 0, ValueError, "1..9"),
        (10, 10, ValueError, "1..9"),
        (10, True, TypeError, "fraction"),
        (10, "half", TypeError, "fraction"),
    ],
)
def test_split_errors(n_y, test_size, error, message):
    X = np.zeros((10, 2))
    with pytest.raises(error, match=message):
        train_test_split(X, np.zeros(n_y), test_size=test_size)


def test_split_large_fraction_leaving_no_training_data():
    with pytest.raises(ValueError, match="at least one"):
        train_test_split(np.zeros((3, 1)), np.zeros(3), test_size=0.9)


# ---------------------------------------------------------------------------
# load_digits
# ---------------------------------------------------------------------------


def test_load_digits():
    X, labels = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(np.unique(labels), np.arange(10))


# ---------------------------------------------------------------------------
# MNIST
# ---------------------------------------------------------------------------


def _idx_bytes(arr):
    """IDX encoding of a uint8 array: magic 0x000008DD, big-endian sizes, data."""
    arr = np.asarray(arr, dtype=np.uint8)
    header = bytes([0, 0, 0x08, arr.ndim]) + np.array(arr.shape, dtype=">u4").tobytes()
    return header + arr.tobytes()


def _fake_mnist(n_train=5, n_test=3, seed=0):
    """Small uint8 images (n, 28, 28) and labels in the Keras key layout."""
    rng = np.random.default_rng(seed)
    return {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, n_train, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, n_test, dtype=np.uint8),
    }


def _write_idx(directory, arrays, compress=True, names=None):
    directory.mkdir(parents=True, exist_ok=True)
    for key, arr in arrays.items():
        raw = _idx_bytes(arr)
        name = (names or MNIST_FILES)[key]
        if compress:
            (directory / (name + ".gz")).write_bytes(gzip.compress(raw))
        else:
            (directory / name).write_bytes(raw)
    return directory


def _check_loaded(result, arrays):
    X_train, y_train, X_test, y_test = result
    assert X_train.shape == (len(arrays["x_train"]), 784) and X_train.dtype == np.float64
    assert X_test.shape == (len(arrays["x_test"]), 784) and X_test.dtype == np.float64
    assert y_train.dtype == np.int64 and y_test.dtype == np.int64
    np.testing.assert_allclose(X_train, arrays["x_train"].reshape(-1, 784) / 255.0)
    np.testing.assert_allclose(X_test, arrays["x_test"].reshape(-1, 784) / 255.0)
    np.testing.assert_array_equal(y_train, arrays["y_train"])
    np.testing.assert_array_equal(y_test, arrays["y_test"])
    assert 0.0 <= X_train.min() and X_train.max() <= 1.0


@pytest.fixture
def no_mnist_anywhere(tmp_path, monkeypatch):
    """An empty home and an empty working directory, no $LECNN_MNIST."""
    home = tmp_path / "home"
    work = tmp_path / "work" / "notebooks"
    home.mkdir()
    work.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.delenv("LECNN_MNIST", raising=False)
    monkeypatch.chdir(work)
    return home, work


@pytest.mark.parametrize("compress", [True, False])
def test_load_mnist_from_idx_directory(tmp_path, compress):
    arrays = _fake_mnist()
    directory = _write_idx(tmp_path / "mnist", arrays, compress=compress)
    _check_loaded(load_mnist(directory), arrays)
    _check_loaded(load_mnist(str(directory)), arrays)


def test_load_mnist_accepts_dotted_idx_names(tmp_path):
    arrays = _fake_mnist()
    names = {key: stem.replace("-idx", ".idx") for key, stem in MNIST_FILES.items()}
    directory = _write_idx(tmp_path / "mnist", arrays, compress=False, names=names)
    _check_loaded(load_mnist(directory), arrays)


def test_load_mnist_from_npz_file_and_directory(tmp_path):
    arrays = _fake_mnist(n_train=4, n_test=2)
    np.savez(tmp_path / "mnist.npz", **arrays)
    _check_loaded(load_mnist(tmp_path / "mnist.npz"), arrays)
    _check_loaded(load_mnist(tmp_path), arrays)


def test_load_mnist_npz_with_flat_images(tmp_path):
    arrays = _fake_mnist()
    flat = dict(arrays, x_train=arrays["x_train"].reshape(5, 784))
    np.savez(tmp_path / "flat.npz", **flat)
    _check_loaded(load_mnist(tmp_path / "flat.npz"), arrays)


def test_load_mnist_npz_missing_key(tmp_path):
    arrays = _fake_mnist()
    del arrays["y_test"]
    np.savez(tmp_path / "mnist.npz", **arrays)
    with pytest.raises(ValueError, match="y_test"):
        load_mnist(tmp_path / "mnist.npz")


def test_search_finds_env_variable(tmp_path, monkeypatch, no_mnist_anywhere):
    arrays = _fake_mnist()
    directory = _write_idx(tmp_path / "elsewhere", arrays)
    monkeypatch.setenv("LECNN_MNIST", str(directory))
    assert mnist_search_paths()[0] == directory
    _check_loaded(load_mnist(), arrays)


def test_search_finds_home_directory(no_mnist_anywhere):
    home, _ = no_mnist_anywhere
    arrays = _fake_mnist()
    _write_idx(home / ".lecnn" / "mnist", arrays)
    _check_loaded(load_mnist(), arrays)


def test_search_finds_repository_data_from_notebooks_directory(no_mnist_anywhere):
    _, work = no_mnist_anywhere
    arrays = _fake_mnist()
    (work.parent / "data" / "mnist").mkdir(parents=True)
    np.savez(work.parent / "data" / "mnist" / "mnist.npz", **arrays)
    _check_loaded(load_mnist(), arrays)


def test_search_finds_keras_cache(no_mnist_anywhere):
    home, _ = no_mnist_anywhere
    arrays = _fake_mnist()
    (home / ".keras" / "datasets").mkdir(parents=True)
    np.savez(home / ".keras" / "datasets" / "mnist.npz", **arrays)
    _check_loaded(load_mnist(), arrays)


def test_not_found_message_lists_every_place_and_the_file_names(no_mnist_anywhere):
    home, work = no_mnist_anywhere
    places = mnist_search_paths()
    assert places[0] == work / "data" / "mnist"
    assert home / ".lecnn" / "mnist" in places
    with pytest.raises(FileNotFoundError) as info:
        load_mnist()
    message = str(info.value)
    assert "LECNN_MNIST" in message
    for place in places:
        assert str(place) in message
    for stem in MNIST_FILES.values():
        assert stem + ".gz" in message
    assert "mnist.npz" in message
    assert "path=" in message


def test_incomplete_directory_is_not_used(no_mnist_anywhere):
    _, work = no_mnist_anywhere
    arrays = _fake_mnist()
    del arrays["y_test"]
    _write_idx(work / "data" / "mnist", arrays)
    with pytest.raises(FileNotFoundError, match="Looked in"):
        load_mnist()


def test_explicit_path_missing_or_incomplete(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_mnist(tmp_path / "nowhere")
    arrays = _fake_mnist()
    del arrays["y_test"]
    _write_idx(tmp_path / "partial", arrays)
    with pytest.raises(FileNotFoundError) as info:
        load_mnist(tmp_path / "partial")
    problem = str(info.value).split("Expected")[0]  # the part before the list of file names
    assert "lacks the IDX files t10k-labels-idx1-ubyte" in problem
    assert "t10k-images-idx3-ubyte" not in problem


def test_read_idx_round_trip(tmp_path):
    arr = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    (tmp_path / "a").write_bytes(_idx_bytes(arr))
    (tmp_path / "a.gz").write_bytes(gzip.compress(_idx_bytes(arr)))
    np.testing.assert_array_equal(read_idx(tmp_path / "a"), arr)
    np.testing.assert_array_equal(read_idx(tmp_path / "a.gz"), arr)


def _corrupt(tmp_path, key, raw, compress=False):
    """A complete IDX directory whose file for ``key`` is replaced by ``raw``."""
    directory = _write_idx(tmp_path / "mnist", _fake_mnist(), compress=compress)
    name = MNIST_FILES[key] + (".gz" if compress else "")
    (directory / name).write_bytes(raw)
    return directory


def test_corrupt_magic_number(tmp_path):
    raw = bytearray(_idx_bytes(_fake_mnist()["x_train"]))
    raw[0:4] = b"\x12\x34\x56\x78"
    directory = _corrupt(tmp_path, "x_train", bytes(raw))
    with pytest.raises(ValueError, match=r"magic number 0x12345678.*0x00000803") as info:
        load_mnist(directory)
    assert "train-images-idx3-ubyte" in str(info.value)


def test_truncated_idx_data(tmp_path):
    raw = _idx_bytes(_fake_mnist()["x_test"])[:-10]
    directory = _corrupt(tmp_path, "x_test", raw)
    with pytest.raises(ValueError, match="truncated"):
        load_mnist(directory)


def test_truncated_gzip(tmp_path):
    raw = gzip.compress(_idx_bytes(_fake_mnist()["x_train"]))[:-20]
    directory = _corrupt(tmp_path, "x_train", raw, compress=True)
    with pytest.raises(ValueError, match="corrupt gzip"):
        load_mnist(directory)


def test_labels_in_place_of_images(tmp_path):
    raw = _idx_bytes(_fake_mnist()["y_train"])
    directory = _corrupt(tmp_path, "x_train", raw)
    with pytest.raises(ValueError, match="expected an IDX file of images"):
        load_mnist(directory)


def test_image_and_label_counts_disagree(tmp_path):
    raw = _idx_bytes(np.zeros(4, dtype=np.uint8))  # 4 labels for 5 images
    directory = _corrupt(tmp_path, "y_train", raw)
    with pytest.raises(ValueError, match=r"shape \(5,\)"):
        load_mnist(directory)


def _gzip_stream(header_and_data, zeros):
    """A gzip file of ``header_and_data`` followed by ``zeros`` zero bytes, compressed in chunks."""
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [packer.compress(header_and_data)]
    chunk = bytes(1 << 20)
    for _ in range(zeros >> 20):
        parts.append(packer.compress(chunk))
    parts.append(packer.flush())
    return b"".join(parts)


def test_gzip_that_inflates_past_its_declared_size_is_refused_with_little_memory(
    tmp_path, peak_bytes
):
    raw = _idx_bytes(_fake_mnist()["x_train"])  # declares 5 images
    bomb = _gzip_stream(raw, 200 << 20)  # then 200 MB of zeros
    assert len(bomb) < 500_000
    directory = _corrupt(tmp_path, "x_train", bomb, compress=True)
    peak, err = peak_bytes(lambda: load_mnist(directory))
    assert peak < 20_000_000, f"{peak / 1e6:.0f} MB allocated for a {len(bomb)}-byte file"
    assert isinstance(err, ValueError) and "holds more" in str(err), err


def test_gzip_header_declaring_more_than_the_file_can_hold_is_refused(tmp_path, peak_bytes):
    header = bytes([0, 0, 0x08, 3]) + np.array([1_000_000, 28, 28], dtype=">u4").tobytes()
    directory = _corrupt(tmp_path, "x_train", gzip.compress(header + bytes(100)), compress=True)
    peak, err = peak_bytes(lambda: load_mnist(directory))
    assert isinstance(err, ValueError) and "more than a gzip file" in str(err), err
    assert peak < 5_000_000


def test_labels_outside_0_to_9_are_refused(tmp_path):
    arrays = _fake_mnist()
    arrays["y_train"] = arrays["y_train"].copy()
    arrays["y_train"][3] = 10
    directory = _write_idx(tmp_path / "mnist", arrays)
    with pytest.raises(ValueError, match=r"0\.\.9, got 10 at position 3"):
        load_mnist(directory)


@pytest.mark.parametrize("bad", [1.5, np.nan, 3.0])
def test_non_integer_labels_are_refused(tmp_path, bad):
    arrays = _fake_mnist()
    arrays["y_test"] = arrays["y_test"].astype(np.float64)
    arrays["y_test"][1] = bad
    np.savez(tmp_path / "mnist.npz", **arrays)
    with pytest.raises(ValueError, match="integers 0..9, got an array of dtype float64"):
        load_mnist(tmp_path / "mnist.npz")


def test_float_images_of_0_to_255_are_scaled_and_of_0_to_1_kept(tmp_path):
    arrays = _fake_mnist()
    as_float = dict(arrays, x_train=arrays["x_train"].astype(np.float32))
    np.savez(tmp_path / "mnist.npz", **as_float)
    _check_loaded(load_mnist(tmp_path / "mnist.npz"), arrays)
    scaled = dict(arrays, x_train=arrays["x_train"] / 255.0, x_test=arrays["x_test"] / 255.0)
    np.savez(tmp_path / "scaled.npz", **scaled)
    _check_loaded(load_mnist(tmp_path / "scaled.npz"), arrays)


@pytest.mark.parametrize("bad", [-1.0, 256.0, np.nan, np.inf])
def test_images_outside_0_to_255_are_refused(tmp_path, bad):
    arrays = _fake_mnist()
    arrays["x_test"] = arrays["x_test"].astype(np.float64)
    arrays["x_test"][2, 5, 5] = bad
    np.savez(tmp_path / "mnist.npz", **arrays)
    with pytest.raises(ValueError, match="x_test"):
        load_mnist(tmp_path / "mnist.npz")


def test_idx_images_of_wider_integers_outside_0_to_255_are_refused(tmp_path):
    images = np.full((5, 28, 28), 300, dtype=">i2")
    header = bytes([0, 0, 0x0B, 3]) + np.array(images.shape, dtype=">u4").tobytes()
    directory = _corrupt(tmp_path, "x_train", header + images.tobytes())
    with pytest.raises(ValueError, match="0..255"):
        load_mnist(directory)


# ---------------------------------------------------------------------------
# Data shipped with the package
# ---------------------------------------------------------------------------


def test_imagenet_top5_reads_the_shipped_table_from_any_directory(tmp_path, monkeypatch):
    import csv
    from pathlib import Path

    monkeypatch.chdir(tmp_path)
    rows, source = data.imagenet_top5()
    shipped = Path(data.__file__).parent / "datasets" / "imagenet_top5.csv"
    lines = shipped.read_text(encoding="utf-8").splitlines()
    table = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    assert [(r["year"], r["model"], r["layers"], r["top5_error"]) for r in rows] == [
        (int(t["year"]), t["model"], int(t["layers"]), float(t["top5_error"])) for t in table
    ]
    assert len(rows) == len(table) > 0
    assert "Revolution of Depth" in source and "kaiminghe.com" in source
    assert not any(line.startswith("#") for line in source.splitlines())

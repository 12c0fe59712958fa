"""lecnn.data.mnist and lecnn.data.idx: MNIST from IDX, .gz and .npz files; corrupt files refused."""

import gzip

import numpy as np
import pytest

from lecnn.data import (
    MNIST_FILES,
    load_mnist,
    mnist_search_paths,
    read_idx,
)


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

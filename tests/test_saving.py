"""Save and load: bit-exact round trip, and a clear message when architectures differ."""

import numpy as np
import pytest

import lecnn


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_round_trip_is_bit_exact(tmp_path, dtype):
    net = lecnn.Network(
        [3, 5, 4, 2], hidden=["tanh", "relu"], output="softmax", seed=3, dtype=dtype
    )
    net.step(np.ones((2, 3)), [0, 1], 0.1)
    lecnn.save(net, tmp_path / "net.npz")
    back = lecnn.load(tmp_path / "net.npz")
    assert back.sizes == net.sizes and back.hidden == net.hidden and back.output == net.output
    assert back.dtype == net.dtype
    for a, b in zip(net.weights, back.weights, strict=True):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)


def test_file_needs_no_pickle(tmp_path):
    lecnn.save(lecnn.Network([2, 3, 2]), tmp_path / "net.npz")
    with np.load(tmp_path / "net.npz", allow_pickle=False) as data:
        assert sorted(data.files) == [
            "W_0",
            "W_1",
            "dtype",
            "format_version",
            "hidden",
            "output",
            "sizes",
        ]


def test_load_weights_into_a_matching_network(tmp_path):
    source = lecnn.Network([2, 3, 2], seed=1)
    lecnn.save(source, tmp_path / "a.npz")
    target = lecnn.Network([2, 3, 2], seed=2)
    lecnn.load_weights(target, tmp_path / "a.npz")
    np.testing.assert_array_equal(target.weights[0], source.weights[0])


def test_load_weights_names_what_differs_and_keeps_weights(tmp_path):
    lecnn.save(lecnn.Network([2, 3, 2], hidden="tanh"), tmp_path / "a.npz")
    target = lecnn.Network([2, 4, 2], hidden="relu", seed=5)
    before = [W.copy() for W in target.weights]
    with pytest.raises(
        ValueError, match=r"sizes: file has \(2, 3, 2\), network has \(2, 4, 2\)"
    ) as info:
        lecnn.load_weights(target, tmp_path / "a.npz")
    assert "hidden: file has ('tanh',), network has ('relu',)" in str(info.value)
    for a, b in zip(before, target.weights, strict=True):
        np.testing.assert_array_equal(a, b)


def test_loading_a_foreign_npz_is_a_clear_error(tmp_path):
    np.savez(tmp_path / "other.npz", a=np.ones(3))
    with pytest.raises(ValueError, match="not a lecnn network file"):
        lecnn.load(tmp_path / "other.npz")


# ---------------------------------------------------------------------------
# Writing: a failed save leaves the previous file; save and load name the same file
# ---------------------------------------------------------------------------


def test_save_and_load_without_suffix_name_the_same_file(tmp_path):
    net = lecnn.Network([2, 3, 2], seed=4)
    lecnn.save(net, tmp_path / "model")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.npz"]
    back = lecnn.load(tmp_path / "model")
    np.testing.assert_array_equal(back.weights[1], net.weights[1])
    back = lecnn.load(str(tmp_path / "model"))
    np.testing.assert_array_equal(back.weights[0], net.weights[0])


def test_failed_save_leaves_the_previous_file_as_it_was(tmp_path, monkeypatch):
    import errno

    old = lecnn.Network([2, 3, 2], seed=1)
    lecnn.save(old, tmp_path / "model.npz")
    before = (tmp_path / "model.npz").read_bytes()
    write_array = np.lib.format.write_array
    calls = []

    def disk_full(fp, array, *args, **kwargs):
        # the first array is written, then the disk is full
        calls.append(1)
        if len(calls) > 1:
            fp.write(b"\0" * 100)
            raise OSError(errno.ENOSPC, "No space left on device")
        return write_array(fp, array, *args, **kwargs)

    monkeypatch.setattr(np.lib.format, "write_array", disk_full)
    with pytest.raises(OSError, match="No space left"):
        lecnn.save(lecnn.Network([2, 5, 2], seed=2), tmp_path / "model.npz")
    monkeypatch.undo()
    assert (tmp_path / "model.npz").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.npz"], "a temporary file stayed"
    np.testing.assert_array_equal(lecnn.load(tmp_path / "model.npz").weights[0], old.weights[0])


# ---------------------------------------------------------------------------
# Reading: everything declared is checked before anything is allocated or read
# ---------------------------------------------------------------------------


def _arrays(net):
    """The arrays save() writes for ``net``."""
    return {
        "format_version": np.array(1),
        "sizes": np.array(net.sizes, dtype=np.int64),
        "hidden": np.array(net.hidden, dtype=str),
        "output": np.array(net.output),
        "dtype": np.array(net.dtype.name),
        **{f"W_{k}": W for k, W in enumerate(net.weights)},
    }


def test_declared_sizes_that_the_arrays_do_not_have_are_refused_before_allocating(
    tmp_path, peak_bytes
):
    arrays = _arrays(lecnn.Network([2, 3, 3, 2]))
    arrays["sizes"] = np.array([2, 5000, 5000, 2])  # W_1 alone would take 200 MB
    np.savez(tmp_path / "liar.npz", **arrays)
    assert (tmp_path / "liar.npz").stat().st_size < 5000
    peak, err = peak_bytes(lambda: lecnn.load(tmp_path / "liar.npz"))
    assert peak < 5_000_000, f"{peak / 1e6:.0f} MB allocated for a 5000-byte file"
    assert isinstance(err, ValueError), err
    assert "W_0 has shape (3, 3), but sizes (2, 5000, 5000, 2) declare" in str(err)


def test_sizes_that_network_refuses_are_refused(tmp_path):
    arrays = _arrays(lecnn.Network([2, 3, 2]))
    arrays["sizes"] = np.array([2, 0, 2])
    np.savez(tmp_path / "zero.npz", **arrays)
    with pytest.raises(ValueError, match="at least 1"):
        lecnn.load(tmp_path / "zero.npz")


def test_unused_arrays_are_not_read(tmp_path, peak_bytes):
    net = lecnn.Network([2, 3, 2])
    np.savez_compressed(tmp_path / "extra.npz", **_arrays(net), notes=np.zeros(50_000_000))
    assert (tmp_path / "extra.npz").stat().st_size < 1_000_000
    peak, err = peak_bytes(lambda: lecnn.load(tmp_path / "extra.npz"))
    assert err is None, err
    assert peak < 5_000_000, f"{peak / 1e6:.0f} MB allocated: the unused array was read"


def test_an_unknown_format_version_is_refused(tmp_path):
    arrays = _arrays(lecnn.Network([2, 3, 2]))
    arrays["format_version"] = np.array(2)
    np.savez(tmp_path / "future.npz", **arrays)
    with pytest.raises(ValueError, match="format_version 2"):
        lecnn.load(tmp_path / "future.npz")


def test_object_arrays_are_refused_without_unpickling(tmp_path, monkeypatch):
    import pickle

    arrays = _arrays(lecnn.Network([2, 3, 2]))
    arrays["hidden"] = np.array(["relu"], dtype=object)
    np.savez(tmp_path / "pickled.npz", **arrays)
    monkeypatch.setattr(pickle, "load", lambda *a, **k: pytest.fail("unpickled"))
    with pytest.raises(ValueError, match="hidden"):
        lecnn.load(tmp_path / "pickled.npz")


def test_an_array_shorter_than_its_header_declares_is_refused(tmp_path):
    import zipfile

    net = lecnn.Network([2, 3, 2])
    lecnn.save(net, tmp_path / "net.npz")
    # rewrite the archive with one value of W_0 cut off
    with zipfile.ZipFile(tmp_path / "net.npz") as src:
        members = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(tmp_path / "bad.npz", "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            if info.filename == "W_0.npy":
                data = data[:-8]  # header says 3 x 3 float64, the data are one short
            out.writestr(info.filename, data)
    with pytest.raises(ValueError, match="W_0"):
        lecnn.load(tmp_path / "bad.npz")

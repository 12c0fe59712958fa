"""Save and load: bit-exact round trip, and a clear message when architectures differ."""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import lecnn

ROOT = Path(__file__).resolve().parents[1]


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


# ---------------------------------------------------------------------------
# Files that are not the network's: read-only files, links, temporary files, names
# ---------------------------------------------------------------------------

# Runs a command as root without the capabilities that let root write any file: as an ordinary
# user, for whom a read-only file cannot be written (/work/shared/JUPYTER-NOTES.md).
AS_A_USER = [
    "setpriv",
    "--bounding-set=-dac_override,-dac_read_search",
    "--inh-caps=-dac_override,-dac_read_search",
]

READ_ONLY_SCRIPT = """
import os, sys
import numpy as np
import lecnn

path = sys.argv[1]
for name, write in [
    ("numpy", lambda: np.savez(path, a=np.zeros(3))),
    ("lecnn", lambda: lecnn.save(lecnn.Network([2, 3, 2], seed=9), path)),
]:
    try:
        write()
    except PermissionError as err:
        print(name, "PermissionError", err)
    else:
        print(name, "wrote the file")
"""


def _as_an_ordinary_user():
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("root here, and no setpriv to drop root's right to write read-only files")
    return AS_A_USER


def test_a_read_only_file_is_refused_with_permission_error_as_numpy_does(tmp_path):
    prefix = _as_an_ordinary_user()
    path = tmp_path / "model.npz"
    lecnn.save(lecnn.Network([2, 3, 2], seed=1), path)
    before = path.read_bytes()
    path.chmod(0o444)
    run = subprocess.run(
        [*prefix, sys.executable, "-c", READ_ONLY_SCRIPT, str(path)],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert run.returncode == 0, run.stderr
    numpy_line, lecnn_line = run.stdout.splitlines()
    assert numpy_line.startswith("numpy PermissionError"), "the check cannot tell: " + numpy_line
    assert lecnn_line.startswith("lecnn PermissionError"), lecnn_line
    assert "上書きしません" in lecnn_line and "read-only" in lecnn_line
    assert path.read_bytes() == before and path.stat().st_mode & 0o777 == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.npz"]


def test_saving_over_a_symbolic_link_writes_the_file_it_links_to(tmp_path):
    (tmp_path / "runs").mkdir()
    real = tmp_path / "runs" / "model_v1.npz"
    lecnn.save(lecnn.Network([2, 3, 2], seed=1), real)
    link = tmp_path / "model.npz"
    link.symlink_to(Path("runs") / "model_v1.npz")
    new = lecnn.Network([2, 3, 2], seed=2)
    assert lecnn.save(new, link) == link
    assert link.is_symlink() and os.readlink(link) == str(Path("runs") / "model_v1.npz")
    np.testing.assert_array_equal(lecnn.load(real).weights[0], new.weights[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.npz", "runs"]
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == ["model_v1.npz"]


KILLED_SCRIPT = """
import os, signal, sys
import numpy as np
import lecnn

def killed(stream, **arrays):  # half of the file written, then the process is killed
    stream.write(b"PK" + b"\\0" * 1_000_000)
    stream.flush()
    os.kill(os.getpid(), signal.SIGKILL)

np.savez = killed
lecnn.save(lecnn.Network([2, 3, 2], seed=5), sys.argv[1])
"""


def test_a_temporary_file_left_by_a_killed_save_is_removed_by_the_next_save(tmp_path):
    path = tmp_path / "model.npz"
    old = lecnn.Network([2, 3, 2], seed=1)
    lecnn.save(old, path)
    before = path.read_bytes()
    run = subprocess.run(
        [sys.executable, "-c", KILLED_SCRIPT, str(path)],
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert run.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    (left,) = [p for p in tmp_path.iterdir() if p != path]
    assert left.name.startswith(".model.npz.lecnn-tmp-") and left.stat().st_size > 1_000_000
    # a temporary file of a save still running, and files that only look alike, are kept
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as running:
        try:
            busy = tmp_path / f".model.npz.lecnn-tmp-{running.pid}-abcd1234"
            busy.write_bytes(b"being written")
            others = [tmp_path / ".other.npz.lecnn-tmp-1-x", tmp_path / "model.npz.lecnn-tmp-1-x"]
            for other in others:
                other.write_text("not this save's")
            new = lecnn.Network([2, 3, 2], seed=2)
            lecnn.save(new, path)
            assert not left.exists()
            assert busy.exists() and all(other.exists() for other in others)
        finally:
            running.kill()
    np.testing.assert_array_equal(lecnn.load(path).weights[0], new.weights[0])


@pytest.mark.parametrize("name", ["", ".npz", "models/", ".", " "])
def test_a_path_without_a_file_name_is_a_clear_error(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "models").mkdir()
    net = lecnn.Network([2, 3, 2])
    with pytest.raises(ValueError, match="ファイル名がありません.* / no file name"):
        lecnn.save(net, name)
    with pytest.raises(ValueError, match="no file name"):
        lecnn.load(name)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["models"]


# The metadata may take 2**16 bytes; numpy stores each layer's activation name in 4 bytes a
# character: "relu" in 16 bytes (65536 // 16 = 4096 layers), "sigmoid" in 28 (65536 // 28 = 2340).
@pytest.mark.parametrize("hidden, most", [("relu", 4096), ("sigmoid", 2340)])
def test_what_save_writes_load_reads_and_save_refuses_what_load_would(tmp_path, hidden, most):
    path = tmp_path / "deep.npz"
    deepest = lecnn.Network([1] + [1] * most + [2], hidden=hidden, seed=0)
    lecnn.save(deepest, path)
    assert lecnn.load(path).sizes == deepest.sizes
    too_deep = lecnn.Network([1] + [1] * (most + 1) + [2], hidden=hidden, seed=0)
    before = path.read_bytes()
    with pytest.raises(ValueError, match="hidden layers are more than a network file holds") as s:
        lecnn.save(too_deep, path)
    assert path.read_bytes() == before
    np.savez(path, **_arrays(too_deep))  # the file save would have written
    with pytest.raises(ValueError) as loaded:
        lecnn.load(path)
    assert str(s.value) == str(loaded.value)


def test_weights_that_load_would_refuse_are_not_saved(tmp_path):
    net = lecnn.Network([2, 3, 2], seed=1)
    net.weights[1][0, 2] = np.nan  # as a diverged training leaves them
    with pytest.raises(ValueError, match="W_1 に NaN か inf .* / W_1 contains NaN or inf"):
        lecnn.save(net, tmp_path / "model.npz")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_or_file_is_named_in_japanese_and_no_temporary_is_left(tmp_path):
    net = lecnn.Network([2, 3, 2], seed=0)
    with pytest.raises(FileNotFoundError, match="フォルダ .*nodir がありません"):
        lecnn.save(net, tmp_path / "nodir" / "model.npz")
    with pytest.raises(FileNotFoundError, match="ファイル .*missing.npz がありません"):
        lecnn.load(tmp_path / "missing.npz")
    assert list(tmp_path.iterdir()) == []


def test_what_is_not_a_network_or_not_a_file_is_refused(tmp_path):
    net = lecnn.Network([2, 3, 2], seed=0)
    with pytest.raises(TypeError, match="lecnn.Network です .*Sequential"):
        lecnn.save(lecnn.layers.from_network(net), tmp_path / "a.npz")
    lecnn.save(net, tmp_path / "a.npz")
    with pytest.raises(TypeError, match="lecnn.Network です .*str"):
        lecnn.load_weights("net", tmp_path / "a.npz")
    (tmp_path / "folder.npz").mkdir()
    with pytest.raises(ValueError, match="ふつうのファイルではありません"):
        lecnn.load(tmp_path / "folder.npz")
    os.mkfifo(tmp_path / "pipe.npz")  # reading it would wait for a writer forever
    with pytest.raises(ValueError, match="ふつうのファイルではありません"):
        lecnn.load(tmp_path / "pipe.npz")


def test_a_folder_that_may_not_be_written_is_refused(tmp_path):
    prefix = _as_an_ordinary_user()
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o555)
    script = (
        "import sys, lecnn\n"
        "try:\n"
        "    lecnn.save(lecnn.Network([2, 2], seed=0), sys.argv[1])\n"
        "except PermissionError as err:\n"
        "    print(err)\n"
    )
    run = subprocess.run(
        [*prefix, sys.executable, "-c", script, str(folder / "model.npz")],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert run.returncode == 0, run.stderr
    assert "書き込みが許可されていません" in run.stdout, run.stdout
    assert list(folder.iterdir()) == []

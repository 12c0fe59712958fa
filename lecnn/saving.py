"""Save and load a network as an ``.npz`` file (no pickle: safe to open from anyone).

The file holds the architecture (sizes, hidden, output, dtype) and the weights
W_0, ..., W_r under the names ``W_0``, ..., ``W_r``, stored bit for bit.

``save`` writes a temporary file beside the target and renames it over the target, so a save
that fails part-way leaves the previous file as it was. ``load`` reads the small architecture
arrays first, checks them and the headers of W_0..W_r (shape and dtype, without reading their
data) before it builds anything, and then reads only W_0..W_r.

What ``save`` writes, ``load`` reads: ``save`` refuses, with the message ``load`` would give, a
network that ``load`` would refuse (weights holding NaN or inf, an architecture larger than a
network file holds).

Files that are not the network's are left alone: ``save`` refuses to replace a file the user may
not write (a read-only file; PermissionError, as ``numpy.save`` gives), writes through a symbolic
link to the file it links to (the link stays a link), and removes only its own temporary files
(``.NAME.npz.lecnn-tmp-PID-XXXX``) left by a save whose process was killed mid-way.

Messages a student can meet are in Japanese, with the English after " / ".
"""

import errno
import os
import re
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from lecnn.network import Network
from lecnn.validation import (
    check_dtype,
    check_path,
    check_sizes,
    message,
    type_error,
    value_error,
)
from lecnn.validation.messages import SEPARATOR

FORMAT_VERSION = 1

SUFFIX = ".npz"

# The architecture arrays, with the number of dimensions each must have; none may hold more
# than MAX_META_BYTES.
_META = {"format_version": 0, "sizes": 1, "hidden": 1, "output": 0, "dtype": 0}
MAX_META_BYTES = 1 << 16

# Deflate cannot shrink data by more than about 1032:1, so a member that claims to inflate to
# more than this many times its stored size is corrupt.
_MAX_DEFLATE_RATIO = 1100


def npz_path(path):
    """The file that ``save(net, path)`` writes and ``load(path)`` reads.

    ``path`` itself if it ends in ``.npz``, else ``path`` with ``.npz`` appended (as
    ``numpy.savez`` names it).

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ValueError
        If ``path`` names no file: empty, a folder (ending in a separator), ``.npz`` alone.
    """
    text = check_path(path, "model.npz")
    separators = tuple(sep for sep in (os.sep, os.altsep) if sep)
    name = "" if text.endswith(separators) else os.path.basename(text)
    if name.strip() in ("", ".", "..", SUFFIX):
        raise value_error("save_no_name", text=text, suffix=SUFFIX)
    return Path(text if text.endswith(SUFFIX) else text + SUFFIX)


def save(net, path):
    """Write ``net`` to ``path`` (``.npz``; the suffix is added if missing).

    The file is written under a temporary name in the same directory and then renamed over
    ``path``: if writing fails (a full disk, an interrupted process), a file already at
    ``path`` keeps its previous contents. A temporary file left by a save that was killed
    mid-way (its process is gone) is removed by the next save of the same file.

    A file at ``path`` that the user may not write (read-only) is not replaced:
    PermissionError, as ``numpy.save`` gives. If ``path`` is a symbolic link, the file it links
    to gets the network and the link stays as it is.

    Parameters
    ----------
    net : lecnn.Network
    path : str or os.PathLike

    Returns
    -------
    pathlib.Path
        The file written (``path`` with ``.npz``; a link stays the name given).

    Raises
    ------
    ValueError
        If ``path`` names no file, or ``net`` cannot be read back by ``load`` (weights holding
        NaN or inf, more hidden layers than a network file holds); nothing is written.
    PermissionError
        If the file at ``path`` (or the folder) may not be written.
    """
    _check_net(net)
    target = npz_path(path)
    arrays = {
        "format_version": np.array(FORMAT_VERSION),
        "sizes": np.array(net.sizes, dtype=np.int64),
        "hidden": np.array(net.hidden, dtype=str),
        "output": np.array(net.output),
        "dtype": np.array(net.dtype.name),
    }
    for key, array in arrays.items():
        _check_meta(key, array.shape, array.nbytes, target)
    for k, W in enumerate(net.weights):
        if not np.all(np.isfinite(W)):
            raise value_error("save_not_finite", target=target, k=k)
        arrays[f"W_{k}"] = W
    # A link: the file it links to is the one replaced (numpy.save writes through it too).
    real = Path(os.path.realpath(target))
    if real.exists() and not os.access(real, os.W_OK):
        raise PermissionError(
            errno.EACCES,
            message("save_read_only"),
            str(target),
        )
    _check_folder(real.parent)
    _remove_stale_temporaries(real)
    handle, temporary = tempfile.mkstemp(dir=real.parent, prefix=_temporary_prefix(real))
    try:
        os.chmod(temporary, _file_mode(real))
        with os.fdopen(handle, "wb") as stream:
            np.savez(stream, **arrays)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, real)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _check_net(net):
    if not isinstance(net, Network):
        raise type_error("save_net", kind=type(net).__name__)


def _check_folder(folder):
    """Refuse, before any temporary file is made, a folder that is missing or not writable."""
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, message("save_no_folder", folder=folder), str(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(
            errno.EACCES, message("save_folder_read_only", folder=folder), str(folder)
        )


def _file_mode(target):
    """Permissions for the new file: those of the file it replaces, else 0o666 less the umask."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# Temporary files are named after their target and the process that writes them, so that a later
# save can tell one whose process is gone (killed mid-way) from one being written right now.
_TEMPORARY = ".lecnn-tmp-"


def _temporary_prefix(target):
    return f".{target.name}{_TEMPORARY}{os.getpid()}-"


def _process_is_gone(pid):
    if pid == os.getpid():
        return False
    if os.name == "nt":  # os.kill would end the process there; keep the file
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, but another user's
        return False
    return False


def _remove_stale_temporaries(target):
    """Remove ``target``'s temporary files left by saves whose process is gone."""
    pattern = re.compile(re.escape(f".{target.name}{_TEMPORARY}") + r"(\d+)-[^/\\]+")
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found and entry.is_file(follow_symlinks=False) and _process_is_gone(int(found.group(1))):
            try:
                os.unlink(entry.path)
            except OSError:
                pass


def _most_layers(name):
    """How many hidden layers of activation ``name`` a network file holds (4 bytes a letter)."""
    return MAX_META_BYTES // np.array([name]).itemsize


def _check_meta(key, shape, nbytes, path):
    """Raise ValueError if an architecture array is larger than a network file holds (the same
    check for ``save`` and ``load``)."""
    ndim = _META[key]
    if len(shape) != ndim or nbytes > MAX_META_BYTES:
        size = {"path": path, "most": MAX_META_BYTES, "shape": shape, "nbytes": nbytes}
        if key == "hidden" and len(shape) == 1:
            raise value_error(
                "file_hidden_many",
                count=shape[0],
                relu=_most_layers("relu"),
                sigmoid=_most_layers("sigmoid"),
                **size,
            )
        scalar = ndim == 0
        raise value_error(
            "file_meta_size",
            key=key,
            kind="scalar" if scalar else "1-D array",
            kind_ja="スカラー" if scalar else "1 次元配列",
            **size,
        )


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def _header(archive, info, path):
    """Shape and dtype of the .npy member ``info``, read from its header alone.

    Returns
    -------
    shape : tuple of int
    dtype : numpy.dtype
    nbytes : int
        Bytes of data the header declares.
    """
    name = info.filename[: -len(".npy")]
    if info.compress_type != zipfile.ZIP_STORED and (
        info.file_size > _MAX_DEFLATE_RATIO * max(info.compress_size, 1)
    ):
        raise value_error(
            "file_corrupt_size",
            path=path,
            name=name,
            size=info.file_size,
            compressed=info.compress_size,
        )
    with archive.open(info) as member:
        try:
            version = np.lib.format.read_magic(member)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(member)
            else:
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(member)
        except ValueError as err:
            raise value_error("file_bad_header", path=path, name=name, error=err) from None
        header_bytes = member.tell()
    if dtype.hasobject:
        raise value_error("file_objects", path=path, name=name)
    nbytes = int(np.prod(shape, dtype=object)) * dtype.itemsize
    if header_bytes + nbytes != info.file_size:
        raise value_error(
            "file_truncated",
            path=path,
            name=name,
            shape=shape,
            nbytes=nbytes,
            holds=info.file_size - header_bytes,
        )
    return tuple(int(s) for s in shape), dtype, nbytes


def _read_array(archive, info, path):
    with archive.open(info) as member:
        try:
            return np.lib.format.read_array(member, allow_pickle=False)
        except (ValueError, OSError, EOFError, zipfile.BadZipFile) as err:
            raise value_error("file_unreadable", path=path, name=info.filename, error=err) from None


def _meta(archive, members, path):
    """The architecture arrays, each checked by its header before it is read."""
    missing = sorted(_META.keys() - members.keys())
    if missing:
        raise value_error("file_lacks_meta", path=path, missing=missing)
    values = {}
    for key in _META:
        shape, dtype, nbytes = _header(archive, members[key], path)
        _check_meta(key, shape, nbytes, path)
        text = key in ("hidden", "output", "dtype")
        if (dtype.kind not in "US") if text else (dtype.kind not in "iu"):
            raise value_error(
                "file_meta_dtype",
                path=path,
                key=key,
                kind="text" if text else "integers",
                kind_ja="文字列" if text else "整数",
                dtype=dtype,
            )
        values[key] = _read_array(archive, members[key], path)
    version = int(values["format_version"])
    if version != FORMAT_VERSION:
        raise value_error("file_version", path=path, version=version, supported=FORMAT_VERSION)
    return {
        "sizes": check_sizes([int(q) for q in values["sizes"]]),
        "hidden": tuple(str(h) for h in values["hidden"]),
        "output": str(values["output"]),
        "dtype": _file_dtype(str(values["dtype"]), path),
    }


def _file_dtype(name, path):
    try:
        return check_dtype(name)
    except TypeError as err:
        japanese, _, english = str(err).partition(SEPARATOR)
        raise value_error(
            "file_field", path=path, error=japanese, error_en=english or japanese
        ) from None


def _read(path):
    """Architecture and weights of a network file, every declared size checked first.

    Returns
    -------
    architecture : dict
        sizes (tuple of int), hidden (tuple of str), output (str), dtype (numpy.dtype).
    weights : list of ndarray
        W_0..W_r as stored.
    """
    path = npz_path(path)
    if not path.exists():
        missing = message("load_missing", path=path, cwd=Path.cwd())
        raise FileNotFoundError(errno.ENOENT, missing, str(path))
    if not path.is_file():  # a folder, or a pipe that would block the read
        raise value_error("load_not_file", path=path)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise value_error("file_not_npz", path=path) from None
    try:
        with archive:
            return _read_archive(archive, path)
    except (zipfile.BadZipFile, EOFError) as err:  # a damaged member (its CRC, its length)
        raise value_error("file_damaged", path=path, error=err) from None


def _read_archive(archive, path):
    """Architecture and weights from the open ``archive`` (see ``_read``): every declared
    shape and dtype is checked from the headers before any weight array is read."""
    members = {
        info.filename[: -len(".npy")]: info
        for info in archive.infolist()
        if info.filename.endswith(".npy")
    }
    architecture = _meta(archive, members, path)
    sizes = architecture["sizes"]
    r = len(sizes) - 2
    for k in range(r + 1):
        key = f"W_{k}"
        if key not in members:
            raise value_error("file_lacks_weight", path=path, key=key, r=r, sizes=sizes)
        shape, dtype, _ = _header(archive, members[key], path)
        expected = (sizes[k + 1], sizes[k] + 1)
        if shape != expected:
            raise value_error(
                "file_weight_shape",
                path=path,
                key=key,
                shape=shape,
                sizes=sizes,
                k=k,
                k1=k + 1,
                expected=expected,
            )
        if dtype.kind != "f":
            raise value_error("file_weight_dtype", path=path, key=key, dtype=dtype)
    weights = [_read_array(archive, members[f"W_{k}"], path) for k in range(r + 1)]
    return architecture, weights


def load(path):
    """A new network with the architecture and weights stored in ``path``.

    Parameters
    ----------
    path : str or os.PathLike
        As given to ``save`` (``.npz`` is added if missing).

    Returns
    -------
    lecnn.Network

    Raises
    ------
    ValueError
        If the file is not a lecnn network file, has a format_version this lecnn does not read,
        or declares sizes that its weight arrays do not have. Nothing is built before the
        checks pass.
    """
    arch, weights = _read(path)
    net = Network(arch["sizes"], arch["hidden"], arch["output"], dtype=arch["dtype"])
    net.weights = weights
    return net


def load_weights(net, path):
    """Replace ``net``'s weights with those in ``path``.

    Raises ValueError naming every difference if the stored architecture is not
    ``net``'s (sizes, hidden activations, output); ``net`` is then unchanged.

    Parameters
    ----------
    net : lecnn.Network
    path : str or os.PathLike
    """
    _check_net(net)
    arch, weights = _read(path)
    ours = {"sizes": net.sizes, "hidden": net.hidden, "output": net.output}
    keys = [key for key in ours if arch[key] != ours[key]]
    if keys:
        raise value_error(
            "file_architecture",
            path=path,
            differences_ja="、".join(
                f"{key}: ファイルは {arch[key]!r}、ネットワークは {ours[key]!r}" for key in keys
            ),
            differences="; ".join(
                f"{key}: file has {arch[key]!r}, network has {ours[key]!r}" for key in keys
            ),
        )
    net.weights = weights  # checks shapes and finiteness, converts to net.dtype

"""Save and load a network as an ``.npz`` file (no pickle: safe to open from anyone).

The file holds the architecture (sizes, hidden, output, dtype) and the weights
W_0, ..., W_r under the names ``W_0``, ..., ``W_r``, stored bit for bit.

``save`` writes a temporary file beside the target and renames it over the target, so a save
that fails part-way leaves the previous file as it was. ``load`` reads the small architecture
arrays first, checks them and the headers of W_0..W_r (shape and dtype, without reading their
data) before it builds anything, and then reads only W_0..W_r.
"""

import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from lecnn.network import Network
from lecnn.validation import check_dtype, check_sizes

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
    """
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    return Path(text if text.endswith(SUFFIX) else text + SUFFIX)


def save(net, path):
    """Write ``net`` to ``path`` (``.npz``; the suffix is added if missing).

    The file is written under a temporary name in the same directory and then renamed over
    ``path``: if writing fails (a full disk, an interrupted process), a file already at
    ``path`` keeps its previous contents.

    Parameters
    ----------
    net : lecnn.Network
    path : str or os.PathLike

    Returns
    -------
    pathlib.Path
        The file written.
    """
    target = npz_path(path)
    arrays = {
        "format_version": np.array(FORMAT_VERSION),
        "sizes": np.array(net.sizes, dtype=np.int64),
        "hidden": np.array(net.hidden, dtype=str),
        "output": np.array(net.output),
        "dtype": np.array(net.dtype.name),
    }
    arrays.update({f"W_{k}": W for k, W in enumerate(net.weights)})
    directory = target.parent
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.chmod(temporary, _file_mode(target))
        with os.fdopen(handle, "wb") as stream:
            np.savez(stream, **arrays)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _file_mode(target):
    """Permissions for the new file: those of the file it replaces, else 0o666 less the umask."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


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
        raise ValueError(
            f"{path}: corrupt file: {name} claims {info.file_size} bytes stored in "
            f"{info.compress_size}"
        )
    with archive.open(info) as member:
        try:
            version = np.lib.format.read_magic(member)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(member)
            else:
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(member)
        except ValueError as err:
            raise ValueError(f"{path}: {name} is not a readable array ({err})") from None
        header_bytes = member.tell()
    if dtype.hasobject:
        raise ValueError(
            f"{path}: {name} holds Python objects; a lecnn network file holds numbers and "
            "text only (and lecnn never unpickles)"
        )
    nbytes = int(np.prod(shape, dtype=object)) * dtype.itemsize
    if header_bytes + nbytes != info.file_size:
        raise ValueError(
            f"{path}: corrupt file: the header of {name} declares shape {shape} "
            f"({nbytes} bytes of data), the file holds {info.file_size - header_bytes}"
        )
    return tuple(int(s) for s in shape), dtype, nbytes


def _read_array(archive, info, path):
    with archive.open(info) as member:
        try:
            return np.lib.format.read_array(member, allow_pickle=False)
        except (ValueError, OSError, EOFError, zipfile.BadZipFile) as err:
            raise ValueError(f"{path}: {info.filename} cannot be read ({err})") from None


def _meta(archive, members, path):
    """The architecture arrays, each checked by its header before it is read."""
    missing = sorted(_META.keys() - members.keys())
    if missing:
        raise ValueError(f"{path} is not a lecnn network file: it lacks {missing}")
    values = {}
    for key, ndim in _META.items():
        shape, dtype, nbytes = _header(archive, members[key], path)
        if len(shape) != ndim or nbytes > MAX_META_BYTES:
            raise ValueError(
                f"{path}: {key} must be a {'scalar' if ndim == 0 else '1-D array'} of at most "
                f"{MAX_META_BYTES} bytes; got shape {shape}, {nbytes} bytes"
            )
        text = key in ("hidden", "output", "dtype")
        if (dtype.kind not in "US") if text else (dtype.kind not in "iu"):
            raise ValueError(
                f"{path}: {key} must be {'text' if text else 'integers'}; got dtype {dtype}"
            )
        values[key] = _read_array(archive, members[key], path)
    version = int(values["format_version"])
    if version != FORMAT_VERSION:
        raise ValueError(
            f"{path}: format_version {version} is not one this lecnn reads "
            f"(it reads {FORMAT_VERSION}); save the network again with the lecnn that wrote it, "
            "or update lecnn"
        )
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
        raise ValueError(f"{path}: {err}") from None


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
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ValueError(f"{path} is not a lecnn network file (not an .npz archive)") from None
    with archive:
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
                raise ValueError(f"{path} lacks {key} (expected W_0..W_{r} for sizes {sizes})")
            shape, dtype, _ = _header(archive, members[key], path)
            expected = (sizes[k + 1], sizes[k] + 1)
            if shape != expected:
                raise ValueError(
                    f"{path}: {key} has shape {shape}, but sizes {sizes} declare "
                    f"(q_{k + 1}, q_{k} + 1) = {expected}"
                )
            if dtype.kind != "f":
                raise ValueError(f"{path}: {key} must hold floats; got dtype {dtype}")
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
    arch, weights = _read(path)
    ours = {"sizes": net.sizes, "hidden": net.hidden, "output": net.output}
    differences = [
        f"{key}: file has {arch[key]!r}, network has {ours[key]!r}"
        for key in ours
        if arch[key] != ours[key]
    ]
    if differences:
        raise ValueError(
            f"the architecture in {path} differs from the network's: " + "; ".join(differences)
        )
    net.weights = weights  # checks shapes and finiteness, converts to net.dtype

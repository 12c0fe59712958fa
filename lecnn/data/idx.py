"""Reading IDX files (the MNIST format), gzipped or not, with their size checked first."""

import gzip
import zlib
from pathlib import Path

import numpy as np

from lecnn.validation import check_path, value_error

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
    path = Path(check_path(path, "train-images-idx3-ubyte.gz"))
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
        raise value_error("gzip_corrupt", path=path, error=err) from err


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
        raise value_error("idx_short", path=path, length=len(head))
    magic = int.from_bytes(head, "big")
    if head[0] != 0 or head[1] != 0 or head[2] not in IDX_DTYPES:
        raise value_error("idx_magic", path=path, magic=magic)
    ndim = head[3]
    sizes = stream.read(4 * ndim)
    start = 4 + 4 * ndim
    if len(sizes) < 4 * ndim:
        raise value_error("idx_header", path=path, length=4 + len(sizes), start=start)
    shape = tuple(int(s) for s in np.frombuffer(sizes, dtype=">u4"))
    dtype = np.dtype(IDX_DTYPES[head[2]])
    nbytes = int(np.prod(shape, dtype=object)) * dtype.itemsize
    declared = {"path": path, "shape": shape, "nbytes": nbytes}
    if not compressed and nbytes != stored - start:
        raise value_error("idx_size", holds=stored - start, **declared)
    if compressed and nbytes > _MAX_DEFLATE_RATIO * stored:
        raise value_error("idx_gzip_size", stored=stored, **declared)
    data = np.empty(shape, dtype=dtype)
    got = _read_full(stream, memoryview(data.reshape(-1).view(np.uint8)))
    if got < nbytes:
        raise value_error("idx_size", holds=got, **declared)
    if stream.read(1):
        raise value_error("idx_extra", **declared)
    return data

"""Save and load a network as an ``.npz`` file (no pickle: safe to open from anyone).

The file holds the architecture (sizes, hidden, output, dtype) and the weights
W_0, ..., W_r under the names ``W_0``, ..., ``W_r``, stored bit for bit.
"""

import numpy as np

from lecnn.network import Network

FORMAT_VERSION = 1


def save(net, path):
    """Write ``net`` to ``path`` (``.npz``; numpy adds the suffix if missing).

    Parameters
    ----------
    net : lecnn.Network
    path : str or os.PathLike
    """
    arrays = {f"W_{k}": W for k, W in enumerate(net.weights)}
    np.savez(
        path,
        format_version=np.array(FORMAT_VERSION),
        sizes=np.array(net.sizes, dtype=np.int64),
        hidden=np.array(net.hidden, dtype=str),
        output=np.array(net.output),
        dtype=np.array(net.dtype.name),
        **arrays,
    )


def _read(path):
    with np.load(path, allow_pickle=False) as data:
        contents = {key: data[key] for key in data.files}
    missing = {"sizes", "hidden", "output", "dtype"} - contents.keys()
    if missing:
        raise ValueError(f"{path} is not a lecnn network file: it lacks {sorted(missing)}")
    architecture = {
        "sizes": tuple(int(q) for q in contents["sizes"]),
        "hidden": tuple(str(h) for h in contents["hidden"]),
        "output": str(contents["output"]),
        "dtype": str(contents["dtype"]),
    }
    r = len(architecture["sizes"]) - 2
    weights = []
    for k in range(r + 1):
        if f"W_{k}" not in contents:
            raise ValueError(
                f"{path} lacks W_{k} (expected W_0..W_{r} for sizes {architecture['sizes']})"
            )
        weights.append(contents[f"W_{k}"])
    return architecture, weights


def load(path):
    """A new network with the architecture and weights stored in ``path``.

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    lecnn.Network
    """
    arch, weights = _read(path)
    net = Network(arch["sizes"], arch["hidden"], arch["output"], dtype=np.dtype(arch["dtype"]))
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

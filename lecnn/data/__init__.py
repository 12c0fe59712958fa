"""Small data sets for the notebooks, and helpers to split and encode them.

Everything follows the package's convention that a batch is a stack of rows:
inputs ``X`` have shape ``(n, d)``, class labels have shape ``(n,)``.

==============  ===================================================================
module          what it holds
==============  ===================================================================
``toy``         the toy 2-D classification sets (``spirals``, ``circles``, ``xor``,
                ``blobs``; ``DATASETS``, ``make_dataset``) and the 1-D ``sine``
``digits``      ``load_digits``: the 8x8 digits bundled with scikit-learn
``idx``         ``read_idx``: one IDX file (the MNIST format), gzipped or not
``mnist``       ``load_mnist``: MNIST from files the user already has (never downloads)
``imagenet``    ``imagenet_top5``: the ImageNet top-5 table shipped in ``lecnn/datasets/``
``split``       ``train_test_split``, ``train_val_test_split``
``encoding``    ``one_hot``
==============  ===================================================================

Every name is available here as ``lecnn.data.<name>``.

>>> X, labels = make_dataset("xor", n=8, seed=0)
>>> X.shape, one_hot(labels, 2).shape
((8, 2), (8, 2))
"""

from lecnn.data.digits import load_digits
from lecnn.data.encoding import one_hot
from lecnn.data.idx import IDX_DTYPES, read_idx
from lecnn.data.imagenet import imagenet_top5
from lecnn.data.mnist import (
    MNIST_ENV,
    MNIST_FILES,
    MNIST_NPZ,
    MNIST_SEARCH_PATHS,
    load_mnist,
    mnist_search_paths,
)
from lecnn.data.split import train_test_split, train_val_test_split
from lecnn.data.toy import (
    BLOB_RADIUS,
    DATASETS,
    SPIRAL_TURNS,
    XOR_MARGIN,
    blob_centers,
    blobs,
    circles,
    make_dataset,
    sine,
    spirals,
    xor,
)

__all__ = [
    "BLOB_RADIUS",
    "DATASETS",
    "IDX_DTYPES",
    "MNIST_ENV",
    "MNIST_FILES",
    "MNIST_NPZ",
    "MNIST_SEARCH_PATHS",
    "SPIRAL_TURNS",
    "XOR_MARGIN",
    "blob_centers",
    "blobs",
    "circles",
    "imagenet_top5",
    "load_digits",
    "load_mnist",
    "make_dataset",
    "mnist_search_paths",
    "one_hot",
    "read_idx",
    "sine",
    "spirals",
    "train_test_split",
    "train_val_test_split",
    "xor",
]

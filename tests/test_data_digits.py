"""lecnn.data.digits: the bundled 8x8 digits."""

import numpy as np

from lecnn.data import (
    load_digits,
)


def test_load_digits():
    X, labels = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(np.unique(labels), np.arange(10))

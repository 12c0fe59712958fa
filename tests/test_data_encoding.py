"""lecnn.data.encoding: one_hot."""

import numpy as np
import pytest

from lecnn.data import (
    one_hot,
)


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

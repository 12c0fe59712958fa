"""lecnn.data.train_val_test_split: three disjoint parts of the stated sizes, reproducible."""

import numpy as np
import pytest

from lecnn.data import train_val_test_split


def _data(n=100, m=4):
    X = np.arange(n * 2, dtype=float).reshape(n, 2)  # row i is (2i, 2i + 1): identifies sample i
    y = np.arange(n) % m
    return X, y


def test_parts_have_the_stated_sizes_and_cover_every_sample_once():
    X, y = _data(101)
    X_tr, X_va, X_te, y_tr, y_va, y_te = train_val_test_split(X, y, 0.2, 0.3, seed=1)
    assert (len(X_va), len(X_te)) == (21, 31)  # ceil(0.2 * 101), ceil(0.3 * 101)
    assert len(X_tr) == 101 - 21 - 31
    ids = np.concatenate([X_tr[:, 0], X_va[:, 0], X_te[:, 0]]) / 2
    assert sorted(ids.astype(int)) == list(range(101))


def test_rows_stay_paired_with_their_labels():
    X, y = _data(60, m=7)
    X_tr, X_va, X_te, y_tr, y_va, y_te = train_val_test_split(X, y, seed=3)
    for Xp, yp in ((X_tr, y_tr), (X_va, y_va), (X_te, y_te)):
        assert np.array_equal((Xp[:, 0] / 2).astype(int) % 7, yp)


def test_same_seed_same_split_other_seed_other_split():
    X, y = _data()
    a = train_val_test_split(X, y, seed=0)
    b = train_val_test_split(X, y, seed=0)
    c = train_val_test_split(X, y, seed=1)
    assert all(np.array_equal(p, q) for p, q in zip(a, b, strict=True))
    assert not np.array_equal(a[2], c[2])


def test_stratify_keeps_each_class_share_in_every_part():
    X, y = _data(200, m=4)  # 50 per class
    _, _, _, y_tr, y_va, y_te = train_val_test_split(X, y, 0.2, 0.2, seed=0, stratify=True)
    assert list(np.bincount(y_va)) == [10] * 4
    assert list(np.bincount(y_te)) == [10] * 4
    assert list(np.bincount(y_tr)) == [30] * 4


@pytest.mark.parametrize(
    ("val_size", "test_size", "error", "fragment"),
    [
        (0.0, 0.2, ValueError, "val_size must be a fraction"),
        (0.2, 1.0, ValueError, "test_size must be a fraction"),
        (0.5, 0.5, ValueError, "must be below 1"),
        (10, 0.2, ValueError, "val_size must be a fraction"),
        ("0.2", 0.2, TypeError, "val_size"),
        (True, 0.2, TypeError, "val_size"),
    ],
)
def test_bad_sizes_say_what_was_expected(val_size, test_size, error, fragment):
    X, y = _data()
    with pytest.raises(error, match=fragment):
        train_val_test_split(X, y, val_size, test_size)


def test_too_few_samples_for_three_parts():
    X, y = _data(3)
    with pytest.raises(ValueError, match="no training sample"):
        train_val_test_split(X, y, 0.4, 0.4)


def test_mismatched_rows_are_refused():
    X, y = _data()
    with pytest.raises(ValueError, match="same number of rows"):
        train_val_test_split(X, y[:-1])

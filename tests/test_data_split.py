"""lecnn.data.split: train_test_split and train_val_test_split (disjoint parts of the stated
sizes, reproducible, bad sizes refused alike)."""

import numpy as np
import pytest

from lecnn.data import make_dataset, one_hot, train_test_split, train_val_test_split


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


# --- train_test_split


def _indexed(n):
    """X whose row i is (i, -i), and y = i, so every row can be traced."""
    i = np.arange(n)
    return np.column_stack([i, -i]).astype(float), i


def test_split_sizes_disjoint_and_paired():
    X, y = _indexed(10)
    X_train, X_test, y_train, y_test = train_test_split(X, y)
    assert X_train.shape == (7, 2) and X_test.shape == (3, 2)  # ceil(0.25 * 10) = 3
    assert y_train.shape == (7,) and y_test.shape == (3,)
    np.testing.assert_array_equal(X_train[:, 0], y_train)
    np.testing.assert_array_equal(X_test[:, 0], y_test)
    assert set(y_train).isdisjoint(y_test)
    assert sorted(np.concatenate([y_train, y_test])) == list(range(10))


def test_split_shuffles_deterministically():
    X, y = _indexed(100)
    first = train_test_split(X, y, seed=1)
    again = train_test_split(X, y, seed=1)
    other = train_test_split(X, y, seed=2)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[3], other[3])
    assert not np.array_equal(np.sort(first[3]), np.arange(75, 100))  # not just the tail


def test_split_integer_count_and_one_hot_targets():
    X, y = _indexed(20)
    X_train, X_test, Y_train, Y_test = train_test_split(X, one_hot(y), test_size=5)
    assert len(X_test) == 5 and len(X_train) == 15
    assert Y_test.shape == (5, 20)
    np.testing.assert_array_equal(Y_test.argmax(axis=1), X_test[:, 0])


def test_split_stratify_keeps_class_shares():
    y = np.repeat([0, 1, 2], [60, 30, 10])
    X = np.arange(100).reshape(100, 1)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=True)
    np.testing.assert_array_equal(np.bincount(y_test), [12, 6, 2])
    np.testing.assert_array_equal(np.bincount(y_train), [48, 24, 8])
    np.testing.assert_array_equal(y[X_test[:, 0]], y_test)
    assert set(X_train[:, 0]).isdisjoint(X_test[:, 0])
    assert np.count_nonzero(np.diff(y_test)) > 2  # the test part is shuffled


def test_split_stratify_gives_the_exact_test_count():
    _, y = make_dataset("blobs", n=100, centers=3)
    X = np.zeros((100, 2))
    _, X_test, _, y_test = train_test_split(X, y, test_size=0.25, stratify=True)
    assert len(X_test) == 25
    assert np.bincount(y_test).max() - np.bincount(y_test).min() <= 1


def test_split_stratify_with_one_hot_targets():
    y = np.repeat([0, 1], [80, 20])
    _, _, _, Y_test = train_test_split(np.zeros((100, 1)), one_hot(y), stratify=True)
    np.testing.assert_array_equal(Y_test.sum(axis=0), [20, 5])


@pytest.mark.parametrize(
    ("n_y", "test_size", "error", "message"),
    [
        (9, 0.25, ValueError, r"same number of rows, got 10 .* and 9"),
        (10, 0.0, ValueError, r"\(0, 1\); got 0.0"),
        (10, 1.0, ValueError, r"\(0, 1\); got 1.0"),
        (10, 1.5, ValueError, r"\(0, 1\); got 1.5"),
        (10, 0, ValueError, "1..9"),
        (10, 10, ValueError, "1..9"),
        (10, True, TypeError, "fraction"),
        (10, "half", TypeError, "fraction"),
    ],
)
def test_split_errors(n_y, test_size, error, message):
    X = np.zeros((10, 2))
    with pytest.raises(error, match=message):
        train_test_split(X, np.zeros(n_y), test_size=test_size)


def test_split_large_fraction_leaving_no_training_data():
    with pytest.raises(ValueError, match="at least one"):
        train_test_split(np.zeros((3, 1)), np.zeros(3), test_size=0.9)


# --- one validator: the same bad size gets the same error from both splits

BAD_FRACTIONS = [
    0.0,
    1.0,
    1.5,
    -0.25,
    float("nan"),
    float("inf"),
    True,
    np.bool_(False),
    "0.2",
    None,
]


def _raised(split):
    with pytest.raises((TypeError, ValueError)) as caught:
        split()
    return type(caught.value), str(caught.value)


@pytest.mark.parametrize("bad", BAD_FRACTIONS, ids=repr)
def test_both_splits_refuse_a_bad_test_size_with_the_same_error(bad):
    X, y = _data()
    alone = _raised(lambda: train_test_split(X, y, test_size=bad))
    three = _raised(lambda: train_val_test_split(X, y, val_size=0.2, test_size=bad))
    assert alone == three
    assert "test_size must be a fraction in (0, 1)" in alone[1]
    assert "test_size は 0 より大きく 1 より小さい割合" in alone[1]


@pytest.mark.parametrize("bad", BAD_FRACTIONS, ids=repr)
def test_val_size_is_refused_as_test_size_is(bad):
    X, y = _data()
    val_type, val_text = _raised(lambda: train_val_test_split(X, y, val_size=bad, test_size=0.2))
    test_type, test_text = _raised(lambda: train_test_split(X, y, test_size=bad))
    assert val_type is test_type
    assert val_text == test_text.replace("test_size", "val_size")

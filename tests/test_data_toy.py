"""lecnn.data.toy: the toy 2-D sets (registry, shapes, seeds, geometry, bad arguments) and sine."""

import numpy as np
import pytest

from lecnn import data
from lecnn.data import (
    DATASETS,
    blob_centers,
    blobs,
    circles,
    make_dataset,
    sine,
    spirals,
    xor,
)

NAMES = sorted(DATASETS)

# ---------------------------------------------------------------------------
# Toy 2-D classification sets
# ---------------------------------------------------------------------------


def test_registry_lists_the_four_sets():
    assert set(DATASETS) == {"spirals", "circles", "xor", "blobs"}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("n", [1, 7, 200])
def test_shapes_and_dtypes(name, n):
    X, labels = make_dataset(name, n=n)
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert labels.shape == (n,) and labels.dtype == np.int64
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_same_data_other_seed_other_data(name):
    X1, l1 = make_dataset(name, seed=3)
    X2, l2 = make_dataset(name, seed=3)
    X3, _ = make_dataset(name, seed=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(l1, l2)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize("name", NAMES)
def test_seed_matters_even_without_noise(name):
    X1, _ = make_dataset(name, noise=0, seed=0)
    X2, _ = make_dataset(name, noise=0, seed=1)
    assert not np.array_equal(X1, X2)


@pytest.mark.parametrize(
    ("name", "kwargs", "k"),
    [
        ("spirals", {}, 2),
        ("spirals", {"classes": 3}, 3),
        ("spirals", {"classes": 5}, 5),
        ("circles", {}, 2),
        ("xor", {}, 2),
        ("blobs", {}, 3),
        ("blobs", {"centers": 4}, 4),
    ],
)
@pytest.mark.parametrize("n", [200, 203])
def test_classes_are_balanced(name, kwargs, k, n):
    _, labels = make_dataset(name, n=n, **kwargs)
    counts = np.bincount(labels)
    assert len(counts) == k
    assert counts.sum() == n
    assert counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", NAMES)
def test_default_data_fits_a_fixed_plot_window(name):
    X, _ = make_dataset(name)
    assert np.abs(X).max() <= 1.5


@pytest.mark.parametrize("name", NAMES)
def test_rows_are_shuffled(name):
    _, labels = make_dataset(name, n=200)
    # sorted by class, the label would change only (number of classes - 1) times
    assert np.count_nonzero(np.diff(labels)) > 20


@pytest.mark.parametrize("classes", [2, 3])
def test_clean_spirals_lie_on_their_arms(classes):
    X, labels = spirals(n=300, noise=0, classes=classes)
    r = np.hypot(X[:, 0], X[:, 1])
    assert r.max() <= 1.0
    expected = 2 * np.pi * labels / classes + 2 * np.pi * data.SPIRAL_TURNS * r
    # the point's angle equals the arm's angle up to whole turns
    diff = np.angle(np.exp(1j * (np.arctan2(X[:, 1], X[:, 0]) - expected)))
    np.testing.assert_allclose(diff, 0, atol=1e-9)


@pytest.mark.parametrize("factor", [0.5, 0.3])
def test_clean_circles_have_radii_one_and_factor(factor):
    X, labels = circles(n=101, noise=0, factor=factor)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[labels == 0], 1.0)
    np.testing.assert_allclose(r[labels == 1], factor)


def test_noisy_circles_are_off_the_circles():
    X, labels = circles(noise=0.1)
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.abs(r[labels == 0] - 1).max() > 0.05


def test_clean_xor_labels_follow_the_sign_rule():
    X, labels = xor(n=400, noise=0)
    np.testing.assert_array_equal(labels, (X[:, 0] > 0) != (X[:, 1] > 0))
    assert np.abs(X).min() >= data.XOR_MARGIN
    assert np.abs(X).max() <= 1.0
    quadrants = {(bool(a), bool(b)) for a, b in X > 0}
    assert len(quadrants) == 4


def test_clean_blobs_sit_on_their_centres():
    X, labels = blobs(n=90, noise=0, centers=3)
    centers = blob_centers(3)
    np.testing.assert_allclose(X, centers[labels])


def test_noisy_blobs_spread_around_their_centres():
    noise = 0.2
    X, labels = blobs(n=3000, noise=noise, centers=4)
    centers = blob_centers(4)
    for c in range(4):
        points = X[labels == c]
        np.testing.assert_allclose(points.mean(axis=0), centers[c], atol=0.05)
        np.testing.assert_allclose(points.std(axis=0), noise, rtol=0.15)


def test_blob_centres_are_distinct_and_on_a_circle():
    centers = blob_centers(5)
    assert centers.shape == (5, 2)
    np.testing.assert_allclose(np.hypot(*centers.T), data.BLOB_RADIUS)
    assert len(np.unique(centers.round(6), axis=0)) == 5


def test_make_dataset_matches_the_function_and_passes_options():
    X1, l1 = make_dataset("spirals", n=50, noise=0.2, seed=7, classes=3)
    X2, l2 = spirals(n=50, noise=0.2, seed=7, classes=3)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(l1, l2)


def test_make_dataset_unknown_name_lists_known_names():
    with pytest.raises(ValueError, match="moons") as info:
        make_dataset("moons")
    for name in DATASETS:
        assert name in str(info.value)


@pytest.mark.parametrize(
    ("name", "known"), [("xor", "n, noise, seed"), ("spirals", "n, noise, seed, classes")]
)
def test_make_dataset_names_an_unknown_keyword_and_the_ones_the_set_takes(name, known):
    with pytest.raises(TypeError) as info:
        make_dataset(name, bogus=3)
    japanese, _, english = str(info.value).partition(" / ")
    assert "キーワード" in japanese and "bogus" in japanese and known in japanese
    assert "bogus" in english and known in english
    assert "unexpected keyword" not in str(info.value)  # not Python's own error from inside


@pytest.mark.parametrize(
    ("func", "kwargs", "error"),
    [
        (spirals, {"n": 0}, ValueError),
        (spirals, {"n": 10.0}, TypeError),
        (spirals, {"n": True}, TypeError),
        (spirals, {"noise": -0.1}, ValueError),
        (spirals, {"noise": "high"}, TypeError),
        (spirals, {"classes": 1}, ValueError),
        (circles, {"factor": 1.0}, ValueError),
        (circles, {"factor": 0}, ValueError),
        (circles, {"factor": "0.5"}, TypeError),  # as every fraction (validation.check_fraction)
        (xor, {"noise": float("nan")}, ValueError),
        (blobs, {"centers": 1}, ValueError),
        (blobs, {"centers": 2.5}, TypeError),
    ],
)
def test_bad_arguments_raise(func, kwargs, error):
    with pytest.raises(error):
        func(**kwargs)


def test_bad_argument_message_says_expected_and_got():
    with pytest.raises(ValueError, match=r"n must be at least 1; got -3"):
        xor(n=-3)


# ---------------------------------------------------------------------------
# sine
# ---------------------------------------------------------------------------


def test_sine_shapes_sorted_and_in_range():
    X, Y = sine(n=50)
    assert X.shape == (50, 1) and Y.shape == (50, 1)
    assert X.dtype == np.float64 and Y.dtype == np.float64
    assert np.all(np.diff(X[:, 0]) >= 0)
    assert X.min() >= -np.pi and X.max() < np.pi


def test_sine_clean_is_exact_and_noise_has_the_right_size():
    X, Y = sine(n=100, noise=0)
    np.testing.assert_array_equal(Y, np.sin(X))
    X, Y = sine(n=5000, noise=0.3)
    assert abs(np.std(Y - np.sin(X)) - 0.3) < 0.02


def test_sine_deterministic_by_seed():
    np.testing.assert_array_equal(sine(seed=1)[1], sine(seed=1)[1])
    assert not np.array_equal(sine(seed=1)[0], sine(seed=2)[0])


def test_sine_custom_function_and_interval():
    X, Y = sine(n=30, noise=0, low=0, high=2, func=np.square)
    assert X.min() >= 0 and X.max() < 2
    np.testing.assert_array_equal(Y, X**2)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"low": 1, "high": 1}, ValueError),
        ({"low": 2, "high": 1}, ValueError),
        ({"func": "sin"}, TypeError),
        ({"func": lambda x: x.ravel()}, ValueError),
    ],
)
def test_sine_bad_arguments(kwargs, error):
    with pytest.raises(error):
        sine(**kwargs)

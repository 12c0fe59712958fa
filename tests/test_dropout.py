"""lecnn.layers.Dropout: inverted dropout, its backward through the mask, and its two modes."""

import numpy as np
import pytest

from lecnn.gradcheck import numerical_gradient
from lecnn.layers import Dropout


def test_training_keeps_each_value_with_probability_one_minus_p_and_scales_it():
    z = np.random.default_rng(0).normal(size=(200, 50))
    layer = Dropout(p=0.3, seed=1)
    out = layer.forward(z)
    kept = out != 0
    assert abs(kept.mean() - 0.7) < 0.02
    np.testing.assert_allclose(out[kept], z[kept] / 0.7, rtol=1e-15)
    np.testing.assert_array_equal(layer.mask, kept / 0.7)
    ones = layer.forward(np.ones((400, 400)))  # inverted: the mean is kept
    assert abs(ones.mean() - 1) < 0.01


def test_backward_is_the_mask_times_the_gradient_and_matches_central_differences():
    rng = np.random.default_rng(2)
    z, c = rng.normal(size=(4, 6)), rng.normal(size=(4, 6))
    layer = Dropout(p=0.5, seed=3)
    layer.forward(z)
    mask = layer.mask.copy()
    grad = layer.backward(c)
    np.testing.assert_array_equal(grad, c * mask)
    assert np.all(grad[mask == 0] == 0)  # nothing flows through a dropped unit

    def energy(v):  # E = Σ c ⊙ (M ⊙ v) with the same mask
        return float(np.sum(c * v * mask))

    np.testing.assert_allclose(grad, numerical_gradient(energy, z), rtol=1e-7, atol=1e-9)


def test_a_fresh_mask_every_forward_and_the_same_masks_from_the_same_seed():
    z = np.ones((10, 10))
    a, b = Dropout(0.5, seed=4), Dropout(0.5, seed=4)
    first, second = a.forward(z), a.forward(z)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(b.forward(z), first)


def test_evaluation_mode_is_the_identity_both_ways():
    z = np.random.default_rng(5).normal(size=(3, 4))
    layer = Dropout(0.5, seed=0).eval()
    np.testing.assert_array_equal(layer.forward(z), z)
    np.testing.assert_array_equal(layer.backward(2 * z), 2 * z)
    assert layer.mask is None
    assert layer.train().training and np.any(layer.forward(np.ones((50, 50))) == 0)


def test_p_zero_drops_nothing_and_float32_stays_float32():
    z = np.random.default_rng(6).normal(size=(5, 5)).astype(np.float32)
    np.testing.assert_array_equal(Dropout(0.0).forward(z), z)
    out = Dropout(0.25, seed=0).forward(z)
    assert out.dtype == np.float32


@pytest.mark.parametrize("p, error", [(-0.1, ValueError), (1.0, ValueError), ("0.5", TypeError)])
def test_a_bad_probability_is_refused(p, error):
    with pytest.raises(error, match="p"):
        Dropout(p)


def test_backward_before_forward_and_a_wrong_shape_are_refused():
    layer = Dropout(0.5)
    with pytest.raises(RuntimeError, match="forward"):
        layer.backward(np.ones(3))
    layer.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        layer.backward(np.ones(3))

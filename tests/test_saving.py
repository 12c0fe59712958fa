"""Save and load: bit-exact round trip, and a clear message when architectures differ."""

import numpy as np
import pytest

import lecnn


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_round_trip_is_bit_exact(tmp_path, dtype):
    net = lecnn.Network(
        [3, 5, 4, 2], hidden=["tanh", "relu"], output="softmax", seed=3, dtype=dtype
    )
    net.step(np.ones((2, 3)), [0, 1], 0.1)
    lecnn.save(net, tmp_path / "net.npz")
    back = lecnn.load(tmp_path / "net.npz")
    assert back.sizes == net.sizes and back.hidden == net.hidden and back.output == net.output
    assert back.dtype == net.dtype
    for a, b in zip(net.weights, back.weights, strict=True):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)


def test_file_needs_no_pickle(tmp_path):
    lecnn.save(lecnn.Network([2, 3, 2]), tmp_path / "net.npz")
    with np.load(tmp_path / "net.npz", allow_pickle=False) as data:
        assert sorted(data.files) == [
            "W_0",
            "W_1",
            "dtype",
            "format_version",
            "hidden",
            "output",
            "sizes",
        ]


def test_load_weights_into_a_matching_network(tmp_path):
    source = lecnn.Network([2, 3, 2], seed=1)
    lecnn.save(source, tmp_path / "a.npz")
    target = lecnn.Network([2, 3, 2], seed=2)
    lecnn.load_weights(target, tmp_path / "a.npz")
    np.testing.assert_array_equal(target.weights[0], source.weights[0])


def test_load_weights_names_what_differs_and_keeps_weights(tmp_path):
    lecnn.save(lecnn.Network([2, 3, 2], hidden="tanh"), tmp_path / "a.npz")
    target = lecnn.Network([2, 4, 2], hidden="relu", seed=5)
    before = [W.copy() for W in target.weights]
    with pytest.raises(
        ValueError, match=r"sizes: file has \(2, 3, 2\), network has \(2, 4, 2\)"
    ) as info:
        lecnn.load_weights(target, tmp_path / "a.npz")
    assert "hidden: file has ('tanh',), network has ('relu',)" in str(info.value)
    for a, b in zip(before, target.weights, strict=True):
        np.testing.assert_array_equal(a, b)


def test_loading_a_foreign_npz_is_a_clear_error(tmp_path):
    np.savez(tmp_path / "other.npz", a=np.ones(3))
    with pytest.raises(ValueError, match="not a lecnn network file"):
        lecnn.load(tmp_path / "other.npz")

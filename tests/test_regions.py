"""lecnn.regions: exact 1-D pieces, 2-D grid counts, the bound and the hand-built networks.

Expected values are worked out by hand (in the comments), never taken from the code.
"""

import numpy as np
import pytest

import lecnn
from lecnn import regions


def _net(sizes, weights, hidden="relu"):
    net = lecnn.Network(sizes, hidden=hidden, output="identity", seed=0)
    net.weights = weights
    return net


def _tent_iterate(x, r):
    """T^r(x) with T(t) = 2 min(t, 1 - t), computed without any network."""
    for _ in range(r):
        x = 2 * np.minimum(x, 1 - x)
    return x


# --------------------------------------------------------------------- sawtooth


@pytest.mark.parametrize(("r", "pieces"), [(1, 2), (2, 4), (3, 8), (4, 16), (5, 32), (6, 64)])
def test_sawtooth_has_2_to_the_r_pieces_on_the_unit_interval(r, pieces):
    net = regions.sawtooth_network(r)
    assert net.sizes == (1,) + (2,) * r + (1,)
    assert regions.count_regions_1d(net, 0.0, 1.0) == pieces
    assert regions.count_regions_1d(net, 0.0, 1.0, merge=True) == pieces


@pytest.mark.parametrize("r", [1, 2, 3, 5])
def test_sawtooth_breakpoints_are_the_dyadic_points(r):
    net = regions.sawtooth_network(r)
    expected = np.arange(1, 2**r) / 2**r  # k / 2^r, k = 1 .. 2^r - 1
    np.testing.assert_allclose(regions.breakpoints_1d(net, 0.0, 1.0), expected, atol=1e-14)


@pytest.mark.parametrize("r", [1, 2, 4, 6])
def test_sawtooth_computes_the_iterated_tent_map(r):
    x = np.linspace(0, 1, 1001)
    y = regions.sawtooth_network(r).forward(x[:, None])[:, 0]
    np.testing.assert_allclose(y, _tent_iterate(x, r), atol=1e-12)


def test_sawtooth_on_the_whole_line():
    # r = 1: breakpoints 0 and 1/2 -> 3 pieces. r >= 2: 2^r pieces in [0, 1], plus x < 0
    # (all units off) and x > 1 (T(x) = 2 - 2x < 0 switches the next layer off at x = 1).
    assert regions.count_regions_1d(regions.sawtooth_network(1)) == 3
    assert regions.count_regions_1d(regions.sawtooth_network(3)) == 8 + 2
    bp = regions.breakpoints_1d(regions.sawtooth_network(2), -5.0, 5.0)
    np.testing.assert_allclose(bp, [0.0, 0.25, 0.5, 0.75, 1.0], atol=1e-14)


@pytest.mark.parametrize("r", [1, 2, 3, 4, 5])
def test_shallow_sawtooth_needs_2_to_the_r_units_for_the_same_function(r):
    shallow = regions.shallow_sawtooth_network(r)
    assert shallow.sizes == (1, 2**r, 1)
    x = np.linspace(0, 1, 2001)[:, None]
    np.testing.assert_allclose(
        shallow.forward(x), regions.sawtooth_network(r).forward(x), atol=1e-9
    )
    assert regions.count_regions_1d(shallow, 0.0, 1.0) == 2**r


def test_parameter_counts_of_deep_and_shallow_sawtooth():
    # deep [1, 2, ..., 2, 1]: 2*2 + (r-1)*2*3 + 1*3 = 6r + 1; shallow [1, 2^r, 1]: 3 * 2^r + 1
    for r in range(1, 7):
        assert regions.sawtooth_network(r).n_params == 6 * r + 1
        assert regions.shallow_sawtooth_network(r).n_params == 3 * 2**r + 1


@pytest.mark.parametrize("r", [1, 2, 3])
def test_two_dimensional_sawtooth_cuts_the_square_into_4_to_the_r_squares(r):
    net = regions.sawtooth_network(r, d=2)
    assert net.sizes == (2,) + (4,) * r + (1,)
    # resolution 256: cell centres (2i + 1)/512 never hit the boundaries k / 2^r
    assert regions.count_regions_2d(net, (0.0, 1.0), resolution=256) == 4**r
    x = np.random.default_rng(0).random((50, 2))
    expected = _tent_iterate(x[:, 0], r) + _tent_iterate(x[:, 1], r)
    np.testing.assert_allclose(net.forward(x)[:, 0], expected, atol=1e-12)


# ------------------------------------------------------- the folding construction


@pytest.mark.parametrize(
    ("q", "r", "pieces"),
    [(1, 3, 2), (2, 1, 3), (2, 3, 12), (3, 2, 12), (3, 3, 36), (4, 2, 20), (5, 3, 150)],
)
def test_folding_network_reaches_q_to_the_r_minus_1_times_q_plus_1(q, r, pieces):
    # pieces = q^{r-1} (q + 1), worked out by hand for each case
    net = regions.folding_network(q, r)
    assert net.sizes == (1,) + (q,) * r + (1,)
    assert regions.count_regions_1d(net, 0.0, 1.0) == pieces
    assert (
        regions.count_regions_1d(net, 0.0, 1.0, merge=True) == pieces
    )  # every piece its own slope


def test_folding_layer_maps_the_unit_interval_onto_itself():
    # q = 3, r = 2: layer 1's units relu(t - j/3) and the fold g = 3 z_0 - 6 z_1 + 6 z_2 go
    # 0 -> 1 -> 0 -> 1 at t = 0, 1/3, 2/3, 1; layer 2's unit 0 is relu(1/4 - g), so its
    # weights on z_1 are -g's
    net = regions.folding_network(3, 2)
    t = np.array([0.0, 1 / 3, 2 / 3, 1.0])
    z1 = np.maximum(net.weights[0][:, :1] + net.weights[0][:, 1:] * t, 0)  # (q, 4)
    g = -(net.weights[1][0, 1:] @ z1)
    np.testing.assert_allclose(g, [0.0, 1.0, 0.0, 1.0], atol=1e-12)
    np.testing.assert_allclose(net.weights[1][0, 0], 1 / 4)


# ------------------------------------------------------------ hand-built 1-D nets


def test_one_hidden_layer_breakpoints_by_hand():
    # units: relu(x - 1) -> breakpoint 1; relu(-2x + 4) -> breakpoint 2; relu(3) never
    # switches; relu(x + 10) switches at -10, outside [-5, 5]
    W_0 = np.array([[-1.0, 1.0], [4.0, -2.0], [3.0, 0.0], [10.0, 1.0]])
    W_1 = np.array([[0.5, 1.0, 1.0, 1.0, 1.0]])
    net = _net([1, 4, 1], [W_0, W_1])
    np.testing.assert_allclose(regions.breakpoints_1d(net, -5.0, 5.0), [1.0, 2.0])
    assert regions.count_regions_1d(net, -5.0, 5.0) == 3
    assert regions.count_regions_1d(net) == 4  # the whole line adds the switch at -10
    assert regions.count_regions_1d(net, 1.5, 5.0) == 2
    assert regions.count_regions_1d(net, 2.5, 5.0) == 1


def test_merge_joins_pieces_the_output_cannot_see():
    # relu(x) with outgoing weight 0: the pattern changes at 0, the output does not
    W_0 = np.array([[0.0, 1.0], [-1.0, 1.0]])
    W_1 = np.array([[0.0, 0.0, 1.0]])
    net = _net([1, 2, 1], [W_0, W_1])
    assert regions.count_regions_1d(net, -3.0, 3.0) == 3
    assert regions.count_regions_1d(net, -3.0, 3.0, merge=True) == 2


def test_two_layer_breakpoint_found_inside_a_piece():
    # z_1 = relu(x); u_1 = z_1 - 1 switches at x = 1 (only on the piece x > 0)
    W_0 = np.array([[0.0, 1.0]])
    W_1 = np.array([[-1.0, 1.0]])
    W_2 = np.array([[0.0, 1.0]])
    net = _net([1, 1, 1, 1], [W_0, W_1, W_2])
    np.testing.assert_allclose(regions.breakpoints_1d(net), [0.0, 1.0])
    # with the intercept +1 instead, u_1 = z_1 + 1 > 0 everywhere: only the switch at 0
    net.weights = [W_0, np.array([[1.0, 1.0]]), W_2]
    np.testing.assert_allclose(regions.breakpoints_1d(net), [0.0])


def test_no_hidden_layer_is_one_piece():
    net = lecnn.Network([1, 2], hidden=[], output="identity", seed=0)
    assert regions.count_regions_1d(net) == 1
    assert regions.breakpoints_1d(net).shape == (0,)
    net = lecnn.Network([2, 2], hidden=[], output="identity", seed=0)
    assert regions.count_regions_2d(net, (-1.0, 1.0), resolution=10) == 1


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_exact_count_agrees_with_a_fine_grid_of_patterns(seed):
    net = regions.random_relu_network([1, 6, 6, 6, 1], seed=seed)
    x = np.linspace(-4, 4, 200_001)[:, None]
    patterns = regions.activation_patterns(net, x)
    changes = int(np.sum(np.any(patterns[1:] != patterns[:-1], axis=1)))
    assert regions.count_regions_1d(net, -4.0, 4.0) == changes + 1
    # and the breakpoints sit where the grid sees the pattern change
    where = x[1:, 0][np.any(patterns[1:] != patterns[:-1], axis=1)]
    np.testing.assert_allclose(regions.breakpoints_1d(net, -4.0, 4.0), where, atol=1e-4)


def test_zero_intercepts_give_at_most_two_pieces_on_the_line():
    # Network starts intercepts at 0: then f(cx) = c f(x) for c > 0, so only x = 0 can break
    net = lecnn.Network([1, 8, 8, 8, 1], hidden="relu", output="identity", seed=0)
    assert regions.count_regions_1d(net) <= 2


def test_random_relu_network_draws_intercepts_reproducibly():
    a = regions.random_relu_network([2, 5, 5, 1], seed=3)
    b = regions.random_relu_network([2, 5, 5, 1], seed=3)
    c = regions.random_relu_network([2, 5, 5, 1], seed=4)
    for W_a, W_b in zip(a.weights, b.weights, strict=True):
        np.testing.assert_array_equal(W_a, W_b)
        assert np.all(W_a[:, 0] != 0)
    assert not np.array_equal(a.weights[0], c.weights[0])
    assert a.hidden == ("relu", "relu") and a.output == "identity"


# ------------------------------------------------------------------------- 2-D


def test_two_units_on_the_axes_make_four_quadrants():
    net = _net([2, 2, 1], [np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]), np.ones((1, 3))])
    assert regions.count_regions_2d(net, (-1.0, 1.0), resolution=20) == 4


def test_three_lines_through_the_origin_make_six_regions():
    # x1 = 0, x2 = 0, x1 + x2 = 0: three lines through one point cut the plane into 6
    W_0 = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
    net = _net([2, 3, 1], [W_0, np.ones((1, 4))])
    assert regions.count_regions_2d(net, (-1.0, 1.0), resolution=50) == 6
    # three lines in general position (a triangle around the origin) make 7
    W_0 = np.array([[0.3, 1.0, 0.0], [0.3, 0.0, 1.0], [0.3, -1.0, -1.0]])
    net = _net([2, 3, 1], [W_0, np.ones((1, 4))])
    assert regions.count_regions_2d(net, (-2.0, 2.0), resolution=200) == 7
    # a line outside the window adds nothing
    W_0 = np.array([[0.0, 1.0, 0.0], [-5.0, 1.0, 0.0]])
    net = _net([2, 2, 1], [W_0, np.ones((1, 3))])
    assert regions.count_regions_2d(net, ((-1.0, 1.0), (-1.0, 1.0)), resolution=20) == 2


def test_region_map_numbers_by_first_appearance():
    # one unit relu(x1): left half off (the first cell, bottom left), right half on
    net = _net([2, 1, 1], [np.array([[0.0, 1.0, 0.0]]), np.ones((1, 2))])
    ids = regions.region_map_2d(net, ((-1.0, 1.0), (0.0, 1.0)), resolution=4)
    np.testing.assert_array_equal(ids, [[0, 0, 1, 1]] * 4)


def test_grid_count_is_a_lower_estimate_of_the_exact_count():
    # a coarse grid misses small regions; it never finds more than a fine one
    net = regions.random_relu_network([2, 8, 8, 1], seed=0)
    coarse = regions.count_regions_2d(net, (-2.0, 2.0), resolution=10)
    fine = regions.count_regions_2d(net, (-2.0, 2.0), resolution=400)
    assert coarse < fine


def test_activation_patterns_by_hand():
    net = _net(
        [1, 2, 1, 1],
        [np.array([[0.0, 1.0], [-2.0, 1.0]]), np.array([[-1.0, 1.0, 1.0]]), np.ones((1, 2))],
    )
    # x = 1: u_0 = (1, -1) -> (on, off); z_1 = (1, 0), u_1 = 1 + 0 - 1 = 0 -> off
    # x = 3: u_0 = (3, 1) -> (on, on); u_1 = 3 + 1 - 1 = 3 -> on
    np.testing.assert_array_equal(
        regions.activation_patterns(net, [[1.0], [3.0]]), [[True, False, False], [True, True, True]]
    )


# ------------------------------------------------------------------- the bound


@pytest.mark.parametrize(
    ("q", "d", "r", "expected"),
    [
        (2, 1, 1, 3),  # 2^0 * (C(2,0) + C(2,1)) = 1 + 2
        (2, 1, 4, 24),  # 2^3 * 3
        (4, 2, 3, 176),  # 2^4 * (1 + 4 + 6)
        (6, 2, 2, 198),  # 3^2 * (1 + 6 + 15)
        (5, 2, 2, 64),  # floor(5/2)^2 * (1 + 5 + 10) = 4 * 16
        (3, 3, 5, 8),  # 1 * (1 + 3 + 3 + 1)
    ],
)
def test_region_bound_sum_form_by_hand(q, d, r, expected):
    assert regions.region_bound(q, d, r) == expected
    assert isinstance(regions.region_bound(q, d, r), int)


@pytest.mark.parametrize(
    ("q", "d", "r", "expected"),
    [(4, 2, 3, 256.0), (5, 2, 2, 156.25), (2, 1, 4, 16.0), (10, 1, 1, 10.0)],
)
def test_region_bound_asymptotic_form_by_hand(q, d, r, expected):
    # (q/d)^{(r-1)d} q^d: (2^4)(16), (2.5^2)(25), (2^3)(2), 10
    assert regions.region_bound(q, d, r, form="asymptotic") == pytest.approx(expected)


def test_max_regions_shallow_by_hand():
    assert regions.max_regions_shallow(3, 1) == 4  # 3 points cut a line into 4
    assert regions.max_regions_shallow(4, 2) == 11  # 4 lines: 1 + 4 + 6
    assert regions.max_regions_shallow(2, 5) == 4  # q < d: all 2^q patterns


# ----------------------------------------------------------------------- errors


def test_non_relu_network_is_refused():
    net = lecnn.Network([1, 3, 3, 1], hidden=["relu", "tanh"], output="identity")
    for function, args in [
        (regions.count_regions_1d, ()),
        (regions.breakpoints_1d, ()),
        (regions.activation_patterns, (np.zeros((2, 1)),)),
    ]:
        with pytest.raises(ValueError, match="ReLU.*f_1 is 'tanh'"):
            function(net, *args)


def test_wrong_input_width_and_types_are_refused():
    net2 = regions.random_relu_network([2, 3, 1])
    with pytest.raises(ValueError, match="d = 1.*d = 2"):
        regions.count_regions_1d(net2)
    with pytest.raises(ValueError, match="d = 2.*d = 1"):
        regions.count_regions_2d(regions.sawtooth_network(2))
    with pytest.raises(TypeError, match="lecnn.Network"):
        regions.count_regions_1d([[1.0]])
    with pytest.raises(ValueError, match=r"shape \(n, d\)"):
        regions.activation_patterns(net2, np.zeros(2))


@pytest.mark.parametrize(("low", "high"), [(1.0, 1.0), (2.0, 1.0), (np.nan, 1.0)])
def test_bad_interval(low, high):
    with pytest.raises(ValueError, match="low < high"):
        regions.count_regions_1d(regions.sawtooth_network(1), low, high)


def test_bad_interval_type():
    with pytest.raises(TypeError, match="low must be a real number"):
        regions.breakpoints_1d(regions.sawtooth_network(1), "0", 1.0)


@pytest.mark.parametrize(
    ("limits", "error"),
    [
        ((1.0, -1.0), ValueError),
        ((0.0, 1.0, 2.0), ValueError),
        ((0.0, np.inf), ValueError),
        ("ab", TypeError),
    ],
)
def test_bad_limits(limits, error):
    with pytest.raises(error, match="limits"):
        regions.count_regions_2d(regions.sawtooth_network(1, d=2), limits)


def test_bad_resolution():
    net = regions.sawtooth_network(1, d=2)
    with pytest.raises(ValueError, match=r"resolution must be an integer in 1\.\.1000; got 0"):
        regions.count_regions_2d(net, (0, 1), resolution=0)
    with pytest.raises(TypeError, match="resolution must be an integer"):
        regions.count_regions_2d(net, (0, 1), resolution=2.5)


def test_bad_bound_arguments():
    with pytest.raises(ValueError, match="q ≥ d"):
        regions.region_bound(1, 2, 3)
    with pytest.raises(ValueError, match="form"):
        regions.region_bound(4, 2, 3, form="exact")
    with pytest.raises(ValueError, match="r must be at least 1"):
        regions.region_bound(4, 2, 0)
    with pytest.raises(TypeError, match="q must be an integer"):
        regions.region_bound(True, 1, 1)


def test_bad_construction_arguments():
    with pytest.raises(ValueError, match="r must be at least 1"):
        regions.sawtooth_network(0)
    with pytest.raises(TypeError, match="r must be an integer"):
        regions.shallow_sawtooth_network(2.0)
    with pytest.raises(ValueError, match="q must be at least 1"):
        regions.folding_network(0, 2)
    with pytest.raises(ValueError, match="intercept_scale"):
        regions.random_relu_network([1, 2, 1], intercept_scale=0.0)
    with pytest.raises(TypeError, match="seed"):
        regions.random_relu_network([1, 2, 1], seed=None)

"""Tests for the plotting functions of notebook 07: plot_runs, plot_activation_histograms."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

import lecnn
from lecnn.plotting import plot_activation_histograms, plot_runs


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def run(test_accuracy, seconds):
    return lecnn.History(
        epoch=list(range(1, len(test_accuracy) + 1)),
        train_loss=[1.0] * len(test_accuracy),
        train_accuracy=[0.5] * len(test_accuracy),
        test_loss=[2.0] * len(test_accuracy),
        test_accuracy=list(test_accuracy),
        seconds=list(seconds),
    )


# ---------------------------------------------------------------------------
# plot_runs
# ---------------------------------------------------------------------------


def test_plot_runs_one_line_per_run_against_epochs():
    runs = {"B = 1": run([0.5, 0.8, 0.9], [1, 1, 1]), "B = 16": run([0.2, 0.4], [0.5, 0.5])}
    fig = plot_runs(runs)
    (ax,) = fig.axes
    assert [line.get_label() for line in ax.lines] == ["B = 1", "B = 16"]
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [0.5, 0.8, 0.9])
    np.testing.assert_array_equal(ax.lines[1].get_xdata(), [1, 2])
    assert ax.get_xlabel() == "エポック" and ax.get_ylabel() == "テスト正解率"


def test_plot_runs_against_cumulative_seconds():
    runs = {"a": run([0.1, 0.2, 0.3], [0.5, 0.25, 1.0])}
    fig = plot_runs(runs, x="seconds")
    line = fig.axes[0].lines[0]
    np.testing.assert_allclose(line.get_xdata(), [0.5, 0.75, 1.75])
    assert fig.axes[0].get_xlabel() == "経過時間 [秒]"


def test_plot_runs_other_quantity_log_scale_into_given_axes():
    fig, ax = plt.subplots()
    runs = {"a": run([0.1, 0.2], [1, 1])}
    runs["a"].train_loss = [3.0, 0.3]
    assert plot_runs(runs, quantity="train_loss", ax=ax, logy=True) is fig
    assert ax.get_yscale() == "log"
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [3.0, 0.3])
    assert ax.get_ylabel() == "訓練誤差"


def test_plot_runs_names_validation_data_as_told():
    fig = plot_runs({"a": run([0.1, 0.2], [1, 1])}, quantity="test_loss", test_name="検証データ")
    ax = fig.axes[0]
    assert ax.get_ylabel() == "検証誤差" and ax.get_title() == "検証誤差の推移"


def test_plot_runs_accepts_dicts_from_a_real_training_run():
    X, labels = lecnn.data.spirals(n=20, seed=0)
    net = lecnn.Network([2, 4, 2], seed=0)
    history = lecnn.train(net, X, labels, epochs=2, X_test=X, Y_test=labels)
    fig = plot_runs({"history": history, "dict": vars(history)}, quantity="test_loss")
    first, second = fig.axes[0].lines
    np.testing.assert_array_equal(first.get_ydata(), history.test_loss)
    np.testing.assert_array_equal(second.get_ydata(), history.test_loss)


@pytest.mark.parametrize(
    ("histories", "kwargs", "fragment"),
    [
        ({}, {}, "non-empty"),
        ([run([0.1], [1])], {}, "dict"),
        ({"a": run([0.1], [1])}, {"quantity": "accuracy"}, "quantity"),
        ({"a": run([0.1], [1])}, {"x": "steps"}, "x must be"),
        ({"a": run([0.1, 0.2], [1])}, {"x": "seconds"}, "1 seconds for 2 values"),
    ],
)
def test_plot_runs_rejects_bad_input(histories, kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        plot_runs(histories, **kwargs)


def test_plot_runs_rejects_a_run_without_the_quantity():
    regression = run([None, None], [1, 1])
    with pytest.raises(ValueError, match="recorded no test_accuracy"):
        plot_runs({"regression": regression})


# ---------------------------------------------------------------------------
# plot_activation_histograms
# ---------------------------------------------------------------------------


def constant_net():
    """r = 2 identity layers whose z_1, z_2 are known by hand.

    W_0 maps x to z_1 = (x_1, 2 x_1); W_1 maps z_1 to z_2 = (z_11 + 1, 0, 0) = (x_1 + 1, 0, 0).
    """
    net = lecnn.Network([1, 2, 3, 1], hidden="identity", output="identity")
    net.weights = [
        np.array([[0.0, 1.0], [0.0, 2.0]]),
        np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]),
        np.zeros((1, 4)),
    ]
    return net


def bar_heights(ax):
    """The fractions of the one histogram (a StepPatch) drawn into ``ax``."""
    (patch,) = ax.patches
    return np.asarray(patch.get_data().values)


def bin_edges(ax):
    (patch,) = ax.patches
    return np.asarray(patch.get_data().edges)


def test_histograms_one_panel_per_hidden_layer_fractions_sum_to_one():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    fig = plot_activation_histograms(constant_net(), X, bins=7, value_range=(-0.5, 6.5))
    assert len(fig.axes) == 2
    assert [ax.get_title() for ax in fig.axes] == ["$z_{1}$", "$z_{2}$"]
    for ax in fig.axes:
        np.testing.assert_allclose(bar_heights(ax).sum(), 1.0)
    # z_1 holds 0, 1, 2, 3 and 0, 2, 4, 6 (the leading 1 left out): bins of width 1 at 0..6
    np.testing.assert_allclose(bar_heights(fig.axes[0]) * 8, [2, 1, 2, 1, 1, 0, 1])
    # z_2 holds 1, 2, 3, 4 and eight zeros
    np.testing.assert_allclose(bar_heights(fig.axes[1]) * 12, [8, 1, 1, 1, 1, 0, 0])


def test_histograms_write_the_standard_deviation():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    fig = plot_activation_histograms(constant_net(), X)
    z_1 = np.array([0, 1, 2, 3, 0, 2, 4, 6], dtype=float)
    assert fig.axes[0].texts[0].get_text() == f"標準偏差\n{np.std(z_1):.2g}"


def test_histograms_default_range_spans_every_layer():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    fig = plot_activation_histograms(constant_net(), X, bins=4)
    for ax in fig.axes:
        edges = bin_edges(ax)
        assert len(edges) == 5
        assert edges[0] == pytest.approx(0.0)  # smallest value over both layers
        assert edges[-1] == pytest.approx(6.0)  # largest, in z_1


def test_histograms_values_outside_the_range_land_in_the_end_bins():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    fig = plot_activation_histograms(constant_net(), X, bins=2, value_range=(0.5, 1.5))
    np.testing.assert_allclose(bar_heights(fig.axes[0]).sum(), 1.0)
    np.testing.assert_allclose(bar_heights(fig.axes[0]) * 8, [2, 6])


def test_histograms_into_given_axes_with_a_label():
    net = lecnn.Network([4, 5, 5, 5, 2], hidden="relu", seed=0)
    X = np.random.default_rng(0).normal(size=(30, 4))
    fig, axes = plt.subplots(2, 3)
    assert plot_activation_histograms(net, X, ax=axes[1], label="He") is fig
    assert axes[1, 0].get_ylabel() == "He"
    assert all(len(bar_heights(ax)) == 40 for ax in axes[1])
    assert all(len(ax.patches) == 0 for ax in axes[0])


def test_histograms_reject_bad_input():
    net = lecnn.Network([4, 5, 5, 2], seed=0)
    X = np.zeros((3, 4))
    with pytest.raises(ValueError, match="one Axes per layer shown"):
        plot_activation_histograms(net, X, ax=plt.subplots(1, 3)[1])
    with pytest.raises(ValueError, match="no hidden layer"):
        plot_activation_histograms(lecnn.Network([4, 2]), X)
    with pytest.raises(ValueError, match="low < high"):
        plot_activation_histograms(net, X, value_range=(1.0, 1.0))
    with pytest.raises(ValueError, match="bins"):
        plot_activation_histograms(net, X, bins=0)
    with pytest.raises(ValueError):
        plot_activation_histograms(net, np.zeros((3, 5)))  # wrong input width d


def test_histograms_of_all_zero_values_still_draw():
    net = lecnn.Network([4, 5, 5, 2], init=0.0, seed=0)
    fig = plot_activation_histograms(net, np.ones((3, 4)))
    np.testing.assert_allclose(bar_heights(fig.axes[0]).sum(), 1.0)


def test_histograms_of_chosen_layers_in_their_order():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    fig = plot_activation_histograms(constant_net(), X, bins=7, layers=[2])
    (ax,) = fig.axes
    assert ax.get_title() == "$z_{2}$"
    # the range now spans z_2 alone: 0..4
    assert bin_edges(ax)[0] == pytest.approx(0.0) and bin_edges(ax)[-1] == pytest.approx(4.0)
    fig = plot_activation_histograms(constant_net(), X, layers=(2, 1))
    assert [ax.get_title() for ax in fig.axes] == ["$z_{2}$", "$z_{1}$"]


@pytest.mark.parametrize("layers", [[], [0], [3], [1.5], [True]])
def test_histograms_reject_layers_outside_1_to_r(layers):
    with pytest.raises(ValueError, match="layers must list"):
        plot_activation_histograms(constant_net(), np.zeros((2, 1)), layers=layers)

"""Tests for lecnn.plotting and lecnn.metrics, drawn with the Agg backend."""

import matplotlib

matplotlib.use("Agg")

import warnings
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont

import lecnn
from lecnn.metrics import accuracy, confusion_matrix
from lecnn.plotting import (
    draw_network,
    plot_activations,
    plot_confusion_matrix,
    plot_decision_boundary,
    plot_history,
    plot_misclassified,
    plot_regression_fit,
)


class FakeNet:
    """A fixed one-layer network W_0 (r = 0): just enough of lecnn.Network to plot."""

    def __init__(self, W, output="softmax"):
        self.weights = [np.asarray(W, dtype=float)]
        self.sizes = (self.weights[0].shape[1] - 1, self.weights[0].shape[0])
        self.output = output
        self.forward_calls = 0

    def forward(self, X):
        self.forward_calls += 1
        W = self.weights[0]
        u = np.asarray(X, dtype=float) @ W[:, 1:].T + W[:, 0]
        if self.output == "softmax":
            e = np.exp(u - u.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)
        if self.output == "sigmoid":
            return 1 / (1 + np.exp(-u))
        return u

    def predict(self, X):
        return self.forward(X).argmax(axis=1)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def blobs():
    """Three classes of 2-D points around three centres, and a classifier that fits them."""
    rng = np.random.default_rng(0)
    centres = np.array([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])
    labels = np.repeat(np.arange(3), 20)
    X = centres[labels] + 0.5 * rng.normal(size=(60, 2))
    net = FakeNet(np.column_stack([np.zeros(3), 2 * centres]))
    return net, X, labels


def gid_count(ax, gid):
    """Number of patches and lines of ``ax`` carrying ``gid``."""
    return sum(artist.get_gid() == gid for artist in [*ax.patches, *ax.lines])


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


# ---------------------------------------------------------------------------
# metrics
# ---------------------------------------------------------------------------


def test_confusion_matrix_hand_worked():
    labels = [0, 0, 1, 1, 2, 2, 2]
    predicted = [0, 1, 1, 1, 2, 0, 2]
    expected = np.array([[1, 1, 0], [0, 2, 0], [1, 0, 2]])
    cm = confusion_matrix(labels, predicted)
    np.testing.assert_array_equal(cm, expected)
    assert np.issubdtype(cm.dtype, np.integer)
    padded = confusion_matrix(labels, predicted, m=4)
    assert padded.shape == (4, 4)
    np.testing.assert_array_equal(padded[:3, :3], expected)
    assert padded[3].sum() == 0 and padded[:, 3].sum() == 0


def test_confusion_matrix_rows_are_true_classes():
    cm = confusion_matrix([2, 2, 2], [0, 0, 1], m=3)
    assert cm[2, 0] == 2 and cm[2, 1] == 1 and cm.sum() == 3


def test_accuracy():
    assert accuracy([0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, 2]) == pytest.approx(5 / 7)
    assert accuracy(np.array([1.0, 2.0]), np.array([1, 2])) == 1.0
    assert isinstance(accuracy([1], [0]), float)


@pytest.mark.parametrize(
    "labels, predicted",
    [
        ([0, 1, 2], [0, 1]),  # lengths differ
        ([0, -1], [0, 1]),  # negative label
        ([0, 1], [0, -1]),
        ([0.5, 1], [0, 1]),  # not an integer
        (np.eye(2), [0, 1]),  # one-hot rows instead of labels
    ],
)
def test_metrics_reject_bad_labels(labels, predicted):
    with pytest.raises(ValueError):
        accuracy(labels, predicted)
    with pytest.raises(ValueError):
        confusion_matrix(labels, predicted)


def test_confusion_matrix_rejects_label_beyond_m():
    with pytest.raises(ValueError):
        confusion_matrix([0, 3], [0, 1], m=3)


def test_accuracy_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        accuracy([], [])


# ---------------------------------------------------------------------------
# draw_network
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sizes, units, intercepts, arrows",
    [
        ([2, 3, 2], 2 + 3 + 2, 2, (2 + 1) * 3 + (3 + 1) * 2),
        ([3, 2], 3 + 2, 1, (3 + 1) * 2),  # r = 0
        ([2, 3, 3, 2], 10, 3, 3 * 3 + 4 * 3 + 4 * 2),
    ],
)
def test_draw_network_counts_units_and_arrows(sizes, units, intercepts, arrows):
    fig = draw_network(sizes)
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    assert gid_count(ax, "unit") == units
    assert gid_count(ax, "intercept") == intercepts
    assert gid_count(ax, "arrow") == arrows
    assert gid_count(ax, "ellipsis") == 0


def test_draw_network_takes_a_network():
    fig = draw_network(FakeNet(np.zeros((2, 4))))
    assert gid_count(fig.axes[0], "arrow") == (3 + 1) * 2


def test_draw_network_labels_follow_the_lecture():
    fig = draw_network([4, 5, 3])
    labels = texts(fig)
    for expected in ["$x$", "$z_{1}$", "$y$", "$W_{0}$", "$W_{1}$", "$q_0=d=4$", "$q_{1}=5$"]:
        assert expected in labels
    assert "$q_{2}=m=3$" in labels
    assert "$W_{2}$" not in labels
    assert labels.count("$1$") == 2  # one intercept per non-output layer
    assert "$x_{4}$" in labels and "$z_{15}$" in labels and "$y_{3}$" in labels


def test_draw_network_without_labels_writes_only_the_intercepts():
    fig = draw_network([2, 3, 2], labels=False)
    assert texts(fig) == ["$1$", "$1$"]


def test_draw_network_wide_layer_gets_an_ellipsis():
    fig = draw_network([64, 64, 64, 10], max_units=8)
    (ax,) = fig.axes
    assert gid_count(ax, "ellipsis") == 4  # m = 10 > 8 is wide too
    assert gid_count(ax, "unit") == 4 * 7
    assert gid_count(ax, "arrow") == 3 * (7 + 1) * 7
    labels = texts(fig)
    assert "$q_0=d=64$" in labels and "$q_{1}=64$" in labels
    assert "$x_{64}$" in labels and "$x_{7}$" not in labels
    assert "$q_{3}=m=10$" in labels and "$y_{10}$" in labels
    assert gid_count(draw_network([64, 10], max_units=10).axes[0], "ellipsis") == 1


def test_draw_network_deep_and_into_given_axes():
    fig, ax = plt.subplots()
    assert draw_network([2] + [5] * 8 + [3], ax=ax) is fig
    assert gid_count(ax, "intercept") == 9
    assert gid_count(ax, "arrow") == 3 * 5 + 7 * 6 * 5 + 6 * 3


@pytest.mark.parametrize(
    ("sizes", "error"),
    [([3], ValueError), ([], ValueError), ([2, 0, 1], ValueError), ([2, 1.5, 1], TypeError)],
)
def test_draw_network_rejects_bad_sizes_as_network_does(sizes, error):
    with pytest.raises(error) as drawn:
        draw_network(sizes)
    with pytest.raises(error) as built:
        lecnn.Network(sizes)
    assert str(drawn.value) == str(built.value)


def test_draw_network_elides_the_middle_of_a_deep_network():
    fig = draw_network([2] + [5] * 500 + [3])  # 502 layers: drew for about 12 s
    (ax,) = fig.axes
    # layers 0..8, an ellipsis for the 491 hidden layers 9..499, then z_500 and y
    assert gid_count(ax, "skipped") == 1 and gid_count(ax, "ellipsis") == 0
    assert gid_count(ax, "unit") == 2 + 9 * 5 + 3
    assert gid_count(ax, "intercept") == 10
    assert gid_count(ax, "arrow") == 3 * 5 + 7 * 6 * 5 + 6 * 3
    labels = texts(fig)
    assert "中間層 491 層を省略" in labels
    assert "$z_{500}$" in labels and "$q_{500}=5$" in labels and "$W_{500}$" in labels
    assert "$q_{501}=m=3$" in labels and "$W_{8}$" not in labels and "$z_{9}$" not in labels


def test_draw_network_draws_r_up_to_10_whole_and_max_layers_is_checked():
    fig = draw_network([2] + [5] * 10 + [3])  # notebook 02's slider goes up to r = 10
    assert gid_count(fig.axes[0], "skipped") == 0
    assert gid_count(fig.axes[0], "intercept") == 11
    assert gid_count(draw_network([2] + [5] * 10 + [3], max_layers=4).axes[0], "unit") == 2 + 5 + 3
    with pytest.raises(ValueError, match="max_layers"):
        draw_network([2, 3], max_layers=3)


def test_the_boundary_and_the_region_map_share_one_grid_limit():
    from lecnn.regions import region_map_2d
    from lecnn.validation import MAX_RESOLUTION

    net = lecnn.Network([2, 3, 2], seed=0)
    X, labels = np.zeros((2, 2)), np.array([0, 1])
    for draw in (
        lambda r: plot_decision_boundary(net, X, labels, resolution=r),
        lambda r: region_map_2d(net, resolution=r),
    ):
        with pytest.raises(
            ValueError, match=f"resolution must be an integer in .*{MAX_RESOLUTION}"
        ):
            draw(MAX_RESOLUTION + 1)


def test_draw_network_rejects_too_small_max_units():
    with pytest.raises(ValueError):
        draw_network([2, 3], max_units=2)


@pytest.mark.parametrize("max_units", ["x", 8.5, True])
def test_draw_network_says_max_units_must_be_a_whole_number(max_units):
    with pytest.raises(TypeError, match="max_units は 3 以上の整数"):
        draw_network([2, 3], max_units=max_units)


# ---------------------------------------------------------------------------
# activations, history
# ---------------------------------------------------------------------------


def curves(ax):
    """The labelled lines of ``ax`` (not the axhline/axvline guides)."""
    return [line for line in ax.lines if not line.get_label().startswith("_")]


def test_plot_activations_plots_f_and_its_derivative():
    u = np.linspace(-3, 3, 61)
    fig = plot_activations(u=u)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 3
    relu, relu_derivative = curves(fig.axes[0])
    np.testing.assert_allclose(relu.get_ydata(), np.maximum(u, 0))
    # ∇ReLU jumps at u = 0: one NaN between the two pieces breaks the line there
    x, y = relu_derivative.get_xdata(), relu_derivative.get_ydata()
    (gap,) = np.flatnonzero(np.isnan(y))
    assert np.isnan(x[gap]) and y[gap - 1] == 0 and y[gap + 1] == 1
    np.testing.assert_allclose(np.delete(y, gap), (u > 0).astype(float))
    sigmoid = curves(fig.axes[1])[0]
    np.testing.assert_allclose(sigmoid.get_ydata(), 1 / (1 + np.exp(-u)))
    tanh_derivative = curves(fig.axes[2])[1]
    np.testing.assert_allclose(tanh_derivative.get_ydata(), 1 - np.tanh(u) ** 2)


def test_plot_activations_into_one_axes_without_derivatives():
    fig, ax = plt.subplots()
    assert plot_activations(["sigmoid", "identity"], derivatives=False, ax=ax) is fig
    assert len(curves(ax)) == 2


def test_plot_activations_compares_the_derivatives_alone():
    fig, ax = plt.subplots()
    plot_activations(ax=ax, functions=False)
    lines = curves(ax)
    assert [line.get_label() for line in lines] == [
        f"{lecnn.activations.LABELS[name]}: $\\nabla f(u)$" for name in ("relu", "sigmoid", "tanh")
    ]
    assert {line.get_linestyle() for line in lines} == {"-"}
    with pytest.raises(ValueError, match="nothing to draw"):
        plot_activations(functions=False, derivatives=False)


@pytest.mark.parametrize("names", [["relu", "swish"], ["softmax"], []])
def test_plot_activations_rejects_unknown_names(names):
    with pytest.raises(ValueError):
        plot_activations(names)


def make_history(epochs=5, accuracy=True, test=True):
    e = list(range(1, epochs + 1))
    return SimpleNamespace(
        epoch=e,
        train_loss=[1 / k for k in e],
        test_loss=[1.2 / k for k in e] if test else [],
        train_accuracy=[1 - 0.5 / k for k in e] if accuracy else [None] * epochs,
        test_accuracy=([1 - 0.6 / k for k in e] if test else []) if accuracy else [None] * epochs,
    )


def test_plot_history_two_panels():
    history = make_history()
    fig = plot_history(history)
    loss_ax, accuracy_ax = fig.axes
    train, test = curves(loss_ax)
    np.testing.assert_allclose(train.get_ydata(), history.train_loss)
    np.testing.assert_allclose(test.get_xdata(), history.epoch)
    assert len(curves(accuracy_ax)) == 2
    assert loss_ax.get_xlabel() == "エポック"
    assert loss_ax.get_ylabel() == "誤差" and accuracy_ax.get_ylabel() == "正解率"


def test_plot_history_names_the_held_out_data_as_told():
    legends = [
        [t.get_text() for t in ax.get_legend().get_texts()]
        for ax in plot_history(make_history(), test_name="検証データ").axes
    ]
    assert legends == [["訓練データ", "検証データ"]] * 2
    default = plot_history(make_history()).axes[0].get_legend().get_texts()
    assert [t.get_text() for t in default] == ["訓練データ", "テストデータ"]


def test_plot_history_regression_and_no_test_data():
    fig = plot_history(make_history(accuracy=False, test=False))
    (loss_ax,) = fig.axes
    assert len(curves(loss_ax)) == 1


def test_plot_history_accepts_a_dict_and_given_axes():
    fig, axes = plt.subplots(1, 2)
    assert plot_history(vars(make_history(epochs=40)), ax=axes) is fig
    assert len(curves(axes[1])) == 2


def test_plot_history_rejects_mismatched_lengths():
    history = make_history()
    history.test_loss = history.test_loss[:-1]
    with pytest.raises(ValueError):
        plot_history(history)


# ---------------------------------------------------------------------------
# classification and regression results
# ---------------------------------------------------------------------------


def test_plot_decision_boundary_three_classes(blobs):
    net, X, labels = blobs
    fig = plot_decision_boundary(net, X, labels, X_test=X[::3] + 0.1, labels_test=labels[::3])
    assert isinstance(fig, Figure)
    assert net.forward_calls == 1  # one batched forward over the whole grid
    ax = fig.axes[0]
    assert len(ax.collections) >= 4  # regions, 3 training classes, test points
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["クラス 0", "クラス 1", "クラス 2", "テストデータ"]
    fig = plot_decision_boundary(net, X, labels, X, labels, test_name="検証データ")
    assert fig.axes[0].get_legend().get_texts()[-1].get_text() == "検証データ"


def test_plot_decision_boundary_two_classes_shows_probability(blobs):
    _, X, labels = blobs
    keep = labels < 2
    net = FakeNet([[0.0, 0.0, 1.0], [0.0, 0.0, -1.0]])
    fig = plot_decision_boundary(net, X[keep], labels[keep], resolution=40)
    assert len(fig.axes) == 2  # the plot and its colour bar
    assert fig.axes[1].get_ylabel() == "クラス 1 の確率"


def test_plot_decision_boundary_sigmoid_output(blobs):
    _, X, labels = blobs
    net = FakeNet([[0.0, 1.0, 1.0]], output="sigmoid")
    keep = labels < 2
    fig = plot_decision_boundary(net, X[keep], labels[keep], resolution=30, limits=(-4, 4, -4, 4))
    assert fig.axes[0].get_xlim() == (-4, 4)


def test_plot_decision_boundary_rejects_bad_input(blobs):
    net, X, labels = blobs
    with pytest.raises(ValueError):
        plot_decision_boundary(net, np.hstack([X, X]), labels)
    with pytest.raises(ValueError):
        plot_decision_boundary(net, X, labels[:-1])
    with pytest.raises(ValueError):
        plot_decision_boundary(FakeNet(np.ones((1, 3)), output="identity"), X, labels)


def test_plot_confusion_matrix_writes_counts():
    labels = [0, 0, 1, 1, 2, 2, 2]
    predicted = [0, 1, 1, 1, 2, 0, 2]
    fig = plot_confusion_matrix(labels, predicted)
    (ax,) = fig.axes
    assert sorted(texts(fig)) == sorted(["1", "1", "0", "0", "2", "0", "1", "0", "2"])
    assert ax.get_xlabel() == "予測" and ax.get_ylabel() == "正解"
    np.testing.assert_array_equal(ax.images[0].get_array(), confusion_matrix(labels, predicted))


def test_plot_misclassified_titles():
    rng = np.random.default_rng(1)
    images = rng.random((30, 64))
    labels = np.arange(30) % 10
    predicted = labels.copy()
    predicted[[3, 8, 20]] = [8, 3, 1]
    fig = plot_misclassified(images, labels, predicted, max_images=2)
    titles = [ax.get_title() for ax in fig.axes if ax.images]
    assert titles == ["正解 3 → 予測 8", "正解 8 → 予測 3"]
    assert len(plot_misclassified(images.reshape(30, 8, 8), labels, predicted).axes) == 3


def test_plot_misclassified_none_wrong_and_bad_shape():
    images = np.zeros((4, 64))
    fig = plot_misclassified(images, [0, 1, 2, 3], [0, 1, 2, 3])
    assert "誤分類はありません" in texts(fig)
    with pytest.raises(ValueError):
        plot_misclassified(images, [0, 1, 2, 3], [0, 1, 2, 3], shape=(4, 4))
    with pytest.raises(ValueError):
        plot_misclassified(images, [0, 1, 2], [0, 1, 2])


def test_plot_regression_fit_draws_the_network_curve():
    net = FakeNet([[0.5, 2.0]], output="identity")
    X = np.linspace(-1, 1, 20)[:, None]
    Y = 2 * X[:, 0] + 0.5
    fig = plot_regression_fit(net, X, Y)
    (ax,) = fig.axes
    (curve,) = ax.lines
    np.testing.assert_allclose(curve.get_ydata(), 2 * curve.get_xdata() + 0.5)
    assert curve.get_xdata().min() <= -1 and curve.get_xdata().max() >= 1
    with pytest.raises(ValueError):
        plot_regression_fit(net, np.hstack([X, X]), Y)


# ---------------------------------------------------------------------------
# Japanese labels
# ---------------------------------------------------------------------------


def all_figures(blobs):
    net, X, labels = blobs
    yield draw_network([64, 64, 64, 10])
    yield plot_activations()
    yield plot_history(make_history())
    yield plot_decision_boundary(net, X, labels, resolution=30)
    yield plot_confusion_matrix(labels, net.predict(X))
    yield plot_misclassified(np.zeros((60, 64)), labels, (labels + 1) % 3, max_images=3)
    yield plot_regression_fit(FakeNet([[0.0, -1.0]], output="identity"), X[:, :1], X[:, 1])


def test_japanese_labels_render_without_warnings(blobs):
    assert findfont(FontProperties(family=matplotlib.rcParams["font.family"])).endswith(
        "ipaexg.ttf"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # an older matplotlib calling pyparsing 3.3's renamed methods is not about lecnn's
        # figures (pyparsing warns from its own code or matplotlib's); a glyph missing from the
        # font is a UserWarning, and matplotlib's warnings of lecnn's calls come from lecnn
        warnings.filterwarnings(
            "ignore", category=DeprecationWarning, module=r"(matplotlib|pyparsing)(\.|$)"
        )
        for fig in all_figures(blobs):
            fig.canvas.draw()


def test_missing_japanese_font_would_be_caught():
    """The check above can fail: without the Japanese font the same labels warn."""
    with matplotlib.rc_context({"font.family": "DejaVu Sans"}):
        fig = plot_history(make_history())
        with pytest.warns(UserWarning, match="missing from (current )?font"):
            fig.canvas.draw()


def test_plot_history_by_steps_draws_the_playground_record():
    h = lecnn.History(steps=[0, 20, 40], train_loss=[1.0, 0.5, 0.2], test_loss=[1.1, 0.6, 0.3])
    fig = plot_history(h, x="steps", accuracy=False)
    ax = fig.axes[0]
    assert len(fig.axes) == 1 and ax.get_xlabel() == "ステップ"
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [0, 20, 40])
    with pytest.raises(ValueError, match="x must be one of"):
        plot_history(h, x="time")


@pytest.mark.parametrize("name", lecnn.activations.HIDDEN_ACTIVATIONS)
def test_every_hidden_activation_plots_under_its_registry_label(name):
    fig = plot_activations([name])
    assert fig.axes[0].get_title() == lecnn.activations.REGISTRY[name].label

"""Activations, their derivatives and the error functions, against their formulas."""

import numpy as np
import pytest

from lecnn import activations as act
from lecnn import initialization, layers, losses, validation

U = np.linspace(-6, 6, 121)


@pytest.mark.parametrize(
    ("name", "formula"),
    [
        ("relu", lambda u: np.where(u > 0, u, 0.0)),
        ("sigmoid", lambda u: 1 / (1 + np.exp(-u))),
        ("tanh", lambda u: (np.exp(u) - np.exp(-u)) / (np.exp(u) + np.exp(-u))),
        ("identity", lambda u: u),
    ],
)
def test_activation_matches_lecture_formula(name, formula):
    np.testing.assert_allclose(act.ACTIVATIONS[name](U), formula(U), rtol=1e-12, atol=1e-15)


ELEMENTWISE = [name for name, a in act.REGISTRY.items() if a.derivative is not None]


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_central_difference(name):
    u = U[np.abs(U) > 1e-3]  # away from ReLU's kink
    h = 1e-6
    numeric = (act.ACTIVATIONS[name](u + h) - act.ACTIVATIONS[name](u - h)) / (2 * h)
    np.testing.assert_allclose(act.DERIVATIVES[name](u), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_from_output_equals_derivative(name):
    a = act.ACTIVATIONS[name](U)
    np.testing.assert_array_equal(act.DERIVATIVES_FROM_OUTPUT[name](a), act.DERIVATIVES[name](U))


def test_out_argument_gives_identical_numbers():
    for name in act.REGISTRY:
        u = np.random.default_rng(0).normal(size=(4, 5)) * 3
        out = np.empty_like(u)
        assert act.ACTIVATIONS[name](u, out=out) is out
        np.testing.assert_array_equal(out, act.ACTIVATIONS[name](u))


def test_sigmoid_derivative_at_most_quarter():
    assert act.sigmoid_derivative(np.array([0.0]))[0] == 0.25
    assert np.all(act.sigmoid_derivative(U) <= 0.25)


def test_sigmoid_is_finite_and_exact_at_extremes():
    s = act.sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    np.testing.assert_array_equal(s, [0.0, 0.5, 1.0])


def test_softmax_rows_sum_to_one_and_are_finite_for_huge_logits():
    u = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -999.0], [1.0, 2.0, 3.0]])
    g = act.softmax(u)
    assert np.all(np.isfinite(g))
    np.testing.assert_allclose(g.sum(axis=1), 1.0)
    np.testing.assert_allclose(g[0], [1.0, 0.0, 0.0])
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(g[2], e / e.sum())


def test_softmax_jacobian_is_diag_minus_outer():
    u = np.array([0.3, -1.2, 2.0, 0.0])
    g = act.softmax(u)
    J = act.softmax_jacobian(u)
    np.testing.assert_allclose(J, np.diag(g) - np.outer(g, g))
    h = 1e-6
    numeric = np.column_stack(
        [(act.softmax(u + h * e) - act.softmax(u - h * e)) / (2 * h) for e in np.eye(4)]
    )
    np.testing.assert_allclose(J, numeric, atol=1e-9)


@pytest.mark.parametrize("name", list(act.REGISTRY))
def test_registry_entry_is_complete(name):
    a = act.REGISTRY[name]
    assert a.name == name and a.label and a.init in initialization.INITS
    assert a.hidden or a.output
    if a.hidden:  # hidden layers need ∇f, in both forms (step by step and the fast step)
        assert a.derivative is not None and a.derivative_from_output is not None
    assert act.ACTIVATIONS[name] is a.f


def test_tables_are_views_of_the_registry():
    assert set(act.ACTIVATIONS) == set(act.REGISTRY) == set(act.LABELS)
    assert set(act.DERIVATIVES) == set(act.DERIVATIVES_FROM_OUTPUT) == set(ELEMENTWISE)
    assert act.HIDDEN_ACTIVATIONS == tuple(n for n, a in act.REGISTRY.items() if a.hidden)
    assert act.OUTPUT_ACTIVATIONS == tuple(n for n, a in act.REGISTRY.items() if a.output)


def test_unknown_hidden_activation_is_named():
    with pytest.raises(ValueError, match="unknown hidden activation 'relu6'"):
        validation.check_hidden_name("relu6")
    with pytest.raises(ValueError, match="output activation"):
        validation.check_hidden_name("softmax")


def test_squared_error_is_half_sum_of_squares():
    assert losses.squared_error(np.array([1.0, 2.0]), np.array([0.0, 4.0])) == 0.5 * (1 + 4)
    batch = losses.squared_error(np.array([[1.0], [3.0]]), np.array([[0.0], [0.0]]))
    np.testing.assert_array_equal(batch, [0.5, 4.5])


def test_cross_entropy_of_one_hot_is_minus_log_probability():
    p = np.array([0.25, 0.75])
    assert losses.cross_entropy(p, np.array([1.0, 0.0])) == pytest.approx(np.log(4))
    assert losses.cross_entropy_from_logits(np.array([0.0, np.log(3)]), np.array([1, 0])) == (
        pytest.approx(np.log(4))
    )


def test_binary_cross_entropy_matches_formula():
    f, y = np.array([0.8]), np.array([1.0])
    assert losses.binary_cross_entropy(f, y) == pytest.approx(-np.log(0.8))
    u = np.log(0.8 / 0.2)  # σ(u) = 0.8
    assert losses.binary_cross_entropy_from_logits(np.array([u]), y) == pytest.approx(-np.log(0.8))
    assert losses.binary_cross_entropy_from_logits(np.array([u]), np.array([0.0])) == (
        pytest.approx(-np.log(0.2))
    )


def test_losses_from_logits_are_finite_for_logits_of_1000():
    u = np.array([[1000.0, -1000.0], [-1000.0, 1000.0]])
    y = np.array([[0.0, 1.0], [0.0, 1.0]])
    ce = losses.cross_entropy_from_logits(u, y)
    np.testing.assert_allclose(ce, [2000.0, 0.0])
    bce = losses.binary_cross_entropy_from_logits(
        np.array([[1000.0], [-1000.0]]), np.array([[0.0], [0.0]])
    )
    np.testing.assert_allclose(bce, [1000.0, 0.0])


@pytest.mark.parametrize("output", ["identity", "softmax", "sigmoid"])
def test_logit_forms_equal_the_lecture_forms(output):
    rng = np.random.default_rng(1)
    u = rng.normal(size=(6, 3))
    y = np.eye(3)[rng.integers(0, 3, 6)] if output == "softmax" else rng.uniform(size=(6, 3))
    y_hat = act.ACTIVATIONS[output](u)
    np.testing.assert_allclose(
        losses.LOSSES_FROM_LOGITS[output](u, y), losses.LOSSES[output](y_hat, y), rtol=1e-12
    )


@pytest.mark.parametrize("name", act.HIDDEN_ACTIVATIONS)
def test_auto_initialisation_follows_the_registry(name):
    expected = initialization.weight_std(act.REGISTRY[name].init, name, 8, 4)
    assert initialization.weight_std("auto", name, 8, 4) == expected


@pytest.mark.parametrize("name", list(act.REGISTRY))
def test_the_registry_holds_the_value_range_and_the_torch_module(name):
    entry = act.REGISTRY[name]
    u = np.linspace(-30, 30, 600).reshape(-1, 3)
    values = entry.f(u)
    low, high = entry.value_range
    assert np.all((low <= values) & (values <= high))
    assert entry.bounded == (np.isfinite(low) and np.isfinite(high))
    torch = pytest.importorskip("torch", reason="PyTorch is not installed (the torch extra)")
    module = getattr(torch.nn, entry.torch_name)(**({"dim": -1} if name == "softmax" else {}))
    np.testing.assert_allclose(module(torch.from_numpy(u)).numpy(), values, rtol=1e-12, atol=1e-15)


def test_every_activation_has_its_layer():
    assert [layer.name for layer in layers.HIDDEN_LAYERS] == list(act.HIDDEN_ACTIVATIONS)
    assert {layer.name for layer in layers.OUTPUT_LAYERS} == set(act.OUTPUT_ACTIVATIONS)

"""The new checks of notebook 06: model answers pass, blanks and typical mistakes fail."""

import numpy as np
import pytest

from lecnn.activations import sigmoid
from lecnn.checks import (
    check_backward,
    check_delta_recursion,
)

# --- one step of the δ recursion: δ_k = W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k(W_k z_k)


def step_model_answer(W_k_plus_1, delta_k_plus_1, nabla_f_k):
    return W_k_plus_1[:, 1:].T @ delta_k_plus_1 * nabla_f_k


def step_model_answer_loop(W_k_plus_1, delta_k_plus_1, nabla_f_k):
    q_next, q = W_k_plus_1.shape[0], W_k_plus_1.shape[1] - 1
    delta_k = np.zeros(q)
    for l in range(1, q + 1):  # δ_kl = Σ_j δ_{k+1,j} w_{k+1,jl} ∇f_k(u_kl)
        for j in range(q_next):
            delta_k[l - 1] += delta_k_plus_1[j] * W_k_plus_1[j, l] * nabla_f_k[l - 1]
    return delta_k


def step_blank(W_k_plus_1, delta_k_plus_1, nabla_f_k):
    # ここにコードを書く
    raise NotImplementedError("演習: δ_k")


def step_transposed_when_square(W_k_plus_1, delta_k_plus_1, nabla_f_k):
    W_tilde = W_k_plus_1[:, 1:]
    if W_tilde.shape[0] == W_tilde.shape[1]:  # a forgotten ᵀ goes unnoticed by the shapes
        return W_tilde @ delta_k_plus_1 * nabla_f_k
    return W_tilde.T @ delta_k_plus_1 * nabla_f_k


@pytest.mark.parametrize("answer", [step_model_answer, step_model_answer_loop])
def test_step_model_answer_passes(answer):
    result = check_delta_recursion(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("answer", [step_blank, ...])
def test_step_blank_says_not_implemented(answer):
    result = check_delta_recursion(answer)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        (lambda W, d, g: W[:, 1:].T @ d, "no_nabla"),  # δ without ⊙∇f
        (lambda W, d, g: W.T @ d * g, "full_W"),  # W instead of W̃: q+1 against q entries
        (lambda W, d, g: W[:, :-1].T @ d * g, "wrong_column"),
        (step_transposed_when_square, "transpose"),
        (lambda W, d, g: -(W[:, 1:].T @ d) * g, "sign"),
        (lambda W, d, g: W[:, 1:].T @ d + g, "value"),
    ],
)
def test_step_typical_mistakes_fail(answer, code):
    result = check_delta_recursion(answer)
    assert not result.passed and not result.blank
    assert result.code == code, result.message
    assert "ヒント" in result.message


def test_step_hint_does_not_state_the_recursion():
    message = check_delta_recursion(lambda W, d, g: W[:, 1:].T @ d).message
    assert "ヒント" in message and "W̃_{k+1}ᵀ δ_{k+1}" not in message
    assert "k = " in message  # the failing step is named


# --- backward for any depth, one activation per hidden layer


def backward_model_answer(weights, z, u, f_r, y, nabla_fs):
    r = len(weights) - 1
    delta = [None] * (r + 1)
    delta[r] = f_r - y
    for k in range(r - 1, -1, -1):
        delta[k] = weights[k + 1][:, 1:].T @ delta[k + 1] * nabla_fs[k](u[k])
    return [np.outer(delta[k], z[k]) for k in range(r + 1)]


def backward_model_answer_dict(weights, z, u, f_r, y, nabla_fs):
    # δ kept in a dict, gradients filled from the output back and returned in order
    delta = {len(weights) - 1: f_r - y}
    grads = [None] * len(weights)
    for k in reversed(range(len(weights))):
        if k < len(weights) - 1:
            delta[k] = (delta[k + 1] @ weights[k + 1][:, 1:]) * nabla_fs[k](u[k])
        grads[k] = delta[k][:, None] * z[k][None, :]
    return grads


def backward_blank(weights, z, u, f_r, y, nabla_fs):
    # ここにコードを書く
    raise NotImplementedError("演習: backward を完成させてください")


def backward_ascending_none(weights, z, u, f_r, y, nabla_fs):
    r = len(weights) - 1
    delta = [None] * (r + 1)
    delta[r] = f_r - y
    for k in range(r):  # the slide's listing k = 0, 1, ..., r−1 taken as the order
        delta[k] = weights[k + 1][:, 1:].T @ delta[k + 1] * nabla_fs[k](u[k])
    return [np.outer(delta[k], z[k]) for k in range(r + 1)]


def backward_ascending_zeros(weights, z, u, f_r, y, nabla_fs):
    r = len(weights) - 1
    delta = [np.zeros(W.shape[0]) for W in weights]
    delta[r] = f_r - y
    for k in range(r):
        delta[k] = weights[k + 1][:, 1:].T @ delta[k + 1] * nabla_fs[k](u[k])
    return [np.outer(delta[k], z[k]) for k in range(r + 1)]


def backward_without_nabla(weights, z, u, f_r, y, nabla_fs):
    ones = [lambda a: np.ones_like(a)] * len(nabla_fs)
    return backward_model_answer(weights, z, u, f_r, y, ones)


def backward_nabla_at_z(weights, z, u, f_r, y, nabla_fs):
    shifted = [z[k + 1][1:] for k in range(len(weights) - 1)] + [u[-1]]
    return backward_model_answer(weights, z, shifted, f_r, y, nabla_fs)


def backward_sign(weights, z, u, f_r, y, nabla_fs):
    return backward_model_answer(weights, z, u, y, f_r, nabla_fs)


def backward_first_activation_everywhere(weights, z, u, f_r, y, nabla_fs):
    return backward_model_answer(weights, z, u, f_r, y, [nabla_fs[0]] * len(nabla_fs))


def backward_shifted_activation(weights, z, u, f_r, y, nabla_fs):
    shifted = list(nabla_fs[1:]) + list(nabla_fs[-1:])
    return backward_model_answer(weights, z, u, f_r, y, shifted)


def backward_reversed(weights, z, u, f_r, y, nabla_fs):
    return backward_model_answer(weights, z, u, f_r, y, nabla_fs)[::-1]


def backward_transposed(weights, z, u, f_r, y, nabla_fs):
    return [g.T for g in backward_model_answer(weights, z, u, f_r, y, nabla_fs)]


def backward_full_W(weights, z, u, f_r, y, nabla_fs):
    r = len(weights) - 1
    delta = [None] * (r + 1)
    delta[r] = f_r - y
    for k in range(r - 1, -1, -1):
        delta[k] = weights[k + 1].T @ delta[k + 1] * nabla_fs[k](u[k])  # W instead of W̃
    return [np.outer(delta[k], z[k]) for k in range(r + 1)]


def backward_too_short(weights, z, u, f_r, y, nabla_fs):
    return backward_model_answer(weights, z, u, f_r, y, nabla_fs)[1:]


def backward_returns_none(weights, z, u, f_r, y, nabla_fs):
    backward_model_answer(weights, z, u, f_r, y, nabla_fs)


@pytest.mark.parametrize("answer", [backward_model_answer, backward_model_answer_dict])
def test_backward_model_answer_passes(answer):
    result = check_backward(answer)
    assert result.passed, result.message
    assert "8 通り" in result.message


@pytest.mark.parametrize("answer", [backward_blank, ...])
def test_backward_blank_says_not_implemented(answer):
    result = check_backward(answer)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        (backward_ascending_none, "ascending"),
        (backward_ascending_zeros, "ascending"),
        (backward_without_nabla, "no_nabla"),
        (backward_nabla_at_z, "nabla_at_z"),
        (backward_sign, "sign"),
        (backward_first_activation_everywhere, "value"),
        (backward_shifted_activation, "nabla_index"),
        (backward_reversed, "order"),
        (backward_transposed, "transpose"),
        (backward_full_W, "error"),
        (backward_too_short, "length"),
        (backward_returns_none, "none"),
    ],
)
def test_backward_typical_mistakes_fail(answer, code):
    result = check_backward(answer)
    assert not result.passed and not result.blank
    assert result.code == code, result.message
    assert "ケース" in result.message  # the failing input is named


def test_backward_says_which_layer_goes_wrong_first():
    message = check_backward(backward_without_nabla).message
    assert "k = 2, ..., r は一致しましたが" in message and "∂E/∂W_1 (k = 1)" in message


def test_backward_cases_cover_r_0_to_6_mixed_activations_and_m_1():
    seen = []

    def spy(weights, z, u, f_r, y, nabla_fs):
        seen.append((len(weights) - 1, f_r.shape[0], len({id(f) for f in nabla_fs})))
        return backward_model_answer(weights, z, u, f_r, y, nabla_fs)

    assert check_backward(spy).passed
    depths = {r for r, _, _ in seen}
    assert {0, 1, 2, 3, 4, 6} <= depths
    assert any(m == 1 for _, m, _ in seen) and any(kinds == 3 for *_, kinds in seen)


# --- δ_r for a sigmoid output with ½ squared error


def delta_r_model_answer(u_r, y):
    f = sigmoid(u_r)
    return (f - y) * f * (1 - f)


def delta_r_model_answer_exp(u_r, y):
    f = 1 / (1 + np.exp(-u_r))
    return (f - y) * f * (1 - f)


def delta_r_blank(u_r, y):
    # ここにコードを書く
    raise NotImplementedError("演習: delta_r を完成させてください")


def test_delta_r_reference_is_the_derivative_of_E():
    # the check's reference against central differences of E(u) = ½ ‖y − f(u)‖²
    from lecnn.gradcheck import numerical_gradient, relative_error

    rng = np.random.default_rng(0)
    u, y = rng.normal(size=4), np.array([0.0, 1.0, 1.0, 0.0])
    numerical = numerical_gradient(lambda v: 0.5 * np.sum((y - sigmoid(v)) ** 2), u)
    assert relative_error(delta_r_model_answer(u, y), numerical) < 1e-7

"""The checks of notebook 06 (誤差逆伝播法): model answers pass, blanks and typical mistakes fail."""

import numpy as np
import pytest

from lecnn import checks

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
    result = checks.check_delta_step(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("answer", [step_blank, ...])
def test_step_blank_says_not_implemented(answer):
    result = checks.check_delta_step(answer)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    ("answer", "fragment", "code"),
    [
        (lambda W, d, g: W[:, 1:].T @ d, "掛け忘れて", "no_nabla_f"),  # δ without ⊙∇f
        (
            lambda W, d, g: W.T @ d * g,
            "ValueError",
            "error",
        ),  # W instead of W̃: q+1 against q entries
        (lambda W, d, g: W[:, :-1].T @ d * g, "除く列が違いませんか", "wrong_column"),
        (step_transposed_when_square, "転置", "transpose"),
        (lambda W, d, g: -(W[:, 1:].T @ d) * g, "符号が逆", "sign"),
        (lambda W, d, g: W[:, 1:].T @ d + g, "一致しない成分", "value"),
    ],
)
def test_step_typical_mistakes_fail(answer, fragment, code):
    result = checks.check_delta_step(answer)
    assert not result.passed and not result.blank
    assert fragment in result.message, result.message
    assert result.code == code, result.code
    assert "ヒント" in result.message


def test_step_full_W_says_what_W_tilde_is():
    message = checks.check_delta_step(lambda W, d, g: W.T @ d * g).message
    assert "切片の列 0 を除いた" in message


# --- the full backward pass for one sample


def backward_model_answer(weights, z, u, f_r, y, nabla_f):
    r = len(weights) - 1
    delta = [None] * (r + 1)
    delta[r] = f_r - y
    for k in range(r - 1, -1, -1):
        delta[k] = weights[k + 1][:, 1:].T @ delta[k + 1] * nabla_f(u[k])
    return [np.outer(delta[k], z[k]) for k in range(r + 1)]


def backward_blank(weights, z, u, f_r, y, nabla_f):
    # ここにコードを書く
    raise NotImplementedError("演習: 誤差逆伝播")


def backward_without_nabla(weights, z, u, f_r, y, nabla_f):
    return backward_model_answer(weights, z, u, f_r, y, lambda a: np.ones_like(a))


def backward_nabla_at_z(weights, z, u, f_r, y, nabla_f):
    # ∇f evaluated at z_{k+1} = f_k(u_k) instead of u_k
    shifted = [z[k + 1][1:] for k in range(len(weights) - 1)] + [u[-1]]
    return backward_model_answer(weights, z, shifted, f_r, y, nabla_f)


def backward_sign(weights, z, u, f_r, y, nabla_f):
    return backward_model_answer(weights, z, u, y, f_r, nabla_f)


def backward_reversed(weights, z, u, f_r, y, nabla_f):
    return backward_model_answer(weights, z, u, f_r, y, nabla_f)[::-1]


def backward_transposed(weights, z, u, f_r, y, nabla_f):
    return [g.T for g in backward_model_answer(weights, z, u, f_r, y, nabla_f)]


def backward_full_W(weights, z, u, f_r, y, nabla_f):
    r = len(weights) - 1
    delta = [None] * (r + 1)
    delta[r] = f_r - y
    for k in range(r - 1, -1, -1):
        delta[k] = (weights[k + 1].T @ delta[k + 1])[:-1] * nabla_f(u[k])  # wrong W̃
    return [np.outer(delta[k], z[k]) for k in range(r + 1)]


def backward_returns_deltas(weights, z, u, f_r, y, nabla_f):
    grads = backward_model_answer(weights, z, u, f_r, y, nabla_f)
    return np.array([g[:, 0] for g in grads], dtype=object)


def backward_too_short(weights, z, u, f_r, y, nabla_f):
    return backward_model_answer(weights, z, u, f_r, y, nabla_f)[1:]


def backward_returns_none(weights, z, u, f_r, y, nabla_f):
    backward_model_answer(weights, z, u, f_r, y, nabla_f)


def test_backward_model_answer_passes():
    result = checks.check_backward(backward_model_answer)
    assert result.passed, result.message
    assert "7 通り" in result.message


@pytest.mark.parametrize("answer", [backward_blank, ...])
def test_backward_blank_says_not_implemented(answer):
    result = checks.check_backward(answer)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    ("answer", "fragment", "code"),
    [
        (backward_without_nabla, "⊙ ∇f_k(W_k z_k) を掛け忘れて", "no_nabla_f"),
        (backward_nabla_at_z, "u_k = W_k z_k で評価します", "nabla_f_of_z"),
        (backward_sign, "符号が逆", "sign"),
        (backward_reversed, "順番が逆", "order"),
        (backward_transposed, "転置", "transpose"),
        (backward_full_W, "一致しない成分", "value"),
        (backward_returns_deltas, "リストにしてください", "not_list"),
        (backward_too_short, "リストの長さが違います", "length"),
        (backward_returns_none, "None", "none"),
    ],
)
def test_backward_typical_mistakes_fail(answer, fragment, code):
    result = checks.check_backward(answer)
    assert not result.passed and not result.blank
    assert fragment in result.message, result.message
    assert result.code == code, result.code


def test_backward_says_which_layer_goes_wrong_first():
    # the recursion is wrong, so ∂E/∂W_r is right and ∂E/∂W_{r-1} is the first to differ
    message = checks.check_backward(backward_without_nabla).message
    assert "k = 2, ..., r は一致しましたが" in message and "∂E/∂W_1 (k = 1)" in message


def test_backward_cases_include_r_0_and_m_1():
    seen = []

    def spy(weights, z, u, f_r, y, nabla_f):
        seen.append((len(weights) - 1, f_r.shape[0]))
        return backward_model_answer(weights, z, u, f_r, y, nabla_f)

    assert checks.check_backward(spy).passed
    assert (0, 2) in seen and any(m == 1 for _, m in seen)
    assert max(r for r, _ in seen) >= 3


# --- one SGD update W_k <- W_k − η δ_k z_kᵀ


def update_model_answer(weights, delta, z, eta):
    return [W - eta * np.outer(d, zk) for W, d, zk in zip(weights, delta, z, strict=True)]


def update_in_place(weights, delta, z, eta):
    for k, W in enumerate(weights):
        W -= eta * np.outer(delta[k], z[k])
    return weights


def update_blank(weights, delta, z, eta):
    # ここにコードを書く
    raise NotImplementedError("演習: 重みの更新")


@pytest.mark.parametrize("answer", [update_model_answer, update_in_place])
def test_update_model_answer_passes(answer):
    result = checks.check_sgd_update(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("answer", [update_blank, ...])
def test_update_blank_says_not_implemented(answer):
    result = checks.check_sgd_update(answer)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    ("answer", "fragment", "code"),
    [
        (
            lambda Ws, ds, zs, eta: [
                W + eta * np.outer(d, z) for W, d, z in zip(Ws, ds, zs, strict=True)
            ],
            "符号",
            "sign",
        ),
        (
            lambda Ws, ds, zs, eta: [
                W - np.outer(d, z) for W, d, z in zip(Ws, ds, zs, strict=True)
            ],
            "η を掛け忘れて",
            "no_eta",
        ),
        (
            lambda Ws, ds, zs, eta: [-eta * np.outer(d, z) for d, z in zip(ds, zs, strict=True)],
            "引くのを忘れて",
            "not_subtracted",
        ),
        (
            lambda Ws, ds, zs, eta: [
                W - eta * np.outer(z, d) for W, d, z in zip(Ws, ds, zs, strict=True)
            ],
            "ValueError",
            "error",
        ),
        (
            lambda Ws, ds, zs, eta: [
                W - eta * np.outer(d, z[1:]) for W, d, z in zip(Ws, ds, zs, strict=True)
            ],
            "ValueError",
            "error",
        ),
        (lambda Ws, ds, zs, eta: None, "None", "none"),
    ],
)
def test_update_typical_mistakes_fail(answer, fragment, code):
    result = checks.check_sgd_update(answer)
    assert not result.passed and not result.blank
    assert fragment in result.message, result.message
    assert result.code == code, result.code

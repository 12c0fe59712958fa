"""The checks of notebook 07 (学習): model answers pass, blanks and typical mistakes fail."""

import numpy as np
import pytest

from lecnn import checks

# --- 演習 1: the update for one sample or a minibatch


def update_model_answer(weights, delta, z, eta):
    new = []
    for W_k, delta_k, z_k in zip(weights, delta, z, strict=True):
        if delta_k.ndim == 1:
            grad = np.outer(delta_k, z_k)  # δ_k z_kᵀ
        else:
            grad = delta_k.T @ z_k / len(delta_k)  # mean over the rows of δ_k z_kᵀ
        new.append(W_k - eta * grad)
    return new


def update_model_answer_in_place(weights, delta, z, eta):
    # a batch as a stack of outer products, averaged; the list updated in place and returned
    for W_k, delta_k, z_k in zip(weights, delta, z, strict=True):
        outer = delta_k[..., :, None] * z_k[..., None, :]
        W_k -= eta * (outer if outer.ndim == 2 else outer.mean(axis=0))
    return weights


def update_blank(weights, delta, z, eta):
    # ここにコードを書く
    raise NotImplementedError("演習 1: 重みの更新")


def update_plus_eta(weights, delta, z, eta):
    return [W + eta * _grad(d, zk) for W, d, zk in zip(weights, delta, z, strict=True)]


def update_no_intercept(weights, delta, z, eta):
    # z_k without its leading 1: the intercept column is not updated (or the shapes clash)
    return [W - eta * _grad(d, zk[..., 1:]) for W, d, zk in zip(weights, delta, z, strict=True)]


def update_intercept_left_alone(weights, delta, z, eta):
    new = [W.copy() for W in weights]
    for W, d, zk in zip(new, delta, z, strict=True):
        W[:, 1:] -= eta * _grad(d, zk)[:, 1:]
    return new


def update_transposed(weights, delta, z, eta):
    # z_k δ_kᵀ instead of δ_k z_kᵀ: a shape error where W_k is not square
    return [W - eta * _grad(zk, d) for W, d, zk in zip(weights, delta, z, strict=True)]


def update_sum_not_mean(weights, delta, z, eta):
    return [
        W - eta * (np.outer(d, zk) if d.ndim == 1 else d.T @ zk)
        for W, d, zk in zip(weights, delta, z, strict=True)
    ]


def update_first_sample_only(weights, delta, z, eta):
    return [
        W - eta * np.outer(np.atleast_2d(d)[0], np.atleast_2d(zk)[0])
        for W, d, zk in zip(weights, delta, z, strict=True)
    ]


def update_forgets_eta(weights, delta, z, eta):
    return [W - _grad(d, zk) for W, d, zk in zip(weights, delta, z, strict=True)]


def update_returns_gradients(weights, delta, z, eta):
    return [_grad(d, zk) for d, zk in zip(delta, z, strict=True)]


def update_no_return(weights, delta, z, eta):
    for W, d, zk in zip(weights, delta, z, strict=True):
        W = W - eta * _grad(d, zk)  # noqa: F841 (the mistake: rebinding, no return)


def update_one_array(weights, delta, z, eta):
    return weights[0] - eta * _grad(delta[0], z[0])


def _grad(a, b):
    """Mean over the rows of a bᵀ (a plain outer product for 1-D a and b)."""
    if a.ndim == 1:
        return np.outer(a, b)
    return a.T @ b / len(a)


@pytest.mark.parametrize("answer", [update_model_answer, update_model_answer_in_place])
def test_update_model_answer_passes(answer):
    result = checks.check_batch_update(answer)
    assert result.passed, result.message
    assert "通りの入力で一致しました" in result.message


@pytest.mark.parametrize("answer", [update_blank, ...])
def test_update_blank_says_not_implemented(answer):
    result = checks.check_batch_update(answer)
    assert not result.passed and result.blank
    assert "まだ実装されていません" in result.message


@pytest.mark.parametrize(
    ("answer", "fragment", "code"),
    [
        (update_plus_eta, "符号", "sign"),
        (update_no_intercept, "ヒント", "error"),
        (update_intercept_left_alone, "切片の列 0 も更新", "intercept"),
        (update_transposed, "転置", "transpose"),
        (update_sum_not_mean, "平均 (1/n)", "sum"),
        (update_first_sample_only, "最初のサンプル", "first_sample"),
        (update_forgets_eta, "η を掛け忘れ", "no_eta"),
        (update_returns_gradients, "勾配 δ_k z_kᵀ そのもの", "gradient_only"),
        (update_no_return, "None", "none"),
        (update_one_array, "リスト", "not_list"),
    ],
)
def test_update_typical_mistakes_fail_with_a_hint(answer, fragment, code):
    result = checks.check_batch_update(answer)
    assert not result.passed and not result.blank
    assert result.message.startswith("✘")
    assert fragment in result.message, result.message
    assert result.code == code, result.code


def test_update_transposed_fails_on_a_square_W_with_a_named_cause():
    # in the first case, sizes [2, 3, 4], every W_k is square: the transposed outer
    # product fits the shape there and only the values tell
    result = checks.check_batch_update(update_transposed)
    assert "考えられる原因: δ_k z_kᵀ が転置" in result.message, result.message


def test_update_check_does_not_print_the_expected_matrix():
    result = checks.check_batch_update(update_plus_eta)
    verdict = result.message.split("\n失敗した入力")[0]  # then the inputs: weights, δ_k, z_k
    assert "[[" not in verdict and "期待" in verdict


# --- 演習 2: one epoch of minibatch SGD


def epoch_model_answer(net, X, Y, eta, batch_size, rng):
    order = rng.permutation(len(X))  # 1. ランダムにデータを読み込む
    for start in range(0, len(X), batch_size):
        idx = order[start : start + batch_size]
        grads = net.gradients(X[idx], Y[idx])  # 2.-3. 順伝播と逆伝播 (ミニバッチの平均)
        for W, g in zip(net.weights, grads, strict=True):
            W -= eta * g  # 4. 重みの更新


def epoch_with_step(net, X, Y, eta, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        idx = order[start : start + batch_size]
        net.step(X[idx], Y[idx], eta)


def epoch_blank(net, X, Y, eta, batch_size, rng):
    # ここにコードを書く
    raise NotImplementedError("演習 2: 1 エポック")


def epoch_plus_eta(net, X, Y, eta, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        idx = order[start : start + batch_size]
        for W, g in zip(net.weights, net.gradients(X[idx], Y[idx]), strict=True):
            W += eta * g


def epoch_in_order(net, X, Y, eta, batch_size, rng):
    for start in range(0, len(X), batch_size):
        idx = np.arange(start, min(start + batch_size, len(X)))
        for W, g in zip(net.weights, net.gradients(X[idx], Y[idx]), strict=True):
            W -= eta * g


def epoch_drops_last_batch(net, X, Y, eta, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X) - batch_size + 1, batch_size):
        idx = order[start : start + batch_size]
        for W, g in zip(net.weights, net.gradients(X[idx], Y[idx]), strict=True):
            W -= eta * g


def epoch_rebinds(net, X, Y, eta, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        idx = order[start : start + batch_size]
        for W, g in zip(net.weights, net.gradients(X[idx], Y[idx]), strict=True):
            W = W - eta * g  # noqa: PLW2901 (the mistake: a new array, net unchanged)


def epoch_new_permutation_per_batch(net, X, Y, eta, batch_size, rng):
    for start in range(0, len(X), batch_size):
        idx = rng.permutation(len(X))[start : start + batch_size]
        for W, g in zip(net.weights, net.gradients(X[idx], Y[idx]), strict=True):
            W -= eta * g


def epoch_fresh_generator(net, X, Y, eta, batch_size, rng):
    # a new generator every epoch repeats the first epoch's order
    order = np.random.default_rng(0).permutation(len(X))
    for start in range(0, len(X), batch_size):
        idx = order[start : start + batch_size]
        for W, g in zip(net.weights, net.gradients(X[idx], Y[idx]), strict=True):
            W -= eta * g


def epoch_crashes(net, X, Y, eta, batch_size, rng):
    return net.gradients(X, Y)[len(X)]


@pytest.mark.parametrize("answer", [epoch_model_answer, epoch_with_step])
def test_epoch_model_answer_passes(answer):
    result = checks.check_train_epoch(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("answer", [epoch_blank, ...])
def test_epoch_blank_says_not_implemented(answer):
    result = checks.check_train_epoch(answer)
    assert not result.passed and result.blank
    assert "まだ実装されていません" in result.message


@pytest.mark.parametrize(
    ("answer", "fragment", "code"),
    [
        (epoch_plus_eta, "符号", "sign"),
        (epoch_in_order, "rng.permutation(n)", "no_shuffle"),
        (epoch_drops_last_batch, "余りのミニバッチ", "drop_last"),
        (epoch_rebinds, "その場での更新", "unchanged"),
        (epoch_new_permutation_per_batch, "ヒント", "value"),
        (epoch_fresh_generator, "ヒント", "value"),
        (epoch_crashes, "IndexError", "error"),
    ],
)
def test_epoch_typical_mistakes_fail_with_a_hint(answer, fragment, code):
    result = checks.check_train_epoch(answer)
    assert not result.passed and not result.blank
    assert result.message.startswith("✘")
    assert fragment in result.message, result.message
    assert result.code == code, result.code


def test_epoch_check_leaves_the_callers_generator_alone():
    # the check draws its own data from its own generator: numpy's global one is untouched
    state = np.random.get_state()  # noqa: NPY002 (the legacy global generator, on purpose)
    first = checks.check_train_epoch(epoch_plus_eta)
    after = np.random.get_state()  # noqa: NPY002
    assert after[2] == state[2] and np.array_equal(after[1], state[1])
    assert first.code == checks.check_train_epoch(epoch_plus_eta).code == "sign"

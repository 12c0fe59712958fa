"""The new checks of notebook 07: model answers pass, blanks and typical mistakes fail."""

import numpy as np
import pytest

import lecnn
from lecnn.checks import check_batch_update, check_pseudocode_epoch

# --- 演習 1: one epoch of the pseudocode


def epoch_model_answer(W, X, Y, eta, f, nabla_f, f_r, rng):
    r = len(W) - 1
    for i in rng.permutation(len(X)):  # 1. ランダムにデータを読み込む
        x, y = X[i], Y[i]
        z, u = [lecnn.augment(x)], []  # 2. 順伝播
        for k in range(r + 1):
            u.append(W[k] @ z[k])
            if k < r:
                z.append(lecnn.augment(f(u[k])))
        delta = [None] * (r + 1)  # 3. 逆伝播
        delta[r] = f_r(u[r]) - y
        for k in range(r - 1, -1, -1):
            delta[k] = W[k + 1][:, 1:].T @ delta[k + 1] * nabla_f(u[k])
        for k in range(r + 1):  # 4. 重みの更新
            W[k] -= eta * np.outer(delta[k], z[k])


def epoch_model_answer_rebinding_list_entries(W, X, Y, eta, f, nabla_f, f_r, rng):
    # W[k] = W[k] - ... replaces the list's entries: the caller's list sees the new matrices
    r = len(W) - 1
    for i in rng.permutation(len(X)):
        z, u = [np.concatenate(([1.0], X[i]))], []
        for k in range(r + 1):
            u.append(z[k] @ W[k].T)
            if k < r:
                z.append(np.concatenate(([1.0], f(u[k]))))
        delta = {r: f_r(u[r]) - Y[i]}
        for k in reversed(range(r)):
            delta[k] = (delta[k + 1] @ W[k + 1][:, 1:]) * nabla_f(u[k])
        for k in range(r + 1):
            W[k] = W[k] - eta * np.outer(delta[k], z[k])


def epoch_blank(W, X, Y, eta, f, nabla_f, f_r, rng):
    # ここにコードを書く
    raise NotImplementedError("演習: pseudocode_epoch を完成させてください")


def _epoch(W, X, Y, eta, f, nabla_f, f_r, rng, **wrong):
    """The model answer with one mistake switched on."""
    r = len(W) - 1
    order = np.arange(len(X)) if wrong.get("no_shuffle") else rng.permutation(len(X))
    kept = [np.zeros(Wk.shape[0]) for Wk in W]
    for i in order:
        x, y = X[i], Y[i]
        z, u = [lecnn.augment(x)], []
        for k in range(r + 1):
            u.append(W[k] @ z[k])
            if k < r:
                z.append(lecnn.augment(f(u[k])))
        if wrong.get("init") == "none":
            delta = [None] * (r + 1)
        elif wrong.get("init") == "kept":
            delta = kept
        else:
            delta = [np.zeros(Wk.shape[0]) for Wk in W]
        delta[r] = f_r(u[r]) - y
        if wrong.get("interleaved"):
            W[r] -= eta * np.outer(delta[r], z[r])
        ks = range(r) if wrong.get("ascending") else range(r - 1, -1, -1)
        for k in ks:
            g = 1.0 if wrong.get("no_nabla") else nabla_f(u[k])
            delta[k] = W[k + 1][:, 1:].T @ delta[k + 1] * g
            if wrong.get("interleaved"):
                W[k] -= eta * np.outer(delta[k], z[k])
        if not wrong.get("interleaved"):
            step = (
                (lambda d, zk: -eta * np.outer(d, zk))
                if not wrong.get("plus")
                else (lambda d, zk: eta * np.outer(d, zk))
            )
            for k in range(r + 1):
                if wrong.get("rebind"):
                    W_k = W[k]
                    W_k = W_k + step(delta[k], z[k])  # noqa: F841 (the mistake)
                else:
                    W[k] += step(delta[k], z[k])


def epoch_ascending_none(*args):
    _epoch(*args, ascending=True, init="none")


def epoch_ascending_zeros(*args):
    _epoch(*args, ascending=True)


def epoch_ascending_kept(*args):
    _epoch(*args, ascending=True, init="kept")


def epoch_interleaved(*args):
    _epoch(*args, interleaved=True)


def epoch_plus(*args):
    _epoch(*args, plus=True)


def epoch_no_shuffle(*args):
    _epoch(*args, no_shuffle=True)


def epoch_no_nabla(*args):
    _epoch(*args, no_nabla=True)


def epoch_rebind(*args):
    _epoch(*args, rebind=True)


def epoch_no_intercept(W, X, Y, eta, f, nabla_f, f_r, rng):
    r = len(W) - 1
    for i in rng.permutation(len(X)):
        z, u = [X[i]], []  # z_k without the leading 1
        for k in range(r + 1):
            u.append(W[k] @ z[k])
            if k < r:
                z.append(f(u[k]))


@pytest.mark.parametrize("answer", [epoch_model_answer, epoch_model_answer_rebinding_list_entries])
def test_epoch_model_answer_passes(answer):
    result = check_pseudocode_epoch(answer)
    assert result.passed, result.message
    assert "6 通り" in result.message


@pytest.mark.parametrize("answer", [epoch_blank, ...])
def test_epoch_blank_says_not_implemented(answer):
    result = check_pseudocode_epoch(answer)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        (epoch_ascending_none, "ascending"),
        (epoch_ascending_zeros, "ascending"),
        (epoch_ascending_kept, "ascending"),
        (epoch_interleaved, "interleaved"),
        (epoch_plus, "sign"),
        (epoch_no_shuffle, "no_shuffle"),
        (epoch_no_nabla, "no_nabla"),
        (epoch_rebind, "not_in_place"),
        (epoch_no_intercept, "error"),
    ],
)
def test_epoch_typical_mistakes_fail_with_the_case_and_a_hint(answer, code):
    result = check_pseudocode_epoch(answer)
    assert not result.passed and not result.blank
    assert result.code == code, result.message
    assert "ケース" in result.message and "ヒント" in result.message


def test_epoch_ascending_order_is_diagnosed_on_a_deep_case_first():
    # the first case has r = 3, where the ascending loop reads δ_{k+1} before it exists
    message = check_pseudocode_epoch(epoch_ascending_zeros).message
    assert "ケース 1 (sizes = [4, 5, 5, 5, 3] (r = 3)" in message


# --- 演習 2: the update for one sample or a minibatch


def update_model_answer(weights, delta, z, eta):
    new = []
    for W_k, delta_k, z_k in zip(weights, delta, z, strict=True):
        grad = np.outer(delta_k, z_k) if delta_k.ndim == 1 else delta_k.T @ z_k / len(delta_k)
        new.append(W_k - eta * grad)
    return new


def update_blank(weights, delta, z, eta):
    # ここにコードを書く
    raise NotImplementedError("演習: batch_update を完成させてください")


def _mean_outer(a, b):
    return np.outer(a, b) if a.ndim == 1 else a.T @ b / len(a)


@pytest.mark.parametrize("answer", [update_model_answer])
def test_update_model_answer_passes(answer):
    assert check_batch_update(answer).passed


@pytest.mark.parametrize("answer", [update_blank, ...])
def test_update_blank_says_not_implemented(answer):
    result = check_batch_update(answer)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        (
            lambda Ws, ds, zs, eta: [
                W - eta * (np.outer(d, z) if d.ndim == 1 else d.T @ z)
                for W, d, z in zip(Ws, ds, zs, strict=True)
            ],
            "sum",
        ),
        (
            lambda Ws, ds, zs, eta: [
                W + eta * _mean_outer(d, z) for W, d, z in zip(Ws, ds, zs, strict=True)
            ],
            "sign",
        ),
        (
            # z_k δ_kᵀ in place of δ_k z_kᵀ: in the first case every W_k is square, so it fits
            lambda Ws, ds, zs, eta: [
                W - eta * _mean_outer(z, d) for W, d, z in zip(Ws, ds, zs, strict=True)
            ],
            "transpose",
        ),
        (lambda Ws, ds, zs, eta: [W for W in Ws], "unchanged"),
        (lambda Ws, ds, zs, eta: 1 / 0, "error"),
    ],
)
def test_update_typical_mistakes_fail(answer, code):
    result = check_batch_update(answer)
    assert not result.passed and not result.blank
    assert result.code == code, result.message


def test_update_hint_holds_no_code():
    message = check_batch_update(lambda Ws, ds, zs, eta: [W for W in Ws]).message
    assert "ヒント" in message
    assert ".T @" not in message and "delta[k]" not in message

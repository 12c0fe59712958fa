"""Checks of notebook 07 (学習): the update for one sample or a batch, one epoch of SGD."""

import numpy as np

from lecnn.activations import ACTIVATIONS, DERIVATIVES, softmax
from lecnn.checks.backpropagation import update_mistakes, used_none
from lecnn.checks.calling import Mismatch, call
from lecnn.checks.factory import random_data, random_network
from lecnn.checks.machinery import as_list, compare_diagnosed, fresh_rng, run_check
from lecnn.data import one_hot
from lecnn.training import train

# (sizes [d, q_1, ..., q_r, m], f_k, f_r, η). Every W_k of [2, 3, 4] is square (3 × 3, 4 × 4),
# as are W_0 of [2, 3, 4, 2] and [1, 2, 2, 1]: a transposed δ_k z_kᵀ fits the shape there,
# and only the values tell.
CASES = [
    ([2, 3, 4], "tanh", "softmax", 0.5),
    ([2, 3, 4, 2], "tanh", "softmax", 0.5),
    ([3, 4, 2], "relu", "softmax", 0.1),
    ([4, 5, 5, 5, 3], "relu", "softmax", 0.05),
    ([1, 2, 2, 1], "tanh", "identity", 0.2),
    ([3, 6, 1], "sigmoid", "sigmoid", 1.0),
    ([5, 3], "relu", "softmax", 0.3),
]


# ---- checks_nb07

# --- 演習 1: one epoch of the pseudocode -------------------------------------------


def _identity(u):
    return u


def _output_function(output):
    """f_r as the student receives it: softmax, identity or sigmoid, one sample (m,)."""

    return {"softmax": softmax, "identity": _identity, "sigmoid": ACTIVATIONS["sigmoid"]}[output]


def _pseudocode_variant(
    W,
    X,
    Y,
    eta,
    f,
    nabla_f,
    f_r,
    rng,
    sign=-1,
    shuffle=True,
    ascending=None,
    interleaved=False,
    skip_nabla=False,
    nabla_at_z=False,
):
    """One epoch of the pseudocode with one typical mistake switched on, in place.

    ``ascending`` runs step 3.2 for k = 0, ..., r−1 with δ_{k+1} not yet computed for
    this sample: "zeros" (a fresh zero list per sample) or "stale" (the previous
    sample's δ). ``interleaved`` updates W_{k+1} before δ_k is computed from it.
    """
    r = len(W) - 1
    order = rng.permutation(len(X)) if shuffle else np.arange(len(X))
    stale = [np.zeros(Wk.shape[0]) for Wk in W]
    for i in order:
        x, y = X[i], Y[i]
        z, u = [np.concatenate(([1.0], x))], []
        for k in range(r + 1):
            u.append(W[k] @ z[k])
            if k < r:
                z.append(np.concatenate(([1.0], f(u[k]))))
        delta = stale if ascending == "stale" else [np.zeros(Wk.shape[0]) for Wk in W]
        delta[r] = f_r(u[r]) - y
        if interleaved:
            W[r] += sign * eta * np.outer(delta[r], z[r])
        ks = range(r) if ascending else range(r - 1, -1, -1)
        for k in ks:
            grad_f = 1.0 if skip_nabla else nabla_f(z[k + 1][1:] if nabla_at_z else u[k])
            delta[k] = W[k + 1][:, 1:].T @ delta[k + 1] * grad_f
            if interleaved:
                W[k] += sign * eta * np.outer(delta[k], z[k])
        if not interleaved:
            for k in range(r + 1):
                W[k] += sign * eta * np.outer(delta[k], z[k])


_ORDER_NOTE = (
    "3.2 で k を 0, 1, ..., r−1 の順 (入力側から) に回していませんか? δ_k を求めるには "
    "δ_(k+1) が先に要るので、k = r−1, ..., 1, 0 の順 (出力側から) に回します。"
    "スライドの「k = 0, 1, ..., r−1」は k の範囲を示したもので、計算の順番ではありません。"
)

_HINT_PSEUDOCODE = (
    "1. サンプルの並べ替えは 1 エポックに 1 回だけ、渡された乱数生成器で作り、その順に 1 サンプルずつ、"
    "2. 順伝播 (z_k は先頭に 1 を付ける) → 3. 逆伝播 (3.1 の δ_r から 3.2 の漸化式) → "
    "4. すべての k の W_k ← W_k − η δ_k z_kᵀ。新しいリストを作らず、W の中の行列そのものを書き換えます。"
)


def check_pseudocode_epoch(pseudocode_epoch):
    """Check ``pseudocode_epoch(W, X, Y, eta, f, nabla_f, f_r, rng)``: one epoch, in place.

    The reference is ``lecnn.train(net, X, Y, eta, epochs, batch_size=1, seed)``: a
    generator ``np.random.default_rng(seed)`` for the whole run, ``rng.permutation(n)``
    once per epoch, one update per sample. The student's function is called once per
    epoch with the same generator.

    Parameters
    ----------
    pseudocode_epoch : callable
        W: list [W_0, ..., W_r], updated in place; X: shape (n, d); Y: shape (n, m),
        one-hot rows for a softmax output; eta: float; f, nabla_f: the hidden
        activation f_k and its derivative (the same for every hidden layer); f_r: the
        output activation of one sample, (m,) -> (m,); rng: numpy.random.Generator
        -> None.

    Returns
    -------
    CheckResult
    """

    rng = fresh_rng()
    # (case of CASES, n, epochs): several depths (r = 0..3), each output, two epochs
    cases = [
        (CASES[3], 6, 1),
        (CASES[1], 7, 2),
        (CASES[2], 5, 1),
        (CASES[4], 6, 2),
        (CASES[5], 5, 1),
        (CASES[6], 4, 1),
    ]

    def body():
        for i, ((sizes, hidden, output, eta), n, epochs) in enumerate(cases, start=1):
            net = random_network(rng, sizes, hidden, output)
            X, Y = random_data(rng, net, n, labels=True)
            if output == "softmax":
                Y = one_hot(Y, net.m)
            seed = int(rng.integers(1000))
            reference = net.copy()
            train(reference, X, Y, eta=eta, epochs=epochs, batch_size=1, seed=seed)
            f, nabla_f, f_r = ACTIVATIONS[hidden], DERIVATIVES[hidden], _output_function(output)
            label = (
                f"ケース {i} (sizes = {sizes} (r = {net.r}), f_k = {hidden}, "
                f"f_r = {output}, n = {n}, η = {eta:g}, {epochs} エポック)"
            )
            W = [Wk.copy() for Wk in net.weights]
            student_rng = np.random.default_rng(seed)
            for _ in range(epochs):
                try:
                    call(pseudocode_epoch, W, X.copy(), Y.copy(), eta, f, nabla_f, f_r, student_rng)
                except Mismatch as err:
                    note, code = (f"\n考えられる原因: {_ORDER_NOTE}", "ascending")
                    if not used_none(err):
                        note, code = "", err.code
                    raise Mismatch(
                        f"{label}: {err}{note}\nヒント: {_HINT_PSEUDOCODE}", code
                    ) from None
            variants = [
                ({"ascending": "zeros"}, _ORDER_NOTE, "ascending"),
                ({"ascending": "stale"}, _ORDER_NOTE, "ascending"),
                (
                    {"interleaved": True},
                    "W_(k+1) を δ_k の計算より先に更新していませんか? 3.2 の δ_k は更新前の "
                    "W_(k+1) で求めます。逆伝播 (3.) をすべて終えてから 4. の更新をします。",
                    "interleaved",
                ),
                (
                    {"sign": +1},
                    "更新の向き (符号) が逆ではありませんか? W_k ← W_k − η δ_k z_kᵀ です。",
                    "sign",
                ),
                (
                    {"shuffle": False},
                    "サンプルを rng.permutation(n) の順に読んでいますか?",
                    "no_shuffle",
                ),
                (
                    {"skip_nabla": True},
                    "3.2 の ⊙ ∇f_k(W_k z_k) を掛け忘れていませんか?",
                    "no_nabla",
                ),
                (
                    {"nabla_at_z": True},
                    "∇f_k は u_k = W_k z_k で評価します (z_(k+1) = f_k(u_k) ではありません)。",
                    "nabla_at_z",
                ),
            ]
            mistakes = []
            for kwargs, note, code in variants:
                wrong = [Wk.copy() for Wk in net.weights]
                wrong_rng = np.random.default_rng(seed)
                for _ in range(epochs):
                    _pseudocode_variant(wrong, X, Y, eta, f, nabla_f, f_r, wrong_rng, **kwargs)
                mistakes.append((wrong, note, code))
            mistakes.append(
                (
                    net.weights,
                    "重みが変わっていません。W[k] = W[k] - ... ではなく W[k] -= ... で、"
                    "渡された行列そのものを書き換えます。",
                    "not_in_place",
                )
            )
            for k in range(net.r, -1, -1):
                layer_mistakes = [(weights[k], note, code) for weights, note, code in mistakes]
                what = f"{label} の後の W_{k} "
                compare_diagnosed(
                    W[k], reference.weights[k], what, _HINT_PSEUDOCODE, layer_mistakes, rtol=1e-9
                )

    return run_check("疑似コードの 1 エポック", body, len(cases))


# --- 演習 2: the update of one sample or a minibatch --------------------------------

_HINT_BATCH_UPDATE = (
    "1 サンプル (δ_k, z_k が 1 次元) なら W_k ← W_k − η δ_k z_kᵀ。バッチ (行 i がサンプル i) なら "
    "δ_k^(i) z_k^(i)ᵀ をサンプルについて平均して W_k ← W_k − η (1/n) Σ_i δ_k^(i) z_k^(i)ᵀ。"
    "和 Σ_i δ_k^(i) z_k^(i)ᵀ は、行 i が δ_k^(i)ᵀ の行列と行 i が z_k^(i)ᵀ の行列の積で書けます。"
    "結果が q_(k+1) × (q_k + 1) になるのはどちらを転置したときか、形で考えてください。"
)


def check_batch_update(batch_update):
    """Check ``batch_update(weights, delta, z, eta)``: the update for one sample or a batch.

    The reference is lecnn's own step: W_k ← W_k − η ∂E/∂W_k with ∂E/∂W_k = δ_k z_kᵀ
    for one sample and its mean over the samples for a batch.

    Parameters
    ----------
    batch_update : callable
        weights: list [W_0, ..., W_r], W_k of shape (q_{k+1}, q_k + 1);
        delta: list [δ_0, ..., δ_r], δ_k of shape (q_{k+1},) or (n, q_{k+1});
        z: list [z_0, ..., z_r], z_k of shape (q_k + 1,) or (n, q_k + 1), with the
        leading 1; eta: float -> list of the updated W_k, same shapes.

    Returns
    -------
    CheckResult
    """
    rng = fresh_rng()
    cases = [(params, n) for params in CASES for n in (None, 5)] + [(CASES[2], 1)]

    def body():
        for i, ((sizes, hidden, output, eta), n) in enumerate(cases, start=1):
            net = random_network(rng, sizes, hidden, output)
            x, y = random_data(rng, net, n, labels=True)
            bp = net.backward(x, y)
            stepped = net.copy()
            stepped.step(x, y, eta)  # the reference: W_k <- W_k - eta dE/dW_k
            args = (
                [W.copy() for W in net.weights],
                [a.copy() for a in bp.delta],
                [a.copy() for a in bp.forward.z],
                eta,
            )
            kind = "1 サンプル" if n is None else f"バッチ n = {n}"
            label = f"ケース {i} (sizes = {sizes}, {kind}, η = {eta:g})"
            try:
                got = call(batch_update, *args)
            except Mismatch as err:
                raise Mismatch(f"{label}: {err}\nヒント: {_HINT_BATCH_UPDATE}", err.code) from None
            got = as_list(got, net.r + 1, f"{label} の戻り値", "W_0, ..., W_r の行列")
            for k in range(net.r + 1):
                mistakes = update_mistakes(net.weights[k], bp.delta[k], bp.forward.z[k], eta)
                what = f"{label} の更新後の W_{k} "
                compare_diagnosed(got[k], stepped.weights[k], what, _HINT_BATCH_UPDATE, mistakes)

    return run_check("重みの更新 (1 サンプルとミニバッチ)", body, len(cases))

"""Checks of notebook 07 (学習): the update for one sample or a batch, one epoch of SGD."""

import numpy as np

from lecnn.checks.backpropagation import update_mistakes
from lecnn.checks.factory import random_data, random_network
from lecnn.checks.machinery import as_list, call_with_hint, compare_diagnosed, fresh_rng, run_check
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


_HINT_BATCH_UPDATE = (
    "1 サンプル (δ_k, z_k が 1 次元) なら W_k ← W_k − η δ_k z_kᵀ。バッチ (行がサンプル) なら "
    "δ_k z_kᵀ をサンプルについて平均して W_k ← W_k − η (1/n) Σ_i δ_k^(i) z_k^(i)ᵀ。"
    "この和は行列の積 1 回で書けます (行 i がサンプル i)。z_k は切片の 1 を含み、δ_k z_kᵀ は W_k と同じ "
    "q_{k+1} × (q_k + 1) 行列です。"
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
            got = call_with_hint(batch_update, args, _HINT_BATCH_UPDATE, case=label)
            got = as_list(got, net.r + 1, f"{label} の戻り値", "W_0, ..., W_r の行列")
            for k in range(net.r + 1):
                mistakes = update_mistakes(net.weights[k], bp.delta[k], bp.forward.z[k], eta)
                what = f"{label} の更新後の W_{k} "
                compare_diagnosed(got[k], stepped.weights[k], what, _HINT_BATCH_UPDATE, mistakes)

    return run_check("重みの更新 (1 サンプルとミニバッチ)", body, len(cases))


_HINT_EPOCH = (
    "疑似コードの 1 エポック: サンプルのランダムな並べ替えを rng で 1 エポックに 1 回だけ引き、"
    "その順に B 個ずつ (最後は余りの分) ミニバッチにして、各ミニバッチの平均の勾配で "
    "W_k ← W_k − η ∂E/∂W_k とします。net.weights の行列そのものを書き換えてください。"
)


def _epoch_variant(net, X, Y, eta, batch_size, rng, sign=-1, shuffle=True, drop_last=False):
    """One epoch of a (possibly wrong) minibatch SGD, in place; for the diagnoses."""
    n = len(X)
    order = rng.permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        idx = order[start : start + batch_size]
        if drop_last and len(idx) < batch_size:
            break
        for W, g in zip(net.weights, net.gradients(X[idx], Y[idx]), strict=True):
            W += sign * eta * g


def check_train_epoch(train_epoch):
    """Check ``train_epoch(net, X, Y, eta, batch_size, rng)``: one epoch of minibatch SGD.

    The reference is ``lecnn.train(net, X, Y, eta, epochs, batch_size, seed)``, whose
    visiting order is ``rng = np.random.default_rng(seed)`` once per run and
    ``rng.permutation(n)`` once per epoch, cut into batches of ``batch_size``. The
    student's function is called once per epoch with the same ``rng``.

    Parameters
    ----------
    train_epoch : callable
        net: lecnn.Network, updated in place; X: shape (n, d); Y: shape (n,) labels
        or (n, m); eta: float; batch_size: int; rng: numpy.random.Generator -> None.

    Returns
    -------
    CheckResult
    """
    rng = fresh_rng()
    # (params, n, batch_size, epochs): per sample, a last partial batch, one whole batch
    cases = [
        (CASES[2], 12, 1, 1),
        (CASES[1], 13, 4, 2),
        (CASES[4], 10, 3, 2),
        (CASES[5], 9, 2, 1),
        (CASES[3], 7, 10, 2),
    ]

    def body():
        for i, ((sizes, hidden, output, eta), n, batch_size, epochs) in enumerate(cases, 1):
            net = random_network(rng, sizes, hidden, output)
            X, Y = random_data(rng, net, n, labels=True)
            seed = int(rng.integers(1000))
            reference = net.copy()
            train(reference, X, Y, eta=eta, epochs=epochs, batch_size=batch_size, seed=seed)
            student = net.copy()
            student_rng = np.random.default_rng(seed)
            label = (
                f"ケース {i} (sizes = {sizes}, n = {n}, batch_size = {batch_size}, "
                f"η = {eta:g}, {epochs} エポック)"
            )
            for _ in range(epochs):
                args = (student, X, Y, eta, batch_size, student_rng)
                call_with_hint(train_epoch, args, _HINT_EPOCH, case=label)
            variants = [
                ({"sign": +1}, "更新の向き (符号) が逆ではありませんか? −η です。", "sign"),
                (
                    {"shuffle": False},
                    "データをランダムな順 (rng.permutation(n)) に並べていますか?",
                    "no_shuffle",
                ),
                (
                    {"drop_last": True},
                    "最後の余りのミニバッチ (B 個未満) も使います。",
                    "drop_last",
                ),
            ]
            mistakes = []
            for kwargs, note, code in variants:
                wrong = net.copy()
                wrong_rng = np.random.default_rng(seed)
                for _ in range(epochs):
                    _epoch_variant(wrong, X, Y, eta, batch_size, wrong_rng, **kwargs)
                mistakes.append((wrong.weights, note, code))
            mistakes.append(
                (
                    net.weights,
                    "重みが変わっていません。新しい行列を作るのではなく、net.weights の行列"
                    "そのものを書き換えます (その場での更新)。",
                    "unchanged",
                )
            )
            for k in range(net.r + 1):
                layer_mistakes = [(weights[k], note, code) for weights, note, code in mistakes]
                what = f"{label} の後の W_{k} "
                compare_diagnosed(
                    student.weights[k],
                    reference.weights[k],
                    what,
                    _HINT_EPOCH,
                    layer_mistakes,
                    rtol=1e-9,
                )

    return run_check("ミニバッチ SGD の 1 エポック", body, len(cases))

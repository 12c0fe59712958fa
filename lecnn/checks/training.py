"""The exercises of notebook 07 (学習): one epoch of the pseudocode, the update of a sample or a batch."""

import numpy as np

from lecnn.activations import ACTIVATIONS, DERIVATIVES, softmax
from lecnn.checks.exercise import Case, Exercise, Mistake, Parts, error_says
from lecnn.checks.factory import random_data, random_network
from lecnn.checks.runner import as_list
from lecnn.data import one_hot

# (sizes [d, q_1, ..., q_r, m], f_k, f_r, η). Every W_k of [2, 3, 4] is square (3 × 3, 4 × 4),
# as are W_0 of [2, 3, 4, 2] and [1, 2, 2, 1]: a transposed δ_k z_kᵀ fits the shape there.
CASES = [
    ([2, 3, 4], "tanh", "softmax", 0.5),
    ([2, 3, 4, 2], "tanh", "softmax", 0.5),
    ([3, 4, 2], "relu", "softmax", 0.1),
    ([4, 5, 5, 5, 3], "relu", "softmax", 0.05),
    ([1, 2, 2, 1], "tanh", "identity", 0.2),
    ([3, 6, 1], "sigmoid", "sigmoid", 1.0),
    ([5, 3], "relu", "softmax", 0.3),
]

OUTPUTS = {"softmax": softmax, "identity": lambda u: u, "sigmoid": ACTIVATIONS["sigmoid"]}
"""f_r as the student receives it, for one sample (m,) -> (m,)."""


def _epoch_cases(rng):
    cases = []
    for i, (c, n, epochs) in enumerate(
        [(3, 6, 1), (1, 7, 2), (2, 5, 1), (4, 6, 2), (5, 5, 1), (6, 4, 1)], 1
    ):
        sizes, hidden, output, eta = CASES[c]
        net = random_network(rng, sizes, hidden, output)
        X, Y = random_data(rng, net, n, labels=True)
        if output == "softmax":
            Y = one_hot(Y, net.m)
        label = (
            f"ケース {i} (sizes = {sizes} (r = {net.r}), f_k = {hidden}, f_r = {output}, "
            f"n = {n}, η = {eta:g}, {epochs} エポック)"
        )
        args = (net.weights, X, Y, eta, ACTIVATIONS[hidden], DERIVATIVES[hidden], OUTPUTS[output])
        cases.append(Case(label, args, info={"seed": int(rng.integers(1000)), "epochs": epochs}))
    return cases


def _epoch(
    sign=-1, order="permutation", ascending=None, interleaved=False, nabla="u", in_place=True
):
    """One epoch of the pseudocode, in place, with the switches as a typical mistake.

    ``ascending`` runs step 3.2 for k = 0, ..., r−1 with δ_{k+1} not yet computed for this
    sample: "zeros" (a fresh zero list per sample) or "stale" (the previous sample's δ).
    ``interleaved`` updates W_{k+1} before δ_k is computed from it. ``order`` is
    "permutation" (one per epoch), "given" (no shuffling) or "per_sample" (a new permutation
    drawn for each sample).
    """

    def pseudocode_epoch(W, X, Y, eta, f, nabla_f, f_r, rng):
        weights = W if in_place else [Wk.copy() for Wk in W]
        r, n = len(W) - 1, len(X)
        samples = {
            "permutation": lambda: rng.permutation(n),
            "given": lambda: range(n),
            "per_sample": lambda: (rng.permutation(n)[t] for t in range(n)),
        }[order]()
        stale = [np.zeros(Wk.shape[0]) for Wk in weights]
        for i in samples:
            z, u = [np.concatenate(([1.0], X[i]))], []
            for k in range(r + 1):
                u.append(weights[k] @ z[k])
                if k < r:
                    z.append(np.concatenate(([1.0], f(u[k]))))
            delta = stale if ascending == "stale" else [np.zeros(Wk.shape[0]) for Wk in weights]
            if ascending == "none":  # δ_k not computed yet is None
                delta = [None] * (r + 1)
            delta[r] = f_r(u[r]) - Y[i]
            if interleaved:
                weights[r] += sign * eta * np.outer(delta[r], z[r])
            for k in range(r) if ascending else range(r - 1, -1, -1):
                at = {"u": u[k], "z": z[k + 1][1:]}.get(nabla)
                grad_f = 1.0 if at is None else nabla_f(at)
                delta[k] = weights[k + 1][:, 1:].T @ delta[k + 1] * grad_f
                if interleaved:
                    weights[k] += sign * eta * np.outer(delta[k], z[k])
            if not interleaved:
                for k in range(r + 1):
                    weights[k] += sign * eta * np.outer(delta[k], z[k])

    return pseudocode_epoch


def _after_epochs(call, pseudocode_epoch, case):
    """W_r, ..., W_0 after the case's epochs, one call per epoch with one generator."""
    W, *rest = case.args
    rng = np.random.default_rng(case.info["seed"])
    for _ in range(case.info["epochs"]):
        call(pseudocode_epoch, W, *rest, rng)
    return Parts({f"W_{k}": W[k] for k in range(len(W) - 1, -1, -1)})


_ORDER_NOTE = (
    "3.2 で k を 0, 1, ..., r−1 の順 (入力側から) に回していませんか? δ_k を求めるには "
    "δ_(k+1) が先に要るので、k = r−1, ..., 1, 0 の順 (出力側から) に回します。"
    "スライドの「k = 0, 1, ..., r−1」は k の範囲を示したもので、計算の順番ではありません。"
)

PSEUDOCODE_EPOCH = Exercise(
    id="07-1",
    title="疑似コードの 1 エポック",
    subject="疑似コードの 1 エポック",
    writes="pseudocode_epoch(W, X, Y, eta, f, nabla_f, f_r, rng) -> None (W をその場で更新)",
    check="check_pseudocode_epoch",
    cases=_epoch_cases,
    reference=_epoch(),
    run=_after_epochs,
    rtol=1e-9,
    hint=(
        "1. サンプルの並べ替えは 1 エポックに 1 回だけ、渡された乱数生成器で作り、その順に 1 サンプル"
        "ずつ、2. 順伝播 (z_k は先頭に 1 を付ける) → 3. 逆伝播 (3.1 の δ_r から 3.2 の漸化式) → "
        "4. すべての k の W_k ← W_k − η δ_k z_kᵀ。新しいリストを作らず、W の中の行列そのものを書き換えます。"
    ),
    purpose="講義の疑似コードを 1 行ずつコードにし、計算の順番 (逆伝播の向き、更新の時期) を確かめる。",
    mistakes=(
        Mistake("ascending", _ORDER_NOTE, _epoch(ascending="zeros")),
        Mistake("ascending", _ORDER_NOTE, _epoch(ascending="stale")),
        Mistake(
            "ascending",
            _ORDER_NOTE,
            _epoch(ascending="none"),
            test=error_says("NoneType", "does not have enough dimensions (has 0"),
        ),
        Mistake(
            "interleaved",
            "W_(k+1) を δ_k の計算より先に更新していませんか? 3.2 の δ_k は更新前の W_(k+1) で"
            "求めます。逆伝播 (3.) をすべて終えてから 4. の更新をします。",
            _epoch(interleaved=True),
        ),
        Mistake(
            "sign",
            "更新の向き (符号) が逆ではありませんか? W_k ← W_k − η δ_k z_kᵀ です。",
            _epoch(sign=1),
        ),
        Mistake("no_shuffle", "サンプルを並べ替えた順に読んでいますか?", _epoch(order="given")),
        Mistake(
            "permutation_per_sample",
            "並べ替えをサンプルごとに作り直していませんか? 並べ替えは 1 エポックに 1 回だけ作り、"
            "その順に n 個のサンプルを 1 回ずつ使います。",
            _epoch(order="per_sample"),
        ),
        Mistake("no_nabla", "3.2 の ⊙ ∇f_k(W_k z_k) を掛け忘れていませんか?", _epoch(nabla=None)),
        Mistake(
            "nabla_at_z",
            "∇f_k は u_k = W_k z_k で評価します (z_(k+1) = f_k(u_k) ではありません)。",
            _epoch(nabla="z"),
        ),
        Mistake(
            "not_in_place",
            "重みが変わっていません。新しいリストや行列を作るのではなく、渡された行列そのものを"
            "書き換えます。",
            _epoch(in_place=False),
        ),
    ),
    answer_patterns=(
        r"for\s+i\s+in\s+rng\.permutation\(\s*(len\(\s*X\s*\)|n)\s*\)",
        r"W\[\s*k\s*\]\s*-=\s*eta\s*\*\s*np\.outer\(\s*delta\[\s*k\s*\]\s*,\s*z\[\s*k\s*\]\s*\)",
    ),
)


def _update_cases(rng):
    cases = []
    draws = [(params, n) for params in CASES for n in (None, 5)] + [(CASES[2], 1)]
    for i, ((sizes, hidden, output, eta), n) in enumerate(draws, start=1):
        net = random_network(rng, sizes, hidden, output)
        x, y = random_data(rng, net, n, labels=True)
        bp = net.backward(x, y)
        kind = "1 サンプル" if n is None else f"バッチ n = {n}"
        label = f"ケース {i} (sizes = {sizes}, {kind}, η = {eta:g})"
        cases.append(Case(label, (net.weights, bp.delta, bp.forward.z, eta)))
    return cases


def _update(step=lambda W, g, eta: W - eta * g, mean=True, first=False, transpose=False):
    """W_k − η ∂E/∂W_k for every k, with the switches as a typical mistake."""

    def batch_update(weights, delta, z, eta):
        updated = []
        for W, d, zk in zip(weights, delta, z, strict=True):
            if d.ndim == 1 or first:
                d, zk = (d[0], zk[0]) if d.ndim == 2 else (d, zk)
                g = np.outer(zk, d) if transpose else np.outer(d, zk)
            else:
                g = (zk.T @ d if transpose else d.T @ zk) / (len(d) if mean else 1)
            updated.append(step(W, g, eta))
        return updated

    return batch_update


def _no_intercept(W, g, eta):
    W = W.copy()
    W[:, 1:] -= eta * g[:, 1:]
    return W


def _updated(call, batch_update, case):
    n = len(case.args[0])
    got = as_list(call(batch_update, *case.args), n, "W_0, ..., W_r の行列")
    return Parts({f"更新後の W_{k}": got[k] for k in range(n)})


BATCH_UPDATE = Exercise(
    id="07-2",
    title="1 サンプルとミニバッチの重みの更新",
    subject="重みの更新 (1 サンプルとミニバッチ)",
    writes="batch_update(weights, delta, z, eta) -> 更新後の [W_0, ..., W_r]",
    check="check_batch_update",
    cases=_update_cases,
    reference=_update(),
    run=_updated,
    advanced=True,
    hint=(
        "1 サンプル (δ_k, z_k が 1 次元) なら W_k ← W_k − η δ_k z_kᵀ。バッチ (行 i がサンプル i) なら "
        "δ_k^(i) z_k^(i)ᵀ をサンプルについて平均して W_k ← W_k − η (1/n) Σ_i δ_k^(i) z_k^(i)ᵀ。"
        "和 Σ_i δ_k^(i) z_k^(i)ᵀ は、行 i が δ_k^(i)ᵀ の行列と行 i が z_k^(i)ᵀ の行列の積で書けます。"
        "結果が q_(k+1) × (q_k + 1) になるのはどちらを転置したときか、形で考えてください。"
    ),
    purpose="1 サンプルの更新をミニバッチの平均に広げ、サンプルの和を行列積で書く。",
    mistakes=(
        Mistake(
            "sign",
            "更新の向き (符号) が逆ではありませんか? 勾配と逆向き (−η) に進みます。",
            _update(step=lambda W, g, eta: W + eta * g),
        ),
        Mistake(
            "no_eta", "学習率 η を掛け忘れていませんか?", _update(step=lambda W, g, eta: W - g)
        ),
        Mistake(
            "not_subtracted",
            "W_k から引くのを忘れていませんか? 返すのは更新後の W_k です。",
            _update(step=lambda W, g, eta: -eta * g),
        ),
        Mistake(
            "gradient_only",
            "返しているのは勾配そのものです。返すのは更新後の W_k です。",
            _update(step=lambda W, g, eta: g),
        ),
        Mistake(
            "unchanged",
            "重みが変わっていません。更新した W_k を返していますか?",
            _update(step=lambda W, g, eta: W),
        ),
        Mistake(
            "intercept",
            "切片の列 0 も更新します (z_k の先頭の 1 の分)。",
            _update(step=_no_intercept),
        ),
        Mistake("sum", "バッチでは和ではなく平均 (1/n) をとります。", _update(mean=False)),
        Mistake(
            "first_sample",
            "バッチの最初のサンプルしか使っていません。全サンプルの平均をとります。",
            _update(first=True),
        ),
        Mistake(
            "transpose", "δ_k z_kᵀ が転置 (z_k δ_kᵀ) になっていませんか?", _update(transpose=True)
        ),
    ),
    answer_patterns=(
        r"delta(_k|\[k\])\.T\s*@\s*z(_k|\[k\])\s*/",
        r"\(1/B\)\s*Σ_i\s*δ_k\^\(i\)\s*z_k\^\(i\)ᵀ",
    ),
)

EXERCISES = (PSEUDOCODE_EPOCH, BATCH_UPDATE)

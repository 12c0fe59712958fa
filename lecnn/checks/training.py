"""The exercises of notebook 07 (学習): one epoch of the pseudocode; B single-sample updates against one
minibatch update."""

import numpy as np

from lecnn.activations import ACTIVATIONS, DERIVATIVES, LABELS, softmax
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
            f"ケース {i} (sizes = {sizes} (r = {net.r}), f_k = {LABELS[hidden]}, "
            f"f_r = {LABELS[output]}, n = {n}, η = {eta:g}, {epochs} エポック)"
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
    "δ_{k+1} が先に要るので、k = r−1, ..., 1, 0 の順 (出力側から) に回します。"
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
    lecnn_answers=("Network", "train"),
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
            "W_{k+1} を δ_k の計算より先に更新していませんか? 3.2 の δ_k は更新前の W_{k+1} で"
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
            "∇f_k は u_k = W_k z_k で評価します (z_{k+1} = f_k(u_k) ではありません)。",
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


# (case of CASES, B, η): B η' stays small enough that no update diverges.
_MINIBATCH_DRAWS = [(0, 4, 0.1), (2, 3, 0.05), (3, 5, 0.02), (4, 4, 0.05), (5, 8, 0.1), (1, 2, 0.2)]


def _minibatch_cases(rng):
    cases = []
    for i, (c, B, eta) in enumerate(_MINIBATCH_DRAWS, start=1):
        sizes, hidden, output, _ = CASES[c]
        net = random_network(rng, sizes, hidden, output)
        X, Y = random_data(rng, net, B, labels=True)
        label = (
            f"ケース {i} (sizes = {sizes}, f_k = {LABELS[hidden]}, f_r = {LABELS[output]}, "
            f"B = {B}, η = {eta:g})"
        )
        cases.append(Case(label, (net, X, Y, eta)))
    return cases


def _two_updates(scale=lambda B: B, shared=None, sequential=True, rows=slice(None)):
    """B single-sample steps and one minibatch step, with the switches as a typical mistake.

    ``scale(B)`` multiplies η for the minibatch step; ``shared`` starts one of the two from
    the other's result ("minibatch": the minibatch step after the B steps, "sgd": the B steps
    after the minibatch step); ``sequential=False`` takes every sample's gradient at the
    starting weights (the first-order approximation instead of the B steps); ``rows`` orders
    the B steps (``slice(None, None, -1)``: last row first).
    """

    def sgd_and_minibatch(net, X, Y, eta):
        B = len(X)
        sgd = net.copy()
        mb = sgd if shared else net.copy()

        def single_steps():
            if sequential:
                for x, y in zip(X[rows], Y[rows], strict=True):
                    sgd.step(x, y, eta)
            else:
                sgd.step(X, Y, B * eta)
            return [W.copy() for W in sgd.weights]

        def minibatch_step():
            mb.step(X, Y, scale(B) * eta)
            return [W.copy() for W in mb.weights]

        if shared == "sgd":
            after_mb = minibatch_step()
            return single_steps(), after_mb
        return single_steps(), minibatch_step()

    return sgd_and_minibatch


def _both(call, sgd_and_minibatch, case):
    n = len(case.args[0].weights)
    got = as_list(call(sgd_and_minibatch, *case.args), 2, "重みのリスト")
    sgd = as_list(got[0], n, "W_0, ..., W_r の行列")
    mb = as_list(got[1], n, "W_0, ..., W_r の行列")
    return Parts(
        {f"1 サンプルずつ B 回の更新の後の W_{k}": sgd[k] for k in range(n)}
        | {f"ミニバッチ 1 回の更新の後の W_{k}": mb[k] for k in range(n)}
    )


_STEP_SIZE_NOTE = (
    "ミニバッチ 1 回の更新の学習率 η' を確かめてください。B 回の更新で W_k が動く量を η の 1 次まで"
    "書き、ミニバッチ 1 回の更新 (平均の勾配に η' を掛ける) で動く量と比べます。"
)

MINIBATCH_ETA = Exercise(
    id="07-2",
    title="B 回の 1 サンプル更新とミニバッチ 1 回の更新",
    subject="B 回の 1 サンプル更新とミニバッチ 1 回の更新",
    writes=(
        "sgd_and_minibatch(net, X, Y, eta) -> (B 回の 1 サンプル更新の後の [W_0, ..., W_r], "
        "ミニバッチ 1 回の更新の後の [W_0, ..., W_r])"
    ),
    check="check_sgd_and_minibatch",
    cases=_minibatch_cases,
    reference=_two_updates(),
    run=_both,
    rtol=1e-9,
    advanced=True,
    hint=(
        "b 回目 (b = 1, ..., B) の更新の勾配は、それまでの b − 1 回の更新で動いた重みでの勾配です。"
        "その動きは η の 1 次の大きさなので、勾配は最初の重みでの勾配と η の 1 次の項しか違いません。"
        "これを使って B 回の更新の後の W_k を η の 1 次まで書き、5 節のミニバッチの更新式と項ごとに"
        "比べてください。B 回の更新は X の行の順に、どちらも net の今の重みから始めます。"
    ),
    purpose=(
        "B 回の 1 サンプル更新を η の 1 次まで展開し、同じ B 個のサンプルのミニバッチ 1 回の更新と"
        "一致させる学習率を導く (B を変えたら η をどう変えるかの根拠)。"
    ),
    mistakes=(
        Mistake(
            "unscaled",
            "ミニバッチの学習率を η のままにしていませんか? 平均の勾配に η を掛けるだけでは、"
            "B 回の更新より動く量が足りません。" + _STEP_SIZE_NOTE,
            _two_updates(scale=lambda B: 1),
        ),
        Mistake(
            "divided",
            "η を B で割っていませんか? (1/B) はすでに平均の勾配に入っています。" + _STEP_SIZE_NOTE,
            _two_updates(scale=lambda B: 1 / B),
        ),
        Mistake(
            "sqrt",
            "η' を √B に比例させていませんか? √B は勾配のばらつきの大きさから来る目安で、"
            "η の 1 次で B 回の更新と一致させる学習率ではありません。" + _STEP_SIZE_NOTE,
            _two_updates(scale=np.sqrt),
        ),
        Mistake(
            "squared",
            "ミニバッチの更新が大きすぎます。勾配の平均ではなく和に学習率を掛けていませんか? "
            "5 節の式のとおり、ミニバッチの勾配はサンプルごとの勾配の平均です。",
            _two_updates(scale=lambda B: B * B),
        ),
        Mistake(
            "shared_start",
            "ミニバッチの更新を、B 回の更新を終えた重みから始めていませんか? どちらも net の今の重みから"
            "始めます (それぞれ別の複製を更新します)。",
            _two_updates(shared="minibatch"),
        ),
        Mistake(
            "shared_start",
            "B 回の更新を、ミニバッチの更新を終えた重みから始めていませんか? どちらも net の今の重みから"
            "始めます (それぞれ別の複製を更新します)。",
            _two_updates(shared="sgd"),
        ),
        Mistake(
            "first_order",
            "B 回の更新で、すべてのサンプルの勾配を最初の重みで計算していませんか? b 回目の更新の勾配は、"
            "それまでの更新で動いた重みで計算します (1 サンプルずつ更新します)。"
            "最初の重みでの勾配を足し合わせたものは η の 1 次の近似で、実際の B 回の更新とは "
            "η の 2 次の項だけ違います。",
            _two_updates(sequential=False),
        ),
        Mistake(
            "order",
            "B 回の更新を X の行の順 (X[0], X[1], ...) に行っていますか? 順番を変えると、"
            "結果は η の 2 次の項だけ変わります。",
            _two_updates(rows=slice(None, None, -1)),
        ),
    ),
    answer_patterns=(
        r"len\(\s*X\s*\)\s*\*\s*eta\b",
        r"\beta\s*\*\s*len\(\s*X\s*\)",
        r"\bB\s*\*\s*eta\b",
        r"\beta\s*\*\s*B\b",
        r"η['′]\s*=\s*B\s*η",
        r"\\eta'\s*=\s*B\s*\\eta",
    ),
)

EXERCISES = (PSEUDOCODE_EPOCH, MINIBATCH_ETA)

"""Checks of notebook 06 (誤差逆伝播法): one δ step, the whole backward pass, the update."""

import numpy as np

from lecnn.activations import DERIVATIVES
from lecnn.checks.factory import OUTPUT_NAMES, network_case
from lecnn.checks.machinery import (
    Mismatch,
    as_list,
    call_with_hint,
    compare_diagnosed,
    fresh_rng,
    run_check,
)

CASES = [
    ([3, 4, 5, 3], "tanh", "softmax", 1.0),
    ([2, 3, 2], "sigmoid", "identity", 1.0),
    ([4, 5, 3, 1], "sigmoid", "sigmoid", 1.0),
    ([3, 4, 4, 4, 3], "relu", "softmax", 1.0),
    ([2, 6, 6, 2], "tanh", "identity", 1.0),
    ([2, 5, 4, 3], "tanh", "softmax", 100.0),
]


def _describe(sizes, hidden, output, scale):
    large = ", 大きなロジット" if scale > 1 else ""
    return f"sizes = {sizes}, f_k = {hidden}, f_r = {OUTPUT_NAMES[output]}{large}"


_HINT_DELTA = (
    "δ_k = W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k(W_k z_k)。W̃_{k+1} は W_{k+1} から切片の列 0 を除いた"
    " q_{k+2} × q_{k+1} 行列、⊙ は成分ごとの積 (NumPy の *) です。δ_k は q_{k+1} 成分です。"
)


def check_delta_step(delta_step):
    """Check ``delta_step(W_k_plus_1, delta_k_plus_1, nabla_f_k) -> δ_k``, one sample.

    Parameters
    ----------
    delta_step : callable
        W_k_plus_1: shape (q_{k+2}, q_{k+1} + 1); delta_k_plus_1: shape (q_{k+2},);
        nabla_f_k = ∇f_k(W_k z_k): shape (q_{k+1},)
        -> δ_k = W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k(W_k z_k), ndarray of shape (q_{k+1},).

    Returns
    -------
    CheckResult
    """
    rng = fresh_rng()
    # every step k = r-1, ..., 0 of every case's network (some with a square W̃_{k+1})
    n_steps = sum(len(sizes) - 2 for sizes, *_ in CASES)

    def body():
        for i, params in enumerate(CASES, start=1):
            sizes, hidden, output, scale = params
            net, _, _, bp = network_case(rng, sizes, hidden, output, output_scale=scale)
            for k in range(net.r - 1, -1, -1):
                W_next, delta_next = net.weights[k + 1], bp.delta[k + 1]
                nabla_f = DERIVATIVES[hidden](bp.forward.u[k])
                expected = bp.delta[k]
                got = call_with_hint(delta_step, (W_next, delta_next, nabla_f), _HINT_DELTA)
                mistakes = [
                    (
                        W_next[:, 1:].T @ delta_next,
                        "⊙ ∇f_k(W_k z_k) を掛け忘れていませんか?",
                        "no_nabla_f",
                    ),
                    (
                        (W_next[:, :-1].T @ delta_next) * nabla_f,
                        "W_{k+1} から除く列が違いませんか? 除くのは切片の列 0 です。",
                        "wrong_column",
                    ),
                    (-expected, "符号が逆になっていませんか?", "sign"),
                ]
                if W_next.shape[0] == W_next.shape[1] - 1:  # W̃_{k+1} is square
                    mistakes.append(
                        (
                            (W_next[:, 1:] @ delta_next) * nabla_f,
                            "W̃_{k+1} の転置 (ᵀ) を忘れていませんか?",
                            "transpose",
                        )
                    )
                what = f"ケース {i} ({_describe(*params)}), k = {k} の δ_k "
                compare_diagnosed(got, expected, what, _HINT_DELTA, mistakes)

    return run_check("δ_k の漸化式の 1 ステップ", body, n_steps)


def _backward_mistakes(weights, z, u, f_r, y, nabla_f):
    """Gradients of typical wrong backward passes, each with a note.

    Returns
    -------
    list of (list of ndarray, str)
    """

    def grads(step):
        r = len(weights) - 1
        delta = [None] * (r + 1)
        delta[r] = f_r - y
        for k in range(r - 1, -1, -1):
            delta[k] = step(k, weights[k + 1][:, 1:].T @ delta[k + 1])
        return [np.outer(delta[k], z[k]) for k in range(r + 1)]

    right = grads(lambda k, back: back * nabla_f(u[k]))
    return [
        (
            grads(lambda k, back: back),
            "δ_k の ⊙ ∇f_k(W_k z_k) を掛け忘れていませんか?",
            "no_nabla_f",
        ),
        (
            grads(lambda k, back: back * nabla_f(z[k + 1][1:])),
            "∇f_k は u_k = W_k z_k で評価します (z_{k+1} = f_k(u_k) ではありません)。",
            "nabla_f_of_z",
        ),
        ([-g for g in right], "符号が逆になっていませんか? δ_r = f_r(W_r z_r) − y です。", "sign"),
    ]


_HINT_BACKWARD = (
    "δ_r = f_r(W_r z_r) − y から始めて、k = r−1, ..., 0 の順に "
    "δ_k = W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k(u_k) を求め、∂E/∂W_k = δ_k z_kᵀ です。"
    "返すのは [∂E/∂W_0, ..., ∂E/∂W_r] の順のリストです。"
)


def check_backward(backward):
    """Check ``backward(weights, z, u, f_r, y, nabla_f)``: every ∂E/∂W_k for one sample.

    Parameters
    ----------
    backward : callable
        weights: list [W_0, ..., W_r], W_k of shape (q_{k+1}, q_k + 1);
        z: list [z_0, ..., z_r], z_k of shape (q_k + 1,) with the leading 1;
        u: list [u_0, ..., u_r], u_k = W_k z_k of shape (q_{k+1},);
        f_r = f_r(W_r z_r): shape (m,); y: shape (m,);
        nabla_f: the function ∇f_k (the same for every hidden layer), u -> ∇f(u)
        -> list [∂E/∂W_0, ..., ∂E/∂W_r], entry k of shape (q_{k+1}, q_k + 1).

    Returns
    -------
    CheckResult
    """
    rng = fresh_rng()
    # a network without hidden layer as well (r = 0: only ∂E/∂W_0 = δ_0 z_0ᵀ)
    cases = CASES + [([3, 2], "tanh", "softmax", 1.0)]

    def body():
        for i, params in enumerate(cases, start=1):
            sizes, hidden, output, scale = params
            net, _, y, bp = network_case(rng, sizes, hidden, output, output_scale=scale)
            fp, nabla_f = bp.forward, DERIVATIVES[hidden]
            args = (
                [W.copy() for W in net.weights],
                [a.copy() for a in fp.z],
                [a.copy() for a in fp.u],
                fp.y.copy(),
                y.copy(),
                nabla_f,
            )
            got = call_with_hint(backward, args, _HINT_BACKWARD)
            got = as_list(got, net.r + 1, f"ケース {i} の戻り値", "k = 0, ..., r の配列")
            shapes, expected_shapes = [np.shape(g) for g in got], [g.shape for g in bp.grads]
            if shapes != expected_shapes and shapes == expected_shapes[::-1]:
                raise Mismatch(
                    f"ケース {i} の戻り値の順番が逆になっていませんか? δ_k は k = r, ..., 0 の順に"
                    "求まりますが、返すリストは [∂E/∂W_0, ..., ∂E/∂W_r] の順です。",
                    "order",
                )
            mistakes = _backward_mistakes(net.weights, fp.z, fp.u, fp.y, y, nabla_f)
            for k in range(net.r, -1, -1):  # from the output back, as the δ_k are computed
                what = f"ケース {i} ({_describe(*params)}) の ∂E/∂W_{k} (k = {k}) "
                if k < net.r:
                    what = f"k = {k + 1}, ..., r は一致しましたが、{what}"
                layer_mistakes = [(grads[k], note, code) for grads, note, code in mistakes]
                compare_diagnosed(got[k], bp.grads[k], what, _HINT_BACKWARD, layer_mistakes)

    return run_check("1 サンプルの誤差逆伝播 ∂E/∂W_k = δ_k z_kᵀ", body, len(cases))


def update_mistakes(W, delta_k, z_k, eta):
    """Typical wrong updates W_k − η ∂E/∂W_k of one W_k, for one sample or a batch.

    Returns
    -------
    list of (ndarray of W's shape, str, str): the wrong W_k, a note, its code
    """
    if delta_k.ndim == 1:
        g, n = np.outer(delta_k, z_k), 1
    else:
        n = delta_k.shape[0]
        g = delta_k.T @ z_k / n
    mistakes = [
        (
            W + eta * g,
            "更新の向き (符号) が逆ではありませんか? 勾配と逆向き (−η) に進みます。",
            "sign",
        ),
        (W - g, "学習率 η を掛け忘れていませんか?", "no_eta"),
        (
            -eta * g,
            "W_k から引くのを忘れていませんか? 返すのは更新後の W_k です。",
            "not_subtracted",
        ),
        (
            g,
            "返しているのは勾配 δ_k z_kᵀ そのものです。返すのは W_k − η δ_k z_kᵀ です。",
            "gradient_only",
        ),
        (W, "重みが変わっていません。更新した W_k を返していますか?", "unchanged"),
    ]
    no_intercept = W.copy()
    no_intercept[:, 1:] -= eta * g[:, 1:]
    mistakes.append((no_intercept, "切片の列 0 も更新します (z_k の先頭の 1 の分)。", "intercept"))
    if n > 1:
        mistakes += [
            (W - eta * n * g, "バッチでは和ではなく平均 (1/n) をとります。", "sum"),
            (
                W - eta * np.outer(delta_k[0], z_k[0]),
                "バッチの最初のサンプルしか使っていません。全サンプルの平均をとります。",
                "first_sample",
            ),
        ]
    if g.shape[0] == g.shape[1]:
        gt = (z_k.T @ delta_k / n) if delta_k.ndim == 2 else np.outer(z_k, delta_k)
        mistakes.append(
            (W - eta * gt, "δ_k z_kᵀ が転置 (z_k δ_kᵀ) になっていませんか?", "transpose")
        )
    return mistakes


_HINT_SGD = (
    "W_k ← W_k − η δ_k z_kᵀ を k = 0, ..., r のすべてについて計算し、新しい重みのリストを返します。"
)


def check_sgd_update(sgd_update):
    """Check ``sgd_update(weights, delta, z, eta)`` -> [W_k − η δ_k z_kᵀ for k = 0..r].

    Parameters
    ----------
    sgd_update : callable
        weights: list [W_0, ..., W_r], W_k of shape (q_{k+1}, q_k + 1);
        delta: list [δ_0, ..., δ_r], δ_k of shape (q_{k+1},);
        z: list [z_0, ..., z_r], z_k of shape (q_k + 1,) with the leading 1; eta: float
        -> list of the updated W_k, same shapes.

    Returns
    -------
    CheckResult
    """
    rng = fresh_rng()
    cases = [
        (params, eta) for params, eta in zip(CASES, [0.1, 0.5, 0.01, 1.0, 0.05, 0.2], strict=True)
    ]

    def body():
        for i, (params, eta) in enumerate(cases, start=1):
            sizes, hidden, output, scale = params
            net, x, y, bp = network_case(rng, sizes, hidden, output, output_scale=scale)
            stepped = net.copy()
            stepped.step(x, y, eta)  # the reference: lecnn's update W_k <- W_k - eta dE/dW_k
            args = (
                [W.copy() for W in net.weights],
                [a.copy() for a in bp.delta],
                [a.copy() for a in bp.forward.z],
                eta,
            )
            got = as_list(
                call_with_hint(sgd_update, args, _HINT_SGD),
                net.r + 1,
                f"ケース {i} の戻り値",
                "W_0, ..., W_r の行列",
            )
            for k in range(net.r + 1):
                mistakes = update_mistakes(net.weights[k], bp.delta[k], bp.forward.z[k], eta)
                what = f"ケース {i} ({_describe(*params)}, η = {eta:g}) の更新後の W_{k} "
                compare_diagnosed(got[k], stepped.weights[k], what, _HINT_SGD, mistakes)

    return run_check("重みの更新 W_k ← W_k − η δ_k z_kᵀ", body, len(cases))

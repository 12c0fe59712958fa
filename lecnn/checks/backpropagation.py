"""Checks of notebook 06 (誤差逆伝播法): one δ step, the whole backward pass, the update."""

import numpy as np

from lecnn.activations import DERIVATIVES
from lecnn.checks.calling import Mismatch, call_with_hint
from lecnn.checks.factory import OUTPUT_NAMES, network_case
from lecnn.checks.machinery import as_list, compare_diagnosed, fresh_rng, run_check

CASES = [
    ([3, 4, 5, 3], "tanh", "softmax", 1.0),
    ([2, 3, 2], "sigmoid", "identity", 1.0),
    ([4, 5, 3, 1], "sigmoid", "sigmoid", 1.0),
    ([3, 4, 4, 4, 3], "relu", "softmax", 1.0),
    ([2, 6, 6, 2], "tanh", "identity", 1.0),
    ([2, 5, 4, 3], "tanh", "softmax", 100.0),
]


def _describe_case(sizes, hidden, output, scale):
    large = ", 大きなロジット" if scale > 1 else ""
    return f"sizes = {sizes}, f_k = {hidden}, f_r = {OUTPUT_NAMES[output]}{large}"


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


# ---- checks_nb06

# (sizes [d, q_1, ..., q_r, m], names of f_0, ..., f_{r-1}, f_r, scale of W_r)
_CASES_BACKWARD = [
    ([3, 4, 5, 3], ["tanh", "sigmoid"], "softmax", 1.0),
    ([2, 3, 2], ["sigmoid"], "identity", 1.0),
    ([3, 2], [], "softmax", 1.0),  # r = 0: only ∂E/∂W_0 = δ_0 z_0ᵀ
    ([4, 5, 3, 1], ["relu", "tanh"], "sigmoid", 1.0),
    ([3, 4, 4, 4, 3], ["relu", "relu", "relu"], "softmax", 1.0),
    ([2, 6, 5, 4, 3, 2], ["tanh", "relu", "sigmoid", "tanh"], "identity", 1.0),
    ([2, 5, 4, 3], ["tanh", "tanh"], "softmax", 100.0),
    ([3, 4, 3, 5, 4, 3, 2, 3], ["sigmoid", "relu", "tanh"] * 2, "softmax", 1.0),
]


def used_none(err):
    """True when the student's code failed on a None, e.g. a δ_{k+1} not computed yet.

    ``None * a`` names NoneType; ``a @ None`` makes NumPy see a 0-dimensional operand.
    """
    text = str(err)
    return "NoneType" in text or "does not have enough dimensions (has 0" in text


def _describe(sizes, hidden, output, scale):
    large = ", 大きなロジット" if scale > 1 else ""
    names = ", ".join(hidden) if hidden else "なし"
    return (
        f"sizes = {sizes} (r = {len(sizes) - 2}), f_0..f_(r-1) = [{names}], "
        f"f_r = {OUTPUT_NAMES[output]}{large}"
    )


def _wrong_backward(weights, z, u, f_r, y, nabla_fs, step=None, ascending=False, sign=1):
    """Gradients of a (possibly wrong) backward pass, for the diagnoses.

    ``step(k, back)`` replaces ``back ⊙ ∇f_k(u_k)``; ``ascending`` runs k = 0..r-1 with
    δ_{k+1} still zero where it has not been computed yet.
    """
    r = len(weights) - 1
    if step is None:

        def step(k, back):
            return back * nabla_fs[k](u[k])

    delta = [np.zeros(W.shape[0]) for W in weights]
    delta[r] = sign * (f_r - y)
    order = range(r) if ascending else range(r - 1, -1, -1)
    for k in order:
        delta[k] = step(k, weights[k + 1][:, 1:].T @ delta[k + 1])
    return [np.outer(delta[k], z[k]) for k in range(r + 1)]


def _backward_mistakes(weights, z, u, f_r, y, nabla_fs):
    """Typical wrong backward passes: list of (gradients, note, code)."""
    mistakes = [
        (
            _wrong_backward(weights, z, u, f_r, y, nabla_fs, ascending=True),
            "k を 0, 1, ..., r−1 の順 (入力側から) に回していませんか? δ_k を求めるには δ_{k+1} が"
            "先に要るので、k = r−1, ..., 1, 0 の順 (出力側から) です。",
            "ascending",
        ),
        (
            _wrong_backward(weights, z, u, f_r, y, nabla_fs, step=lambda k, back: back),
            "δ_k の ⊙ ∇f_k(W_k z_k) を掛け忘れていませんか?",
            "no_nabla",
        ),
        (
            _wrong_backward(
                weights,
                z,
                u,
                f_r,
                y,
                nabla_fs,
                step=lambda k, back: back * nabla_fs[k](z[k + 1][1:]),
            ),
            "∇f_k は u_k = W_k z_k で評価します (z_{k+1} = f_k(u_k) ではありません)。",
            "nabla_at_z",
        ),
        (
            _wrong_backward(weights, z, u, f_r, y, nabla_fs, sign=-1),
            "符号が逆になっていませんか? δ_r = f_r(W_r z_r) − y です。",
            "sign",
        ),
    ]
    if len(nabla_fs) > 1:
        mistakes.append(
            (
                _wrong_backward(
                    weights,
                    z,
                    u,
                    f_r,
                    y,
                    nabla_fs,
                    step=lambda k, back: (
                        back * nabla_fs[k + 1](u[k])
                        if k + 1 < len(nabla_fs)
                        else back * nabla_fs[k](u[k])
                    ),
                ),
                "層ごとの微分の番号がずれていませんか? δ_k に掛けるのは ∇f_k (nabla_fs[k]) です。",
                "nabla_index",
            )
        )
    return mistakes


_HINT_BACKWARD = (
    "δ_r = f_r(W_r z_r) − y から始め、δ_{k+1} から δ_k を求める漸化式 (演習 1) を出力側から順に使い、"
    "各層の勾配 ∂E/∂W_k = δ_k z_kᵀ を [∂E/∂W_0, ..., ∂E/∂W_r] の順のリストにして返します。"
    "層 k の微分は nabla_fs[k] です。"
)


def check_backward(backward):
    """Check ``backward(weights, z, u, f_r, y, nabla_fs)``: every ∂E/∂W_k of one sample.

    Parameters
    ----------
    backward : callable
        weights: list [W_0, ..., W_r], W_k of shape (q_{k+1}, q_k + 1);
        z: list [z_0, ..., z_r], z_k of shape (q_k + 1,) with the leading 1;
        u: list [u_0, ..., u_r], u_k = W_k z_k of shape (q_{k+1},);
        f_r = f_r(W_r z_r): shape (m,); y: shape (m,);
        nabla_fs: list [∇f_0, ..., ∇f_{r-1}] of functions u -> ∇f_k(u), one per hidden layer
        -> list [∂E/∂W_0, ..., ∂E/∂W_r], entry k of shape (q_{k+1}, q_k + 1).

    Returns
    -------
    CheckResult
    """

    rng = fresh_rng()

    def body():
        for i, params in enumerate(_CASES_BACKWARD, start=1):
            sizes, hidden, output, scale = params
            net, _, y, bp = network_case(rng, sizes, hidden, output, output_scale=scale)
            fp = bp.forward
            nabla_fs = [DERIVATIVES[name] for name in hidden]
            label = f"ケース {i} ({_describe(*params)})"
            args = (
                [W.copy() for W in net.weights],
                [a.copy() for a in fp.z],
                [a.copy() for a in fp.u],
                fp.y.copy(),
                y.copy(),
                list(nabla_fs),
            )
            try:
                got = call_with_hint(backward, args, _HINT_BACKWARD, case=label)
            except Mismatch as err:
                if used_none(err):
                    raise Mismatch(
                        f"{err}\n考えられる原因: まだ求めていない δ_(k+1) (None) を使っています。"
                        "δ_k を求めるには δ_(k+1) が先に要るので、k は r−1, ..., 1, 0 の順 "
                        "(出力側から) に回します。",
                        "ascending",
                    ) from None
                raise
            got = as_list(got, net.r + 1, f"{label} の戻り値", "k = 0, ..., r の配列")
            shapes = [np.shape(g) for g in got]
            expected_shapes = [g.shape for g in bp.grads]
            if shapes != expected_shapes and shapes == expected_shapes[::-1]:
                raise Mismatch(
                    f"{label}: 戻り値の順番が逆になっていませんか? δ_k は k = r, ..., 0 の順に"
                    "求まりますが、返すリストは [∂E/∂W_0, ..., ∂E/∂W_r] の順です。",
                    "order",
                )
            mistakes = _backward_mistakes(net.weights, fp.z, fp.u, fp.y, y, nabla_fs)
            for k in range(net.r, -1, -1):  # from the output back, as the δ_k are computed
                what = f"{label} の ∂E/∂W_{k} (k = {k}) "
                if k < net.r:
                    what = f"k = {k + 1}, ..., r は一致しましたが、{what}"
                layer_mistakes = [(grads[k], note, code) for grads, note, code in mistakes]
                compare_diagnosed(got[k], bp.grads[k], what, _HINT_BACKWARD, layer_mistakes)

    return run_check("任意の深さの誤差逆伝播 ∂E/∂W_k", body, len(_CASES_BACKWARD))


_HINT_SIGMOID_SQUARED = (
    "E = ½ Σ_j (y_j − f(u_j))², f はシグモイド関数。δ_r の成分 j は ∂E/∂u_j で、"
    "連鎖律により (∂E/∂f(u_j)) × ∇f(u_j)。シグモイド関数の微分は f(u)(1 − f(u)) です。"
)


_HINT_DELTA = (
    "δ_kl = Σ_j δ_{k+1,j} ∂u_{k+1,j}/∂u_kl。u_{k+1,j} = w_{k+1,j0} + Σ_l' w_{k+1,jl'} f_k(u_kl') の"
    "うち u_kl を含む項を微分します。W_{k+1} の列 0 は切片の重みで、u_k によりません。"
    "形を手がかりに: δ_{k+1} は q_{k+2} 成分、δ_k は q_{k+1} 成分です。⊙ は NumPy の * です。"
)


def check_delta_recursion(delta_step):
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
                label = f"ケース {i} ({_describe_case(*params)}), k = {k}"
                try:
                    got = call_with_hint(
                        delta_step, (W_next, delta_next, nabla_f), _HINT_DELTA, label
                    )
                except Mismatch as err:  # W_{k+1} in place of W̃_{k+1}: q_{k+1} + 1 against q_{k+1}
                    if "broadcast" not in str(err):
                        raise
                    raise Mismatch(
                        f"{err}\n考えられる原因: 切片の列 0 つきの W_(k+1) をそのまま使うと、"
                        "q_(k+1) + 1 成分になり、q_(k+1) 成分の ∇f_k と形が合いません。",
                        "full_W",
                    ) from None
                mistakes = [
                    (
                        W_next[:, 1:].T @ delta_next,
                        "⊙ ∇f_k(W_k z_k) を掛け忘れていませんか?",
                        "no_nabla",
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
                            "転置 (ᵀ) を忘れていませんか? 和は j (W_{k+1} の行) についてとります。",
                            "transpose",
                        )
                    )
                compare_diagnosed(got, expected, f"{label} の δ_k ", _HINT_DELTA, mistakes)

    return run_check("δ_k の漸化式の 1 ステップ", body, n_steps)

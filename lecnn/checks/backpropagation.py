"""The exercises of notebook 06 (誤差逆伝播法): one step of the δ recursion, the whole backward pass."""

import numpy as np

from lecnn.activations import DERIVATIVES, LABELS
from lecnn.checks.exercise import Case, Exercise, Mistake, Parts, error_says
from lecnn.checks.factory import network_case
from lecnn.checks.runner import as_list

_STEP_CASES = [  # (sizes, f_k, f_r, scale of W_r)
    ([3, 4, 5, 3], "tanh", "softmax", 1.0),
    ([2, 3, 2], "sigmoid", "identity", 1.0),
    ([4, 5, 3, 1], "sigmoid", "sigmoid", 1.0),
    ([3, 4, 4, 4, 3], "relu", "softmax", 1.0),
    ([2, 6, 6, 2], "tanh", "identity", 1.0),
    ([2, 5, 4, 3], "tanh", "softmax", 100.0),
]


def _step_cases(rng):
    cases = []
    for i, (sizes, hidden, output, scale) in enumerate(_STEP_CASES, start=1):
        net, _, _, bp = network_case(rng, sizes, hidden, output, output_scale=scale)
        large = ", 大きなロジット" * (scale > 1)
        for k in range(net.r - 1, -1, -1):
            label = (
                f"ケース {i} (sizes = {sizes}, f_k = {LABELS[hidden]}, f_r = {LABELS[output]}"
                f"{large}), k = {k} の δ_k"
            )
            nabla_f = DERIVATIVES[hidden](bp.forward.u[k])
            cases.append(Case(label, (net.weights[k + 1], bp.delta[k + 1], nabla_f)))
    return cases


def _step(columns=slice(1, None), nabla=True, sign=1, transpose=False):
    """One step δ_{k+1} -> δ_k, with the switches as a typical mistake."""

    def delta_step(W_k_plus_1, delta_k_plus_1, nabla_f_k):
        W_tilde = W_k_plus_1[:, columns]
        back = (W_tilde if transpose else W_tilde.T) @ delta_k_plus_1
        return sign * (back * nabla_f_k if nabla else back)

    return delta_step


DELTA_RECURSION = Exercise(
    id="06-1",
    title="δ_{k+1} から δ_k へ",
    subject="δ_k の漸化式の 1 ステップ",
    writes="delta_step(W_k_plus_1, delta_k_plus_1, nabla_f_k) -> δ_k, 形 (q_{k+1},)",
    check="check_delta_recursion",
    cases=_step_cases,
    reference=_step(),
    lecnn_answers=("Affine",),
    hint=(
        "δ_kl = Σ_j δ_{k+1,j} ∂u_{k+1,j}/∂u_kl。u_{k+1,j} = w_{k+1,j0} + Σ_l' w_{k+1,jl'} f_k(u_kl') の"
        "うち u_kl を含む項を微分します。W_{k+1} の列 0 は切片の重みで、u_k によりません。"
        "形を手がかりに: δ_{k+1} は q_{k+2} 成分、δ_k は q_{k+1} 成分です。⊙ は成分ごとの積です。"
    ),
    purpose="05 の行列の式を 1 層ずつの漸化式として読み直し、W̃ (切片の列を除く) と ⊙ の意味を確かめる。",
    mistakes=(
        Mistake("no_nabla", "⊙ ∇f_k(W_k z_k) を掛け忘れていませんか?", _step(nabla=False)),
        Mistake(
            "wrong_column",
            "W_{k+1} から除く列が違いませんか? 除くのは切片の列 0 です。",
            _step(columns=slice(None, -1)),
        ),
        Mistake("sign", "符号が逆になっていませんか?", _step(sign=-1)),
        Mistake(
            "transpose",
            "転置 (ᵀ) を忘れていませんか? 和は j (W_{k+1} の行) についてとります。",
            _step(transpose=True),
            test=error_says("core dimension"),
        ),
        Mistake(
            "full_W",
            "切片の列 0 つきの W_{k+1} をそのまま使うと、q_{k+1} + 1 成分になり、q_{k+1} 成分の"
            " ∇f_k と形が合いません。",
            _step(columns=slice(None)),
            test=error_says("broadcast"),
        ),
    ),
    answer_patterns=(
        r"W̃_\{?k\s*\+\s*1\}?\s*ᵀ\s*δ_\{?k\s*\+\s*1\}?\s*⊙",
        r"\\tilde\{?W\}?_\{k\s*\+\s*1\}\^\{?\\top\}?\s*\\?delta_\{k\s*\+\s*1\}\s*\\odot",
        r"W_k_plus_1\[\s*:\s*,\s*1\s*:\s*\]\.T\s*@\s*delta_k_plus_1",
        r"W_tilde\.T\s*@\s*delta_k_plus_1",
    ),
)

_BACKWARD_CASES = [  # (sizes [d, q_1, ..., q_r, m], f_0, ..., f_{r-1}, f_r, scale of W_r)
    ([3, 4, 5, 3], ["tanh", "sigmoid"], "softmax", 1.0),
    ([2, 3, 2], ["sigmoid"], "identity", 1.0),
    ([3, 2], [], "softmax", 1.0),  # r = 0: only ∂E/∂W_0 = δ_0 z_0ᵀ
    ([4, 5, 3, 1], ["relu", "tanh"], "sigmoid", 1.0),
    ([3, 4, 4, 4, 3], ["relu", "relu", "relu"], "softmax", 1.0),
    ([2, 6, 5, 4, 3, 2], ["tanh", "relu", "sigmoid", "tanh"], "identity", 1.0),
    ([2, 5, 4, 3], ["tanh", "tanh"], "softmax", 100.0),
    ([3, 4, 3, 5, 4, 3, 2, 3], ["sigmoid", "relu", "tanh"] * 2, "softmax", 1.0),
]


def _backward_cases(rng):
    cases = []
    for i, (sizes, hidden, output, scale) in enumerate(_BACKWARD_CASES, start=1):
        net, _, y, bp = network_case(rng, sizes, hidden, output, output_scale=scale)
        fp = bp.forward
        names = ", ".join(hidden) or "なし"
        large = ", 大きなロジット" * (scale > 1)
        label = (
            f"ケース {i} (sizes = {sizes} (r = {net.r}), f_0..f_{{r-1}} = [{names}], "
            f"f_r = {LABELS[output]}{large})"
        )
        nabla_fs = [DERIVATIVES[name] for name in hidden]
        cases.append(Case(label, (net.weights, fp.z, fp.u, fp.y, y, nabla_fs)))
    return cases


def _backward(
    order="descending", nabla="u", sign=1, columns=slice(1, None), reverse=False, unset=0.0
):
    """The backward pass of one sample, with the switches as a typical mistake."""

    def backward(weights, z, u, f_r, y, nabla_fs):
        r = len(weights) - 1
        delta = [unset if unset is None else np.zeros(W.shape[0]) for W in weights]
        delta[r] = sign * (f_r - y)
        for k in range(r) if order == "ascending" else range(r - 1, -1, -1):
            back = weights[k + 1][:, columns].T @ delta[k + 1]
            if nabla == "u":
                back = back * nabla_fs[k](u[k])
            elif nabla == "z":
                back = back * nabla_fs[k](z[k + 1][1:])
            elif nabla == "shifted":
                back = back * nabla_fs[min(k + 1, r - 1)](u[k])
            delta[k] = back
        grads = [np.outer(delta[k], z[k]) for k in range(r + 1)]
        return grads[::-1] if reverse else grads

    return backward


def _gradients(call, backward, case):
    """The answer's ∂E/∂W_k, from the output back (k = r, ..., 0), as the δ_k are computed."""
    r = len(case.args[0]) - 1
    got = as_list(call(backward, *case.args), r + 1, "k = 0, ..., r の配列")
    return Parts({f"∂E/∂W_{k} (k = {k})": got[k] for k in range(r, -1, -1)})


_ASCENDING = (
    "k を 0, 1, ..., r−1 の順 (入力側から) に回していませんか? δ_k を求めるには δ_{k+1} が先に"
    "要るので、k = r−1, ..., 1, 0 の順 (出力側から) です。"
)

BACKWARD = Exercise(
    id="06-2",
    title="1 サンプルの逆伝播 (どんな深さでも)",
    subject="任意の深さの誤差逆伝播 ∂E/∂W_k",
    writes="backward(weights, z, u, f_r, y, nabla_fs) -> [∂E/∂W_0, ..., ∂E/∂W_r]",
    check="check_backward",
    cases=_backward_cases,
    reference=_backward(),
    lecnn_answers=("Affine", "Network"),
    run=_gradients,
    hint=(
        "δ_r = f_r(W_r z_r) − y から始め、δ_{k+1} から δ_k を求める漸化式 (演習 1) を出力側から順に"
        "使い、各層の勾配 ∂E/∂W_k = δ_k z_kᵀ を [∂E/∂W_0, ..., ∂E/∂W_r] の順のリストにして返します。"
        "層 k の微分は nabla_fs の添字 k (0 から数えます) の要素です。"
    ),
    purpose="漸化式を出力側から回し、任意の深さの勾配をまとめて求める (計算の順番と添字)。",
    mistakes=(
        Mistake("ascending", _ASCENDING, _backward(order="ascending")),
        Mistake(
            "ascending",
            _ASCENDING,
            _backward(order="ascending", unset=None),
            test=error_says("NoneType", "does not have enough dimensions (has 0"),
        ),
        Mistake(
            "no_nabla", "δ_k の ⊙ ∇f_k(W_k z_k) を掛け忘れていませんか?", _backward(nabla=None)
        ),
        Mistake(
            "nabla_at_z",
            "∇f_k は u_k = W_k z_k で評価します (z_{k+1} = f_k(u_k) ではありません)。",
            _backward(nabla="z"),
        ),
        Mistake(
            "sign", "符号が逆になっていませんか? δ_r = f_r(W_r z_r) − y です。", _backward(sign=-1)
        ),
        Mistake(
            "nabla_index",
            "層ごとの微分の番号がずれていませんか? δ_k に掛けるのは nabla_fs の添字 k (0 から数えます) の要素 ∇f_k です。",
            _backward(nabla="shifted"),
        ),
        Mistake(
            "wrong_column",
            "W_{k+1} から除く列が違いませんか? 除くのは切片の列 0 で、最後の列ではありません。",
            _backward(columns=slice(None, -1)),
        ),
        Mistake(
            "order",
            "戻り値の順番が逆になっていませんか? δ_k は k = r, ..., 0 の順に求まりますが、"
            "返すリストは [∂E/∂W_0, ..., ∂E/∂W_r] の順です。",
            _backward(reverse=True),
        ),
    ),
    answer_patterns=(
        r"range\(\s*r\s*-\s*1\s*,\s*-1\s*,\s*-1\s*\)[^\n]*\n[^\n]*weights\[\s*k\s*\+\s*1\s*\]\[\s*:\s*,\s*1\s*:\s*\]\.T",
        r"np\.outer\(\s*delta\[\s*k\s*\]\s*,\s*z\[\s*k\s*\]\s*\)",
    ),
)

EXERCISES = (DELTA_RECURSION, BACKWARD)

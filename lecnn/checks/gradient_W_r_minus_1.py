"""The exercises of notebook 05 (W_{r-1} に関する微分): one row of ∂E/∂W_{r-1}, then the matrix."""

import numpy as np

from lecnn.activations import DERIVATIVES, LABELS
from lecnn.checks.exercise import Case, Exercise, Mistake, error_says
from lecnn.checks.factory import network_case

# (q_{r-1}, q_r, m, f_{r-1}, f_r, scale of W_r)
CASES = [
    (3, 5, 3, "sigmoid", "softmax", 1.0),
    (4, 3, 2, "tanh", "identity", 1.0),
    (2, 4, 1, "sigmoid", "sigmoid", 1.0),
    (3, 4, 3, "relu", "softmax", 1.0),
    (1, 2, 4, "tanh", "softmax", 1.0),
    (4, 6, 5, "sigmoid", "softmax", 100.0),
]


def _last_two_layers(rng, q_prev, q_r, m, hidden, output, scale):
    """(W_r, f_r, y, ∇f_{r-1}(W_{r-1} z_{r-1}), z_{r-1}) of a net [q_{r-1}, q_r, m] and one sample.

    In lecnn's indexing this net has W_0 (playing W_{r-1}) and W_1 (playing W_r).
    """
    net, _, y, bp = network_case(rng, [q_prev, q_r, m], hidden, output, output_scale=scale)
    nabla_f = DERIVATIVES[hidden](bp.forward.u[0])
    return net.weights[1], bp.forward.y, y, nabla_f, bp.forward.z[0]


def _describe(i, q_prev, q_r, m, hidden, output, scale):
    large = ", 大きなロジット" * (scale > 1)
    return (
        f"ケース {i} (q_{{r-1}} = {q_prev}, q_r = {q_r}, m = {m}, f_{{r-1}} = {LABELS[hidden]}, "
        f"f_r = {LABELS[output]}{large})"
    )


def _row_cases(rng):
    cases = []
    for i, params in enumerate(CASES, start=1):
        args = _last_two_layers(rng, *params)
        q_r = params[1]
        for k in sorted({1, (q_r + 1) // 2, q_r}):  # the first, a middle and the last unit
            label = f"{_describe(i, *params)}, k = {k} の ∂E/∂w_{{r-1,k}}"
            cases.append(Case(label, (*args, k)))
    return cases


def _row(column=0, nabla=0, sign=1, intercept=True):
    """Row k of ∂E/∂W_{r-1}, with the switches as a typical mistake (shifted indices, ...)."""

    def grad_w_r_minus_1_k(W_r, f_r, y, nabla_f, z_r_minus_1, k):
        z = z_r_minus_1 if intercept else z_r_minus_1[1:]
        factor = 1.0 if nabla is None else nabla_f[k - 1 + nabla]
        return sign * ((f_r - y) @ W_r[:, k + column]) * factor * z

    return grad_w_r_minus_1_k


ROW_K = Exercise(
    id="05-1",
    title="j についての和で 1 行分",
    subject="∂E/∂w_{r-1,k} (j についての和)",
    writes=(
        "grad_w_r_minus_1_k(W_r, f_r, y, nabla_f, z_r_minus_1, k) -> ∂E/∂w_{r-1,k} "
        "(k は 1 から q_r、形 (q_{r-1} + 1,))"
    ),
    check="check_grad_w_r_minus_1_k",
    cases=_row_cases,
    reference=_row(),
    lecnn_answers=("Affine",),
    hint=(
        "連鎖律の 2 つの因子 ∂E/∂(w_rjᵀ z_r) = f_r(w_rjᵀ z_r) − y_j と ∂(w_rjᵀ z_r)/∂w_{r-1,k} を"
        "掛けて、j = 1, ..., m について足します。2 つ目の因子では、w_rjᵀ z_r の和のうち w_{r-1,k} を"
        "含む項だけが残ります。k は講義と同じく 1 から数えます。W_r の列 0 は切片の重みで、"
        "配列の添字は 0 から始まります。"
    ),
    purpose="1 つの重みの行について連鎖律を書き下し、j についての和と添字 (切片の列 0) を確かめる。",
    mistakes=(
        Mistake(
            "column_shift",
            "W_r の列が 1 つずれていませんか? W_r の列 0 は切片の重み w_rj0 で、w_rjk は W_r の列 k です。",
            _row(column=-1),
        ),
        Mistake(
            "no_nabla",
            "2 つ目の因子の ∇f_{r-1}(w_{r-1,k}ᵀ z_{r-1}) を掛け忘れていませんか?",
            _row(nabla=None),
        ),
        Mistake(
            "sign", "符号が逆になっていませんか? 1 つ目の因子は f_r − y の向きです。", _row(sign=-1)
        ),
        Mistake(
            "intercept",
            "z_{r-1} の先頭の切片の 1 も残します (形は q_{r-1} + 1)。",
            _row(intercept=False),
        ),
        Mistake(
            "zero_based",
            "k を 0 から数えていませんか? この演習の k はスライドと同じく 1 から数えたユニット番号です。"
            "W_r の列と ∇f_{r-1} の成分を、それぞれ 0 から数える配列の添字に直して取り出しましょう。",
            _row(column=1, nabla=1),
        ),
        Mistake(
            "nabla_index",
            "∇f_{r-1} の成分の番号がずれていませんか? k は 1 から、配列の添字は 0 から数えます。",
            _row(nabla=1),
        ),
    ),
    answer_patterns=(
        r"\(\s*f_r\s*-\s*y\s*\)\s*@\s*W_r\[\s*:\s*,\s*k\s*\]",
        r"W_r\[\s*:\s*,\s*k\s*\]\s*@\s*\(\s*f_r\s*-\s*y\s*\)",
        r"nabla_f\[\s*k\s*-\s*1\s*\]\s*\*\s*z_r_minus_1",
    ),
)


def _matrix_cases(rng):
    # one more case whose result is square, so a transposed answer has the right shape
    params = CASES + [(3, 4, 2, "tanh", "softmax", 1.0)]
    return [
        Case(f"{_describe(i, *p)} の ∂E/∂W_{{r-1}}", _last_two_layers(rng, *p))
        for i, p in enumerate(params, start=1)
    ]


def _matrix(columns=slice(1, None), nabla=True, sign=1, transpose=False):
    def grad_W_r_minus_1(W_r, f_r, y, nabla_f, z_r_minus_1):
        back = W_r[:, columns].T @ (f_r - y)
        grad = sign * np.outer(back * nabla_f if nabla else back, z_r_minus_1)
        return grad.T if transpose else grad

    return grad_W_r_minus_1


W_R_MINUS_1 = Exercise(
    id="05-2",
    title="行列の形で ∂E/∂W_{r-1}",
    subject="∂E/∂W_{r-1} (行列の形)",
    writes="grad_W_r_minus_1(W_r, f_r, y, nabla_f, z_r_minus_1) -> ∂E/∂W_{r-1}, 形 (q_r, q_{r-1} + 1)",
    check="check_grad_W_r_minus_1",
    cases=_matrix_cases,
    reference=_matrix(),
    lecnn_answers=("Affine",),
    hint=(
        "演習 1 の行 k を k = 1, ..., q_r について並べた行列です。j についての和には、W_r から切片の"
        "列 0 を除いた m × q_r 行列 W̃_r を使います。形を手がかりに: f_r − y は m 成分、行 k の係数を"
        "並べたベクトルは q_r 成分、結果は q_r × (q_{r-1} + 1) です。⊙ は成分ごとの積です。"
    ),
    purpose="行ごとの式を行列の式 (W̃_rᵀ, ⊙, 外積) にまとめ、切片の列を除く理由を確かめる。",
    mistakes=(
        Mistake(
            "no_nabla", "⊙ ∇f_{r-1}(W_{r-1} z_{r-1}) を掛け忘れていませんか?", _matrix(nabla=False)
        ),
        Mistake(
            "wrong_column",
            "W_r から除く列が違いませんか? 除くのは切片の列 0 で、最後の列ではありません。",
            _matrix(columns=slice(None, -1)),
        ),
        Mistake(
            "sign", "符号が逆になっていませんか? 誤差は f_r − y の向きです。", _matrix(sign=-1)
        ),
        Mistake(
            "transpose",
            "転置 (ᵀ) になっていませんか? 行 k が中間層のユニット k に対応します。",
            _matrix(transpose=True),
        ),
        Mistake(
            "full_W",
            "W̃_r ではなく W_r (切片の列 0 つき) を使うと、q_r + 1 成分のベクトルになり、"
            "q_r 成分の ∇f_{r-1} と形が合いません。",
            _matrix(columns=slice(None)),
            test=error_says("broadcast"),
        ),
    ),
    answer_patterns=(
        r"W_r\[\s*:\s*,\s*1\s*:\s*\]\.T\s*@\s*\(\s*f_r\s*-\s*y\s*\)",
        r"np\.outer\(\s*\(?\s*W_r\[\s*:\s*,\s*1\s*:\s*\]",
        r"W̃_\{?r\}?\s*ᵀ\s*\(\s*f_r[^⊙\n]{0,30}[-−]\s*y\s*\)\s*⊙\s*∇\s*f_\{?r\s*[-−]\s*1\}?",
    ),
)

EXERCISES = (ROW_K, W_R_MINUS_1)

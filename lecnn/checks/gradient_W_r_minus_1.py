"""Checks of notebook 05 (W_{r-1} に関する微分): one row of ∂E/∂W_{r-1}, then the matrix."""

import numpy as np

from lecnn.activations import DERIVATIVES
from lecnn.checks.calling import Mismatch, call_with_hint
from lecnn.checks.factory import OUTPUT_NAMES, network_case
from lecnn.checks.machinery import compare_diagnosed, fresh_rng, run_check


def _last_two_layers_case(rng, q_prev, q_r, m, hidden, output, scale=1.0):
    """W_{r-1}, W_r of a net [q_{r-1}, q_r, m] and one sample, as the exercises of 05 see them.

    In lecnn's indexing this net has W_0 (playing W_{r-1}) and W_1 (playing W_r).

    Returns
    -------
    dict with W_r, f_r, y, nabla_f = ∇f_{r-1}(W_{r-1} z_{r-1}), z_r_minus_1 and
    expected = ∂E/∂W_{r-1} from lecnn's backward pass
    """
    net, _, y, bp = network_case(rng, [q_prev, q_r, m], hidden, output, output_scale=scale)
    return {
        "W_r": net.weights[1],
        "f_r": bp.forward.y,
        "y": y,
        "nabla_f": DERIVATIVES[hidden](bp.forward.u[0]),
        "z_r_minus_1": bp.forward.z[0],
        "expected": bp.grads[0],
    }


# (q_{r-1}, q_r, m, f_{r-1}, f_r, scale of W_r)
CASES = [
    (3, 5, 3, "sigmoid", "softmax", 1.0),
    (4, 3, 2, "tanh", "identity", 1.0),
    (2, 4, 1, "sigmoid", "sigmoid", 1.0),
    (3, 4, 3, "relu", "softmax", 1.0),
    (1, 2, 4, "tanh", "softmax", 1.0),
    (4, 6, 5, "sigmoid", "softmax", 100.0),
]


def _describe(q_prev, q_r, m, hidden, output, scale):
    large = ", 大きなロジット" if scale > 1 else ""
    return (
        f"q_{{r-1}} = {q_prev}, q_r = {q_r}, m = {m}, f_{{r-1}} = {hidden}, "
        f"f_r = {OUTPUT_NAMES[output]}{large}"
    )


# ---- checks_nb05

_HINT_ROW_K = (
    "連鎖律の 2 つの因子 ∂E/∂(w_rjᵀ z_r) = f_r(w_rjᵀ z_r) − y_j と ∂(w_rjᵀ z_r)/∂w_{r-1,k} を掛けて、"
    "j = 1, ..., m について足します。2 つ目の因子では、w_rjᵀ z_r の和のうち w_{r-1,k} を含む項だけが残ります。"
    "k は講義と同じく 1 から数えます。W_r の列 0 は切片の重みで、Python の添字は 0 から始まります。"
)


def check_grad_w_r_minus_1_k(grad_w_r_minus_1_k):
    """Check ``grad_w_r_minus_1_k(W_r, f_r, y, nabla_f, z_r_minus_1, k)``: row k of ∂E/∂W_{r-1}.

    Parameters
    ----------
    grad_w_r_minus_1_k : callable
        W_r: shape (m, q_r + 1); f_r = f_r(W_r z_r): shape (m,); y: shape (m,);
        nabla_f = ∇f_{r-1}(W_{r-1} z_{r-1}): shape (q_r,); z_r_minus_1: shape (q_{r-1} + 1,),
        with the leading 1; k: int, 1 <= k <= q_r as on the slides
        -> ∂E/∂w_{r-1,k}, ndarray of shape (q_{r-1} + 1,).

    Returns
    -------
    CheckResult
    """
    rng = fresh_rng()

    def rows(q_r):  # the first, a middle and the last unit k of the hidden layer
        return sorted({1, (q_r + 1) // 2, q_r})

    def body():
        for i, params in enumerate(CASES, start=1):
            case = _last_two_layers_case(rng, *params)
            W_r, f_r, y = case["W_r"], case["f_r"], case["y"]
            nabla_f, z = case["nabla_f"], case["z_r_minus_1"]
            for k in rows(params[1]):
                label = f"ケース {i} ({_describe(*params)}), k = {k}"
                args = (W_r, f_r, y, nabla_f, z, k)
                got = call_with_hint(grad_w_r_minus_1_k, args, _HINT_ROW_K, label)
                e = f_r - y
                mistakes = [
                    (
                        (e @ W_r[:, k - 1]) * nabla_f[k - 1] * z,
                        "W_r の列が 1 つずれていませんか? W_r の列 0 は切片の重み w_rj0 で、"
                        "w_rjk は W_r の列 k です。",
                        "column_shift",
                    ),
                    (
                        (e @ W_r[:, k]) * z,
                        "2 つ目の因子の ∇f_{r-1}(w_{r-1,k}ᵀ z_{r-1}) を掛け忘れていませんか?",
                        "no_nabla",
                    ),
                    (
                        -case["expected"][k - 1],
                        "符号が逆になっていませんか? 1 つ目の因子は f_r − y の向きです。",
                        "sign",
                    ),
                    (
                        (e @ W_r[:, k]) * nabla_f[k - 1] * z[1:],
                        "z_{r-1} の先頭の切片の 1 も残します (形は q_{r-1} + 1)。",
                        "intercept",
                    ),
                ]
                if k < len(nabla_f):  # (for k = q_r the shifted index fails with an IndexError)
                    mistakes.append(
                        (
                            (e @ W_r[:, k]) * nabla_f[k] * z,
                            "∇f_{r-1} の成分の番号がずれていませんか? k は 1 から、"
                            "Python の添字は 0 から数えます。",
                            "nabla_index",
                        )
                    )
                what = f"{label} の ∂E/∂w_{{r-1,k}} "
                compare_diagnosed(got, case["expected"][k - 1], what, _HINT_ROW_K, mistakes)

    n_cases = sum(len(rows(params[1])) for params in CASES)
    return run_check("∂E/∂w_{r-1,k} (j についての和)", body, n_cases)


_HINT_W_R_MINUS_1 = (
    "演習 1 の行 k を k = 1, ..., q_r について並べた行列です。j についての和には、"
    "W_r から切片の列 0 を除いた m × q_r 行列 W̃_r を使います。形を手がかりに: f_r − y は m 成分、"
    "行 k の係数を並べたベクトルは q_r 成分、結果は q_r × (q_{r-1} + 1) です。⊙ は NumPy の * です。"
)


def check_grad_W_r_minus_1(grad_W_r_minus_1):
    """Check ``grad_W_r_minus_1(W_r, f_r, y, nabla_f, z_r_minus_1) -> ∂E/∂W_{r-1}``.

    Parameters
    ----------
    grad_W_r_minus_1 : callable
        W_r: shape (m, q_r + 1); f_r = f_r(W_r z_r): shape (m,); y: shape (m,);
        nabla_f = ∇f_{r-1}(W_{r-1} z_{r-1}): shape (q_r,); z_r_minus_1: shape (q_{r-1} + 1,),
        with the leading 1 -> ndarray of shape (q_r, q_{r-1} + 1).

    Returns
    -------
    CheckResult
    """
    rng = fresh_rng()
    # one more case whose result is square, so a transposed answer has the right shape
    cases = CASES + [(3, 4, 2, "tanh", "softmax", 1.0)]

    def body():
        for i, params in enumerate(cases, start=1):
            case = _last_two_layers_case(rng, *params)
            W_r, f_r, y = case["W_r"], case["f_r"], case["y"]
            nabla_f, z, expected = case["nabla_f"], case["z_r_minus_1"], case["expected"]
            label = f"ケース {i} ({_describe(*params)})"
            try:
                got = call_with_hint(
                    grad_W_r_minus_1, (W_r, f_r, y, nabla_f, z), _HINT_W_R_MINUS_1, label
                )
            except Mismatch as err:  # a crash from W_r in place of W̃_r: q_r + 1 against q_r
                if "broadcast" in str(err):
                    raise Mismatch(
                        f"{err}\n考えられる原因: W̃_r ではなく W_r (切片の列 0 つき) を使うと、"
                        "q_r + 1 成分のベクトルになり、q_r 成分の ∇f_{r-1} と形が合いません。",
                        "full_W",
                    ) from None
                raise
            back = W_r[:, 1:].T @ (f_r - y)
            mistakes = [
                (
                    np.outer(back, z),
                    "⊙ ∇f_{r-1}(W_{r-1} z_{r-1}) を掛け忘れていませんか?",
                    "no_nabla",
                ),
                (
                    np.outer(W_r[:, :-1].T @ (f_r - y) * nabla_f, z),
                    "W_r から除く列が違いませんか? 除くのは切片の列 0 です。",
                    "wrong_column",
                ),
                (-expected, "符号が逆になっていませんか? 誤差は f_r − y の向きです。", "sign"),
                (
                    expected.T,
                    "転置 (ᵀ) になっていませんか? 行 k が中間層のユニット k に対応します。",
                    "transpose",
                ),
            ]
            compare_diagnosed(
                got, expected, f"{label} の ∂E/∂W_{{r-1}} ", _HINT_W_R_MINUS_1, mistakes
            )

    return run_check("∂E/∂W_{r-1} (行列の形)", body, len(cases))

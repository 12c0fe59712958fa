"""Checks of notebook 04 (W_r に関する微分): ∂E/∂W_r for one sample and for a batch."""

import numpy as np

from lecnn.checks.factory import OUTPUT_NAMES, network_case
from lecnn.checks.machinery import call_with_hint, compare_diagnosed, fresh_rng, run_check

_HINT_W_R = (
    "∂E/∂W_r = (f_r(W_r z_r) − y) z_rᵀ: 行 j は (f_r(w_rjᵀ z_r) − y_j) z_r です。"
    "形は m × (q_r + 1) (z_r は切片の 1 を含みます)。"
)


def check_grad_W_r(grad_W_r):
    """Check ``grad_W_r(f_r, y, z_r) -> ∂E/∂W_r = (f_r(W_r z_r) − y) z_rᵀ`` for one sample.

    Parameters
    ----------
    grad_W_r : callable
        f_r: shape (m,), the output f_r(W_r z_r); y: shape (m,); z_r: shape (q_r + 1,),
        with the leading 1 -> ndarray of shape (m, q_r + 1).

    Returns
    -------
    CheckResult
    """
    # (q_r, m, f_r, scale of W_r): softmax and regression, m = 1, a square result, large logits
    cases = [
        (4, 3, "softmax", 1.0),
        (6, 2, "identity", 1.0),
        (3, 4, "softmax", 1.0),
        (1, 5, "softmax", 1.0),
        (3, 1, "sigmoid", 1.0),
        (2, 1, "identity", 1.0),
        (5, 4, "softmax", 100.0),
    ]
    rng = fresh_rng()

    def body():
        for i, (q, m, output, scale) in enumerate(cases, start=1):
            # a network without hidden layer: its W_0 plays the part of W_r, x that of z_r
            _, x, y, bp = network_case(rng, [q, m], (), output, output_scale=scale)
            f_r, z_r, expected = bp.forward.y, bp.forward.z[0], bp.grads[0]
            got = call_with_hint(grad_W_r, (f_r, y, z_r), _HINT_W_R)
            mistakes = [
                (
                    np.outer(y - f_r, z_r),
                    "符号が逆になっていませんか? 誤差は 出力 − 正解 の向きです。",
                    "sign",
                ),
                (np.outer(f_r, z_r), "正解 y を引き忘れていませんか?", "no_target"),
                (
                    expected.T,
                    "転置 (ᵀ) になっていませんか? 行 j が出力ユニット j に対応します。",
                    "transpose",
                ),
            ]
            large = ", 大きなロジット" if scale > 1 else ""
            what = (
                f"ケース {i} (q_r = {q}, m = {m}, f_r = {OUTPUT_NAMES[output]}{large}) の ∂E/∂W_r "
            )
            compare_diagnosed(got, expected, what, _HINT_W_R, mistakes)

    return run_check("∂E/∂W_r = (f_r(W_r z_r) − y) z_rᵀ", body, len(cases))


_HINT_W_R_BATCH = (
    "行列 F_r, Y, Z_r の行 i がサンプル i です。1 サンプルの (f_r − y) z_rᵀ を"
    " i = 1, ..., n で平均した (1/n) Σ_i (f_r^(i) − y^(i)) z_r^(i)ᵀ を、ループなしの行列積で書けます。"
    "形は m × (q_r + 1) です。"
)


def check_grad_W_r_batch(grad_W_r_batch):
    """Check ``grad_W_r_batch(F_r, Y, Z_r)``: the mean over the rows of (f_r − y) z_rᵀ.

    Parameters
    ----------
    grad_W_r_batch : callable
        F_r: shape (n, m), row i the output f_r(W_r z_r) of sample i; Y: shape (n, m);
        Z_r: shape (n, q_r + 1), rows with the leading 1 -> ndarray of shape (m, q_r + 1).

    Returns
    -------
    CheckResult
    """
    # (n, q_r, m, f_r, scale of W_r)
    cases = [
        (5, 4, 3, "softmax", 1.0),
        (8, 3, 2, "identity", 1.0),
        (1, 4, 3, "softmax", 1.0),
        (6, 2, 3, "softmax", 1.0),
        (7, 3, 1, "sigmoid", 1.0),
        (4, 5, 4, "softmax", 100.0),
    ]
    rng = fresh_rng()

    def body():
        for i, (n, q, m, output, scale) in enumerate(cases, start=1):
            _, X, Y, bp = network_case(rng, [q, m], (), output, n=n, output_scale=scale)
            F_r, Z_r, expected = bp.forward.y, bp.forward.z[0], bp.grads[0]
            got = call_with_hint(grad_W_r_batch, (F_r, Y, Z_r), _HINT_W_R_BATCH)
            mistakes = [
                (
                    (F_r - Y).T @ Z_r,
                    "n 個のサンプルの和になっていませんか? バッチでは平均をとります。",
                    "sum",
                ),
                (
                    (Y - F_r).T @ Z_r / n,
                    "符号が逆になっていませんか? 誤差は 出力 − 正解 の向きです。",
                    "sign",
                ),
                (
                    np.outer(F_r[0] - Y[0], Z_r[0]),
                    "最初のサンプル (行 0) しか使っていないようです。",
                    "first_sample",
                ),
                (
                    expected.T,
                    "転置 (ᵀ) になっていませんか? 行 j が出力ユニット j に対応します。",
                    "transpose",
                ),
            ]
            large = ", 大きなロジット" if scale > 1 else ""
            what = (
                f"ケース {i} (n = {n}, q_r = {q}, m = {m}, "
                f"f_r = {OUTPUT_NAMES[output]}{large}) の ∂E/∂W_r "
            )
            compare_diagnosed(got, expected, what, _HINT_W_R_BATCH, mistakes)

    return run_check("バッチの ∂E/∂W_r (サンプルの平均)", body, len(cases))

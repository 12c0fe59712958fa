"""Checks of notebook 03 (ソフトマックス関数の微分): the Jacobian, and ∂E/∂w_rk."""

import numpy as np

from lecnn.activations import softmax
from lecnn.activations import softmax_jacobian as reference_jacobian
from lecnn.checks.machinery import call_with_hint, compare, first_mismatch, fresh_rng, run_check


def check_softmax_jacobian(softmax_jacobian):
    """Check ``softmax_jacobian(u)``: the matrix of ∂f_j/∂u_k for the softmax f.

    Parameters
    ----------
    softmax_jacobian : callable
        u: logits, shape (m,) -> ndarray (m, m) whose entry [j, k] is ∂f_j/∂u_k.

    Returns
    -------
    CheckResult
    """
    rng = fresh_rng()
    cases = [(f"m = {m}", rng.normal(scale=2.0, size=m), False) for m in (1, 2, 3, 6, 10)]
    cases += [
        ("u = 0 (m = 4, すべて等しい)", np.zeros(4), False),
        ("大きなロジット (u ≈ +1000, m = 5)", 1000.0 + rng.normal(size=5), True),
        ("大きなロジット (u ≈ −1000, m = 5)", -1000.0 + rng.normal(size=5), True),
    ]
    general = "[j, k] 成分は ∂f_j/∂u_k です (行 j が出力 f_j、列 k が入力 u_k)。"
    diagonal = "対角成分 (j = k) は「j = k の場合」で導いた式と見比べてみましょう。"
    off_diagonal = (
        "非対角成分 (j ≠ k) は「j ≠ k の場合」で導いた式と見比べてみましょう (符号に注意)。"
    )
    overflow = (
        "e^{±1000} は inf や 0 になります。f は lecnn.softmax (最大値を引いてから exp) で"
        "計算しましょう。"
    )

    def body():
        for name, u, large in cases:
            what, hint = f"{name} のヤコビ行列", general + (overflow if large else "")
            got = call_with_hint(softmax_jacobian, (u,), hint, case=what)
            expected = reference_jacobian(u)
            where = first_mismatch(got, expected)
            if where is not None:
                hint += diagonal if where[0] == where[1] else off_diagonal
            compare(got, expected, what=what, hint=hint)

    return run_check("ソフトマックス関数のヤコビ行列 ∂f/∂u", body, len(cases))


def check_dE_dw_rk(dE_dw_rk):
    """Check ``dE_dw_rk(W_r, z_r, y, k)``: ∂E/∂w_rk for the softmax output and cross-entropy.

    Parameters
    ----------
    dE_dw_rk : callable
        (W_r, z_r, y, k) -> ndarray (q_r + 1,). W_r: shape (m, q_r + 1), row k is w_rk;
        z_r: shape (q_r + 1,), z_r[0] = 1 (the intercept); y: one-hot target, shape (m,);
        k: row index 0, ..., m − 1 (the slides' k = 1, ..., m).

    Returns
    -------
    CheckResult
    """
    rng = fresh_rng()

    def case(m, q, label, ks, intercept=0.0):
        W_r = rng.normal(size=(m, q + 1))
        W_r[:, 0] += intercept  # u ≈ intercept: a naive e^u overflows when it is 1000
        z_r = np.concatenate([[1.0], rng.normal(size=q)])
        return [(W_r, z_r, np.eye(m)[label], k, intercept != 0) for k in ks]

    cases = (
        case(3, 4, label=1, ks=[1, 0, 2])  # y_k = 1, then y_k = 0 twice
        + case(10, 6, label=7, ks=[0, 7, 9])
        + case(2, 1, label=0, ks=[0, 1])  # q_r = 1
        + case(1, 3, label=0, ks=[0])  # one class: f = 1, so ∂E/∂w_rk = 0
        + case(4, 3, label=2, ks=[2, 0], intercept=1000.0)
        + case(4, 3, label=3, ks=[3], intercept=-1000.0)
    )
    hint = (
        "∂E/∂w_rk = −Σ_j y_j (1/f_j) ∂f_j/∂w_rk に j = k と j ≠ k の式を代入し、"
        "Σ_j y_j = 1 を使って整理した式です。f_j = f_r(w_rjᵀ z_r) は u = W_r z_r のソフトマックスです。"
    )
    zero_target = "y_k = 0 の行でも j ≠ k の項が残るので、∂E/∂w_rk は 0 にはなりません。"
    shape = "結果は w_rk と同じ形 (q_r + 1,) のベクトルです (z_r の先頭の 1 も含めて)。"
    overflow = (
        "u = W_r z_r の成分が ±1000 程度でも f が計算できるように、lecnn.softmax を使いましょう。"
    )

    def body():
        for W_r, z_r, y, k, large in cases:
            m, q_plus_1 = W_r.shape
            what = f"m = {m}, q_r = {q_plus_1 - 1}, k = {k} (y_k = {int(y[k])}) の ∂E/∂w_rk"
            extra = shape + (zero_target if y[k] == 0 and m > 1 else "") + (overflow * large)
            got = call_with_hint(dE_dw_rk, (W_r, z_r, y, k), hint + extra, case=what)
            expected = (softmax(W_r @ z_r)[k] - y[k]) * z_r
            compare(got, expected, what=what, hint=hint + extra)

    return run_check("クロスエントロピーの微分 ∂E/∂w_rk", body, len(cases))

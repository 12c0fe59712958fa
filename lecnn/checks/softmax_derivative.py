"""Checks of notebook 03 (ソフトマックス関数の微分): the Jacobian, and ∂E/∂w_rk."""

import numpy as np

from lecnn.activations import softmax, softmax_jacobian
from lecnn.checks.calling import call_with_hint
from lecnn.checks.machinery import compare_diagnosed, fresh_rng, input_text, run_check

# ---- checks_nb03


def _softmax_cases():
    """(u, j, k) triples: j = k and j ≠ k for several m, u = 0, m = 1 and logits near ±1000."""
    rng = fresh_rng()
    cases = []
    for m in (3, 2):
        u = rng.normal(scale=2.0, size=m)
        cases += [(u, j, k) for j in range(m) for k in range(m)]
    u = rng.normal(scale=2.0, size=6)
    cases += [(u, j, k) for j, k in [(0, 0), (5, 5), (1, 4), (4, 1), (2, 0), (3, 3)]]
    cases += [(np.zeros(4), 1, 1), (np.zeros(4), 0, 2), (np.array([0.7]), 0, 0)]
    big = 1000.0 + rng.normal(size=4)
    small = -1000.0 + rng.normal(size=3)
    cases += [(big, 2, 2), (big, 0, 3), (small, 1, 1), (small, 2, 0)]
    return cases


def check_softmax_derivative_cases(softmax_derivative):
    """Check ``softmax_derivative(u, j, k)``: ∂f_j/∂u_k of the softmax f, both cases.

    Parameters
    ----------
    softmax_derivative : callable
        (u, j, k) -> float. u: logits, shape (m,); j, k: Python indices 0, ..., m − 1 (the
        slides' 1, ..., m). Returns ∂f_j/∂u_k for f = softmax(u), a scalar. The cases j = k
        and j ≠ k are checked separately, including m = 1 and logits near ±1000.

    Returns
    -------
    CheckResult
    """

    cases = _softmax_cases()
    hints = {
        True: (
            "j = k の場合: 分子 e^{u_k} も分母 S = Σ_i e^{u_i} も u_k を含みます。"
            "商の微分公式の 2 つの項を両方残し、e^{u_k}/S = f_k を使って f だけの式にしましょう。"
        ),
        False: (
            "j ≠ k の場合: 分子 e^{u_j} は u_k を含みませんが、分母 S は含みます "
            "(∂S/∂u_k = e^{u_k})。商の微分公式で残る項の符号に注意しましょう。"
        ),
    }
    overflow = (
        "u が ±1000 程度だと e^u は inf か 0 になります。f は lecnn.softmax(u) で計算しましょう。"
    )

    def body():
        for u, j, k in cases:
            m, diagonal = len(u), j == k
            case = "j = k の場合" if diagonal else "j ≠ k の場合"
            what = f"{case} (u = {input_text(u)}, j = {j}, k = {k}) の ∂f_j/∂u_k"
            hint = hints[diagonal] + (overflow if np.abs(u).max() > 100 else "")
            got = call_with_hint(softmax_derivative, (u, j, k), hint, case=what)
            f = softmax(u)
            expected = softmax_jacobian(u)[j, k]
            if diagonal:
                mistakes = [
                    (
                        f[k],
                        "分母 S の微分の項が抜けていませんか? S も u_k を含みます。",
                        "no_denominator",
                    ),
                    (
                        f[k] * (1 + f[k]),
                        "2 つめの項の符号を確かめましょう (商の微分公式は分子の微分 × S − 分子 × 分母の微分)。",
                        "sign",
                    ),
                    (
                        -f[k] * f[k],
                        "j ≠ k の場合の式を j = k にも使っていませんか? j = k では分子も u_k を含みます。",
                        "off_diagonal_formula",
                    ),
                ]
            else:
                mistakes = [
                    (
                        0.0,
                        "分子 e^{u_j} は u_k を含みませんが、分母 S は含むので 0 にはなりません。",
                        "zero",
                    ),
                    (f[j] * f[k], "符号が逆です。分母を微分した項には − がつきます。", "sign"),
                    (
                        f[j] * (1 - f[j]),
                        "j = k の場合の式を j ≠ k にも使っていませんか?",
                        "diagonal_formula",
                    ),
                    (
                        -f[j] * f[j],
                        "添字を確かめましょう: 分子から f_j、∂S/∂u_k = e^{u_k} から f_k が出ます。",
                        "index",
                    ),
                    (
                        -f[k] * f[k],
                        "添字を確かめましょう: 分子から f_j、∂S/∂u_k = e^{u_k} から f_k が出ます。",
                        "index",
                    ),
                ]
            if m == 1:
                mistakes = [
                    (
                        1.0,
                        "m = 1 では f_1 = 1 (u によらない定数) なので、微分は 0 です。",
                        "constant",
                    )
                ]
            compare_diagnosed(got, np.float64(expected), what, hint, mistakes)

    return run_check("ソフトマックス関数の微分 ∂f_j/∂u_k (j = k と j ≠ k)", body, len(cases))


def _target_cases():
    """(W_r, z_r, y, k, kind) for ∂E/∂w_rk: one-hot targets first, then Σ_j y_j = 1 and ≠ 1."""
    rng = fresh_rng()

    def case(m, q, y, ks, intercept=0.0, kind="one-hot"):
        W_r = rng.normal(size=(m, q + 1))
        W_r[:, 0] += intercept  # u ≈ intercept: a naive e^u overflows when it is ±1000
        z_r = np.concatenate([[1.0], rng.normal(size=q)])
        return [(W_r, z_r, np.asarray(y, dtype=float), k, kind) for k in ks]

    return (
        case(3, 4, np.eye(3)[1], ks=[1, 0, 2])
        + case(5, 2, np.eye(5)[4], ks=[4, 0])
        + case(1, 3, [1.0], ks=[0])
        + case(4, 3, np.eye(4)[2], ks=[2, 0], intercept=1000.0)
        + case(4, 3, np.eye(4)[3], ks=[3, 1], intercept=-1000.0)
        + case(3, 4, [0.2, 0.3, 0.5], ks=[0, 2], kind="sum1")
        + case(3, 4, [0.5, 0.5, 0.5], ks=[0, 1], kind="other")
        + case(4, 2, [0.0, 2.0, 0.0, 0.0], ks=[1, 3], kind="other")
        + case(2, 3, [0.0, 0.0], ks=[0], kind="other")
    )


def check_dE_dw_rk_any_target(dE_dw_rk):
    """Check ``dE_dw_rk(W_r, z_r, y, k)``: ∂E/∂w_rk of E = −Σ_j y_j log f_j, any target y.

    The reference is (f_k Σ_j y_j − y_k) z_r, which is (f_k − y_k) z_r when Σ_j y_j = 1
    (a one-hot y). Targets whose entries do not sum to 1 catch an answer that used
    Σ_j y_j = 1.

    Parameters
    ----------
    dE_dw_rk : callable
        (W_r, z_r, y, k) -> ndarray (q_r + 1,). W_r: shape (m, q_r + 1), row k is w_rk;
        z_r: shape (q_r + 1,), z_r[0] = 1; y: shape (m,), entries ≥ 0 (one-hot, or not);
        k: row index 0, ..., m − 1.

    Returns
    -------
    CheckResult
    """

    cases = _target_cases()
    hint = (
        "∂E/∂w_rk = −Σ_j y_j (1/f_j) ∂f_j/∂w_rk に、演習 1 の 2 つの場合 "
        "(∂f_j/∂w_rk = (∂f_j/∂u_k) z_r) を代入して整理します。"
        "f はソフトマックス関数 f_r(W_r z_r) です。"
    )
    shape = "結果は w_rk と同じ形 (q_r + 1,) のベクトルです (z_r の先頭の 1 も含めて)。"
    overflow = (
        "u = W_r z_r の成分が ±1000 程度でも f が計算できるように、lecnn.softmax を使いましょう。"
    )

    def body():
        for W_r, z_r, y, k, kind in cases:
            m, q_plus_1 = W_r.shape
            what = (
                f"m = {m}, q_r = {q_plus_1 - 1}, k = {k}, y = {input_text(y)} "
                f"(Σ_j y_j = {input_text(y.sum())}) の ∂E/∂w_rk"
            )
            large = np.abs(W_r[:, 0]).max() > 100
            full_hint = hint + shape + (overflow if large else "")
            got = call_with_hint(dE_dw_rk, (W_r, z_r, y, k), full_hint, case=what)
            f = softmax(W_r @ z_r)
            expected = (f[k] * y.sum() - y[k]) * z_r
            mistakes = [
                (
                    (f[k] - y[k]) * z_r,
                    "Σ_j y_j = 1 を使って簡単にした式になっていませんか? この y は成分の和が "
                    "1 ではないので、その一歩は使えません (和を Σ_j y_j のまま残しましょう)。",
                    "sum_is_one",
                ),
                (
                    -y[k] * (1 - f[k]) * z_r,
                    "j = k の項しか残っていません。j ≠ k の項 (y_j の付いた項) も残ります。",
                    "only_j_equals_k",
                ),
                (-expected, "符号が逆になっていませんか? E には − がついています。", "sign"),
            ]
            # where Σ_j y_j = 1 the simplified formula is right: not a mistake there
            typical = mistakes if kind == "other" else mistakes[1:]
            compare_diagnosed(got, expected, what, full_hint, typical)

    return run_check("クロスエントロピーの微分 ∂E/∂w_rk (和が 1 とは限らない y)", body, len(cases))

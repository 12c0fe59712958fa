"""Checks of notebook 01 (前回の復習): ∇tanh, and the cross-entropy from logits."""

import numpy as np

from lecnn.activations import DERIVATIVES
from lecnn.checks.calling import call_with_hint
from lecnn.checks.machinery import compare_diagnosed, fresh_rng, input_text, random_cases, run_check
from lecnn.losses import cross_entropy_from_logits as reference

# ---- checks_nb01


def _u_name(u):
    """How a message names the input u: "スカラー u = 0.3", "u = (…)" or "形 (3, 4) の u"."""
    if u.ndim == 0:
        return f"スカラー u = {input_text(u)}"
    if u.ndim == 1:
        return f"u = {input_text(u)}"
    return f"形 {u.shape} の u = {input_text(u, digits=3, max_entries=4)}"


def check_tanh_derivative_cases(tanh_derivative):
    """Check a function ``tanh_derivative(u) -> ∇tanh(u)``, elementwise.

    Parameters
    ----------
    tanh_derivative : callable
        u: ndarray of any shape (a 0-d array, a scalar u, included) -> ndarray of u's shape.
        |u| up to 1000 must not give NaN.

    Returns
    -------
    CheckResult
    """

    shapes = [(), (1,), (7,), (3, 4)]
    cases = [(u, False) for u in random_cases(fresh_rng(), shapes, scale=2.0)]
    cases.append((np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0]), True))
    hint = (
        "tanh u = (e^u − e^{−u})/(e^u + e^{−u}) を商の微分公式で微分し、"
        "結果を tanh u だけで書き直してみましょう (シグモイド関数で f(1 − f) を導いたのと同じ手順です)。"
    )
    overflow = (
        "|u| が大きいと e^u や e^{−u} が inf になります。tanh u を直接計算する NumPy の関数なら"
        "その心配はありません。"
    )

    def body():
        for u, large in cases:
            what, full_hint = f"{_u_name(u)} での ∇tanh(u)", hint + (overflow if large else "")
            got = call_with_hint(tanh_derivative, (u,), full_hint, case=what)
            t = np.tanh(u)
            mistakes = [
                (
                    1 - t,
                    "分子を微分した項と分母を微分した項の両方が、tanh u の 2 乗の形で残ります。",
                    "no_square",
                ),
                (
                    t * (1 - t),
                    "シグモイド関数の f(1 − f) をそのまま使っていませんか? tanh では形が違います。",
                    "sigmoid_form",
                ),
                (
                    1 + t**2,
                    "符号を確かめましょう: 商の微分公式の 2 つめの項には − がつきます。",
                    "sign",
                ),
            ]
            compare_diagnosed(got, DERIVATIVES["tanh"](u), what, full_hint, mistakes)

    return run_check("tanh の導関数 ∇tanh(u)", body, len(cases))


def check_cross_entropy_logits(cross_entropy_from_logits):
    """Check ``cross_entropy_from_logits(u, y)``: E = −Σ_j y_j log f_j, f = softmax(u).

    Parameters
    ----------
    cross_entropy_from_logits : callable
        (u, y) -> E. u: logits, shape (m,) or (n, m) (one sample per row); y: one-hot
        targets of u's shape. Returns a float for one sample, shape (n,) for a batch.
        It must stay finite for logits of size 1000.

    Returns
    -------
    CheckResult
    """

    rng = fresh_rng()
    cases = []
    for shape in [(3,), (10,), (5, 4), (1,), (3, 1)]:
        u = rng.normal(scale=2.0, size=shape)
        labels = rng.integers(shape[-1], size=shape[:-1])
        cases.append((u, np.eye(shape[-1])[labels], False))
    # huge logits: the correct class is the smallest logit, so f_j rounds to 0 if computed
    # directly; the last row is all ≈ −1000, so Σ_i e^{u_i} underflows to 0
    u = rng.normal(scale=1000.0, size=(4, 6))
    u[3] = -1000.0 + rng.normal(size=6)
    cases.append((u, np.eye(6)[np.argmin(u, axis=1)], True))
    cases.append((np.array([1000.0, 999.0, -1000.0]), np.eye(3)[1], True))

    hint = "E = −Σ_j y_j log f_j を、f_j を計算せずに u から直接書く式にしましょう。"
    batch = "バッチ (n, m) では行ごとに E を 1 つずつ返します (axis=-1 で和をとり、形は (n,))。"
    stable = (
        "e^{1000} は inf、e^{−1000} は 0 になります。ソフトマックス関数のときと同じく、"
        "最大値 c = max_i u_i を引いてから e をとる形に変形しましょう。"
    )

    def body():
        for u, y, large in cases:
            classes = np.argmax(y, axis=-1) + 1
            if u.ndim == 1:
                name = f"1 サンプル (u = {input_text(u)}, 正解はクラス {classes})"
            else:
                name = (
                    f"バッチ (n = {u.shape[0]}, m = {u.shape[1]}, "
                    f"u の行 0 = {input_text(u[0])}, 正解のクラス {input_text(classes)})"
                )
            what = f"{name} の E"
            full_hint = hint + (batch if u.ndim == 2 else "") + (stable if large else "")
            got = call_with_hint(cross_entropy_from_logits, (u, y), full_hint, case=what)
            expected = reference(u, y)
            mistakes = [
                (
                    -expected,
                    "符号を確かめましょう: E = −Σ_j y_j log f_j で、log f_j ≤ 0 です。",
                    "sign",
                )
            ]
            if u.ndim == 2:
                mistakes.append(
                    (
                        np.mean(expected),
                        "バッチの平均ではなく、行ごとの E を並べて返します。",
                        "batch_mean",
                    )
                )
            compare_diagnosed(got, expected, what, full_hint, mistakes)

    return run_check("ロジットからのクロスエントロピー", body, len(cases))

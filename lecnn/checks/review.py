"""Checks of notebook 01 (前回の復習): ∇tanh, and the cross-entropy from logits."""

import numpy as np

from lecnn.activations import DERIVATIVES
from lecnn.checks.machinery import call_with_hint, compare, fresh_rng, random_cases, run_check
from lecnn.losses import cross_entropy_from_logits as _cross_entropy_reference


def check_tanh_derivative(tanh_derivative):
    """Check a function ``tanh_derivative(u) -> ∇tanh(u)``, elementwise.

    Parameters
    ----------
    tanh_derivative : callable
        u: ndarray of any shape (a 0-d array included) -> ndarray of u's shape.

    Returns
    -------
    CheckResult
    """
    shapes = [(), (1,), (7,), (3, 4)]
    cases = [
        (f"u の形 {shape}", u, False)
        for shape, u in zip(shapes, random_cases(fresh_rng(), shapes, scale=2.0), strict=True)
    ]
    cases.append(
        ("大きな |u| (u = ±30, ±1000)", np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0]), True)
    )
    hint = (
        "tanh u = (e^u − e^{−u})/(e^u + e^{−u}) を商の微分公式で微分し、"
        "結果を tanh u だけで書き直してみましょう (シグモイド関数で f(1 − f) を導いたのと同じ手順です)。"
    )
    overflow = (
        "|u| が大きいと e^u や e^{−u} が inf になります。tanh u を直接計算する NumPy の関数なら"
        "その心配はありません。"
    )

    def body():
        for name, u, large in cases:
            what, full_hint = f"{name} での ∇tanh(u)", hint + (overflow * large)
            got = call_with_hint(tanh_derivative, (u,), full_hint, case=what)
            compare(got, DERIVATIVES["tanh"](u), what=what, hint=full_hint)

    return run_check("tanh の導関数 ∇tanh(u)", body, len(cases))


def check_cross_entropy_from_logits(cross_entropy_from_logits):
    """Check ``cross_entropy_from_logits(u, y)``: E = −Σ_j y_j log f_j, f = softmax(u).

    Parameters
    ----------
    cross_entropy_from_logits : callable
        (u, y) -> E. u: logits, shape (m,) or (n, m) (one sample per row); y: one-hot
        targets of u's shape. Returns a float for one sample, shape (n,) for a batch.
        It must stay finite for logits of size 1000 (log-sum-exp).

    Returns
    -------
    CheckResult
    """
    rng = fresh_rng()
    cases = []
    for name, shape in [
        ("1 サンプル (m = 3)", (3,)),
        ("1 サンプル (m = 10)", (10,)),
        ("バッチ (n = 5, m = 4)", (5, 4)),
        ("1 クラス (m = 1)", (1,)),
        ("1 クラスのバッチ (n = 3, m = 1)", (3, 1)),
    ]:
        u = rng.normal(scale=2.0, size=shape)
        labels = rng.integers(shape[-1], size=shape[:-1])
        cases.append((name, u, np.eye(shape[-1])[labels], False))
    # huge logits: the correct class is the smallest logit, so f_j rounds to 0 if computed
    # directly; the last row is all ≈ −1000, so Σ_i e^{u_i} underflows to 0
    u = rng.normal(scale=1000.0, size=(4, 6))
    u[3] = -1000.0 + rng.normal(size=6)
    cases.append(
        ("大きなロジット (|u| ≈ 1000, n = 4, m = 6)", u, np.eye(6)[np.argmin(u, axis=1)], True)
    )
    u = np.array([1000.0, 999.0, -1000.0])
    cases.append(("1 サンプルの大きなロジット (u = (1000, 999, −1000))", u, np.eye(3)[1], True))

    hint = "E = −Σ_j y_j log f_j で、log f_j = u_j − log Σ_i e^{u_i} です。"
    batch = "バッチ (n, m) では行ごとに E を 1 つずつ返します (axis=-1 で和をとり、形は (n,))。"
    stable = (
        "e^{1000} は inf、e^{−1000} は 0 になります。c = max_i u_i として "
        "log Σ_i e^{u_i} = c + log Σ_i e^{u_i − c} (log-sum-exp) を使いましょう。"
    )

    def body():
        for name, u, y, large in cases:
            what = f"{name} の E"
            full_hint = hint + (batch if u.ndim == 2 else "") + (stable if large else "")
            got = call_with_hint(cross_entropy_from_logits, (u, y), full_hint, case=what)
            compare(got, _cross_entropy_reference(u, y), what=what, hint=full_hint)

    return run_check("ロジットからのクロスエントロピー", body, len(cases))

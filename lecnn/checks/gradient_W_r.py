"""Checks of notebook 04 (W_r に関する微分): ∂E/∂W_r for one sample and for a batch."""

import numpy as np

from lecnn.activations import ACTIVATIONS
from lecnn.checks.calling import Mismatch, call_with_hint
from lecnn.checks.factory import OUTPUT_NAMES, network_case
from lecnn.checks.machinery import compare_diagnosed, fresh_rng, input_text, run_check

# ---- checks_nb04

_HINT_BATCH = (
    "1 サンプルの (f_r − y) z_rᵀ (m × (q_r + 1)) を i = 1, ..., n で平均したものです。"
    "F_r − Y は (n, m)、Z_r は (n, q_r + 1) で、欲しいのは (m, q_r + 1): "
    "形を手がかりに、サンプルの軸 n で和をとる行列積になるよう、どちらを転置するか決めましょう。"
)


def _shape_note(shape, n, m, q1):
    """What a wrong result shape says about where the transpose went: (Japanese note, code),
    or ("", None)."""
    if shape == (n, n) and (n, n) != (m, q1):
        return (
            " (n, n) はサンプル同士の積の形です。和をとるべきなのは長さ q_r + 1 や m の軸ではなく、"
            "サンプルの軸 n です。",
            "sample_products",
        )
    if shape == (q1, m) and (q1, m) != (m, q1):
        return (
            " 転置 (ᵀ) になっていませんか? 行 j が出力ユニット j、列 l が z_r の成分 l です。",
            "transpose",
        )
    if shape == (n * m, n * q1):
        return (
            " np.outer は行列を 1 次元に平らにしてから外積をとります。ここは行列積です。",
            "outer",
        )
    return "", None


def check_batch_grad_W_r(grad_W_r_batch):
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
    # (n, q_r, m, f_r, scale of W_r); case 3 is square (n = m = q_r + 1), where only the
    # values tell a transposed result
    cases = [
        (5, 4, 3, "softmax", 1.0),
        (8, 3, 2, "identity", 1.0),
        (3, 2, 3, "softmax", 1.0),
        (1, 4, 3, "softmax", 1.0),
        (7, 3, 1, "sigmoid", 1.0),
        (4, 5, 4, "softmax", 100.0),
    ]
    rng = fresh_rng()

    def body():
        for i, (n, q, m, output, scale) in enumerate(cases, start=1):
            _, _, Y, bp = network_case(rng, [q, m], (), output, n=n, output_scale=scale)
            F_r, Z_r, expected = bp.forward.y, bp.forward.z[0], bp.grads[0]
            large = ", 大きなロジット" if scale > 1 else ""
            what = (
                f"ケース {i} (n = {n}, q_r = {q}, m = {m}, f_r = {OUTPUT_NAMES[output]}{large}; "
                f"F_r と Y の形 {(n, m)}, Z_r の形 {(n, q + 1)}) の ∂E/∂W_r "
            )
            got = call_with_hint(grad_W_r_batch, (F_r, Y, Z_r), _HINT_BATCH, case=what)
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
                    "転置 (ᵀ) になっていませんか? 行 j が出力ユニット j、列 l が z_r の成分 l です。",
                    "transpose",
                ),
            ]
            try:
                shape = np.shape(got)
            except Exception:  # noqa: BLE001 - an odd object: compare reports it
                shape = None
            note, code = _shape_note(shape, n, m, q + 1) if shape is not None else ("", None)
            try:
                compare_diagnosed(got, expected, what + note, _HINT_BATCH, mistakes)
            except Mismatch as err:
                raise Mismatch(str(err), code or err.code) from None

    return run_check("バッチの ∂E/∂W_r (サンプルの平均)", body, len(cases))


def check_delta_r_sigmoid_squared(delta_r):
    """Check ``delta_r(u, y)``: δ_r = ∂E/∂u for f_r = sigmoid and E = ½‖f_r(u) − y‖².

    Parameters
    ----------
    delta_r : callable
        u: the output layer's input u = W_r z_r, shape (m,) or (n, m) (one sample per
        row); y: targets of u's shape -> δ_r of u's shape, elementwise
        (f_r(u) − y) f_r(u)(1 − f_r(u)).

    Returns
    -------
    CheckResult
    """

    sigmoid = ACTIVATIONS["sigmoid"]
    rng = fresh_rng()
    cases = [
        ("1 サンプル (m = 3)", rng.normal(size=3), rng.random(3)),
        ("1 サンプル (m = 1)", rng.normal(size=1), np.array([1.0])),
        ("バッチ (n = 4, m = 2)", rng.normal(scale=2.0, size=(4, 2)), rng.random((4, 2))),
        (
            "飽和した出力 (|u| が大きい)",
            np.array([-8.0, 8.0, 0.3, -40.0]),
            np.array([1.0, 0.0, 1.0, 1.0]),
        ),
    ]
    hint = (
        "連鎖律で δ_r = ∂E/∂u = (∂E/∂f)(∂f/∂u) を成分ごとに。"
        "∂E/∂f は ½ 二乗誤差の微分、∂f/∂u はシグモイド関数の導関数 (01) で、u で評価します。"
        "f は lecnn.ACTIVATIONS['sigmoid'](u) で求まります。"
    )

    def body():
        for name, u, y in cases:
            what = f"{name} (u = {input_text(u)}, y = {input_text(y)}) の δ_r"
            got = call_with_hint(delta_r, (u, y), hint, case=what)
            f = sigmoid(u)
            expected = (f - y) * f * (1 - f)
            mistakes = [
                (
                    f - y,
                    "δ_r = f_r − y になるのは、出力と誤差関数が「組」のとき (恒等写像 + ½ 二乗誤差、"
                    "ソフトマックス + クロスエントロピー、シグモイド + 2 値のクロスエントロピー) だけです。"
                    "シグモイド関数 + ½ 二乗誤差では ∂f/∂u が消えずに残ります。",
                    "matched_pair",
                ),
                (
                    2 * expected,
                    "½ を微分すると 2 乗の 2 と打ち消し合います (2 倍になっていませんか?)。",
                    "twice",
                ),
                (-expected, "符号が逆です。E = ½(f − y)² を f で微分すると f − y です。", "sign"),
                (
                    (f - y) * (1 - f),
                    "シグモイド関数の導関数は f(1 − f) です (f を掛け忘れていませんか?)。",
                    "missing_f",
                ),
                (
                    (f - y) * sigmoid(f) * (1 - sigmoid(f)),
                    "∇f は u で評価します: f(u)(1 − f(u))。f にもう一度シグモイド関数をかけていませんか?",
                    "nabla_at_f",
                ),
                (f * (1 - f), "∂E/∂f = f − y を掛け忘れていませんか?", "no_error"),
            ]
            compare_diagnosed(got, expected, what, hint, mistakes)

    return run_check("シグモイド関数 + ½ 二乗誤差の δ_r", body, len(cases))

"""Checks of notebook 02 (ディープニューラルネットワーク): parameter count, forward pass, tent map."""

import numpy as np

from lecnn.checks.machinery import (
    Blank,
    Mismatch,
    call_with_hint,
    compare,
    compare_diagnosed,
    fresh_rng,
    is_blank,
    run_check,
)
from lecnn.network import Network
from lecnn.network import n_params as reference_n_params


def check_n_params(n_params):
    """Check a function ``n_params(sizes) -> int``: Σ_{k=0}^{r} q_{k+1}(q_k + 1).

    The architectures are drawn afresh on every run (r = 0..4, widths 1..1024, one of
    them with every width 1), so no table of printed counts can pass.
    """
    rng = fresh_rng()
    cases = [[1] * int(rng.integers(2, 6))]
    for depth in rng.permutation(5)[:5]:
        widths = np.exp(rng.uniform(0, np.log(1024), size=depth + 2))
        cases.append([int(q) for q in np.round(widths).clip(1, 1024)])

    def body():
        for sizes in cases:
            compare(
                call_with_hint(n_params, (list(sizes),)),
                reference_n_params(sizes),
                what=f"sizes = {sizes} のパラメータ数",
                hint="W_k は q_{k+1} × (q_k + 1) 行列です (切片の列を忘れずに)。k = 0, ..., r で和をとります。",
                rtol=0,
                atol=0,
            )

    return run_check("パラメータ数 Σ_k q_{k+1}(q_k + 1)", body, len(cases))


def _relu_net(sizes, weights):
    """The reference: a lecnn Network with ReLU hidden layers, identity output and these W_k."""
    net = Network(sizes, hidden="relu", output="identity", seed=0)
    net.weights = weights
    return net


def _forward_mistakes(weights, x):
    """Outputs of typical wrong forward passes, each with what went wrong (Japanese).

    Parameters
    ----------
    weights : list of ndarray, W_k of shape (q_{k+1}, q_k + 1)
    x : ndarray, shape (d,)

    Returns
    -------
    list of (ndarray of shape (m,), str, str)
    """

    def run(relu_hidden=True, relu_output=False, intercept=True):
        z = x
        for k, W in enumerate(weights):
            u = W[:, 1:] @ z + (W[:, 0] if intercept else 0.0)
            last = k == len(weights) - 1
            z = np.maximum(u, 0) if (relu_output if last else relu_hidden) else u
        return z

    return [
        (
            run(relu_output=True),
            "出力層にも ReLU をかけていませんか? f_r は恒等写像 (y = W_r z_r) です。",
            "relu_output",
        ),
        (
            run(relu_hidden=False),
            "中間層で ReLU f_k(u) = max{0, u} をかけ忘れていませんか?",
            "no_relu",
        ),
        (
            run(intercept=False),
            "切片 (W_k の列 0) が効いていません。z_k の先頭に 1 をつけて (1, z_kᵀ)ᵀ としてから W_k をかけます。",
            "intercept",
        ),
    ]


def check_forward(forward):
    """Check ``forward(weights, x) -> y``: z_{k+1} = f_k(W_k z_k) with ReLU, y = W_r z_r.

    Parameters
    ----------
    forward : callable
        (weights, x) -> y. weights: [W_0, ..., W_r], W_k of shape (q_{k+1}, q_k + 1)
        with the intercept in column 0; x: one sample, shape (d,). Hidden layers use
        ReLU, the output the identity; y has shape (m,).

    Returns
    -------
    CheckResult
    """
    rng = fresh_rng()
    cases = []
    for name, sizes in [
        ("中間層 1 層 (sizes = [3, 4, 2])", [3, 4, 2]),
        ("中間層 3 層 (sizes = [2, 5, 5, 5, 1])", [2, 5, 5, 5, 1]),
        ("幅 1 (sizes = [1, 1, 1])", [1, 1, 1]),
        ("中間層 2 層 (sizes = [6, 8, 4, 3])", [6, 8, 4, 3]),
        ("中間層なし (r = 0, sizes = [4, 3])", [4, 3]),
    ]:
        for _ in range(2):
            weights = [rng.normal(size=(sizes[k + 1], sizes[k] + 1)) for k in range(len(sizes) - 1)]
            cases.append((name, sizes, weights, rng.normal(size=sizes[0])))
    hint = (
        "z_0 = (1, xᵀ)ᵀ から始めて、k = 0, ..., r − 1 で u_k = W_k z_k, "
        "z_{k+1} = (1, f_k(u_k)ᵀ)ᵀ、最後に y = W_r z_r です。"
    )

    def body():
        for name, sizes, weights, x in cases:
            what = f"{name}での出力"
            got = call_with_hint(forward, ([W.copy() for W in weights], x), hint, case=what)
            expected = _relu_net(sizes, weights).forward(x)
            compare_diagnosed(got, expected, what, hint, _forward_mistakes(weights, x))

    return run_check("順伝播 z_{k+1} = f_k(W_k z_k), y = W_r z_r", body, len(cases))


def check_tent_weights(W_0, W_1):
    """Check weights of a net [1, 2, 1] (ReLU, identity output) that compute the tent map.

    The tent map T(t) = 2t (t ≤ 1/2), 2 − 2t (t > 1/2) must come out on [0, 1]; any
    weights that do it pass.

    Parameters
    ----------
    W_0 : array_like, shape (2, 2)
        Intercepts in column 0, the weights on t in column 1.
    W_1 : array_like, shape (1, 3)
        Intercept, then the weights on z_{11} and z_{12}.

    Returns
    -------
    CheckResult
    """
    t = np.concatenate([[0.0, 0.25, 0.5, 0.75, 1.0], fresh_rng().random(15)])
    tent = 2 * np.minimum(t, 1 - t)
    hint = (
        "1 つめのユニットで傾き 2 の直線 2t をつくり、2 つめのユニットは t = 1/2 で"
        "スイッチが入るようにして、そこから傾きを 2 から −2 に変えます (切片は列 0)。"
    )

    def body():
        if is_blank(W_0) or is_blank(W_1):
            raise Blank
        weights = []
        for k, (W, shape) in enumerate([(W_0, (2, 2)), (W_1, (1, 3))]):
            try:
                W = np.asarray(W, dtype=float)
            except (TypeError, ValueError):
                raise Mismatch(
                    f"W_{k} が数値の配列ではありません ({type(W).__name__})。", "not_numeric"
                ) from None
            if W.shape != shape:
                raise Mismatch(
                    f"W_{k} の形が違います: 期待 {shape} (= (q_{k + 1}, q_{k} + 1)), 実際 {W.shape}。"
                    " 列 0 が切片です。",
                    "shape",
                )
            if not np.all(np.isfinite(W)):
                raise Mismatch(f"W_{k} に NaN か inf が含まれています。", "not_finite")
            weights.append(W)
        got = _relu_net([1, 2, 1], weights).forward(t[:, None])[:, 0]
        compare(got, tent, what="t ∈ [0, 1] での出力", hint=hint)

    return run_check("テント写像を 2 つの ReLU ユニットで", body, len(t))

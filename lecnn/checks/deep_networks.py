"""Checks of notebook 02 (ディープニューラルネットワーク): parameter count, forward pass, tent map."""

import numpy as np

from lecnn import regions
from lecnn.checks.calling import Blank, Mismatch, call_with_hint
from lecnn.checks.machinery import as_list, compare_diagnosed, fresh_rng, input_text, run_check
from lecnn.network import Network
from lecnn.network import n_params as reference


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


# ---- checks_nb02

_HINT_TENT = (
    "T(t) = 2t (t ≤ 1/2), 2 − 2t (t > 1/2) は、t = 0 で折れるユニットと t = 1/2 で折れるユニットの"
    "重みつき和で書けます。出力層の重みで、t = 1/2 から先の傾きが 2 から −2 に変わるようにします"
    " (どの W_k も列 0 が切片です)。"
)
_HINT_STACK = (
    "2 層目からの入力は t ではなく前の層の z_k = (1, z_k1, z_k2)ᵀ です。前の層の 2 ユニットから"
    " T を作る重み (r = 1 の出力層の行) を T = (その行) · z_k として、次の層の 2 ユニットの u に代入すると、"
    "W_k の各行が z_k の重みで書けます。"
)


def _shape(k, r):
    """The shape of W_k in the sawtooth net [1, 2, ..., 2, 1] with r hidden layers."""
    rows = 1 if k == r else 2
    cols = 2 if k == 0 else 3
    return (rows, cols)


def _as_weights(got, r):
    """The student's list as float arrays of the right shapes, or Mismatch saying what is wrong."""
    try:
        items = as_list(got, r + 1, f"r = {r} の重み", "W_0, ..., W_r の行列")
    except Mismatch as err:
        raise Mismatch(
            f"{err} W_0, ..., W_r は中間層 r 層と出力層の r + 1 個です。", err.code
        ) from None
    weights = []
    for k, W in enumerate(items):
        if W is Ellipsis:
            raise Blank
        try:
            W = np.asarray(W, dtype=float)
        except (TypeError, ValueError):
            raise Mismatch(
                f"r = {r} の W_{k} が数値の配列ではありません ({type(W).__name__})。",
                "not_numeric",
            ) from None
        expected = _shape(k, r)
        if W.shape != expected:
            raise Mismatch(
                f"r = {r} の W_{k} の形が違います: 期待 {expected} (= (q_{k + 1}, q_{k} + 1)), "
                f"実際 {W.shape}。列 0 が切片です。",
                "shape",
            )
        if not np.all(np.isfinite(W)):
            raise Mismatch(f"r = {r} の W_{k} に NaN か inf が含まれています。", "not_finite")
        weights.append(W)
    return weights


def check_sawtooth_weights(sawtooth_weights):
    """Check ``sawtooth_weights(r)``: weights of a ReLU net [1, 2, ..., 2, 1] computing T^r.

    T is the tent map T(t) = 2t (t ≤ 1/2), 2 − 2t (t > 1/2); T^r = T ∘ ... ∘ T (r times)
    has 2^r linear pieces on [0, 1]. Any weights that compute T^r on [0, 1] pass.

    Parameters
    ----------
    sawtooth_weights : callable
        r (int, ≥ 1) -> list [W_0, ..., W_r]: W_0 of shape (2, 2), W_k of shape (2, 3) for
        0 < k < r, W_r of shape (1, 3); column 0 of each is the intercept. Hidden layers
        use ReLU, the output the identity.

    Returns
    -------
    CheckResult
    """

    rng = fresh_rng()
    t = np.concatenate([np.arange(65) / 64, rng.random(20)])
    depths = [1, 2, 3, 4]

    def body():
        for r in depths:
            hint = _HINT_TENT if r == 1 else _HINT_STACK
            got = call_with_hint(sawtooth_weights, (r,), hint, case=f"r = {r}")
            weights = _as_weights(got, r)
            net = Network([1] + [2] * r + [1], hidden="relu", output="identity", seed=0)
            net.weights = weights
            out = net.forward(t[:, None])[:, 0]
            expected = regions.sawtooth_network(r).forward(t[:, None])[:, 0]
            wrong = ~np.isclose(out, expected, rtol=1e-9, atol=1e-9)
            if np.any(wrong):
                i = int(np.argmax(wrong))
                pieces = regions.count_regions_1d(net, 0.0, 1.0)
                raise Mismatch(
                    f"r = {r} の出力 T^{r}(t) が t = {input_text(t[i])} で違います: "
                    f"期待 {input_text(expected[i])}, 実際 {input_text(out[i])} "
                    f"(一致しない点は {int(wrong.sum())} 個、[0, 1] の線形部分は {pieces} 個、"
                    f"期待 {2**r} 個)。\nヒント: {hint}",
                    "value",
                )

    return run_check("のこぎり波 T^r の重み (r = 1, ..., 4)", body, len(depths))


def check_n_params_count(n_params):
    """Check ``n_params(sizes) -> int``: the number of weights, intercepts included.

    Parameters
    ----------
    n_params : callable
        sizes = [d, q_1, ..., q_r, m] (a list of int, r ≥ 0) -> int, the total number of
        entries of W_0, ..., W_r, W_k of shape (q_{k+1}, q_k + 1).

    Returns
    -------
    CheckResult
    """

    # Two fixed cases, architectures drawn afresh on every run (r = 0..4, widths 1..1024),
    # so no table of the counts printed on failure can pass, and two edge cases.
    rng = fresh_rng()
    cases = [[2, 3], [4, 8, 8, 3]]
    for depth in rng.permutation(5):
        widths = np.exp(rng.uniform(0, np.log(1024), size=depth + 2))
        cases.append([int(q) for q in np.round(widths).clip(1, 1024)])
    cases += [[1, 1, 1, 1], [3, 1, 5]]
    hint = (
        "矢線 1 本が重み 1 つです。第 k 層から第 k+1 層への矢線は W_k の成分の数だけあり、"
        "W_k の形は (q_{k+1}, q_k + 1) です。k = 0, ..., r の全部を足します。"
    )

    def body():
        for sizes in cases:
            what = f"sizes = {sizes} のパラメータ数"
            got = call_with_hint(n_params, (list(sizes),), hint, case=what)
            pairs = list(zip(sizes[:-1], sizes[1:], strict=True))
            mistakes = [
                (
                    sum(b * a for a, b in pairs),
                    "切片のユニット 1 から出る矢線 (W_k の列 0) を忘れていませんか?",
                    "intercept",
                ),
                (
                    sum(b * (a + 1) for a, b in pairs[:-1]),
                    "出力層への重み W_r を数え忘れていませんか? k は 0 から r までです。",
                    "no_output_layer",
                ),
                (sum(sizes), "ユニットの数ではなく、矢線 (重み) の数を数えます。", "units"),
            ]
            compare_diagnosed(got, np.int64(reference(sizes)), what, hint, mistakes)

    return run_check("パラメータ数 (切片を含む重みの総数)", body, len(cases))


def check_forward_pass(forward):
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
    for sizes in [[3, 4, 2], [2, 5, 5, 5, 1], [1, 1, 1], [6, 8, 4, 3], [4, 3]]:
        for _ in range(2):
            weights = [rng.normal(size=(sizes[k + 1], sizes[k] + 1)) for k in range(len(sizes) - 1)]
            cases.append((sizes, weights, rng.normal(size=sizes[0])))
    hint = (
        "z_0 = (1, xᵀ)ᵀ から始めて、k = 0, ..., r − 1 で u_k = W_k z_k, "
        "z_{k+1} = (1, f_k(u_k)ᵀ)ᵀ、最後に y = W_r z_r です。"
    )

    def body():
        for sizes, weights, x in cases:
            r = len(sizes) - 2
            what = f"sizes = {sizes} (中間層 {r} 層), x = {input_text(x)} での出力"
            got = call_with_hint(forward, ([W.copy() for W in weights], x), hint, case=what)
            expected = _relu_net(sizes, weights).forward(x)
            compare_diagnosed(got, expected, what, hint, _forward_mistakes(weights, x))

    return run_check("順伝播 z_{k+1} = f_k(W_k z_k), y = W_r z_r", body, len(cases))

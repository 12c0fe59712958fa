"""Checks of notebook 08 (playground): gradient norms per layer, and how they vanish."""

import numpy as np

from lecnn.activations import HIDDEN_ACTIVATIONS
from lecnn.checks.calling import Mismatch, call_with_hint
from lecnn.checks.machinery import compare, fresh_rng, run_check
from lecnn.network import Network
from lecnn.network import gradient_norms as reference_norms


def check_gradient_norms(gradient_norms):
    """Check ``gradient_norms(net, X, labels) -> (r + 1,)``: ‖∂E/∂W_k‖ for k = 0..r.

    Given something else than a function (e.g. the list of gradient matrices), or a
    function that returns the matrices rather than their norms, it says so in Japanese.
    """
    rng = fresh_rng()
    cases = [
        ([4, 8, 8, 3], "tanh", 12),
        ([2, 5, 3], "relu", 1),  # one sample
        ([2, 8, 8, 8, 8, 2], "sigmoid", 20),  # deep sigmoid: the norms differ by far
        ([3, 6, 4, 5], "relu", 7),
        ([2, 3], "relu", 5),  # r = 0: only W_0
    ]

    def body():
        for sizes, hidden, n in cases:
            net = Network(sizes, hidden=hidden, seed=int(rng.integers(1000)))
            for W in net.weights:  # non-zero intercepts, so a missing column shows
                W[:, 0] = rng.normal(scale=0.5, size=W.shape[0])
            X = rng.normal(size=(n, sizes[0]))
            labels = rng.integers(sizes[-1], size=n)
            if n == 1:
                X, labels = X[0], int(labels[0])
            got = call_with_hint(gradient_norms, (net.copy(), X, labels))
            if _is_matrix_list(got):
                raise Mismatch(
                    f"sizes = {sizes} で勾配の行列 ∂E/∂W_k そのものが返ってきました。"
                    "返すのは層ごとのノルム ‖∂E/∂W_k‖ (数 1 つずつ) を k = 0, ..., r の順に並べた "
                    f"長さ {len(sizes) - 1} の配列 (かリスト) です。",
                    "matrices",
                )
            if got is not None and np.ndim(got) == 0:
                raise Mismatch(
                    f"sizes = {sizes} で配列ではなく数が 1 つ返ってきました。層ごとに 1 つずつ、"
                    f"k = 0, ..., r の順に長さ r + 1 = {len(sizes) - 1} の配列 (かリスト) を"
                    "返してください。",
                    "scalar",
                )
            compare(
                got,
                reference_norms(net, X, labels),
                what=f"sizes = {sizes}, {hidden}, {'1 サンプル' if n == 1 else f'{n} サンプル'}の "
                "‖∂E/∂W_k‖",
                hint="‖∂E/∂W_k‖ は勾配 ∂E/∂W_k (切片の列 0 も含む) の全成分の 2 乗和の平方根"
                " (フロベニウスノルム) です。W_k そのもののノルムではありません。k = 0, ..., r の順です。",
            )

    return run_check("層ごとの勾配のノルム ‖∂E/∂W_k‖", body, len(cases))


def _is_matrix_list(got):
    """Whether ``got`` is a list of 2-D arrays (the gradients themselves) or one such array."""
    if isinstance(got, (list, tuple)) and got:
        return all(isinstance(g, np.ndarray) and g.ndim == 2 for g in got)
    return False


def check_vanishing_ratio(vanishing_ratio):
    """Check ``vanishing_ratio(depth, activation) -> float``: ‖∂E/∂W_0‖ / ‖∂E/∂W_r‖.

    For the playground's engine on the spirals, q_k = 8 in every hidden layer, seed 0,
    at its initial weights, on the training set.
    """
    from lecnn.playground.engine import Engine  # (the playground loads ipywidgets)

    # The notebook's case (depth 8, sigmoid) and four drawn afresh on every run, so no table
    # of the ratios printed on failure can pass.
    rng = fresh_rng()
    depths = rng.integers(1, 9, size=4)
    names = rng.choice(HIDDEN_ACTIVATIONS, size=4)
    cases = [(8, "sigmoid")] + [(int(r), str(f)) for r, f in zip(depths, names, strict=True)]

    def body():
        for depth, activation in cases:
            norms = Engine(
                dataset="spirals", hidden_widths=(8,) * depth, activation=activation, seed=0
            ).gradient_norms()
            compare(
                call_with_hint(vanishing_ratio, (depth, activation)),
                norms[0] / norms[-1],
                what=f"深さ r = {depth}, {activation} の比 ‖∂E/∂W_0‖ / ‖∂E/∂W_r‖",
                hint="engine.gradient_norms() は k = 0 (入力側) から k = r (出力側) の順に"
                "並んでいます。学習前 (step を呼ぶ前) の値で、入力側 ÷ 出力側です。",
                rtol=1e-6,
            )

    return run_check("勾配消失の度合い ‖∂E/∂W_0‖ / ‖∂E/∂W_r‖", body, len(cases))

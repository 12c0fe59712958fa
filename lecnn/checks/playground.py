"""The exercises of notebook 08 (playground): gradient norms per layer, and how they vanish."""

import numpy as np

from lecnn.activations import HIDDEN_ACTIVATIONS
from lecnn.checks.exercise import Case, Exercise, Mistake
from lecnn.network import Network, gradient_norms


def _norm_cases(rng):
    cases = []
    for sizes, hidden, n in [
        ([4, 8, 8, 3], "tanh", 12),
        ([2, 5, 3], "relu", 1),  # one sample
        ([2, 8, 8, 8, 8, 2], "sigmoid", 20),  # deep sigmoid: the norms differ by far
        ([3, 6, 4, 5], "relu", 7),
        ([2, 3], "relu", 5),  # r = 0: only W_0
    ]:
        net = Network(sizes, hidden=hidden, seed=int(rng.integers(1000)))
        for W in net.weights:  # non-zero intercepts, so a missing column shows
            W[:, 0] = rng.normal(scale=0.5, size=W.shape[0])
        X, labels = rng.normal(size=(n, sizes[0])), rng.integers(sizes[-1], size=n)
        if n == 1:
            X, labels = X[0], int(labels[0])
        label = (
            f"sizes = {sizes}, {hidden}, {'1 サンプル' if n == 1 else f'{n} サンプル'}の ‖∂E/∂W_k‖"
        )
        cases.append(Case(label, (net, X, labels)))
    return cases


def _is_matrix_list(got, case):
    return (
        isinstance(got, (list, tuple))
        and len(got) > 0
        and all(isinstance(g, np.ndarray) and g.ndim == 2 for g in got)
    )


GRADIENT_NORMS = Exercise(
    id="08-1",
    title="層ごとの勾配のノルム",
    subject="層ごとの勾配のノルム ‖∂E/∂W_k‖",
    writes="gradient_norms(net, X, labels) -> 長さ r + 1 の配列 (k = 0, ..., r)",
    check="check_gradient_norms",
    cases=_norm_cases,
    reference=gradient_norms,
    hint=(
        "‖∂E/∂W_k‖ は勾配 ∂E/∂W_k (切片の列 0 も含む) の全成分の 2 乗和の平方根 (フロベニウス"
        "ノルム) です。W_k そのもののノルムではありません。層ごとに 1 つずつ、k = 0, ..., r の順です。"
    ),
    purpose="勾配の大きさを層ごとに測り、深いネットワークで入力側ほど小さくなることを数で見る。",
    mistakes=(
        Mistake(
            "order",
            "出力側 (k = r) から並べていませんか? k = 0 (入力側) から k = r の順に並べます。",
            lambda net, X, labels: gradient_norms(net, X, labels)[::-1],
        ),
        Mistake(
            "weight_norms",
            "勾配ではなく重み W_k そのもののノルムになっていませんか?",
            lambda net, X, labels: np.array([np.linalg.norm(W) for W in net.weights]),
        ),
        Mistake(
            "matrices",
            "勾配の行列 ∂E/∂W_k そのものが返ってきました。返すのは層ごとのノルム (数 1 つずつ) です。",
            lambda net, X, labels: net.gradients(X, labels),
            test=_is_matrix_list,
        ),
        Mistake(
            "scalar",
            "数が 1 つだけ返ってきました。層ごとに 1 つずつ、長さ r + 1 の配列を返します。",
            lambda net, X, labels: np.linalg.norm(gradient_norms(net, X, labels)),
        ),
    ),
    answer_patterns=(r"np\.linalg\.norm\(\s*g\s*\)\s+for\s+g\s+in\s+net\.gradients",),
)


def _engine_norms(depth, activation):
    from lecnn.playground.engine import Engine  # (the playground loads ipywidgets)

    net = Engine(dataset="spirals", hidden_widths=(8,) * depth, activation=activation, seed=0)
    return net.gradient_norms()


def _ratio_cases(rng):
    # the notebook's case (depth 8, sigmoid) and four drawn afresh on every run
    depths, names = rng.integers(1, 9, size=4), rng.choice(HIDDEN_ACTIVATIONS, size=4)
    cases = [(8, "sigmoid")] + [(int(r), str(f)) for r, f in zip(depths, names, strict=True)]
    return [Case(f"深さ r = {r}, {f} の比 ‖∂E/∂W_0‖ / ‖∂E/∂W_r‖", (r, f)) for r, f in cases]


def _ratio(first=0, last=-1):
    def vanishing_ratio(depth, activation):
        norms = _engine_norms(depth, activation)
        return norms[first] / norms[last]

    return vanishing_ratio


VANISHING_RATIO = Exercise(
    id="08-2",
    title="勾配消失の度合い",
    subject="勾配消失の度合い ‖∂E/∂W_0‖ / ‖∂E/∂W_r‖",
    writes="vanishing_ratio(depth, activation) -> ‖∂E/∂W_0‖ / ‖∂E/∂W_r‖ (学習前の重み)",
    check="check_vanishing_ratio",
    cases=_ratio_cases,
    reference=_ratio(),
    rtol=1e-6,
    hint=(
        "層ごとの勾配のノルムがどの順に並んでいるか (どちらの端が入力側か) を確かめてから、"
        "問題文の比を計算します。測るのは学習を始める前の重みです。"
    ),
    purpose="勾配消失を 1 つの比で表し、深さと活性化関数でどう変わるかを確かめる準備をする。",
    mistakes=(
        Mistake(
            "inverted",
            "比が逆になっていませんか? 入力側 (k = 0) を出力側 (k = r) で割ります。",
            _ratio(-1, 0),
        ),
        Mistake(
            "second_to_last",
            "割る相手が違いませんか? 出力側の層 k = r (最後の値) で割ります。",
            _ratio(0, -2),
        ),
    ),
    answer_patterns=(
        r"engine\.gradient_norms\(\)\s*\n\s*return\s+norms\[\s*0\s*\]\s*/\s*norms\[\s*-1\s*\]",
        r"engine\.gradient_norms\(\)\s*\[\s*0\s*\]\s*/",
    ),
)

EXERCISES = (GRADIENT_NORMS, VANISHING_RATIO)

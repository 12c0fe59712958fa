"""The exercise of notebook 08 (playground): predicting how δ shrinks from layer to layer."""

import numpy as np

from lecnn import activations as act
from lecnn.checks.exercise import Case, Exercise, Mistake
from lecnn.network import Network, predicted_delta_ratios


def _ratio_cases(rng):
    cases = []
    for sizes, hidden, n in [
        ([2, 8, 8, 8, 2], "sigmoid", 30),
        ([3, 6, 4, 5], "tanh", 12),  # unequal widths: the scaling by the rows shows
        ([2, 5, 9, 3], "relu", 20),
        ([4, 7, 3], "sigmoid", 1),  # one sample, r = 1
        ([2, 8, 8, 8, 8, 8, 2], "tanh", 25),
    ]:
        net = Network(sizes, hidden=hidden, seed=int(rng.integers(1000)))
        for W in net.weights:  # large intercepts, so keeping column 0 shows
            W[:, 0] = rng.normal(scale=1.5, size=W.shape[0])
        X = rng.normal(size=(n, sizes[0]))
        label = f"sizes = {sizes}, {hidden}, {n} サンプルの予想 (k = 0, ..., {len(sizes) - 3})"
        cases.append(Case(label, (net, X)))
    return cases


def _tilde(W):
    return np.linalg.norm(W[:, 1:])


def _rms(g):
    return np.sqrt(np.mean(g**2))


def _predict(shift=0, weight_norm=_tilde, scaled=True, size=_rms):
    """predicted_delta_ratios written with one part changed, as a student might: ∇f_k taken
    at u_{k+shift}, the norm of W_{k+1}, its scaling by its rows, the size of ∇f_k."""

    def wrong(net, X):
        u = net.forward_pass(X).u
        out = []
        for k in range(net.r):
            g = act.DERIVATIVES[net.hidden[k]](u[k + shift])
            W = net.weights[k + 1]
            out.append(size(g) * weight_norm(W) / (np.sqrt(W.shape[0]) if scaled else 1.0))
        return np.array(out)

    return wrong


DELTA_RATIO = Exercise(
    id="08-1",
    title="δ の縮み方を予想する",
    subject="‖δ_k‖ / ‖δ_{k+1}‖ の予想",
    writes="predicted_delta_ratios(net, X) -> 長さ r の配列 (k = 0, ..., r − 1)",
    check="check_predicted_delta_ratios",
    cases=_ratio_cases,
    reference=predicted_delta_ratios,
    lecnn_answers=("predicted_delta_ratios",),
    hint=(
        "δ_k は δ_{k+1} に W̃_{k+1} の転置を掛けてから、層 k の活性化関数の導関数を成分ごとに掛けたものです。"
        "掛ける導関数は u_k (層 k + 1 のユニットへの入力) での値で、切片の列 0 は δ_k に効きません。"
        "W̃_{k+1} のフロベニウスノルムは行の数 q_{k+2} の平方根で割り、導関数は平均の絶対値でなく"
        "2 乗平均の平方根をとります。k = 0 (入力側) から並べます。"
    ),
    purpose=(
        "逆伝播の式から、1 層さかのぼるごとに δ が何倍になるかを測る前に見積もり、"
        "勾配消失が ∇f と W̃ の大きさの積で決まることを確かめる。"
    ),
    mistakes=(
        Mistake(
            "next_layer",
            "導関数を 1 つ先の層の u_{k+1} で計算していませんか? δ_k に掛かるのは ∇f_k(u_k) です。",
            _predict(shift=1),
        ),
        Mistake(
            "intercept",
            "切片の列 0 も含めた W_{k+1} のノルムになっていませんか? δ に効くのは列 0 を除いた W̃_{k+1} です。",
            _predict(weight_norm=np.linalg.norm),
        ),
        Mistake(
            "order",
            "出力側 (k = r − 1) から並べていませんか? k = 0 (入力側) から並べます。",
            lambda net, X: predicted_delta_ratios(net, X)[::-1],
        ),
        Mistake(
            "unscaled",
            "W̃_{k+1} のフロベニウスノルムを行の数 q_{k+2} の平方根で割り忘れていませんか?",
            _predict(scaled=False),
        ),
        Mistake(
            "mean_abs",
            "導関数の絶対値の平均になっていませんか? 問題文の量は 2 乗平均の平方根 (RMS) です。",
            _predict(size=lambda g: np.mean(np.abs(g))),
        ),
    ),
    answer_patterns=(
        r"np\.sqrt\(\s*np\.mean\(\s*\w+\s*\*\*\s*2\s*\)\s*\)\s*\*\s*np\.linalg\.norm\(",
        r"np\.linalg\.norm\(\s*W_tilde\s*\)\s*/\s*np\.sqrt\(\s*W_tilde\.shape\[0\]\s*\)",
    ),
)

EXERCISES = (DELTA_RATIO,)

"""The exercises of notebook 02 (ディープニューラルネットワーク): forward pass, parameter count, sawtooth."""

import numpy as np

from lecnn import regions
from lecnn.checks.calling import Blank, Mismatch
from lecnn.checks.exercise import Case, Exercise, Mistake, Parts
from lecnn.checks.runner import short
from lecnn.network import Network, n_params


def _forward(relu_hidden=True, relu_output=False, intercept=True):
    """A forward pass through ReLU hidden layers, with the switches as a typical mistake."""

    def forward(weights, x):
        z = x
        for k, W in enumerate(weights):
            u = W[:, 1:] @ z + (W[:, 0] if intercept else 0.0)
            last = k == len(weights) - 1
            z = np.maximum(u, 0) if (relu_output if last else relu_hidden) else u
        return z

    return forward


def _forward_cases(rng):
    cases = []
    for sizes in [[3, 4, 2], [2, 5, 5, 5, 1], [1, 1, 1], [6, 8, 4, 3], [4, 3]]:
        for _ in range(2):
            weights = [rng.normal(size=(sizes[k + 1], sizes[k] + 1)) for k in range(len(sizes) - 1)]
            x = rng.normal(size=sizes[0])
            label = f"sizes = {sizes} (中間層 {len(sizes) - 2} 層), x = {short(x)} での出力"
            cases.append(Case(label, (weights, x)))
    return cases


def _reference_forward(weights, x):
    sizes = [weights[0].shape[1] - 1] + [W.shape[0] for W in weights]
    net = Network(sizes, hidden="relu", output="identity", seed=0)
    net.weights = weights
    return net.forward(x)


FORWARD_PASS = Exercise(
    id="02-1",
    title="順伝播",
    subject="順伝播 z_{k+1} = f_k(W_k z_k), y = W_r z_r",
    writes="forward(weights, x) -> y (中間層は ReLU、出力層は恒等写像、x は 1 サンプル)",
    check="check_forward_pass",
    cases=_forward_cases,
    reference=_reference_forward,
    hint=(
        "z_0 = (1, xᵀ)ᵀ から始めて、k = 0, ..., r − 1 で u_k = W_k z_k, "
        "z_{k+1} = (1, f_k(u_k)ᵀ)ᵀ、最後に y = W_r z_r です。"
    ),
    purpose="講義の漸化式 z_{k+1} = f_k(W_k z_k) を、切片の 1 を付けながら層の数によらず回す。",
    mistakes=(
        Mistake(
            "relu_output",
            "出力層にも ReLU をかけていませんか? f_r は恒等写像 (y = W_r z_r) です。",
            _forward(relu_output=True),
        ),
        Mistake(
            "no_relu",
            "中間層で ReLU f_k(u) = max{0, u} をかけ忘れていませんか?",
            _forward(relu_hidden=False),
        ),
        Mistake(
            "intercept",
            "切片 (W_k の列 0) が効いていません。z_k の先頭に 1 をつけて (1, z_kᵀ)ᵀ としてから"
            " W_k をかけます。",
            _forward(intercept=False),
        ),
    ),
    answer_patterns=(
        r"np\.maximum\(\s*W(_k)?\s*@\s*z(_k)?\s*,\s*0\s*\)",
        r"np\.concatenate\(\s*\[\s*\[1(\.0)?\]\s*,\s*np\.maximum",
    ),
)


def _n_params_cases(rng):
    # two fixed cases, architectures drawn afresh (r = 0..4, widths 1..1024), two edge cases
    cases = [[2, 3], [4, 8, 8, 3]]
    for depth in rng.permutation(5):
        widths = np.exp(rng.uniform(0, np.log(1024), size=depth + 2))
        cases.append([int(q) for q in np.round(widths).clip(1, 1024)])
    cases += [[1, 1, 1, 1], [3, 1, 5]]
    return [Case(f"sizes = {sizes} のパラメータ数", (sizes,)) for sizes in cases]


def _pairs(sizes):
    return list(zip(sizes[:-1], sizes[1:], strict=True))


N_PARAMS = Exercise(
    id="02-2",
    title="パラメータ数",
    subject="パラメータ数 (切片を含む重みの総数)",
    writes="n_params(sizes) -> int (sizes = [d, q_1, ..., q_r, m])",
    check="check_n_params_count",
    cases=_n_params_cases,
    reference=lambda sizes: np.int64(n_params(sizes)),
    hint=(
        "矢線 1 本が重み 1 つです。第 k 層から第 k+1 層への矢線は W_k の成分の数だけあり、"
        "W_k の形は (q_{k+1}, q_k + 1) です。k = 0, ..., r の全部を足します。"
    ),
    purpose="W_k の形 (q_{k+1}, q_k + 1) から、切片を含めた重みの数を数える。",
    mistakes=(
        Mistake(
            "intercept",
            "切片のユニット 1 から出る矢線 (W_k の列 0) を忘れていませんか?",
            lambda sizes: sum(b * a for a, b in _pairs(sizes)),
        ),
        Mistake(
            "no_output_layer",
            "出力層への重み W_r を数え忘れていませんか? k は 0 から r までです。",
            lambda sizes: sum(b * (a + 1) for a, b in _pairs(sizes)[:-1]),
        ),
        Mistake("units", "ユニットの数ではなく、矢線 (重み) の数を数えます。", sum),
    ),
    answer_patterns=(
        r"sizes\[\s*k\s*\+\s*1\s*\]\s*\*\s*\(\s*sizes\[\s*k\s*\]\s*\+\s*1\s*\)",
        r"\(\s*sizes\[\s*k\s*\]\s*\+\s*1\s*\)\s*\*\s*sizes\[\s*k\s*\+\s*1\s*\]",
        r"Σ_\{?k\s*=\s*0\}?\^\{?r\}?\s*q_\{k\s*\+\s*1\}\s*\(\s*q_k\s*\+\s*1\s*\)",
    ),
)

_HINT_TENT = (
    "T(t) = 2t (t ≤ 1/2), 2 − 2t (t > 1/2) は、t = 0 で折れるユニットと t = 1/2 で折れるユニットの"
    "重みつき和で書けます。出力層の重みで、t = 1/2 から先の傾きが 2 から −2 に変わるようにします"
    " (どの W_k も列 0 が切片です)。"
)
_HINT_STACK = (
    " 2 層目からの入力は t ではなく前の層の z_k = (1, z_k1, z_k2)ᵀ です。前の層の 2 ユニットから"
    " T を作る重み (r = 1 の出力層の行) を T = (その行) · z_k として、次の層の 2 ユニットの u に"
    "代入すると、W_k の各行が z_k の重みで書けます。"
)


def _sawtooth_cases(rng):
    t = np.concatenate([np.arange(65) / 64, rng.random(20)])
    return [Case(f"r = {r}", (r,), info={"t": t}, hint=_HINT_STACK * (r > 1)) for r in [1, 2, 3, 4]]


def _weight_shape(k, r):
    return (1 if k == r else 2, 2 if k == 0 else 3)


def _sawtooth_output(call, sawtooth_weights, case):
    """T^r(t) on the case's points, computed by a ReLU net with the answer's weights."""
    (r,) = case.args
    got = call(sawtooth_weights, r)
    if got is Ellipsis:
        raise Blank
    if not isinstance(got, (list, tuple)) or len(got) != r + 1:
        raise Mismatch(
            f"重みは W_0, ..., W_r の {r + 1} 個のリストにしてください "
            f"(中間層 r 層と出力層; 受け取ったのは {short(got)})。",
            "not_list" if not isinstance(got, (list, tuple)) else "length",
        )
    weights = []
    for k, W in enumerate(got):
        if W is Ellipsis:
            raise Blank
        try:
            W = np.asarray(W, dtype=float)
        except (TypeError, ValueError):
            raise Mismatch(f"W_{k} が数値の配列ではありません。", "not_numeric") from None
        if W.shape != _weight_shape(k, r):
            raise Mismatch(
                f"W_{k} の形が違います: 期待 {_weight_shape(k, r)} (= (q_{k + 1}, q_{k} + 1)), "
                f"実際 {W.shape}。列 0 が切片です。",
                "shape",
            )
        weights.append(W)
    net = Network([1] + [2] * r + [1], hidden="relu", output="identity", seed=0)
    net.weights = weights
    return Parts({"T^r(t)": net.forward(case.info["t"][:, None])[:, 0]})


SAWTOOTH = Exercise(
    id="02-3",
    title="のこぎり波の重み",
    subject="のこぎり波 T^r の重み (r = 1, ..., 4)",
    writes="sawtooth_weights(r) -> [W_0, ..., W_r] (ReLU のネットワーク [1, 2, ..., 2, 1] で T^r)",
    check="check_sawtooth_weights",
    cases=_sawtooth_cases,
    reference=lambda r: [W.copy() for W in regions.sawtooth_network(r).weights],
    run=_sawtooth_output,
    hint=_HINT_TENT,
    purpose="テント写像を ReLU 2 つで作り、合成で線形部分が 2^r 個に増えることを重みで確かめる。",
    rtol=1e-9,
    atol=1e-9,
    answer_patterns=(
        r"\[\s*\[\s*0(\.0)?\s*,\s*1(\.0)?\s*\]\s*,\s*\[\s*-0?\.5\s*,\s*1(\.0)?\s*\]\s*\]",
        r"2\s*\\?max\s*\\?\{\s*0\s*,\s*t\s*\\?\}\s*[-−]\s*4\s*\\?max",
        r"2\s*z_\{?k?1\}?\s*[-−]\s*4\s*z_\{?k?2\}?",
    ),
)

EXERCISES = (FORWARD_PASS, N_PARAMS, SAWTOOTH)

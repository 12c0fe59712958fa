"""The exercises of notebook 02 (ディープニューラルネットワーク): forward pass, parameter count, sawtooth."""

import numpy as np

from lecnn import regions
from lecnn.checks.calling import Blank, Mismatch, is_blank
from lecnn.checks.exercise import Case, Exercise, Mistake, Parts
from lecnn.checks.runner import as_list, real_array, short
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
    lecnn_answers=("Network",),
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
            "切片 (W_k の列 0) が効いていません。各層の値の先頭に 1 を付けてから"
            " (z_{k+1} = (1, f_k(u_k)ᵀ)ᵀ) W_k をかけます。",
            _forward(intercept=False),
        ),
    ),
    answer_patterns=(
        r"np\.maximum\(\s*W(_k)?\s*@\s*z(_k)?\s*,\s*0\s*\)",
        r"np\.concatenate\(\s*\[\s*\[1(\.0)?\]\s*,\s*np\.maximum",
    ),
)


def _n_params_cases(rng):
    # the slide's kind of network, r = 1 (no hidden-to-hidden weights), then widths drawn afresh
    cases = [(1024, 64, 3, 10), (3, 5, 1, 2), (1, 1, 4, 1)]
    for r in rng.permutation(np.arange(1, 7))[:3]:
        d, q, m = (int(v) for v in rng.integers(1, 1025, size=3))
        cases.append((d, q, int(r), m))
    return [
        Case(f"d = {d}, q = {q}, r = {r}, m = {m} のパラメータ数", (d, q, r, m))
        for d, q, r, m in cases
    ]


def _n_params_uniform(d, q, r, m):
    return np.int64(n_params([d] + [q] * r + [m]))


N_PARAMS = Exercise(
    id="02-2",
    title="パラメータ数 (幅がそろったときの d, q, r, m の式)",
    subject="パラメータ数 (切片を含む重みの総数)",
    writes="n_params_uniform(d, q, r, m) -> int (中間層 r 層がどれも幅 q)",
    check="check_n_params_count",
    cases=_n_params_cases,
    reference=_n_params_uniform,
    lecnn_answers=("n_params",),
    hint=(
        "層と層のあいだの矢線を、入力層 → 第 1 層、中間層どうし、第 r 層 → 出力層の 3 種類に分けて数えます。"
        "矢線 1 本が重み 1 つで、切片のユニット 1 からも矢線が出ます。中間層どうしのあいだが何か所あるかは、"
        "r = 1 と r = 2 の図で確かめましょう。"
    ),
    purpose=(
        "図の矢線と W_k の形から、重みの数を d, q, r, m の閉じた式にし、深さについて 1 次、幅についてほぼ"
        " 2 次で増えることを式から読む。"
    ),
    mistakes=(
        Mistake(
            "r_gaps",
            "中間層どうしのあいだを r か所と数えていませんか? r 層の中間層のあいだは r − 1 か所です "
            "(r = 1 ならありません)。",
            lambda d, q, r, m: q * (d + 1) + r * q * (q + 1) + m * (q + 1),
        ),
        Mistake(
            "intercept",
            "切片のユニット 1 から出る矢線 (W_k の列 0) を忘れていませんか?",
            lambda d, q, r, m: q * d + (r - 1) * q * q + m * q,
        ),
        Mistake(
            "no_output_layer",
            "出力層への重み W_r を数え忘れていませんか?",
            lambda d, q, r, m: q * (d + 1) + (r - 1) * q * (q + 1),
        ),
        Mistake(
            "intercept_in",
            "次の層の切片のユニットにも矢線が入ると数えていませんか? 切片のユニット 1 からは"
            "次の層のユニット (切片のユニットは除く) へ矢線が出るだけで、入る矢線はありません。",
            lambda d, q, r, m: (q + 1) * d + (r - 1) * (q + 1) * q + (m + 1) * q,
        ),
        Mistake(
            "units",
            "ユニットの数ではなく、矢線 (重み) の数を数えます。",
            lambda d, q, r, m: d + r * q + m,
        ),
    ),
    answer_patterns=(
        r"\(\s*r\s*-\s*1\s*\)\s*\*\s*q\s*\*\s*\(\s*q\s*\+\s*1\s*\)",
        r"\(\s*r\s*[-−]\s*1\s*\)\s*q\s*\(\s*q\s*\+\s*1\s*\)",
        r"sizes\[\s*k\s*\+\s*1\s*\]\s*\*\s*\(\s*sizes\[\s*k\s*\]\s*\+\s*1\s*\)",
        r"Σ_\{?k\s*=\s*0\}?\^\{?r\}?\s*q_\{k\s*\+\s*1\}\s*\(\s*q_k\s*\+\s*1\s*\)",
    ),
)

_HINT_TENT = (
    "T(t) = 2t (t ≤ 1/2), 2 − 2t (t > 1/2) は、t = 0 で折れるユニットと t = 1/2 で折れるユニットの"
    "重みつき和で書けます。出力層の重みで、t = 1/2 から先の傾きが 2 から −2 に変わるようにします"
    " (どの W_k も列 0 が切片です)。"
)
_HINT_STACK = (
    " 2 層目からの入力は t ではなく前の層の z_k = (1, z_k1, z_k2)ᵀ です。r = 1 の出力層の行を v"
    " とすると、前の層から T = v · z_k が作れます。次の層の 2 ユニットは T で折れる 2 つのユニット"
    "なので、それぞれの u を t の代わりに T で書くと、W_k の各行が v から決まります。"
)


def _sawtooth_cases(rng):
    t = np.concatenate([np.arange(65) / 64, rng.random(20)])
    return [Case(f"r = {r}", (r,), info={"t": t}, hint=_HINT_STACK * (r > 1)) for r in [1, 2, 3, 4]]


def _weight_shape(k, r):
    return (1 if k == r else 2, 2 if k == 0 else 3)


def _sawtooth_output(call, sawtooth_weights, case):
    """T^r(t) on the case's points, computed by a ReLU net with the answer's weights."""
    (r,) = case.args
    got = as_list(call(sawtooth_weights, r), r + 1, "W_0, ..., W_r の行列")
    weights = []
    for k, W in enumerate(got):
        if is_blank(W):
            raise Blank
        try:
            W = real_array(W)
        except Mismatch as err:
            raise Mismatch(f"W_{k}: {err}", err.code) from None
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
    lecnn_answers=("sawtooth_network",),
    run=_sawtooth_output,
    hint=_HINT_TENT,
    purpose="テント写像を ReLU 2 つで作り、合成で線形領域が 2^r 個に増えることを重みで確かめる。",
    rtol=1e-9,
    atol=1e-9,
    answer_patterns=(
        r"\[\s*\[\s*0(\.0)?\s*,\s*1(\.0)?\s*\]\s*,\s*\[\s*-0?\.5\s*,\s*1(\.0)?\s*\]\s*\]",
        r"2\s*\\?max\s*\\?\{\s*0\s*,\s*t\s*\\?\}\s*[-−]\s*4\s*\\?max",
        r"2\s*z_\{?k?1\}?\s*[-−]\s*4\s*z_\{?k?2\}?",
    ),
)

EXERCISES = (FORWARD_PASS, N_PARAMS, SAWTOOTH)

"""The exercises of notebook 09 (計算グラフと層): the backward of Affine, Sigmoid and leaky ReLU layers.

The student writes a class; the check builds it, runs ``forward`` then ``backward`` on fresh
random inputs (one sample, a batch, a square W̃ where a missing transpose fits the shapes) and
compares what ``backward`` returns (and, for Affine, ``self.dW``) with the reference.
"""

import numpy as np

from lecnn.checks.calling import Mismatch
from lecnn.checks.exercise import Case, Exercise, Mistake, Parts, error_says
from lecnn.layers import Affine, Layer, Sigmoid

# (q_k, q_{k+1}, n or None for one sample). (3, 3): W̃ is square, so W̃ in place of W̃ᵀ
# fits the shapes; (2, 3): W is 3 × 3, so a transposed ∂E/∂W fits them too.
_AFFINE_CASES = [(4, 3, None), (4, 3, 5), (3, 3, None), (3, 3, 4), (2, 3, 6), (1, 2, 3)]


class ReferenceAffine(Affine):
    """The reference: lecnn's Affine, its backward declared here."""

    def backward(self, delta):
        return super().backward(delta)


class ReferenceSigmoid(Sigmoid):
    """The reference: lecnn's Sigmoid, its backward declared here."""

    def backward(self, grad):
        return super().backward(grad)


def _affine_cases(rng):
    cases = []
    for i, (q_in, q_out, n) in enumerate(_AFFINE_CASES, start=1):
        lead = () if n is None else (n,)
        W = rng.normal(size=(q_out, q_in + 1))
        x, delta = rng.normal(size=lead + (q_in,)), rng.normal(size=lead + (q_out,))
        kind = "1 サンプル" if n is None else f"バッチ n = {n}"
        cases.append(Case(f"ケース {i} ({kind}, q_k = {q_in}, q_(k+1) = {q_out})", (W, x, delta)))
    return cases


def _affine_backward(call, affine_class, case):
    W, x, delta = case.args
    layer = call(affine_class, W)
    call(layer.forward, x)
    dx = call(layer.backward, delta)
    if getattr(layer, "dW", None) is None:
        raise Mismatch(
            "self.dW が設定されていません。backward の中で self.dW に ∂E/∂W_k を入れてください。",
            "no_dW",
        )
    return Parts({"self.dW (∂E/∂W_k)": layer.dW, "backward の戻り値 (x への勾配)": dx})


def _affine(dW=None, dx=None):
    """An Affine layer whose backward computes dW(delta, z) and returns dx(delta, W)."""

    class WrongAffine(Affine):
        def backward(self, delta):
            right = Affine.backward(self, delta)
            if dW is not None:
                self.dW = dW(delta, self.z)
            return right if dx is None else dx(delta, self.W)

    return WrongAffine


def _mean_outer(delta, z, scale=1.0, transpose=False):
    g = np.outer(delta, z) if delta.ndim == 1 else delta.T @ z / (len(delta) * scale)
    return g.T if transpose else g


AFFINE_BACKWARD = Exercise(
    id="09-1",
    title="Affine 層の backward",
    subject="Affine 層の backward",
    writes="class MyAffine(lecnn.layers.Affine): def backward(self, delta) (self.dW を設定し x への勾配を返す)",
    check="check_affine_backward",
    cases=_affine_cases,
    reference=ReferenceAffine,
    run=_affine_backward,
    method="backward",
    hint=(
        "u_k = W_k z_k, z_k = (1, xᵀ)ᵀ です。∂E/∂W_k は W_k と同じ形 (q_(k+1), q_k + 1) になるように δ_k "
        "と z_k (forward が保存したもの、先頭に 1 付き) を並べ、x への勾配は x と同じ形 (q_k 成分) に"
        "なるように δ_k と W̃_k (切片の列 0 を除いた W_k) を並べます。バッチでは行 i がサンプル i で、"
        "∂E/∂W_k はサンプルの平均です。"
    ),
    purpose="06 の δ_k z_kᵀ と W̃ᵀδ を 1 つの層の backward として書き、バッチの形 (行がサンプル) に直す。",
    mistakes=(
        Mistake(
            "sum",
            "バッチのサンプルについて和を取ったままではありませんか? E はサンプルの平均なので、"
            "∂E/∂W_k も平均 (1/n) です。",
            _affine(dW=lambda d, z: _mean_outer(d, z, scale=1 / len(d) if d.ndim == 2 else 1)),
        ),
        Mistake("sign", "符号が逆になっていませんか?", _affine(dW=lambda d, z: -_mean_outer(d, z))),
        Mistake(
            "transpose",
            "転置 (ᵀ) になっていませんか? 形だけでは区別できないことがあります。",
            _affine(dW=lambda d, z: _mean_outer(d, z, transpose=True)),
        ),
        Mistake("sign", "符号が逆になっていませんか?", _affine(dx=lambda d, W: -d @ W[:, 1:])),
        Mistake(
            "transpose",
            "W̃_k の転置 (ᵀ) の位置が違いませんか?",
            _affine(dx=lambda d, W: d @ W[:, 1:].T),
            test=error_says("core dimension"),
        ),
        Mistake(
            "mean_dx",
            "x への勾配を n で割っていませんか? 行 i はサンプル i の勾配で、平均を取るのは ∂E/∂W_k だけです。",
            _affine(dx=lambda d, W: d @ W[:, 1:] / (len(d) if d.ndim == 2 else 1)),
        ),
        Mistake(
            "full_W",
            "W̃_k でなく W_k を使っていませんか? 切片 (列 0) は定数 1 に掛かる重みなので、x へは"
            "勾配を伝えません。",
            _affine(dx=lambda d, W: d @ W),
        ),
    ),
    answer_patterns=(
        r"delta\s*@\s*self\.W\[\s*:\s*,\s*1\s*:\s*\]",
        r"delta\.T\s*@\s*self\.z\s*/",
    ),
)


def _elementwise_cases(rng, first=None):
    shapes = [(1,), (6,), (4, 3)]
    us = [rng.normal(scale=2.0, size=shape) for shape in shapes]
    us = ([first] if first is not None else []) + us
    return [(f"u の形 {u.shape}", u, rng.normal(size=u.shape)) for u in us]


def _sigmoid_cases(rng):
    cases = _elementwise_cases(rng)
    big = np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0])
    cases.append(("大きな |u| (±30, ±1000)", big, rng.normal(size=big.shape)))
    return [Case(f"{name} での backward の戻り値", (u, grad)) for name, u, grad in cases]


def _layer_backward(call, layer_class, case):
    *init, u, grad = case.args
    layer = call(layer_class, *init)
    call(layer.forward, u)
    return call(layer.backward, grad)


def _sigmoid(local):
    """A Sigmoid layer whose backward returns local(grad, u, f)."""

    class WrongSigmoid(Sigmoid):
        def backward(self, grad):
            return local(grad, self.u, self.out)

    return WrongSigmoid


SIGMOID_BACKWARD = Exercise(
    id="09-2",
    title="Sigmoid 層の backward",
    subject="Sigmoid 層の backward",
    writes="class MySigmoid(lecnn.layers.Sigmoid): def backward(self, grad)",
    check="check_sigmoid_backward",
    cases=_sigmoid_cases,
    reference=ReferenceSigmoid,
    run=_layer_backward,
    method="backward",
    hint=(
        "下流 (入力側) へ渡すのは、上流から来た grad に局所的な微分 ∇f(u) を成分ごとに掛けたもの"
        "です (連鎖律)。シグモイド関数の導関数は 01 で f だけの式に直しました。forward が保存した"
        "値のうち、どれを使えばよいか考えましょう。"
    ),
    purpose="連鎖律を「上流の勾配 × 局所的な微分」として層の backward に書く。",
    mistakes=(
        Mistake(
            "no_grad",
            "上流から来た grad を掛け忘れていませんか? (連鎖律: grad ⊙ ∇f(u))",
            _sigmoid(lambda g, u, f: f * (1 - f)),
        ),
        Mistake(
            "no_local",
            "局所的な微分 ∇f(u) を掛けていません (恒等写像の backward になっています)。",
            _sigmoid(lambda g, u, f: g),
        ),
        Mistake(
            "missing_one_minus_f",
            "シグモイド関数の導関数の因子が 1 つ足りません (01 で導いた式を確かめましょう)。",
            _sigmoid(lambda g, u, f: g * f),
        ),
        Mistake(
            "missing_f",
            "シグモイド関数の導関数の因子が 1 つ足りません (01 で導いた式を確かめましょう)。",
            _sigmoid(lambda g, u, f: g * (1 - f)),
        ),
        Mistake(
            "u_for_f",
            "導関数の式の f(u) の代わりに u を使っていませんか?",
            _sigmoid(lambda g, u, f: g * u * (1 - u)),
        ),
        Mistake("sign", "符号が逆になっていませんか?", _sigmoid(lambda g, u, f: -g * f * (1 - f))),
    ),
    answer_patterns=(
        r"self\.out\s*\*\s*\(\s*1\s*-\s*self\.out\s*\)",
        r"∇f\s*=\s*f\s*\(\s*1\s*[-−]\s*f\s*\)",
    ),
)


class LeakyReLU(Layer):
    """The reference: f(u) = u (u > 0), αu (u ≤ 0)."""

    def __init__(self, alpha=0.01):
        self.alpha = alpha

    def forward(self, u):
        self.u = np.asarray(u)
        return np.where(self.u > 0, self.u, self.alpha * self.u)

    def backward(self, grad):
        return grad * np.where(self.u > 0, 1.0, self.alpha)


def _leaky(local):
    """A leaky ReLU layer whose backward returns local(grad, u, alpha)."""

    class WrongLeakyReLU(LeakyReLU):
        def backward(self, grad):
            return local(grad, self.u, self.alpha)

    return WrongLeakyReLU


def _leaky_cases(rng):
    # first a u with both signs and 0 (where the prompt fixes the slope α), so that each
    # typical mistake shows on the first case
    both = np.array([-2.0, -0.5, 0.5, 2.0, -1e-3, 1e-3, 0.0])
    cases = _elementwise_cases(rng, first=both)
    cases[0] = ("正と負と 0 の u", *cases[0][1:])
    return [
        Case(f"{name}, α = {alpha} での backward の戻り値", (alpha, u, grad))
        for (name, u, grad), alpha in zip(cases, [0.2, 0.01, 0.1, 0.3], strict=True)
    ]


LEAKY_RELU_BACKWARD = Exercise(
    id="09-3",
    title="leaky ReLU 層の backward",
    subject="leaky ReLU 層の backward",
    writes="class LeakyReLU(lecnn.layers.Layer): def backward(self, grad)",
    check="check_leaky_relu_backward",
    cases=_leaky_cases,
    reference=LeakyReLU,
    run=_layer_backward,
    method="backward",
    hint=(
        "leaky ReLU は u > 0 で f(u) = u、u ≤ 0 で f(u) = αu です。それぞれの側の傾き (局所的な微分) を"
        "考え、上流から来た grad に成分ごとに掛けます。u = 0 はどちらの側か、定義を確かめましょう。"
    ),
    purpose="場合分けされた関数の局所的な微分を、境界 (u = 0) の扱いまで定義どおりに書く。",
    mistakes=(
        Mistake(
            "relu",
            "u ≤ 0 の側で勾配を 0 にしていませんか? ReLU と違い、leaky ReLU の負の側の傾きは α なので、"
            "勾配は α 倍されて流れます。",
            _leaky(lambda g, u, a: g * (u > 0)),
        ),
        Mistake(
            "zero_side",
            "u = 0 での傾きが違います。定義では u ≤ 0 の側 (f(u) = αu) に入るので、u = 0 の傾きは α です。",
            _leaky(lambda g, u, a: g * np.where(u >= 0, 1.0, a)),
        ),
        Mistake(
            "no_grad",
            "上流から来た grad を掛け忘れていませんか? (連鎖律: grad ⊙ ∇f(u))",
            _leaky(lambda g, u, a: np.where(u > 0, 1.0, a)),
        ),
        Mistake(
            "swapped",
            "α と 1 が逆になっていませんか?",
            _leaky(lambda g, u, a: g * np.where(u > 0, a, 1.0)),
        ),
        Mistake(
            "alpha_everywhere",
            "u > 0 の側の傾きは 1 です (α を掛けるのは u ≤ 0 の側だけ)。",
            _leaky(lambda g, u, a: g * a),
        ),
        Mistake(
            "f_for_derivative",
            "微分の代わりに f(u) そのものを掛けていませんか?",
            _leaky(lambda g, u, a: g * np.where(u > 0, u, a * u)),
        ),
        Mistake(
            "sign",
            "符号が逆になっていませんか?",
            _leaky(lambda g, u, a: -g * np.where(u > 0, 1.0, a)),
        ),
    ),
    answer_patterns=(
        r"grad\s*\*\s*np\.where\(\s*self\.u\s*>\s*0\s*,\s*1(\.0)?\s*,\s*self\.alpha\s*\)",
    ),
)

EXERCISES = (AFFINE_BACKWARD, SIGMOID_BACKWARD, LEAKY_RELU_BACKWARD)

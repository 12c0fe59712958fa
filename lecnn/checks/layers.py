"""The exercises of notebook 09 (計算グラフと層): the backward of the Affine layer, the softmax
layer's backward without its Jacobian, and softmax + cross-entropy taken back through its graph.

For a layer the student writes a class; the check builds it, runs ``forward`` then ``backward`` on fresh
random inputs (one sample, a batch, a square W̃ where a missing transpose fits the shapes) and
compares what ``backward`` returns (and, for Affine, ``self.dW``) with the reference.
"""

import numpy as np

from lecnn.activations import softmax
from lecnn.checks.calling import Mismatch
from lecnn.checks.exercise import Case, Exercise, Mistake, Parts, error_says
from lecnn.checks.runner import as_list, short
from lecnn.layers import Affine

# (q_k, q_{k+1}, n or None for one sample). (3, 3): W̃ is square, so W̃ in place of W̃ᵀ
# fits the shapes; (2, 3): W is 3 × 3, so a transposed ∂E/∂W fits them too.
_AFFINE_CASES = [(4, 3, None), (4, 3, 5), (3, 3, None), (3, 3, 4), (2, 3, 6), (1, 2, 3)]


def _backward(layer, delta):
    """The reference's backward of an Affine ``layer``: sets dW, returns the gradient for x."""
    layer.dW = np.outer(delta, layer.z) if delta.ndim == 1 else delta.T @ layer.z / len(delta)
    return delta @ layer.W[:, 1:]


class ReferenceAffine(Affine):
    """The reference: lecnn's Affine with its backward written out, as the student writes it."""

    def backward(self, delta):
        return _backward(self, delta)


def _affine_cases(rng):
    cases = []
    for i, (q_in, q_out, n) in enumerate(_AFFINE_CASES, start=1):
        lead = () if n is None else (n,)
        W = rng.normal(size=(q_out, q_in + 1))
        x, delta = rng.normal(size=lead + (q_in,)), rng.normal(size=lead + (q_out,))
        kind = "1 サンプル" if n is None else f"バッチ n = {n}"
        cases.append(Case(f"ケース {i} ({kind}, q_k = {q_in}, q_{{k+1}} = {q_out})", (W, x, delta)))
    return cases


def _affine_backward(call, affine_class, case):
    W, x, delta = case.args
    try:
        forward = getattr(affine_class, "forward", None)
    except Exception:  # noqa: BLE001 - a class whose attributes raise has no usable forward
        forward = None
    if not callable(forward):
        name = affine_class.__name__  # a class: the runner checked it
        raise Mismatch(
            f"{name} には forward がありません。チェックは {name}(W) で層を作り、forward を呼んで"
            f"から backward を呼びます。lecnn.layers.Affine を継承して (class {name}"
            "(lecnn.layers.Affine):) その __init__ と forward を使うか、自分で定義してください。",
            "no_method",
        )
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
            right = _backward(self, delta)
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
        "u_k = W_k z_k, z_k = (1, xᵀ)ᵀ です。∂E/∂W_k は W_k と同じ形 (q_{k+1}, q_k + 1) になるように δ_k "
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
            "∂E/∂W_k が転置 (ᵀ) になっていませんか? 行 j が出力側のユニット j、列 l が z_k の成分 l です (W_k が正方行列だと形が合ってしまうので、成分で確かめましょう)。",
            _affine(dW=lambda d, z: _mean_outer(d, z, transpose=True)),
        ),
        Mistake("sign", "符号が逆になっていませんか?", _affine(dx=lambda d, W: -d @ W[:, 1:])),
        Mistake(
            "transpose",
            "行列の積の形が合っていません。x への勾配の式なら W̃_k の転置 (ᵀ) の位置を、∂E/∂W_k の式なら "
            "1 サンプル (δ_k と z_k が 1 次元) とバッチ (2 次元) の両方で形が合うかを確かめましょう。",
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
    answer_patterns=(r"delta\s*@\s*self\.W\[\s*:\s*,\s*1\s*:\s*\]", r"delta\.T\s*@\s*self\.z\s*/"),
)


def _jvp_cases(rng):
    cases = []
    for i, (lead, m, scale) in enumerate(
        [((), 4, 1.0), ((3,), 5, 1.0), ((4,), 4, 1.0), ((), 1, 1.0), ((2,), 3, 30.0)], start=1
    ):
        f = softmax(rng.normal(scale=scale, size=lead + (m,)))
        g = rng.normal(size=lead + (m,))
        kind = "1 サンプル" if not lead else f"バッチ n = {lead[0]}"
        sharp = ", ほぼ one-hot の f" * (scale > 1)
        cases.append(Case(f"ケース {i} ({kind}, m = {m}{sharp}; f, g の形 {f.shape})", (f, g)))
    return cases


def _softmax_backward(f, g):
    return f * (g - np.sum(f * g, axis=-1, keepdims=True))


SOFTMAX_BACKWARD = Exercise(
    id="09-2",
    title="ソフトマックス関数の層の backward (ヤコビ行列を作らずに)",
    subject="ソフトマックス関数の層の backward",
    writes="softmax_backward(f, g) -> ∂E/∂u (f, g: (m,) か (n, m)、行がサンプル)",
    check="check_softmax_backward",
    cases=_jvp_cases,
    reference=_softmax_backward,
    lecnn_answers=("softmax_jacobian",),
    hint=(
        "∂E/∂u_k = Σ_j g_j ∂f_j/∂u_k に、03 の演習 1 の 2 つの場合 (j = k と j ≠ k) を代入して、"
        "j についての和を整理します (演習の手順 1)。バッチでは同じ計算を行 (サンプル) ごとに行います。"
        "行ごとに 1 つの数を (n, m) の配列と組み合わせるときは、形 (n, 1) のままにしておきます。"
    ),
    purpose=(
        "ヤコビ行列 (m × m) を作らずに、その転置と上流の勾配の積を O(m) で書く。成分ごとの活性化関数と"
        "違い、ソフトマックス関数では全成分が混ざることを式で確かめる。"
    ),
    mistakes=(
        Mistake(
            "diagonal_only",
            "対角成分 (j = k) の f_k(1 − f_k) だけを掛けていませんか? ソフトマックス関数は成分ごとの関数では"
            "ないので、j ≠ k の −f_j f_k の項も残ります。",
            lambda f, g: g * f * (1 - f),
        ),
        Mistake(
            "keepdims",
            "バッチで、行ごとの和が形 (n,) になっていませんか? 形 (n,) の和は行ベクトルとして扱われ、"
            "サンプル i の和が行 i ではなく列 i から引かれます (n = m のときは形が合ってしまいます)。"
            "和は形 (n, 1) のまま残します。",
            lambda f, g: f * (g - np.sum(f * g, axis=-1)),
            test=error_says("could not be broadcast"),
        ),
        Mistake(
            "sum_all",
            "バッチのすべてのサンプルにわたって和をとっていませんか? j についての和は、サンプルごと (行ごと) にとります。",
            lambda f, g: f * (g - np.sum(f * g)),
        ),
        Mistake(
            "no_f",
            "全体に f_k を掛け忘れていませんか? ∂f_j/∂u_k にはどちらの場合も f の因子があります。",
            lambda f, g: g - np.sum(f * g, axis=-1, keepdims=True),
        ),
        Mistake(
            "sign",
            "符号が逆になっていませんか? j ≠ k の項は −f_j f_k です。",
            lambda f, g: f * (np.sum(f * g, axis=-1, keepdims=True) - g),
        ),
        Mistake(
            "forgot_g",
            "上流の勾配 g を掛け忘れていませんか? (連鎖律: 上流の勾配 × 局所的な微分)",
            lambda f, g: f * (1 - f),
        ),
    ),
    answer_patterns=(
        r"f\s*\*\s*\(\s*g\s*-\s*np\.sum\(\s*f\s*\*\s*g",
        r"f\s*⊙\s*\(\s*g\s*[-−]\s*\(?\s*fᵀ\s*g",
    ),
)


_GRAPH_PARTS = ("∂E/∂f", "∂E/∂S", "∂E/∂e", "∂E/∂u")


def _graph_cases(rng):
    cases = []
    for m, y in [
        (3, None),
        (5, None),
        (4, np.array([0.5, 0.0, 1.0, 0.0])),
        (2, np.array([0.3, 0.4])),
    ]:
        u = rng.normal(scale=1.5, size=m)
        target = np.eye(m)[rng.integers(m)] if y is None else y
        kind = "one-hot の y" if y is None else f"和が {target.sum():g} の y"
        hint = (
            ""
            if y is None
            else " このケースでは y の成分の和が 1 ではありません (03 の演習 2 を思い出しましょう)。"
        )
        cases.append(Case(f"m = {m}, {kind} (u = {short(u)}) の逆伝播", (u, target), hint=hint))
    return cases


def _graph_run(call, function, case):
    got = as_list(call(function, *case.args), 4, "配列")
    return Parts(zip(_GRAPH_PARTS, got, strict=True))


def _graph(g_f=None, g_S=None, g_e=None, g_u=None):
    """The graph's backward; each step given replaces the right one (a typical mistake), and
    the later steps use its result."""

    def backward(u, y):
        e = np.exp(u)
        S = np.sum(e)
        f = e / S
        gf = -y / f if g_f is None else g_f(y, f)
        gS = -np.sum(gf * e) / S**2 if g_S is None else g_S(gf, e, S)
        ge = gf / S + gS if g_e is None else g_e(gf, gS, S)
        gu = ge * e if g_u is None else g_u(ge, e, f, y)
        return gf, gS, ge, gu

    return backward


SOFTMAX_CE_GRAPH = Exercise(
    id="09-3",
    title="ソフトマックス関数 + クロスエントロピーを計算グラフで逆伝播",
    subject="ソフトマックス関数 + クロスエントロピーの計算グラフの逆伝播",
    writes="graph_backward(u, y) -> (∂E/∂f, ∂E/∂S, ∂E/∂e, ∂E/∂u) (u, y: (m,); ∂E/∂S は数 1 つ)",
    check="check_softmax_ce_graph",
    cases=_graph_cases,
    reference=_graph(),
    run=_graph_run,
    hint=(
        "上流 (E の側) から 1 ノードずつ戻り、各ノードで「上流の勾配 × 局所的な微分」を下流へ渡します。"
        "局所的な微分は、log、逆数 1/S、exp の導関数 (基本の微分) から求めます。割り算 f_j = e_j · (1/S) は"
        " e_j と S の 2 つの入力をもつノードで、S はすべての f_j で使われるので、その分を j について"
        "足します。e_j は f_j と S の 2 か所で使われる分かれ道で、2 つの経路から戻ってくる勾配を足します。"
    ),
    purpose=(
        "δ_r = f − y を、ソフトマックス関数の微分の公式を使わずに、計算グラフの局所的な微分 (log, 割り算, "
        "和, exp) と分かれ道の足し算だけから導き直す。"
    ),
    # later steps first: a wrong step changes every later part, so the first part that differs
    # is matched against the mistakes of that step before those of earlier steps
    mistakes=(
        Mistake(
            "shortcut",
            "最後を f − y と書いていませんか? それは y の成分の和が 1 のときだけの形です。グラフをたどった "
            "∂E/∂e に、exp のノードの局所的な微分を掛けたものを返しましょう。",
            _graph(g_u=lambda ge, e, f, y: f - y),
        ),
        Mistake(
            "exp_local",
            "exp のノードの局所的な微分を掛け忘れていませんか? exp の導関数を思い出しましょう。",
            _graph(g_u=lambda ge, e, f, y: ge),
        ),
        Mistake(
            "no_branch",
            "分かれ道の足し算を忘れていませんか? e_j は f_j = e_j / S と S = Σ e_j の 2 か所で使われるので、"
            "∂E/∂e_j は 2 つの経路から戻る勾配の和です (S を通る経路では、和のノードが勾配をそのまま渡します)。",
            _graph(g_e=lambda gf, gS, S: gf / S),
        ),
        Mistake(
            "S_sign",
            "∂E/∂S の符号を確かめましょう。1/S は S が増えると減る関数です。",
            _graph(g_S=lambda gf, e, S: np.sum(gf * e) / S**2),
        ),
        Mistake(
            "S_square",
            "1/S を S で微分した形を確かめましょう (S で 1 回割るだけでは足りません)。",
            _graph(g_S=lambda gf, e, S: -np.sum(gf * e) / S),
        ),
        Mistake(
            "S_not_summed",
            "∂E/∂S が成分ごとのままです。S はすべての f_j で使われるので、j についての和をとって数 1 つにします。",
            _graph(g_S=lambda gf, e, S: -gf * e / S**2),
        ),
        Mistake(
            "log_local",
            "log のノードの局所的な微分を掛け忘れていませんか? log の導関数を思い出しましょう。",
            _graph(g_f=lambda y, f: -y),
        ),
        Mistake(
            "log_sign",
            "符号が逆です。E は −Σ y_j log f_j なので、∂E/∂f_j には負の符号がつきます。",
            _graph(g_f=lambda y, f: y / f),
        ),
    ),
    answer_patterns=(
        r"g_f\s*/\s*S\s*\+\s*g_S",
        r"-\s*np\.sum\(\s*g_f\s*\*\s*e\s*\)\s*/\s*S\s*\*\*\s*2",
        r"g_e\s*\*\s*e\b",
    ),
)


EXERCISES = (AFFINE_BACKWARD, SOFTMAX_BACKWARD, SOFTMAX_CE_GRAPH)

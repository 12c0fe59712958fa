"""The exercises of notebook 11 (最適化と正則化): one Adam step, the L2 term's gradient,
dropout's backward and batch normalization's backward."""

import numpy as np

from lecnn.checks.exercise import Case, Exercise, Mistake, Parts
from lecnn.checks.runner import as_list

# 11-1: one step of Adam on one W_k

# (shape of W_k, t, η, β₁, β₂); t = 1 is the first step, where M and S are still 0.
_ADAM_CASES = [
    ((3, 4), 1, 0.01, 0.9, 0.999),
    ((2, 3), 2, 0.001, 0.9, 0.999),
    ((4, 2), 5, 0.05, 0.8, 0.99),
    ((1, 3), 30, 0.01, 0.9, 0.999),
    ((3, 3), 3, 0.1, 0.5, 0.9),
]


def _adam_cases(rng):
    cases = []
    for i, (shape, t, eta, beta1, beta2) in enumerate(_ADAM_CASES, start=1):
        W, G = rng.normal(size=shape), rng.normal(size=shape)
        if t == 1:  # one tiny gradient, where ε's place in the denominator shows
            M, S = np.zeros(shape), np.zeros(shape)
            G[0, 0] = 1e-6
        else:  # state after t − 1 steps: any M, and S ≥ 0
            M, S = 0.3 * rng.normal(size=shape), rng.uniform(0.1, 1.0, size=shape)
        label = (
            f"ケース {i} (W_k の形 {shape}, t = {t}, η = {eta:g}, β₁ = {beta1:g}, β₂ = {beta2:g})"
        )
        cases.append(Case(label, (W, G, M, S, t, eta, beta1, beta2, 1e-8)))
    return cases


def _adam(
    correct_m=True,
    correct_s=True,
    root=True,
    numerator="M",
    sign=-1,
    damp=True,
    hats=False,
    eps_at="",
):
    """One Adam step, with the switches as a typical mistake. ``eps_at``: "root" adds ε under
    √ (√(Ŝ + ε)); "rate" folds both corrections into η (η √(1 − β₂ᵗ)/(1 − β₁ᵗ)) and adds ε to
    √S_k, as in the Adam paper's rearranged loop: either is Adam with another ε."""

    def adam_step(W, G, M, S, t, eta, beta1, beta2, eps):
        M = beta1 * M + ((1 - beta1) if damp else 1) * G
        S = beta2 * S + ((1 - beta2) if damp else 1) * G * G
        M_hat = M / (1 - beta1**t) if correct_m else M
        S_hat = S / (1 - beta2**t) if correct_s else S
        scale = np.sqrt(S_hat) if root else S_hat
        top = {"M": M_hat, "G": G}[numerator]
        if eps_at == "root":  # √(Ŝ + ε)
            scale, eps = np.sqrt(S_hat + eps), 0
        if eps_at == "rate":  # η √(1 − β₂ᵗ)/(1 − β₁ᵗ) · M/(√S + ε)
            eta, top, scale = eta * np.sqrt(1 - beta2**t) / (1 - beta1**t), M, np.sqrt(S)
        W = W + sign * eta * top / (scale + eps)
        return (W, M_hat, S_hat) if hats else (W, M, S)

    return adam_step


def _adam_parts(call, adam_step, case):
    W, M, S = as_list(call(adam_step, *case.args), 3, "(W_k, M_k, S_k) の")
    return Parts({"M_k": M, "S_k": S, "更新後の W_k": W})


ADAM_STEP = Exercise(
    id="11-1",
    title="Adam の 1 ステップ",
    subject="Adam の 1 ステップ",
    writes="adam_step(W, G, M, S, t, eta, beta1, beta2, eps) -> (更新後の W, M, S)",
    check="check_adam_step",
    cases=_adam_cases,
    reference=_adam(),
    lecnn_answers=("Adam",),
    keeps_args=True,
    run=_adam_parts,
    hint=(
        "M_k と S_k を G_k と G_k² (成分ごと) の移動平均で更新し、それぞれを 1 − β₁ᵗ と 1 − β₂ᵗ で割って"
        "偏りを補正してから、W_k ← W_k − η M̂_k / (√Ŝ_k + ε) とします (積・割り算・平方根はすべて成分ごと)。"
    ),
    purpose=(
        "Adam の更新規則をコードにし、M_k, S_k が 0 から始まるための偏りの補正が最初のステップで"
        "何をしているかを確かめる。"
    ),
    mistakes=(
        Mistake(
            "no_bias_correction",
            "偏りの補正 (1 − β₁ᵗ, 1 − β₂ᵗ で割る) を忘れていませんか? M_k と S_k は 0 から始まるので、"
            "最初のうちは小さすぎます。",
            _adam(correct_m=False, correct_s=False),
        ),
        Mistake(
            "correct_m_only",
            "S_k の補正 (1 − β₂ᵗ で割る) を忘れていませんか? M_k と S_k の両方を補正します。",
            _adam(correct_s=False),
        ),
        Mistake(
            "correct_s_only",
            "M_k の補正 (1 − β₁ᵗ で割る) を忘れていませんか? M_k と S_k の両方を補正します。",
            _adam(correct_m=False),
        ),
        Mistake("no_root", "分母は Ŝ_k ではなくその平方根 √Ŝ_k です。", _adam(root=False)),
        Mistake(
            "gradient_not_mean",
            "分子に G_k をそのまま使っていませんか? 分子は勾配の移動平均 M̂_k です。",
            _adam(numerator="G"),
        ),
        Mistake("sign", "更新の向き (符号) が逆ではありませんか?", _adam(sign=1)),
        Mistake(
            "returns_hat",
            "返す M_k, S_k が補正後の M̂_k, Ŝ_k になっていませんか? 次のステップに渡すのは、"
            "補正する前の移動平均 M_k, S_k です (補正は更新の計算の中だけで使います)。",
            _adam(hats=True),
        ),
        Mistake(
            "no_one_minus_beta",
            "移動平均の新しい項に (1 − β₁), (1 − β₂) を掛け忘れていませんか?",
            _adam(damp=False),
        ),
        Mistake(
            "eps_under_root",
            "ε を平方根の中に足していませんか? この演習の式では ε は √Ŝ_k の外に足します"
            " (√Ŝ_k + ε)。勾配がとても小さい成分で違いが出ます。",
            _adam(eps_at="root"),
        ),
        Mistake(
            "eps_with_folded_rate",
            "2 つの補正を学習率にまとめて η √(1 − β₂ᵗ)/(1 − β₁ᵗ) · M_k/(√S_k + ε) とする形では、"
            "ε の効き方が変わります。この演習の式どおり M̂_k と Ŝ_k を求めてから √Ŝ_k + ε で割りましょう"
            " (勾配がとても小さい成分で違いが出ます)。",
            _adam(eps_at="rate"),
        ),
    ),
    answer_patterns=(
        r"/\s*\(\s*1\s*-\s*beta1\s*\*\*\s*t\s*\)",
        r"/\s*\(\s*np\.sqrt\(\s*S_hat\s*\)\s*\+\s*eps\s*\)",
    ),
)

# 11-2: the gradient of E + (λ/2) ‖W̃_k‖²

_L2_SHAPES = [(3, 4), (2, 2), (1, 5), (4, 3), (5, 2)]


def _l2_cases(rng):
    cases = []
    for i, shape in enumerate(_L2_SHAPES, start=1):
        lam = float(rng.choice([0.1, 0.01, 0.5]))
        W, G = rng.normal(size=shape), rng.normal(size=shape)
        cases.append(Case(f"ケース {i} (W_k の形 {shape}, λ = {lam:g})", (W, G, lam)))
    return cases


def _l2(intercept=False, factor=1.0, with_G=True):
    """G_k + λ (0 | W̃_k), with the switches as a typical mistake."""

    def l2_gradient(W, G, lam):
        decay = factor * lam * W
        if not intercept:
            decay[:, 0] = 0.0
        return (G if with_G else 0.0) + decay

    return l2_gradient


L2_GRADIENT = Exercise(
    id="11-2",
    title="L2 正則化の項の勾配",
    subject="正則化した誤差の W_k に関する勾配",
    writes="l2_gradient(W, G, lam) -> ∂/∂W_k (E + (λ/2) ‖W̃_k‖²)",
    check="check_l2_gradient",
    cases=_l2_cases,
    reference=_l2(),
    lecnn_answers=("SGD", "AdaGrad", "RMSProp", "Adam"),
    keeps_args=True,
    hint=(
        "(λ/2) ‖W̃_k‖² は W̃_k の成分 w_klj (j ≥ 1) の 2 乗の和の λ/2 倍です。1 つの成分で微分し、"
        "G_k (= ∂E/∂W_k) に足します。列 0 (切片) はこの項に入っていません。"
    ),
    purpose="L2 正則化の項を成分で微分し、切片を減衰させない理由と合わせて勾配に足す。",
    mistakes=(
        Mistake(
            "decays_intercept",
            "列 0 (切片) まで減衰させていませんか? 正則化の項は W̃_k (列 0 を除く) だけの和です。",
            _l2(intercept=True),
        ),
        Mistake(
            "half",
            "λ/2 の 1/2 が残っていませんか? w² を微分したときに前に出る係数と、λ/2 の 1/2 を"
            "合わせるとどうなるか確かめてください。",
            _l2(factor=0.5),
        ),
        Mistake(
            "twice",
            "2λ になっていませんか? (λ/2) w² を w で微分するとき、λ/2 の 1/2 を落としていないか"
            "確かめてください。",
            _l2(factor=2.0),
        ),
        Mistake(
            "sign",
            "正則化の項の符号が逆ではありませんか? 項は誤差に足しているので、勾配にも足します。",
            _l2(factor=-1.0),
        ),
        Mistake(
            "term_only",
            "返しているのは正則化の項の勾配だけです。E の勾配 G_k に足したものを返します。",
            _l2(with_G=False),
        ),
    ),
    answer_patterns=(r"\[\s*:\s*,\s*1\s*:\s*\]\s*\+?=\s*.*lam\s*\*\s*W\[\s*:\s*,\s*1\s*:\s*\]",),
)

# 11-3: dropout's backward through its mask

# (shape of z, p); p ≠ 0.5 so that 1 − p and p differ.
_DROPOUT_CASES = [((6,), 0.2), ((4, 3), 0.3), ((5, 2), 0.75), ((3, 5), 0.1), ((1, 4), 0.6)]


def _dropout_cases(rng):
    cases = []
    for i, (shape, p) in enumerate(_DROPOUT_CASES, start=1):
        keep = rng.random(shape) >= p
        keep.flat[0], keep.flat[-1] = True, False  # at least one kept, one dropped
        grad = rng.normal(size=shape)
        cases.append(Case(f"ケース {i} (形 {shape}, p = {p:g})", (grad, keep, p)))
    return cases


def _dropout(mask=True, scale="1-p", invert=False):
    """∂E/∂z from ∂E/∂o for o = D ⊙ z, D = keep / (1 − p), with the switches as a typical mistake."""

    def dropout_backward(grad, keep, p):
        kept = ~keep if invert else keep
        factor = {"1-p": 1 / (1 - p), "none": 1.0, "p": 1 / p, "times": 1 - p}[scale]
        return grad * (kept if mask else 1.0) * factor

    return dropout_backward


DROPOUT_BACKWARD = Exercise(
    id="11-3",
    title="ドロップアウトの逆伝播",
    subject="ドロップアウトの逆伝播 ∂E/∂z",
    writes="dropout_backward(grad, keep, p) -> ∂E/∂z (grad = ∂E/∂o, keep: 残したところが True)",
    check="check_dropout_backward",
    cases=_dropout_cases,
    reference=_dropout(),
    lecnn_answers=("Dropout",),
    hint=(
        "o = D ⊙ z は成分ごとの積です。09 の積のノードの逆伝播 (上流の勾配に相手の入力を掛ける) を"
        "成分ごとに当てはめ、順伝播で z_i に何が掛かっていたかを、残した成分と落とした成分に分けて"
        "思い出してください。"
    ),
    purpose="成分ごとの積の逆伝播として、ドロップアウトの勾配が同じマスクを通ることを導く。",
    mistakes=(
        Mistake(
            "no_scaling",
            "1/(1 − p) を掛け忘れていませんか? 順伝播で掛けた倍率は、逆伝播でも掛かります。",
            _dropout(scale="none"),
        ),
        Mistake(
            "scale_by_p",
            "1/p になっていませんか? p は落とす確率です。順伝播で残した成分に掛けた倍率を"
            "確かめてください。",
            _dropout(scale="p"),
        ),
        Mistake(
            "times_one_minus_p",
            "1 − p で割るところを掛けていませんか?",
            _dropout(scale="times"),
        ),
        Mistake(
            "no_mask",
            "マスクを通していますか? 落とした成分には勾配は流れません (0 です)。",
            _dropout(mask=False),
        ),
        Mistake(
            "inverted_mask",
            "マスクが逆になっていませんか? 勾配が流れるのは残した (True の) 成分です。",
            _dropout(invert=True),
        ),
    ),
    answer_patterns=(r"grad\s*\*\s*keep\s*/\s*\(\s*1\s*-\s*p\s*\)",),
)

# 11-4 (発展): batch normalization's backward, ∂E/∂x from ∂E/∂o through μ_B and σ_B²

# (n, q): samples and units; n = 2 is the smallest batch, q = 1 a single unit.
_BATCHNORM_SHAPES = [(4, 3), (6, 2), (2, 4), (8, 1), (5, 5)]


def _batchnorm_cases(rng):
    cases = []
    for i, (n, q) in enumerate(_BATCHNORM_SHAPES, start=1):
        # units of different scales and offsets, so that a forgotten 1/σ_B or μ_B shows
        x = rng.normal(size=(n, q)) * rng.uniform(0.5, 3.0, size=q) + rng.normal(size=q)
        grad, gamma = rng.normal(size=(n, q)), rng.uniform(0.5, 2.0, size=q)
        cases.append(Case(f"ケース {i} (n = {n}, q = {q})", (grad, x, gamma, 1e-5)))
    return cases


def _batchnorm(mean_path=True, var_path=True, ddof=0, average=True, with_gamma=True, with_eps=True):
    """∂E/∂x of o = γ ⊙ (x − μ_B)/√(σ_B² + ε) + β in training, with the switches as a typical mistake."""

    def batchnorm_backward(grad, x, gamma, eps):
        mu_b, var_b = x.mean(axis=0), x.var(axis=0, ddof=ddof)  # μ_B and σ_B²
        inv_std = 1 / np.sqrt(var_b + (eps if with_eps else 0.0))
        x_hat = (x - mu_b) * inv_std
        mean = (lambda a: a.mean(axis=0)) if average else (lambda a: a.sum(axis=0))
        through_mu = mean(grad) if mean_path else 0.0
        through_var = x_hat * mean(grad * x_hat) if var_path else 0.0
        return (gamma if with_gamma else 1.0) * inv_std * (grad - through_mu - through_var)

    return batchnorm_backward


BATCHNORM_BACKWARD = Exercise(
    id="11-4",
    title="バッチ正規化の逆伝播",
    subject="バッチ正規化の逆伝播 ∂E/∂x",
    writes="batchnorm_backward(grad, x, gamma, eps) -> ∂E/∂x (grad = ∂E/∂o, 形 (n, q))",
    check="check_batchnorm_backward",
    cases=_batchnorm_cases,
    reference=_batchnorm(),
    lecnn_answers=("BatchNorm",),
    advanced=True,
    hint=(
        "x_i が E に届く道は 3 本あります: x̂_i への直接の道、平均 μ_B を通る道、分散 σ_B² を通る道。"
        "μ_B と σ_B² はバッチの全サンプルから計算するので、o_j (j ≠ i) にも x_i の影響が届きます。"
        "∂E/∂x̂、∂E/∂σ_B²、∂E/∂μ_B の順に求め、3 本の寄与を足してください。σ_B² は n で割る分散です。"
    ),
    purpose=(
        "サンプルどうしが平均と分散でつながる層の逆伝播を、計算グラフの 3 本の道に分けて導く "
        "(このノートブックでいちばん難しい導出)。"
    ),
    mistakes=(
        Mistake(
            "direct_only",
            "x̂ への直接の道だけになっていませんか? μ_B と σ_B² もバッチのサンプルから計算しているので、"
            "それらを通る道の寄与も足します。",
            _batchnorm(mean_path=False, var_path=False),
        ),
        Mistake(
            "no_mean_path",
            "平均 μ_B を通る道を忘れていませんか? μ_B はすべての x_i に依存します。",
            _batchnorm(mean_path=False),
        ),
        Mistake(
            "no_variance_path",
            "分散 σ_B² を通る道を忘れていませんか? σ_B² もすべての x_i に依存します。",
            _batchnorm(var_path=False),
        ),
        Mistake(
            "unbiased_variance",
            "σ_B² を n − 1 で割っていませんか? 学習モードのバッチ正規化の σ_B² は n で割る分散です。",
            _batchnorm(ddof=1),
        ),
        Mistake(
            "sum_not_mean",
            "1/n を忘れていませんか? μ_B と σ_B² はサンプルの平均なので、"
            "それらを通る道の寄与にも 1/n が付きます。",
            _batchnorm(average=False),
        ),
        Mistake(
            "no_gamma",
            "γ を掛け忘れていませんか? o = γ ⊙ x̂ + β なので、x̂ から o へ進むところで γ が掛かっています。",
            _batchnorm(with_gamma=False),
        ),
        Mistake(
            "no_eps",
            "ε を忘れていませんか? 順伝播と同じく √(σ_B² + ε) で割ります。",
            _batchnorm(with_eps=False),
        ),
    ),
    answer_patterns=(
        r"grad\s*-\s*.*mean\(.*\)\s*-\s*x_hat\s*\*",
        r"\(\s*grad\s*\*\s*x_hat\s*\)\.(mean|sum)\(",
    ),
)

EXERCISES = (ADAM_STEP, L2_GRADIENT, DROPOUT_BACKWARD, BATCHNORM_BACKWARD)

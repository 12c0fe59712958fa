"""The exercises of notebook 03 (ソフトマックス関数の微分): ∂f_j/∂u_k, and ∂E/∂w_rk for any target."""

import numpy as np

from lecnn.activations import softmax, softmax_jacobian
from lecnn.checks.exercise import NUMERICAL_NOTE, Case, Exercise, Mistake, approximates
from lecnn.checks.runner import short
from lecnn.losses import cross_entropy_from_logits


def _softmax_cases(rng):
    """(u, j, k): j = k and j ≠ k for several m, u = 0, m = 1 and logits near ±1000."""
    triples = []
    for m in (3, 2):
        u = rng.normal(scale=2.0, size=m)
        triples += [(u, j, k) for j in range(m) for k in range(m)]
    u = rng.normal(scale=2.0, size=6)
    triples += [(u, j, k) for j, k in [(0, 0), (5, 5), (1, 4), (4, 1), (2, 0), (3, 3)]]
    triples += [(np.zeros(4), 1, 1), (np.zeros(4), 0, 2), (np.array([0.7]), 0, 0)]
    # one logit far above the rest: ∂f_j/∂u_k of 1e-4 to 1e-8, where a difference quotient's
    # rounding (1e-16/ε relative to f_k) shows
    sure = np.array([8.0, 0.0, -1.0, -2.0]) + rng.uniform(-0.1, 0.1, size=4)
    triples += [(sure, 0, 0), (sure, 2, 2), (sure, 1, 3), (sure, 3, 0)]
    big, small = 1000.0 + rng.normal(size=4), -1000.0 + rng.normal(size=3)
    triples += [(big, 2, 2), (big, 0, 3), (small, 1, 1), (small, 2, 0)]
    hints = {
        True: (
            " j = k の場合: 分子 e^{u_k} も分母 S = Σ_i e^{u_i} も u_k を含みます。"
            "商の微分公式の 2 つの項を両方残し、e^{u_k}/S = f_k を使って f だけの式にしましょう。"
        ),
        False: (
            " j ≠ k の場合: 分子 e^{u_j} は u_k を含みませんが、分母 S は含みます "
            "(∂S/∂u_k = e^{u_k})。商の微分公式で残る項の符号に注意しましょう。"
        ),
    }
    overflow = (
        " u が ±1000 程度だと e^u は inf か 0 になります。f は lecnn の softmax で求めましょう。"
    )
    return [
        Case(
            f"{'j = k' if j == k else 'j ≠ k'} の場合 (u = {short(u)}, j = {j}, k = {k}) の ∂f_j/∂u_k",
            (u, j, k),
            hint=hints[j == k] + overflow * bool(np.abs(u).max() > 100),
        )
        for u, j, k in triples
    ]


def _central_difference(u, j, k, eps=1e-5):  # as 03's own check of ∂f_j/∂u_k, as an answer
    e_k = eps * np.eye(len(u))[k]
    return (softmax(u + e_k)[j] - softmax(u - e_k)[j]) / (2 * eps)


def _wrong(diagonal=None, off=None):
    """∂f_j/∂u_k, wrong where ``diagonal(f, j, k)`` (j = k) or ``off(f, j, k)`` (j ≠ k) is given."""

    def derivative(u, j, k):
        f = softmax(np.asarray(u, dtype=float))
        formula = diagonal if j == k else off
        return np.float64(softmax_jacobian(u)[j, k] if formula is None else formula(f, j, k))

    return derivative


_INDEX = "添字を確かめましょう: j ≠ k のとき、2 つの f の因子はそれぞれどこから出てきますか?"


SOFTMAX_DERIVATIVE = Exercise(
    id="03-1",
    title="空欄の 2 つの場合 ∂f_j/∂u_k",
    subject="ソフトマックス関数の微分 ∂f_j/∂u_k (j = k と j ≠ k)",
    writes="softmax_derivative(u, j, k) -> ∂f_j/∂u_k (u: (m,), j, k: 0, ..., m − 1)",
    check="check_softmax_derivative_cases",
    cases=_softmax_cases,
    reference=_wrong(),
    lecnn_answers=("softmax_jacobian",),
    rtol=1e-9,  # as 01-1: a formula's rounding is far smaller, a difference quotient's error is not
    atol=1e-14,
    hint="f_j = e^{u_j}/S を商の微分公式で u_k について微分し、j = k と j ≠ k に分けて f だけで書きます。",
    purpose="商の微分公式を j = k と j ≠ k に分けて使い、ソフトマックス関数のヤコビ行列を導く。",
    mistakes=(
        Mistake(
            "constant",
            "m = 1 ではただ 1 つの成分 f が u によらず 1 なので、微分は 0 です。",
            _wrong(diagonal=lambda f, j, k: 1.0 if len(f) == 1 else f[k] * (1 - f[k])),
        ),
        Mistake(
            "no_denominator",
            "分母 S の微分の項が抜けていませんか? S も u_k を含みます。",
            _wrong(diagonal=lambda f, j, k: f[k]),
        ),
        Mistake(
            "sign",
            "分母を微分した項の符号を確かめましょう (商の微分公式: (分子の微分 × 分母 − 分子 × 分母の微分) / 分母²)。",
            _wrong(diagonal=lambda f, j, k: f[k] * (1 + f[k]), off=lambda f, j, k: f[j] * f[k]),
        ),
        Mistake(
            "off_diagonal_formula",
            "j ≠ k の場合の式を j = k にも使っていませんか? j = k では分子も u_k を含みます。",
            _wrong(diagonal=lambda f, j, k: -(f[k] ** 2)),
        ),
        Mistake(
            "zero",
            "分子 e^{u_j} は u_k を含みませんが、分母 S は含むので 0 にはなりません。",
            _wrong(off=lambda f, j, k: 0.0),
        ),
        Mistake(
            "diagonal_formula",
            "j = k の場合の式を j ≠ k にも使っていませんか?",
            _wrong(off=lambda f, j, k: f[j] * (1 - f[j])),
        ),
        Mistake("index", _INDEX, _wrong(off=lambda f, j, k: -(f[j] ** 2))),
        Mistake("index", _INDEX, _wrong(off=lambda f, j, k: -(f[k] ** 2))),
        Mistake("numerical", NUMERICAL_NOTE, _central_difference, test=approximates(_wrong())),
    ),
    answer_patterns=(
        r"f_\{?j\}?\s*\(\s*δ_\{?jk\}?\s*[-−]\s*f_\{?k\}?\s*\)",
        r"f_\{?k\}?\s*\(\s*1\s*[-−]\s*f_\{?k\}?\s*\)",
        r"[-−]\s*f_\{?j\}?\s*f_\{?k\}?(?![_\w])",
        r"f\[k\]\s*\*\s*\(\s*1\s*-\s*f\[k\]\s*\)",
        r"-\s*f\[j\]\s*\*\s*f\[k\]",
    ),
)


def _target_cases(rng):
    """(W_r, z_r, y, k): one-hot targets first, then Σ_j y_j = 1 and Σ_j y_j ≠ 1."""

    def case(m, q, y, ks, intercept=0.0, lead=0.0):
        W_r = rng.normal(size=(m, q + 1))
        W_r[:, 0] += intercept  # u ≈ intercept: a naive e^u overflows when it is ±1000
        W_r[0, 0] += lead  # f_1 near 1: ∂E/∂w_rk of 1e-3 to 1e-5, where a difference quotient shows
        z_r = np.concatenate([[1.0], rng.normal(size=q)])
        return [(W_r, z_r, np.asarray(y, dtype=float), k) for k in ks]

    quads = (
        case(3, 4, np.eye(3)[1], ks=[1, 0, 2])
        + case(5, 2, np.eye(5)[4], ks=[4, 0])
        + case(1, 3, [1.0], ks=[0])
        + case(4, 3, np.eye(4)[2], ks=[2, 0], intercept=1000.0)
        + case(4, 3, np.eye(4)[3], ks=[3, 1], intercept=-1000.0)
        + case(3, 4, [0.2, 0.3, 0.5], ks=[0, 2])
        + case(3, 4, [0.5, 0.5, 0.5], ks=[0, 1])
        + case(4, 2, [0.0, 2.0, 0.0, 0.0], ks=[1, 3])
        + case(2, 3, [0.0, 0.0], ks=[0])
        + case(3, 3, np.eye(3)[0], ks=[0, 2], lead=9.0)
    )
    overflow = (
        " u = W_r z_r の成分が ±1000 程度でも f が求まるよう、lecnn の softmax を使いましょう。"
    )
    return [
        Case(
            f"m = {W.shape[0]}, q_r = {W.shape[1] - 1}, k = {k}, y = {short(y)} "
            f"(Σ_j y_j = {short(y.sum())}) の ∂E/∂w_rk",
            (W, z, y, k),
            hint=overflow * bool(np.abs(W[:, 0]).max() > 100),
        )
        for W, z, y, k in quads
    ]


def _dE_dw_rk(W_r, z_r, y, k):
    f = softmax(W_r @ z_r)
    return (f[k] * y.sum() - y[k]) * z_r


def _dE_dw_rk_central_difference(W_r, z_r, y, k, eps=1e-5):  # of E in w_rk, as an answer
    def E(step):
        W = W_r.copy()
        W[k] += step
        return cross_entropy_from_logits(W @ z_r, y)

    steps = eps * np.eye(len(z_r))
    return np.array([(E(s) - E(-s)) / (2 * eps) for s in steps])


DE_DW_RK = Exercise(
    id="03-2",
    title="∂E/∂w_rk (和が 1 とは限らない y)",
    subject="クロスエントロピーの微分 ∂E/∂w_rk (和が 1 とは限らない y)",
    writes="dE_dw_rk(W_r, z_r, y, k) -> ∂E/∂w_rk, 形 (q_r + 1,)",
    check="check_dE_dw_rk_any_target",
    cases=_target_cases,
    reference=_dE_dw_rk,
    rtol=1e-9,  # as 01-1: a formula's rounding is far smaller, a difference quotient's error is not
    atol=1e-14,
    hint=(
        "∂E/∂w_rk = −Σ_j y_j (1/f_j) ∂f_j/∂w_rk に、演習 1 の 2 つの場合 "
        "(∂f_j/∂w_rk = (∂f_j/∂u_k) z_r) を代入して整理します。f はソフトマックス関数 "
        "f_r(W_r z_r) です。結果は w_rk と同じ形 (q_r + 1,) のベクトルです (z_r の先頭の 1 も含めて)。"
    ),
    purpose="Σ_j y_j = 1 を使う一歩がどこにあるかを見極め、一般の y でも連鎖律で導き切る。",
    mistakes=(
        Mistake(
            "sum_is_one",
            "Σ_j y_j = 1 を使って簡単にした式になっていませんか? この y は成分の和が 1 では"
            "ないので、その一歩は使えません (和を Σ_j y_j のまま残しましょう)。",
            lambda W_r, z_r, y, k: (softmax(W_r @ z_r)[k] - y[k]) * z_r,
        ),
        Mistake(
            "only_j_equals_k",
            "j = k の項しか残っていません。j ≠ k の項 (y_j の付いた項) も残ります。",
            lambda W_r, z_r, y, k: -y[k] * (1 - softmax(W_r @ z_r)[k]) * z_r,
        ),
        Mistake(
            "sign",
            "符号が逆になっていませんか? E には − がついています。",
            lambda W_r, z_r, y, k: -_dE_dw_rk(W_r, z_r, y, k),
        ),
        Mistake(
            "numerical",
            NUMERICAL_NOTE,
            _dE_dw_rk_central_difference,
            test=approximates(_dE_dw_rk),
        ),
    ),
    answer_patterns=(
        r"\(\s*f_\{?k\}?\s*Σ_?\{?j\}?\s*y_\{?j\}?\s*[-−]\s*y_\{?k\}?\s*\)\s*z_\{?r\}?",
        r"f\[k\]\s*\*\s*(np\.sum\(\s*y\s*\)|y\.sum\(\))\s*-\s*y\[k\]",
    ),
)

EXERCISES = (SOFTMAX_DERIVATIVE, DE_DW_RK)

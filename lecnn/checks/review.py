"""The exercises of notebook 01 (前回の復習): ∇tanh, and the cross-entropy from logits."""

import numpy as np

from lecnn.activations import DERIVATIVES
from lecnn.checks.exercise import NUMERICAL_NOTE, Case, Exercise, Mistake, approximates
from lecnn.checks.runner import short
from lecnn.losses import cross_entropy_from_logits


def _u_name(u):
    if u.ndim == 0:
        return f"スカラー u = {short(u)}"
    return f"u = {short(u)}" if u.ndim == 1 else f"形 {u.shape} の u"


def _tanh_cases(rng):
    us = [rng.normal(scale=2.0, size=shape) for shape in [(), (1,), (7,), (3, 4)]]
    # where ∇tanh is 1e-3 to 1e-6, a difference quotient's rounding (1e-16/ε) shows
    us.append(np.array([-6.5, -4.0, 3.5, 5.0, 7.0]) + rng.uniform(-0.1, 0.1, size=5))
    us.append(np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0]))
    overflow = (
        " |u| が大きいと e^u や e^{−u} が inf になります。tanh u そのものを計算する NumPy の"
        "関数なら、その心配はありません。"
    )
    return [
        Case(f"{_u_name(u)} での ∇tanh(u)", (u,), hint=overflow * bool(np.abs(u).max() > 100))
        for u in us
    ]


def _central_difference(u, eps=1e-4):  # notebook 01's check of a derivative, as an answer
    return (np.tanh(u + eps) - np.tanh(u - eps)) / (2 * eps)


TANH_DERIVATIVE = Exercise(
    id="01-1",
    title="tanh の導関数",
    subject="tanh の導関数 ∇tanh(u)",
    writes="tanh_derivative(u) -> ∇tanh(u), 成分ごと (u は任意の形)",
    check="check_tanh_derivative_cases",
    cases=_tanh_cases,
    reference=DERIVATIVES["tanh"],
    lecnn_answers=("DERIVATIVES", "tanh_derivative"),
    # a formula's rounding is far smaller; a central difference's error (ε², and 1e-16/ε
    # where ∇tanh is small) is not
    rtol=1e-9,
    atol=1e-14,
    hint=(
        "tanh u = (e^u − e^{−u})/(e^u + e^{−u}) を商の微分公式で微分し、結果を tanh u だけで"
        "書き直してみましょう (シグモイド関数の導関数を f(1 − f) と f だけで書いたのと同じです)。"
    ),
    purpose="商の微分公式で導関数を求め、関数自身の値で書き直す (シグモイド関数の復習の応用)。",
    mistakes=(
        Mistake(
            "no_square",
            "分母を微分した項を確かめましょう: e^u − e^{−u} は分子と、分母の微分の 2 か所から"
            "出てくるので、tanh u の 1 乗にはなりません。",
            lambda u: 1 - np.tanh(u),
        ),
        Mistake(
            "sigmoid_form",
            "シグモイド関数の f(1 − f) をそのまま使っていませんか? tanh では形が違います。",
            lambda u: np.tanh(u) * (1 - np.tanh(u)),
        ),
        Mistake(
            "sign",
            "符号を確かめましょう: 商の微分公式の 2 つ目の項には − がつきます。",
            lambda u: 1 + np.tanh(u) ** 2,
        ),
        Mistake(
            "numerical",
            NUMERICAL_NOTE,
            _central_difference,
            test=approximates(DERIVATIVES["tanh"]),
        ),
    ),
    answer_patterns=(
        r"1\s*[-−]\s*(np\.)?tanh\s*\(?\s*u\s*\)?\s*(\*\*\s*2|²|\^\s*\{?2)",
        r"1\s*[-−]\s*tanh\s*\^?\s*²\s*\(?u",
        r"1\s*[-−]\s*(np\.)?tanh\^\{?2\}?",
    ),
)


def _cross_entropy_cases(rng):
    cases = []
    for shape in [(3,), (10,), (5, 4), (1,), (3, 1)]:
        u = rng.normal(scale=2.0, size=shape)
        cases.append((u, np.eye(shape[-1])[rng.integers(shape[-1], size=shape[:-1])]))
    # huge logits: the correct class is the smallest logit, so f_j rounds to 0 if computed
    # directly; the last row is all ≈ −1000, so Σ_i e^{u_i} underflows to 0
    u = rng.normal(scale=1000.0, size=(4, 6))
    u[3] = -1000.0 + rng.normal(size=6)
    cases.append((u, np.eye(6)[np.argmin(u, axis=1)]))
    cases.append((np.array([1000.0, 999.0, -1000.0]), np.eye(3)[1]))
    batch = " バッチ (n, m) では行ごとに E を 1 つずつ返します (形は (n,))。"
    stable = (
        " e^{1000} は inf、e^{−1000} は 0 になります。ソフトマックス関数のときと同じく、"
        "最大値 c = max_i u_i を引いてから e をとる形に変形しましょう。"
    )
    return [
        Case(
            f"{'1 サンプル' if u.ndim == 1 else f'バッチ (n = {u.shape[0]}, m = {u.shape[1]})'} "
            f"(正解のクラス {short(np.argmax(y, axis=-1) + 1)}) の E",
            (u, y),
            hint=batch * (u.ndim == 2) + stable * bool(np.abs(u).max() > 100),
        )
        for u, y in cases
    ]


CROSS_ENTROPY_LOGITS = Exercise(
    id="01-2",
    title="ロジットからのクロスエントロピー",
    subject="ロジットからのクロスエントロピー",
    writes="cross_entropy_from_logits(u, y) -> E (u, y: (m,) か (n, m)、バッチなら形 (n,))",
    check="check_cross_entropy_logits",
    cases=_cross_entropy_cases,
    reference=cross_entropy_from_logits,
    lecnn_answers=("LOSSES_FROM_LOGITS", "cross_entropy_from_logits", "log_softmax"),
    hint="E = −Σ_j y_j log f_j を、f_j を計算せずに u から直接書く式にしましょう。",
    purpose="log と softmax をまとめて式変形し、大きなロジットでも溢れない計算にする。",
    mistakes=(
        Mistake(
            "sign",
            "符号を確かめましょう: E = −Σ_j y_j log f_j で、log f_j ≤ 0 です。",
            lambda u, y: -cross_entropy_from_logits(u, y),
        ),
        Mistake(
            "batch_mean",
            "バッチの平均ではなく、行ごとの E を並べて返します。",
            lambda u, y: np.mean(cross_entropy_from_logits(u, y)),
        ),
    ),
    answer_patterns=(
        r"logsumexp",
        r"np\.log\(\s*np\.sum\(\s*np\.exp\(\s*u\s*-",
        r"log\s*Σ_?\{?i\}?\s*e\^\{?u_?\{?i\}?\s*[-−]\s*c",
    ),
)

EXERCISES = (TANH_DERIVATIVE, CROSS_ENTROPY_LOGITS)

"""The exercises of notebook 04 (W_r に関する微分): ∂E/∂W_r from its rows, δ_r of sigmoid + ½ squared
error, ∂E/∂W_r of a batch."""

import numpy as np

from lecnn.activations import ACTIVATIONS, LABELS, sigmoid
from lecnn.checks.exercise import NUMERICAL_NOTE, Case, Exercise, Mistake, approximates, shape_is
from lecnn.checks.factory import network_case, random_targets
from lecnn.checks.runner import short

# (m, q_r, output); the first is square (m = q_r + 1): a transpose fits the shapes
_ONE_SAMPLE_CASES = [(4, 3, "softmax"), (3, 4, "softmax"), (1, 5, "sigmoid"), (2, 6, "identity")]


def _one_sample_cases(rng):
    cases = []
    for m, q, output in _ONE_SAMPLE_CASES:
        u = rng.normal(size=m)
        f, y = ACTIVATIONS[output](u), random_targets(rng, output, m)
        z_r = np.concatenate([[1.0], rng.normal(size=q)])
        label = (
            f"m = {m}, q_r = {q}, f_r = {LABELS[output]} (f, y の形 {(m,)}, "
            f"z_r の形 {(q + 1,)}) の ∂E/∂W_r"
        )
        cases.append(Case(label, (f, y, z_r)))
    return cases


def _grad_W_r(f, y, z_r):
    return np.outer(f - y, z_r)


GRAD_W_R = Exercise(
    id="04-1",
    title="行を積み重ねて ∂E/∂W_r (転置の位置)",
    subject="1 サンプルの ∂E/∂W_r",
    writes="grad_W_r(f, y, z_r) -> ∂E/∂W_r (f, y: (m,), z_r: (q_r + 1,) 先頭が 1)",
    check="check_grad_W_r",
    cases=_one_sample_cases,
    reference=_grad_W_r,
    lecnn_answers=("Affine",),
    hint=(
        "∂E/∂W_r の行 k は、03 で求めた ∂E/∂w_rk (列ベクトル) を横にしたものです。m 個の行を"
        "上から積み重ねた行列を、2 つのベクトルの積として書きます。結果は W_r と同じ"
        " m × (q_r + 1) の形です。形を手がかりに、どちらのベクトルを転置するか決めましょう。"
    ),
    purpose=(
        "1 行ずつの微分 (03) を積み重ねて行列の形にし、転置がどちらにつくかを、"
        "成分と形 (勾配は重みと同じ形) から決める。"
    ),
    mistakes=(
        Mistake(
            "transpose",
            "転置 (ᵀ) になっていませんか? z_r と f − y の順が逆だと (q_r + 1) × m の行列で、"
            "行 k が出力ユニット k に対応しません。W_r と同じ形 m × (q_r + 1) になる順に並べます。",
            lambda f, y, z_r: np.outer(z_r, f - y),
        ),
        Mistake(
            "scalar",
            "結果が 1 つの数になっています。転置を左の f − y につけると行ベクトルと列ベクトルの積 (内積) "
            "で、m = q_r + 1 のときしか計算できず、できても 1 × 1 です。NumPy の 1 次元の配列は"
            "転置しても形が変わらないので、どちらを転置しても行列の積は内積になります。欲しいのは W_r と同じ"
            " m × (q_r + 1) の形の行列です。",
            lambda f, y, z_r: np.dot(f - y, z_r),
            test=shape_is(lambda shape, case: shape == (), "not aligned", "core dimension"),
        ),
        Mistake(
            "elementwise",
            "成分ごとの積になっていませんか? f − y (長さ m) と z_r (長さ q_r + 1) の成分ごとの積は、"
            "長さがそろうときしか計算できず、できてもベクトルです。成分 (k, l) が (f_k − y_k) と"
            " z_r の成分 l の積になる行列を作ります。",
            lambda f, y, z_r: (f - y) * z_r,
            test=shape_is(lambda shape, case: len(shape) == 1, "could not be broadcast"),
        ),
        Mistake(
            "sign",
            "符号が逆です。03 の結果は ∂E/∂w_rk = (f_k − y_k) z_r (出力 − 正解) の向きです。",
            lambda f, y, z_r: np.outer(y - f, z_r),
        ),
        Mistake(
            "no_intercept",
            "z_r の先頭の 1 (切片の分) を落としていませんか? 列 0 は切片の微分です。",
            lambda f, y, z_r: np.outer(f - y, z_r[1:]),
        ),
    ),
    answer_patterns=(
        r"np\.outer\(\s*[\w.\[\]]+\s*-\s*[\w.\[\]]+\s*,\s*[\w.\[\]]*z[\w.\[\]]*\s*\)",
        r"\(\s*f\w*\s*-\s*y\w*\s*\)\[\s*:\s*,\s*None\s*\]\s*\*",
        r"\(\s*f_?\{?r?\}?(\([^()]*\))?\s*[-−]\s*y\s*\)\s*z_?\{?r\}?\s*ᵀ",
        r"δ_?\{?r\}?\s*z_?\{?r\}?\s*ᵀ",
    ),
)


def _delta_r_cases(rng):
    cases = [
        ("1 サンプル (m = 3)", rng.normal(size=3), rng.random(3)),
        ("1 サンプル (m = 1)", rng.normal(size=1), np.array([1.0])),
        ("バッチ (n = 4, m = 2)", rng.normal(scale=2.0, size=(4, 2)), rng.random((4, 2))),
        (
            "飽和した出力 (|u| が大きい)",
            np.array([-8.0, 8.0, 0.3, -40.0]),
            np.array([1.0, 0, 1, 1]),
        ),
        (  # δ_r of 1e-3 to 1e-7, where a difference quotient's rounding shows
            "ほぼ飽和した出力",
            np.array([-7.0, 6.0, -12.0, 9.0]) + rng.uniform(-0.1, 0.1, size=4),
            np.array([0.0, 1.0, 1.0, 0.0]),
        ),
    ]
    return [Case(f"{name} (u = {short(u)}) の δ_r", (u, y)) for name, u, y in cases]


def _delta_r(u, y):
    f = sigmoid(u)
    return (f - y) * f * (1 - f)


def _central_difference(u, y, eps=1e-5):  # of E = ½(f − y)², componentwise, as an answer
    def E(v):
        return 0.5 * (sigmoid(v) - y) ** 2

    return (E(u + eps) - E(u - eps)) / (2 * eps)


DELTA_R_SIGMOID_SQUARED = Exercise(
    id="04-2",
    title="シグモイド関数 + ½ 二乗誤差の δ_r",
    subject="シグモイド関数 + ½ 二乗誤差の δ_r",
    writes="delta_r(u, y) -> δ_r = ∂E/∂u (u, y: (m,) か (n, m)、成分ごと)",
    check="check_delta_r_sigmoid_squared",
    cases=_delta_r_cases,
    reference=_delta_r,
    rtol=1e-9,  # as 01-1: a formula's rounding is far smaller, a difference quotient's error is not
    atol=1e-14,
    hint=(
        "連鎖律で δ_r = ∂E/∂u = (∂E/∂f)(∂f/∂u) を成分ごとに求めます。∂E/∂f は ½ 二乗誤差の微分、"
        "∂f/∂u はシグモイド関数の導関数 (01 で導いたもの) で、どちらも u での値です。"
    ),
    purpose="出力と誤差関数が「組」でないとき δ_r = f − y にならないことを、連鎖律で確かめる。",
    mistakes=(
        Mistake(
            "matched_pair",
            "δ_r = f_r − y になるのは、出力と誤差関数が「組」のとき (恒等写像 + ½ 二乗誤差、"
            "ソフトマックス関数 + クロスエントロピー、シグモイド関数 + 2 値のクロスエントロピー) だけ"
            "です。シグモイド関数 + ½ 二乗誤差では ∂f/∂u が消えずに残ります。",
            lambda u, y: sigmoid(u) - y,
        ),
        Mistake(
            "twice",
            "(f − y)² を微分して前に出る 2 と ½ が打ち消し合います (2 倍になっていませんか?)。",
            lambda u, y: 2 * _delta_r(u, y),
        ),
        Mistake(
            "sign",
            "符号が逆です。E = ½(f − y)² を f で微分すると f − y です。",
            lambda u, y: -_delta_r(u, y),
        ),
        Mistake(
            "missing_f",
            "シグモイド関数の導関数の因子が 1 つ足りません (01 で導いた形を確かめましょう)。",
            lambda u, y: (sigmoid(u) - y) * (1 - sigmoid(u)),
        ),
        Mistake(
            "nabla_at_f",
            "∇f は u で評価します。f にもう一度シグモイド関数をかけていませんか?",
            lambda u, y: (sigmoid(u) - y) * sigmoid(sigmoid(u)) * (1 - sigmoid(sigmoid(u))),
        ),
        Mistake(
            "no_error", "∂E/∂f を掛け忘れていませんか?", lambda u, y: sigmoid(u) * (1 - sigmoid(u))
        ),
        Mistake("numerical", NUMERICAL_NOTE, _central_difference, test=approximates(_delta_r)),
    ),
    answer_patterns=(
        r"\(\s*f\s*-\s*y\s*\)\s*\*\s*f\s*\*\s*\(\s*1\s*-\s*f\s*\)",
        r"\(\s*f_?\{?r?\}?\s*[-−]\s*y\s*\)\s*(⊙\s*)?f_?\{?r?\}?\s*\(\s*1\s*[-−]\s*f_?\{?r?\}?\s*\)",
    ),
)

_BATCH_CASES = [  # (n, q_r, m, f_r, scale of W_r); case 3 is square (n = m = q_r + 1)
    (5, 4, 3, "softmax", 1.0),
    (8, 3, 2, "identity", 1.0),
    (3, 2, 3, "softmax", 1.0),
    (1, 4, 3, "softmax", 1.0),
    (7, 3, 1, "sigmoid", 1.0),
    (4, 5, 4, "softmax", 100.0),
]


def _batch_cases(rng):
    cases = []
    for i, (n, q, m, output, scale) in enumerate(_BATCH_CASES, start=1):
        _, _, Y, bp = network_case(rng, [q, m], (), output, n=n, output_scale=scale)
        large = ", 大きなロジット" * (scale > 1)
        label = (
            f"ケース {i} (n = {n}, q_r = {q}, m = {m}, f_r = {LABELS[output]}{large}; "
            f"F_r と Y の形 {(n, m)}, Z_r の形 {(n, q + 1)}) の ∂E/∂W_r"
        )
        cases.append(Case(label, (bp.forward.y, Y, bp.forward.z[0])))
    return cases


def _grad_W_r_batch(F_r, Y, Z_r):
    return (F_r - Y).T @ Z_r / len(F_r)


def _shape_is(shape_of):
    """A ``Mistake.test``: the result has the shape ``shape_of(n, m, q_r + 1)``, not the reference's."""

    def telling(shape, case):
        (n, m), q1 = case.args[0].shape, case.args[2].shape[1]
        return shape == shape_of(n, m, q1) != (m, q1)

    return shape_is(telling)


BATCH_GRAD_W_R = Exercise(
    id="04-3",
    title="バッチの ∂E/∂W_r (転置の位置)",
    subject="バッチの ∂E/∂W_r (サンプルの平均)",
    writes="grad_W_r_batch(F_r, Y, Z_r) -> ∂E/∂W_r (F_r, Y: (n, m), Z_r: (n, q_r + 1))",
    check="check_batch_grad_W_r",
    cases=_batch_cases,
    reference=_grad_W_r_batch,
    lecnn_answers=("Affine",),
    hint=(
        "1 サンプルの ∂E/∂W_r (演習 1 の m × (q_r + 1) の行列) を i = 1, ..., n で平均したものです。"
        "F_r − Y は (n, m)、Z_r は (n, q_r + 1) で、欲しいのは (m, q_r + 1): 形を手がかりに、"
        "サンプルの軸 n で和をとる行列積になるよう、どちらを転置するか決めましょう。"
    ),
    purpose="サンプルの和を行列積で書き、転置の位置を形から決める。",
    mistakes=(
        Mistake(
            "sum",
            "n 個のサンプルの和になっていませんか? バッチでは平均をとります。",
            lambda F_r, Y, Z_r: (F_r - Y).T @ Z_r,
        ),
        Mistake(
            "sign",
            "符号が逆になっていませんか? 誤差は 出力 − 正解 の向きです。",
            lambda F_r, Y, Z_r: (Y - F_r).T @ Z_r / len(F_r),
        ),
        Mistake(
            "first_sample",
            "最初のサンプル (行 0) しか使っていないようです。",
            lambda F_r, Y, Z_r: np.outer(F_r[0] - Y[0], Z_r[0]),
        ),
        Mistake(
            "transpose",
            "転置 (ᵀ) になっていませんか? 行 j が出力ユニット j、列 l が z_r の成分 l です。",
            lambda F_r, Y, Z_r: Z_r.T @ (F_r - Y) / len(F_r),
        ),
        Mistake(
            "sample_products",
            "(n, n) はサンプル同士の積の形です。和をとるべきなのは長さ q_r + 1 や m の軸ではなく、"
            "サンプルの軸 n です。",
            lambda F_r, Y, Z_r: Z_r @ Z_r.T / len(Z_r),
            test=_shape_is(lambda n, m, q1: (n, n)),
        ),
        Mistake(
            "outer",
            "外積の関数は行列を 1 次元に平らにしてから外積をとります。ここは行列積です。",
            lambda F_r, Y, Z_r: np.outer(F_r - Y, Z_r) / len(F_r),
            test=_shape_is(lambda n, m, q1: (n * m, n * q1)),
        ),
    ),
    answer_patterns=(
        r"\(\s*F_?r?\s*-\s*Y\s*\)\.T\s*@\s*Z_?r?",
        r"\(\s*F_\{?r\}?\s*[-−]\s*Y\s*\)\s*ᵀ\s*Z_\{?r\}?",
    ),
)

EXERCISES = (GRAD_W_R, DELTA_R_SIGMOID_SQUARED, BATCH_GRAD_W_R)

"""Self-checks for the notebooks' exercises (演習).

Each ``check_*`` function takes what the student wrote (a function or a value),
compares it with the package's reference on fresh random inputs of several
shapes (one sample, one class, huge logits, ...), and returns a ``CheckResult``
whose text, shown as the cell's output, says in Japanese that the answer is
right, or what differs and where (expected against got, with a hint back to
the formula), without printing the answer itself. An unfilled blank
(``...`` or ``raise NotImplementedError``) gets 「まだ実装されていません」.

The shared machinery is at the top; below it, one section per notebook.
"""

import traceback
from dataclasses import dataclass

import numpy as np

# ---------------------------------------------------------------------------
# Machinery
# ---------------------------------------------------------------------------

PASS = "✔ 正解です。"
BLANK = (
    "まだ実装されていません。「# ここにコードを書く」の部分を埋めてから、"
    "もう一度このセルを実行してください。"
)


@dataclass
class CheckResult:
    """Outcome of a check: ``passed`` and the Japanese ``message`` shown in the notebook.

    Its repr is the message, so a check cell's output is just the message.
    """

    passed: bool
    message: str
    blank: bool = False

    def __bool__(self):
        return self.passed

    def __repr__(self):
        return self.message

    def _repr_pretty_(self, printer, cycle):
        printer.text(self.message)


class Mismatch(Exception):
    """Raised inside a check when the student's answer differs; carries the message."""


class Blank(Exception):
    """Raised inside a check when the answer is still the blank of the student edition."""


def is_blank(value):
    """True for the student edition's value placeholder ``...``."""
    return value is Ellipsis


def call(function, *args, **kwargs):
    """Call the student's function; a blank raises Blank, any other error becomes Mismatch.

    Parameters
    ----------
    function : callable or Ellipsis
    *args, **kwargs : passed on (copies of arrays, so the student cannot change ours)

    Returns
    -------
    whatever ``function`` returns
    """
    if is_blank(function):
        raise Blank
    if not callable(function):
        raise Mismatch(f"関数を渡してください (受け取ったのは {type(function).__name__} です)。")
    args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    try:
        return function(*args, **kwargs)
    except NotImplementedError:
        raise Blank from None
    except Exception as err:  # the student's code failed: say how, as the traceback would
        where = traceback.extract_tb(err.__traceback__)[-1]
        raise Mismatch(
            f"実行中にエラーが出ました: {type(err).__name__}: {err} (行 {where.lineno})"
        ) from None


def compare(got, expected, what="出力", hint="", rtol=1e-7, atol=1e-10):
    """Raise Mismatch unless ``got`` equals ``expected`` (shape, then values).

    Parameters
    ----------
    got : array_like or scalar
        The student's result.
    expected : ndarray or scalar
        The reference result.
    what : str
        Name of the quantity in the message, e.g. "∂E/∂W_r".
    hint : str
        A pointer back to the formula, shown on a mismatch.
    rtol, atol : float
        Tolerances of ``np.isclose``.
    """
    suffix = f"\nヒント: {hint}" if hint else ""
    expected = np.asarray(expected)
    if got is None:
        raise Mismatch(f"{what}が None です。return を忘れていませんか?{suffix}")
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Mismatch(
            f"{what}が数値の配列ではありません ({type(got).__name__})。{suffix}"
        ) from None
    if got.shape != expected.shape:
        note = ""
        if got.ndim == 2 and got.shape == expected.shape[::-1]:
            note = " 転置 (ᵀ) になっていませんか?"
        elif got.ndim == expected.ndim and got.shape[-1] + 1 == expected.shape[-1]:
            note = " 切片 (列 0) の分が足りないのではありませんか?"
        raise Mismatch(
            f"{what}の形が違います: 期待 {expected.shape}, 実際 {got.shape}。{note}{suffix}"
        )
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(expected)):
        raise Mismatch(f"{what}に NaN か inf が含まれています。{suffix}")
    close = np.isclose(got, expected, rtol=rtol, atol=atol)
    if not np.all(close):
        index = tuple(int(i) for i in np.argwhere(~close)[0])
        place = f"成分 {index}" if index else "値"
        raise Mismatch(
            f"{what}の{place}が違います: 期待 {_fmt(expected[index])}, "
            f"実際 {_fmt(got[index])} (一致しない成分は {int(np.sum(~close))} 個)。{suffix}"
        )


def _fmt(value):
    return f"{float(value):.6g}"


def run_check(title, body, n_cases):
    """Run ``body()`` (which raises Mismatch/Blank on failure) and wrap the outcome.

    Parameters
    ----------
    title : str
        What is being checked, e.g. "softmax のヤコビ行列".
    body : callable
        Performs every comparison; returns nothing.
    n_cases : int
        Number of test inputs ``body`` tried, for the success message.

    Returns
    -------
    CheckResult
    """
    try:
        body()
    except Blank:
        return CheckResult(False, f"{title}: {BLANK}", blank=True)
    except Mismatch as err:
        return CheckResult(False, f"✘ {title}: 不正解です。{err}")
    return CheckResult(True, f"{PASS} {title}: {n_cases} 通りの入力で一致しました。")


def random_cases(seed, shapes, scale=1.0):
    """Reproducible random float64 arrays, one per shape.

    Parameters
    ----------
    seed : int
    shapes : list of tuple
    scale : float

    Returns
    -------
    list of ndarray
    """
    rng = np.random.default_rng(seed)
    return [rng.normal(scale=scale, size=shape) for shape in shapes]


# ---------------------------------------------------------------------------
# One section per notebook follows. Each check_* returns run_check(...).
# ---------------------------------------------------------------------------

# --- 01 前回の復習 -----------------------------------------------------------


def _call_quietly(what, hint, function, *args):
    """``call(function, *args)`` with floating-point warnings off, naming the case on a crash.

    A naive e^u overflows with a RuntimeWarning; the comparison that follows reports
    the resulting inf or NaN, so the warning would only add noise to the notebook.

    Parameters
    ----------
    what : str
        The case, e.g. "バッチ (n = 5, m = 4) の E", put in front of an error message.
    hint : str
        Shown after an error, as ``compare`` does after a mismatch.
    function : callable or Ellipsis
    *args : passed on to ``call``
    """
    try:
        with np.errstate(all="ignore"):
            return call(function, *args)
    except Mismatch as err:
        raise Mismatch(f"{what}: {err}\nヒント: {hint}") from None


def check_tanh_derivative(tanh_derivative):
    """Check a function ``tanh_derivative(u) -> ∇tanh(u)``, elementwise.

    Parameters
    ----------
    tanh_derivative : callable
        u: ndarray of any shape (a 0-d array included) -> ndarray of u's shape.

    Returns
    -------
    CheckResult
    """
    from lecnn.activations import DERIVATIVES

    shapes = [(), (1,), (7,), (3, 4)]
    cases = [
        (f"u の形 {shape}", u, False)
        for shape, u in zip(shapes, random_cases(101, shapes, scale=2.0), strict=True)
    ]
    cases.append(
        ("大きな |u| (u = ±30, ±1000)", np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0]), True)
    )
    hint = (
        "tanh u = (e^u − e^{−u})/(e^u + e^{−u}) を商の微分公式で微分し、"
        "結果を tanh u だけで書き直してみましょう (シグモイド関数で f(1 − f) を導いたのと同じ手順です)。"
    )
    overflow = (
        "|u| が大きいと e^u や e^{−u} が inf になります。np.tanh(u) ならその心配はありません。"
    )

    def body():
        for name, u, large in cases:
            what, full_hint = f"{name} での ∇tanh(u)", hint + (overflow * large)
            got = _call_quietly(what, full_hint, tanh_derivative, u)
            compare(got, DERIVATIVES["tanh"](u), what=what, hint=full_hint)

    return run_check("tanh の導関数 ∇tanh(u)", body, len(cases))


def check_cross_entropy_from_logits(cross_entropy_from_logits):
    """Check ``cross_entropy_from_logits(u, y)``: E = −Σ_j y_j log f_j, f = softmax(u).

    Parameters
    ----------
    cross_entropy_from_logits : callable
        (u, y) -> E. u: logits, shape (m,) or (n, m) (one sample per row); y: one-hot
        targets of u's shape. Returns a float for one sample, shape (n,) for a batch.
        It must stay finite for logits of size 1000 (log-sum-exp).

    Returns
    -------
    CheckResult
    """
    from lecnn.losses import cross_entropy_from_logits as reference

    rng = np.random.default_rng(102)
    cases = []
    for name, shape in [
        ("1 サンプル (m = 3)", (3,)),
        ("1 サンプル (m = 10)", (10,)),
        ("バッチ (n = 5, m = 4)", (5, 4)),
        ("1 クラス (m = 1)", (1,)),
        ("1 クラスのバッチ (n = 3, m = 1)", (3, 1)),
    ]:
        u = rng.normal(scale=2.0, size=shape)
        labels = rng.integers(shape[-1], size=shape[:-1])
        cases.append((name, u, np.eye(shape[-1])[labels], False))
    # huge logits: the correct class is the smallest logit, so f_j rounds to 0 if computed
    # directly; the last row is all ≈ −1000, so Σ_i e^{u_i} underflows to 0
    u = rng.normal(scale=1000.0, size=(4, 6))
    u[3] = -1000.0 + rng.normal(size=6)
    cases.append(
        ("大きなロジット (|u| ≈ 1000, n = 4, m = 6)", u, np.eye(6)[np.argmin(u, axis=1)], True)
    )
    u = np.array([1000.0, 999.0, -1000.0])
    cases.append(("1 サンプルの大きなロジット (u = (1000, 999, −1000))", u, np.eye(3)[1], True))

    hint = "E = −Σ_j y_j log f_j で、log f_j = u_j − log Σ_i e^{u_i} です。"
    batch = "バッチ (n, m) では行ごとに E を 1 つずつ返します (axis=-1 で和をとり、形は (n,))。"
    stable = (
        "e^{1000} は inf、e^{−1000} は 0 になります。c = max_i u_i として "
        "log Σ_i e^{u_i} = c + log Σ_i e^{u_i − c} (log-sum-exp) を使いましょう。"
    )

    def body():
        for name, u, y, large in cases:
            what = f"{name} の E"
            full_hint = hint + (batch if u.ndim == 2 else "") + (stable if large else "")
            got = _call_quietly(what, full_hint, cross_entropy_from_logits, u, y)
            compare(got, reference(u, y), what=what, hint=full_hint)

    return run_check("ロジットからのクロスエントロピー", body, len(cases))


# --- 02 ディープニューラルネットワーク -------------------------------------------


def check_n_params(n_params):
    """Check a function ``n_params(sizes) -> int``: Σ_{k=0}^{r} q_{k+1}(q_k + 1)."""
    from lecnn.network import n_params as reference

    cases = [
        [2, 3],
        [4, 8, 8, 3],
        [1, 1, 1, 1],
        [64, 64, 64, 10],
        [1024, 1024, 1024, 10],
        [3, 1, 5],
    ]

    def body():
        for sizes in cases:
            compare(
                call(n_params, list(sizes)),
                reference(sizes),
                what=f"sizes = {sizes} のパラメータ数",
                hint="W_k は q_{k+1} × (q_k + 1) 行列です (切片の列を忘れずに)。k = 0, ..., r で和をとります。",
                rtol=0,
                atol=0,
            )

    return run_check("パラメータ数 Σ_k q_{k+1}(q_k + 1)", body, len(cases))


def _relu_net(sizes, weights):
    """The reference: a lecnn Network with ReLU hidden layers, identity output and these W_k."""
    from lecnn.network import Network

    net = Network(sizes, hidden="relu", output="identity", seed=0)
    net.weights = weights
    return net


def _forward_mistakes(weights, x):
    """Outputs of typical wrong forward passes, each with what went wrong (Japanese).

    Parameters
    ----------
    weights : list of ndarray, W_k of shape (q_{k+1}, q_k + 1)
    x : ndarray, shape (d,)

    Returns
    -------
    list of (ndarray of shape (m,), str)
    """

    def run(relu_hidden=True, relu_output=False, intercept=True):
        z = x
        for k, W in enumerate(weights):
            u = W[:, 1:] @ z + (W[:, 0] if intercept else 0.0)
            last = k == len(weights) - 1
            z = np.maximum(u, 0) if (relu_output if last else relu_hidden) else u
        return z

    return [
        (
            run(relu_output=True),
            "出力層にも ReLU をかけていませんか? f_r は恒等写像 (y = W_r z_r) です。",
        ),
        (run(relu_hidden=False), "中間層で ReLU f_k(u) = max{0, u} をかけ忘れていませんか?"),
        (
            run(intercept=False),
            "切片 (W_k の列 0) が効いていません。z_k の先頭に 1 をつけて (1, z_kᵀ)ᵀ としてから W_k をかけます。",
        ),
    ]


def check_forward(forward):
    """Check ``forward(weights, x) -> y``: z_{k+1} = f_k(W_k z_k) with ReLU, y = W_r z_r.

    Parameters
    ----------
    forward : callable
        (weights, x) -> y. weights: [W_0, ..., W_r], W_k of shape (q_{k+1}, q_k + 1)
        with the intercept in column 0; x: one sample, shape (d,). Hidden layers use
        ReLU, the output the identity; y has shape (m,).

    Returns
    -------
    CheckResult
    """
    rng = np.random.default_rng(202)
    cases = []
    for name, sizes in [
        ("中間層 1 層 (sizes = [3, 4, 2])", [3, 4, 2]),
        ("中間層 3 層 (sizes = [2, 5, 5, 5, 1])", [2, 5, 5, 5, 1]),
        ("幅 1 (sizes = [1, 1, 1])", [1, 1, 1]),
        ("中間層 2 層 (sizes = [6, 8, 4, 3])", [6, 8, 4, 3]),
        ("中間層なし (r = 0, sizes = [4, 3])", [4, 3]),
    ]:
        for _ in range(2):
            weights = [rng.normal(size=(sizes[k + 1], sizes[k] + 1)) for k in range(len(sizes) - 1)]
            cases.append((name, sizes, weights, rng.normal(size=sizes[0])))
    hint = (
        "z_0 = (1, xᵀ)ᵀ から始めて、k = 0, ..., r − 1 で u_k = W_k z_k, "
        "z_{k+1} = (1, f_k(u_k)ᵀ)ᵀ、最後に y = W_r z_r です。"
    )

    def body():
        for name, sizes, weights, x in cases:
            what = f"{name}での出力"
            try:
                got = call(forward, [W.copy() for W in weights], x)
            except Mismatch as err:
                raise Mismatch(f"{what}: {err}\nヒント: {hint}") from None
            expected = _relu_net(sizes, weights).forward(x)
            try:
                got_array = np.asarray(got, dtype=float)
            except (TypeError, ValueError):
                got_array = None
            if got_array is not None and got_array.shape == expected.shape:
                if not np.allclose(got_array, expected, rtol=1e-7, atol=1e-10):
                    for wrong, message in _forward_mistakes(weights, x):
                        if np.allclose(got_array, wrong, rtol=1e-7, atol=1e-10):
                            raise Mismatch(f"{what}が違います。{message}")
            compare(got, expected, what=what, hint=hint)

    return run_check("順伝播 z_{k+1} = f_k(W_k z_k), y = W_r z_r", body, len(cases))


def check_tent_weights(W_0, W_1):
    """Check weights of a net [1, 2, 1] (ReLU, identity output) that compute the tent map.

    The tent map T(t) = 2t (t ≤ 1/2), 2 − 2t (t > 1/2) must come out on [0, 1]; any
    weights that do it pass.

    Parameters
    ----------
    W_0 : array_like, shape (2, 2)
        Intercepts in column 0, the weights on t in column 1.
    W_1 : array_like, shape (1, 3)
        Intercept, then the weights on z_{11} and z_{12}.

    Returns
    -------
    CheckResult
    """
    t = np.concatenate([[0.0, 0.25, 0.5, 0.75, 1.0], np.random.default_rng(203).random(15)])
    tent = 2 * np.minimum(t, 1 - t)
    hint = (
        "1 つめのユニットで傾き 2 の直線 2t をつくり、2 つめのユニットは t = 1/2 で"
        "スイッチが入るようにして、そこから傾きを 2 から −2 に変えます (切片は列 0)。"
    )

    def body():
        if is_blank(W_0) or is_blank(W_1):
            raise Blank
        weights = []
        for k, (W, shape) in enumerate([(W_0, (2, 2)), (W_1, (1, 3))]):
            try:
                W = np.asarray(W, dtype=float)
            except (TypeError, ValueError):
                raise Mismatch(f"W_{k} が数値の配列ではありません ({type(W).__name__})。") from None
            if W.shape != shape:
                raise Mismatch(
                    f"W_{k} の形が違います: 期待 {shape} (= (q_{k + 1}, q_{k} + 1)), 実際 {W.shape}。"
                    " 列 0 が切片です。"
                )
            if not np.all(np.isfinite(W)):
                raise Mismatch(f"W_{k} に NaN か inf が含まれています。")
            weights.append(W)
        got = _relu_net([1, 2, 1], weights).forward(t[:, None])[:, 0]
        compare(got, tent, what="t ∈ [0, 1] での出力", hint=hint)

    return run_check("テント写像を 2 つの ReLU ユニットで", body, len(t))


# --- 03 ソフトマックス関数の微分 ---------------------------------------------------


def _first_mismatch(got, expected):
    """Index of the first entry where ``got`` differs from ``expected`` (compare's tolerances).

    None when got is not a finite numeric array of expected's shape, or nothing differs.
    """
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return None
    if got.shape != expected.shape or not np.all(np.isfinite(got)):
        return None
    bad = np.argwhere(~np.isclose(got, expected, rtol=1e-7, atol=1e-10))
    return tuple(int(i) for i in bad[0]) if len(bad) else None


def check_softmax_jacobian(softmax_jacobian):
    """Check ``softmax_jacobian(u)``: the matrix of ∂f_j/∂u_k for the softmax f.

    Parameters
    ----------
    softmax_jacobian : callable
        u: logits, shape (m,) -> ndarray (m, m) whose entry [j, k] is ∂f_j/∂u_k.

    Returns
    -------
    CheckResult
    """
    from lecnn.activations import softmax_jacobian as reference

    rng = np.random.default_rng(301)
    cases = [(f"m = {m}", rng.normal(scale=2.0, size=m), False) for m in (1, 2, 3, 6, 10)]
    cases += [
        ("u = 0 (m = 4, すべて等しい)", np.zeros(4), False),
        ("大きなロジット (u ≈ +1000, m = 5)", 1000.0 + rng.normal(size=5), True),
        ("大きなロジット (u ≈ −1000, m = 5)", -1000.0 + rng.normal(size=5), True),
    ]
    general = "[j, k] 成分は ∂f_j/∂u_k です (行 j が出力 f_j、列 k が入力 u_k)。"
    diagonal = "対角成分 (j = k) は「j = k の場合」で導いた式と見比べてみましょう。"
    off_diagonal = (
        "非対角成分 (j ≠ k) は「j ≠ k の場合」で導いた式と見比べてみましょう (符号に注意)。"
    )
    overflow = (
        "e^{±1000} は inf や 0 になります。f は lecnn.softmax (最大値を引いてから exp) で"
        "計算しましょう。"
    )

    def body():
        for name, u, large in cases:
            what, hint = f"{name} のヤコビ行列", general + (overflow if large else "")
            got = _call_quietly(what, hint, softmax_jacobian, u)
            expected = reference(u)
            where = _first_mismatch(got, expected)
            if where is not None:
                hint += diagonal if where[0] == where[1] else off_diagonal
            compare(got, expected, what=what, hint=hint)

    return run_check("ソフトマックス関数のヤコビ行列 ∂f/∂u", body, len(cases))


def check_dE_dw_rk(dE_dw_rk):
    """Check ``dE_dw_rk(W_r, z_r, y, k)``: ∂E/∂w_rk for the softmax output and cross-entropy.

    Parameters
    ----------
    dE_dw_rk : callable
        (W_r, z_r, y, k) -> ndarray (q_r + 1,). W_r: shape (m, q_r + 1), row k is w_rk;
        z_r: shape (q_r + 1,), z_r[0] = 1 (the intercept); y: one-hot target, shape (m,);
        k: row index 0, ..., m − 1 (the slides' k = 1, ..., m).

    Returns
    -------
    CheckResult
    """
    from lecnn.activations import softmax

    rng = np.random.default_rng(302)

    def case(m, q, label, ks, intercept=0.0):
        W_r = rng.normal(size=(m, q + 1))
        W_r[:, 0] += intercept  # u ≈ intercept: a naive e^u overflows when it is 1000
        z_r = np.concatenate([[1.0], rng.normal(size=q)])
        return [(W_r, z_r, np.eye(m)[label], k, intercept != 0) for k in ks]

    cases = (
        case(3, 4, label=1, ks=[1, 0, 2])  # y_k = 1, then y_k = 0 twice
        + case(10, 6, label=7, ks=[0, 7, 9])
        + case(2, 1, label=0, ks=[0, 1])  # q_r = 1
        + case(1, 3, label=0, ks=[0])  # one class: f = 1, so ∂E/∂w_rk = 0
        + case(4, 3, label=2, ks=[2, 0], intercept=1000.0)
        + case(4, 3, label=3, ks=[3], intercept=-1000.0)
    )
    hint = (
        "∂E/∂w_rk = −Σ_j y_j (1/f_j) ∂f_j/∂w_rk に j = k と j ≠ k の式を代入し、"
        "Σ_j y_j = 1 を使って整理した式です。f_j = f_r(w_rjᵀ z_r) は lecnn.softmax(W_r @ z_r) で求まります。"
    )
    zero_target = "y_k = 0 の行でも j ≠ k の項が残るので、∂E/∂w_rk は 0 にはなりません。"
    shape = "結果は w_rk と同じ形 (q_r + 1,) のベクトルです (z_r の先頭の 1 も含めて)。"
    overflow = (
        "u = W_r z_r の成分が ±1000 程度でも f が計算できるように、lecnn.softmax を使いましょう。"
    )

    def body():
        for W_r, z_r, y, k, large in cases:
            m, q_plus_1 = W_r.shape
            what = f"m = {m}, q_r = {q_plus_1 - 1}, k = {k} (y_k = {int(y[k])}) の ∂E/∂w_rk"
            extra = shape + (zero_target if y[k] == 0 and m > 1 else "") + (overflow * large)
            got = _call_quietly(what, hint + extra, dE_dw_rk, W_r, z_r, y, k)
            expected = (softmax(W_r @ z_r)[k] - y[k]) * z_r
            compare(got, expected, what=what, hint=hint + extra)

    return run_check("クロスエントロピーの微分 ∂E/∂w_rk", body, len(cases))


# --- 04 W_r に関する微分 ----------------------------------------------------------

# --- 05 W_{r-1} に関する微分 ------------------------------------------------------

# --- 06 誤差逆伝播法 ----------------------------------------------------------------

# --- 07 学習 --------------------------------------------------------------------------

# --- 08 playground ---------------------------------------------------------------------

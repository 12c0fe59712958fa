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

from lecnn import checks_progress
from lecnn.checks_format import shape_text

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
    if is_blank(got):
        raise Blank
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
            f"{what}の形が違います: 期待 {shape_text(expected.shape)}, "
            f"実際 {shape_text(got.shape)}。{note}{suffix}"
        )
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(expected)):
        raise Mismatch(f"{what}に NaN か inf が含まれています。{suffix}")
    close = np.isclose(got, expected, rtol=rtol, atol=atol)
    if not np.all(close):
        index = tuple(int(i) for i in np.argwhere(~close)[0])
        place = f"成分 {index[0] if len(index) == 1 else index}" if index else "値"
        raise Mismatch(
            f"{what}の{place}が違います: 期待 {_fmt(expected[index])}, "
            f"実際 {_fmt(got[index])} (一致しない成分は {int(np.sum(~close))} 個)。{suffix}"
        )


def call_with_hint(function, args, hint="", case=""):
    """``call(function, *args)`` with floating-point warnings off; a crash names the case and the hint.

    A naive formula may overflow with a RuntimeWarning; the comparison that follows
    reports the resulting inf or NaN, so the warning would only add noise.

    Parameters
    ----------
    function : callable or Ellipsis
    args : tuple
    hint : str
        Shown after an error, as ``compare`` does after a mismatch.
    case : str
        The case, e.g. "バッチ (n = 5, m = 4) の E", put in front of an error message.
    """
    try:
        with np.errstate(all="ignore"):
            return call(function, *args)
    except Mismatch as err:
        prefix = f"{case}: " if case else ""
        suffix = f"\nヒント: {hint}" if hint else ""
        raise Mismatch(f"{prefix}{err}{suffix}") from None


def mistake_note(got, mistakes):
    """The note of the first typical mistake whose value ``got`` equals, or "".

    Parameters
    ----------
    got : array_like
        The student's (wrong) result.
    mistakes : sequence of (ndarray, str)
        A typical wrong answer's value on the same input, and a Japanese note on it.
    """
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return ""
    for value, note in mistakes:
        value = np.asarray(value, dtype=float)
        if got.shape == value.shape and np.allclose(got, value, rtol=1e-7, atol=1e-10):
            return f"\n考えられる原因: {note}"
    return ""


def compare_diagnosed(got, expected, what, hint="", mistakes=(), rtol=1e-7):
    """``compare``; on a mismatch also name the typical mistake ``got`` matches, if any."""
    try:
        compare(got, expected, what=what, hint=hint, rtol=rtol)
    except Mismatch as err:
        raise Mismatch(f"{err}{mistake_note(got, mistakes)}") from None


def as_list(got, n, what, items):
    """``got`` as a list of ``n`` entries, or raise Mismatch.

    Parameters
    ----------
    got : object
        The student's result.
    n : int
    what : str
        Name of the result in the message.
    items : str
        What the entries are, e.g. "W_0, ..., W_r の行列".
    """
    if is_blank(got):
        raise Blank
    if got is None:
        raise Mismatch(f"{what}が None です。return を忘れていませんか?")
    if isinstance(got, np.ndarray) or not isinstance(got, (list, tuple)):
        raise Mismatch(
            f"{what}は {items} {n} 個のリストにしてください "
            f"(受け取ったのは {type(got).__name__} です)。"
        )
    if len(got) != n:
        raise Mismatch(f"{what}のリストの長さが違います: 期待 {n}, 実際 {len(got)}。")
    return list(got)


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
        result = CheckResult(False, f"{title}: {BLANK}", blank=True)
    except Mismatch as err:
        result = CheckResult(False, f"✘ {title}: 不正解です。{err}")
    else:
        result = CheckResult(True, f"{PASS} {title}: {n_cases} 通りの入力で一致しました。")
    checks_progress.record(checks_progress.calling_check(), result.passed, result.blank)
    return result


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
            got = call_with_hint(tanh_derivative, (u,), full_hint, case=what)
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
            got = call_with_hint(cross_entropy_from_logits, (u, y), full_hint, case=what)
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
            got = call_with_hint(softmax_jacobian, (u,), hint, case=what)
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
            got = call_with_hint(dE_dw_rk, (W_r, z_r, y, k), hint + extra, case=what)
            expected = (softmax(W_r @ z_r)[k] - y[k]) * z_r
            compare(got, expected, what=what, hint=hint + extra)

    return run_check("クロスエントロピーの微分 ∂E/∂w_rk", body, len(cases))


# --- 04 W_r に関する微分 ----------------------------------------------------------


# Helpers shared by the sections 04-06 (gradients of the layers' weights).

_OUTPUT_NAMES = {"softmax": "ソフトマックス", "identity": "恒等写像", "sigmoid": "シグモイド"}


def _random_targets(rng, output, m, n=None):
    """Targets y for ``output``: one-hot (softmax), 0/1 (sigmoid) or real (identity).

    Returns
    -------
    ndarray, shape (m,) if n is None, else (n, m)
    """
    lead = () if n is None else (n,)
    if output == "softmax":
        return np.eye(m)[rng.integers(m, size=lead)]
    if output == "sigmoid":
        return rng.integers(0, 2, size=lead + (m,)).astype(float)
    return rng.normal(size=lead + (m,))


def _network_case(rng, sizes, hidden, output, n=None, output_scale=1.0):
    """A Network with random weights, an input x and targets y, and its BackwardPass.

    ``output_scale`` multiplies W_r (large logits when it is large; a softmax target is
    then a class the network does not predict, so the gradient stays large).

    Returns
    -------
    net : Network
    x : ndarray, shape (d,) or (n, d)
    y : ndarray, shape (m,) or (n, m)
    bp : BackwardPass
    """
    from lecnn.network import Network

    net = Network(sizes, hidden=hidden, output=output, seed=0)
    weights = [rng.normal(size=W.shape) / np.sqrt(W.shape[1]) for W in net.weights]
    weights[-1] *= output_scale
    net.weights = weights
    x = rng.normal(size=(sizes[0],) if n is None else (n, sizes[0]))
    y = _random_targets(rng, output, sizes[-1], n)
    if output == "softmax" and output_scale > 1:
        # large logits and a confidently wrong class: f_r saturates at 0 and 1, f_r − y does not
        m = sizes[-1]
        wrong = (np.argmax(net.forward(x), axis=-1) + rng.integers(1, m, size=y.shape[:-1])) % m
        y = np.eye(m)[wrong]
    return net, x, y, net.backward(x, y)


_HINT_W_R = (
    "∂E/∂W_r = (f_r(W_r z_r) − y) z_rᵀ: 行 j は (f_r(w_rjᵀ z_r) − y_j) z_r です。"
    "形は m × (q_r + 1) (z_r は切片の 1 を含みます)。"
)


def check_grad_W_r(grad_W_r):
    """Check ``grad_W_r(f_r, y, z_r) -> ∂E/∂W_r = (f_r(W_r z_r) − y) z_rᵀ`` for one sample.

    Parameters
    ----------
    grad_W_r : callable
        f_r: shape (m,), the output f_r(W_r z_r); y: shape (m,); z_r: shape (q_r + 1,),
        with the leading 1 -> ndarray of shape (m, q_r + 1).

    Returns
    -------
    CheckResult
    """
    # (q_r, m, f_r, scale of W_r): softmax and regression, m = 1, a square result, large logits
    cases = [
        (4, 3, "softmax", 1.0),
        (6, 2, "identity", 1.0),
        (3, 4, "softmax", 1.0),
        (1, 5, "softmax", 1.0),
        (3, 1, "sigmoid", 1.0),
        (2, 1, "identity", 1.0),
        (5, 4, "softmax", 100.0),
    ]
    rng = np.random.default_rng(401)

    def body():
        for i, (q, m, output, scale) in enumerate(cases, start=1):
            # a network without hidden layer: its W_0 plays the part of W_r, x that of z_r
            _, x, y, bp = _network_case(rng, [q, m], (), output, output_scale=scale)
            f_r, z_r, expected = bp.forward.y, bp.forward.z[0], bp.grads[0]
            got = call_with_hint(grad_W_r, (f_r, y, z_r), _HINT_W_R)
            mistakes = [
                (
                    np.outer(y - f_r, z_r),
                    "符号が逆になっていませんか? 誤差は 出力 − 正解 の向きです。",
                ),
                (np.outer(f_r, z_r), "正解 y を引き忘れていませんか?"),
                (expected.T, "転置 (ᵀ) になっていませんか? 行 j が出力ユニット j に対応します。"),
            ]
            large = ", 大きなロジット" if scale > 1 else ""
            what = (
                f"ケース {i} (q_r = {q}, m = {m}, f_r = {_OUTPUT_NAMES[output]}{large}) の ∂E/∂W_r "
            )
            compare_diagnosed(got, expected, what, _HINT_W_R, mistakes)

    return run_check("∂E/∂W_r = (f_r(W_r z_r) − y) z_rᵀ", body, len(cases))


_HINT_W_R_BATCH = (
    "行列 F_r, Y, Z_r の行 i がサンプル i です。1 サンプルの (f_r − y) z_rᵀ を"
    " i = 1, ..., n で平均した (1/n) Σ_i (f_r^(i) − y^(i)) z_r^(i)ᵀ を、ループなしの行列積で書けます。"
    "形は m × (q_r + 1) です。"
)


def check_grad_W_r_batch(grad_W_r_batch):
    """Check ``grad_W_r_batch(F_r, Y, Z_r)``: the mean over the rows of (f_r − y) z_rᵀ.

    Parameters
    ----------
    grad_W_r_batch : callable
        F_r: shape (n, m), row i the output f_r(W_r z_r) of sample i; Y: shape (n, m);
        Z_r: shape (n, q_r + 1), rows with the leading 1 -> ndarray of shape (m, q_r + 1).

    Returns
    -------
    CheckResult
    """
    # (n, q_r, m, f_r, scale of W_r)
    cases = [
        (5, 4, 3, "softmax", 1.0),
        (8, 3, 2, "identity", 1.0),
        (1, 4, 3, "softmax", 1.0),
        (6, 2, 3, "softmax", 1.0),
        (7, 3, 1, "sigmoid", 1.0),
        (4, 5, 4, "softmax", 100.0),
    ]
    rng = np.random.default_rng(402)

    def body():
        for i, (n, q, m, output, scale) in enumerate(cases, start=1):
            _, X, Y, bp = _network_case(rng, [q, m], (), output, n=n, output_scale=scale)
            F_r, Z_r, expected = bp.forward.y, bp.forward.z[0], bp.grads[0]
            got = call_with_hint(grad_W_r_batch, (F_r, Y, Z_r), _HINT_W_R_BATCH)
            mistakes = [
                (
                    (F_r - Y).T @ Z_r,
                    "n 個のサンプルの和になっていませんか? バッチでは平均をとります。",
                ),
                (
                    (Y - F_r).T @ Z_r / n,
                    "符号が逆になっていませんか? 誤差は 出力 − 正解 の向きです。",
                ),
                (
                    np.outer(F_r[0] - Y[0], Z_r[0]),
                    "最初のサンプル (行 0) しか使っていないようです。",
                ),
                (expected.T, "転置 (ᵀ) になっていませんか? 行 j が出力ユニット j に対応します。"),
            ]
            large = ", 大きなロジット" if scale > 1 else ""
            what = (
                f"ケース {i} (n = {n}, q_r = {q}, m = {m}, "
                f"f_r = {_OUTPUT_NAMES[output]}{large}) の ∂E/∂W_r "
            )
            compare_diagnosed(got, expected, what, _HINT_W_R_BATCH, mistakes)

    return run_check("バッチの ∂E/∂W_r (サンプルの平均)", body, len(cases))


# --- 05 W_{r-1} に関する微分 ------------------------------------------------------


def _last_two_layers_case(rng, q_prev, q_r, m, hidden, output, scale=1.0):
    """W_{r-1}, W_r of a net [q_{r-1}, q_r, m] and one sample, as the exercises of 05 see them.

    In lecnn's indexing this net has W_0 (playing W_{r-1}) and W_1 (playing W_r).

    Returns
    -------
    dict with W_r, f_r, y, nabla_f = ∇f_{r-1}(W_{r-1} z_{r-1}), z_r_minus_1 and
    expected = ∂E/∂W_{r-1} from lecnn's backward pass
    """
    from lecnn.activations import DERIVATIVES

    net, _, y, bp = _network_case(rng, [q_prev, q_r, m], hidden, output, output_scale=scale)
    return {
        "W_r": net.weights[1],
        "f_r": bp.forward.y,
        "y": y,
        "nabla_f": DERIVATIVES[hidden](bp.forward.u[0]),
        "z_r_minus_1": bp.forward.z[0],
        "expected": bp.grads[0],
    }


# (q_{r-1}, q_r, m, f_{r-1}, f_r, scale of W_r)
_CASES_05 = [
    (3, 5, 3, "sigmoid", "softmax", 1.0),
    (4, 3, 2, "tanh", "identity", 1.0),
    (2, 4, 1, "sigmoid", "sigmoid", 1.0),
    (3, 4, 3, "relu", "softmax", 1.0),
    (1, 2, 4, "tanh", "softmax", 1.0),
    (4, 6, 5, "sigmoid", "softmax", 100.0),
]


def _describe_05(q_prev, q_r, m, hidden, output, scale):
    large = ", 大きなロジット" if scale > 1 else ""
    return (
        f"q_{{r-1}} = {q_prev}, q_r = {q_r}, m = {m}, f_{{r-1}} = {hidden}, "
        f"f_r = {_OUTPUT_NAMES[output]}{large}"
    )


_HINT_ROW_K = (
    "∂E/∂w_{r-1,k} = Σ_{j=1}^m (f_r(w_rjᵀ z_r) − y_j) w_rjk ∇f_{r-1}(w_{r-1,k}ᵀ z_{r-1}) z_{r-1}。"
    "k は講義と同じく 1 から数えます。W_r の列 0 が切片であること、"
    "Python の添字が 0 から始まることに注意して、w_rjk と ∇f_{r-1} の成分を選んでください。"
)


def check_grad_w_r_minus_1_k(grad_w_r_minus_1_k):
    """Check ``grad_w_r_minus_1_k(W_r, f_r, y, nabla_f, z_r_minus_1, k)``: row k of ∂E/∂W_{r-1}.

    Parameters
    ----------
    grad_w_r_minus_1_k : callable
        W_r: shape (m, q_r + 1); f_r = f_r(W_r z_r): shape (m,); y: shape (m,);
        nabla_f = ∇f_{r-1}(W_{r-1} z_{r-1}): shape (q_r,); z_r_minus_1: shape (q_{r-1} + 1,),
        with the leading 1; k: int, 1 <= k <= q_r as on the slides
        -> ∂E/∂w_{r-1,k}, ndarray of shape (q_{r-1} + 1,).

    Returns
    -------
    CheckResult
    """
    rng = np.random.default_rng(501)

    def rows(q_r):  # the first, a middle and the last unit k of the hidden layer
        return sorted({1, (q_r + 1) // 2, q_r})

    def body():
        for i, params in enumerate(_CASES_05, start=1):
            case = _last_two_layers_case(rng, *params)
            W_r, f_r, y = case["W_r"], case["f_r"], case["y"]
            nabla_f, z = case["nabla_f"], case["z_r_minus_1"]
            for k in rows(params[1]):
                got = call_with_hint(grad_w_r_minus_1_k, (W_r, f_r, y, nabla_f, z, k), _HINT_ROW_K)
                e = f_r - y
                mistakes = [
                    (
                        (e @ W_r[:, k - 1]) * nabla_f[k - 1] * z,
                        "W_r の列が 1 つずれていませんか? W_r の列 0 は切片の重みです。"
                        "w̃_rk は W̃_r (W_r から列 0 を除いた行列) の k 列目です。",
                    ),
                    ((e @ W_r[:, k]) * z, "∇f_{r-1}(w_{r-1,k}ᵀ z_{r-1}) を掛け忘れていませんか?"),
                    (
                        -case["expected"][k - 1],
                        "符号が逆になっていませんか? 誤差は f_r − y の向きです。",
                    ),
                ]
                if k < len(nabla_f):  # (for k = q_r the shifted index fails with an IndexError)
                    mistakes.append(
                        (
                            (e @ W_r[:, k]) * nabla_f[k] * z,
                            "∇f_{r-1} の成分の番号がずれていませんか? k は 1 から、"
                            "Python の添字は 0 から数えます。",
                        )
                    )
                what = f"ケース {i} ({_describe_05(*params)}), k = {k} の ∂E/∂w_{{r-1,k}} "
                compare_diagnosed(got, case["expected"][k - 1], what, _HINT_ROW_K, mistakes)

    n_cases = sum(len(rows(params[1])) for params in _CASES_05)
    return run_check("∂E/∂w_{r-1,k} (j についての和)", body, n_cases)


_HINT_W_R_MINUS_1 = (
    "∂E/∂W_{r-1} = [W̃_rᵀ (f_r(W_r z_r) − y) ⊙ ∇f_{r-1}(W_{r-1} z_{r-1})] z_{r-1}ᵀ。"
    "W̃_r は W_r から切片の列 0 を除いた m × q_r 行列、⊙ は成分ごとの積 (NumPy の *) です。"
    "形は q_r × (q_{r-1} + 1) になります。"
)


def check_grad_W_r_minus_1(grad_W_r_minus_1):
    """Check ``grad_W_r_minus_1(W_r, f_r, y, nabla_f, z_r_minus_1) -> ∂E/∂W_{r-1}``.

    Parameters
    ----------
    grad_W_r_minus_1 : callable
        W_r: shape (m, q_r + 1); f_r = f_r(W_r z_r): shape (m,); y: shape (m,);
        nabla_f = ∇f_{r-1}(W_{r-1} z_{r-1}): shape (q_r,); z_r_minus_1: shape (q_{r-1} + 1,),
        with the leading 1 -> ndarray of shape (q_r, q_{r-1} + 1).

    Returns
    -------
    CheckResult
    """
    rng = np.random.default_rng(502)
    # one more case whose result is square, so a transposed answer has the right shape
    cases = _CASES_05 + [(3, 4, 2, "tanh", "softmax", 1.0)]

    def body():
        for i, params in enumerate(cases, start=1):
            case = _last_two_layers_case(rng, *params)
            W_r, f_r, y = case["W_r"], case["f_r"], case["y"]
            nabla_f, z, expected = case["nabla_f"], case["z_r_minus_1"], case["expected"]
            got = call_with_hint(grad_W_r_minus_1, (W_r, f_r, y, nabla_f, z), _HINT_W_R_MINUS_1)
            back = W_r[:, 1:].T @ (f_r - y)
            mistakes = [
                (np.outer(back, z), "⊙ ∇f_{r-1}(W_{r-1} z_{r-1}) を掛け忘れていませんか?"),
                (
                    np.outer(W_r[:, :-1].T @ (f_r - y) * nabla_f, z),
                    "W_r から除く列が違いませんか? 除くのは切片の列 0 です。",
                ),
                (-expected, "符号が逆になっていませんか? 誤差は f_r − y の向きです。"),
                (
                    expected.T,
                    "転置 (ᵀ) になっていませんか? 行 k が中間層のユニット k に対応します。",
                ),
            ]
            what = f"ケース {i} ({_describe_05(*params)}) の ∂E/∂W_{{r-1}} "
            compare_diagnosed(got, expected, what, _HINT_W_R_MINUS_1, mistakes)

    return run_check("∂E/∂W_{r-1} (行列の形)", body, len(cases))


# --- 06 誤差逆伝播法 ----------------------------------------------------------------


# (sizes [d, q_1, ..., q_r, m], f_k for every hidden layer, f_r, scale of W_r)
_CASES_06 = [
    ([3, 4, 5, 3], "tanh", "softmax", 1.0),
    ([2, 3, 2], "sigmoid", "identity", 1.0),
    ([4, 5, 3, 1], "sigmoid", "sigmoid", 1.0),
    ([3, 4, 4, 4, 3], "relu", "softmax", 1.0),
    ([2, 6, 6, 2], "tanh", "identity", 1.0),
    ([2, 5, 4, 3], "tanh", "softmax", 100.0),
]


def _describe_06(sizes, hidden, output, scale):
    large = ", 大きなロジット" if scale > 1 else ""
    return f"sizes = {sizes}, f_k = {hidden}, f_r = {_OUTPUT_NAMES[output]}{large}"


_HINT_DELTA = (
    "δ_k = W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k(W_k z_k)。W̃_{k+1} は W_{k+1} から切片の列 0 を除いた"
    " q_{k+2} × q_{k+1} 行列、⊙ は成分ごとの積 (NumPy の *) です。δ_k は q_{k+1} 成分です。"
)


def check_delta_step(delta_step):
    """Check ``delta_step(W_k_plus_1, delta_k_plus_1, nabla_f_k) -> δ_k``, one sample.

    Parameters
    ----------
    delta_step : callable
        W_k_plus_1: shape (q_{k+2}, q_{k+1} + 1); delta_k_plus_1: shape (q_{k+2},);
        nabla_f_k = ∇f_k(W_k z_k): shape (q_{k+1},)
        -> δ_k = W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k(W_k z_k), ndarray of shape (q_{k+1},).

    Returns
    -------
    CheckResult
    """
    from lecnn.activations import DERIVATIVES

    rng = np.random.default_rng(601)
    # every step k = r-1, ..., 0 of every case's network (some with a square W̃_{k+1})
    n_steps = sum(len(sizes) - 2 for sizes, *_ in _CASES_06)

    def body():
        for i, params in enumerate(_CASES_06, start=1):
            sizes, hidden, output, scale = params
            net, _, _, bp = _network_case(rng, sizes, hidden, output, output_scale=scale)
            for k in range(net.r - 1, -1, -1):
                W_next, delta_next = net.weights[k + 1], bp.delta[k + 1]
                nabla_f = DERIVATIVES[hidden](bp.forward.u[k])
                expected = bp.delta[k]
                got = call_with_hint(delta_step, (W_next, delta_next, nabla_f), _HINT_DELTA)
                mistakes = [
                    (W_next[:, 1:].T @ delta_next, "⊙ ∇f_k(W_k z_k) を掛け忘れていませんか?"),
                    (
                        (W_next[:, :-1].T @ delta_next) * nabla_f,
                        "W_{k+1} から除く列が違いませんか? 除くのは切片の列 0 です。",
                    ),
                    (-expected, "符号が逆になっていませんか?"),
                ]
                if W_next.shape[0] == W_next.shape[1] - 1:  # W̃_{k+1} is square
                    mistakes.append(
                        (
                            (W_next[:, 1:] @ delta_next) * nabla_f,
                            "W̃_{k+1} の転置 (ᵀ) を忘れていませんか?",
                        )
                    )
                what = f"ケース {i} ({_describe_06(*params)}), k = {k} の δ_k "
                compare_diagnosed(got, expected, what, _HINT_DELTA, mistakes)

    return run_check("δ_k の漸化式の 1 ステップ", body, n_steps)


def _backward_mistakes(weights, z, u, f_r, y, nabla_f):
    """Gradients of typical wrong backward passes, each with a note.

    Returns
    -------
    list of (list of ndarray, str)
    """

    def grads(step):
        r = len(weights) - 1
        delta = [None] * (r + 1)
        delta[r] = f_r - y
        for k in range(r - 1, -1, -1):
            delta[k] = step(k, weights[k + 1][:, 1:].T @ delta[k + 1])
        return [np.outer(delta[k], z[k]) for k in range(r + 1)]

    right = grads(lambda k, back: back * nabla_f(u[k]))
    return [
        (grads(lambda k, back: back), "δ_k の ⊙ ∇f_k(W_k z_k) を掛け忘れていませんか?"),
        (
            grads(lambda k, back: back * nabla_f(z[k + 1][1:])),
            "∇f_k は u_k = W_k z_k で評価します (z_{k+1} = f_k(u_k) ではありません)。",
        ),
        ([-g for g in right], "符号が逆になっていませんか? δ_r = f_r(W_r z_r) − y です。"),
    ]


_HINT_BACKWARD = (
    "δ_r = f_r(W_r z_r) − y から始めて、k = r−1, ..., 0 の順に "
    "δ_k = W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k(u_k) を求め、∂E/∂W_k = δ_k z_kᵀ です。"
    "返すのは [∂E/∂W_0, ..., ∂E/∂W_r] の順のリストです。"
)


def check_backward(backward):
    """Check ``backward(weights, z, u, f_r, y, nabla_f)``: every ∂E/∂W_k for one sample.

    Parameters
    ----------
    backward : callable
        weights: list [W_0, ..., W_r], W_k of shape (q_{k+1}, q_k + 1);
        z: list [z_0, ..., z_r], z_k of shape (q_k + 1,) with the leading 1;
        u: list [u_0, ..., u_r], u_k = W_k z_k of shape (q_{k+1},);
        f_r = f_r(W_r z_r): shape (m,); y: shape (m,);
        nabla_f: the function ∇f_k (the same for every hidden layer), u -> ∇f(u)
        -> list [∂E/∂W_0, ..., ∂E/∂W_r], entry k of shape (q_{k+1}, q_k + 1).

    Returns
    -------
    CheckResult
    """
    from lecnn.activations import DERIVATIVES

    rng = np.random.default_rng(602)
    # a network without hidden layer as well (r = 0: only ∂E/∂W_0 = δ_0 z_0ᵀ)
    cases = _CASES_06 + [([3, 2], "tanh", "softmax", 1.0)]

    def body():
        for i, params in enumerate(cases, start=1):
            sizes, hidden, output, scale = params
            net, _, y, bp = _network_case(rng, sizes, hidden, output, output_scale=scale)
            fp, nabla_f = bp.forward, DERIVATIVES[hidden]
            args = (
                [W.copy() for W in net.weights],
                [a.copy() for a in fp.z],
                [a.copy() for a in fp.u],
                fp.y.copy(),
                y.copy(),
                nabla_f,
            )
            got = call_with_hint(backward, args, _HINT_BACKWARD)
            got = as_list(got, net.r + 1, f"ケース {i} の戻り値", "k = 0, ..., r の配列")
            shapes, expected_shapes = [np.shape(g) for g in got], [g.shape for g in bp.grads]
            if shapes != expected_shapes and shapes == expected_shapes[::-1]:
                raise Mismatch(
                    f"ケース {i} の戻り値の順番が逆になっていませんか? δ_k は k = r, ..., 0 の順に"
                    "求まりますが、返すリストは [∂E/∂W_0, ..., ∂E/∂W_r] の順です。"
                )
            mistakes = _backward_mistakes(net.weights, fp.z, fp.u, fp.y, y, nabla_f)
            for k in range(net.r, -1, -1):  # from the output back, as the δ_k are computed
                what = f"ケース {i} ({_describe_06(*params)}) の ∂E/∂W_{k} (k = {k}) "
                if k < net.r:
                    what = f"k = {k + 1}, ..., r は一致しましたが、{what}"
                layer_mistakes = [(grads[k], note) for grads, note in mistakes]
                compare_diagnosed(got[k], bp.grads[k], what, _HINT_BACKWARD, layer_mistakes)

    return run_check("1 サンプルの誤差逆伝播 ∂E/∂W_k = δ_k z_kᵀ", body, len(cases))


_HINT_SGD = (
    "W_k ← W_k − η δ_k z_kᵀ を k = 0, ..., r のすべてについて計算し、新しい重みのリストを返します。"
)


def check_sgd_update(sgd_update):
    """Check ``sgd_update(weights, delta, z, eta)`` -> [W_k − η δ_k z_kᵀ for k = 0..r].

    Parameters
    ----------
    sgd_update : callable
        weights: list [W_0, ..., W_r], W_k of shape (q_{k+1}, q_k + 1);
        delta: list [δ_0, ..., δ_r], δ_k of shape (q_{k+1},);
        z: list [z_0, ..., z_r], z_k of shape (q_k + 1,) with the leading 1; eta: float
        -> list of the updated W_k, same shapes.

    Returns
    -------
    CheckResult
    """
    rng = np.random.default_rng(603)
    cases = [
        (params, eta)
        for params, eta in zip(_CASES_06, [0.1, 0.5, 0.01, 1.0, 0.05, 0.2], strict=True)
    ]

    def body():
        for i, (params, eta) in enumerate(cases, start=1):
            sizes, hidden, output, scale = params
            net, x, y, bp = _network_case(rng, sizes, hidden, output, output_scale=scale)
            stepped = net.copy()
            stepped.step(x, y, eta)  # the reference: lecnn's update W_k <- W_k - eta dE/dW_k
            args = (
                [W.copy() for W in net.weights],
                [a.copy() for a in bp.delta],
                [a.copy() for a in bp.forward.z],
                eta,
            )
            got = as_list(
                call_with_hint(sgd_update, args, _HINT_SGD),
                net.r + 1,
                f"ケース {i} の戻り値",
                "W_0, ..., W_r の行列",
            )
            for k in range(net.r + 1):
                W, g = net.weights[k], bp.grads[k]
                mistakes = [
                    (
                        W + eta * g,
                        "更新の向き (符号) が逆ではありませんか? 勾配と逆向きに進みます。",
                    ),
                    (W - g, "学習率 η を掛け忘れていませんか?"),
                    (-eta * g, "W_k から引くのを忘れていませんか? 返すのは更新後の W_k です。"),
                ]
                what = f"ケース {i} ({_describe_06(*params)}, η = {eta:g}) の更新後の W_{k} "
                compare_diagnosed(got[k], stepped.weights[k], what, _HINT_SGD, mistakes)

    return run_check("重みの更新 W_k ← W_k − η δ_k z_kᵀ", body, len(cases))


# --- 07 学習 --------------------------------------------------------------------------


# (sizes [d, q_1, ..., q_r, m], f_k, f_r, η). Every W_k of [2, 3, 4] is square (3 × 3, 4 × 4),
# as are W_0 of [2, 3, 4, 2] and [1, 2, 2, 1]: a transposed δ_k z_kᵀ fits the shape there,
# and only the values tell.
_CASES_07 = [
    ([2, 3, 4], "tanh", "softmax", 0.5),
    ([2, 3, 4, 2], "tanh", "softmax", 0.5),
    ([3, 4, 2], "relu", "softmax", 0.1),
    ([4, 5, 5, 5, 3], "relu", "softmax", 0.05),
    ([1, 2, 2, 1], "tanh", "identity", 0.2),
    ([3, 6, 1], "sigmoid", "sigmoid", 1.0),
    ([5, 3], "relu", "softmax", 0.3),
]


def _random_net_07(rng, sizes, hidden, output):
    """A Network with random weights (intercepts included) of unit-order outputs."""
    from lecnn.network import Network

    net = Network(sizes, hidden=hidden, output=output, seed=0)
    net.weights = [rng.normal(size=W.shape) / np.sqrt(W.shape[1]) for W in net.weights]
    return net


def _random_data_07(rng, net, n):
    """Inputs X of shape (n, d) (or (d,) for n None) and targets for ``net.output``.

    Softmax targets are integer labels (as ``lecnn.train`` takes them); identity
    targets real, sigmoid targets 0/1, of shape (n, m).
    """
    lead = () if n is None else (n,)
    X = rng.normal(size=lead + (net.d,))
    if net.output == "softmax":
        return X, rng.integers(net.m, size=lead)
    if net.output == "sigmoid":
        return X, rng.integers(0, 2, size=lead + (net.m,)).astype(float)
    return X, rng.normal(size=lead + (net.m,))


_HINT_BATCH_UPDATE = (
    "1 サンプル (δ_k, z_k が 1 次元) なら W_k ← W_k − η δ_k z_kᵀ。バッチ (行がサンプル) なら "
    "δ_k z_kᵀ をサンプルについて平均して W_k ← W_k − η (1/n) Σ_i δ_k^(i) z_k^(i)ᵀ "
    "(NumPy では delta[k].T @ z[k] / n)。z_k は切片の 1 を含み、δ_k z_kᵀ は W_k と同じ "
    "q_{k+1} × (q_k + 1) 行列です。"
)


def _batch_update_mistakes(W, delta_k, z_k, eta):
    """Typical wrong updates of one W_k, each with a note."""
    if delta_k.ndim == 1:
        g, n = np.outer(delta_k, z_k), 1
    else:
        n = delta_k.shape[0]
        g = delta_k.T @ z_k / n
    mistakes = [
        (W + eta * g, "更新の向き (符号) が逆ではありませんか? 勾配と逆向き (−η) に進みます。"),
        (W - g, "学習率 η を掛け忘れていませんか?"),
        (-eta * g, "W_k から引くのを忘れていませんか? 返すのは更新後の W_k です。"),
        (g, "返しているのは勾配 δ_k z_kᵀ そのものです。返すのは W_k − η δ_k z_kᵀ です。"),
        (W, "重みが変わっていません。更新した W_k を返していますか?"),
    ]
    no_intercept = W.copy()
    no_intercept[:, 1:] -= eta * g[:, 1:]
    mistakes.append((no_intercept, "切片の列 0 も更新します (z_k の先頭の 1 の分)。"))
    if n > 1:
        mistakes += [
            (W - eta * n * g, "バッチでは和ではなく平均 (1/n) をとります。"),
            (
                W - eta * np.outer(delta_k[0], z_k[0]),
                "バッチの最初のサンプルしか使っていません。全サンプルの平均をとります。",
            ),
        ]
    if g.shape[0] == g.shape[1]:
        gt = (z_k.T @ delta_k / n) if delta_k.ndim == 2 else np.outer(z_k, delta_k)
        mistakes.append((W - eta * gt, "δ_k z_kᵀ が転置 (z_k δ_kᵀ) になっていませんか?"))
    return mistakes


def check_batch_update(batch_update):
    """Check ``batch_update(weights, delta, z, eta)``: the update for one sample or a batch.

    The reference is lecnn's own step: W_k ← W_k − η ∂E/∂W_k with ∂E/∂W_k = δ_k z_kᵀ
    for one sample and its mean over the samples for a batch.

    Parameters
    ----------
    batch_update : callable
        weights: list [W_0, ..., W_r], W_k of shape (q_{k+1}, q_k + 1);
        delta: list [δ_0, ..., δ_r], δ_k of shape (q_{k+1},) or (n, q_{k+1});
        z: list [z_0, ..., z_r], z_k of shape (q_k + 1,) or (n, q_k + 1), with the
        leading 1; eta: float -> list of the updated W_k, same shapes.

    Returns
    -------
    CheckResult
    """
    rng = np.random.default_rng(701)
    cases = [(params, n) for params in _CASES_07 for n in (None, 5)] + [(_CASES_07[2], 1)]

    def body():
        for i, ((sizes, hidden, output, eta), n) in enumerate(cases, start=1):
            net = _random_net_07(rng, sizes, hidden, output)
            x, y = _random_data_07(rng, net, n)
            bp = net.backward(x, y)
            stepped = net.copy()
            stepped.step(x, y, eta)  # the reference: W_k <- W_k - eta dE/dW_k
            args = (
                [W.copy() for W in net.weights],
                [a.copy() for a in bp.delta],
                [a.copy() for a in bp.forward.z],
                eta,
            )
            kind = "1 サンプル" if n is None else f"バッチ n = {n}"
            label = f"ケース {i} (sizes = {sizes}, {kind}, η = {eta:g})"
            try:
                got = call(batch_update, *args)
            except Mismatch as err:
                raise Mismatch(f"{label}: {err}\nヒント: {_HINT_BATCH_UPDATE}") from None
            got = as_list(got, net.r + 1, f"{label} の戻り値", "W_0, ..., W_r の行列")
            for k in range(net.r + 1):
                mistakes = _batch_update_mistakes(net.weights[k], bp.delta[k], bp.forward.z[k], eta)
                what = f"{label} の更新後の W_{k} "
                compare_diagnosed(got[k], stepped.weights[k], what, _HINT_BATCH_UPDATE, mistakes)

    return run_check("重みの更新 (1 サンプルとミニバッチ)", body, len(cases))


_HINT_EPOCH = (
    "order = rng.permutation(n) を 1 エポックに 1 回だけ引き、order[0:B], order[B:2B], ... "
    "(最後は余りの分) の順にミニバッチを作って、各ミニバッチで "
    "W_k ← W_k − η ∂E/∂W_k (∂E/∂W_k は net.gradients(X[idx], Y[idx])) とします。"
    "net.weights の行列そのものを書き換えてください (W -= ...)。"
)


def _epoch_variant(net, X, Y, eta, batch_size, rng, sign=-1, shuffle=True, drop_last=False):
    """One epoch of a (possibly wrong) minibatch SGD, in place; for the diagnoses."""
    n = len(X)
    order = rng.permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        idx = order[start : start + batch_size]
        if drop_last and len(idx) < batch_size:
            break
        for W, g in zip(net.weights, net.gradients(X[idx], Y[idx]), strict=True):
            W += sign * eta * g


def check_train_epoch(train_epoch):
    """Check ``train_epoch(net, X, Y, eta, batch_size, rng)``: one epoch of minibatch SGD.

    The reference is ``lecnn.train(net, X, Y, eta, epochs, batch_size, seed)``, whose
    visiting order is ``rng = np.random.default_rng(seed)`` once per run and
    ``rng.permutation(n)`` once per epoch, cut into batches of ``batch_size``. The
    student's function is called once per epoch with the same ``rng``.

    Parameters
    ----------
    train_epoch : callable
        net: lecnn.Network, updated in place; X: shape (n, d); Y: shape (n,) labels
        or (n, m); eta: float; batch_size: int; rng: numpy.random.Generator -> None.

    Returns
    -------
    CheckResult
    """
    from lecnn.training import train

    rng = np.random.default_rng(702)
    # (params, n, batch_size, epochs): per sample, a last partial batch, one whole batch
    cases = [
        (_CASES_07[2], 12, 1, 1),
        (_CASES_07[1], 13, 4, 2),
        (_CASES_07[4], 10, 3, 2),
        (_CASES_07[5], 9, 2, 1),
        (_CASES_07[3], 7, 10, 2),
    ]

    def body():
        for i, ((sizes, hidden, output, eta), n, batch_size, epochs) in enumerate(cases, 1):
            net = _random_net_07(rng, sizes, hidden, output)
            X, Y = _random_data_07(rng, net, n)
            seed = int(rng.integers(1000))
            reference = net.copy()
            train(reference, X, Y, eta=eta, epochs=epochs, batch_size=batch_size, seed=seed)
            student = net.copy()
            student_rng = np.random.default_rng(seed)
            label = (
                f"ケース {i} (sizes = {sizes}, n = {n}, batch_size = {batch_size}, "
                f"η = {eta:g}, {epochs} エポック)"
            )
            for _ in range(epochs):
                try:
                    call(train_epoch, student, X, Y, eta, batch_size, student_rng)
                except Mismatch as err:
                    raise Mismatch(f"{label}: {err}\nヒント: {_HINT_EPOCH}") from None
            variants = [
                ({"sign": +1}, "更新の向き (符号) が逆ではありませんか? −η です。"),
                ({"shuffle": False}, "データをランダムな順 (rng.permutation(n)) に並べていますか?"),
                ({"drop_last": True}, "最後の余りのミニバッチ (B 個未満) も使います。"),
            ]
            mistakes = []
            for kwargs, note in variants:
                wrong = net.copy()
                wrong_rng = np.random.default_rng(seed)
                for _ in range(epochs):
                    _epoch_variant(wrong, X, Y, eta, batch_size, wrong_rng, **kwargs)
                mistakes.append((wrong.weights, note))
            mistakes.append(
                (
                    net.weights,
                    "重みが変わっていません。W = W - ... ではなく W -= ... で net.weights の行列そのものを書き換えます。",
                )
            )
            for k in range(net.r + 1):
                layer_mistakes = [(weights[k], note) for weights, note in mistakes]
                what = f"{label} の後の W_{k} "
                compare_diagnosed(
                    student.weights[k],
                    reference.weights[k],
                    what,
                    _HINT_EPOCH,
                    layer_mistakes,
                    rtol=1e-9,
                )

    return run_check("ミニバッチ SGD の 1 エポック", body, len(cases))


# --- 08 playground ---------------------------------------------------------------------


def check_gradient_norms(gradient_norms):
    """Check ``gradient_norms(net, X, labels) -> (r + 1,)``: ‖∂E/∂W_k‖ for k = 0..r."""
    from lecnn.network import Network
    from lecnn.playground import gradient_norms as reference

    rng = np.random.default_rng(8)
    cases = [
        ([4, 8, 8, 3], "tanh", 12),
        ([2, 5, 3], "relu", 1),  # one sample
        ([2, 8, 8, 8, 8, 2], "sigmoid", 20),  # deep sigmoid: the norms differ by far
        ([3, 6, 4, 5], "relu", 7),
        ([2, 3], "relu", 5),  # r = 0: only W_0
    ]

    def body():
        for sizes, hidden, n in cases:
            net = Network(sizes, hidden=hidden, seed=int(rng.integers(1000)))
            for W in net.weights:  # non-zero intercepts, so a missing column shows
                W[:, 0] = rng.normal(scale=0.5, size=W.shape[0])
            X = rng.normal(size=(n, sizes[0]))
            labels = rng.integers(sizes[-1], size=n)
            if n == 1:
                X, labels = X[0], int(labels[0])
            got = call(gradient_norms, net.copy(), X, labels)
            if got is not None and np.ndim(got) == 0:
                raise Mismatch(
                    f"sizes = {sizes} で配列ではなく数が 1 つ返ってきました。層ごとに 1 つずつ、"
                    f"k = 0, ..., r の順に長さ r + 1 = {len(sizes) - 1} の配列 (かリスト) を"
                    "返してください。"
                )
            compare(
                got,
                reference(net, X, labels),
                what=f"sizes = {sizes}, {hidden}, {'1 サンプル' if n == 1 else f'{n} サンプル'}の "
                "‖∂E/∂W_k‖",
                hint="∂E/∂W_k = net.gradients(X, labels)[k] (切片の列 0 も含む) の成分の 2 乗和の"
                "平方根 (np.linalg.norm)。W_k そのもののノルムではありません。k = 0, ..., r の順です。",
            )

    return run_check("層ごとの勾配のノルム ‖∂E/∂W_k‖", body, len(cases))


def check_vanishing_ratio(vanishing_ratio):
    """Check ``vanishing_ratio(depth, activation) -> float``: ‖∂E/∂W_0‖ / ‖∂E/∂W_r‖.

    For the playground's engine on the spirals, q_k = 8 in every hidden layer, seed 0,
    at its initial weights, on the training set.
    """
    from lecnn.playground import Engine

    cases = [(1, "sigmoid"), (3, "relu"), (8, "sigmoid"), (5, "tanh"), (8, "relu")]

    def body():
        for depth, activation in cases:
            norms = Engine(
                dataset="spirals", hidden_widths=(8,) * depth, activation=activation, seed=0
            ).gradient_norms()
            compare(
                call(vanishing_ratio, depth, activation),
                norms[0] / norms[-1],
                what=f"深さ r = {depth}, {activation} の比 ‖∂E/∂W_0‖ / ‖∂E/∂W_r‖",
                hint="engine.gradient_norms() は k = 0 (入力側) から k = r (出力側) の順に"
                "並んでいます。学習前 (step を呼ぶ前) の値で、入力側 ÷ 出力側です。",
                rtol=1e-6,
            )

    return run_check("勾配の消失の度合い ‖∂E/∂W_0‖ / ‖∂E/∂W_r‖", body, len(cases))

"""Self-checks for the exercises of notebooks 09 (計算グラフと層) and 10 (PyTorch へ).

Each ``check_*`` takes what the student wrote (a layer class, or a function), runs
it on fresh random inputs of several shapes (one sample, a batch, a square W̃ where
a missing transpose would go unnoticed by the shapes) and compares with the
reference, naming the typical mistake when the answer matches one.
"""

import numpy as np

from lecnn.activations import sigmoid
from lecnn.checks.calling import Blank, Mismatch, call_with_hint, is_blank
from lecnn.checks.machinery import CheckResult, compare_diagnosed, fresh_rng, run_check

# --- 09 計算グラフと層 --------------------------------------------------------------


def _describe_affine(q_in, q_out, n):
    what = "1 サンプル" if n is None else f"バッチ n = {n}"
    return f"{what}, q_k = {q_in}, q_(k+1) = {q_out}"


# (q_k, q_{k+1}, n or None for one sample). (3, 3): W̃ is square, so W̃ in place of W̃ᵀ
# fits the shapes; (2, 3): W is 3 × 3, so a transposed ∂E/∂W fits them too.
_CASES_AFFINE = [
    (4, 3, None),
    (4, 3, 5),
    (3, 3, None),
    (3, 3, 4),
    (2, 3, 6),
    (1, 2, 3),
]

_HINT_AFFINE = (
    "u_k = W_k z_k, z_k = (1, xᵀ)ᵀ です。∂E/∂W_k は W_k と同じ形 (q_(k+1), q_k + 1) になるように δ_k と z_k "
    "(self.z、先頭に 1 付き) を並べ、x への勾配は x と同じ形 (q_k 成分) になるように δ_k と W̃_k "
    "(切片の列 0 を除いた W_k) を並べます。バッチでは行 i がサンプル i で、∂E/∂W_k はサンプルの平均です。"
)


def _affine_layer(affine_class, W, case):
    layer = call_with_hint(affine_class, (W,), _HINT_AFFINE, case=f"{case}: クラスを作るとき")
    if not hasattr(layer, "forward") or not hasattr(layer, "backward"):
        raise Mismatch("forward と backward をもつクラスを渡してください。", "not_layer")
    return layer


def check_affine_backward(affine_class):
    """Check an Affine layer's ``backward``: self.dW = δ_k z_kᵀ (batch mean), returns W̃_kᵀ δ_k.

    Parameters
    ----------
    affine_class : class
        Built as ``affine_class(W)`` with W of shape (q_{k+1}, q_k + 1); its ``forward(x)``
        (x: (q_k,) or (n, q_k)) keeps z_k in ``self.z`` (a subclass of
        ``lecnn.layers.Affine`` inherits this); ``backward(delta)`` (delta: (q_{k+1},) or
        (n, q_{k+1})) sets ``self.dW`` (shape of W) and returns shape (q_k,) or (n, q_k).

    Returns
    -------
    CheckResult
    """
    rng = fresh_rng()

    def body():
        if is_blank(affine_class):
            raise Blank
        for i, (q_in, q_out, n) in enumerate(_CASES_AFFINE, start=1):
            lead = () if n is None else (n,)
            W = rng.normal(size=(q_out, q_in + 1))
            x, delta = rng.normal(size=lead + (q_in,)), rng.normal(size=lead + (q_out,))
            z = np.concatenate([np.ones(lead + (1,)), x], axis=-1)
            case = f"ケース {i} ({_describe_affine(q_in, q_out, n)})"
            layer = _affine_layer(affine_class, W.copy(), case)
            call_with_hint(layer.forward, (x.copy(),), _HINT_AFFINE, case=f"{case}: forward")
            got_dx = call_with_hint(
                layer.backward, (delta.copy(),), _HINT_AFFINE, case=f"{case}: backward"
            )
            W_tilde = W[:, 1:]
            # ∂E/∂W_k
            if n is None:
                dW, dW_sum = np.outer(delta, z), np.outer(delta, z)
            else:
                dW_sum = delta.T @ z
                dW = dW_sum / n
            got_dW = getattr(layer, "dW", None)
            if got_dW is None:
                raise Mismatch(
                    f"{case}: self.dW が設定されていません。backward の中で self.dW に "
                    "∂E/∂W_k を入れてください。",
                    "no_dW",
                )
            mistakes_dW = [(-dW, "符号が逆になっていませんか?", "sign")]
            if n is not None:
                mistakes_dW.insert(
                    0,
                    (
                        dW_sum,
                        "バッチのサンプルについて和を取ったままではありませんか? "
                        "E はサンプルの平均なので、∂E/∂W_k も平均 (1/n) です。",
                        "sum",
                    ),
                )
            if q_out == q_in + 1:  # a transposed gradient has the shape of W_k
                mistakes_dW.append(
                    (dW.T, "転置 (ᵀ) になっていませんか? 形だけでは区別できません。", "transpose")
                )
            compare_diagnosed(
                got_dW, dW, f"{case} の self.dW (∂E/∂W_k) ", _HINT_AFFINE, mistakes_dW
            )
            # W̃_kᵀ δ_k, the gradient passed to the layer below
            dx = delta @ W_tilde
            if np.shape(got_dx)[-1:] == (q_in + 1,):
                raise Mismatch(
                    f"{case}: backward が返す x への勾配の形が {np.shape(got_dx)} です "
                    f"(期待 {dx.shape})。W̃_k でなく W_k を使っていませんか? 切片 (列 0) は "
                    f"定数 1 に掛かる重みなので、x へは勾配を伝えません。\nヒント: {_HINT_AFFINE}",
                    "full_W",
                )
            mistakes_dx = [(-dx, "符号が逆になっていませんか?", "sign")]
            if q_in == q_out:
                mistakes_dx.append(
                    (
                        delta @ W_tilde.T,
                        "W̃_k の転置 (ᵀ) の位置が違いませんか? W̃_k が正方行列なので形だけでは"
                        "区別できません。",
                        "transpose",
                    )
                )
            if n is not None:
                mistakes_dx.append(
                    (
                        dx / n,
                        "x への勾配を n で割っていませんか? 行 i はサンプル i の W̃_kᵀ δ_k で、"
                        "平均を取るのは ∂E/∂W_k だけです。",
                        "mean_dx",
                    )
                )
            compare_diagnosed(
                got_dx, dx, f"{case} の backward の戻り値 (x への勾配) ", _HINT_AFFINE, mistakes_dx
            )

    return run_check("Affine 層の backward", body, len(_CASES_AFFINE))


def _elementwise_cases(seed):
    rng = np.random.default_rng(seed)
    shapes = [(1,), (6,), (4, 3)]
    cases = [(f"u の形 {shape}", rng.normal(scale=2.0, size=shape)) for shape in shapes]
    return rng, cases


_HINT_SIGMOID = (
    "下流 (入力側) へ渡すのは、上流から来た grad に局所的な微分 ∇f(u) を成分ごとに掛けたものです。"
    "シグモイド関数では ∇f(u) = f(u)(1 − f(u)) で、f(u) は forward が self.out に保存しています。"
)


def check_sigmoid_backward(sigmoid_class):
    """Check a Sigmoid layer's ``backward(grad)`` = grad ⊙ f(u)(1 − f(u)).

    Parameters
    ----------
    sigmoid_class : class
        Built as ``sigmoid_class()``; ``forward(u)`` keeps u in ``self.u`` and f(u) in
        ``self.out`` (a subclass of ``lecnn.layers.Sigmoid`` inherits this);
        ``backward(grad)`` returns an array of u's shape.

    Returns
    -------
    CheckResult
    """

    rng, cases = _elementwise_cases(902)
    cases.append(("大きな |u| (±30, ±1000)", np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0])))

    def body():
        if is_blank(sigmoid_class):
            raise Blank
        for name, u in cases:
            grad = rng.normal(size=u.shape)
            layer = call_with_hint(sigmoid_class, (), _HINT_SIGMOID, case="クラスを作るとき")
            call_with_hint(layer.forward, (u.copy(),), _HINT_SIGMOID, case=f"{name}: forward")
            got = call_with_hint(layer.backward, (grad.copy(),), _HINT_SIGMOID, case=name)
            f = sigmoid(u)
            local = f * (1 - f)
            mistakes = [
                (
                    local,
                    "上流から来た grad を掛け忘れていませんか? (連鎖律: grad ⊙ ∇f(u))",
                    "no_grad",
                ),
                (
                    grad,
                    "局所的な微分 ∇f(u) を掛けていません (恒等写像の backward になっています)。",
                    "no_local",
                ),
                (
                    grad * f,
                    "∇f(u) = f(u)(1 − f(u)) の (1 − f(u)) を忘れていませんか?",
                    "missing_one_minus_f",
                ),
                (grad * (1 - f), "∇f(u) = f(u)(1 − f(u)) の f(u) を忘れていませんか?", "missing_f"),
                (
                    grad * u * (1 - u),
                    "f(u)(1 − f(u)) の f(u) の代わりに u を使っていませんか?",
                    "u_for_f",
                ),
                (-grad * local, "符号が逆になっていませんか?", "sign"),
            ]
            compare_diagnosed(
                got, grad * local, f"{name} での backward の戻り値 ", _HINT_SIGMOID, mistakes
            )

    return run_check("Sigmoid 層の backward", body, len(cases))


_HINT_LEAKY = (
    "leaky ReLU は u > 0 で f(u) = u、u ≤ 0 で f(u) = αu です。それぞれの側の傾き (局所的な微分) を"
    "考え、上流から来た grad に成分ごとに掛けます。"
)


def check_leaky_relu_backward(leaky_relu_class):
    """Check a leaky ReLU layer's ``backward(grad)`` = grad ⊙ (1 if u > 0 else α).

    Parameters
    ----------
    leaky_relu_class : class
        Built as ``leaky_relu_class(alpha)``; ``forward(u)`` keeps u in ``self.u``;
        ``backward(grad)`` returns an array of u's shape.

    Returns
    -------
    CheckResult
    """
    rng, cases = _elementwise_cases(903)
    # first a u with both signs, so that each typical mistake shows on the first case
    cases.insert(0, ("正と負が半々の u", np.array([-2.0, -0.5, 0.5, 2.0, -1e-3, 1e-3])))
    alphas = [0.2, 0.01, 0.1, 0.3]

    def body():
        if is_blank(leaky_relu_class):
            raise Blank
        for (name, u), alpha in zip(cases, alphas, strict=True):
            grad = rng.normal(size=u.shape)
            what = f"{name}, α = {alpha}"
            layer = call_with_hint(leaky_relu_class, (alpha,), _HINT_LEAKY, case="クラスを作るとき")
            call_with_hint(layer.forward, (u.copy(),), _HINT_LEAKY, case=f"{what}: forward")
            got = call_with_hint(layer.backward, (grad.copy(),), _HINT_LEAKY, case=what)
            local = np.where(u > 0, 1.0, alpha)
            mistakes = [
                (
                    grad * (u > 0),
                    "u ≤ 0 の側で勾配を 0 にしていませんか? ReLU と違い、leaky ReLU の負の側の傾きは "
                    "α なので、勾配は α 倍されて流れます。",
                    "relu",
                ),
                (
                    local,
                    "上流から来た grad を掛け忘れていませんか? (連鎖律: grad ⊙ ∇f(u))",
                    "no_grad",
                ),
                (grad * np.where(u > 0, alpha, 1.0), "α と 1 が逆になっていませんか?", "swapped"),
                (
                    grad * alpha,
                    "u > 0 の側の傾きは 1 です (α を掛けるのは u ≤ 0 の側だけ)。",
                    "alpha_everywhere",
                ),
                (
                    grad * np.where(u > 0, u, alpha * u),
                    "微分の代わりに f(u) そのものを掛けていませんか?",
                    "f_for_derivative",
                ),
                (-grad * local, "符号が逆になっていませんか?", "sign"),
            ]
            compare_diagnosed(
                got, grad * local, f"{what} での backward の戻り値 ", _HINT_LEAKY, mistakes
            )

    return run_check("leaky ReLU 層の backward", body, len(cases))


# --- 10 PyTorch へ -----------------------------------------------------------------

_HINT_LINEAR = (
    "torch.nn.Linear(q_k, q_(k+1)) は u = A x + b を計算します。A (linear.weight) の形は "
    "(q_(k+1), q_k)、b (linear.bias) は q_(k+1) 成分です。u_k = W_k z_k = W̃_k x + (W_k の列 0) と"
    "見比べてください。値を入れるのは with torch.no_grad(): の中で linear.weight.copy_(...) のように。"
)

# (q_k, q_{k+1}); (3, 3) has a square W̃, where a transposed weight fits the shape.
_CASES_LINEAR = [(4, 3), (3, 3), (1, 2), (6, 1)]


def _as_numpy(tensor, what, case):
    if tensor is None:
        raise Mismatch(f"{case}: {what} がありません。", "missing")
    try:
        return tensor.detach().cpu().numpy()
    except AttributeError:
        raise Mismatch(
            f"{case}: {what} が torch のテンソルではありません ({type(tensor).__name__})。",
            "not_tensor",
        ) from None


def check_linear_from_W(linear_from_W):
    """Check ``linear_from_W(W_k)`` -> a torch.nn.Linear that computes u_k = W_k z_k.

    Parameters
    ----------
    linear_from_W : callable
        W_k: ndarray of shape (q_{k+1}, q_k + 1) -> an object with ``weight`` (q_{k+1}, q_k)
        and ``bias`` (q_{k+1},) tensors, callable on a tensor x of shape (n, q_k).

    Returns
    -------
    CheckResult
    """
    try:
        import torch
    except ImportError:
        return CheckResult(
            False,
            "PyTorch が入っていないため確認できません。pip install -e '.[torch]' で入れてください。",
            code="no_torch",
        )
    rng = fresh_rng()

    def body():
        for i, (q_in, q_out) in enumerate(_CASES_LINEAR, start=1):
            case = f"ケース {i} (q_k = {q_in}, q_(k+1) = {q_out})"
            W = rng.normal(size=(q_out, q_in + 1))
            linear = call_with_hint(linear_from_W, (W.copy(),), _HINT_LINEAR, case=case)
            if linear is None:
                raise Mismatch(f"{case}: 戻り値が None です。return を忘れていませんか?", "none")
            weight = _as_numpy(getattr(linear, "weight", None), "weight", case)
            bias = _as_numpy(getattr(linear, "bias", None), "bias", case)
            W_tilde = W[:, 1:]
            weight_mistakes = [
                (W[:, :-1], "除く列が違いませんか? 切片は W_k の列 0 です。", "wrong_column")
            ]
            if q_in == q_out:
                weight_mistakes.append(
                    (
                        W_tilde.T,
                        "転置 (ᵀ) になっていませんか? weight は W̃_k と同じ形です。",
                        "transpose",
                    )
                )
            compare_diagnosed(weight, W_tilde, f"{case} の weight ", _HINT_LINEAR, weight_mistakes)
            bias_mistakes = [(W[:, -1], "切片は W_k の最後の列ではなく列 0 です。", "last_column")]
            compare_diagnosed(bias, W[:, 0], f"{case} の bias ", _HINT_LINEAR, bias_mistakes)
            x = rng.normal(size=(5, q_in))
            with torch.no_grad():
                u = call_with_hint(
                    linear, (torch.from_numpy(x).to(linear.weight.dtype),), _HINT_LINEAR, case
                )
            expected = np.concatenate([np.ones((5, 1)), x], axis=1) @ W.T
            compare_diagnosed(
                _as_numpy(u, "linear(x)", case), expected, f"{case} の linear(x) ", _HINT_LINEAR
            )

    return run_check("W_k から作る torch.nn.Linear", body, len(_CASES_LINEAR))

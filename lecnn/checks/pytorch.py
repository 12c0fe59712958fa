"""The exercise of notebook 10 (PyTorch へ): a torch.nn.Linear that computes u_k = W_k z_k."""

import numpy as np

from lecnn.checks.calling import Mismatch
from lecnn.checks.exercise import Case, Exercise, Mistake, Parts, error_says
from lecnn.pytorch import import_torch
from lecnn.validation.messages import SEPARATOR

# (q_k, q_{k+1}); (3, 3) has a square W̃, where a transposed weight fits the shape.
_LINEAR_CASES = [(4, 3), (3, 3), (1, 2), (6, 1)]


def _torch():
    try:
        return import_torch()
    except ImportError as err:  # its Japanese half, as every check speaks
        japanese = str(err).partition(SEPARATOR)[0]
        raise Mismatch(f"確認できません: {japanese}", "no_torch") from None


def _linear_cases(rng):
    _torch()
    cases = []
    for i, (q_in, q_out) in enumerate(_LINEAR_CASES, start=1):
        W, x = rng.normal(size=(q_out, q_in + 1)), rng.normal(size=(5, q_in))
        cases.append(Case(f"ケース {i} (q_k = {q_in}, q_{{k+1}} = {q_out})", (W,), info={"x": x}))
    return cases


def _as_numpy(tensor, what):
    if tensor is None:
        raise Mismatch(f"{what} がありません。", "missing")
    try:
        return tensor.detach().cpu().numpy()
    except AttributeError:
        raise Mismatch(
            f"{what} が torch のテンソルではありません ({type(tensor).__name__})。", "not_tensor"
        ) from None
    except Exception:  # noqa: BLE001 - a dtype NumPy lacks (bfloat16), a tensor without data (meta)
        kind = f"dtype {getattr(tensor, 'dtype', '?')}, device {getattr(tensor, 'device', '?')}"
        raise Mismatch(
            f"{what} ({kind}) を数値として読み出せません。CPU 上の float32 か float64 の"
            "テンソルにしてください (torch.nn.Linear を作るときの dtype と device を確かめましょう)。",
            "not_numeric",
        ) from None


def _linear_parts(call, linear_from_W, case):
    torch = _torch()
    linear = call(linear_from_W, *case.args)
    if linear is None:
        raise Mismatch("戻り値が None です。return を忘れていませんか?", "none")
    if not isinstance(linear, torch.nn.Module):
        raise Mismatch(
            f"torch.nn.Linear を 1 つ返してください (受け取ったのは {type(linear).__name__} です)。",
            "not_linear",
        )
    weight = _as_numpy(getattr(linear, "weight", None), "weight")
    bias = _as_numpy(getattr(linear, "bias", None), "bias")
    with torch.no_grad():
        x = torch.from_numpy(case.info["x"]).to(linear.weight.dtype)
        u = call(lambda x: linear(x), x)  # a failing case's inputs then name it x
    return Parts({"weight": weight, "bias": bias, "linear(x)": _as_numpy(u, "linear(x)")})


def _linear(weight=lambda W: W[:, 1:], bias=lambda W: W[:, 0]):
    """A torch.nn.Linear with weight(W_k) and bias(W_k)."""

    def linear_from_W(W_k):
        torch = _torch()
        linear = torch.nn.Linear(W_k.shape[1] - 1, W_k.shape[0], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(weight(W_k))))
            linear.bias.copy_(torch.from_numpy(np.ascontiguousarray(bias(W_k))))
        return linear

    return linear_from_W


LINEAR_FROM_W = Exercise(
    id="10-1",
    title="W_k から torch.nn.Linear を作る",
    subject="W_k から作る torch.nn.Linear",
    writes="linear_from_W(W_k) -> torch.nn.Linear (u_k = W_k z_k を計算する)",
    check="check_linear_from_W",
    cases=_linear_cases,
    reference=_linear(),
    lecnn_answers=("to_torch",),
    run=_linear_parts,
    hint=(
        "PyTorch の全結合層 (入力 q_k 成分、出力 q_{k+1} 成分) は u = A x + b を計算します。A (weight) の形は (q_{k+1}, q_k)、"
        "b (bias) は q_{k+1} 成分です。u_k = W_k z_k を、z_k = (1, xᵀ)ᵀ の先頭の 1 に掛かる列と"
        "残りの列に分けて書き、A x + b と見比べてください。値は勾配を記録しない文脈の中でコピーします。"
    ),
    purpose="講義の W_k (列 0 が切片) と PyTorch の weight と bias の対応を確かめる。",
    mistakes=(
        Mistake(
            "wrong_column",
            "除く列が違いませんか? 切片は W_k の列 0 です。",
            _linear(weight=lambda W: W[:, :-1]),
        ),
        Mistake(
            "transpose",
            "転置 (ᵀ) になっていませんか? weight の形は (q_{k+1}, q_k) です。",
            _linear(weight=lambda W: W[:, 1:].T),
            test=error_says("must match the size"),
        ),
        Mistake(
            "last_column",
            "切片は W_k の最後の列ではなく列 0 です。",
            _linear(bias=lambda W: W[:, -1]),
        ),
    ),
    answer_patterns=(
        r"weight\.copy_\([^)\n]*W_?k?\[\s*:\s*,\s*1\s*:\s*\]",
        r"bias\.copy_\([^)\n]*W_?k?\[\s*:\s*,\s*0\s*\]",
        r"weight`?\s*は\s*W̃_\{?k\}?",
        r"bias`?\s*は\s*W_\{?k\}?\s*の列\s*0",
    ),
)

EXERCISES = (LINEAR_FROM_W,)

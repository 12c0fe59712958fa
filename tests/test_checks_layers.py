"""The checks of notebooks 09 and 10: model answers pass, blanks and typical mistakes fail."""

import sys

import numpy as np
import pytest

from lecnn import checks, layers

# --- 09: Affine.backward


class AffineModel(layers.Affine):
    def backward(self, delta):
        if delta.ndim == 1:
            self.dW = np.outer(delta, self.z)
        else:
            self.dW = delta.T @ self.z / len(delta)
        return delta @ self.W[:, 1:]


class AffineLoops(layers.Affine):
    """The same, written entry by entry as the lecture's sums."""

    def backward(self, delta):
        rows = np.atleast_2d(delta)
        z = np.atleast_2d(self.z)
        n, q_out = rows.shape
        dW = np.zeros_like(self.W)
        dx = np.zeros((n, self.W.shape[1] - 1))
        for i in range(n):
            for l in range(q_out):
                dW[l] += rows[i, l] * z[i] / n
                dx[i] += rows[i, l] * self.W[l, 1:]
        self.dW = dW
        return dx[0] if delta.ndim == 1 else dx


class AffineBlank(layers.Affine):
    def backward(self, delta):
        # ここにコードを書く
        raise NotImplementedError("演習: Affine.backward")


def _affine(dW, dx):
    """An Affine class whose backward computes dW(W, z, δ) and dx(W, δ)."""

    class Wrong(layers.Affine):
        def backward(self, delta):
            self.dW = dW(self.W, self.z, delta)
            return dx(self.W, delta)

    return Wrong


def _mean_dW(W, z, d):
    return np.outer(d, z) if d.ndim == 1 else d.T @ z / len(d)


def _right_dx(W, d):
    return d @ W[:, 1:]


class AffineForgetsDW(layers.Affine):
    def backward(self, delta):
        return delta @ self.W[:, 1:]


@pytest.mark.parametrize("answer", [AffineModel, AffineLoops])
def test_affine_model_answer_passes(answer):
    result = checks.check_affine_backward(answer)
    assert result.passed, result.message
    assert "6 通り" in result.message


@pytest.mark.parametrize("answer", [AffineBlank, ...])
def test_affine_blank_says_not_implemented(answer):
    result = checks.check_affine_backward(answer)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        # ∂E/∂W_k summed over the batch, not averaged
        (_affine(lambda W, z, d: np.outer(d, z) if d.ndim == 1 else d.T @ z, _right_dx), "sum"),
        # the intercept's column forgotten: δ xᵀ
        (_affine(lambda W, z, d: _mean_dW(W[:, 1:], z[..., 1:], d), _right_dx), "intercept"),
        # ∂E/∂W_k transposed
        (_affine(lambda W, z, d: _mean_dW(W, z, d).T, _right_dx), "transpose"),
        (_affine(lambda W, z, d: -_mean_dW(W, z, d), _right_dx), "sign"),
        # W instead of W̃ for the gradient passed on
        (_affine(_mean_dW, lambda W, d: d @ W), "full_W"),
        # W̃ without its transpose: only a square W̃ lets it through, and the values tell
        (
            _affine(
                _mean_dW,
                lambda W, d: d @ W[:, 1:].T if W.shape[0] == W.shape[1] - 1 else d @ W[:, 1:],
            ),
            "transpose",
        ),
        (_affine(_mean_dW, lambda W, d: d @ W[:, 1:].T), "error"),
        # the batch mean taken for the gradient passed on as well
        (
            _affine(_mean_dW, lambda W, d: d @ W[:, 1:] / (len(d) if d.ndim == 2 else 1)),
            "mean_dx",
        ),
        (_affine(_mean_dW, lambda W, d: -(d @ W[:, 1:])), "sign"),
        (AffineForgetsDW, "no_dW"),
        (lambda W: object(), "not_layer"),
    ],
)
def test_affine_typical_mistakes_fail(answer, code):
    result = checks.check_affine_backward(answer)
    assert not result.passed and not result.blank
    assert result.code == code, result.message


def test_affine_batch_sum_is_named_as_the_missing_mean():
    answer = _affine(lambda W, z, d: np.outer(d, z) if d.ndim == 1 else d.T @ z, _right_dx)
    message = checks.check_affine_backward(answer).message
    assert "ケース 2 (バッチ n = 5" in message and "1/n" in message


# --- 09: Sigmoid.backward


class SigmoidModel(layers.Sigmoid):
    def backward(self, grad):
        return grad * self.out * (1 - self.out)


class SigmoidFromU(layers.Sigmoid):
    def backward(self, grad):
        s = 1 / (1 + np.exp(-self.u))
        return grad * s * (1 - s)


class SigmoidBlank(layers.Sigmoid):
    def backward(self, grad):
        # ここにコードを書く
        raise NotImplementedError("演習: Sigmoid.backward")


def _sigmoid(backward):
    class Wrong(layers.Sigmoid):
        def backward(self, grad):
            return backward(self, grad)

    return Wrong


@pytest.mark.parametrize("answer", [SigmoidModel, SigmoidFromU])
def test_sigmoid_model_answer_passes(answer):
    result = checks.check_sigmoid_backward(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("answer", [SigmoidBlank, ...])
def test_sigmoid_blank_says_not_implemented(answer):
    result = checks.check_sigmoid_backward(answer)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    ("backward", "code"),
    [
        (lambda s, g: s.out * (1 - s.out), "no_grad"),
        (lambda s, g: g, "no_local"),
        (lambda s, g: g * s.out, "missing_one_minus_f"),
        (lambda s, g: g * (1 - s.out), "missing_f"),
        (lambda s, g: g * s.u * (1 - s.u), "u_for_f"),
        (lambda s, g: -g * s.out * (1 - s.out), "sign"),
        # the quotient rule with e^{-u}: NaN at u = −1000 (inf / inf)
        (lambda s, g: g * np.exp(-s.u) / (1 + np.exp(-s.u)) ** 2, "not_finite"),
        (lambda s, g: None, "none"),
    ],
)
def test_sigmoid_typical_mistakes_fail(backward, code):
    result = checks.check_sigmoid_backward(_sigmoid(backward))
    assert not result.passed and not result.blank
    assert result.code == code, result.message


# --- 09: leaky ReLU, a layer the text does not show


class LeakyReLUBase(layers.Layer):
    def __init__(self, alpha=0.01):
        self.alpha = alpha

    def forward(self, u):
        self.u = np.asarray(u)
        return np.where(self.u > 0, self.u, self.alpha * self.u)


class LeakyModel(LeakyReLUBase):
    def backward(self, grad):
        return grad * np.where(self.u > 0, 1.0, self.alpha)


class LeakyBlank(LeakyReLUBase):
    def backward(self, grad):
        # ここにコードを書く
        raise NotImplementedError("演習: LeakyReLU.backward")


def _leaky(backward):
    class Wrong(LeakyReLUBase):
        def backward(self, grad):
            return backward(self, grad)

    return Wrong


def test_leaky_model_answer_passes():
    result = checks.check_leaky_relu_backward(LeakyModel)
    assert result.passed, result.message


@pytest.mark.parametrize("answer", [LeakyBlank, ...])
def test_leaky_blank_says_not_implemented(answer):
    result = checks.check_leaky_relu_backward(answer)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    ("backward", "code"),
    [
        (lambda s, g: g * (s.u > 0), "relu"),
        (lambda s, g: np.where(s.u > 0, 1.0, s.alpha), "no_grad"),
        (lambda s, g: g * np.where(s.u > 0, s.alpha, 1.0), "swapped"),
        (lambda s, g: g * s.alpha, "alpha_everywhere"),
        (lambda s, g: g * s.forward(s.u), "f_for_derivative"),
        (lambda s, g: -g * np.where(s.u > 0, 1.0, s.alpha), "sign"),
        (lambda s, g: g * np.where(s.u > 0, 1.0, 0.01), "value"),  # α fixed at 0.01
    ],
)
def test_leaky_typical_mistakes_fail(backward, code):
    result = checks.check_leaky_relu_backward(_leaky(backward))
    assert not result.passed and not result.blank
    assert result.code == code, result.message


# --- 10: torch.nn.Linear from W_k


def _linear_from(weight_of, bias_of):
    torch = pytest.importorskip("torch")

    def linear_from_W(W_k):
        linear = torch.nn.Linear(W_k.shape[1] - 1, W_k.shape[0], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(weight_of(W_k)))
            if bias_of is not None:
                linear.bias.copy_(torch.from_numpy(bias_of(W_k)))
        return linear

    return linear_from_W


def test_linear_model_answer_passes():
    result = checks.check_linear_from_W(_linear_from(lambda W: W[:, 1:], lambda W: W[:, 0]))
    assert result.passed, result.message


def test_linear_blank_says_not_implemented():
    pytest.importorskip("torch")

    def blank(W_k):
        # ここにコードを書く
        raise NotImplementedError("演習: linear_from_W")

    for answer in (blank, ...):
        result = checks.check_linear_from_W(answer)
        assert not result.passed and result.blank


@pytest.mark.parametrize(
    ("weight_of", "bias_of", "code"),
    [
        (lambda W: W[:, :-1], lambda W: W[:, 0], "wrong_column"),
        (lambda W: W[:, 1:], lambda W: W[:, -1], "last_column"),
        (lambda W: W[:, 1:], None, "value"),  # bias left at its random start
        (lambda W: W[:, 1:].T.copy(), lambda W: W[:, 0], "error"),  # shapes differ
        (
            lambda W: W[:, 1:].T.copy() if W.shape[0] == W.shape[1] - 1 else W[:, 1:],
            lambda W: W[:, 0],
            "transpose",
        ),
    ],
)
def test_linear_typical_mistakes_fail(weight_of, bias_of, code):
    result = checks.check_linear_from_W(_linear_from(weight_of, bias_of))
    assert not result.passed and not result.blank
    assert result.code == code, result.message


def test_linear_without_pytorch_says_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch then raises ImportError
    result = checks.check_linear_from_W(lambda W_k: None)
    assert not result.passed and not result.blank and result.code == "no_torch"
    assert "PyTorch" in result.message

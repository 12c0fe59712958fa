"""The checks of notebook 04 (∂E/∂W_r): model answers pass, blanks and typical mistakes fail."""

import numpy as np
import pytest

from lecnn import checks

# --- ∂E/∂W_r for one sample: f_r: (m,), y: (m,), z_r: (q_r + 1,) -> (m, q_r + 1)


def model_answer(f_r, y, z_r):
    return np.outer(f_r - y, z_r)


def model_answer_broadcast(f_r, y, z_r):
    return (f_r - y)[:, None] * z_r[None, :]


def blank(f_r, y, z_r):
    # ここにコードを書く
    raise NotImplementedError("演習: ∂E/∂W_r")


def transposed(f_r, y, z_r):
    return np.outer(z_r, f_r - y)


def intercept_dropped(f_r, y, z_r):
    return np.outer(f_r - y, z_r[1:])


def sign_flipped(f_r, y, z_r):
    return np.outer(y - f_r, z_r)


def y_forgotten(f_r, y, z_r):
    return np.outer(f_r, z_r)


def elementwise_crash(f_r, y, z_r):
    return (f_r - y) * z_r


@pytest.mark.parametrize("answer", [model_answer, model_answer_broadcast])
def test_model_answer_passes(answer):
    result = checks.check_grad_W_r(answer)
    assert result.passed, result.message
    assert result.message.startswith("✔ 正解です。") and "7 通り" in result.message


@pytest.mark.parametrize("answer", [blank, ...])
def test_blank_says_not_implemented(answer):
    result = checks.check_grad_W_r(answer)
    assert not result.passed and result.blank
    assert "まだ実装されていません" in result.message


@pytest.mark.parametrize(
    ("answer", "fragment", "code"),
    [
        (transposed, "転置", "transpose"),
        (intercept_dropped, "切片", "intercept"),
        (sign_flipped, "符号が逆", "sign"),
        (y_forgotten, "y を引き忘れて", "no_target"),
        (elementwise_crash, "ValueError", "error"),
    ],
)
def test_typical_mistakes_fail_with_a_pointer(answer, fragment, code):
    result = checks.check_grad_W_r(answer)
    assert not result.passed and not result.blank
    assert result.message.startswith("✘")
    assert fragment in result.message
    assert result.code == code, result.code
    assert "ヒント" in result.message


def test_mismatch_names_the_case_and_one_entry_only():
    message = checks.check_grad_W_r(sign_flipped).message
    assert "ケース 1 (q_r = 4, m = 3" in message
    assert "の成分 (0, 0)が違います" in message
    # one expected value is shown, never the whole matrix; then the case's inputs
    verdict, inputs = message.split("\n失敗した入力", 1)
    assert message.count("期待") == 1 and "[" not in verdict
    assert "f_r = [" in inputs and "z_r = [" in inputs


def test_square_case_catches_a_transpose_of_the_right_shape():
    def transposed_when_square(f_r, y, z_r):
        g = np.outer(f_r - y, z_r)
        return g.T if g.shape[0] == g.shape[1] else g

    result = checks.check_grad_W_r(transposed_when_square)
    assert not result.passed
    assert "ケース 3" in result.message and "転置" in result.message


def test_large_logits_case_is_checked(monkeypatch):
    monkeypatch.setattr(checks.machinery, "SEED", 0)  # a draw whose large logits saturate f_r

    def wrong_only_when_saturated(f_r, y, z_r):
        g = np.outer(f_r - y, z_r)
        softmax = len(f_r) >= 3 and np.isclose(f_r.sum(), 1.0) and f_r.min() >= 0
        return g * 2 if softmax and np.max(f_r) > 0.9999 else g

    result = checks.check_grad_W_r(wrong_only_when_saturated)
    assert not result.passed and "大きなロジット" in result.message


def test_check_does_not_let_the_answer_change_its_inputs():
    def mutates(f_r, y, z_r):
        f_r -= y
        return np.outer(f_r, z_r)

    assert checks.check_grad_W_r(mutates).passed


# --- the batch form: F_r, Y: (n, m), Z_r: (n, q_r + 1) -> mean over rows, (m, q_r + 1)


def batch_model_answer(F_r, Y, Z_r):
    return (F_r - Y).T @ Z_r / F_r.shape[0]


def batch_model_answer_loop(F_r, Y, Z_r):
    return sum(np.outer(f - y, z) for f, y, z in zip(F_r, Y, Z_r, strict=True)) / len(F_r)


def batch_blank(F_r, Y, Z_r):
    # ここにコードを書く
    raise NotImplementedError("演習: バッチの ∂E/∂W_r")


@pytest.mark.parametrize("answer", [batch_model_answer, batch_model_answer_loop])
def test_batch_model_answer_passes(answer):
    result = checks.check_grad_W_r_batch(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("answer", [batch_blank, ...])
def test_batch_blank_says_not_implemented(answer):
    result = checks.check_grad_W_r_batch(answer)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    ("answer", "fragment", "code"),
    [
        (lambda F, Y, Z: (F - Y).T @ Z, "和になっていませんか", "sum"),
        (lambda F, Y, Z: Z.T @ (F - Y) / len(F), "転置", "transpose"),
        (lambda F, Y, Z: (Y - F).T @ Z / len(F), "符号が逆", "sign"),
        (lambda F, Y, Z: np.outer(F[0] - Y[0], Z[0]), "最初のサンプル", "first_sample"),
        (lambda F, Y, Z: (F - Y).T @ Z[:, 1:] / len(F), "切片", "intercept"),
    ],
)
def test_batch_typical_mistakes_fail(answer, fragment, code):
    result = checks.check_grad_W_r_batch(answer)
    assert not result.passed and not result.blank
    assert fragment in result.message, result.message
    assert result.code == code, result.code

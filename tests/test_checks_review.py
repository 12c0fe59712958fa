"""The checks of notebook 01: ∇tanh and the cross-entropy from the logits, with the failing
input named in the message."""

import warnings

import numpy as np
import pytest

from lecnn.checks import check_cross_entropy_logits, check_tanh_derivative_cases

# --- ∇tanh(u)


def tanh_right(u):
    return 1 - np.tanh(u) ** 2


def tanh_via_cosh(u):
    return 1 / np.cosh(u) ** 2


def tanh_blank(u):
    # ここにコードを書く
    raise NotImplementedError("演習: tanh_derivative を完成させてください")


def tanh_no_square(u):
    return 1 - np.tanh(u)


def tanh_sigmoid_form(u):
    return np.tanh(u) * (1 - np.tanh(u))


def tanh_plus(u):
    return 1 + np.tanh(u) ** 2


def tanh_naive_exp(u):
    t = (np.exp(u) - np.exp(-u)) / (np.exp(u) + np.exp(-u))
    return 1 - t**2


def tanh_scalar_only(u):
    return 1 - np.tanh(float(np.sum(u))) ** 2


@pytest.mark.parametrize("answer", [tanh_right, tanh_via_cosh])
def test_tanh_right_answers_pass(answer):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = check_tanh_derivative_cases(answer)
    assert result.passed, result.message


@pytest.mark.parametrize("blank", [tanh_blank, ...])
def test_tanh_blank(blank):
    result = check_tanh_derivative_cases(blank)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    "answer, code",
    [
        (tanh_no_square, "no_square"),
        (tanh_sigmoid_form, "sigmoid_form"),
        (tanh_plus, "sign"),
        (tanh_naive_exp, "not_finite"),
        (tanh_scalar_only, "shape"),
        (lambda u: None, "none"),
    ],
)
def test_tanh_typical_mistakes_are_named(answer, code):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = check_tanh_derivative_cases(answer)
    assert not result.passed and not result.blank
    assert result.code == code, result.message


def test_tanh_overflow_gets_the_hint_for_large_u():
    message = check_tanh_derivative_cases(tanh_naive_exp).message
    assert "NumPy の関数ならその心配はありません" in message


def test_tanh_message_says_scalar_u_and_shows_it():
    message = check_tanh_derivative_cases(tanh_no_square).message
    assert "スカラー u = " in message and "形 ()" not in message


def test_tanh_vector_entry_is_written_without_a_tuple():
    def wrong_last_entry(u):
        d = tanh_right(u)
        if d.ndim == 1 and len(d) == 7:
            d[0] += 1
        return d

    message = check_tanh_derivative_cases(wrong_last_entry).message
    assert "の成分 0が違います" in message and "(0,)" not in message
    assert "u = (" in message


# --- E from the logits


def ce_right(u, y):
    c = np.max(u, axis=-1, keepdims=True)
    log_f = u - c - np.log(np.sum(np.exp(u - c), axis=-1, keepdims=True))
    return -np.sum(y * log_f, axis=-1)


def ce_blank(u, y):
    # ここにコードを書く
    raise NotImplementedError("演習: cross_entropy_from_logits を完成させてください")


def ce_naive(u, y):
    f = np.exp(u) / np.sum(np.exp(u), axis=-1, keepdims=True)
    return -np.sum(y * np.log(f), axis=-1)


def ce_no_minus(u, y):
    return -ce_right(u, y)


def ce_mean_over_batch(u, y):
    return np.mean(ce_right(u, y))


def ce_no_keepdims(u, y):
    c = np.max(u, axis=-1)
    log_f = u - c - np.log(np.sum(np.exp(u - c), axis=-1))
    return -np.sum(y * log_f, axis=-1)


def test_ce_right_passes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = check_cross_entropy_logits(ce_right)
    assert result.passed, result.message


@pytest.mark.parametrize("blank", [ce_blank, ...])
def test_ce_blank(blank):
    result = check_cross_entropy_logits(blank)
    assert not result.passed and result.blank


@pytest.mark.parametrize(
    "answer, code, fragments",
    [
        (ce_naive, "not_finite", ["最大値 c = max_i u_i"]),
        (ce_no_minus, "sign", ["正解はクラス"]),
        (ce_mean_over_batch, "batch_mean", ["axis=-1", "バッチ (n = 5, m = 4"]),
        (ce_no_keepdims, "error", []),
    ],
)
def test_ce_typical_mistakes_are_named(answer, code, fragments):
    """The diagnosis by its code; the case (and the hint it needs) in the message."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = check_cross_entropy_logits(answer)
    assert not result.passed and not result.blank
    assert result.code == code, result.message
    for fragment in fragments:
        assert fragment in result.message, result.message


def test_ce_message_does_not_state_the_log_sum_exp_formula():
    message = check_cross_entropy_logits(ce_naive).message
    assert "log Σ" not in message and "np." not in message

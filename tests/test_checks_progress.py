"""The end-of-notebook table of exercises: ✔ / ✘ / まだ from what the checks recorded."""

import numpy as np
import pytest

from lecnn import checks
from lecnn.checks import check_cross_entropy_logits, check_tanh_derivative_cases, progress_table
from lecnn.checks import progress as checks_progress


@pytest.fixture(autouse=True)
def fresh_kernel():
    checks_progress.reset()
    yield
    checks_progress.reset()


def right(u):
    return 1 - np.tanh(u) ** 2


def wrong(u):
    return 1 - np.tanh(u)


def blank(u):
    raise NotImplementedError


EXERCISES = [
    ("演習 1: tanh", check_tanh_derivative_cases),
    ("演習 2: クロスエントロピー", "check_cross_entropy_logits"),
]


def _states(table):
    return [mark for _, mark in table.rows]


def test_nothing_checked_yet_is_mada_everywhere():
    table = progress_table(EXERCISES)
    assert _states(table) == ["まだ", "まだ"]
    assert "正解 0 / 2" in repr(table)


def test_pass_fail_and_blank_are_told_apart():
    check_tanh_derivative_cases(right)
    assert _states(progress_table(EXERCISES)) == ["✔", "まだ"]
    check_tanh_derivative_cases(wrong)
    assert _states(progress_table(EXERCISES)) == ["✘", "まだ"]
    check_tanh_derivative_cases(blank)
    assert _states(progress_table(EXERCISES)) == ["まだ", "まだ"]
    check_cross_entropy_logits(...)
    assert _states(progress_table(EXERCISES)) == ["まだ", "まだ"]


def test_the_latest_run_counts():
    check_tanh_derivative_cases(wrong)
    check_tanh_derivative_cases(right)
    table = progress_table(EXERCISES)
    assert _states(table) == ["✔", "まだ"]
    text = repr(table)
    assert "演習 1: tanh" in text and "正解 1 / 2" in text
    assert "| 演習 1: tanh | ✔ |" in table._repr_markdown_()


def test_a_check_run_through_run_check_from_any_module_is_recorded():
    def check_something(answer):
        return checks.run_check("何か", lambda: None, 1)

    check_something(None)
    assert checks_progress.state(check_something) == "✔"
    assert checks_progress.state("check_something") == "✔"


def test_run_check_outside_a_check_function_records_nothing():
    checks.run_check("何か", lambda: None, 1)
    assert checks_progress._STATES == {}


@pytest.mark.parametrize(
    "bad, error",
    [
        ([], ValueError),
        ([("演習 1", check_tanh_derivative_cases, "extra")], ValueError),
        ([check_tanh_derivative_cases], ValueError),
        ([("a", check_tanh_derivative_cases), ("b", "check_tanh_derivative_cases")], ValueError),
        ([("a", 3)], TypeError),
    ],
)
def test_bad_lists_are_refused_with_a_reason(bad, error):
    with pytest.raises(error):
        progress_table(bad)

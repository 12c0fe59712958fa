"""Every exercise, from its declaration: the reference passes, each declared mistake is
diagnosed with its own code, a blank is a blank, and the hint points back without code."""

import dataclasses
import re

import numpy as np
import pytest

import lecnn.checks
from lecnn.checks import EXERCISES, run
from lecnn.checks.calling import Mismatch

IDS = list(EXERCISES)
MISTAKES = [(i, n) for i, e in EXERCISES.items() for n in range(len(e.mistakes))]

# What reads as code rather than as the lecture's formulas: backticks, NumPy, matrix product,
# transposition by attribute, dotted names, a call of a word (not of f_k or ∇f as formulas write),
# slicing, Python keywords.
CODE = re.compile(
    r"`|\bnp\.|@|\.T\b|\b[A-Za-z_]\w*\.[A-Za-z_]\w*|\b[A-Za-z]{2,}\w*\(|\[\s*:|\bdef\b|\breturn\b"
)


def _needs_what_is_missing(exercise):
    """The Mismatch code when this machine cannot make the exercise's cases ("no_torch": notebook
    10's exercise under `make test TORCH=0`), else None."""
    try:
        exercise.cases(np.random.default_rng(0))
    except Mismatch as err:
        return err.code
    return None


@pytest.fixture(autouse=True)
def _skip_what_this_machine_cannot_run(request):
    callspec = getattr(request.node, "callspec", None)
    exercise_id = callspec.params.get("exercise_id") if callspec else None
    if exercise_id is not None and _needs_what_is_missing(EXERCISES[exercise_id]) == "no_torch":
        pytest.skip(f"{exercise_id} needs PyTorch, left out on purpose (make test TORCH=0)")


def _blank(*args):
    raise NotImplementedError("演習: 完成させてください")


class _BlankMethod:
    def __init__(self, *args):
        pass

    def forward(self, x):
        return x

    def backward(self, grad):
        raise NotImplementedError


def test_there_are_25_exercises_with_unique_ids_and_check_names():
    assert len(EXERCISES) == 25
    assert len({e.check for e in EXERCISES.values()}) == 25
    assert all(re.fullmatch(r"\d\d-\d", i) and e.id == i for i, e in EXERCISES.items())


def _as_own(reference):
    """The reference as a student's own code: a class stays (it lives in lecnn.checks), a
    function is called through one of this file (lecnn's own functions are refused)."""
    if isinstance(reference, type):
        return reference
    return lambda *args, **kwargs: reference(*args, **kwargs)


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_reference_passes(exercise_id):
    # a reference that is lecnn's own function (01-1's tanh_derivative, ...) is one of the
    # exercise's lecnn_answers, which the wrapper would be refused for: compare values only
    exercise = dataclasses.replace(EXERCISES[exercise_id], lecnn_answers=())
    result = run(exercise, _as_own(exercise.reference))
    assert result.passed and result.code == "pass", result.message
    assert result.message.startswith(f"✔ 正解です。 {exercise.subject}: ")


@pytest.mark.parametrize(("exercise_id", "n"), MISTAKES, ids=[f"{i}-{n}" for i, n in MISTAKES])
def test_each_declared_mistake_is_diagnosed_with_its_own_code(exercise_id, n):
    exercise = EXERCISES[exercise_id]
    mistake = exercise.mistakes[n]
    result = run(exercise, mistake.wrong)
    assert not result.passed and result.code == mistake.code, result.message
    assert f"考えられる原因: {mistake.note}" in result.message
    assert result.message.count("ヒント:") == 1


@pytest.mark.parametrize("exercise_id", IDS)
def test_a_blank_is_reported_as_a_blank(exercise_id):
    exercise = EXERCISES[exercise_id]
    for blank in (..., _BlankMethod if exercise.method else _blank):
        result = run(exercise, blank)
        assert result.code == "blank" and result.blank and not result.passed, result.message
        assert "まだ実装されていません" in result.message


@pytest.mark.parametrize("exercise_id", IDS)
def test_hints_and_notes_point_back_without_code(exercise_id):
    exercise = EXERCISES[exercise_id]
    texts = [exercise.hint, exercise.purpose, *(m.note for m in exercise.mistakes)]
    texts += [case.hint for case in exercise.cases(np.random.default_rng(0))]
    for text in texts:
        assert not CODE.search(text), f"{exercise_id}: code in {text!r}"
    assert exercise.hint and exercise.purpose and exercise.title and exercise.writes


@pytest.mark.parametrize("exercise_id", IDS)
def test_what_a_wrong_attempt_shows_does_not_give_an_answer(exercise_id):
    exercise = EXERCISES[exercise_id]
    shown = [exercise.hint, *(m.note for m in exercise.mistakes)]
    shown += [case.hint for case in exercise.cases(np.random.default_rng(0))]
    later = [e for e in EXERCISES.values() if e.notebook >= exercise.notebook]
    for text in shown:
        for other in later:
            for pattern in other.answer_patterns:
                assert not re.search(pattern, text), f"{exercise_id} shows {other.id}'s answer"


@pytest.mark.parametrize("exercise_id", IDS)
def test_declarations_are_complete(exercise_id):
    exercise = EXERCISES[exercise_id]
    assert exercise.answer_patterns, f"{exercise_id} has no answer patterns"
    for pattern in exercise.answer_patterns:
        re.compile(pattern)
    assert len({m.code for m in exercise.mistakes}) >= 2 or exercise_id == "02-3"
    assert getattr(lecnn.checks, exercise.check).exercise is exercise


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_cases_are_fresh_on_every_run_and_repeat_with_a_seed(exercise_id):
    cases = EXERCISES[exercise_id].cases

    def draw(rng):
        return [
            np.concatenate([np.ravel(a) for a in _arrays(c.args + tuple(c.info.values()))] or [[0]])
            for c in cases(rng)
        ]

    seeded = [draw(np.random.default_rng(5)) for _ in range(2)]
    assert all(np.array_equal(a, b) for a, b in zip(*seeded, strict=True))
    fresh = draw(np.random.default_rng()), draw(np.random.default_rng())
    assert not all(np.array_equal(a, b) for a, b in zip(*fresh, strict=True))


def _arrays(value):
    if isinstance(value, np.ndarray):
        return [value.astype(float)]
    if isinstance(value, (list, tuple)):
        return [a for v in value for a in _arrays(v)]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [np.array([value], dtype=float)]
    if hasattr(value, "weights"):
        return _arrays(value.weights)
    return []

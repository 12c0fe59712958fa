"""The table of messages: merged from one module per area, no key defined twice, none too long."""

import sys

import numpy as np
import pytest

import lecnn
from lecnn.validation import messages
from lecnn.validation.messages import MESSAGES, message, type_error, value_error

AREAS = [messages.scalars, messages.network, messages.arrays, messages.files]
AREAS += [messages.playground, messages.figures]


def test_the_table_is_every_area_module_merged():
    assert sum(len(area.MESSAGES) for area in AREAS) == len(MESSAGES)
    for area in AREAS:
        assert area.MESSAGES.items() <= MESSAGES.items()


def test_a_key_defined_in_two_areas_is_refused():
    with pytest.raises(ValueError, match=r"defined twice: \['int_min'\]"):
        messages.merged(messages.scalars.MESSAGES, {"int_min": ("数", "number")})


def test_the_functions_read_the_merged_table():
    assert message("widths_entry", maximum=8, entry="x").startswith("幅は 1〜8 の整数")
    assert isinstance(value_error("nesterov"), ValueError)
    assert "must be a string" in str(type_error("state_type", kind="int"))


def test_without_pytorch_the_package_and_the_check_say_one_way_to_install_it(monkeypatch):
    import lecnn
    from lecnn.pytorch import import_torch

    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now fails as if not installed
    command = "%pip install torch --index-url https://download.pytorch.org/whl/cpu"
    with pytest.raises(ImportError) as err:
        import_torch()
    assert str(err.value) == message("torch_missing") and command in str(err.value)
    with pytest.raises(ImportError, match="PyTorch が入っていません"):
        lecnn.pytorch.to_torch(lecnn.Network([2, 3, 2], seed=0))
    result = lecnn.checks.check_linear_from_W(lambda W: None)
    japanese = MESSAGES["torch_missing"][0]
    assert result.code == "no_torch" and japanese in result.message
    assert "PyTorch is not installed" not in result.message  # a check speaks Japanese only


@pytest.mark.parametrize(
    "value",
    [[1.0] * 100_000, "x" * 5_000, "9" * 3_000, {i: i for i in range(1_000)}, np.ones(10**6)],
    ids=["long list", "long string", "string of digits", "dict", "array"],
)
def test_a_huge_value_passed_gives_a_short_message(value):
    net = lecnn.Network([2, 3, 2], seed=0)
    before = [W.copy() for W in net.weights]
    with pytest.raises((TypeError, ValueError)) as info:
        lecnn.train(net, np.zeros((4, 2)), np.array([0, 1, 0, 1]), eta=value, epochs=1)
    text = str(info.value)
    assert len(text) < 2 * (messages.LONGEST + 150), text
    assert "学習率 η (eta)" in text and "..." in text  # the message still names what was wrong
    assert all(np.array_equal(W, B) for W, B in zip(net.weights, before, strict=True))


def test_an_echoed_value_keeps_its_format_and_short_values_are_whole():
    assert message("int_min", name="epochs", minimum=0, value=-1).endswith("got -1")
    assert message("widths_entry", maximum=8, entry="abc").count("'abc'") == 2
    assert format(messages.Echo(0.125), "g") == "0.125"
    assert str(messages.Echo("x" * (messages.LONGEST + 1))) == "x" * messages.LONGEST + "..."
    assert repr(messages.Echo(list(range(3)))) == "[0, 1, 2]"


def test_a_huge_integer_is_shown_by_its_magnitude():
    # Python refuses str() of an integer beyond 4,300 digits: the message must not fail
    for value, shown in [(-(10**5000), "-1.000e+5000"), (10**400, "1.000e+400"), (12, "12")]:
        text = message("int_min", name="epochs", minimum=0, value=value)
        assert text.endswith(f"got {shown}") and f"(渡された値: {shown})" in text


def test_softmax_targets_need_rows_summing_to_one_not_one_hot_rows():
    """03 says lecnn refuses a y whose rows do not sum to 1, and takes (0.2, 0.3, 0.5)."""
    net = lecnn.Network([2, 3], seed=0)
    x = np.array([0.5, -1.0])
    assert np.isfinite(net.loss(x, np.array([0.2, 0.3, 0.5])))
    with pytest.raises(ValueError, match=r"和を 1 にしてください.*和が 1\.5 の行"):
        net.loss(x, np.array([0.5, 0.5, 0.5]))
    with pytest.raises(ValueError, match="成分は 0 以上"):
        net.loss(x, np.array([1.5, -0.5, 0.0]))

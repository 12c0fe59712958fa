"""The table of messages: merged from one module per area, no key defined twice, none too long."""

import sys

import pytest

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

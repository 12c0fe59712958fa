"""Checks on what a user passes in (one package, the only place for them), with messages that say what was expected and what came.

Every public entry point runs these before it changes anything, so a bad call
leaves the network's weights as they were. This is the one place for argument
checks: the same bad value gets the same exception type and wording wherever it
is passed.

>>> check_int("epochs", 3, minimum=0)
3
>>> check_int("epochs", -1, minimum=0)
Traceback (most recent call last):
    ...
ValueError: epochs must be at least 0; got -1
>>> as_labels([2, 0.0, 1], m=3)
array([2, 0, 1])
"""

from lecnn.validation.arrays import as_inputs, as_label_pair, as_labels, as_targets, one_hot_rows
from lecnn.validation.network import (
    FLOAT_DTYPES,
    check_dtype,
    check_hidden,
    check_hidden_name,
    check_hidden_widths,
    check_output,
    check_sizes,
)
from lecnn.validation.scalars import (
    check_eta,
    check_fraction,
    check_fractions,
    check_int,
    check_interval,
    check_limits,
    check_positive,
    check_real,
)

__all__ = [
    "FLOAT_DTYPES",
    "as_inputs",
    "as_label_pair",
    "as_labels",
    "as_targets",
    "check_dtype",
    "check_eta",
    "check_fraction",
    "check_fractions",
    "check_hidden",
    "check_hidden_name",
    "check_hidden_widths",
    "check_int",
    "check_interval",
    "check_limits",
    "check_output",
    "check_positive",
    "check_real",
    "check_sizes",
    "one_hot_rows",
]

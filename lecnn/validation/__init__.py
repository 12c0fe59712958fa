"""Checks on what a user passes in (one package, the only place for them), with messages that say what was expected and what came.

Every public entry point runs these before it changes anything, so a bad call
leaves the network's weights as they were. This is the one place for argument
checks: the same bad value gets the same exception type and wording wherever it
is passed. The wording is in ``messages`` (Japanese, then English); ``memory``
refuses sizes that cannot fit before anything is allocated.

>>> check_int("epochs", 3, minimum=0)
3
>>> check_int("epochs", -1, minimum=0)
Traceback (most recent call last):
    ...
ValueError: エポック数 epochs は 0 以上にしてください (渡された値: -1) / epochs must be at least 0; got -1
>>> as_labels([2, 0.0, 1], m=3)
array([2, 0, 1])
"""

from lecnn.validation.arrays import (
    as_array,
    as_inputs,
    as_label_pair,
    as_labels,
    as_real_array,
    as_targets,
    one_hot_rows,
)
from lecnn.validation.memory import (
    MAX_RESOLUTION,
    MEMORY_CAP,
    MEMORY_FRACTION,
    check_memory,
    memory_budget,
)
from lecnn.validation.messages import MESSAGES, message, type_error, value_error
from lecnn.validation.network import (
    FLOAT_DTYPES,
    as_weight,
    check_batch_memory,
    check_dtype,
    check_hidden,
    check_hidden_name,
    check_hidden_widths,
    check_network_memory,
    check_output,
    check_sizes,
    check_width_limits,
)
from lecnn.validation.scalars import (
    EPS_RANGE,
    check_bool,
    check_eps,
    check_eta,
    check_fraction,
    check_fractions,
    check_int,
    check_interval,
    check_keywords,
    check_limits,
    check_path,
    check_positive,
    check_real,
    check_seed,
)

__all__ = [
    "EPS_RANGE",
    "FLOAT_DTYPES",
    "MAX_RESOLUTION",
    "MEMORY_CAP",
    "MEMORY_FRACTION",
    "MESSAGES",
    "as_array",
    "as_inputs",
    "as_label_pair",
    "as_labels",
    "as_real_array",
    "as_targets",
    "as_weight",
    "check_dtype",
    "check_eps",
    "check_eta",
    "check_fraction",
    "check_fractions",
    "check_hidden",
    "check_hidden_name",
    "check_hidden_widths",
    "check_int",
    "check_interval",
    "check_keywords",
    "check_limits",
    "check_path",
    "check_memory",
    "check_batch_memory",
    "check_bool",
    "check_network_memory",
    "check_output",
    "check_positive",
    "check_real",
    "check_seed",
    "check_sizes",
    "check_width_limits",
    "memory_budget",
    "message",
    "one_hot_rows",
    "type_error",
    "value_error",
]

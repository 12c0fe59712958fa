"""The examples in the package's docstrings run and print what they show.

Every module is imported here by name, so the ones ``import lecnn`` loads lazily
(plotting, the playground) are tested too.
"""

import doctest
import importlib
import pkgutil

import numpy as np
import pytest

import lecnn

MODULES = sorted(info.name for info in pkgutil.walk_packages(lecnn.__path__, prefix="lecnn.")) + [
    "lecnn"
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, extraglobs={"np": np}, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed"


def test_the_examples_are_found():
    finder = doctest.DocTestFinder()
    with_examples = [
        name
        for name in MODULES
        if any(test.examples for test in finder.find(importlib.import_module(name)))
    ]
    assert {"lecnn", "lecnn.activations", "lecnn.checks.runner", "lecnn.playground"} <= set(
        with_examples
    )

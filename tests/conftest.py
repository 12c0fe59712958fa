import matplotlib
import pytest

matplotlib.use("Agg")

from hypothesis import settings

from lecnn.checks import factory as _factory

# Fixed example sequences, so CI does not flake; run with --hypothesis-profile=explore
# (and more examples) to search afresh.
settings.register_profile("ci", derandomize=True, max_examples=50)
settings.register_profile("explore", max_examples=2000)
settings.load_profile("ci")


@pytest.fixture
def factory():
    """The random networks, inputs and targets the exercise checks draw (lecnn.checks.factory)."""
    return _factory

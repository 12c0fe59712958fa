import matplotlib

matplotlib.use("Agg")

from hypothesis import settings

# Fixed example sequences, so CI does not flake; run with --hypothesis-profile=explore
# (and more examples) to search afresh.
settings.register_profile("ci", derandomize=True, max_examples=50)
settings.register_profile("explore", max_examples=2000)
settings.load_profile("ci")

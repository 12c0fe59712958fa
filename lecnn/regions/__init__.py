"""Linear regions of ReLU networks: why depth helps (第3回 「なぜ層を深くするのか?」).

With ReLU hidden layers, f_k(u) = max{0, u}, each hidden unit is either off (u ≤ 0)
or on (u > 0). The list of on/off states of every hidden unit is the *activation
pattern* of an input x. On a set of inputs with one pattern every z_k is an affine
function of x, and so is the output u_r = W_r z_r: the network is piecewise linear,
and its pieces (linear regions, 線形領域) are the sets where the pattern is constant.
The number of such regions measures how complicated a function the network can be.

What this package offers (every name is available as ``lecnn.regions.X``):

- ``counting``: ``activation_patterns``; ``breakpoints_1d`` / ``count_regions_1d``, the
  exact pieces along a line; ``region_map_2d`` / ``count_regions_2d``, distinct activation
  patterns on a grid of a 2-D input: a lower estimate of the number of regions in the rectangle;
- ``bounds``: ``region_bound``, the lecture's lower bound on the largest number of regions a
  network of r hidden layers of width q ≥ d can have (Montúfar et al. 2014), and
  ``max_regions_shallow``, the most one hidden layer can make;
- ``constructions``: ``sawtooth_network``, ``folding_network``, ``shallow_sawtooth_network``:
  networks with hand-set weights (the sawtooth of depth r with 2 units a layer has 2^r pieces,
  a single hidden layer needs 2^r units for the same function), and ``random_relu_network``.

Regions are counted for the output before f_r (u_r = W_r z_r), so any output
activation will do; every hidden activation must be ReLU.
"""

from lecnn.regions.bounds import max_regions_shallow, region_bound
from lecnn.regions.constructions import (
    folding_network,
    random_relu_network,
    sawtooth_network,
    shallow_sawtooth_network,
)
from lecnn.regions.counting import (
    activation_patterns,
    breakpoints_1d,
    count_regions_1d,
    count_regions_2d,
    region_map_2d,
)

__all__ = [
    "activation_patterns",
    "breakpoints_1d",
    "count_regions_1d",
    "count_regions_2d",
    "folding_network",
    "max_regions_shallow",
    "random_relu_network",
    "region_bound",
    "region_map_2d",
    "sawtooth_network",
    "shallow_sawtooth_network",
]

"""The lecture's symbols as plain text: Unicode subscripts, as in x₁, z₂, W₀, δ₁.

>>> subscript(12)
'₁₂'
>>> plain_labels(3)
['x₁', 'x₂', 'x₃']
"""

_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def subscript(k):
    """The whole number ``k`` in subscript digits."""
    return str(k).translate(_DIGITS)


def plain_labels(d):
    """x₁, ..., x_d: the names of d inputs."""
    return [f"x{subscript(j)}" for j in range(1, d + 1)]

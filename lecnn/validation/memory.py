"""How much memory an allocation may take: refuse a size that cannot fit before allocating it.

A width of 100,000 or a label of 10⁹ would make NumPy allocate until the machine
stalls; the checks estimate the bytes a call needs and compare them with one budget.

>>> check_memory(8 * 10**6, "一時配列", "a temporary array")
8000000
>>> bytes_text(80 * 2**30)
'80.0 GiB'
"""

import os

from lecnn.validation.messages import value_error

MEMORY_FRACTION = 0.25
"""Share of the physical memory one allocation may take."""

MEMORY_CAP = 4 * 2**30
"""At most this many bytes (4 GiB), however much memory the machine has."""

MAX_RESOLUTION = 1000
"""Largest side of a grid of points over the plane (``plot_decision_boundary``,
``region_map_2d``): 10⁶ points, each through one forward pass."""


def memory_budget():
    """Bytes one allocation may take: ``MEMORY_FRACTION`` of the physical memory, at most
    ``MEMORY_CAP`` (the cap alone where the system does not say how much it has)."""
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return MEMORY_CAP
    if physical <= 0:
        return MEMORY_CAP
    return min(int(physical * MEMORY_FRACTION), MEMORY_CAP)


def bytes_text(n_bytes):
    """A size for a message: '512 B', '3.2 MiB', '74.5 GiB'."""
    size = float(n_bytes)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            break
        size /= 1024
    if unit == "GiB" and size >= 1024:
        return f"{size / 1024:.1f} TiB"
    return f"{int(size)} B" if unit == "B" else f"{size:.1f} {unit}"


def check_memory(n_bytes, what, what_en):
    """Refuse (ValueError) an allocation of about ``n_bytes`` that exceeds ``memory_budget()``.

    Parameters
    ----------
    n_bytes : int
        The estimated size, in bytes (a Python int: no overflow).
    what, what_en : str
        What would be allocated, in Japanese and in English, for the message.

    Returns
    -------
    int
        ``n_bytes``.
    """
    budget = memory_budget()
    if n_bytes > budget:
        raise value_error(
            "memory",
            what=what,
            what_en=what_en,
            need=bytes_text(n_bytes),
            budget=bytes_text(budget),
            hint="もっと小さいサイズにしてください",
            hint_en="use smaller sizes",
        )
    return n_bytes

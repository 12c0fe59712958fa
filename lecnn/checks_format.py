"""How the exercises' check messages write shapes and inputs (Japanese, short, deterministic)."""

import numpy as np


def shape_text(shape):
    """A shape as the messages write it: "スカラー" for (), else the tuple, e.g. "(3, 4)".

    Parameters
    ----------
    shape : tuple of int

    Returns
    -------
    str
    """
    return "スカラー" if tuple(shape) == () else str(tuple(shape))


def input_text(value, digits=4, max_entries=8):
    """An input of a failing case, short enough for a message: "(0.1235, −1.5, 1000)".

    Parameters
    ----------
    value : scalar or array_like
        A number, a vector or a matrix (a matrix is written row by row, rows in brackets).
    digits : int, default 4
        Significant digits per entry.
    max_entries : int, default 8
        Longer vectors (or matrices with more rows) end in "…".

    Returns
    -------
    str
    """
    a = np.asarray(value, dtype=float)

    def number(x):
        return f"{float(x):.{digits}g}".replace("-", "−")

    if a.ndim == 0:
        return number(a)
    if a.ndim == 1:
        shown = ", ".join(number(x) for x in a[:max_entries])
        return f"({shown}{', …' if len(a) > max_entries else ''})"
    rows = [input_text(row, digits, max_entries) for row in a.reshape(len(a), -1)[:max_entries]]
    return f"[{', '.join(rows)}{', …' if len(a) > max_entries else ''}]"

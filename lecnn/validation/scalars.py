"""Checks of single numbers: integers, reals, fractions, positive numbers, intervals."""

import numbers

import numpy as np


def check_int(name, value, minimum, maximum=None):
    """Validate an integer argument >= ``minimum`` (and <= ``maximum``); a bool is not an integer.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
    minimum : int
    maximum : int, optional

    Returns
    -------
    int
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}; got {value!r}")
    if maximum is not None and not minimum <= value <= maximum:
        raise ValueError(f"{name} must be an integer in {minimum}..{maximum}; got {value}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value}")
    return int(value)


def check_real(name, value, low):
    """Validate a finite real argument >= ``low`` (a bool is not a number).

    Parameters
    ----------
    name : str
    value : object
    low : float

    Returns
    -------
    float
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number >= {low:g}; got {value!r}")
    number = _finite_float(value)
    if number is None or number < low:
        raise ValueError(f"{name} must be a finite number >= {low:g}; got {_short(value)}")
    return number


def check_fraction(name, value):
    """Validate a fraction: a real number strictly between 0 and 1 (a bool is not a number).

    >>> check_fraction("test_size", 0.25)
    0.25
    >>> check_fraction("test_size", 1.5)
    Traceback (most recent call last):
        ...
    ValueError: test_size must be a fraction in (0, 1); got 1.5 / test_size は 0 より大きく 1 より小さい割合で指定してください (渡された値は 1.5)

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object

    Returns
    -------
    float
    """
    expected = f"{name} must be a fraction in (0, 1)"
    expected_ja = f"{name} は 0 より大きく 1 より小さい割合で指定してください"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{expected}; got {value!r} / {expected_ja} (渡された値は {value!r})")
    number = _finite_float(value)
    if number is None or not 0 < number < 1:
        shown = _short(value)
        raise ValueError(f"{expected}; got {shown} / {expected_ja} (渡された値は {shown})")
    return number


def check_fractions(fractions):
    """Validate the fractions of the samples held out from training: each in (0, 1), together
    below 1, so that some samples are left to train on.

    Parameters
    ----------
    fractions : dict
        Argument name -> value, e.g. ``{"val_size": 0.2, "test_size": 0.2}``.

    Returns
    -------
    tuple of float, in the dict's order
    """
    checked = tuple(check_fraction(name, value) for name, value in fractions.items())
    if sum(checked) >= 1:
        names = " + ".join(fractions)
        values = " + ".join(f"{number:g}" for number in checked)
        raise ValueError(
            f"{names} must be below 1 to leave training samples; got {values} / "
            f"{names} は 1 未満にしてください (学習用のサンプルが残りません。渡された値は {values})"
        )
    return checked


def check_eta(eta):
    """Validate a learning rate η: a finite real number > 0. Returns it as a float."""
    return check_positive("the learning rate eta", eta)


def _finite_float(value):
    """``float(value)`` if it is finite, else None (also for an int too large for a float)."""
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if np.isfinite(number) else None


def _short(value):
    """``value`` for a message; a huge integer by its number of digits rather than in full."""
    if isinstance(value, numbers.Integral) and abs(value) > 10**20:
        return f"an integer of {len(str(abs(int(value))))} digits"
    return repr(value)


def check_positive(name, value):
    """Validate a finite real argument > 0 (a bool is not a number).

    >>> check_positive("intercept_scale", 0.5)
    0.5

    Parameters
    ----------
    name : str
        How the message names the argument.
    value : object

    Returns
    -------
    float
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number; got {value!r}")
    number = _finite_float(value)
    if number is None or number <= 0:
        raise ValueError(f"{name} must be a finite number > 0; got {_short(value)}")
    return number


def check_interval(low, high):
    """Validate an interval low < high of real numbers; infinite ends are allowed.

    Returns
    -------
    (float, float)
    """
    for name, value in (("low", low), ("high", high)):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            raise TypeError(f"{name} must be a real number; got {value!r}")
    low, high = float(low), float(high)
    if np.isnan(low) or np.isnan(high) or not low < high:
        raise ValueError(f"expected low < high (infinite ends allowed); got low={low}, high={high}")
    return low, high


def check_limits(limits):
    """Validate the limits of a 2-D plane: (low, high) for both axes, or one pair per axis.

    Returns
    -------
    ndarray of float, shape (2, 2)
        ((low_1, high_1), (low_2, high_2)), finite, low < high on each axis.
    """
    try:
        limits = np.asarray(limits, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"limits must be (low, high) or ((low_1, high_1), (low_2, high_2)); got {limits!r}"
        ) from None
    if limits.shape == (2,):
        limits = np.array([limits, limits])
    if limits.shape != (2, 2):
        raise ValueError(
            "limits must be (low, high) or ((low_1, high_1), (low_2, high_2)); "
            f"got an array of shape {limits.shape}"
        )
    if not np.all(np.isfinite(limits)) or not np.all(limits[:, 0] < limits[:, 1]):
        raise ValueError(
            f"limits must be finite with low < high on each axis; got {limits.tolist()}"
        )
    return limits

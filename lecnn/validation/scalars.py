"""Checks of single values: integers, reals, fractions, positive numbers, intervals, seeds, paths,
keyword names."""

import inspect
import numbers
import os

import numpy as np

from lecnn.validation.arrays import as_real_array
from lecnn.validation.messages import type_error, value_error


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
        raise type_error("int_type", name=name, minimum=minimum, value=value)
    if maximum is not None and not minimum <= value <= maximum:
        raise value_error("int_range", name=name, minimum=minimum, maximum=maximum, value=value)
    if value < minimum:
        raise value_error("int_min", name=name, minimum=minimum, value=value)
    return int(value)


def check_bool(name, value):
    """Validate a switch: True or False (a string such as "yes" is not one).

    >>> check_bool("stratify", True)
    True
    """
    if not isinstance(value, (bool, np.bool_)):
        raise type_error("bool_type", name=name, value=value)
    return bool(value)


def check_real(name, value, low, high=None):
    """Validate a finite real argument >= ``low`` (and <= ``high``; a bool is not a number).

    Parameters
    ----------
    name : str
    value : object
    low : float
    high : float, optional

    Returns
    -------
    float
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise type_error("real_type", name=name, low=low, value=value)
    number = _finite_float(value)
    if number is None or number < low:
        raise value_error("real_value", name=name, low=low, value=value)
    if high is not None and number > high:
        raise value_error("real_range", name=name, low=low, high=high, value=value)
    return number


def check_fraction(name, value):
    """Validate a fraction: a real number strictly between 0 and 1 (a bool is not a number).

    >>> check_fraction("test_size", 0.25)
    0.25
    >>> check_fraction("test_size", 1.5)
    Traceback (most recent call last):
        ...
    ValueError: test_size は 0 より大きく 1 より小さい割合で指定してください (渡された値は 1.5) / test_size must be a fraction in (0, 1); got 1.5

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object

    Returns
    -------
    float
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise type_error("fraction", name=name, value=repr(value))
    number = _finite_float(value)
    if number is None or not 0 < number < 1:
        raise value_error("fraction", name=name, value=value)
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
        raise value_error("fractions_sum", names=names, values=values)
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
        raise type_error("positive_type", name=name, value=value)
    number = _finite_float(value)
    if number is None or number <= 0:
        raise value_error("positive_value", name=name, value=value)
    return number


def check_interval(low, high):
    """Validate an interval low < high of real numbers; infinite ends are allowed.

    Returns
    -------
    (float, float)
    """
    for name, value in (("low", low), ("high", high)):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            raise type_error("interval_type", name=name, value=value)
    low, high = float(low), float(high)
    if np.isnan(low) or np.isnan(high) or not low < high:
        raise value_error("interval", low=low, high=high)
    return low, high


def check_limits(limits):
    """Validate the limits of a 2-D plane: (low, high) for both axes, or one pair per axis.

    Returns
    -------
    ndarray of float, shape (2, 2)
        ((low_1, high_1), (low_2, high_2)), finite, low < high on each axis.
    """
    try:  # as_real_array refuses a range(10**10) before NumPy reads it whole
        limits = as_real_array(limits, "limits", finite=False).astype(float)
    except TypeError:
        raise type_error("limits_type", value=limits) from None
    if limits.shape == (2,):
        limits = np.array([limits, limits])
    if limits.shape != (2, 2):
        raise value_error("limits_shape", shape=limits.shape)
    if not np.all(np.isfinite(limits)) or not np.all(limits[:, 0] < limits[:, 1]):
        raise value_error("limits_value", value=limits.tolist())
    return limits


def check_seed(seed, allow_none=True):
    """Validate a random seed: an integer >= 0, or None (a fresh seed) if ``allow_none``.

    Every argument ``seed`` of lecnn goes through this one check, so -1, "abc" and 1.5
    get the same message everywhere (rather than NumPy's, from deep inside).

    >>> check_seed(3), check_seed(None)
    (3, None)

    Returns
    -------
    int or None
    """
    if seed is None and allow_none:
        return None
    key = "seed" if allow_none else "seed_int"
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise type_error(key, value=repr(seed))
    if seed < 0:
        raise value_error(key, value=seed)
    return int(seed)


EPS_RANGE = (1e-10, 1.0)
"""The steps ε a central difference accepts: below 1e-10 the rounding error of E, about
1e-16 / ε, swamps the difference; above 1 it no longer approximates a derivative."""


def check_eps(eps):
    """Validate the step ε of a finite difference: a number in ``EPS_RANGE``.

    >>> check_eps(1e-6)
    1e-06

    Returns
    -------
    float
    """
    eps = check_positive("eps", eps)
    low, high = EPS_RANGE
    if eps < low:
        raise value_error("eps_small", minimum=low, value=eps)
    if eps > high:
        raise value_error("eps_large", maximum=high, value=eps)
    return eps


def check_path(path, example, name="path"):
    """``path`` as text (``os.fspath``, bytes decoded), or a TypeError saying that a file
    name was expected; the text is kept as given (a trailing separator says "a folder").

    Parameters
    ----------
    path : str, bytes or os.PathLike
    example : str
        A name of the kind expected, for the message (e.g. "model.npz").
    name : str
        The argument's name, for the message.
    """
    try:
        return os.fsdecode(os.fspath(path))
    except TypeError:
        raise type_error(
            "path_type", name=name, example=example, kind=type(path).__name__
        ) from None


def check_keywords(function, keywords, call):
    """``keywords`` if ``function`` takes each of them by name.

    Parameters
    ----------
    function : callable
    keywords : dict
        The keyword arguments to be passed on to ``function``.
    call : str
        How the message names the call, e.g. "make_dataset('spirals')".

    Raises
    ------
    TypeError
        Naming the unknown keywords and those ``function`` takes.
    """
    params = inspect.signature(function).parameters.values()
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return keywords
    known = [p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    unknown = [key for key in keywords if key not in known]
    if unknown:
        raise type_error(
            "keyword_unknown",
            call=call,
            unknown=", ".join(map(str, unknown)),
            known=", ".join(known),
        )
    return keywords

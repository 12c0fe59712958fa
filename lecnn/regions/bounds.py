"""How many linear regions a ReLU network can have: the lecture's bound and one hidden layer's most.

Reference: G. Montúfar, R. Pascanu, K. Cho, Y. Bengio, "On the Number of Linear Regions of Deep
Neural Networks", NIPS 2014 (arXiv:1402.1869): the right-hand side of the lecture's bound. Its
left-hand side has the form of R. Pascanu, G. Montúfar, Y. Bengio, "On the number of response
regions of deep feed forward networks with piece-wise linear activations", ICLR 2014
(arXiv:1312.6098).
"""

import math

from lecnn.validation import check_int, value_error

MAX_DIGITS = 4000
"""Largest result, in decimal digits, that is computed: Python prints integers of up to 4300
digits, and a bound of 10⁴⁰⁰⁰ already says all there is to say."""
FLOAT_DIGITS = 307
"""Largest result of form="asymptotic", in digits: a float ends near 1.8 × 10³⁰⁸."""


def region_bound(q, d, r, form="sum"):
    """The lecture's lower bound on the largest number of linear regions (Montúfar et al. 2014).

    A network with d inputs and r ReLU hidden layers of width q ≥ d can, with
    suitable weights, cut the input space into at least

        form="sum":        ⌊q/d⌋^{(r-1)d} Σ_{j=0}^{d} C(q, j)   (Montúfar et al.'s bound for equal widths)
        form="asymptotic": (q/d)^{(r-1)d} q^d                 (its order of growth, the Ω(...) of the slide)

    regions. It bounds the maximum over all weights from below; random weights
    usually give far fewer. (The slide writes the sum up to q; it runs to d: Σ_{j=0}^{d}
    C(q, j) is the most regions q hyperplanes (lines for d = 2, points for d = 1) cut
    R^d into, the last layer's share; the first factor counts the copies made by the
    r - 1 folding layers.)

    Parameters
    ----------
    q : int
        Width of every hidden layer, q ≥ d.
    d : int
        Input dimension, d ≥ 1.
    r : int
        Number of hidden layers, r ≥ 1.
    form : {"sum", "asymptotic"}

    Returns
    -------
    int for form="sum" (exact), float for form="asymptotic"
    """
    d = check_int("d", d, 1)
    q = check_int("q", q, 1)
    r = check_int("r", r, 1)
    if q < d:
        raise value_error("bound_width", q=q, d=d)
    if form == "sum":
        _check_digits((r - 1) * d * math.log10(q // d) + _log10_hyperplane_regions(q, d))
        return (q // d) ** ((r - 1) * d) * _hyperplane_regions(q, d)
    if form == "asymptotic":
        _check_digits((r - 1) * d * math.log10(q / d) + d * math.log10(q), FLOAT_DIGITS)
        return float((q / d) ** ((r - 1) * d) * float(q) ** d)
    raise value_error("bound_form", value=form)


def max_regions_shallow(q, d):
    """Most regions one hidden layer of q ReLU units can make in R^d: Σ_{j=0}^{d} C(q, j).

    Each unit contributes one hyperplane u = 0, and q hyperplanes cut R^d into at
    most this many pieces (q + 1 on a line).

    Parameters
    ----------
    q, d : int

    Returns
    -------
    int
    """
    q = check_int("q", q, 1)
    d = check_int("d", d, 1)
    _check_digits(_log10_hyperplane_regions(q, d))
    return _hyperplane_regions(q, d)


def _log10_hyperplane_regions(q, d):
    """An upper estimate of log10 Σ_{j=0}^{d} C(q, j): d + 1 terms, none above the largest."""
    j = min(d, q // 2)
    log_comb = (math.lgamma(q + 1) - math.lgamma(j + 1) - math.lgamma(q - j + 1)) / math.log(10)
    return math.log10(d + 1) + log_comb


def _check_digits(log10_value, most=MAX_DIGITS):
    """Refuse a result of more than ``most`` digits before computing it (it would take minutes)."""
    if log10_value > most:
        raise value_error("bound_too_large", digits=int(log10_value) + 1, most=most)


def _hyperplane_regions(q, d):
    """Σ_{j=0}^{d} C(q, j): the most pieces q hyperplanes in general position cut R^d into."""
    return sum(math.comb(q, j) for j in range(d + 1))

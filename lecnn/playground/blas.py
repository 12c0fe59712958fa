"""BLAS on one thread while the playground computes: its matrices are small.

>>> from lecnn.playground.blas import SingleThreadBlas
>>> limit = SingleThreadBlas()
>>> with limit(), limit():  # reentrant: the inner use costs nothing
...     pass
"""

from functools import lru_cache

try:  # scikit-learn depends on threadpoolctl, so it is normally present
    from threadpoolctl import ThreadpoolController
except ImportError:  # pragma: no cover
    ThreadpoolController = None


class SingleThreadBlas:
    """``with``-able and reentrant: BLAS runs on one thread inside, as before outside.

    The playground's matrices are small; with the machine busy, OpenBLAS's
    threads wait on each other and a 3600 x 33 product took 15 ms instead of 0.4.
    Entering costs about a millisecond, so nested uses enter only once.
    """

    def __init__(self):
        self._depth = 0
        self._limiter = None

    def __call__(self):
        return self

    def __enter__(self):
        if self._depth == 0 and ThreadpoolController is not None:
            self._limiter = _controller().limit(limits=1, user_api="blas")
        self._depth += 1
        return self

    def __exit__(self, *exc):
        self._depth -= 1
        if self._depth == 0 and self._limiter is not None:
            self._limiter.restore_original_limits()
            self._limiter = None
        return False


@lru_cache(maxsize=1)
def _controller():
    return ThreadpoolController()

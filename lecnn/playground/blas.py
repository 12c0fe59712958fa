"""BLAS on one thread while the playground computes: its matrices are small.

With the machine busy, OpenBLAS's threads wait on each other and a 3600 x 33 product
took 15 ms instead of 0.4. ``single_thread_blas()`` is threadpoolctl's limit on one
``ThreadpoolController`` made once: ``threadpool_limits`` would look for the loaded BLAS
libraries again on every call (about 5 ms, against 0.1 ms for ``limit``). Uses nest: the
inner one sets and restores the same single thread.

>>> from lecnn.playground.blas import single_thread_blas
>>> with single_thread_blas(), single_thread_blas():
...     pass
"""

from functools import cache

from threadpoolctl import ThreadpoolController


@cache
def _controller():
    return ThreadpoolController()


def single_thread_blas():
    """A context manager: BLAS runs on one thread inside, as before outside."""
    return _controller().limit(limits=1, user_api="blas")

"""One BLAS thread: the engine parallelises itself, and a multithreaded BLAS under it oversubscribes the cores.

NumPy's OpenBLAS starts one thread per core for ``np.dot`` on long vectors (the weighted totals of every
run). Next to the engine's own worker threads (``models.compare``) and other sessions' runs, those threads
wait for each other: measured on the 2-core machine under load, the totals of one comparison took about
100 ms with OpenBLAS threads and under 1 ms with one (``bench/bench_reform.py``).
"""

from __future__ import annotations

_done = False


def limit_blas_threads() -> None:
    """Limit BLAS (OpenBLAS/MKL) to one thread in this process; safe to call more than once."""
    global _done
    if _done:
        return
    import numpy  # noqa: F401  (loads OpenBLAS, so that there is a pool to limit)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    _done = True

"""Process tuning for the engine: BLAS threads, the allocator, the worker threads and the engine gate.

Nothing here happens on import. The app (``app.py``), the CLI (``python -m models``) and the benchmarks call
:func:`configure` once at start; a library user who skips it gets correct results, only slower under load.

- **One BLAS thread.** NumPy's OpenBLAS starts one thread per core for ``np.dot`` on long vectors (the weighted
  totals of every run). Next to the engine's own worker threads and other sessions' runs those threads wait for
  each other (measured in docs/DEPLOYMENT.md). One thread also makes every sum the same from run to run and
  machine to machine, which the golden tables rely on.
- **Freed array memory kept in the process** (glibc only). A run allocates and frees dozens of arrays of a few
  megabytes; by default glibc serves blocks that size with fresh ``mmap`` pages and returns them on ``free``, so
  every run pays the page faults again. Raising the mmap and trim thresholds keeps those blocks in the heap for
  the next run; peak memory is unchanged.
- **Worker threads** (:func:`worker_pool`): the marginal-rate reruns of one comparison run side by side (numpy
  releases the GIL in array work); two threads, created on first use.
- **The engine gate** (:func:`engine_slot`): at most ``ARVOVALINNAT_ENGINE_THREADS`` engine runs at once in a
  server (default: the number of CPUs), and the scratch memory of a run handed back to the operating system
  afterwards (glibc ``malloc_trim``; ``ARVOVALINNAT_MALLOC_TRIM=0`` switches this off). docs/DEPLOYMENT.md has
  the measurements.
- **Reruns kept or not** (:func:`rerun_keep_max_households`): up to ``RERUN_KEEP_MAX_HOUSEHOLDS`` households a
  population keeps the sub-populations of its marginal- and participation-rate reruns, with their steps 1–2, between
  runs (faster); above it each rerun builds its sub-population and frees it afterwards (less memory: the 1:1
  population's peak, docs/DEVELOPING.md "Speed"). A rerun of more than ``RERUN_PART_HOUSEHOLDS`` households runs
  in parts of at most that many (the 1:1 population's: each part's arrays stay in the processor's cache).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy  # noqa: F401  - loaded here so that configure() limits its BLAS (threadpoolctl sees loaded libraries only)
from threadpoolctl import threadpool_limits

#: glibc's ``mallopt`` options.
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
#: Blocks up to this size stay in the heap when freed, and the heap is trimmed only above the second.
MMAP_THRESHOLD_BYTES = 256 * 2**20
TRIM_THRESHOLD_BYTES = 1024 * 2**20
#: Threads that run the reruns of one comparison.
WORKER_THREADS = 2
#: The largest population (households) whose rerun sub-populations are kept between runs: every population the
#: project builds, the 1:1 one included (2.87 M households). There a reform with every metric takes about 3.7 s
#: with them kept and 11 s without, and the peak of a budget-neutral comparison grows by about 0.7 GB (11.7 to
#: 12.4 GB; docs/DEVELOPING.md "Speed"). ``ARVOVALINNAT_RERUN_KEEP_MAX_HOUSEHOLDS`` lowers it where memory is short.
RERUN_KEEP_MAX_HOUSEHOLDS = 3_000_000
#: A marginal- or participation-rate rerun of more households than this computes in parts of at most this many
#: (models.rates): on the 1:1 population a run in parts of 50,000–250,000 households took 0.87–0.93 s against 1.14 s
#: in one pass (its arrays stay in the processor's cache). The default population's reruns stay whole.
RERUN_PART_HOUSEHOLDS = 150_000


class _State:
    """What :func:`configure` and the lazy accessors have set up in this process."""

    configured = False
    libc: ctypes.CDLL | None = None
    libc_loaded = False
    pool: ThreadPoolExecutor | None = None
    gate: threading.BoundedSemaphore | None = None
    lock = threading.Lock()


def configure() -> None:
    """Tune this process for the engine (idempotent): one BLAS thread and glibc keeping freed array memory."""
    with _State.lock:
        if _State.configured:
            return
        threadpool_limits(limits=1, user_api="blas")
        keep_freed_memory()
        _State.configured = True


def one_blas_thread() -> threadpool_limits:
    """A context in which BLAS uses one thread: the same sums in the same order whoever calls (the population
    builder's calibration runs in it, so a population is the same bit for bit with or without :func:`configure`)."""
    return threadpool_limits(limits=1, user_api="blas")


def _libc() -> ctypes.CDLL | None:
    """glibc, or None where there is none (macOS, musl)."""
    if not _State.libc_loaded:
        _State.libc_loaded = True
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                libc.malloc_trim.argtypes = [ctypes.c_size_t]
                _State.libc = libc
            except (OSError, AttributeError):
                _State.libc = None
    return _State.libc


def keep_freed_memory(mmap_threshold: int = MMAP_THRESHOLD_BYTES, trim_threshold: int = TRIM_THRESHOLD_BYTES) -> bool:
    """Raise glibc's mmap and trim thresholds; True where glibc accepted the settings (elsewhere a no-op)."""
    libc = _libc()
    if libc is None:
        return False
    try:
        return bool(
            libc.mallopt(M_MMAP_THRESHOLD, mmap_threshold) == 1 and libc.mallopt(M_TRIM_THRESHOLD, trim_threshold) == 1
        )
    except AttributeError:
        return False


def worker_threads() -> int:
    """The number of engine worker threads: ``ARVOVALINNAT_WORKER_THREADS`` or ``WORKER_THREADS`` (a process of a Dask
    cluster runs one, since the cluster already has one process per core)."""
    try:
        return max(1, int(os.environ.get("ARVOVALINNAT_WORKER_THREADS", "") or WORKER_THREADS))
    except ValueError:
        return WORKER_THREADS


def worker_pool() -> ThreadPoolExecutor:
    """The engine's worker threads (:func:`worker_threads`), created on first use."""
    with _State.lock:
        if _State.pool is None:
            _State.pool = ThreadPoolExecutor(max_workers=worker_threads(), thread_name_prefix="engine")
        return _State.pool


def rerun_keep_max_households() -> int:
    """The largest population (households) that keeps its rerun sub-populations:
    ``ARVOVALINNAT_RERUN_KEEP_MAX_HOUSEHOLDS`` or ``RERUN_KEEP_MAX_HOUSEHOLDS``."""
    try:
        return max(0, int(os.environ.get("ARVOVALINNAT_RERUN_KEEP_MAX_HOUSEHOLDS", "") or RERUN_KEEP_MAX_HOUSEHOLDS))
    except ValueError:
        return RERUN_KEEP_MAX_HOUSEHOLDS


def engine_threads() -> int:
    """Engine runs allowed at once: ``ARVOVALINNAT_ENGINE_THREADS`` or the number of CPUs."""
    try:
        return max(1, int(os.environ.get("ARVOVALINNAT_ENGINE_THREADS", "") or (os.cpu_count() or 2)))
    except ValueError:
        return max(1, os.cpu_count() or 2)


def release_memory() -> None:
    """Hand freed heap memory back to the operating system (glibc only; a few milliseconds)."""
    if os.environ.get("ARVOVALINNAT_MALLOC_TRIM", "1") == "0":
        return
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@contextlib.contextmanager
def engine_slot() -> Iterator[None]:
    """One engine computation in a server: waits for a free slot, and gives its scratch memory back afterwards."""
    with _State.lock:
        if _State.gate is None:
            _State.gate = threading.BoundedSemaphore(engine_threads())
        gate = _State.gate
    with gate:
        yield
    release_memory()

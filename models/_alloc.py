"""Keep freed array memory in the process (glibc only) so repeated model runs reuse it.

A run allocates and frees dozens of arrays of a few megabytes. By default glibc serves blocks that size
with fresh ``mmap`` pages and returns them on ``free``, so every run pays the page faults again. Raising
the mmap and trim thresholds keeps those blocks in the heap for the next run. Peak memory is unchanged
(the heap holds at most what one run needs); measured by ``bench/bench_reform.py``. Elsewhere a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
_done = False


def keep_freed_memory(mmap_threshold: int = 256 * 2**20, trim_threshold: int = 1024 * 2**20) -> bool:
    """Apply once per process; returns True where glibc accepted the settings."""
    global _done
    if _done or not sys.platform.startswith("linux"):
        return _done
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        ok = libc.mallopt(M_MMAP_THRESHOLD, mmap_threshold) == 1 and libc.mallopt(M_TRIM_THRESHOLD, trim_threshold) == 1
    except (OSError, AttributeError):
        ok = False
    _done = ok
    return ok

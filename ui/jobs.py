"""Background work on the distributed engine: a landscape's sweep or a scenario's band, one job per result for the whole
server, its progress read by every page that shows it.

- :func:`jobs` is the server's registry (one per process); :meth:`Jobs.start` starts ``work(client, progress)`` in a
  thread unless the same result is already being computed (two people asking for one band share one job). The
  thread only talks to Dask and writes the job's counters: no Streamlit call.
- :func:`engine_client` is the server's Dask client: the cluster at ``ARVOVALINNAT_DASK_SCHEDULER``, or a local
  cluster (one single-threaded worker process per core, ``ARVOVALINNAT_DASK_WORKERS`` to choose) started on first
  use and kept while the server runs.
- :func:`wait` gives a job the page's budget (``PAGE_BUDGET_S``) before the page shows a progress bar instead;
  :func:`progress_bar` redraws itself every second and reruns the page when the job is done.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from distributed import Client

from models.distributed import local_client

#: How long a page waits for a result before it shows a progress bar and lets the work go on in the background.
PAGE_BUDGET_S = 2.0


@dataclass
class Job:
    key: str
    done: int = 0
    total: int = 0
    error: str | None = None
    finished: bool = False
    started: float = field(default_factory=time.monotonic)

    def progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 0.0

    def seconds_left(self) -> float | None:
        """Remaining seconds at the pace so far (None before the first part is done)."""
        if self.done <= 0 or self.total <= self.done:
            return None
        return (time.monotonic() - self.started) / self.done * (self.total - self.done)


class Jobs:
    """The server's jobs by result key."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.jobs: dict[str, Job] = {}

    def get(self, key: str) -> Job | None:
        return self.jobs.get(key)

    def start(self, key: str, work: Callable[[Client, Callable[[int, int], None]], Any]) -> Job:
        """The job computing ``key``: the running one, or a new one (a page starts a job only when the result is not
        on disk, so a finished job's result has gone, or it failed)."""
        with self.lock:
            job = self.jobs.get(key)
            if job is not None and not job.finished:
                return job
            job = Job(key)
            self.jobs[key] = job
        threading.Thread(target=self._run, args=(job, work), daemon=True, name=f"arvovalinnat-{key}").start()
        return job

    @staticmethod
    def _run(job: Job, work: Callable[[Client, Callable[[int, int], None]], Any]) -> None:
        try:
            work(engine_client(), job.progress)
        except Exception as exc:  # noqa: BLE001 - any failure is shown on the page, the server goes on
            job.error = f"{type(exc).__name__}: {exc}"
        finally:
            job.finished = True


class _Engine:
    """The server's Dask client, created on first use."""

    client: Client | None = None
    lock = threading.Lock()
    registry = Jobs()


def jobs() -> Jobs:
    return _Engine.registry


def engine_client() -> Client:
    with _Engine.lock:
        if _Engine.client is None or _Engine.client.status in ("closed", "closing"):
            _Engine.client = local_client()
        return _Engine.client


def wait(job: Job, budget: float = PAGE_BUDGET_S) -> bool:
    """Whether ``job`` finished within ``budget`` seconds."""
    deadline = time.monotonic() + budget
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.05)
    return job.finished


@st.fragment(run_every=1.0)
def progress_bar(key: str, text: Callable[[Job], str]) -> None:
    """The job's progress, redrawn every second; the whole page reruns once the job is done."""
    job = jobs().get(key)
    if job is None or job.finished:
        st.rerun(scope="app")
    st.progress(min(job.share, 1.0), text=text(job))

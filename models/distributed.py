"""The distributed engine: a landscape's designs and a band's draws run on a Dask cluster (docs/DEPLOYMENT.md, "Sweeps
on a cluster").

- :func:`engine`: a ``LocalCluster`` with one single-threaded worker process per core (``ARVOVALINNAT_DASK_WORKERS``
  to choose), or the existing cluster at ``scheduler`` / ``ARVOVALINNAT_DASK_SCHEDULER`` — the same sweep, no code
  change.
- :class:`EnginePlugin`: each worker loads a population from its disk cache (:func:`models.population.store.
  load_population`, built there when missing) the first time a task needs it, and keeps it with its baseline
  run: the population reaches a worker once, never with a task. A worker whose engine code differs from the
  client's refuses to work (:class:`EngineMismatch`), so a cluster never mixes two versions of the law.
- :func:`run_chunks`: tasks of a few designs (or draws) each; every finished task is written as one Parquet file
  ``chunk-NNNNN.parquet`` (atomically, by the client). A sweep started again skips the chunks on disk, so an
  interrupted sweep resumes where it stopped; a task lost with its worker is run again by Dask, and a chunk is
  written once whatever happens.

Imported only by the CLI and the app's sweep and band helpers (``import models.compare`` does not load Dask).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker

from models import runtime
from models.baseline import BaselineRun, baseline_run
from models.landscape import band_run, variant_record
from models.landscape_spec import FinancingRule, Variant
from models.parameter_types import ASSUMPTIONS_DIR
from models.parameters import Parameters, load_parameters
from models.population.core import Population
from models.population.store import load_population
from models.scenario import Scenario
from models.uncertainty import perturbed, uncertain_parameters

SCHEDULER_ENV = "ARVOVALINNAT_DASK_SCHEDULER"
WORKERS_ENV = "ARVOVALINNAT_DASK_WORKERS"
ROOT = Path(__file__).resolve().parent.parent
#: Where landscapes and bands are cached unless ``ARVOVALINNAT_SWEEP_CACHE`` names another directory.
CACHE_DIR = ROOT / ".cache"
CACHE_ENV = "ARVOVALINNAT_SWEEP_CACHE"
PLUGIN_NAME = "arvovalinnat-engine"
#: Populations a worker keeps at once (a band's draws use several seeds; each is ~0.3 GB at 100,000 households).
WORKER_POPULATIONS = 3
#: The environment of a local worker: one engine thread (the cluster has one worker per core) and few malloc arenas.
WORKER_ENV = {"ARVOVALINNAT_WORKER_THREADS": "1", "MALLOC_ARENA_MAX": "2", "OMP_NUM_THREADS": "1"}

Progress = Callable[[int, int], None]


class EngineMismatch(RuntimeError):
    """A worker runs other engine code or other assumptions than the client."""


class SweepDirError(ValueError):
    """An output directory that holds another sweep."""


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the engine's code and data: every module of ``models`` and every YAML file of ``assumptions`` but the
    landscape specs (and numpy's version): a result cached under it is never read by other code."""
    digest = hashlib.sha256(f"numpy {np.__version__}".encode())
    data = [
        p for p in sorted(ASSUMPTIONS_DIR.rglob("*.yaml")) if "landscapes" not in p.relative_to(ASSUMPTIONS_DIR).parts
    ]
    for path in sorted((ROOT / "models").rglob("*.py")) + data:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    """The directory of the landscape and band caches: ``ARVOVALINNAT_SWEEP_CACHE`` or ``<repo>/.cache``."""
    return Path(os.environ.get(CACHE_ENV) or CACHE_DIR)


def params_digest(params: Parameters) -> str:
    """A hash of the law in force (two dates with the same law share cached results)."""
    return hashlib.sha256(params.model_dump_json().encode()).hexdigest()[:16]


def default_workers() -> int:
    """Local worker processes: ``ARVOVALINNAT_DASK_WORKERS`` or one per core."""
    try:
        return max(1, int(os.environ.get(WORKERS_ENV, "") or (os.cpu_count() or 1)))
    except ValueError:
        return max(1, os.cpu_count() or 1)


def scheduler_address(scheduler: str | None = None) -> str | None:
    """The cluster to use: ``scheduler``, else ``ARVOVALINNAT_DASK_SCHEDULER``, else None (a local cluster)."""
    return scheduler or os.environ.get(SCHEDULER_ENV) or None


@contextlib.contextmanager
def engine(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the cluster at ``scheduler`` (or ``ARVOVALINNAT_DASK_SCHEDULER``), or of a new local cluster with
    ``workers`` single-threaded processes (default :func:`default_workers`); closed on leaving."""
    address = scheduler_address(scheduler)
    if address:
        with Client(address) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers or default_workers(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            env=WORKER_ENV,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def local_client(workers: int | None = None) -> Client:
    """A client of a new local cluster that lives as long as the process (the app's background sweeps and bands);
    or of the configured cluster."""
    address = scheduler_address()
    if address:
        return Client(address)
    cluster = LocalCluster(
        n_workers=workers or default_workers(),
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        env=WORKER_ENV,
    )
    return Client(cluster)


class EnginePlugin(WorkerPlugin):
    """A worker's populations and baselines, loaded once per worker (see the module docstring)."""

    name = PLUGIN_NAME

    def __init__(self, version: str):
        self.version = version
        self.populations: OrderedDict[tuple[int, int], Population] = OrderedDict()
        self.baselines: dict[tuple[int, int, str], tuple[Parameters, BaselineRun]] = {}

    def setup(self, worker: Any) -> None:
        runtime.configure()
        self.mismatch = code_version() != self.version

    def check(self) -> None:
        if self.mismatch:
            raise EngineMismatch(
                f"this worker runs engine {code_version()}, the client {self.version}: give every worker the same "
                "checkout of the code and assumptions"
            )

    def population(self, size: int, seed: int) -> Population:
        key = (size, seed)
        if key not in self.populations:
            while len(self.populations) >= WORKER_POPULATIONS:
                old, _ = self.populations.popitem(last=False)
                self.baselines = {k: v for k, v in self.baselines.items() if k[:2] != old}
            self.populations[key] = load_population(size, seed=seed)
        self.populations.move_to_end(key)
        return self.populations[key]

    def baseline(self, size: int, seed: int, law_date: dt.date) -> tuple[Population, Parameters, BaselineRun]:
        pop = self.population(size, seed)
        key = (size, seed, law_date.isoformat())
        if key not in self.baselines:
            params = load_parameters(law_date)
            self.baselines[key] = (params, baseline_run(pop, params, traps=True))
        params, base = self.baselines[key]
        return pop, params, base


def worker_engine() -> EnginePlugin:
    """This worker's :class:`EnginePlugin` (in a task)."""
    plugin = get_worker().plugins[PLUGIN_NAME]
    assert isinstance(plugin, EnginePlugin)
    plugin.check()
    return plugin


class _Registered:
    """The clients (by id) whose cluster has the engine plugin: registered again, it would start empty."""

    clients: set[str] = set()


def register_engine(client: Client) -> None:
    """Give every worker of ``client``'s cluster, and every worker that joins later, the engine plugin (once per
    client: the workers keep their populations from one sweep or band to the next)."""
    if client.id in _Registered.clients:
        return
    client.register_plugin(EnginePlugin(code_version()), name=PLUGIN_NAME)
    _Registered.clients.add(client.id)


# --- tasks (module-level functions: Dask sends them by reference) -----------------------------------------------
@dataclass(frozen=True)
class LandscapeJob:
    size: int
    seed: int
    law_date: dt.date
    rule: FinancingRule
    variants: tuple[Variant, ...]


def landscape_task(job: LandscapeJob) -> list[dict[str, Any]]:
    """The records of a few designs, on this worker's population and baseline."""
    pop, params, base = worker_engine().baseline(job.size, job.seed, job.law_date)
    return [variant_record(pop, params, base, v, job.rule) for v in job.variants]


@dataclass(frozen=True)
class BandJob:
    size: int
    law_date: dt.date
    scenario: Scenario
    draws: tuple[tuple[int, int, dict[str, float]], ...]  # (draw number, population seed, parameter draw); -1 central


def band_task(job: BandJob) -> list[dict[str, Any]]:
    """The records of a few draws of a band; draw −1 is the central run (the run's seed, the law as it is)."""
    plugin = worker_engine()
    central = load_parameters(job.law_date)
    uncertain = uncertain_parameters()
    out = []
    for number, seed, draw in job.draws:
        pop = plugin.population(job.size, seed)
        params = perturbed(central, draw, uncertain) if draw else central
        record = band_run(pop, central, params, job.scenario)
        out.append({"draw": number, "seed": seed, **record})
    return out


# --- chunks on disk -------------------------------------------------------------------------------------------------
def chunk_path(directory: Path, number: int) -> Path:
    return Path(directory) / f"chunk-{number:05d}.parquet"


def done_chunks(directory: Path) -> set[int]:
    """The chunks already written (a file that cannot be read counts as not written)."""
    done = set()
    for path in Path(directory).glob("chunk-*.parquet"):
        try:
            pq.read_metadata(path)
        except (OSError, pa.ArrowInvalid):
            continue
        done.add(int(path.stem.split("-")[1]))
    return done


def write_chunk(directory: Path, number: int, records: list[dict[str, Any]]) -> None:
    """One chunk as Parquet, written to a temporary file and renamed into place (never half a chunk)."""
    path = chunk_path(directory, number)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=path.stem, suffix=".tmp")
    os.close(fd)
    try:
        pq.write_table(pa.Table.from_pylist(records), tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_chunks(directory: Path) -> pa.Table | None:
    """Every chunk written so far as one table (None when there is none)."""
    paths = [chunk_path(directory, n) for n in sorted(done_chunks(directory))]
    if not paths:
        return None
    return pa.concat_tables([pq.read_table(p) for p in paths], promote_options="default")


def run_chunks(
    client: Client,
    task: Callable[[Any], list[dict[str, Any]]],
    jobs: list[Any],
    directory: Path,
    key: str,
    progress: Progress | None = None,
) -> None:
    """Run ``task(job)`` for every job whose chunk is not on disk yet, and write each result as its chunk."""
    directory.mkdir(parents=True, exist_ok=True)
    done = done_chunks(directory)
    todo = [n for n in range(len(jobs)) if n not in done]
    if progress:
        progress(len(done), len(jobs))
    if not todo:
        return
    register_engine(client)
    futures = {client.submit(task, jobs[n], key=f"arvovalinnat-{key}-{n}", pure=False): n for n in todo}
    finished = len(done)
    for future in as_completed(futures):
        n = futures[future]
        write_chunk(directory, n, future.result())
        future.release()
        finished += 1
        if progress:
            progress(finished, len(jobs))


def write_json(path: Path, data: dict[str, Any]) -> None:
    """A JSON file written atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.stem, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1, default=str)
    os.replace(tmp, path)


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None

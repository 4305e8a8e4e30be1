"""A landscape's sweep and a scenario's uncertainty band, run on the distributed engine and cached on disk.

- :func:`prepare_landscape` names a sweep: its variants, population and a key of everything its numbers depend on
  (the variants and financing, the population, the law in force, the engine's code). Its directory
  (``.cache/landscapes/<spec>-n<size>-<key>/`` or the CLI's ``--out``) holds ``manifest.json`` and the Parquet
  chunks; :func:`sweep` fills it (resuming), :func:`landscape_table` reads it, finished or not.
- :func:`prepare_bands`, :func:`compute_bands` and :func:`cached_bands` do the same for a band
  (``.cache/bands/<key>/``, the summary in ``bands.json``): keyed by the scenario, the law, the population and the
  band spec (docs/UNCERTAINTY.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
from distributed import Client

from models.distributed import (
    BandJob,
    LandscapeJob,
    Progress,
    SweepDirError,
    band_task,
    code_version,
    landscape_task,
    params_digest,
    read_chunks,
    read_json,
    run_chunks,
    write_json,
)
from models.distributed import (
    cache_dir as default_cache_dir,
)
from models.landscape import band_summary
from models.landscape_spec import LandscapeSpec, Variant, expand, spec_digest
from models.parameters import default_law_date, load_parameters
from models.scenario import Scenario
from models.uncertainty import BandSpec, draw_table, load_band_spec, population_seed, uncertain_parameters

#: Designs per task: small enough that a lost worker costs little and the last tasks spread over the workers, large
#: enough that Dask's per-task cost (a few ms) is lost in the engine's time.
CHUNK_SIZE = 8
#: Draws per task of a band (draws of one population seed go together).
BAND_CHUNK = 4
MANIFEST = "manifest.json"


def _key(*parts: Any) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class LandscapeRun:
    spec: LandscapeSpec
    variants: tuple[Variant, ...]
    size: int
    seed: int
    key: str
    directory: Path
    chunk_size: int = CHUNK_SIZE


def prepare_landscape(
    spec: LandscapeSpec,
    size: int | None = None,
    seed: int | None = None,
    out: Path | None = None,
    cache_dir: Path | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> LandscapeRun:
    """The sweep of ``spec`` on the population of ``size`` and ``seed`` (the spec's by default); its directory is
    ``out`` or the cache's. Raises :class:`SweepDirError` when ``out`` holds another sweep."""
    variants = tuple(expand(spec))
    size = size or spec.population.size
    seed = spec.population.seed if seed is None else seed
    law = params_digest(load_parameters(spec.law_date))
    key = _key(spec_digest(spec, list(variants)), size, seed, law, code_version(), chunk_size)
    directory = (
        Path(out)
        if out
        else Path(cache_dir or default_cache_dir()) / "landscapes" / f"{spec.name or 'spec'}-n{size}-{key}"
    )
    manifest = read_json(directory / MANIFEST)
    if manifest is not None and manifest.get("key") != key:
        raise SweepDirError(f"{directory}: holds another sweep (key {manifest.get('key')}); choose another directory")
    return LandscapeRun(spec, variants, size, seed, key, directory, chunk_size)


def landscape_jobs(run: LandscapeRun) -> list[LandscapeJob]:
    """The sweep's tasks: ``chunk_size`` variants each, in variant order."""
    v, n = run.variants, run.chunk_size
    return [
        LandscapeJob(run.size, run.seed, run.spec.law_date, run.spec.financing, v[i : i + n])
        for i in range(0, len(v), n)
    ]


def _manifest(run: LandscapeRun, complete: bool) -> dict[str, Any]:
    return {
        "key": run.key,
        "spec": run.spec.name,
        "title": run.spec.title.model_dump(),
        "variants": len(run.variants),
        "chunk_size": run.chunk_size,
        "population": {"size": run.size, "seed": run.seed},
        "law_date": run.spec.law_date.isoformat(),
        "financing": run.spec.financing.model_dump(),
        "engine": code_version(),
        "complete": complete,
        "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def sweep(run: LandscapeRun, client: Client, progress: Progress | None = None) -> pa.Table:
    """Every variant's record (resuming from the chunks on disk), sorted by variant number."""
    write_json(run.directory / MANIFEST, _manifest(run, False))
    run_chunks(client, landscape_task, landscape_jobs(run), run.directory, run.key, progress)
    table = landscape_table(run)
    assert table is not None and table.num_rows == len(run.variants)
    write_json(run.directory / MANIFEST, _manifest(run, True))
    return table


def landscape_table(run: LandscapeRun) -> pa.Table | None:
    """The records written so far, sorted by variant (None before the first chunk)."""
    table = read_chunks(run.directory)
    return None if table is None else table.sort_by("variant")


def is_complete(run: LandscapeRun) -> bool:
    manifest = read_json(run.directory / MANIFEST)
    return bool(manifest and manifest.get("key") == run.key and manifest.get("complete"))


# --- bands ----------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BandRun:
    scenario: Scenario
    spec: BandSpec
    size: int
    seed: int
    law_date: dt.date
    key: str
    directory: Path


def prepare_bands(
    scenario: Scenario,
    size: int,
    seed: int = 2025,
    law_date: dt.date | None = None,
    spec: BandSpec | None = None,
    cache_dir: Path | None = None,
) -> BandRun:
    """The band of ``scenario`` on the population of ``size`` and ``seed`` under the law of ``law_date`` (default:
    :func:`~models.parameters.default_law_date`)."""
    law_date = default_law_date() if law_date is None else law_date
    spec = spec or load_band_spec()
    law = params_digest(load_parameters(law_date))
    key = _key(scenario.model_dump_json(exclude={"name"}), spec.model_dump_json(), size, seed, law, code_version())
    directory = Path(cache_dir or default_cache_dir()) / "bands" / key
    return BandRun(scenario, spec, size, seed, law_date, key, directory)


def band_jobs(run: BandRun) -> list[BandJob]:
    """The central run, then the draws grouped by population seed, ``BAND_CHUNK`` to a task."""
    draws = draw_table(uncertain_parameters(), run.spec.draws, run.spec.seed)
    numbered = [(i, population_seed(run.seed, i, run.spec), d) for i, d in enumerate(draws)]
    numbered.sort(key=lambda x: (x[1], x[0]))
    chunks: list[tuple[tuple[int, int, dict[str, float]], ...]] = [((-1, run.seed, {}),)] + [
        tuple(numbered[i : i + BAND_CHUNK]) for i in range(0, len(numbered), BAND_CHUNK)
    ]
    return [BandJob(run.size, run.law_date, run.scenario, c) for c in chunks]


def compute_bands(run: BandRun, client: Client, progress: Progress | None = None) -> dict[str, Any]:
    """The band (resuming from the chunks on disk), written to ``bands.json`` and returned."""
    run_chunks(client, band_task, band_jobs(run), run.directory, run.key, progress)
    table = read_chunks(run.directory)
    assert table is not None
    rows = table.to_pylist()
    central = next(r for r in rows if r["draw"] == -1)
    draws = [r for r in rows if r["draw"] >= 0]
    bands = {
        "level": run.spec.level,
        "draws": len(draws),
        "population_seeds": run.spec.population_seeds,
        "parameters": len(uncertain_parameters()),
        "households": run.size,
        "law_date": run.law_date.isoformat(),
        "converged": all(r["converged"] for r in rows),
        "metrics": band_summary(central, draws, run.spec.level),
    }
    write_json(run.directory / "bands.json", bands)
    return bands


def cached_bands(run: BandRun) -> dict[str, Any] | None:
    """The band computed before, or None."""
    return read_json(run.directory / "bands.json")


def finite(x: Any) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(x)

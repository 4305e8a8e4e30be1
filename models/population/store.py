"""A disk cache of built populations: build once, load in well under a second afterwards.

A population is stored as one uncompressed ``.npz`` file (numpy arrays only, no pickle) under
``<repo>/.cache/population/``. The file name holds the size, the seed and a hash of everything that
determines the result — the targets and generator YAML files, the source of every module of
``models/population`` (the generator's steps, the calibration, the schema and the Population class), and
numpy's version (its random streams) — so editing any of them builds afresh. Nothing is ever downloaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from models.population import calibrate, synthetic
from models.population.core import Population
from models.population.schema import HOUSEHOLD_COLUMNS, PERSON_COLUMNS

#: Bump to invalidate every cache file when the file layout changes.
CACHE_VERSION = 1
DEFAULT_CACHE_DIR = Path(__file__).resolve().parents[2] / ".cache" / "population"

#: The inputs of a synthetic population: the two YAML files and every module of this package (sorted).
_HASHED_FILES = (
    calibrate.TARGETS_PATH,
    synthetic.GENERATOR_PATH,
    *sorted(Path(__file__).resolve().parent.glob("*.py")),
)


def inputs_hash() -> str:
    """A hash of every input that determines a synthetic population (16 hex digits)."""
    digest = hashlib.sha256()
    digest.update(f"v{CACHE_VERSION};numpy {np.__version__}".encode())
    for path in _HASHED_FILES:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_path(n_households: int | str, seed: int, cache_dir: Path | None = None) -> Path:
    """The cache file of the population of this size and seed built from today's inputs."""
    count = synthetic.resolve_household_count(n_households)
    directory = Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE_DIR
    return directory / f"population-n{count}-seed{int(seed)}-{inputs_hash()}.npz"


def save_population(pop: Population, path: Path) -> None:
    """Write ``pop`` to ``path`` atomically (a temporary file renamed into place)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    for name, a in pop.households.items():
        arrays[f"h__{name}"] = np.asarray(a)
    for name, a in pop.persons.items():
        arrays[f"p__{name}"] = np.asarray(a)
    meta = {"source": pop.source, "calibration_report": list(pop.calibration_report)}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.stem, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)  # type: ignore[arg-type]  # numpy stubs read the names as allow_pickle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_population(path: Path) -> Population:
    """Read a population written by :func:`save_population`."""
    with np.load(Path(path), allow_pickle=False) as data:
        households = {k[3:]: data[k] for k in data.files if k.startswith("h__")}
        persons = {k[3:]: data[k] for k in data.files if k.startswith("p__")}
        meta: dict[str, Any] = json.loads(data["meta"].tobytes().decode("utf-8"))
    for cols, table in ((HOUSEHOLD_COLUMNS, households), (PERSON_COLUMNS, persons)):
        for c in cols:
            if c.name not in table or table[c.name].dtype != np.dtype(c.dtype):
                raise ValueError(f"{path}: column '{c.name}' missing or of the wrong type")
    return Population(households, persons, source=meta["source"], calibration_report=tuple(meta["calibration_report"]))


def load_population(n_households: int | str = 100_000, seed: int = 2025, cache_dir: Path | None = None) -> Population:
    """The calibrated synthetic population, from the disk cache when it is there.

    Builds with :func:`models.population.synthetic.build_population` on the first call for a given
    size, seed and set of inputs, and writes the result to ``cache_dir`` (default
    ``<repo>/.cache/population``). ``n_households="full"`` is one synthetic household per Finnish
    household (weights ≈ 1). A cache file that cannot be read is rebuilt; a cache directory that
    cannot be written only costs the rebuild next time.
    """
    path = cache_path(n_households, seed, cache_dir)
    if path.exists():
        try:
            return read_population(path)
        except (OSError, ValueError, KeyError):
            pass
    pop = synthetic.build_population(n_households, seed)
    try:
        save_population(pop, path)
    except OSError:
        pass
    return pop

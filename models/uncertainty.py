"""The uncertain parameters and their draws: what the 90 % bands re-run a scenario over (docs/UNCERTAINTY.md).

- A parameter is uncertain when its file states a ``range`` with two different ends (every ``unconfirmed``
  parameter states one; so do the take-up rates and the literature elasticities). :func:`uncertain_parameters`
  lists them.
- :func:`draw_table` spreads ``n`` draws over the ranges by Latin hypercube (each range cut into ``n`` equal strata,
  one draw in each, the strata shuffled independently per parameter), seeded: the same spec gives the same draws.
- A draw is ``{key: number}``: the value itself for an absolute range, a factor of the value in force for a relative
  one. :func:`perturbed` applies it to the law of a date. An absolute range is written for the value of its year:
  where the law of another date has moved the value outside the range (an amount indexed in 2026), the draw moves
  the value in force by the same factor as it moves the range's midpoint; a parameter not in force on the date is
  left out.
- :class:`BandSpec` (``assumptions/bands.yaml``): how many draws, over how many population seeds, at which level.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import Field, ValidationError

from models.parameter_types import (
    ASSUMPTIONS_DIR,
    INTEGER_UNITS,
    PARAMETERS_DIR,
    Bracket,
    FrozenModel,
    ParameterError,
    ParameterRange,
    parameter_files,
)
from models.parameters import Parameters

BANDS_PATH = ASSUMPTIONS_DIR / "bands.yaml"


class BandSpec(FrozenModel):
    """How a band is drawn: ``draws`` runs, each on one of ``population_seeds`` synthetic populations (the run's seed
    and the next ones) with every uncertain parameter drawn from its range; the band holds the middle ``level`` of
    the draws."""

    draws: int = Field(40, ge=4, le=2000)
    population_seeds: int = Field(5, ge=1, le=100)
    level: float = Field(0.9, gt=0, lt=1)
    seed: int = Field(1, ge=0)
    reason: str = Field("", description="Why these numbers (in the YAML file)")


def load_band_spec(path: Path = BANDS_PATH) -> BandSpec:
    """The band spec of ``assumptions/bands.yaml``; errors name the file and the field."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return BandSpec.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise ParameterError(f"{path}: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(file)'}: {e['msg']}" for e in exc.errors())
        raise ParameterError(f"{path}: {problems}") from exc


@dataclass(frozen=True)
class UncertainParameter:
    key: str  # section.name
    unit: str
    range: ParameterRange


def uncertain_parameters(directory: Path = PARAMETERS_DIR) -> tuple[UncertainParameter, ...]:
    """Every parameter with a range of two different ends, sorted by key."""
    return tuple(
        UncertainParameter(key, f.unit, f.range)
        for key, f in sorted(parameter_files(directory).items())
        if f.range is not None and f.range.high > f.range.low
    )


def draw_table(uncertain: tuple[UncertainParameter, ...], n: int, seed: int) -> list[dict[str, float]]:
    """``n`` Latin-hypercube draws over the ranges: one dict ``{key: value or factor}`` per draw."""
    rng = np.random.default_rng(seed)
    out: list[dict[str, float]] = [{} for _ in range(n)]
    for u in uncertain:
        strata = (rng.permutation(n) + rng.random(n)) / n
        values = u.range.low + strata * (u.range.high - u.range.low)
        if u.unit in INTEGER_UNITS and not u.range.relative:
            values = np.floor(u.range.low + strata * (u.range.high - u.range.low + 1))
            values = np.minimum(values, u.range.high)
        for i in range(n):
            out[i][u.key] = float(values[i])
    return out


def _scaled(value: Any, factor: float, unit: str) -> Any:
    """``value`` with its amounts times ``factor``: a number, a scale's thresholds, every number of a table."""
    if isinstance(value, tuple) and value and isinstance(value[0], Bracket):
        return tuple(Bracket(threshold=b.threshold * factor, rate=b.rate) for b in value)
    if isinstance(value, dict):
        return {k: _scaled(v, factor, unit) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return type(value)(_scaled(v, factor, unit) for v in value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int) or unit in INTEGER_UNITS:
        return int(round(value * factor))
    return float(value) * factor


def perturbed(params: Parameters, draw: dict[str, float], uncertain: tuple[UncertainParameter, ...]) -> Parameters:
    """The law ``params`` with the draw's values (absolute ranges) and factors (relative ranges) applied."""
    by_key = {u.key: u for u in uncertain}
    updates: dict[str, dict[str, Any]] = {}
    for key, x in draw.items():
        section, name = key.split(".", 1)
        u = by_key[key]
        current = getattr(getattr(params, section), name)
        if current is None:
            continue  # not in force on this date
        if u.range.relative:
            value = _scaled(current, x, u.unit)
        elif (
            isinstance(current, (int, float))
            and not u.range.low <= current <= u.range.high
            and u.range.low + u.range.high
        ):
            value = _scaled(current, 2 * x / (u.range.low + u.range.high), u.unit)
        elif u.unit in INTEGER_UNITS or isinstance(current, int):
            value = int(round(x))
        else:
            value = float(x)
        updates.setdefault(section, {})[name] = value
    sections = {s: getattr(params, s).model_copy(update=fields) for s, fields in updates.items()}
    return params.model_copy(update=sections)


def population_seed(base_seed: int, draw: int, spec: BandSpec) -> int:
    """The synthetic population of draw ``draw``: the run's seed and the next ``population_seeds − 1`` in turn."""
    return base_seed + draw % spec.population_seeds

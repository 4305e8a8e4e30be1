"""Uprating the population's incomes and costs to the law year with published indices (and forecasts of them).

The population is built from statistics of an earlier year; a run under a later year's law raises its money
amounts by the change of the index that follows each of them: wages and other earned income by the earnings
level index (Statistics Finland, *ansiotasoindeksi*), earnings-related pensions in payment by the TyEL index
(*työeläkeindeksi*, Työntekijän eläkelaki 395/2006), rents by Statistics Finland's rent index and other
amounts by the consumer price index. Each index is a table of annual average levels keyed by year (any base:
only ratios are used); years not yet published are forecasts, marked in the parameter files.
"""

from __future__ import annotations

from pydantic import field_validator

from models.parameter_types import FrozenModel


class UpratingParameters(FrozenModel):
    """Annual average index levels by year (one YAML table per field)."""

    #: The year the population's money amounts are at (no uprating for a run of that year).
    population_year: int
    earnings_index: dict[int, float]
    pension_index: dict[int, float]
    rent_index: dict[int, float]
    consumer_price_index: dict[int, float]

    @field_validator("earnings_index", "pension_index", "rent_index", "consumer_price_index")
    @classmethod
    def _positive_levels(cls, v: dict[int, float]) -> dict[int, float]:
        if not v:
            raise ValueError("needs the level of at least one year")
        bad = [year for year, level in v.items() if not level > 0]
        if bad:
            raise ValueError(f"index levels must be positive (years {', '.join(map(str, sorted(bad)))})")
        return v


def uprating_factor(index: dict[int, float], from_year: int, to_year: int) -> float:
    """The factor that takes an amount of ``from_year`` to ``to_year``: the ratio of the index's annual levels.

    ``index[to_year] / index[from_year]``; 1 when the years are equal, below 1 when ``to_year`` is earlier or the
    index fell. A year without a level is an error that names the year and the years the table has.
    """
    missing = [year for year in (from_year, to_year) if year not in index]
    if missing:
        known = ", ".join(map(str, sorted(index)))
        raise ValueError(f"no index level for {', '.join(map(str, missing))} (the table has {known})")
    return index[to_year] / index[from_year]

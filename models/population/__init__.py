"""The population: schema, synthetic builder and calibration, disk cache, user microdata.

``load_microdata`` and ``MicrodataError`` are imported lazily (they need pandas), so the engine can use
the population without importing pandas.
"""

from typing import Any

from models.population.calibrate import calibration_report
from models.population.core import HouseholdType, Population
from models.population.schema import Role, Status, Tenure
from models.population.store import load_population
from models.population.synthetic import build_population

__all__ = [
    "HouseholdType",
    "MicrodataError",
    "Population",
    "Role",
    "Status",
    "Tenure",
    "build_population",
    "calibration_report",
    "load_microdata",
    "load_population",
]

_LAZY = {"load_microdata", "MicrodataError", "write_microdata"}


def __getattr__(name: str) -> Any:
    """``load_microdata``, ``MicrodataError`` and ``write_microdata`` on first use.

    The one documented import inside a function: :mod:`models.population.microdata` needs pandas, which the
    engine does not (and which takes a second to import).
    """
    if name in _LAZY:
        from models.population import microdata  # lazy: pandas

        return getattr(microdata, name)
    raise AttributeError(f"module 'models.population' has no attribute {name!r}")

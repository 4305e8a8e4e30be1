"""The law of a date: every parameter section of :mod:`models.rules` as one frozen, typed :class:`Parameters`.

Every number a user might question lives in one small YAML file under ``assumptions/parameters/<section>/<name>.yaml``
(OpenFisca / PolicyEngine style; the format is :mod:`models.parameter_types`). ``<section>`` is a field of
:class:`Parameters` and ``<name>`` a field of that section's model, defined next to the rules that use it. The
loader takes, for each file, the value that applies on the simulation date (the latest ``values`` key not after it),
builds ``{section: {name: value}}`` and validates it with pydantic. A file without a label in all three languages,
a unit or a source, or one that is not a field of its section, is refused at start-up.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from models.parameter_types import PARAMETERS_DIR, FrozenModel, ParameterError, parameter_files
from models.rules.behaviour import BehaviourParameters
from models.rules.daycare import DaycareFeeParameters
from models.rules.family import ChildBenefitParameters, ChildMaintenanceParameters, HomeCareAllowanceParameters
from models.rules.housing import HousingAllowanceParameters
from models.rules.modelling import ModellingAssumptions
from models.rules.parental import ParentalAllowanceParameters
from models.rules.pensioners_housing import PensionersHousingAllowanceParameters
from models.rules.pensions import PensionParameters
from models.rules.social_assistance import SocialAssistanceParameters
from models.rules.student_aid import StudentAidParameters
from models.rules.tax import TaxParameters
from models.rules.timing import TimingParameters
from models.rules.unemployment import UnemploymentParameters
from models.rules.uprating import UpratingParameters

#: The named law years and the date each is evaluated at: 1 August, after the year's mid-year changes (students'
#: housing supplement 1.8.2025; general support 1.5.2026 and the daycare fees of 1.8.2026). A run may use any date.
LAW_YEARS: dict[int, dt.date] = {2025: dt.date(2025, 8, 1), 2026: dt.date(2026, 8, 1), 2027: dt.date(2027, 8, 1)}

#: The first and the last day whose law the parameters hold (every parameter has a value for each day between).
FIRST_LAW_DATE = dt.date(2025, 1, 1)
LAST_LAW_DATE = dt.date(2027, 12, 31)

#: The law of scenarios and links saved before runs had a law date (they were made against 2025 law).
LEGACY_LAW_DATE = LAW_YEARS[2025]

#: The environment variable that pins "today" (tests, reproducible runs, a server that should not follow the calendar).
LAW_DATE_ENV = "ARVOVALINNAT_LAW_DATE"


def default_law_date() -> dt.date:
    """The law in force today: today's date, or the ISO date in ``ARVOVALINNAT_LAW_DATE``."""
    pinned = os.environ.get(LAW_DATE_ENV, "").strip()
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError as exc:
            raise ParameterError(f"{LAW_DATE_ENV}: '{pinned}' is not a date (YYYY-MM-DD)") from exc
    return dt.date.today()


def law_year_of(date: dt.date) -> int | None:
    """The named law year whose evaluation date ``date`` is, or None."""
    return next((year for year, d in LAW_YEARS.items() if d == date), None)


class Parameters(FrozenModel):
    """The law in force on a date: one section per area of law (each section's fields are its YAML files)."""

    tax: TaxParameters
    unemployment: UnemploymentParameters
    housing_allowance: HousingAllowanceParameters
    social_assistance: SocialAssistanceParameters
    child_benefit: ChildBenefitParameters
    child_maintenance: ChildMaintenanceParameters
    home_care_allowance: HomeCareAllowanceParameters
    student_aid: StudentAidParameters
    pensions: PensionParameters
    pensioners_housing_allowance: PensionersHousingAllowanceParameters
    daycare: DaycareFeeParameters
    parental_allowance: ParentalAllowanceParameters
    modelling: ModellingAssumptions
    timing: TimingParameters
    behaviour: BehaviourParameters
    uprating: UpratingParameters
    #: The date whose law this is (None for parameters built by hand, e.g. in tests).
    date: dt.date | None = None


def section_models() -> dict[str, type[FrozenModel]]:
    """Section name -> the section's pydantic model."""
    sections: dict[str, type[FrozenModel]] = {}
    for name, info in Parameters.model_fields.items():
        if name == "date":
            continue
        assert isinstance(info.annotation, type) and issubclass(info.annotation, FrozenModel)
        sections[name] = info.annotation
    return sections


def load_parameters(date: dt.date | None = None, directory: Path = PARAMETERS_DIR) -> Parameters:
    """The law in force on ``date`` (default: :func:`default_law_date`) as a frozen, typed :class:`Parameters`."""
    return _load_parameters(default_law_date() if date is None else date, directory)


@lru_cache(maxsize=16)
def _load_parameters(date: dt.date, directory: Path) -> Parameters:
    sections = section_models()
    raw: dict[str, dict[str, Any]] = {name: {} for name in sections}
    for key, pfile in parameter_files(directory).items():
        section, name = key.split(".", 1)
        if section not in sections:
            raise ParameterError(f"{key}: unknown section '{section}' (known: {', '.join(sections)})")
        field = sections[section].model_fields.get(name)
        if field is None:
            raise ParameterError(f"{key}: '{name}' is not a field of the {section} section")
        if min(pfile.values) > date and _allows_none(field.annotation):
            raw[section][name] = None  # a rule that comes into force later: not in force on this date
        else:
            raw[section][name] = pfile.value_at(date)
    try:
        return Parameters.model_validate({**raw, "date": date})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ParameterError(f"parameters on {date}: {problems}") from exc


def _allows_none(annotation: Any) -> bool:
    """True for an optional field (``X | None``): a parameter of a rule that is not in force on every date."""
    return type(None) in get_args(annotation)


def parameter_table(date: dt.date | None = None, lang: str = "en") -> list[dict[str, Any]]:
    """One row per parameter in force on ``date`` (default: :func:`default_law_date`) for the assumptions page and
    exports."""
    date = default_law_date() if date is None else date
    rows = []
    for key, pfile in parameter_files().items():
        try:
            value = pfile.value_at(date)
        except ValueError:
            continue  # not in force on this date
        refs = pfile.references_at(date)
        start, entry = pfile.entry_at(date)
        rows.append(
            {
                "key": key,
                "label": getattr(pfile.label, lang),
                "value": value,
                "unit": pfile.unit,
                "applies_from": start.isoformat(),
                "status": entry.status,
                "carried_forward": pfile.carried_forward(date),
                "unconfirmed": pfile.unconfirmed,
                "note": pfile.note or "",
                "sources": [r.model_dump(exclude_none=True) for r in refs],
            }
        )
    return rows

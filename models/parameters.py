"""Parameters as data: the YAML tree under ``assumptions/parameters`` as a frozen, typed object.

Every number a user might question lives in one small YAML file (OpenFisca / PolicyEngine style)::

    # assumptions/parameters/<section>/<name>.yaml
    label: {fi: ..., sv: ..., en: ...}
    description: One sentence in English on what the number is.
    unit: EUR/month            # one of UNITS below
    reference:                 # sources that apply to every value (optional if each value has one)
      - title: Kela – Työttömyysturva
        href: https://www.kela.fi/...
    unconfirmed: false         # true when only a secondary or unofficial source was found
    note: Why it is unconfirmed, or how a value was derived (optional)
    values:
      2024-01-01:
        value: 37.21
        reference: [{title: ..., href: ...}]   # optional per-value source

``<section>`` is a section of :class:`Parameters` and ``<name>`` a field of that section's
model. The loader takes, for each file, the value that applies on the simulation date (the
latest ``values`` key not after it), builds ``{section: {name: value}}`` and validates it with
pydantic into a frozen :class:`Parameters`. A file without a label in all three languages, a
unit or a source, or one that is not a field of its section, is refused at start-up.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

ASSUMPTIONS_DIR = Path(__file__).resolve().parent.parent / "assumptions"
PARAMETERS_DIR = ASSUMPTIONS_DIR / "parameters"

#: The date whose law the baseline applies, unless the caller asks for another.
#: 1 August 2025: after students moved to the student housing supplement.
DEFAULT_DATE = dt.date(2025, 8, 1)

UNITS = (
    "EUR/month",
    "EUR/year",
    "EUR/day",
    "EUR",
    "/1",  # a share or rate, 0.25 = 25 %
    "days",
    "months",
    "years",
    "count",
    "scale",  # progressive scale: brackets of threshold (EUR/year) and rate (/1)
    "table",  # a table of EUR/month values keyed as described in the file
)


class FrozenModel(BaseModel):
    """Base for every parameter section: immutable, unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Bracket(FrozenModel):
    """One bracket of a progressive scale: ``rate`` applies above ``threshold``."""

    threshold: float = Field(ge=0)
    rate: float = Field(ge=0, le=1)


Scale = tuple[Bracket, ...]


class LocalizedText(FrozenModel):
    fi: str = Field(min_length=1)
    sv: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Reference(FrozenModel):
    """A source: a title and at least one of a URL, a statute, or (for modelling assumptions) a reason."""

    title: str = Field(min_length=1)
    href: str | None = None
    statute: str | None = None
    reason: str | None = None

    @model_validator(mode="after")
    def _has_locator(self) -> "Reference":
        if not (self.href or self.statute or self.reason):
            raise ValueError("a reference needs href, statute or reason")
        return self


class DatedValue(FrozenModel):
    value: Any
    reference: tuple[Reference, ...] = ()


class ParameterFile(FrozenModel):
    """The metadata and dated values of one parameter file."""

    label: LocalizedText
    description: str = Field(min_length=1)
    unit: Literal[UNITS]  # type: ignore[valid-type]
    reference: tuple[Reference, ...] = ()
    unconfirmed: bool = False
    note: str | None = None
    values: dict[dt.date, DatedValue] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_value_has_a_source(self) -> "ParameterFile":
        if not self.reference:
            missing = [str(d) for d, v in self.values.items() if not v.reference]
            if missing:
                raise ValueError(f"no reference for the values from {', '.join(missing)}")
        return self

    def value_at(self, date: dt.date) -> Any:
        """The value in force on ``date``: the latest entry not after it."""
        applicable = [d for d in self.values if d <= date]
        if not applicable:
            first = min(self.values)
            raise ValueError(f"no value in force on {date} (the first applies from {first})")
        return self.values[max(applicable)].value

    def references_at(self, date: dt.date) -> tuple[Reference, ...]:
        applicable = [d for d in self.values if d <= date]
        own = self.values[max(applicable)].reference if applicable else ()
        return tuple(own) + tuple(self.reference)


class ParameterError(ValueError):
    """A parameter file is missing, malformed, or not a field of its section."""


def _sections() -> dict[str, type[FrozenModel]]:
    """Section name -> pydantic model, each defined next to the rules that use it."""
    from models.behaviour import BehaviourParameters
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
    from models.rules.unemployment import UnemploymentParameters
    from models.spells import TimingParameters

    return {
        "tax": TaxParameters,
        "unemployment": UnemploymentParameters,
        "housing_allowance": HousingAllowanceParameters,
        "social_assistance": SocialAssistanceParameters,
        "child_benefit": ChildBenefitParameters,
        "child_maintenance": ChildMaintenanceParameters,
        "home_care_allowance": HomeCareAllowanceParameters,
        "student_aid": StudentAidParameters,
        "pensions": PensionParameters,
        "pensioners_housing_allowance": PensionersHousingAllowanceParameters,
        "daycare": DaycareFeeParameters,
        "parental_allowance": ParentalAllowanceParameters,
        "modelling": ModellingAssumptions,
        "timing": TimingParameters,
        "behaviour": BehaviourParameters,
    }


def _build_parameters_model() -> type[FrozenModel]:
    from pydantic import create_model

    fields = {name: (model, ...) for name, model in _sections().items()}
    return create_model("Parameters", __base__=FrozenModel, **fields)  # type: ignore[call-overload]


def read_parameter_file(path: Path) -> ParameterFile:
    """Parse and validate one YAML parameter file; errors name the file and the field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ParameterError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ParameterError(f"{path}: expected a mapping at the top level")
    try:
        return ParameterFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(file)'}: {e['msg']}" for e in exc.errors()
        )
        raise ParameterError(f"{path}: {problems}") from exc


@lru_cache(maxsize=1)
def parameter_files(directory: Path = PARAMETERS_DIR) -> dict[str, ParameterFile]:
    """Every parameter file keyed by ``section.name``."""
    files: dict[str, ParameterFile] = {}
    for path in sorted(directory.glob("*/*.yaml")):
        files[f"{path.parent.name}.{path.stem}"] = read_parameter_file(path)
    return files


@lru_cache(maxsize=8)
def load_parameters(date: dt.date = DEFAULT_DATE, directory: Path = PARAMETERS_DIR):
    """The law in force on ``date`` as a frozen, typed ``Parameters`` object."""
    sections = _sections()
    raw: dict[str, dict[str, Any]] = {name: {} for name in sections}
    for key, pfile in parameter_files(directory).items():
        section, name = key.split(".", 1)
        if section not in sections:
            raise ParameterError(f"{key}: unknown section '{section}' (known: {', '.join(sections)})")
        if name not in sections[section].model_fields:
            raise ParameterError(f"{key}: '{name}' is not a field of the {section} section")
        raw[section][name] = pfile.value_at(date)
    try:
        return _parameters_model()(**raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ParameterError(f"parameters on {date}: {problems}") from exc


@lru_cache(maxsize=1)
def _parameters_model() -> type[FrozenModel]:
    return _build_parameters_model()


def parameter_table(date: dt.date = DEFAULT_DATE, lang: str = "en") -> list[dict[str, Any]]:
    """One row per parameter for the assumptions page and exports."""
    rows = []
    for key, pfile in parameter_files().items():
        try:
            value = pfile.value_at(date)
        except ValueError:
            continue
        refs = pfile.references_at(date)
        rows.append(
            {
                "key": key,
                "label": getattr(pfile.label, lang),
                "value": value,
                "unit": pfile.unit,
                "applies_from": max(d for d in pfile.values if d <= date).isoformat(),
                "unconfirmed": pfile.unconfirmed,
                "note": pfile.note or "",
                "sources": [r.model_dump(exclude_none=True) for r in refs],
            }
        )
    return rows

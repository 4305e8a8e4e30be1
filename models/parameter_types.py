"""The base types of parameters as data: one YAML file per parameter, its metadata and dated values.

The lowest layer of the engine (docs/DEVELOPING.md): the rules define their parameter sections with
:class:`FrozenModel`, :class:`Bracket` and :class:`Scale`; :mod:`models.parameters` assembles the sections into
the typed :class:`models.parameters.Parameters` of a date. The file format::

    # assumptions/parameters/<section>/<name>.yaml
    label: {fi: ..., sv: ..., en: ...}
    description: One sentence in English on what the number is.
    unit: EUR/month            # one of UNITS below
    reference:                 # sources that apply to every value (optional if each value has one)
      - title: Kela – Työttömyysturva
        href: https://www.kela.fi/...
    unconfirmed: false         # true when only a secondary or unofficial source was found
    note: Why it is unconfirmed, or how a value was derived (optional)
    range:                     # where the true value plausibly lies (required when unconfirmed; the bands draw it)
      low: 0.5                 # in the parameter's unit, around the latest value
      high: 0.7
      relative: false          # true: factors of the value in force (a scale's thresholds, every amount of a table)
      reason: Why these ends.
    values:
      2024-01-01:
        value: ...
        reference: [{title: ..., href: ...}]   # optional per-value source
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

ASSUMPTIONS_DIR = Path(__file__).resolve().parent.parent / "assumptions"
PARAMETERS_DIR = ASSUMPTIONS_DIR / "parameters"

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

#: Units whose values are whole numbers (a drawn value is rounded).
INTEGER_UNITS = ("days", "months", "years", "count")


def _share(v: float) -> float:
    if not 0.0 <= v <= 1.0:
        raise ValueError("must be a share between 0 and 1")
    return v


#: A parameter that is a proportion (a take-up rate, a compensation rate): refused outside [0, 1].
Share = Annotated[float, AfterValidator(_share)]


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
    def _has_locator(self) -> Reference:
        if not (self.href or self.statute or self.reason):
            raise ValueError("a reference needs href, statute or reason")
        return self


class ParameterRange(FrozenModel):
    """Where a parameter's true value plausibly lies: what the uncertainty bands draw from (docs/UNCERTAINTY.md).

    Absolute ends are in the parameter's unit and hold one of its dated values (the year they were written for);
    ``relative`` ends are factors of the value in force on the run's date (for a scale its thresholds, for a table
    every amount). Equal ends state that nothing is drawn, and the reason says why."""

    low: float
    high: float
    relative: bool = False
    reason: str = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> ParameterRange:
        if self.high < self.low:
            raise ValueError("high must not be below low")
        if self.relative and self.low <= 0:
            raise ValueError("relative ends are factors above 0")
        return self


class DatedValue(FrozenModel):
    """One value of a parameter, in force from its date.

    ``status`` says whether the law behind it is enacted or only proposed (e.g. the government's budget proposal
    for the coming year); ``until`` is the last day the value is known to apply (an enacted freeze, say), so a
    later date shows it as carried forward rather than known.
    """

    value: Any
    reference: tuple[Reference, ...] = ()
    status: Literal["enacted", "proposed"] = "enacted"
    until: dt.date | None = None


class ParameterFile(FrozenModel):
    """The metadata and dated values of one parameter file."""

    label: LocalizedText
    description: str = Field(min_length=1)
    unit: Literal[UNITS]  # type: ignore[valid-type]
    reference: tuple[Reference, ...] = ()
    unconfirmed: bool = False
    note: str | None = None
    #: ``yearly``: an amount reviewed every year (indexed, or set in each year's budget): a date in a later year
    #: than its latest value shows the value as carried forward. ``when_amended``: changes only by an amendment.
    review: Literal["yearly", "when_amended"] = "when_amended"
    range: ParameterRange | None = None
    values: dict[dt.date, DatedValue] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_value_has_a_source(self) -> ParameterFile:
        if not self.reference:
            missing = [str(d) for d, v in self.values.items() if not v.reference]
            if missing:
                raise ValueError(f"no reference for the values from {', '.join(missing)}")
        return self

    @model_validator(mode="after")
    def _range_fits(self) -> ParameterFile:
        r = self.range
        if r is None or r.relative:
            return self
        if self.unit in ("scale", "table"):
            raise ValueError("range: a scale or a table takes a relative range (relative: true)")
        # An absolute range is written for the value of one year (the uncertain one); a later year's indexed value
        # may lie outside it, and a draw then moves that value by the same factor (models/uncertainty.py).
        numbers = [v.value for v in self.values.values() if isinstance(v.value, (int, float))]
        if numbers and not any(r.low <= x <= r.high for x in numbers):
            raise ValueError(f"range: {r.low}…{r.high} holds none of the dated values {numbers}")
        if self.unit in INTEGER_UNITS and not (float(r.low).is_integer() and float(r.high).is_integer()):
            raise ValueError(f"range: a parameter in {self.unit} takes whole ends")
        return self

    def value_at(self, date: dt.date) -> Any:
        """The value in force on ``date``: the latest entry not after it."""
        applicable = [d for d in self.values if d <= date]
        if not applicable:
            first = min(self.values)
            raise ValueError(f"no value in force on {date} (the first applies from {first})")
        return self.values[max(applicable)].value

    def entry_at(self, date: dt.date) -> tuple[dt.date, DatedValue]:
        """The date and entry in force on ``date``."""
        applicable = [d for d in self.values if d <= date]
        if not applicable:
            raise ValueError(f"no value in force on {date} (the first applies from {min(self.values)})")
        start = max(applicable)
        return start, self.values[start]

    def carried_forward(self, date: dt.date) -> bool:
        """True when no value is known for ``date``: a yearly amount whose latest value is from an earlier year and
        not known to last (``until``), or any value past its ``until``."""
        start, entry = self.entry_at(date)
        if entry.until is not None:
            return date > entry.until
        return self.review == "yearly" and start.year < date.year

    def references_at(self, date: dt.date) -> tuple[Reference, ...]:
        applicable = [d for d in self.values if d <= date]
        own = self.values[max(applicable)].reference if applicable else ()
        return tuple(own) + tuple(self.reference)


class ParameterError(ValueError):
    """A parameter file is missing, malformed, or not a field of its section."""


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
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(file)'}: {e['msg']}" for e in exc.errors())
        raise ParameterError(f"{path}: {problems}") from exc


@lru_cache(maxsize=1)
def parameter_files(directory: Path = PARAMETERS_DIR) -> dict[str, ParameterFile]:
    """Every parameter file keyed by ``section.name``."""
    files: dict[str, ParameterFile] = {}
    for path in sorted(directory.glob("*/*.yaml")):
        files[f"{path.parent.name}.{path.stem}"] = read_parameter_file(path)
    return files

"""The spells file: a household whose work comes in short spells, month by month (``python -m models spells``).

A spells file (JSON) names the simulated months, the household and the worker's spells of paid work::

    {"schema_version": 1,
     "start": "2025-01", "months": 12,
     "household": {"adults": [{"age": 30, "status": "unemployed_labour_market_subsidy"}], "rent": 700,
                   "municipality_group": 2},
     "worker": 0,
     "unemployed_status": "unemployed_labour_market_subsidy",
     "wage_payment_lag_days": 0,
     "applies_for_social_assistance": true,
     "spells": [{"start": "2025-02-03", "end": "2025-02-14", "hours_per_week": 37.5, "hourly_wage": 14.0}]}

- ``start`` is the first simulated month (``YYYY-MM``, 2024-01 … 2030-12) and ``months`` their number (12–24).
- ``household`` is an example household in the format of ``python -m models schema household``; the worker is
  ``household.adults[worker]``. The worker's own ``earnings`` and ``status`` in it are replaced month by month:
  wages come from the spells, and on days without full-time work the worker is ``unemployed_status``.
- ``wage_payment_lag_days``: days after the end of a month of work on which its wage is paid (default: the
  parameter ``timing.wage_payment_lag_days``, the last day of the month).
- ``spells``: periods of paid work, ``start`` and ``end`` inclusive, inside the simulated months, not
  overlapping; ``hours_per_week`` (0 < h ≤ 80) spread evenly over Monday–Friday, ``hourly_wage`` in EUR (0 < w ≤ 500).
- Presets in ``assumptions/spells/*.json`` add ``title`` and ``story`` in fi/sv/en.

:func:`parse_spells` validates any JSON value and raises :class:`SpellsError` whose problems each name the
field (``spells.2.start``) with a code the app translates; nothing else is ever raised.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import ErrorDetails, PydanticCustomError

from models.household import HouseholdSpec
from models.parameter_types import ASSUMPTIONS_DIR, LocalizedText
from models.rules.social_assistance import ADULT_AGE

SPELLS_DIR = ASSUMPTIONS_DIR / "spells"
SCHEMA_VERSION: Literal[1] = 1
FIRST_MONTH = (2024, 1)
LAST_MONTH = (2030, 12)
MIN_MONTHS, MAX_MONTHS = 12, 24
MAX_SPELLS = 400
#: A spells file larger than this is refused before it is parsed.
MAX_FILE_BYTES = 1_000_000

UnemployedStatus = Literal[
    "unemployed_labour_market_subsidy", "unemployed_basic_allowance", "unemployed_earnings_related"
]

DEFAULT_HOUSEHOLD = HouseholdSpec(
    adults=[{"age": 30, "status": "unemployed_labour_market_subsidy"}], rent=700.0, municipality_group=2
)


class Spell(BaseModel):
    """One spell of paid work, ``start`` and ``end`` inclusive."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: dt.date
    end: dt.date
    hours_per_week: float = Field(gt=0, le=80, description="Working hours per week, spread over Monday–Friday")
    hourly_wage: float = Field(gt=0, le=500, description="Gross wage, EUR per hour")


def month_bounds(start: str, months: int) -> tuple[dt.date, dt.date]:
    """First and last day of the simulated months (``start`` is ``YYYY-MM``)."""
    year, month = (int(x) for x in start.split("-"))
    first = dt.date(year, month, 1)
    end_index = year * 12 + (month - 1) + months - 1
    ly, lm = divmod(end_index, 12)
    return first, dt.date(ly, lm + 1, calendar.monthrange(ly, lm + 1)[1])


def _custom(code: str, message: str, field: str, **ctx) -> PydanticCustomError:
    return PydanticCustomError(code, f"{field}: {message}", {"field": field, **ctx})


class SpellsFile(BaseModel):
    """A household, the simulated months and the worker's spells of work."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1] = SCHEMA_VERSION
    title: LocalizedText | None = None
    story: LocalizedText | None = None
    start: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}$", description="First simulated month, YYYY-MM")
    months: int = Field(12, ge=MIN_MONTHS, le=MAX_MONTHS)
    household: HouseholdSpec = DEFAULT_HOUSEHOLD
    worker: int = Field(0, ge=0, le=5, description="Index of the working adult in household.adults")
    unemployed_status: UnemployedStatus = "unemployed_labour_market_subsidy"
    wage_payment_lag_days: int | None = Field(None, ge=0, le=45)
    applies_for_social_assistance: bool = True
    spells: tuple[Spell, ...] = Field((), max_length=MAX_SPELLS)

    @model_validator(mode="after")
    def _check(self) -> SpellsFile:
        year, month = (int(x) for x in self.start.split("-"))
        if not 1 <= month <= 12 or not FIRST_MONTH <= (year, month) <= LAST_MONTH:
            raise _custom("month", "not a month from 2024-01 to 2030-12", "start")
        first, last = month_bounds(self.start, self.months)
        if (last.year, last.month) > LAST_MONTH:
            raise _custom("month", "the simulated months end after 2030-12", "months")
        # The months decide social assistance for one applicant, the head's family: an adult who is neither the head
        # nor the spouse applies on their own (Laki toimeentulotuesta 1412/1997, 3 §), which they do not follow.
        for i, adult in enumerate(self.household.adults):
            if self.household.applies_alone(i) and adult.age >= ADULT_AGE:
                raise _custom(
                    "separate_applicant",
                    f"adult {i + 1} would apply for social assistance on their own; the months follow one family",
                    "household",
                    n=i + 1,
                )
        if self.worker >= len(self.household.adults):
            raise _custom(
                "worker", f"there is no adult {self.worker} in household.adults", "worker", n=len(self.household.adults)
            )
        for i, s in enumerate(self.spells):
            if s.end < s.start:
                raise _custom("end_before_start", "ends before it starts", f"spells.{i}.end")
            for name, day in (("start", s.start), ("end", s.end)):
                if not first <= day <= last:
                    raise _custom(
                        "out_of_range",
                        f"{day} is outside the simulated months ({first} … {last})",
                        f"spells.{i}.{name}",
                        first=first.isoformat(),
                        last=last.isoformat(),
                    )
        order = sorted(range(len(self.spells)), key=lambda i: (self.spells[i].start, i))
        for a, b in pairwise(order):
            if self.spells[b].start <= self.spells[a].end:
                raise _custom(
                    "overlap", f"overlaps spell {a} (which ends {self.spells[a].end})", f"spells.{b}.start", other=a
                )
        return self

    @property
    def first_day(self) -> dt.date:
        return month_bounds(self.start, self.months)[0]

    @property
    def last_day(self) -> dt.date:
        return month_bounds(self.start, self.months)[1]


# --- errors -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """One thing wrong in a spells file: ``field`` (``spells.2.start``, ``(file)``), a ``code`` the app translates
    (``spells.error.<code>``) with ``params``, and the English ``message``."""

    field: str
    code: str
    message: str
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def kwargs(self) -> dict:
        return dict(self.params)


class SpellsError(ValueError):
    """An invalid spells file; ``problems`` name each field."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(f"{p.field}: {p.message}" for p in problems))


#: pydantic error types → (code, {param: ctx key}); every code has fixed parameters (translations use them).
_CODES: dict[str, tuple[str, dict[str, str]]] = {
    "extra_forbidden": ("unknown_field", {}),
    "missing": ("missing", {}),
    "greater_than": ("above", {"min": "gt"}),
    "greater_than_equal": ("min", {"min": "ge"}),
    "less_than": ("below", {"max": "lt"}),
    "less_than_equal": ("max", {"max": "le"}),
    "too_long": ("too_many", {"max": "max_length"}),
    "too_short": ("too_few", {"min": "min_length"}),
    "literal_error": ("choice", {"expected": "expected"}),
    "string_pattern_mismatch": ("format", {}),
    "month": ("month", {}),
    "worker": ("worker", {"n": "n"}),
    "end_before_start": ("end_before_start", {}),
    "out_of_range": ("out_of_range", {"first": "first", "last": "last"}),
    "overlap": ("overlap", {"other": "other"}),
    "separate_applicant": ("separate_applicant", {"n": "n"}),
}


def _problem(e: ErrorDetails) -> Problem:
    ctx = e.get("ctx") or {}
    loc = ".".join(str(p) for p in e.get("loc", ()))
    field = str(ctx.get("field") or loc or "(file)")
    kind = e.get("type", "")
    if kind in _CODES:
        code, keys = _CODES[kind]
        params = tuple((name, ctx.get(key, "")) for name, key in keys.items())
    elif kind.startswith(("date", "datetime")):
        code, params = "date", ()
    elif kind.endswith(("_type", "_parsing")) or kind in ("model_attributes_type", "dict_type", "finite_number"):
        code, params = "type", ()
    else:
        code, params = "invalid", (("detail", str(e.get("msg", ""))[:200]),)
    if code == "overlap":
        params = (("other", int(ctx.get("other", 0)) + 1),)
    message = "unknown field" if code == "unknown_field" else str(e.get("msg", "invalid"))
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    prefix = f"{field}: "
    if message.startswith(prefix):
        message = message[len(prefix) :]
    return Problem(field, code, message, params)


def parse_spells(raw: Any) -> SpellsFile:
    """Validate a decoded JSON value as a spells file; raises :class:`SpellsError` (and nothing else)."""
    if not isinstance(raw, dict):
        raise SpellsError([Problem("(file)", "not_object", "expected a JSON object")])
    try:
        return SpellsFile.model_validate(raw)
    except ValidationError as exc:
        problems = [_problem(e) for e in exc.errors()]
        raise SpellsError(problems or [Problem("(file)", "invalid", "invalid", (("detail", ""),))]) from None
    except RecursionError:
        raise SpellsError([Problem("(file)", "not_json", "nested too deeply")]) from None


def load_spells_bytes(content: bytes) -> SpellsFile:
    """A spells file from the bytes of an upload or a file; raises :class:`SpellsError`."""
    if len(content) > MAX_FILE_BYTES:
        raise SpellsError(
            [
                Problem(
                    "(file)",
                    "too_large",
                    f"larger than {MAX_FILE_BYTES // 1000} kB",
                    (("limit_kb", MAX_FILE_BYTES // 1000),),
                )
            ]
        )
    try:
        raw = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise SpellsError([Problem("(file)", "not_json", f"not valid JSON ({str(exc)[:120]})")]) from None
    return parse_spells(raw)


def read_spells_file(path: str | Path) -> SpellsFile:
    p = Path(path)
    if not p.is_file():
        raise SpellsError([Problem("(file)", "no_file", f"no such file '{path}'")])
    return load_spells_bytes(p.read_bytes())


def spells_to_json(spells: SpellsFile) -> str:
    """The file as JSON (defaults left out); :func:`parse_spells` of it gives the same file back."""
    return spells.model_dump_json(indent=1, exclude_none=True)


@lru_cache(maxsize=2)
def load_spell_presets(directory: Path = SPELLS_DIR) -> dict[str, SpellsFile]:
    """Every preset of ``assumptions/spells``, keyed by file stem without its order number, in file order."""
    out: dict[str, SpellsFile] = {}
    for path in sorted(Path(directory).glob("*.json")):
        key = re.sub(r"^\d+_", "", path.stem)
        try:
            spells = read_spells_file(path)
        except SpellsError as exc:
            raise ValueError(f"{path.name}: {exc}") from exc
        if spells.title is None:
            raise ValueError(f"{path.name}: a preset needs a title in fi/sv/en")
        out[key] = spells
    return out

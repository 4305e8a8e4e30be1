"""Example households: the ready examples, the page's sweep over earnings for today's system *and* a scenario,
"how many people live like them", and the custom form's validation. Pure numpy and pydantic (no streamlit):
the page and the report call these.

- The examples are data: ``assumptions/households/NN_<id>.json`` (see the README there).
- :func:`sweep` varies the monthly earnings of one adult (``follow``, the first adult unless the example says
  otherwise) with the earnings-sweep engine (:func:`models.sweep.run_sweep`); the breakdown of net income by
  component is :mod:`models.sweep`'s too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from models.household import HouseholdSpec, household_population
from models.parameter_types import ASSUMPTIONS_DIR, LocalizedText
from models.population.core import HOUSEHOLD_TYPE_NAMES, Population
from models.population.schema import STATUS_NAMES, UNEMPLOYED_STATUSES, Role
from models.scenario import Scenario
from models.sweep import Sweep, earnings_grid, run_sweep, sweep_size
from ui.i18n import parse_number

HOUSEHOLDS_DIR = ASSUMPTIONS_DIR / "households"
ROLE_NAMES = {Role.HEAD: "head", Role.SPOUSE: "spouse", Role.OTHER_ADULT: "other_adult", Role.CHILD: "child"}
STATUS_BY_CODE = {int(v): k for k, v in STATUS_NAMES.items()}
ADULT_STATUSES = tuple(n for n in STATUS_NAMES if n != "child")
TENURES = ("rented", "owner", "right_of_occupancy", "other")


# --- the examples ---------------------------------------------------------------------------------------
class ExampleHousehold(BaseModel):
    """One ready example: its name and one-line story in fi/sv/en, and the household."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = ""
    name: LocalizedText
    story: LocalizedText
    follow: int = Field(0, ge=0, description="The adult whose earnings the curves vary (0 = the first)")
    household: HouseholdSpec

    @model_validator(mode="after")
    def _follow(self) -> ExampleHousehold:
        if self.follow >= len(self.household.adults):
            raise ValueError(
                f"follow: there is no adult {self.follow} (the household has {len(self.household.adults)})"
            )
        return self

    @property
    def followed_earnings(self) -> float:
        return self.household.adults[self.follow].earnings


@lru_cache(maxsize=4)
def load_examples(directory: Path = HOUSEHOLDS_DIR) -> dict[str, ExampleHousehold]:
    """Every example household, keyed by its id (the file stem without the order number), in file order."""
    out: dict[str, ExampleHousehold] = {}
    for path in sorted(Path(directory).glob("*.json")):
        key = re.sub(r"^\d+_", "", path.stem)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            out[key] = ExampleHousehold.model_validate({**data, "id": key})
        except (json.JSONDecodeError, ValidationError) as exc:
            raise ValueError(f"{path.name}: {exc}") from exc
    return out


# --- the sweep ---------------------------------------------------------------------------------------------
def sweep(
    spec: HouseholdSpec,
    params,
    scenario: Scenario | None = None,
    earnings: np.ndarray | None = None,
    follow: int = 0,
) -> Sweep:
    """Net income and its parts at each earnings point (default :func:`models.sweep.earnings_grid`) of adult
    ``follow`` under ``scenario`` (None or the baseline scenario = today's law): one engine run."""
    grid = earnings_grid() if earnings is None else np.asarray(earnings, dtype=np.float64)
    copies = household_population(spec, np.full(sweep_size(grid), spec.adults[0].earnings))
    return run_sweep(copies, params, scenario, grid, follow)


# --- how many people live like them -------------------------------------------------------------------------------
def example_profile(spec: HouseholdSpec, follow: int = 0) -> dict:
    """The household type of ``spec`` and the followed adult's role and status (as the population codes them)."""
    pop = household_population(spec, np.array([spec.adults[0].earnings]))
    return {
        "household_type": int(pop.household_type[0]),
        "household_type_name": HOUSEHOLD_TYPE_NAMES[int(pop.household_type[0])],
        "role": int(pop.persons["role"][follow]),
        "role_name": ROLE_NAMES[Role(int(pop.persons["role"][follow]))],
        "status": int(pop.persons["status"][follow]),
        "status_name": STATUS_BY_CODE[int(pop.persons["status"][follow])],
    }


def similar_households(pop: Population, spec: HouseholdSpec, follow: int = 0) -> dict:
    """How many people in Finland live in a household similar to ``spec``, from the weighted population.

    *Similar* = the same household type (:class:`models.population.core.HouseholdType`) and a person in the
    same place in the household (the first adult = the household's reference person; a spouse; another
    adult such as a grown-up child living with the parents) with the same main activity as the followed
    adult. ``persons`` counts every member of those households; ``households`` the households.
    """
    prof = example_profile(spec, follow)
    role, status = pop.persons["role"], pop.persons["status"]
    same_person = (role == prof["role"]) & (status == prof["status"])
    mask = (pop.household_type == prof["household_type"]) & pop.hh_any(same_person)
    w = pop.households["weight"]
    size = pop.n_persons_in_household
    persons = float(np.dot(w[mask], size[mask]))
    total = float(np.dot(w, size))
    return {
        **prof,
        "persons": persons,
        "households": float(w[mask].sum()),
        "sample_households": int(mask.sum()),
        "population_persons": total,
        "share": persons / total if total > 0 else 0.0,
    }


# --- the custom form ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FieldError:
    """A problem in the custom form: ``field`` is a form field key, ``adult`` its adult (0-based) or None,
    ``key`` the translation key of the message (``households.error.*``) with ``params``."""

    field: str
    key: str
    adult: int | None = None
    params: tuple[tuple[str, object], ...] = ()

    @property
    def kwargs(self) -> dict:
        return dict(self.params)


def parse_ages(text: str) -> tuple[list[int], list[FieldError]]:
    """Children's ages from "3, 7" (commas, semicolons or spaces); an empty text is no children."""
    ages, errors = [], []
    for token in [s for s in re.split(r"[,;\s]+", (text or "").strip()) if s]:
        if not re.fullmatch(r"\d{1,3}", token):
            errors.append(FieldError("children_ages", "households.error.not_an_age", params=(("value", token[:20]),)))
        elif not 0 <= int(token) <= 17:
            errors.append(FieldError("children_ages", "households.error.child_age", params=(("value", token),)))
        else:
            ages.append(int(token))
    return ages, errors


#: The form's euro amounts: typed text in the app (read in the form's language), numbers from a file or a test.
AMOUNT_FIELDS = ("earnings", "previous_earnings", "earnings_related_pension")


def _amount(value, field: str, adult: int | None, lang: str, errors: list[FieldError]) -> float | None:
    """A euro amount of the form: a number as it is, a text read as ``lang`` writes numbers ("" is 0); a text
    that is not a number adds an error naming the field."""
    if not isinstance(value, str):
        return value or 0.0
    if not value.strip():
        return 0.0
    number = parse_number(value, lang)
    if number is None:
        errors.append(FieldError(field, "households.error.not_a_number", adult, (("value", value.strip()),)))
    return number


def spec_from_form(form: dict, lang: str = "en") -> tuple[HouseholdSpec | None, list[FieldError]]:
    """Validate the custom form and build the household. ``form`` has ``adults`` (list of dicts with age,
    status, earnings, previous_earnings, earnings_related_pension, lives_with_parents, in_services), ``couple``,
    ``children_ages`` (text), ``children_in_daycare``, ``rent``, ``tenure``, ``municipality_group``; the euro
    amounts may be typed text, read as ``lang`` writes numbers.

    Every problem is returned as a :class:`FieldError` naming its field; nothing is raised."""
    ages, errors = parse_ages(form.get("children_ages", ""))
    adults = [
        {**a, **{f: _amount(a.get(f), f, i, lang, errors) for f in AMOUNT_FIELDS}}
        for i, a in enumerate(form.get("adults") or [])
    ]
    rent = _amount(form.get("rent"), "rent", None, lang, errors)
    under7 = sum(a < 7 for a in ages)
    daycare = int(form.get("children_in_daycare") or 0)
    if daycare > under7:
        errors.append(
            FieldError("children_in_daycare", "households.error.daycare", params=(("n", daycare), ("under7", under7)))
        )
    couple = bool(form.get("couple")) and len(adults) >= 2
    if form.get("couple") and len(adults) < 2:
        errors.append(FieldError("couple", "households.error.couple"))
    for i, a in enumerate(adults):
        if a.get("lives_with_parents") and i == 0:
            errors.append(FieldError("lives_with_parents", "households.error.first_adult_with_parents", adult=i))
        if a.get("in_services") and STATUS_NAMES.get(str(a.get("status"))) not in UNEMPLOYED_STATUSES:
            errors.append(FieldError("in_services", "households.error.services_not_unemployed", adult=i))
    if errors:
        return None, errors
    data = {
        "adults": [
            {
                "age": a.get("age"),
                "status": a.get("status"),
                "earnings": a.get("earnings") or 0.0,
                "previous_earnings": a.get("previous_earnings") or 0.0,
                "earnings_related_pension": a.get("earnings_related_pension") or 0.0,
                "lives_with_parents": bool(a.get("lives_with_parents")),
                "in_services": bool(a.get("in_services")),
            }
            for a in adults
        ],
        "children_ages": ages,
        "children_in_daycare": daycare,
        "rent": rent,
        "tenure": form.get("tenure", "rented"),
        "municipality_group": form.get("municipality_group", 1),
        "couple": couple if len(adults) >= 2 else None,
    }
    try:
        return HouseholdSpec.model_validate(data), []
    except ValidationError as exc:
        return None, [_field_error(e) for e in exc.errors()]


def _field_error(e: dict) -> FieldError:
    loc = list(e.get("loc", ()))
    adult = None
    if len(loc) >= 3 and loc[0] == "adults" and isinstance(loc[1], int):
        adult, field = loc[1], str(loc[2])
    else:
        field = str(loc[0]) if loc else "household"
    ctx = e.get("ctx") or {}
    if e.get("type") in ("greater_than_equal", "greater_than"):
        return FieldError(field, "households.error.min", adult, (("min", ctx.get("ge", ctx.get("gt"))),))
    if e.get("type") in ("less_than_equal", "less_than"):
        return FieldError(field, "households.error.max", adult, (("max", ctx.get("le", ctx.get("lt"))),))
    return FieldError(field, "households.error.invalid", adult)


# --- net incomes of the examples (the report's household table) ---------------------------------------------------
def example_net_incomes(
    params, scenario: Scenario | None, examples: dict[str, ExampleHousehold] | None = None
) -> list[dict]:
    """Each example's net income (EUR/month) at its own earnings, today and under ``scenario``."""
    examples = load_examples() if examples is None else examples
    rows = []
    for key, ex in examples.items():
        x = np.array([ex.followed_earnings])
        base = sweep(ex.household, params, None, x, ex.follow)
        reform = sweep(ex.household, params, scenario, x, ex.follow)
        rows.append(
            {
                "id": key,
                "name": ex.name.model_dump(),
                "story": ex.story.model_dump(),
                "earnings": float(x[0]),
                "baseline": float(base.net_income[0]),
                "reform": float(reform.net_income[0]),
                "change": float(reform.net_income[0] - base.net_income[0]),
            }
        )
    return rows

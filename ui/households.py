"""Example households: the ready examples, a sweep over earnings for today's system *and* a scenario,
the breakdown of net income by component, "how many people live like them", and the custom form's
validation. Pure numpy and pydantic (no streamlit): the page and the report call these.

- The examples are data: ``assumptions/households/NN_<id>.json`` (see the README there).
- :func:`sweep` varies the monthly earnings of one adult (``follow``, the first adult unless the
  example says otherwise) and runs :func:`models.system.compute` once over every point, the points
  + EUR 100 (EMTR) and zero earnings (PTR and the "where each euro goes" view), with the scenario.
  ``models.household.sweep`` does the same for today's system only.
- Components are signed as they enter net income (:data:`models.system.COMPONENT_SIGNS`); work pension
  and capital income are one more part, ``other_income``, so the parts always sum to net income.
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
from models.population.schema import STATUS_NAMES, Role
from models.scenario import Scenario
from models.system import ALL_COMPONENTS, COMPONENT_SIGNS, compute

HOUSEHOLDS_DIR = ASSUMPTIONS_DIR / "households"
#: The earnings axis of every curve: 0 … 6,000 EUR/month in steps of 50.
EARNINGS_MAX = 6000.0
EARNINGS_STEP = 50.0
#: The increment of the effective marginal tax rate (as in models.household and models.compare).
EMTR_STEP = 100.0
#: Work pension and capital/other income: not a component of COMPONENT_SIGNS but part of net income.
OTHER_INCOME = "other_income"
PARTS = ALL_COMPONENTS + (OTHER_INCOME,)
PART_SIGNS = {**COMPONENT_SIGNS, OTHER_INCOME: +1}
ROLE_NAMES = {Role.HEAD: "head", Role.SPOUSE: "spouse", Role.OTHER_ADULT: "other_adult", Role.CHILD: "child"}
STATUS_BY_CODE = {int(v): k for k, v in STATUS_NAMES.items()}
ADULT_STATUSES = tuple(n for n in STATUS_NAMES if n != "child")
TENURES = ("rented", "owner", "right_of_occupancy", "other")


def earnings_grid() -> np.ndarray:
    return np.arange(0.0, EARNINGS_MAX + EARNINGS_STEP / 2, EARNINGS_STEP)


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
    def _follow(self) -> "ExampleHousehold":
        if self.follow >= len(self.household.adults):
            raise ValueError(f"follow: there is no adult {self.follow} (the household has {len(self.household.adults)})")
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
@dataclass(frozen=True, eq=False)
class Sweep:
    """One system's net income over the followed adult's earnings (EUR/month).

    ``parts`` are signed contributions to net income at each point (they sum to ``net_income``),
    ``parts_up`` the same at earnings + EMTR_STEP, ``parts_zero`` at zero earnings of the followed adult.
    """

    earnings: np.ndarray
    net_income: np.ndarray
    net_up: np.ndarray
    net_zero: float
    parts: dict[str, np.ndarray]
    parts_up: dict[str, np.ndarray]
    parts_zero: dict[str, float]

    @property
    def emtr(self) -> np.ndarray:
        """Effective marginal tax rate for +EUR 100/month: 1 − Δnet / 100."""
        return 1.0 - (self.net_up - self.net_income) / EMTR_STEP

    @property
    def ptr(self) -> np.ndarray:
        """Participation tax rate against zero earnings: 1 − (net − net at 0) / earnings (NaN at 0)."""
        e = self.earnings
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(e > 0, 1.0 - (self.net_income - self.net_zero) / np.where(e > 0, e, 1.0), np.nan)

    def nonzero_parts(self, tol: float = 0.005) -> list[str]:
        return [k for k in PARTS if np.any(np.abs(self.parts[k]) > tol) or abs(self.parts_zero[k]) > tol]


def _signed_parts(household: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    parts = {k: COMPONENT_SIGNS[k] * household[k] for k in ALL_COMPONENTS}
    parts[OTHER_INCOME] = household["earnings_related_pension"] + household["other_income"]
    return parts


def sweep(
    spec: HouseholdSpec,
    params,
    scenario: Scenario | None = None,
    earnings: np.ndarray | None = None,
    follow: int = 0,
) -> Sweep:
    """Net income and its parts at each earnings point of adult ``follow`` under ``scenario`` (None or the
    baseline scenario = today's law): one vectorised run of :func:`models.system.compute`."""
    grid = earnings_grid() if earnings is None else np.asarray(earnings, dtype=np.float64)
    if not 0 <= follow < len(spec.adults):
        raise ValueError(f"follow: there is no adult {follow}")
    n = len(grid)
    points = np.concatenate([grid, grid + EMTR_STEP, [0.0]])
    pop = household_population(spec, np.full(len(points), spec.adults[0].earnings))
    m = len(spec.adults) + len(spec.children_ages)
    person_earnings = np.array(pop.persons["earnings"], dtype=np.float64)
    person_earnings[follow::m] = points
    res = compute(pop, params, scenario, earnings=person_earnings)
    net = res.household["net_income"]
    parts = _signed_parts(res.household)
    return Sweep(
        earnings=grid,
        net_income=net[:n],
        net_up=net[n : 2 * n],
        net_zero=float(net[2 * n]),
        parts={k: v[:n] for k, v in parts.items()},
        parts_up={k: v[n : 2 * n] for k, v in parts.items()},
        parts_zero={k: float(v[2 * n]) for k, v in parts.items()},
    )


# --- breakdowns ------------------------------------------------------------------------------------------------
def breakdown_levels(s: Sweep) -> dict[str, np.ndarray]:
    """Net income by source: each part as it enters net income (sums to ``s.net_income``)."""
    return {k: s.parts[k] for k in PARTS}


def breakdown_from_zero(s: Sweep) -> dict[str, np.ndarray]:
    """Where each earned euro goes: each part's change against zero earnings of the followed adult.
    The parts sum to ``s.net_income − s.net_zero`` (earnings give, taxes and lost benefits take)."""
    return {k: s.parts[k] - s.parts_zero[k] for k in PARTS}


def breakdown_difference(reform: Sweep, base: Sweep) -> dict[str, np.ndarray]:
    """Which part makes the scenario's difference: sums to ``reform.net_income − base.net_income``."""
    return {k: reform.parts[k] - base.parts[k] for k in PARTS}


def breakdown_marginal(s: Sweep) -> dict[str, np.ndarray]:
    """Of EUR 100 more earnings, what each part gives (+) or takes (−): sums to 100 × (1 − EMTR)."""
    return {k: s.parts_up[k] - s.parts[k] for k in PARTS}


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


_FORM_FIELD = {"rent": "rent", "municipality_group": "municipality_group", "tenure": "tenure"}
_ADULT_FIELD = {"age", "status", "earnings", "previous_earnings", "earnings_related_pension", "lives_with_parents"}


def spec_from_form(form: dict) -> tuple[HouseholdSpec | None, list[FieldError]]:
    """Validate the custom form and build the household. ``form`` has ``adults`` (list of dicts with age,
    status, earnings, previous_earnings, earnings_related_pension, lives_with_parents), ``couple``,
    ``children_ages`` (text), ``children_in_daycare``, ``rent``, ``tenure``, ``municipality_group``.

    Every problem is returned as a :class:`FieldError` naming its field; nothing is raised."""
    ages, errors = parse_ages(form.get("children_ages", ""))
    adults = form.get("adults") or []
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
            }
            for a in adults
        ],
        "children_ages": ages,
        "children_in_daycare": daycare,
        "rent": form.get("rent") or 0.0,
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
def example_net_incomes(params, scenario: Scenario | None, examples: dict[str, ExampleHousehold] | None = None) -> list[dict]:
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


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    """User text made literal for Streamlit markdown (no links, images, HTML, colours or emoji codes)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))

"""Household calculator: one example household, its net income over a range of earnings.

A household file (JSON) names the adults, the children and the dwelling::

    {"adults": [{"age": 30, "status": "employed", "earnings": 0, "church_member": false}],
     "children_ages": [4, 8], "children_in_daycare": 1, "rent": 900, "municipality_group": 1}

The sweep varies the first adult's monthly gross earnings; every point is one household of a small
population, so the whole sweep is a single vectorised run of :func:`models.system.compute`. For each
point it reports net income (assuming the household claims every benefit it is entitled to), every component,
the effective marginal tax rate for ``EMTR_STEP`` EUR/month more earnings (EMTR) and the participation tax rate
against zero earnings (PTR).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.population.core import Population
from models.population.schema import (
    HOUSEHOLD_COLUMNS,
    PERSON_COLUMNS,
    STATUS_NAMES,
    UNEMPLOYED_STATUSES,
    Role,
    Status,
    StudyLevel,
    Tenure,
)
from models.sweep import run_sweep, sweep_points
from models.system import COMPONENT_SIGNS, COMPONENTS

StatusName = Literal[tuple(n for n in STATUS_NAMES if n != "child")]  # type: ignore[valid-type]
TenureName = Literal["rented", "owner", "right_of_occupancy", "other"]
_TENURE = {
    "rented": Tenure.RENTED,
    "owner": Tenure.OWNER,
    "right_of_occupancy": Tenure.RIGHT_OF_OCCUPANCY,
    "other": Tenure.OTHER,
}


class Adult(BaseModel):
    """An adult of the example household (money in EUR per month)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    age: int = Field(ge=18, le=110, description="Age in years")
    status: StatusName = Field(description="Main activity")  # type: ignore[valid-type]
    earnings: float = Field(default=0.0, ge=0, le=1_000_000, description="Gross earnings, EUR/month")
    church_member: bool = False
    previous_earnings: float = Field(
        default=0.0, ge=0, le=1_000_000, description="Monthly wage before unemployment (earnings-related allowance)"
    )
    earnings_related_pension: float = Field(default=0.0, ge=0, le=200_000, description="Own work pension, EUR/month")
    other_income: float = Field(default=0.0, ge=0, le=1_000_000, description="Capital and other income, EUR/month")
    unemployment_days_used: int = Field(default=0, ge=0, le=600)
    sex: Literal["male", "female"] = "female"
    lives_with_parents: bool = Field(default=False, description="An adult child living in the parents' home")
    in_services: bool = Field(
        default=False,
        description="In an employment-promoting service (training, a work trial, rehabilitative work ...), paid the "
        "unemployment benefit of the status",
    )

    @model_validator(mode="after")
    def _check_services(self) -> Adult:
        if self.in_services and STATUS_NAMES[self.status] not in UNEMPLOYED_STATUSES:
            raise ValueError(f"in_services: only an unemployed adult is in a service, not '{self.status}'")
        return self


class HouseholdSpec(BaseModel):
    """An example household: the input of ``python -m models household``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    adults: list[Adult] = Field(min_length=1, max_length=6)
    children_ages: list[int] = Field(default_factory=list, max_length=12)
    children_in_daycare: int = Field(default=0, ge=0, le=12, description="How many children under 7 are in daycare")
    rent: float = Field(default=0.0, ge=0, le=20_000, description="Rent incl. heating, excl. water, EUR/month")
    municipality_group: Literal[1, 2, 3] = 1
    tenure: TenureName = "rented"
    has_assets: bool = False
    couple: bool | None = Field(
        default=None, description="The first two adults are a couple (default: yes if two or more adults)"
    )

    @model_validator(mode="after")
    def _check(self) -> HouseholdSpec:
        for i, a in enumerate(self.children_ages):
            if not 0 <= a <= 17:
                raise ValueError(f"children_ages[{i}]: {a} is not an age under 18")
        under7 = sum(a < 7 for a in self.children_ages)
        if self.children_in_daycare > under7:
            raise ValueError(
                f"children_in_daycare: {self.children_in_daycare} is more than the {under7} children under 7"
            )
        if self.couple and len(self.adults) < 2:
            raise ValueError("couple: a couple needs two adults")
        return self

    @property
    def is_couple(self) -> bool:
        """The first two adults are a couple (``couple``, by default when there are two or more adults)."""
        return self.couple if self.couple is not None else len(self.adults) >= 2

    def applies_alone(self, i: int) -> bool:
        """Adult ``i`` is neither the head nor the head's spouse: an adult child living with the parents, or another
        adult of the home (their role in the population is ``OTHER_ADULT``)."""
        return i > 0 and (self.adults[i].lives_with_parents or not (i == 1 and self.is_couple))


def _example_study_level(status: int) -> StudyLevel:
    """An example student studies for a bachelor's or master's degree (the commonest level of students)."""
    return StudyLevel.HIGHER_EDUCATION if status == Status.STUDENT else StudyLevel.NONE


def _members(spec: HouseholdSpec) -> tuple[list, ...]:
    """The household's members in order (adults, then children), one list per person column."""
    roles, ages, statuses, earn, prev, pens, other, days, church, sex, daycare_flags = ([] for _ in range(11))
    for i, a in enumerate(spec.adults):
        r = Role.HEAD if i == 0 else Role.OTHER_ADULT if spec.applies_alone(i) else Role.SPOUSE
        roles.append(r)
        ages.append(a.age)
        statuses.append(STATUS_NAMES[a.status])
        earn.append(a.earnings)
        prev.append(a.previous_earnings)
        pens.append(a.earnings_related_pension)
        other.append(a.other_income)
        days.append(a.unemployment_days_used)
        church.append(a.church_member)
        sex.append(0 if a.sex == "male" else 1)
        daycare_flags.append(False)
    # Daycare places go to the oldest children under 7 first (documented in docs/HOUSEHOLDS.md).
    under7 = sorted((age for age in spec.children_ages if age < 7), reverse=True)[: spec.children_in_daycare]
    remaining = list(under7)
    for age in spec.children_ages:
        roles.append(Role.CHILD)
        ages.append(age)
        statuses.append(Status.CHILD)
        earn.append(0.0)
        prev.append(0.0)
        pens.append(0.0)
        other.append(0.0)
        days.append(0)
        church.append(False)
        sex.append(1)
        in_daycare = age in remaining
        if in_daycare:
            remaining.remove(age)
        daycare_flags.append(in_daycare)
    return roles, ages, statuses, earn, prev, pens, other, days, church, sex, daycare_flags


def household_population(spec: HouseholdSpec, first_adult_earnings: np.ndarray) -> Population:
    """A population of ``len(first_adult_earnings)`` copies of the household, one per earnings point."""
    n = len(first_adult_earnings)
    roles, ages, statuses, earn, prev, pens, other, days, church, sex, daycare_flags = _members(spec)
    m = len(roles)

    def tile(values, dtype):
        return np.tile(np.asarray(values, dtype=dtype), n)

    persons: dict[str, np.ndarray] = {
        "household_id": np.repeat(np.arange(n, dtype=np.int64), m),
        "role": tile(roles, "int8"),
        "age": tile(ages, "int16"),
        "sex": tile(sex, "int8"),
        "status": tile(statuses, "int8"),
        "earnings": tile(earn, "float64"),
        "previous_earnings": tile(prev, "float64"),
        "earnings_related_pension": tile(pens, "float64"),
        "other_income": tile(other, "float64"),
        "unemployment_days_used": tile(days, "int16"),
        "church_member": tile(church, "bool"),
        "in_daycare": tile(daycare_flags, "bool"),
        "in_services": tile([a.in_services for a in spec.adults] + [False] * len(spec.children_ages), "bool"),
        "study_level": tile([_example_study_level(s) for s in statuses], "int8"),
        "with_parents": tile(
            [int(a.lives_with_parents) if spec.applies_alone(i) else 0 for i, a in enumerate(spec.adults)]
            + [0] * len(spec.children_ages),
            "int8",
        ),
        # An example person meets any activity requirement of a reform.
        "participation_draw": np.zeros(n * m),
        "study_aid_draw": np.zeros(n * m),
        # ... an adult applying for social assistance on their own claims it, and an unemployed one is paid.
        "social_assistance_draw": np.zeros(n * m),
        "unemployment_benefit_draw": np.zeros(n * m),
    }
    persons["earnings"][::m] = first_adult_earnings
    households: dict[str, np.ndarray] = {
        "household_id": np.arange(n, dtype=np.int64),
        "weight": np.ones(n),
        "municipality_group": np.full(n, spec.municipality_group, dtype=np.int8),
        "tenure": np.full(n, _TENURE[spec.tenure], dtype=np.int8),
        "housing_cost": np.full(n, spec.rent, dtype=np.float64),
        "has_assets": np.full(n, spec.has_assets, dtype=bool),
        "net_assets": np.zeros(n),  # below the asset test's limits: has_assets alone excludes the household
        # An example household claims every benefit it is entitled to (full take-up).
        "take_up_draw": np.zeros(n),
    }
    assert {c.name for c in PERSON_COLUMNS} <= persons.keys()
    assert {c.name for c in HOUSEHOLD_COLUMNS} <= households.keys()
    return Population(households, persons, source="household")


def sweep(spec: HouseholdSpec, earnings: np.ndarray, params) -> list[dict]:
    """The CLI's rows: net income, components, EMTR (+EUR ``EMTR_STEP``) and PTR (against zero earnings) of
    today's system at each earnings point of the first adult (:func:`models.sweep.run_sweep`)."""
    earnings = np.asarray(earnings, dtype=np.float64)
    s = run_sweep(household_population(spec, sweep_points(earnings)), params, None, earnings)
    emtr, ptr = s.emtr, s.ptr
    rows = []
    for i in range(len(earnings)):
        comps = {k: round(float(s.at[k][i]), 2) for k in COMPONENTS}
        rows.append(
            {
                "earnings": round(float(earnings[i]), 2),
                "net_income": round(float(s.net_income[i]), 2),
                "disposable_income": round(float(s.at["disposable_income"][i]), 2),
                "emtr": round(float(emtr[i]), 4),
                "ptr": None if np.isnan(ptr[i]) else round(float(ptr[i]), 4),
                "components": comps,
            }
        )
    return rows


def component_signs() -> dict[str, int]:
    return dict(COMPONENT_SIGNS)

"""Who lives with whom: the household arrays every run needs and no lever changes, computed once per population.

The ages that decide who counts (the child benefit's age limit, the home care allowance's child age and school
age, who is an adult child living with the parents) are parameters, so the structure is rebuilt only when one of
them changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.parameters import Parameters
from models.population.core import MemoKey, Population
from models.population.schema import WITH_PARENTS, WITH_PARENTS_UNKNOWN, Role, Tenure

#: The care supplement's family size counts at most this many parents and this many children under school age
#: (laki 1128/1996, 5 §, as Kela's income-limit table for families of 2, 3 and 4 persons reads it).
CARE_SUPPLEMENT_MAX_COUNTED = 2


@dataclass(frozen=True, eq=False)
class DaycareFamilies:
    """The families with a child in daycare, for the fees (computed for them only): their households, their children
    in daycare and their parents (person indices), and each one's family (its place in ``households``)."""

    households: np.ndarray
    children: np.ndarray
    child_family: np.ndarray
    parents: np.ndarray
    parent_family: np.ndarray

    @classmethod
    def of(cls, pop: Population, in_daycare: np.ndarray, parent_role: np.ndarray) -> DaycareFamilies:
        with_child = pop.hh_any(in_daycare)
        households, members = pop.members(with_child)
        children, parents = members[in_daycare[members]], members[parent_role[members]]
        return cls(households, children, pop.place_of(with_child, children), parents, pop.place_of(with_child, parents))


@dataclass(frozen=True, eq=False)
class Structure:
    """Arrays that depend only on the population (who lives with whom), computed once per population."""

    tenant_hh: np.ndarray
    parent_role: np.ndarray
    n_parents: np.ndarray  # household-level: the head and the spouse
    lives_with_parents: np.ndarray
    single_parent_p: np.ndarray  # the parent of a single-parent household
    single_parent_hh_p: np.ndarray  # every member of a single-parent household
    parents_family_size: np.ndarray
    children_p: np.ndarray
    rent_share: np.ndarray
    group_p: np.ndarray
    cb_eligible: np.ndarray
    cb_rank: np.ndarray
    in_daycare: np.ndarray
    daycare: DaycareFamilies
    n_u3_home: np.ndarray
    n_other_home: np.ndarray
    family_size: np.ndarray
    family_size_p: np.ndarray
    hca_family_size: np.ndarray
    n_children_in_custody: np.ndarray
    net_assets: np.ndarray  # household-level, EUR (infinite where only ``has_assets`` is known and set)


def lives_with_parents(role: np.ndarray, age: np.ndarray, with_parents: np.ndarray, age_limit: int) -> np.ndarray:
    """The adults living in their parents' home, per person: the other adults of the home (neither head nor spouse)
    whom the population marks so (``with_parents``); where it does not know, those younger than ``age_limit``
    (``modelling.adult_child_age_limit``)."""
    other_adult = np.asarray(role) == Role.OTHER_ADULT
    marked = np.asarray(with_parents)
    by_age = np.asarray(age) < age_limit
    known = np.where(marked == WITH_PARENTS_UNKNOWN, by_age, marked == WITH_PARENTS)
    living: np.ndarray = other_adult & known
    return living


def structure(pop: Population, params: Parameters) -> Structure:
    """The population's :class:`Structure` under the ages of ``params`` (memoised on the population)."""
    ages = (
        params.child_benefit.age_limit,
        params.home_care_allowance.child_age_limit,
        params.home_care_allowance.school_age,
        params.modelling.adult_child_age_limit,
    )
    return pop.memo(MemoKey.STRUCTURE, ages, lambda: _build(pop, *ages), by_value=True)


def _build(
    pop: Population, child_benefit_age: float, care_child_age: int, school_age: int, adult_child_age: int
) -> Structure:
    P, H = pop.persons, pop.households
    age, role, is_child = P["age"], P["role"], pop.is_child
    tenure = H["tenure"]
    parent_role = (role == Role.HEAD) | (role == Role.SPOUSE)
    in_daycare = P["in_daycare"] & is_child
    at_home = is_child & ~in_daycare
    n_parents = pop.hh_count(parent_role)
    family_size = n_parents + pop.n_children
    under_school_age = pop.hh_count(is_child & (age < school_age))
    hca_family_size = np.minimum(n_parents, CARE_SUPPLEMENT_MAX_COUNTED) + np.minimum(
        under_school_age, CARE_SUPPLEMENT_MAX_COUNTED
    )
    return Structure(
        tenant_hh=(tenure == Tenure.RENTED) | (tenure == Tenure.RIGHT_OF_OCCUPANCY),
        parent_role=parent_role,
        n_parents=n_parents,
        lives_with_parents=lives_with_parents(role, age, P["with_parents"], adult_child_age),
        single_parent_p=pop.to_person(pop.single_parent) & parent_role,
        single_parent_hh_p=pop.to_person(pop.single_parent),
        parents_family_size=pop.to_person(family_size),
        children_p=pop.to_person(pop.n_children),
        rent_share=pop.to_person(H["housing_cost"] / np.maximum(pop.n_adults, 1)),
        group_p=pop.to_person(H["municipality_group"]),
        cb_eligible=is_child & (age < child_benefit_age),
        cb_rank=pop.child_benefit_rank(child_benefit_age),
        in_daycare=in_daycare,
        daycare=DaycareFamilies.of(pop, in_daycare, parent_role),
        n_u3_home=pop.hh_count(at_home & (age < care_child_age)),
        n_other_home=pop.hh_count(at_home & (age >= care_child_age) & (age < school_age)),
        family_size=family_size,
        family_size_p=pop.to_person(family_size),
        hca_family_size=hca_family_size,
        n_children_in_custody=np.where(parent_role, pop.to_person(pop.n_children), 0),
        net_assets=_net_assets(H),
    )


def _net_assets(households: dict[str, np.ndarray]) -> np.ndarray:
    """The household's net assets (EUR): the ``net_assets`` column where the population has one; otherwise only
    the ``has_assets`` flag is known (assets above every asset limit: infinite), and no assets elsewhere."""
    if "net_assets" in households:
        return np.asarray(households["net_assets"], dtype=np.float64)
    return np.where(households["has_assets"], np.inf, 0.0)

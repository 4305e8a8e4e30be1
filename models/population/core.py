"""The ``Population``: column arrays for persons and households, and household sums by bincount.

Rules never loop over households. A person-level array ``x`` becomes a household-level one with
``pop.hh_sum(x)`` (``numpy.bincount`` over the household index) and back with ``pop.to_person(h)``.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from functools import cached_property
from typing import Any, TypeVar

import numpy as np

from models.arrays import uniform_from_ids
from models.population.schema import HOUSEHOLD_COLUMNS, PERSON_COLUMNS, Role, Status

T = TypeVar("T")


class HouseholdType(IntEnum):
    """Household types used in every result table."""

    SINGLE = 0  # one adult of working age, no children
    COUPLE = 1  # couple without children, head under 65
    SINGLE_PARENT = 2
    COUPLE_WITH_CHILDREN = 3
    PENSIONER = 4  # head 65 or older, no children
    OTHER = 5  # other adults living together (e.g. adult children with parents)


HOUSEHOLD_TYPE_NAMES = {t: t.name.lower() for t in HouseholdType}


class PersonDraw(IntEnum):
    """The streams of fixed per-person draws (:meth:`Population.person_draw`): each one's offset."""

    PARTICIPATION = 0x632BE59BD9B4E019
    BEHAVIOUR = 0x5851F42D4C957F2D
    STUDY_AID = 0x2545F4914F6CDD1D
    SOCIAL_ASSISTANCE = 0x369DEA0F31A53F85
    UNEMPLOYMENT_BENEFIT = 0x7A3D1E4C9B5F2A61

    @property
    def column(self) -> str:
        """The column a population may carry instead of the computed draw."""
        return f"{self.name.lower()}_draw"


def _same(a: Any, b: Any, by_value: bool) -> bool:
    """One dependency of :meth:`Population.memo` unchanged: the same object, or (``by_value``) an equal one that is
    not an array."""
    if a is b:
        return True
    if not by_value or isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return False
    return bool(a == b)


class MemoKey(StrEnum):
    """Everything the engine keeps on a population between runs, in one list (see :meth:`Population.memo`).

    Each entry is recomputed when the objects it depends on change (by identity), so a reform run recomputes
    only what its levers touch.
    """

    STRUCTURE = "structure"  # models.system: who lives with whom, family sizes, children at home
    PENSIONS = "pensions"  # models.system: national and guarantee pensions (by status and the pension law)
    CHILD_BENEFIT = "child_benefit"  # models.system: child benefit (by the child benefit law)
    CHILD_BENEFIT_RANK = "child_benefit_rank"  # Population: order of the children who get child benefit
    CHILD_MAINTENANCE = "child_maintenance"  # models.system: maintenance allowance (by its law)
    BABY = "baby"  # models.system: households with a child of parental-allowance age
    SOCIAL_ASSISTANCE_NORMS = "social_assistance_norms"  # models.system: basic amounts and housing costs
    GROUP_MASKS = "group_masks"  # models.groups: the persons of each group and household type
    GROUP_MATRIX = "group_matrix"  # models.groups: the same masks as one matrix (weighted persons per household)
    HEAD_ACTIVITY = "head_activity"  # models.groups: the main activity of each household's reference person
    EMTR_SPECS = "emtr_specs"  # models.rates: who each marginal-rate rerun raises, and its households
    EMTR_RUNS = "emtr_runs"  # models.rates: the sub-populations of the marginal-rate reruns (runtime: kept or not)
    PTR_MOVERS = "ptr_movers"  # models.rates: who moves to work in the participation rerun
    PTR_RUN = "ptr_run"  # models.rates: the participation rerun's sub-populations (parts), movers at work (kept or not)
    PARTICIPATES = "participates"  # models.reform_benefits: who meets an activity requirement (by status, share)
    BENEFITS_BEFORE_REFORM = "benefits_before_reform"  # models.system: steps 1 and 2 (by the law and person columns)
    HOUSING_IN_WORK = "housing_in_work"  # models.system: households in work under the law (housing allowance take-up)
    BEHAVIOUR_DRAW = "behaviour_draw"  # models.behaviour: each person's fixed number for moving
    BEHAVIOUR_EXIT_BASELINE = "behaviour_exit_baseline"  # models.behaviour: the baseline's exit rates
    YOUNGEST_CHILD_AGE = "youngest_child_age"  # models.population.calibrate
    FAMILY_STATUS = "family_status"  # models.population.calibrate: each adult's family status (the targets' filter)
    REFERENCE_PERSON = "reference_person"  # models.population.calibrate
    INCOME_DECILE = "income_decile"  # models.population.calibrate: households' income deciles (tenure targets)
    WORKING_AGE_BY_AGE = "working_age_by_age"  # models.axes: weighted working-age adults by year of age


class ArrayMemo(StrEnum):
    """What :meth:`Population.of_array` keeps for an unchangeable array, in one list."""

    HOUSEHOLD_SUM = "household_sum"  # Population.hh_sum: the array's sum in each household
    NONZERO = "nonzero"  # models.reform_benefits: where a replaced benefit is paid (its offset is computed there)


@dataclass(frozen=True, eq=False)
class Population:
    """Persons and households as numpy column arrays (all money in EUR per month)."""

    households: dict[str, np.ndarray]
    persons: dict[str, np.ndarray]
    source: str = "synthetic"
    calibration_report: tuple = field(default=(), repr=False)

    def __post_init__(self) -> None:
        for label, table, columns in (
            ("households", self.households, HOUSEHOLD_COLUMNS),
            ("persons", self.persons, PERSON_COLUMNS),
        ):
            missing_optional = {}
            for col in columns:
                if col.name in table:
                    continue
                if col.required:
                    raise ValueError(f"{label}: missing column '{col.name}'")
                n_rows = len(next(iter(table.values()))) if table else 0
                missing_optional[col.name] = np.full(n_rows, col.default, dtype=col.dtype)
            if missing_optional:  # an optional column that is not given takes its default (a new dict: frozen)
                object.__setattr__(self, label, {**table, **missing_optional})
        for arrays in (self.households, self.persons):
            for a in arrays.values():
                a.setflags(write=False)

    # --- sizes and indices -------------------------------------------------------------
    @property
    def n_households(self) -> int:
        return len(self.households["weight"])

    @property
    def n_persons(self) -> int:
        return len(self.persons["age"])

    @cached_property
    def hh(self) -> np.ndarray:
        """Household index (0..n_households-1) of each person."""
        ids = self.households["household_id"]
        pid = self.persons["household_id"]
        if np.all(ids == np.arange(len(ids))):
            idx = pid.astype(np.int64)
        else:
            order = np.argsort(ids, kind="stable")
            pos = np.searchsorted(ids, pid, sorter=order)
            idx = order[np.clip(pos, 0, len(ids) - 1)]
        idx.setflags(write=False)
        return idx

    # --- household sums ----------------------------------------------------------------
    def hh_sum(self, x: np.ndarray) -> np.ndarray:
        """Sum a person-level array within each household.

        The sum of an array that cannot change (:meth:`of_array`: the population's columns and what the engine keeps
        between runs) is kept with it, read-only; an array of zeros (a benefit the law or the reform does not have)
        is summed without a pass over the households."""
        a = np.asarray(x, dtype=np.float64)
        return self.of_array(ArrayMemo.HOUSEHOLD_SUM, a, self._bincount)

    def _bincount(self, a: np.ndarray) -> np.ndarray:
        if not np.count_nonzero(a):  # a tenth of a bincount's time
            return np.zeros(self.n_households)
        return np.bincount(self.hh, weights=a, minlength=self.n_households)

    def of_array(self, kind: ArrayMemo, a: np.ndarray, compute: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """``compute(a)``, kept while ``a`` lives when ``a`` cannot change (read-only and owning its data) and given
        read-only; computed anew for any other array."""
        if a.flags.writeable or not a.flags.owndata:
            return compute(a)
        kept_by_array, key = self._kept_by_array, (kind, id(a))
        kept = kept_by_array.get(key)
        if kept is not None and kept[0]() is a:
            return kept[1]
        value = compute(a)
        value.setflags(write=False)

        def forget(_ref: weakref.ref) -> None:  # the array is gone: its identity may be reused
            kept_by_array.pop(key, None)

        kept_by_array[key] = (weakref.ref(a, forget), value)
        return value

    @cached_property
    def _kept_by_array(self) -> dict[tuple[ArrayMemo, int], tuple[weakref.ref, np.ndarray]]:
        """What :meth:`of_array` keeps, by its kind and the array's identity while the array lives."""
        return {}

    def hh_count(self, mask: np.ndarray) -> np.ndarray:
        return np.bincount(self.hh, weights=np.asarray(mask, dtype=np.float64), minlength=self.n_households)

    def hh_any(self, mask: np.ndarray) -> np.ndarray:
        return self.hh_count(mask) > 0

    def to_person(self, household_values: np.ndarray) -> np.ndarray:
        """Broadcast a household-level array to every member."""
        return np.asarray(household_values)[self.hh]

    # --- derived person attributes -----------------------------------------------------
    @cached_property
    def weight(self) -> np.ndarray:
        """Person weight (= the household's weight)."""
        return self.households["weight"][self.hh]

    @cached_property
    def is_child(self) -> np.ndarray:
        return self.persons["role"] == Role.CHILD

    @cached_property
    def is_adult(self) -> np.ndarray:
        return ~self.is_child

    @cached_property
    def n_adults(self) -> np.ndarray:
        return self.hh_count(self.is_adult)

    @cached_property
    def n_children(self) -> np.ndarray:
        """Children under 18 in the household."""
        return self.hh_count(self.is_child)

    @cached_property
    def n_persons_in_household(self) -> np.ndarray:
        return np.bincount(self.hh, minlength=self.n_households).astype(np.float64)

    @cached_property
    def has_spouse(self) -> np.ndarray:
        """Household has a couple (head + spouse)."""
        return self.hh_any(self.persons["role"] == Role.SPOUSE)

    @cached_property
    def has_partner(self) -> np.ndarray:
        """Person lives with a spouse or cohabiting partner."""
        role = self.persons["role"]
        return self.to_person(self.has_spouse) & ((role == Role.HEAD) | (role == Role.SPOUSE))

    @cached_property
    def single_parent(self) -> np.ndarray:
        """Household-level: one parent with children under 18, no spouse."""
        return (self.n_children > 0) & ~self.has_spouse

    @cached_property
    def is_parent(self) -> np.ndarray:
        """Person is the head or spouse of a household with children."""
        role = self.persons["role"]
        return ((role == Role.HEAD) | (role == Role.SPOUSE)) & self.to_person(self.n_children > 0)

    @cached_property
    def head_index(self) -> np.ndarray:
        """Index (into the persons) of each household's head: every household has exactly one (the microdata
        reader checks it)."""
        heads = np.flatnonzero(self.persons["role"] == Role.HEAD)
        out = np.zeros(self.n_households, dtype=np.int64)
        out[self.hh[heads]] = heads
        return out

    @cached_property
    def head_age(self) -> np.ndarray:
        return self.persons["age"][self.head_index].astype(np.float64)

    @cached_property
    def household_type(self) -> np.ndarray:
        n_adults, n_children = self.n_adults, self.n_children
        t = np.full(self.n_households, HouseholdType.OTHER, dtype=np.int8)
        t[(n_children == 0) & (n_adults == 1)] = HouseholdType.SINGLE
        t[(n_children == 0) & (n_adults == 2) & self.has_spouse] = HouseholdType.COUPLE
        t[(n_children > 0) & ~self.has_spouse] = HouseholdType.SINGLE_PARENT
        t[(n_children > 0) & self.has_spouse] = HouseholdType.COUPLE_WITH_CHILDREN
        t[(n_children == 0) & (self.head_age >= 65) & (n_adults <= 2)] = HouseholdType.PENSIONER
        return t

    @cached_property
    def consumption_units(self) -> np.ndarray:
        """Modified OECD scale: 1 for the first adult, 0.5 for others aged 14+, 0.3 under 14."""
        age = self.persons["age"]
        extra = np.where(age >= 14, 0.5, 0.3)
        return 1.0 + self.hh_sum(extra) - 0.5 * (self.n_persons_in_household > 0)

    def rank_within_household(self, mask: np.ndarray, key: np.ndarray, descending: bool = True) -> np.ndarray:
        """1, 2, 3 ... for the persons in ``mask`` within each household ordered by ``key``; 0 elsewhere.

        With ``key`` = age and ``descending`` the oldest is 1 (Kela's order for child benefit and
        social assistance); ascending makes the youngest 1 (the order of daycare fees).
        """
        k = np.asarray(key, dtype=np.float64)
        order = np.lexsort((-k if descending else k, ~np.asarray(mask), self.hh))
        m_sorted = np.asarray(mask)[order]
        hh_sorted = self.hh[order]
        counts = np.cumsum(m_sorted)
        starts = np.r_[0, np.flatnonzero(np.diff(hh_sorted)) + 1]
        before = np.r_[0, counts[starts[1:] - 1]]
        base = np.repeat(before, np.diff(np.r_[starts, len(order)]))
        rank = np.zeros(self.n_persons, dtype=np.int16)
        rank[order] = np.where(m_sorted, counts - base, 0)
        return rank

    @cached_property
    def child_rank(self) -> np.ndarray:
        """1 for the oldest child (under 18) of the household, 2 for the next, ...; 0 for adults."""
        return self.rank_within_household(self.is_child, self.persons["age"], descending=True)

    def person_draw(self, stream: PersonDraw) -> np.ndarray:
        """A fixed uniform(0, 1) number per person for one purpose (``stream``), the same in every run.

        Seeded by household id and the person's place in the household with the stream's own offset, so the
        streams are independent of each other and of the households' take-up draw. A population may carry
        its own column named like the stream (the household calculator uses 0: the example person claims
        and meets every requirement)."""
        if stream.column in self.persons:
            return np.asarray(self.persons[stream.column], dtype=np.float64)
        ids = self.households["household_id"][self.hh].astype(np.uint64) * np.uint64(64)
        within = self.rank_within_household(np.ones(self.n_persons, bool), np.arange(self.n_persons), False)
        return uniform_from_ids(ids + within.astype(np.uint64) + np.uint64(stream.value))

    @cached_property
    def participation_draw(self) -> np.ndarray:
        """Who meets an activity requirement when only a share does (:meth:`person_draw`)."""
        return self.person_draw(PersonDraw.PARTICIPATION)

    @cached_property
    def study_aid_draw(self) -> np.ndarray:
        """Who of the students entitled to study aid draws it (:meth:`person_draw`)."""
        return self.person_draw(PersonDraw.STUDY_AID)

    @cached_property
    def social_assistance_draw(self) -> np.ndarray:
        """Who of the adults applying for social assistance on their own (an adult child living with the parents, a
        flat-sharer) claims it (:meth:`person_draw`); the head's family claims with the household's draw."""
        return self.person_draw(PersonDraw.SOCIAL_ASSISTANCE)

    @cached_property
    def unemployment_benefit_draw(self) -> np.ndarray:
        """Who of the registered unemployed is paid an unemployment benefit this month when only a share is
        (:meth:`person_draw`; ``unemployment.benefit_receipt_rate``)."""
        return self.person_draw(PersonDraw.UNEMPLOYMENT_BENEFIT)

    def child_benefit_rank(self, age_limit: float) -> np.ndarray:
        """Order of the children under ``age_limit`` (the child benefit age limit), oldest first; 0 for others."""

        def rank() -> np.ndarray:
            eligible = self.is_child & (self.persons["age"] < age_limit)
            return self.rank_within_household(eligible, self.persons["age"], descending=True)

        return self.memo(MemoKey.CHILD_BENEFIT_RANK, (age_limit,), rank, by_value=True)

    @cached_property
    def daycare_rank(self) -> np.ndarray:
        """Order of children in daycare, youngest first (the order of daycare fees); 0 for others."""
        in_daycare = self.persons["in_daycare"] & self.is_child
        return self.rank_within_household(in_daycare, self.persons["age"], descending=False)

    @cached_property
    def home_care_receiver(self) -> np.ndarray:
        """The person who receives the household's child home care allowance: its first home parent."""
        home_parent = self.persons["status"] == Status.HOME_PARENT
        role = self.persons["role"].astype(np.float64)
        return self.rank_within_household(home_parent, -role, descending=True) == 1

    @cached_property
    def take_up_draw(self) -> np.ndarray:
        """A fixed uniform(0, 1) number per household, deterministic in the household id.

        A household claims a means-tested benefit when its draw is below the take-up rate, so the
        same households claim in the baseline and in every reform or earnings perturbation. A population
        may carry its own ``take_up_draw`` column (the household calculator uses 0: full take-up).
        """
        if "take_up_draw" in self.households:
            return np.asarray(self.households["take_up_draw"], dtype=np.float64)
        return uniform_from_ids(self.households["household_id"].astype(np.uint64))

    @cached_property
    def take_up_draw_p(self) -> np.ndarray:
        """:attr:`take_up_draw` of each person's household."""
        return self.to_person(self.take_up_draw)

    def status_is(self, *statuses: Status) -> np.ndarray:
        return np.isin(self.persons["status"], np.array(statuses, dtype=np.int8))

    def members(self, household_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The households in ``household_mask`` and their members: household and person indices, in order."""
        mask = np.asarray(household_mask)
        return np.flatnonzero(mask), np.flatnonzero(mask[self.hh])

    def place_of(self, household_mask: np.ndarray, persons: np.ndarray) -> np.ndarray:
        """Each of ``persons`` (members of the households in ``household_mask``): their household's place among
        those households (0, 1, …: an index into ``members(household_mask)[0]``)."""
        return (np.cumsum(household_mask) - 1)[self.hh[persons]]

    def subset(
        self, household_mask: np.ndarray, key: Hashable | None = None
    ) -> tuple[Population, np.ndarray, np.ndarray]:
        """The households in ``household_mask`` as a population of their own.

        Returns (sub-population, household indices in self, person indices in self). Household ids are
        kept, so take-up and participation draws are the same as in the whole population. With ``key``
        the result is cached on this population (subsets for marginal rates are reused every run).
        """
        if key is not None and key in self._subset_cache:
            return self._subset_cache[key]
        hh_idx, p_idx = self.members(household_mask)
        households = {k: v[hh_idx] for k, v in self.households.items()}
        persons = {k: v[p_idx] for k, v in self.persons.items()}
        sub = Population(households, persons, self.source, ())
        out = (sub, hh_idx, p_idx)
        if key is not None:
            self._subset_cache[key] = out
        return out

    @cached_property
    def _subset_cache(self) -> dict[Hashable, tuple[Population, np.ndarray, np.ndarray]]:
        return {}

    @cached_property
    def _memo(self) -> dict[MemoKey, list[tuple[tuple[Any, ...], Any]]]:
        return {}

    def memo(
        self,
        key: MemoKey,
        depends_on: tuple[Any, ...],
        compute: Callable[[], T],
        by_value: bool = False,
        slots: int = 1,
    ) -> T:
        """``compute()`` once per ``key`` while the objects in ``depends_on`` are the same.

        Dependencies are compared by identity (parameter sections and arrays are immutable), or with ``by_value``
        by value (numbers, parameter sections; arrays are still compared by identity). The last ``slots`` results
        are kept (the most recent first). Every key is listed, with what it holds, in :class:`MemoKey`.
        """
        entries = self._memo.get(key, [])
        for deps, value in entries:
            if len(deps) == len(depends_on) and all(
                _same(a, b, by_value) for a, b in zip(deps, depends_on, strict=True)
            ):
                return value
        value = compute()
        self._memo[key] = [(depends_on, value), *entries[: slots - 1]]
        return value

    def with_persons(self, **columns: np.ndarray) -> Population:
        """A copy with some person columns replaced (used for earnings perturbations)."""
        persons = dict(self.persons)
        persons.update(columns)
        return Population(self.households, persons, self.source, self.calibration_report)

"""Step 1 of the synthetic population: household types and their members, ages and sexes.

Every household has a head; couples a spouse; families (a couple or single parent with children under 18)
their children and possibly older siblings; parents with adult children only their adult children; other
adults' households two or more unrelated adults. All distributions are in
``assumptions/calibration/generator.yaml``; the members of a household are listed head, spouse, children
(youngest first), then the adult children or other adults.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from models.population.sampling import by_age, draw_age, draw_from_pmf, group_cumsum
from models.population.schema import ADULT_AGE, Role

HOUSEHOLD_TYPES = (
    "single",
    "couple",
    "couple_with_children",
    "single_parent",
    "couple_with_adult_children",
    "single_parent_with_adult_children",
    "other_adults",
)
SINGLE, COUPLE, COUPLE_CH, SINGLE_PARENT, COUPLE_ADULT, SINGLE_PARENT_ADULT, OTHER_ADULTS = range(7)

#: The oldest age of a child (under ADULT_AGE).
OLDEST_CHILD_AGE = ADULT_AGE - 1
#: Fixed-point rounds that fit the drawing distribution of the children's ages (see draw_children_ages).
CHILD_AGE_FIT_ROUNDS = 8


@dataclass
class Composition:
    """The households (arrays over households) and their members (arrays over persons, sorted by household)."""

    household_type: np.ndarray  # index into HOUSEHOLD_TYPES
    has_spouse: np.ndarray  # 1 for couples, 0 otherwise (int64)
    n_children: np.ndarray  # children under ADULT_AGE
    n_other_adults: np.ndarray  # adult children or other adults besides head and spouse
    size: np.ndarray  # number of members
    heads: np.ndarray  # index (into persons) of each household's head, its first member
    hh: np.ndarray  # household of each person
    position: np.ndarray  # each person's place in the household: 0 head, then spouse, children, others
    role: np.ndarray
    age: np.ndarray
    sex: np.ndarray  # 0 male, 1 female

    @property
    def n_households(self) -> int:
        return len(self.household_type)

    @property
    def n_persons(self) -> int:
        return len(self.hh)

    @property
    def spouses(self) -> np.ndarray:
        """Index of the spouse of each couple's head (meaningless for households without one)."""
        return self.heads + 1

    @property
    def is_child(self) -> np.ndarray:
        return self.role == Role.CHILD

    @property
    def is_family(self) -> np.ndarray:
        """Households with children under ADULT_AGE (couples with children and single parents)."""
        return np.isin(self.household_type, [COUPLE_CH, SINGLE_PARENT])

    @property
    def with_adult_children_only(self) -> np.ndarray:
        return np.isin(self.household_type, [COUPLE_ADULT, SINGLE_PARENT_ADULT])

    @property
    def in_couple(self) -> np.ndarray:
        """Persons who live with a partner: the head and spouse of a couple."""
        return (self.has_spouse[self.hh] == 1) & ((self.role == Role.HEAD) | (self.role == Role.SPOUSE))

    @property
    def head_age(self) -> np.ndarray:
        return self.age[self.heads]

    @property
    def youngest_children(self) -> np.ndarray:
        """Index of each family's first-listed child, its youngest (children are listed youngest first)."""
        first_place = 1 + self.has_spouse[self.hh]
        return np.flatnonzero(self.is_child & (self.position == first_place))


def compose_households(rng: np.random.Generator, cfg: dict[str, Any], n_households: int) -> Composition:
    """Step 1: household types, their members, and every member's age and sex (ages clipped to
    :func:`oldest_age`)."""
    household_type = draw_household_types(rng, cfg, n_households)
    has_spouse, n_children, n_other_adults = draw_member_counts(rng, cfg, household_type)
    comp = lay_out_members(household_type, has_spouse, n_children, n_other_adults)
    youngest, span = draw_children_ages(rng, cfg, comp)
    oldest_child = draw_adult_children_ages(rng, cfg, comp, np.where(comp.is_family, youngest + span, 0))
    partner_gap = draw_parents_ages(rng, cfg, comp, oldest_child)
    draw_people_living_alone(rng, cfg, comp)
    draw_couples_without_children(rng, cfg, comp, partner_gap)
    draw_other_adults(rng, cfg, comp)
    comp.age = np.clip(comp.age, 0, oldest_age(cfg))
    return comp


def oldest_age(cfg: dict[str, Any]) -> int:
    """The oldest age drawn: the top of the population pyramid's last band."""
    return int(max(row[1] for row in cfg["population_pyramid"]))


def draw_household_types(rng: np.random.Generator, cfg: dict[str, Any], n_households: int) -> np.ndarray:
    """The type of each household (index into HOUSEHOLD_TYPES), drawn from ``household_types``."""
    type_weights = np.array([cfg["household_types"][t] for t in HOUSEHOLD_TYPES], dtype=np.float64)
    return rng.choice(len(HOUSEHOLD_TYPES), size=n_households, p=type_weights / type_weights.sum())


def draw_member_counts(
    rng: np.random.Generator, cfg: dict[str, Any], household_type: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Spouse (0/1), children under ADULT_AGE and other adults (adult children, other adults) of each household."""
    n_households = len(household_type)
    has_spouse = np.isin(household_type, [COUPLE, COUPLE_CH, COUPLE_ADULT]).astype(np.int64)
    family = np.isin(household_type, [COUPLE_CH, SINGLE_PARENT])
    n_children = np.zeros(n_households, dtype=np.int64)
    large = np.asarray(cfg["large_family_size"], dtype=np.float64)
    for htype, name in ((COUPLE_CH, "couple_with_children"), (SINGLE_PARENT, "single_parent")):
        members = np.flatnonzero(household_type == htype)
        dist = np.asarray(cfg["children_per_family"][name], dtype=np.float64)
        count = 1 + rng.choice(len(dist), size=len(members), p=dist / dist.sum())
        big = count >= len(dist)
        count[big] = len(dist) + rng.choice(len(large), size=int(big.sum()), p=large / large.sum())
        n_children[members] = count

    n_other_adults = np.zeros(n_households, dtype=np.int64)
    adult_children = np.asarray(cfg["adult_child_count"], dtype=np.float64)
    adult_children = adult_children / adult_children.sum()
    older_sibling = family & (rng.random(n_households) < cfg["older_sibling_share"])
    n_other_adults[older_sibling] = 1 + rng.choice(len(adult_children), size=int(older_sibling.sum()), p=adult_children)
    adults_only = np.isin(household_type, [COUPLE_ADULT, SINGLE_PARENT_ADULT])
    n_other_adults[adults_only] = 1 + rng.choice(len(adult_children), size=int(adults_only.sum()), p=adult_children)
    others = household_type == OTHER_ADULTS
    other_size = np.asarray(cfg["other_adults"]["size"], dtype=np.float64)
    n_other_adults[others] = 1 + rng.choice(len(other_size), size=int(others.sum()), p=other_size / other_size.sum())
    return has_spouse, n_children, n_other_adults


def lay_out_members(
    household_type: np.ndarray, has_spouse: np.ndarray, n_children: np.ndarray, n_other_adults: np.ndarray
) -> Composition:
    """The persons of every household in order (head, spouse, children, others), with their roles; ages and
    sexes zero."""
    size = 1 + has_spouse + n_children + n_other_adults
    n_persons = int(size.sum())
    hh = np.repeat(np.arange(len(size)), size)
    heads = np.cumsum(size) - size
    position = np.arange(n_persons) - heads[hh]
    spouse_of, children_of = has_spouse[hh], n_children[hh]
    role = np.full(n_persons, Role.OTHER_ADULT, dtype=np.int8)
    role[position == 0] = Role.HEAD
    role[(position == 1) & (spouse_of == 1)] = Role.SPOUSE
    role[(position >= 1 + spouse_of) & (position < 1 + spouse_of + children_of)] = Role.CHILD
    return Composition(
        household_type=household_type,
        has_spouse=has_spouse,
        n_children=n_children,
        n_other_adults=n_other_adults,
        size=size,
        heads=heads,
        hh=hh,
        position=position,
        role=role,
        age=np.zeros(n_persons, dtype=np.int64),
        sex=np.zeros(n_persons, dtype=np.int8),
    )


def draw_children_ages(
    rng: np.random.Generator, cfg: dict[str, Any], comp: Composition
) -> tuple[np.ndarray, np.ndarray]:
    """Ages and sexes of the children under ADULT_AGE; returns each household's youngest child's age and the
    span of its children's ages (0 for households without children).

    Youngest first, spacings 1 + Poisson, compressed to fit 0..OLDEST_CHILD_AGE. One child of each family,
    chosen at random, gets an age from the population's age distribution and the others are placed around
    it (the draw is truncated so that all fit), so that children's ages follow that distribution closely.
    """
    hh = comp.hh
    children = np.flatnonzero(comp.is_child)
    rank = comp.position[children] - 1 - comp.has_spouse[hh][children]
    first = np.maximum.accumulate(np.where(rank == 0, np.arange(len(children)), 0))
    spacing = np.where(rank == 0, 0, 1 + rng.poisson(float(cfg["sibling_spacing_years"]), len(children)))
    offset = group_cumsum(spacing, first).astype(np.float64)
    span = np.zeros(comp.n_households)
    np.maximum.at(span, hh[children], offset)
    squeeze = np.where(span > OLDEST_CHILD_AGE, float(OLDEST_CHILD_AGE) / np.maximum(span, 1), 1.0)
    offset = np.floor(offset * squeeze[hh[children]]).astype(np.int64)
    span = np.minimum(span, OLDEST_CHILD_AGE).astype(np.int64)
    pyramid = cfg["population_pyramid"]
    child_pmf = np.array([by_age(pyramid, 2)[age] + by_age(pyramid, 3)[age] for age in range(ADULT_AGE)])
    first_child_of = np.zeros(comp.n_households, dtype=np.int64)
    first_child_of[hh[children[rank == 0]]] = np.flatnonzero(rank == 0)
    families = np.flatnonzero(comp.is_family)
    n_children = comp.n_children[families]
    pick = first_child_of[families] + np.floor(rng.random(len(families)) * n_children).astype(np.int64)
    uniform = rng.random(len(families))
    youngest = _fit_reference_ages(child_pmf, offset, span, hh[children], families, pick, uniform)
    comp.age[children] = youngest[hh[children]] + offset
    comp.sex[children] = (rng.random(len(children)) >= cfg["male_share_at_birth"]).astype(np.int8)
    return youngest, span


def _fit_reference_ages(
    child_pmf: np.ndarray,
    offset: np.ndarray,
    span: np.ndarray,
    child_of: np.ndarray,
    families: np.ndarray,
    pick: np.ndarray,
    uniform: np.ndarray,
) -> np.ndarray:
    """The youngest child's age of every family, from the age of its ``pick``-ed child drawn with ``uniform``.

    The truncation that keeps all siblings within 0..OLDEST_CHILD_AGE crowds them into the middle ages; a few
    fixed-point steps on the drawing distribution (same random numbers) restore ``child_pmf`` as the
    distribution of all children's ages.
    """
    draw_pmf = child_pmf.copy()
    youngest = np.zeros(len(span), dtype=np.int64)
    for _ in range(CHILD_AGE_FIT_ROUNDS):
        lowest, highest = offset[pick], offset[pick] + OLDEST_CHILD_AGE - span[families]
        cdf = np.r_[0.0, np.cumsum(draw_pmf / draw_pmf.sum())]
        point = cdf[lowest] + uniform * (cdf[highest + 1] - cdf[lowest])
        reference_age = np.clip(np.searchsorted(cdf, point, side="right") - 1, lowest, highest)
        youngest[families] = reference_age - offset[pick]
        achieved = np.bincount(youngest[child_of] + offset, minlength=ADULT_AGE)[:ADULT_AGE].astype(np.float64)
        ratio = (child_pmf / child_pmf.sum()) / np.maximum(achieved / max(achieved.sum(), 1), 1e-9)
        draw_pmf = draw_pmf * np.clip(ratio, 0.5, 2.0)
    return youngest


def draw_adult_children_ages(
    rng: np.random.Generator, cfg: dict[str, Any], comp: Composition, oldest_child: np.ndarray
) -> np.ndarray:
    """Ages and sexes of adult children: older siblings in families, or the children of parents with adult
    children only. ``oldest_child`` is each household's oldest child's age so far; returns it with the adult
    children included."""
    hh = comp.hh
    adults_only = comp.with_adult_children_only
    members = np.flatnonzero((comp.role == Role.OTHER_ADULT) & (comp.is_family | adults_only)[hh])
    rank = comp.position[members] - 1 - comp.has_spouse[hh][members] - comp.n_children[hh][members]
    first = np.maximum.accumulate(np.where(rank == 0, np.arange(len(members)), 0))
    only = adults_only[hh[members]]
    spacing = np.where((rank == 0) & only, 0, 1 + rng.poisson(float(cfg["sibling_spacing_years"]), len(members)))
    offset = group_cumsum(spacing, first)
    bands = cfg["adult_child_age"]
    lowest = int(min(row[0] for row in bands))
    pmf = by_age(bands)[lowest : int(max(row[1] for row in bands)) + 1]
    youngest = np.zeros(comp.n_households, dtype=np.int64)
    youngest[adults_only] = lowest + draw_from_pmf(rng, pmf, np.full(int(adults_only.sum()), len(pmf) - 1))
    older_sibling_age = np.maximum(ADULT_AGE + rank, oldest_child[hh[members]] + offset)
    age = np.where(only, youngest[hh[members]] + offset, older_sibling_age)
    comp.age[members] = np.minimum(age, cfg["adult_child_oldest_age"])
    comp.sex[members] = (rng.random(len(members)) >= cfg["adult_child_male_share"]).astype(np.int8)
    oldest_child = oldest_child.copy()
    np.maximum.at(oldest_child, hh[members], comp.age[members])
    return oldest_child


def draw_parents_ages(
    rng: np.random.Generator, cfg: dict[str, Any], comp: Composition, oldest_child: np.ndarray
) -> np.ndarray:
    """Ages and sexes of the parents (families and parents with adult children only): the mother's age is the
    oldest child's plus her age at that birth, the father's the mother's plus the partners' age gap. Returns
    the age gap drawn for every household (the couples without children use it too)."""
    mother_cfg = cfg["mother_age_at_first_child"]
    gap_cfg = cfg["partner_age_gap"]
    n_households = comp.n_households
    at_birth = np.rint(rng.normal(mother_cfg["mean"], mother_cfg["sd"], n_households))
    mother_age = oldest_child + np.clip(at_birth, mother_cfg["min"], mother_cfg["max"]).astype(np.int64)
    partner_gap = np.rint(rng.normal(gap_cfg["mean"], gap_cfg["sd"], n_households)).astype(np.int64)
    father_age = np.maximum(mother_age + partner_gap, ADULT_AGE)
    heads, spouses = comp.heads, comp.spouses
    parents = comp.is_family | comp.with_adult_children_only
    couple_parents = parents & (comp.has_spouse == 1)
    comp.age[heads[couple_parents]] = father_age[couple_parents]
    comp.sex[heads[couple_parents]] = 0
    comp.age[spouses[couple_parents]] = mother_age[couple_parents]
    comp.sex[spouses[couple_parents]] = 1
    lone = parents & (comp.has_spouse == 0)
    lone_mother = rng.random(n_households) < cfg["single_parent_mother_share"]
    comp.age[heads[lone]] = np.where(lone_mother[lone], mother_age[lone], father_age[lone])
    comp.sex[heads[lone]] = lone_mother[lone].astype(np.int8)
    return partner_gap


def draw_people_living_alone(rng: np.random.Generator, cfg: dict[str, Any], comp: Composition) -> None:
    """Ages (``single_age``) and sexes (``single_female_share`` by age) of people living alone."""
    single = comp.household_type == SINGLE
    ages = draw_age(rng, cfg["single_age"], int(single.sum()))
    comp.age[comp.heads[single]] = ages
    comp.sex[comp.heads[single]] = (rng.random(len(ages)) < by_age(cfg["single_female_share"])[ages]).astype(np.int8)


def draw_couples_without_children(
    rng: np.random.Generator, cfg: dict[str, Any], comp: Composition, partner_gap: np.ndarray
) -> None:
    """Couples without children at home: the man is the head (``couple_age``), the woman ``partner_gap``
    years younger."""
    couple = comp.household_type == COUPLE
    man = draw_age(rng, cfg["couple_age"], int(couple.sum()))
    comp.age[comp.heads[couple]] = man
    comp.age[comp.spouses[couple]] = np.clip(man - partner_gap[couple], ADULT_AGE, oldest_age(cfg))
    comp.sex[comp.heads[couple]] = 0
    comp.sex[comp.spouses[couple]] = 1


def draw_other_adults(rng: np.random.Generator, cfg: dict[str, Any], comp: Composition) -> None:
    """Households of other adults: young households (flatmates of about the head's age) or older ones."""
    spec = cfg["other_adults"]
    n_households, hh, heads = comp.n_households, comp.hh, comp.heads
    others = comp.household_type == OTHER_ADULTS
    young = rng.random(n_households) < spec["young_share"]
    young_lowest, young_highest = spec["young_ages"]
    older_lowest, older_highest = spec["older_ages"]
    head_age = np.where(
        young,
        rng.integers(young_lowest, young_highest + 1, n_households),
        rng.integers(older_lowest, older_highest + 1, n_households),
    )
    comp.age[heads[others]] = head_age[others]
    members = np.flatnonzero((comp.role == Role.OTHER_ADULT) & others[hh])
    spread = np.rint(rng.normal(0, spec["young_age_spread"], len(members))).astype(np.int64)
    near = np.clip(head_age[hh[members]] + spread, ADULT_AGE, young_highest + spec["young_others_age_margin"])
    older = rng.integers(older_lowest, older_highest + 1, len(members))
    comp.age[members] = np.where(young[hh[members]], near, older)
    comp.sex[heads[others]] = (rng.random(int(others.sum())) < spec["female_share_head"]).astype(np.int8)
    comp.sex[members] = (rng.random(len(members)) < spec["female_share_others"]).astype(np.int8)

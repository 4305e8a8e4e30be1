"""Step 3 (last part) of the synthetic population: the level of education of students.

Every student (status ``student``) gets a level of education (``study_level``: general upper secondary,
vocational, higher education, postgraduate) drawn by age from Statistics Finland's students by sector and age band
(``study_level`` in ``assumptions/calibration/generator.yaml``), scaled to the published numbers of students aged
18 or over at each level. Children aged 16–17 are in secondary education (compulsory until 18): general upper
secondary or vocational. Students living with their parents study at the upper secondary and vocational levels more
often than others of their age: the higher-education levels are made less likely for them by one factor, fitted
to the published share of higher-education students living with their parents, and more likely for the other
students of the same age so that the number at each level by age does not change. The level is what the study
grant's eligibility and amounts depend on; who claims is for the rules.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from models.population.composition import COUPLE_ADULT, COUPLE_CH, SINGLE_PARENT, SINGLE_PARENT_ADULT, Composition
from models.population.sampling import AGE_TABLE_SIZE
from models.population.schema import Role, Status, StudyLevel

#: The levels drawn for students aged 18 or over, in the column order of the weights.
LEVELS = (StudyLevel.UPPER_SECONDARY, StudyLevel.VOCATIONAL, StudyLevel.HIGHER_EDUCATION, StudyLevel.POSTGRADUATE)
#: The columns of LEVELS that are higher education (the living-arrangement factor applies to them).
HIGHER = np.array([False, False, True, True])
#: Bisection range (log scale) and rounds of the living-arrangement factor.
FACTOR_RANGE, FACTOR_ROUNDS = (-8.0, 0.0), 40


def level_weights(spec: dict[str, Any]) -> np.ndarray:
    """Students per single year of age (rows 0..110) at each level of LEVELS (columns), aged 18 or over.

    The published band counts (``by_age_band``: general upper secondary, vocational, universities of applied
    sciences, universities) are spread evenly over the ages of a band, except the youngest band, whose students
    are placed at each age by ``youngest_band_split``; a share of university students by age
    (``postgraduate_share_of_university``) are postgraduates; each level is then scaled so that its students aged
    18 or over add up to ``totals_18_plus``.
    """
    sectors = np.zeros((AGE_TABLE_SIZE, 4))
    youngest = spec["by_age_band"][0]
    for row in spec["by_age_band"]:
        lowest, highest, counts = int(row[0]), int(row[1]), np.asarray(row[2:], dtype=np.float64)
        if row is youngest:
            for age, split in spec["youngest_band_split"].items():
                sectors[int(age)] = counts * np.asarray(split, dtype=np.float64)
        else:
            sectors[lowest : highest + 1] = counts / (highest - lowest + 1)
    postgraduate_share = np.zeros(AGE_TABLE_SIZE)
    for lowest, highest, share in spec["postgraduate_share_of_university"]:
        postgraduate_share[int(lowest) : int(highest) + 1] = float(share)
    university = sectors[:, 3]
    weights = np.column_stack(
        [
            sectors[:, 0],
            sectors[:, 1],
            sectors[:, 2] + university * (1 - postgraduate_share),
            university * postgraduate_share,
        ]
    )
    weights[: spec["adult_age"]] = 0.0
    totals = np.array([spec["totals_18_plus"][level.name.lower()] for level in LEVELS], dtype=np.float64)
    return weights * totals / np.maximum(weights.sum(axis=0), 1e-12)


def living_with_parents(comp: Composition) -> np.ndarray:
    """Adults living in their parents' home: the other adults (role 3) of families and of parents with adult
    children only (:mod:`~models.population.composition`)."""
    parents_home = np.isin(comp.household_type, [COUPLE_CH, SINGLE_PARENT, COUPLE_ADULT, SINGLE_PARENT_ADULT])
    return (comp.role == Role.OTHER_ADULT) & parents_home[comp.hh]


def level_probabilities(
    table: np.ndarray, ages: np.ndarray, with_parents: np.ndarray, share_with_parents: float
) -> np.ndarray:
    """Each student's probabilities of LEVELS (rows: students) from the weights of their age (``table``, rows by
    age), with the higher-education levels made less likely for those living with their parents by one factor and
    more likely for the others of the same age, so that the expected number at each level by age stays; the factor
    is fitted so that ``share_with_parents`` of the expected higher-education students live with their parents."""
    by_age = table / np.maximum(table.sum(axis=1, keepdims=True), 1e-12)
    base = by_age[ages]
    higher_base = base[:, HIGHER].sum(axis=1)
    others = np.bincount(ages, weights=~with_parents, minlength=len(table))

    def probabilities(log_factor: float) -> np.ndarray:
        factor = np.where(with_parents, np.exp(log_factor), 1.0)
        higher = higher_base * factor / (higher_base * factor + 1 - higher_base)
        # the others of the same age take the higher-education places that those at home no longer do
        lost = np.bincount(ages, weights=higher_base - higher, minlength=len(table))
        higher = np.minimum(higher + np.where(with_parents, 0.0, (lost / np.maximum(others, 1.0))[ages]), 1.0)
        up = higher / np.maximum(higher_base, 1e-12)
        down = (1 - higher) / np.maximum(1 - higher_base, 1e-12)
        return base * np.where(HIGHER, up[:, None], down[:, None])

    low, high = FACTOR_RANGE
    for _ in range(FACTOR_ROUNDS if with_parents.any() else 0):
        mid = 0.5 * (low + high)
        higher = probabilities(mid)[:, HIGHER].sum(axis=1)
        share = float(higher[with_parents].sum() / max(higher.sum(), 1e-12))
        low, high = (mid, high) if share < share_with_parents else (low, mid)
    return probabilities(0.5 * (low + high) if with_parents.any() else 0.0)


def draw_study_level(
    rng: np.random.Generator, cfg: dict[str, Any], comp: Composition, status: np.ndarray
) -> np.ndarray:
    """The level of education of every person (StudyLevel; NONE for those not studying)."""
    spec = cfg["study_level"]
    level = np.full(comp.n_persons, StudyLevel.NONE, dtype=np.int8)
    students = np.flatnonzero(status == Status.STUDENT)
    ages = np.clip(comp.age[students], spec["adult_age"], spec["oldest_age"])
    with_parents = living_with_parents(comp)[students]
    share = spec["higher_education_with_parents_share"]
    probabilities = level_probabilities(level_weights(spec), ages, with_parents, share)
    cumulative = np.cumsum(probabilities / probabilities.sum(axis=1, keepdims=True), axis=1)
    pick = (rng.random(len(students))[:, None] > cumulative).sum(axis=1)
    level[students] = np.asarray([int(x) for x in LEVELS], dtype=np.int8)[np.minimum(pick, len(LEVELS) - 1)]
    lowest, highest = spec["minors"]["ages"]
    minors = np.flatnonzero(comp.is_child & (comp.age >= lowest) & (comp.age <= highest))
    general = rng.random(len(minors)) < spec["minors"]["upper_secondary_share"]
    level[minors] = np.where(general, StudyLevel.UPPER_SECONDARY, StudyLevel.VOCATIONAL)
    return level

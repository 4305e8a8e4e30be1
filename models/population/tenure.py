"""Step 5 (second part) of the synthetic population: household income ranks and tenure.

Renting has a prior odds by the head's age band, household type and municipality group (``tenure``),
multiplied by one odds factor per life stage, per main activity of the household's reference person and per
income decile, fitted jointly (raking of the odds) so that the expected renting share of every cell is the
published one moved to today's renting level. Then right-of-occupancy and other (rent-free) tenure among those
not renting, by municipality group.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from models.population.calibrate import (
    INCOME_DECILES,
    household_income_per_unit,
    income_groups,
    reference_income,
    reference_person_index,
)
from models.population.composition import COUPLE, COUPLE_CH, HOUSEHOLD_TYPES, SINGLE, SINGLE_PARENT, Composition
from models.population.sampling import by_age, by_group, from_odds, to_odds
from models.population.schema import Status, Tenure

LIFE_STAGES = (
    "single_under_35",
    "single_35_64",
    "single_65_plus",
    "couple_under_35",
    "couple_35_64",
    "couple_65_plus",
    "couple_with_children",
    "single_parent",
    "other",
)
#: The raking of the renting odds stops when every cell's expected share is this close to its target.
FIT_TOLERANCE = 1e-4


def household_income(comp: Composition, earnings: np.ndarray, pension: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each household's earnings and pensions per consumption unit (EUR/month, from the amounts rounded to cents as
    they are stored, so that a built population ranks households as the generator did) and its z-score on the log
    scale (:func:`models.population.calibrate.household_income_per_unit`)."""
    income = household_income_per_unit(
        comp.hh, comp.age, np.round(earnings, 2), np.round(pension, 2), comp.n_households
    )
    log_income = np.log1p(income)
    return income, (log_income - log_income.mean()) / max(log_income.std(), 1e-9)


def level_odds(shares: np.ndarray, level_then: float, level_now: float) -> np.ndarray:
    """Published renting shares of an earlier year moved to today's renting level: the odds of every share
    are multiplied by the change in the odds of renting overall (keeps them inside (0, 1), unlike a ratio)."""
    change = float(to_odds(np.array([level_now]))[0] / to_odds(np.array([level_then]))[0])
    return from_odds(to_odds(np.asarray(shares, dtype=np.float64)) * change)


def life_stage_cells(htype: np.ndarray, head_age: np.ndarray, spec: dict) -> tuple[np.ndarray, np.ndarray]:
    """Life stage of every household (index into LIFE_STAGES) and the target renting share of each stage.

    People living alone and couples without children by the head's age (``head_age_limits``: under 35,
    35–64, 65+), couples with children under 18, single parents, and the rest (parents with adult children
    only, other adults).
    """
    middle_from, old_from = spec["head_age_limits"]
    age_band = np.select([head_age < middle_from, head_age < old_from], [0, 1], 2)
    cell = np.full(len(htype), LIFE_STAGES.index("other"), dtype=np.int64)
    cell[htype == SINGLE] = age_band[htype == SINGLE]
    cell[htype == COUPLE] = LIFE_STAGES.index("couple_under_35") + age_band[htype == COUPLE]
    cell[htype == COUPLE_CH] = LIFE_STAGES.index("couple_with_children")
    cell[htype == SINGLE_PARENT] = LIFE_STAGES.index("single_parent")
    shares = np.array([spec["shares"][stage] for stage in LIFE_STAGES], dtype=np.float64)
    return cell, level_odds(shares, spec["level_then"], spec["level_now"])


def reference_activity_cells(ref_status: np.ndarray, spec: dict) -> tuple[np.ndarray, np.ndarray]:
    """Group of every household by its reference person's main activity (-1: no published share) and the
    target renting share of each group."""
    cell = np.full(len(ref_status), -1, dtype=np.int64)
    shares = []
    for index, group in enumerate(spec["groups"].values()):
        codes = [int(Status[name.upper()]) for name in group["statuses"]]
        cell[np.isin(ref_status, codes)] = index
        shares.append(group["share"])
    return cell, level_odds(np.asarray(shares), spec["level_then"], spec["level_now"])


def fit_odds_margins(
    odds: np.ndarray,
    margins: list[tuple[np.ndarray, np.ndarray]],
    sweeps: int = 40,
    tol: float = 1e-6,
    max_fit: int = 200_000,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Odds multiplied by one factor per cell of every margin so that the expected share (mean of
    ``odds / (1 + odds)``) of each cell is its target: raking on the odds scale, margin after margin, for
    at most ``sweeps`` rounds. ``cell`` is -1 for units outside a margin's cells. The factors are fitted on
    every k-th unit beyond ``max_fit`` units (the full-size population) and applied to all. Returns the new
    odds and ``{"sweeps", "max_gap"}`` (the largest difference between an expected and a target share in the
    last round; 0 when the margins agree)."""
    n_units = len(odds)
    pick = np.arange(n_units) if n_units <= max_fit else np.arange(0, n_units, -(-n_units // max_fit))
    sub = odds[pick].astype(np.float64)
    cells = [(cell[pick], np.asarray(target, dtype=np.float64)) for cell, target in margins]
    factors = [np.ones(len(target)) for _, target in cells]
    gap, rounds = 0.0, 0
    while rounds < sweeps:
        rounds += 1
        gap = 0.0
        for margin, (cell, target) in enumerate(cells):
            n_cells = len(target)
            idx = np.where(cell >= 0, cell, n_cells)
            count = np.bincount(idx, minlength=n_cells + 1)[:n_cells]
            expected = np.bincount(idx, weights=sub / (1.0 + sub), minlength=n_cells + 1)[:n_cells]
            got = expected / np.maximum(count, 1)
            gap = max(gap, float(np.max(np.abs(np.where(count > 0, got - target, 0.0)))))
            step = np.where(count > 0, to_odds(target) / to_odds(got), 1.0)
            factors[margin] *= step
            sub *= np.r_[step, 1.0][idx]
        if gap < tol:
            break
    out = odds.astype(np.float64).copy()
    for (cell, _), factor in zip(margins, factors, strict=True):
        out *= np.r_[factor, 1.0][np.where(cell >= 0, cell, len(factor))]
    return out, {"sweeps": rounds, "max_gap": gap}


def to_level(cell: np.ndarray, target: np.ndarray, level: float) -> np.ndarray:
    """Targets of a margin that covers every unit, moved on the odds scale by one common factor so that
    the shares they imply with the units' cells average ``level``."""
    return to_level_counts(np.bincount(cell, minlength=len(target)), target, level)


def to_level_counts(counts: np.ndarray, target: np.ndarray, level: float) -> np.ndarray:
    """Shares ``target`` of groups of ``counts`` units, moved on the odds scale by one common factor so that their
    count-weighted mean is ``level``."""
    count = np.asarray(counts, dtype=np.float64)
    low, high = math.log(1e-3), math.log(1e3)
    for _ in range(60):
        mid = 0.5 * (low + high)
        implied = float((count * from_odds(to_odds(target) * math.exp(mid))).sum() / max(count.sum(), 1.0))
        low, high = (mid, high) if implied < level else (low, mid)
    return from_odds(to_odds(np.asarray(target, dtype=np.float64)) * math.exp(0.5 * (low + high)))


def decile_targets(spec: dict[str, Any]) -> np.ndarray:
    """The published renting shares by income decile moved to today's renting level (odds scale, weighted by the
    published households of each decile), rounded to the three decimals of ``targets.yaml``."""
    return np.round(to_level_counts(spec["households"], np.asarray(spec["shares"]), spec["level_now"]), 3)


def renting_odds(
    spec: dict[str, Any],
    comp: Composition,
    group: np.ndarray,
    status_of_reference: np.ndarray,
    decile: np.ndarray,
) -> np.ndarray:
    """Each household's odds of renting: the prior by head's age, type and group, raked to the published
    renting shares by life stage, by the reference person's main activity and by income decile."""
    head_age, htype = comp.head_age, comp.household_type
    odds = to_odds(by_age(spec["rented_by_head_age"], 2)[head_age])
    odds *= np.array([spec["odds_by_type"][t] for t in HOUSEHOLD_TYPES])[htype]
    odds *= by_group(spec["odds_by_group"], group)
    target_decile = decile_targets(spec["rented_by_income_decile"])
    by_activity = spec["rented_by_reference_activity"]
    activity_cell, target_activity = reference_activity_cells(status_of_reference, by_activity)
    stage_cell, target_stage = life_stage_cells(htype, head_age, spec["rented_by_life_stage"])
    # one odds multiplier per life stage, reference activity and income decile, fitted so that the expected
    # renting share of every cell is the published one (raking of the odds; the margins come from different
    # years and sources, so the fit stops at a compromise if they disagree). The life stages give the pattern and
    # the register's renting share (level_now) the level; the deciles and activities are the calibrated targets.
    target_stage = to_level(stage_cell, target_stage, float(spec["rented_by_life_stage"]["level_now"]))
    odds, _ = fit_odds_margins(
        odds,
        [(stage_cell, target_stage), (decile, target_decile), (activity_cell, target_activity)],
        sweeps=int(spec["fit_sweeps"]),
        tol=FIT_TOLERANCE,
    )
    return odds


def draw_tenure(
    rng: np.random.Generator,
    cfg: dict[str, Any],
    comp: Composition,
    group: np.ndarray,
    status: np.ndarray,
    earnings: np.ndarray,
    pension: np.ndarray,
    income: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Tenure of every household and its income decile (0..9, by ``income`` per consumption unit, persons ranked as
    :func:`models.population.calibrate.income_decile` ranks them)."""
    spec = cfg["tenure"]
    n_households = comp.n_households
    decile = income_groups(income, comp.size, np.arange(n_households), INCOME_DECILES)
    income_of_reference = reference_income(np.round(earnings, 2), np.round(pension, 2))
    reference = reference_person_index(comp.hh, income_of_reference, comp.age, n_households)
    odds = renting_odds(spec, comp, group, status[reference], decile)
    rented = rng.random(n_households) < from_odds(odds)
    uniform = rng.random(n_households)
    right_of_occupancy = by_group(spec["right_of_occupancy"], group)
    tenure = np.full(n_households, Tenure.OWNER, dtype=np.int8)
    tenure[rented] = Tenure.RENTED
    tenure[~rented & (uniform < right_of_occupancy)] = Tenure.RIGHT_OF_OCCUPANCY
    other = (uniform >= right_of_occupancy) & (uniform < right_of_occupancy + spec["other"])
    tenure[~rented & other] = Tenure.OTHER
    return tenure, decile

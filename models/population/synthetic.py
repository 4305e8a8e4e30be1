"""The synthetic population of Finland: households and persons drawn from published distributions,
then calibrated to published totals.

There is no public microdata, so the population is generated deterministically from a seeded
``numpy.random.Generator``. Every distributional assumption is data in
``assumptions/calibration/generator.yaml`` (each with a source or a reason); the household weights are
then calibrated to the demographic, household, labour-market and income-input totals of
``assumptions/calibration/targets.yaml`` (:mod:`models.population.calibrate`). Benefit and tax figures
are never used: they are outputs, validated elsewhere.

The steps, all vectorised over households and persons:

1. household types and their members (head, spouse, children under 18, adult children or other
   adults), ages and sexes;
2. municipality group, early childhood education, a parent at home with small children;
3. main activity (pension, home parent, disability pension, student, employed, unemployed by benefit,
   other) by age, sex and household type, with the parents' activity fitted to the published employment
   rates of mothers and fathers by the youngest child's age (and single parents below couples), the
   other adults' adjusted so that the age profile of employment is kept, and the unemployment of people
   not living in a family fitted to their published share of the unemployed;
4. earnings (a two-piece lognormal fitted to the full-time deciles, with a Pareto top tail and the
   one-off pay items of annual earnings), earnings before unemployment or before a parent's leave,
   days of earnings-related allowance used, pensions fitted to the published pension composition, with
   both tails fitted (the share over €5,000 and the mean, which decides how far below the national
   pension limit the small pensions lie);
5. church membership, tenure (odds raked to the published renting shares by life stage, by the main
   activity of the household's reference person and by income quintile), housing costs, net assets and
   capital income (lognormal body and Pareto tail, scaled to the taxable total);
6. calibration of the weights (bounded generalised raking), then the capital income total is
   restored with the calibrated weights.

Besides the calibrated totals, the generator fits a few input statistics directly (parents' employment
rates, the unemployed not living in a family, full-time deciles, pension composition and mean, capital
income recipients and total, renting by life stage, reference person's activity and income quintile); the
fits are
described in generator.yaml and the results reported with the calibration targets.

See ``docs/POPULATION.md`` for the targets and limitations.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from models.parameters import Reference
from models.population.activity import (
    draw_main_activity,
    draw_old_age_pensioners,
    draw_unemployment_benefit,
    main_activity_probabilities,
)
from models.population.calibrate import (
    CALIBRATION_DIR,
    TARGETS_PATH,
    calibrate_population,
    households_total,
    load_targets,
    measure,
    reference_income,
    reference_person_index,
    report_row,
    weighted_quantile,
)
from models.population.composition import (
    COUPLE,
    COUPLE_CH,
    HOUSEHOLD_TYPES,
    OTHER_ADULTS,
    SINGLE,
    SINGLE_PARENT,
    compose_households,
)
from models.population.core import Population
from models.population.earnings import add_side_earnings, draw_employee_earnings, draw_previous_earnings
from models.population.pensions import draw_pensions
from models.population.region_and_childcare import draw_daycare, draw_home_parents, draw_municipality_group
from models.population.sampling import (
    by_age,
    from_odds,
    norm_cdf,
    norm_ppf,
    stratified_uniform,
    to_odds,
)
from models.population.schema import HOUSEHOLD_COLUMNS, PERSON_COLUMNS, Status, Tenure

GENERATOR_PATH = CALIBRATION_DIR / "generator.yaml"



# --------------------------------------------------------------------------- assumptions file
class Assumption(BaseModel):
    """One distributional assumption of the generator, with its source or reason."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    description: str = Field(min_length=1)
    value: Any
    unit: str | None = None
    reference: tuple[Reference, ...] = Field(min_length=1)
    confidence: str
    note: str | None = None


class GeneratorFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    assumptions: dict[str, Assumption]


class GeneratorError(ValueError):
    """The generator assumptions file is missing an entry or malformed."""


@lru_cache(maxsize=4)
def load_generator(path: Path = GENERATOR_PATH) -> dict[str, Any]:
    """The generator's assumptions as ``{name: value}`` (validated: each has a source or reason)."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return {k: a.value for k, a in GeneratorFile.model_validate(raw).assumptions.items()}
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise GeneratorError(f"{path}: {exc}") from exc


def _capital_income(
    rng: np.random.Generator,
    ci: dict[str, Any],
    adult: np.ndarray,
    age: np.ndarray,
    hh: np.ndarray,
    has_assets: np.ndarray,
    z_inc: np.ndarray,
    n_households: int,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Capital income (EUR/month) of adults: financial capital income and rental income.

    Recipients are drawn with logistic probabilities (net assets, household income, age) whose
    intercept is fitted to the published number of recipients (as a share of adults). Financial
    capital income follows a lognormal body with a Pareto tail, assigned by rank (stratified, so the
    sample follows the quantile function) of a score of assets and household income; its scale is
    fitted so that the total of both kinds equals the published taxable capital income. Rental income
    is a lognormal with the published median and mean.
    """
    P = len(adult)
    design = households_total() / max(n_households, 1)
    assets_p = has_assets[hh].astype(np.float64)
    zi = z_inc[hh]
    adult_age = np.where(adult, age, 0)

    def recipients(spec: dict) -> np.ndarray:
        score = math.log(spec["assets_odds_ratio"]) * assets_p + spec["odds_per_income_sd"] * zi
        score = score + np.log(by_age(spec["age_odds"], 2, 1.0)[adult_age])
        a, b = -20.0, 20.0
        for _ in range(50):  # intercept: expected share of adults = the published share
            mid = 0.5 * (a + b)
            share = float(from_odds(np.exp(mid + score[adult])).mean()) if adult.any() else 0.0
            a, b = (mid, b) if share < spec["share_of_adults"] else (a, mid)
        return adult & (rng.random(P) < from_odds(np.exp(0.5 * (a + b) + score)))

    rent_cfg, fin_cfg = ci["rental"], ci["financial"]
    has_rent = recipients(rent_cfg)
    rent_sigma = math.sqrt(2.0 * math.log(rent_cfg["mean_annual"] / rent_cfg["median_annual"]))
    rental = np.where(has_rent, rent_cfg["median_annual"] * np.exp(rent_sigma * rng.standard_normal(P)), 0.0)

    has_fin = recipients(fin_cfg)
    idx = np.flatnonzero(has_fin)
    financial = np.zeros(P)
    if len(idx):
        rank_score = (
            fin_cfg["rank_assets_shift"] * assets_p[idx]
            + fin_cfg["rank_income_loading"] * zi[idx]
            + rng.standard_normal(len(idx))
        )
        u = stratified_uniform(rng, np.argsort(rank_score, kind="stable"))
        q_tail, alpha = fin_cfg["tail_from_quantile"], fin_cfg["tail_alpha"]
        sigma = math.sqrt(2.0 * math.log(fin_cfg["shape_mean"] / fin_cfg["shape_median"]))
        shape = np.exp(sigma * norm_ppf(np.minimum(u, q_tail)))
        top = u > q_tail
        shape[top] *= ((1.0 - q_tail) / (1.0 - u[top])) ** (1.0 / alpha)
        # scale: the total of financial and rental capital income is the published taxable total
        wanted = ci["taxable_total_annual"] / design - rental.sum()
        cap = ci["maximum_annual"]
        scale = max(wanted, 0.0) / max(shape.sum(), 1e-12)
        for _ in range(20):
            amounts = np.minimum(scale * shape, cap)
            total = amounts.sum()
            if total <= 0 or abs(total - wanted) < 1e-9 * max(wanted, 1.0):
                break
            scale *= wanted / total
        financial[idx] = np.minimum(scale * shape, cap)
    monthly = (financial + rental) / 12.0
    return monthly, {
        "capital_income_financial": has_fin,
        "capital_income_rental": has_rent,
        "capital_income_financial_monthly": financial / 12.0,
    }


# --------------------------------------------------------------------------- tenure
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


def _level_odds(shares: np.ndarray, level_then: float, level_now: float) -> np.ndarray:
    """Published renting shares of an earlier year moved to today's renting level: the odds of every share
    are multiplied by the change in the odds of renting overall (keeps them inside (0, 1), unlike a ratio)."""
    k = float(to_odds(np.array([level_now]))[0] / to_odds(np.array([level_then]))[0])
    return from_odds(to_odds(np.asarray(shares, dtype=np.float64)) * k)


def _life_stage_cells(htype: np.ndarray, head_age: np.ndarray, spec: dict) -> tuple[np.ndarray, np.ndarray]:
    """Life stage of every household (index into LIFE_STAGES) and the target renting share of each stage.

    People living alone and couples without children by the head's age (under 35, 35–64, 65+), couples with
    children under 18, single parents, and the rest (parents with adult children only, other adults).
    """
    age_band = np.select([head_age < 35, head_age < 65], [0, 1], 2)
    cell = np.full(len(htype), LIFE_STAGES.index("other"), dtype=np.int64)
    cell[htype == SINGLE] = age_band[htype == SINGLE]
    cell[htype == COUPLE] = 3 + age_band[htype == COUPLE]
    cell[htype == COUPLE_CH] = LIFE_STAGES.index("couple_with_children")
    cell[htype == SINGLE_PARENT] = LIFE_STAGES.index("single_parent")
    shares = np.array([spec["shares"][k] for k in LIFE_STAGES], dtype=np.float64)
    return cell, _level_odds(shares, spec["level_then"], spec["level_now"])


def _reference_activity_cells(ref_status: np.ndarray, spec: dict) -> tuple[np.ndarray, np.ndarray]:
    """Group of every household by its reference person's main activity (-1: no published share) and the
    target renting share of each group."""
    cell = np.full(len(ref_status), -1, dtype=np.int64)
    shares = []
    for g, (name, grp) in enumerate(spec["groups"].items()):
        codes = [int(Status[s.upper()]) for s in grp["statuses"]]
        cell[np.isin(ref_status, codes)] = g
        shares.append(grp["share"])
    return cell, _level_odds(np.asarray(shares), spec["level_then"], spec["level_now"])


def _fit_odds_margins(
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
    n = len(odds)
    pick = np.arange(n) if n <= max_fit else np.arange(0, n, -(-n // max_fit))
    sub = odds[pick].astype(np.float64)
    cells = [(cell[pick], np.asarray(target, dtype=np.float64)) for cell, target in margins]
    factors = [np.ones(len(t)) for _, t in cells]
    gap, it = 0.0, 0
    for it in range(1, sweeps + 1):
        gap = 0.0
        for j, (cell, target) in enumerate(cells):
            k = len(target)
            idx = np.where(cell >= 0, cell, k)
            n_c = np.bincount(idx, minlength=k + 1)[:k]
            got = np.bincount(idx, weights=sub / (1.0 + sub), minlength=k + 1)[:k] / np.maximum(n_c, 1)
            gap = max(gap, float(np.max(np.abs(np.where(n_c > 0, got - target, 0.0)))))
            step = np.where(n_c > 0, to_odds(target) / to_odds(got), 1.0)
            factors[j] *= step
            sub *= np.r_[step, 1.0][idx]
        if gap < tol:
            break
    out = odds.astype(np.float64).copy()
    for (cell, _), f in zip(margins, factors):
        out *= np.r_[f, 1.0][np.where(cell >= 0, cell, len(f))]
    return out, {"sweeps": it, "max_gap": gap}


def _to_level(cell: np.ndarray, target: np.ndarray, level: float) -> np.ndarray:
    """Targets of a margin that covers every unit, moved on the odds scale by one common factor so that
    the shares they imply with the units' cells average ``level``."""
    n_c = np.bincount(cell, minlength=len(target)).astype(np.float64)
    lo, hi = math.log(1e-3), math.log(1e3)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        implied = float((n_c * from_odds(to_odds(target) * math.exp(mid))).sum() / max(n_c.sum(), 1.0))
        lo, hi = (mid, hi) if implied < level else (lo, mid)
    return from_odds(to_odds(target) * math.exp(0.5 * (lo + hi)))


# --------------------------------------------------------------------------- the generator
def resolve_household_count(n_households: int | str) -> int:
    """The number of synthetic households to draw: ``n_households`` itself (at least 100), or for ``"full"``
    one per Finnish household (the households target of ``targets.yaml``, rounded)."""
    if isinstance(n_households, str):
        if n_households != "full":
            raise ValueError(f"n_households must be a positive integer or 'full', got {n_households!r}")
        return int(round(households_total()))
    n = int(n_households)
    if n < 100:
        raise ValueError(f"n_households must be at least 100, got {n}")
    return n


def synthesize(n_households: int, seed: int, cfg: dict[str, Any] | None = None) -> tuple[dict, dict, dict]:
    """Draw households and persons (design weights, before calibration).

    Returns ``(households, persons, extra)`` column dicts in the schema's dtypes; ``extra`` holds
    internal flags used in the report and after calibration (``fulltime`` and ``fulltime_earnings``:
    full-time employees and their monthly pay; ``pension_below_national_pension_limit``;
    ``income_quintile`` of households; ``capital_income_financial`` / ``capital_income_rental``
    recipients and ``capital_income_financial_monthly``, the part rescaled after calibration).
    """
    cfg = load_generator() if cfg is None else cfg
    rng = np.random.default_rng(seed)
    n = int(n_households)

    # ---------------------------------------------------------------- 1. household composition
    comp = compose_households(rng, cfg, n)
    htype, spouse, hh, role, age, sex = comp.household_type, comp.has_spouse, comp.hh, comp.role, comp.age, comp.sex
    P, m, heads, spouses = comp.n_persons, comp.size, comp.heads, comp.spouses
    family, is_child, head_age = comp.is_family, comp.is_child, comp.head_age

    # ---------------------------------------------------------------- 2. region, daycare, home parents
    group = draw_municipality_group(rng, cfg, comp.head_age)
    group_p = group[hh]
    in_daycare = draw_daycare(rng, cfg, comp)
    status = draw_old_age_pensioners(rng, cfg, comp)
    youngest_age = draw_home_parents(rng, cfg, comp, status, in_daycare)
    adult = ~is_child

    # ---------------------------------------------------------------- 3. main activity
    probabilities = main_activity_probabilities(cfg, comp, status, youngest_age)
    unemployed = draw_main_activity(rng, probabilities, comp, status)
    employed = status == Status.EMPLOYED
    days_used = draw_unemployment_benefit(rng, cfg, comp.age, unemployed, status)
    assert (status >= 0).all(), "every person has a status"

    # ---------------------------------------------------------------- 4. earnings and pensions
    employees = draw_employee_earnings(rng, cfg, comp, group, status)
    earnings, fulltime, fulltime_eq = employees.earnings, employees.fulltime, employees.fulltime_pay
    add_side_earnings(rng, cfg, comp.age, status, earnings)
    previous = draw_previous_earnings(rng, cfg, comp, status, earnings, employees)
    pension, below_limit = draw_pensions(rng, cfg, comp, status)

    # ---------------------------------------------------------------- 5. church, housing, assets, capital income
    ch = cfg["church_membership"]
    p_age = by_age(ch["by_age"])[age]
    p_member = np.clip(p_age * ch["target_share"] / p_age.mean(), 0, 0.99)
    r = float(ch["household_correlation"])
    latent = math.sqrt(r) * rng.standard_normal(n)[hh] + math.sqrt(1 - r) * rng.standard_normal(P)
    church = norm_cdf(latent) < p_member

    size = m
    cu = 1.0 + np.bincount(hh, weights=np.where(age >= 14, 0.5, 0.3), minlength=n) - 0.5
    income = np.bincount(hh, weights=earnings + pension, minlength=n) / cu
    li = np.log1p(income)
    z_inc = (li - li.mean()) / max(li.std(), 1e-9)

    tn = cfg["tenure"]
    odds = to_odds(by_age(tn["rented_by_head_age"], 2)[head_age])
    odds *= np.array([tn["odds_by_type"][t] for t in HOUSEHOLD_TYPES])[htype]
    odds *= np.array([0.0, tn["odds_by_group"][1], tn["odds_by_group"][2], tn["odds_by_group"][3]])[group]
    # income quintiles: persons ranked by household earnings and pensions per consumption unit
    order = np.lexsort((rng.random(n), income))
    mid_mass = np.cumsum(size[order]) - size[order] / 2.0
    quintile = np.empty(n, dtype=np.int64)
    quintile[order] = np.minimum((mid_mass / max(size.sum(), 1) * 5).astype(np.int64), 4)
    iq = tn["rented_by_income_quintile"]
    target_q = np.clip(np.asarray(iq["shares"], dtype=np.float64) * iq["level_now"] / iq["level_then"], 0.01, 0.99)
    # the reference person's main activity and the household's life stage
    ref = reference_person_index(hh, reference_income(earnings, pension), age, n)
    activity_cell, target_a = _reference_activity_cells(status[ref], tn["rented_by_reference_activity"])
    stage_cell, target_s = _life_stage_cells(htype, head_age, tn["rented_by_life_stage"])
    # one odds multiplier per life stage, reference activity and income quintile, fitted so that the
    # expected renting share of every cell is the published one (raking of the odds; the margins come
    # from different years and sources, so the fit stops at a compromise if they disagree)
    # the life stages and quintiles cover every household: they give the pattern, the register's renting
    # share (level_now) the level, so that they do not disagree about the total
    level = float(tn["rented_by_life_stage"]["level_now"])
    target_s = _to_level(stage_cell, target_s, level)
    target_q = _to_level(quintile, target_q, level)
    odds, _ = _fit_odds_margins(
        odds,
        [(stage_cell, target_s), (quintile, target_q), (activity_cell, target_a)],
        sweeps=int(tn["fit_sweeps"]),
        tol=1e-4,
    )
    u = rng.random(n)
    rented = u < from_odds(odds)
    v = rng.random(n)
    roo = tn["right_of_occupancy"]
    roo_p = np.array([0.0, roo[1], roo[2], roo[3]])[group]
    tenure = np.full(n, Tenure.OWNER, dtype=np.int8)
    tenure[rented] = Tenure.RENTED
    tenure[~rented & (v < roo_p)] = Tenure.RIGHT_OF_OCCUPANCY
    tenure[~rented & (v >= roo_p) & (v < roo_p + tn["other"])] = Tenure.OTHER

    da = cfg["dwelling_area"]
    size_i = np.minimum(size, 5) - 1
    area_rent = np.asarray(da["rented"], dtype=np.float64)[size_i] * np.exp(da["sigma"] * rng.standard_normal(n))
    area_own = np.asarray(da["owner"], dtype=np.float64)[size_i] * np.exp(da["sigma"] * rng.standard_normal(n))
    rp = cfg["rent_per_m2"]

    def per_group(d: dict) -> np.ndarray:
        return np.array([0.0, d[1], d[2], d[3]])[group]

    ara = rng.random(n) < rp["ara_share"]
    price = np.where(ara, per_group(rp["ara"]), per_group(rp["free"])) * np.exp(rp["sigma"] * rng.standard_normal(n))
    oc = cfg["owner_costs"]
    mortgage = rng.random(n) < by_age(oc["mortgage_share"])[head_age]
    loan = per_group(oc["loan_median"]) * by_age(oc["loan_age_factor"], 2, 1.0)[head_age]
    loan *= np.exp(oc["loan_sigma"] * rng.standard_normal(n))
    interest = np.where(mortgage, loan * oc["interest_rate"] / 12, 0.0)
    owner_cost = area_own * per_group(oc["maintenance_per_m2"]) + interest
    housing_cost = np.select(
        [tenure == Tenure.RENTED, tenure == Tenure.RIGHT_OF_OCCUPANCY, tenure == Tenure.OWNER],
        [area_rent * price, area_rent * per_group(rp["right_of_occupancy"]), owner_cost],
        0.0,
    )
    housing_cost = np.clip(np.round(housing_cost, 2), 0, 20_000)

    na = cfg["net_assets"]
    p_assets = np.select(
        [tenure == Tenure.OWNER, tenure == Tenure.RENTED, tenure == Tenure.RIGHT_OF_OCCUPANCY],
        [by_age(na["owner"])[head_age], by_age(na["rented"])[head_age], by_age(na["right_of_occupancy"])[head_age]],
        by_age(na["other"])[head_age],
    )
    has_assets = rng.random(n) < from_odds(to_odds(p_assets) * np.exp(na["odds_per_income_sd"] * z_inc))

    other_income, capital_flags = _capital_income(rng, cfg["capital_income"], adult, age, hh, has_assets, z_inc, n)
    other_income = np.minimum(other_income, 1_000_000)

    # ---------------------------------------------------------------- columns
    design_weight = households_total() / n
    households = {
        "household_id": np.arange(n, dtype=np.int64),
        "weight": np.full(n, design_weight, dtype=np.float64),
        "municipality_group": group,
        "tenure": tenure,
        "housing_cost": housing_cost.astype(np.float64),
        "has_assets": has_assets.astype(bool),
    }
    persons = {
        "household_id": hh.astype(np.int64),
        "role": role.astype(np.int8),
        "age": age.astype(np.int16),
        "sex": sex.astype(np.int8),
        "status": status.astype(np.int8),
        "earnings": np.round(earnings, 2),
        "previous_earnings": np.round(previous, 2),
        "earnings_related_pension": np.round(pension, 2),
        "other_income": np.round(np.minimum(other_income, 1_000_000), 2),
        "unemployment_days_used": days_used.astype(np.int16),
        "church_member": church.astype(bool),
        "in_daycare": in_daycare.astype(bool),
    }
    for cols, table in ((HOUSEHOLD_COLUMNS, households), (PERSON_COLUMNS, persons)):
        for c in cols:
            table[c.name] = np.ascontiguousarray(table[c.name], dtype=c.dtype)
    extra = {
        "fulltime": fulltime,
        "fulltime_earnings": fulltime_eq,
        "household_type": htype,
        "pension_below_national_pension_limit": below_limit,
        "income_quintile": quintile,
        **capital_flags,
    }
    return households, persons, extra


def _generator_rows(pop: Population, extra: dict) -> dict[str, float]:
    """Achieved values of the targets measured on the generator's internal flags."""
    ft = extra["fulltime"]
    x = extra["fulltime_earnings"][ft]
    w = pop.weight[ft]
    sex = pop.persons["sex"][ft]
    rows = {
        "fulltime_earnings_median": weighted_quantile(x, w, 0.5),
        "fulltime_earnings_p10": weighted_quantile(x, w, 0.1),
        "fulltime_earnings_p90": weighted_quantile(x, w, 0.9),
        "fulltime_earnings_mean": float((x * w).sum() / w.sum()) if len(x) else float("nan"),
        "fulltime_earnings_median_men": weighted_quantile(x[sex == 0], w[sex == 0], 0.5),
        "fulltime_earnings_median_women": weighted_quantile(x[sex == 1], w[sex == 1], 0.5),
    }
    pw = pop.weight
    pens = pop.status_is(Status.PENSIONER, Status.DISABILITY_PENSIONER)
    below = extra["pension_below_national_pension_limit"]
    rows["pension_below_national_pension_limit_share"] = (
        float(pw[pens & below].sum() / pw[pens].sum()) if pens.any() else float("nan")
    )
    rows["capital_income_financial_recipients"] = float(pw[extra["capital_income_financial"]].sum())
    rows["capital_income_rental_recipients"] = float(pw[extra["capital_income_rental"]].sum())
    unemployed = pop.status_is(
        Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY, Status.UNEMPLOYED_BASIC_ALLOWANCE, Status.UNEMPLOYED_EARNINGS_RELATED
    )
    not_in_family = np.isin(extra["household_type"], [SINGLE, OTHER_ADULTS])[pop.hh]
    rows["unemployed_not_in_family_share"] = (
        float(pw[unemployed & not_in_family].sum() / pw[unemployed].sum()) if unemployed.any() else float("nan")
    )
    hw = pop.households["weight"]
    rented = pop.households["tenure"] == Tenure.RENTED
    q = extra["income_quintile"]
    for k in range(5):
        m = q == k
        rows[f"rented_share_income_quintile_{k + 1}"] = float(hw[m & rented].sum() / hw[m].sum()) if m.any() else float("nan")
    return rows


def _rescale_capital_income(persons: dict, extra: dict, household_weights: np.ndarray) -> np.ndarray:
    """Other income with financial capital income rescaled so that the total with the calibrated
    weights equals the published taxable capital income (the generator fits it with design weights;
    capital income is not a calibration variable, so this does not move the calibrated totals)."""
    ci = load_generator()["capital_income"]
    w = household_weights[persons["household_id"]]
    financial = extra["capital_income_financial_monthly"]
    rest = persons["other_income"] - financial
    wanted = ci["taxable_total_annual"] / 12.0 - float((rest * w).sum())
    have = float((financial * w).sum())
    if have <= 0 or wanted <= 0:
        return persons["other_income"]
    scaled = np.minimum(financial * (wanted / have), ci["maximum_annual"] / 12.0)
    return np.ascontiguousarray(np.round(rest + scaled, 2), dtype=np.float64)


def build_population(n_households: int | str = 100_000, seed: int = 2025) -> Population:
    """The synthetic population of Finland, calibrated.

    ``n_households`` synthetic households (or ``"full"``: one per Finnish household, weights ≈ 1)
    drawn with ``numpy.random.default_rng(seed)``; the weights add up to the households target and
    reproduce every calibrated total of ``targets.yaml``. The calibration report is stored in
    ``pop.calibration_report``.
    """
    n = resolve_household_count(n_households)
    households, persons, extra = synthesize(n, seed)
    pop0 = Population(households, persons, source="synthetic")
    weights, info = calibrate_population(pop0)
    households = dict(households, weight=np.ascontiguousarray(weights, dtype=np.float64))
    persons = dict(persons, other_income=_rescale_capital_income(persons, extra, weights))
    pop = Population(households, persons, source="synthetic")
    generated = _generator_rows(pop, extra)
    rows = []
    for t in load_targets(TARGETS_PATH).targets:
        achieved = generated.get(t.key, float("nan")) if t.measure == "generator" else measure(pop, t)
        rows.append(report_row(t, float(achieved)))
    return Population(households, persons, source="synthetic", calibration_report=tuple(rows))

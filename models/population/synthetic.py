"""The synthetic population of Finland: households and persons drawn from published distributions,
then calibrated to published totals.

There is no public microdata, so the population is generated deterministically from a seeded
``numpy.random.Generator``. Every distributional assumption is data in
``assumptions/calibration/generator.yaml`` (each with a source or a reason); the household weights are
then calibrated to the demographic, household, labour-market and income-input totals of
``assumptions/calibration/targets.yaml`` (:mod:`models.population.calibrate`). Benefit and tax figures
are never used: they are outputs, validated elsewhere.

The steps, all vectorised over households and persons, each in its own module of this package:

1. household types and their members (head, spouse, children under 18, adult children or other
   adults), ages and sexes (:mod:`~models.population.composition`);
2. municipality group, early childhood education, a parent at home with small children
   (:mod:`~models.population.region_and_childcare`);
3. main activity (pension, home parent, disability pension, student, employed, unemployed by benefit,
   other) by age, sex and household type, with the parents' activity fitted to the published employment
   rates of mothers and fathers by the youngest child's age (and single parents below couples), the
   other adults' adjusted so that the age profile of employment is kept, and the unemployment of every
   family status fitted to the published shares of the unemployed by family status; jobseekers in
   employment-promoting services drawn from the students and the other inactive; the spell length and
   days of earnings-related allowance used (:mod:`~models.population.activity`); the students' level of
   education (:mod:`~models.population.students`);
4. the month's earnings (a two-piece lognormal fitted to the full-time deciles, with a Pareto top tail,
   part-time work, part-month pay and a twelfth of the year's one-off pay items), earnings before
   unemployment or before a parent's leave (:mod:`~models.population.earnings`); pensions fitted to the
   published pension composition, with both tails fitted (the share over the top threshold and the mean,
   which decides how far below the national pension limit the small pensions lie;
   :mod:`~models.population.pensions`);
5. church membership (:mod:`~models.population.church`), tenure (odds raked to the published renting
   shares by life stage, by the main activity of the household's reference person and by income decile;
   :mod:`~models.population.tenure`), housing costs and net assets other than the home, with the flag of
   assets above the housing allowance's limit (:mod:`~models.population.housing`),
   capital income (lognormal body and Pareto tail, scaled to the taxable total;
   :mod:`~models.population.capital_income`);
6. calibration of the weights (bounded generalised raking), then the capital income total is
   restored with the calibrated weights (:func:`build_population`).

Besides the calibrated totals, the generator fits a few input statistics directly (parents' employment
rates, the unemployed by family status, full-time deciles, pension composition and mean, the students' levels
and living arrangements, capital income recipients and total, renting by life stage, reference person's
activity and income decile); the fits are described in generator.yaml and the results reported with the
calibration targets.

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

from models.parameter_types import Reference
from models.population.activity import (
    LONG_TERM_MONTHS,
    draw_employment_services,
    draw_main_activity,
    draw_old_age_pensioners,
    draw_unemployment_benefit,
    family_status,
    main_activity_probabilities,
    services_on_the_subsidy,
)
from models.population.calibrate import (
    CALIBRATION_DIR,
    TARGETS_PATH,
    calibrate_population,
    households_total,
    load_targets,
    measure,
    report_row,
    weighted_quantile,
)
from models.population.capital_income import draw_capital_income, rescale_capital_income
from models.population.church import draw_church_membership
from models.population.composition import Composition, compose_households
from models.population.core import Population
from models.population.earnings import add_side_earnings, draw_employee_earnings, draw_previous_earnings
from models.population.housing import draw_housing_costs, draw_net_assets
from models.population.pensions import draw_pensions, in_pension_statistics, refit_after_weighting
from models.population.region_and_childcare import draw_daycare, draw_home_parents, draw_municipality_group
from models.population.schema import (
    HOUSEHOLD_COLUMNS,
    PERSON_COLUMNS,
    UNEMPLOYED_STATUSES,
    Column,
    Status,
    StudyLevel,
    Tenure,
    column,
)
from models.population.students import draw_study_level, living_with_parents
from models.population.tenure import draw_tenure, household_income
from models.runtime import one_blas_thread

GENERATOR_PATH = CALIBRATION_DIR / "generator.yaml"

#: The smallest synthetic population drawn (fewer households cannot be calibrated sensibly).
MIN_HOUSEHOLDS = 100
#: The ages of Eurostat's jobless-household indicator (people living in households where no one works), and of the
#: students whose households of students only it leaves out.
JOBLESS_AGES = (18, 59)
JOBLESS_STUDENT_AGES = (18, 24)


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


# --------------------------------------------------------------------------- the generator
def resolve_household_count(n_households: int | str) -> int:
    """The number of synthetic households to draw: ``n_households`` itself (at least MIN_HOUSEHOLDS), or for
    ``"full"`` one per Finnish household (the households target of ``targets.yaml``, rounded)."""
    if isinstance(n_households, str):
        if n_households != "full":
            raise ValueError(f"n_households must be a positive integer or 'full', got {n_households!r}")
        return int(round(households_total()))
    count = int(n_households)
    if count < MIN_HOUSEHOLDS:
        raise ValueError(f"n_households must be at least {MIN_HOUSEHOLDS}, got {count}")
    return count


def synthesize(
    n_households: int, seed: int, cfg: dict[str, Any] | None = None
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Draw households and persons (design weights, before calibration), the steps of the module docstring
    in order from one ``numpy.random.default_rng(seed)``.

    Returns ``(households, persons, extra)`` column dicts in the schema's dtypes; ``extra`` holds
    internal flags used in the report and after calibration (``month_pay``: the month's pay without the share
    of the year's one-off items; ``fulltime`` and ``fulltime_earnings``: full-time employees and their monthly
    pay; ``pension_below_national_pension_limit``;
    ``income_decile`` of households (0..9); ``capital_income_financial`` / ``capital_income_rental``
    recipients and ``capital_income_financial_monthly``, the part rescaled after calibration).
    """
    cfg = load_generator() if cfg is None else cfg
    rng = np.random.default_rng(seed)
    # 1. household composition
    comp = compose_households(rng, cfg, int(n_households))
    # 2. region, daycare, a parent at home (old-age pensioners are drawn before: they are not home parents)
    group = draw_municipality_group(rng, cfg, comp.head_age)
    in_daycare = draw_daycare(rng, cfg, comp)
    status = draw_old_age_pensioners(rng, cfg, comp)
    youngest_age = draw_home_parents(rng, cfg, comp, status, in_daycare)
    # 3. main activity
    in_services, days_used, spell_months, study_level = _main_activity(rng, cfg, comp, status, youngest_age)
    # 4. earnings and pensions
    employees = draw_employee_earnings(rng, cfg, comp, group, status)
    earnings = employees.earnings
    add_side_earnings(rng, cfg, comp.age, status, earnings)
    previous = draw_previous_earnings(rng, cfg, comp, status, earnings, employees)
    pension, below_limit = draw_pensions(rng, cfg, comp, status)
    # 5. church, housing, assets, capital income
    church = draw_church_membership(rng, cfg, comp)
    income, income_score = household_income(comp, earnings, pension)
    tenure, decile = draw_tenure(rng, cfg, comp, group, status, earnings, pension, income)
    housing_cost, rented_area = draw_housing_costs(rng, cfg, comp, group, tenure)
    with_parents = living_with_parents(comp)
    net_assets, has_assets = draw_net_assets(rng, cfg, comp.head_age, tenure, income_score)
    other_income, capital_flags = draw_capital_income(rng, cfg["capital_income"], comp, has_assets, income_score)
    other_income_cap = column(PERSON_COLUMNS, "other_income").maximum or math.inf

    households = {
        "household_id": np.arange(comp.n_households),
        "weight": np.full(comp.n_households, households_total() / comp.n_households, dtype=np.float64),
        "municipality_group": group,
        "tenure": tenure,
        "housing_cost": housing_cost,
        "has_assets": has_assets,
        "net_assets": net_assets,
    }
    persons = {
        "household_id": comp.hh,
        "role": comp.role,
        "age": comp.age,
        "sex": comp.sex,
        "status": status,
        "earnings": np.round(earnings, 2),
        "previous_earnings": np.round(previous, 2),
        "earnings_related_pension": np.round(pension, 2),
        "other_income": np.round(np.minimum(other_income, other_income_cap), 2),
        "unemployment_days_used": days_used,
        "church_member": church,
        "in_daycare": in_daycare,
        "in_services": in_services,
        "study_level": study_level,
        "with_parents": with_parents.astype(np.int8),
    }
    one_off = float(cfg["one_off_pay"]["factor"])
    extra = {
        "month_pay": np.where(status == Status.EMPLOYED, np.round(earnings, 2) / one_off, np.round(earnings, 2)),
        "fulltime": employees.fulltime,
        "fulltime_earnings": employees.fulltime_pay,
        "family_status": family_status(comp),
        "pension_below_national_pension_limit": below_limit,
        "income_decile": decile,
        "unemployment_spell_months": spell_months,
        "living_with_parents": with_parents,
        "rented_area": rented_area,
        **capital_flags,
    }
    return in_schema(households, HOUSEHOLD_COLUMNS), in_schema(persons, PERSON_COLUMNS), extra


def _main_activity(
    rng: np.random.Generator, cfg: dict[str, Any], comp: Composition, status: np.ndarray, youngest_age: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Step 3: every adult's main activity (into ``status``), the jobseekers in employment services, the
    unemployment benefits and spells, and the students' level; returns ``(in_services, days_used, spell_months,
    study_level)``."""
    probabilities = main_activity_probabilities(cfg, comp, status, youngest_age)
    correlation = float(cfg["partners_employment_correlation"])
    unemployed = draw_main_activity(rng, probabilities, comp, status, correlation)
    in_services = draw_employment_services(rng, cfg, comp.age, status, unemployed)
    days_used, spell_months = draw_unemployment_benefit(rng, cfg, comp.age, unemployed, status)
    services_on_the_subsidy(rng, cfg, in_services, status, days_used)
    study_level = draw_study_level(rng, cfg, comp, status)
    assert (status >= 0).all(), "every person has a status"
    return in_services, days_used, spell_months, study_level


def in_schema(table: dict[str, np.ndarray], columns: tuple[Column, ...]) -> dict[str, np.ndarray]:
    """Every column of ``table`` as a contiguous array of its schema dtype."""
    return {c.name: np.ascontiguousarray(table[c.name], dtype=c.dtype) for c in columns}


def _weighted_share(weights: np.ndarray, part: np.ndarray, whole: np.ndarray) -> float:
    """The weighted share of ``part`` in ``whole`` (``nan`` for an empty ``whole``)."""
    return float(weights[part & whole].sum() / weights[whole].sum()) if whole.any() else float("nan")


def _generator_rows(pop: Population, extra: dict[str, np.ndarray]) -> dict[str, float]:
    """Achieved values of the targets measured on the generator's internal flags."""
    fulltime = extra["fulltime"]
    pay = extra["fulltime_earnings"][fulltime]
    weights = pop.weight[fulltime]
    men = pop.persons["sex"][fulltime] == 0
    rows = {
        "fulltime_earnings_median": weighted_quantile(pay, weights, 0.5),
        "fulltime_earnings_p10": weighted_quantile(pay, weights, 0.1),
        "fulltime_earnings_p90": weighted_quantile(pay, weights, 0.9),
        "fulltime_earnings_mean": float((pay * weights).sum() / weights.sum()) if len(pay) else float("nan"),
        "fulltime_earnings_median_men": weighted_quantile(pay[men], weights[men], 0.5),
        "fulltime_earnings_median_women": weighted_quantile(pay[~men], weights[~men], 0.5),
    }
    person_weight = pop.weight
    counted = in_pension_statistics(load_generator()["pension_distribution"], pop.persons["status"], pop.persons["age"])
    below = extra["pension_below_national_pension_limit"]
    rows["pension_below_national_pension_limit_share"] = _weighted_share(person_weight, below, counted)
    rows["capital_income_financial_recipients"] = float(person_weight[extra["capital_income_financial"]].sum())
    rows["capital_income_rental_recipients"] = float(person_weight[extra["capital_income_rental"]].sum())
    # the registered unemployed: those in services are not
    unemployed = pop.status_is(*UNEMPLOYED_STATUSES) & ~pop.persons["in_services"]
    long_term = extra["unemployment_spell_months"] >= LONG_TERM_MONTHS
    rows["unemployed_long_term_share"] = _weighted_share(person_weight, long_term, unemployed)
    rows["jobless_households_persons_share"] = jobless_household_share(pop)
    renting = pop.households["tenure"] == Tenure.RENTED
    household_weight = pop.households["weight"]
    rows["rented_floor_area_mean"] = float(
        np.dot(household_weight[renting], extra["rented_area"][renting]) / household_weight[renting].sum()
    )
    rows.update(_month_pay_rows(person_weight, extra["month_pay"]))
    higher = pop.persons["study_level"] == StudyLevel.HIGHER_EDUCATION
    with_parents = extra["living_with_parents"]
    rows["higher_education_students_with_parents_share"] = _weighted_share(person_weight, with_parents, higher)
    alone = pop.to_person(pop.n_persons_in_household == 1)
    rows["higher_education_students_living_alone_share"] = _weighted_share(person_weight, alone, higher & ~with_parents)
    return rows


def jobless_household_share(pop: Population) -> float:
    """Share of the people aged 18–59 who live in a household where no one works (no member has earnings in the
    month), as Eurostat's EU-LFS indicator counts them: households made up only of students aged 18–24 are left
    out of both sides."""
    age, hh = pop.persons["age"], pop.hh
    prime = (age >= JOBLESS_AGES[0]) & (age <= JOBLESS_AGES[1])
    works = pop.persons["earnings"] > 0
    lowest, highest = JOBLESS_STUDENT_AGES
    young_student = (pop.persons["status"] == Status.STUDENT) & (age >= lowest) & (age <= highest)
    only_young_students = pop.hh_sum(~young_student) == 0
    counted = prime & ~only_young_students[hh]
    jobless = ~pop.hh_any(works)[hh]
    return _weighted_share(pop.weight, jobless, counted)


def _month_pay_rows(person_weight: np.ndarray, month_pay: np.ndarray) -> dict[str, float]:
    """The month's pay of everyone with earnings (without the share of the year's one-off items), as the Incomes
    Register counts a month's wages: quartiles, and the earners during the year through the turnover factor."""
    earners = month_pay > 0
    pay, weights = month_pay[earners], person_weight[earners]
    turnover = float(load_generator()["wage_earner_turnover"])
    return {
        "month_pay_p25": weighted_quantile(pay, weights, 0.25),
        "month_pay_median": weighted_quantile(pay, weights, 0.5),
        "month_pay_p75": weighted_quantile(pay, weights, 0.75),
        "wage_earners": float(weights.sum()) * turnover,
    }


def build_population(n_households: int | str = 100_000, seed: int = 2025) -> Population:
    """The synthetic population of Finland, calibrated.

    ``n_households`` synthetic households (or ``"full"``: one per Finnish household, weights ≈ 1)
    drawn with ``numpy.random.default_rng(seed)``; the weights add up to the households target and
    reproduce every calibrated total of ``targets.yaml``. The calibration report is stored in
    ``pop.calibration_report``. BLAS runs on one thread meanwhile, so the weights do not depend on the machine's
    cores or on the caller's :func:`models.runtime.configure`.

    The households are drawn twice from the same seed: the first draw's calibrated weights say how far they move
    the pension fit, and the second draw fits the pensions so that the calibrated population has the published
    composition (:func:`models.population.pensions.refit_after_weighting`).
    """
    with one_blas_thread():
        n, cfg = resolve_household_count(n_households), load_generator()
        households, persons, extra = synthesize(n, seed, cfg)
        weights, _ = calibrate_population(Population(households, persons, source="synthetic"))
        below_limit = extra["pension_below_national_pension_limit"]
        refit = refit_after_weighting(cfg, persons, below_limit, weights[persons["household_id"]])
        del households, persons, extra, weights, below_limit  # the first draw is not kept: half the peak memory
        households, persons, extra = synthesize(n, seed, refit)
        weights, _ = calibrate_population(Population(households, persons, source="synthetic"))
    households = dict(households, weight=np.ascontiguousarray(weights, dtype=np.float64))
    capital_income = cfg["capital_income"]
    persons = dict(persons, other_income=rescale_capital_income(persons, extra, weights, capital_income))
    pop = Population(households, persons, source="synthetic")
    generated = _generator_rows(pop, extra)
    rows = []
    for target in load_targets(TARGETS_PATH).targets:
        is_generator = target.measure == "generator"
        achieved = generated.get(target.key, float("nan")) if is_generator else measure(pop, target)
        rows.append(report_row(target, float(achieved)))
    return Population(households, persons, source="synthetic", calibration_report=tuple(rows))

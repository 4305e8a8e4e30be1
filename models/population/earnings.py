"""Step 4 (first part) of the synthetic population: earnings, and earnings before unemployment or a leave.

Employees' full-time pay is a two-piece lognormal fitted to the published full-time deciles
(``fulltime_earnings``), with a Pareto top tail (``earnings_top_tail``); part-time work, the part-month pay of
those who start or leave a job in the month (``part_month``) and the one-off pay items averaged over the year
follow. The population is one month: ``earnings`` is the month's pay (with a twelfth of the year's one-off
items). People whose main activity is not work have small earnings with the shares of ``side_earnings``. The
earnings-related unemployed have earnings before unemployment, parents at home earnings before their leave
(``home_parent_previous_earnings``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from models.population.composition import Composition
from models.population.sampling import AGE_TABLE_SIZE, by_age, lognormal
from models.population.schema import UNEMPLOYED_STATUSES, Status

#: Rounds of the fit of the full-time distribution's shift and sigmas (it usually converges in a few).
FIT_ROUNDS = 40
#: Fewer full-time employees than this are not fitted.
MIN_FIT = 10


@dataclass
class FulltimeEarnings:
    """Full-time monthly earnings: a two-piece lognormal on a log-linear base (sex, age, region), with a
    Pareto upper tail above a quantile of the full-time distribution (``set_tail``)."""

    log_median: dict[int, float]
    age_factor: np.ndarray
    region_factor: dict[int, float]
    shift: float = 0.0
    sigma_low: float = 0.3
    sigma_high: float = 0.4
    tail_q: float = 1.0
    tail_alpha: float = 0.0
    tail_ref: np.ndarray | None = None
    tail_log_threshold: float = math.inf

    def base(self, age: np.ndarray, sex: np.ndarray, group: np.ndarray) -> np.ndarray:
        """Each person's log median before the fitted shift: sex, age and municipality group."""
        sex_part = np.where(sex == 1, self.log_median[1], self.log_median[0])
        factors = self.region_factor
        region = np.log(np.select([group == 1, group == 2], [factors[1], factors[2]], factors[3]))
        return sex_part + np.log(self.age_factor[np.clip(age, 0, AGE_TABLE_SIZE - 1)]) + region

    def _log(self, base: np.ndarray, normal: np.ndarray) -> np.ndarray:
        return base + self.shift + np.where(normal < 0, self.sigma_low, self.sigma_high) * normal

    def draw(self, base: np.ndarray, normal: np.ndarray, tail: bool = False) -> np.ndarray:
        """Monthly full-time pay; with ``tail`` the top decile follows the Pareto tail of annual earnings."""
        log_pay = self._log(base, normal)
        pay = np.exp(log_pay)
        if tail and self.tail_ref is not None:
            top = log_pay > self.tail_log_threshold
            if top.any():
                # the rank of the pay in the full-time reference distribution, mapped to a Pareto quantile
                n_ref = len(self.tail_ref)
                rank = np.interp(log_pay[top], self.tail_ref, (np.arange(n_ref) + 0.5) / n_ref)
                survival = np.clip(1.0 - rank, 0.5 / n_ref, 1.0 - self.tail_q)
                pareto = ((1.0 - self.tail_q) / survival) ** (1.0 / self.tail_alpha)
                pay[top] = math.exp(self.tail_log_threshold) * pareto
        return pay

    def set_tail(self, base: np.ndarray, normal: np.ndarray, q: float, alpha: float) -> None:
        """Above the ``q`` quantile of the (fitted) full-time sample, ``draw(..., tail=True)`` replaces the
        lognormal by a Pareto distribution with coefficient ``alpha`` (the same ranks, so the quantiles up
        to ``q`` stay)."""
        if len(base) < MIN_FIT or alpha <= 1.0 or not 0.0 < q < 1.0:
            return
        ref = np.sort(self._log(base, normal))
        n_ref = len(ref)
        self.tail_ref = ref
        self.tail_q = float(q)
        self.tail_alpha = float(alpha)
        self.tail_log_threshold = float(np.interp(q, (np.arange(n_ref) + 0.5) / n_ref, ref))

    def fit(self, base: np.ndarray, normal: np.ndarray, p10: float, p50: float, p90: float) -> None:
        """Choose shift and the two sigmas so that the sample P10, median and P90 match."""
        if len(base) < MIN_FIT:
            return
        for _ in range(FIT_ROUNDS):
            log_pay = base + self.shift + np.where(normal < 0, self.sigma_low, self.sigma_high) * normal
            q10, q50, q90 = np.quantile(log_pay, [0.1, 0.5, 0.9])
            self.shift += math.log(p50) - q50
            low_ratio = (math.log(p50) - math.log(p10)) / (q50 - q10)
            high_ratio = (math.log(p90) - math.log(p50)) / (q90 - q50)
            self.sigma_low *= low_ratio
            self.sigma_high *= high_ratio
            if abs(low_ratio - 1) < 1e-7 and abs(high_ratio - 1) < 1e-7 and abs(math.log(p50) - q50) < 1e-9:
                break


@dataclass
class EmployeeEarnings:
    """The employees' earnings and the fitted full-time model (arrays over persons)."""

    earnings: np.ndarray  # the month's earnings, one-off items averaged over the year (0 for all but the employed)
    fulltime_pay: np.ndarray  # monthly pay as in the structure-of-earnings statistics (the fitted lognormal)
    fulltime: np.ndarray  # full-time employees
    model: FulltimeEarnings
    base: np.ndarray  # each person's log median in the model


def fulltime_earnings_model(cfg: dict[str, Any]) -> FulltimeEarnings:
    """The full-time earnings model before its fit: medians by sex, the age profile and the region factors."""
    spec = cfg["fulltime_earnings"]
    return FulltimeEarnings(
        log_median={0: math.log(spec["median_men"]), 1: math.log(spec["median_women"])},
        age_factor=by_age(cfg["earnings_age_profile"], 2, 1.0),
        region_factor={int(g): float(v) for g, v in cfg["earnings_region_factor"].items()},
    )


def draw_employee_earnings(
    rng: np.random.Generator, cfg: dict[str, Any], comp: Composition, group: np.ndarray, status: np.ndarray
) -> EmployeeEarnings:
    """Earnings of the employed in the month: full-time pay (partners' draws correlated), fitted to the published
    deciles with a Pareto top tail; part-time work; part-month pay of those who start or leave a job in the month
    (a uniform share of the month); the one-off pay items averaged over the year."""
    spec = cfg["fulltime_earnings"]
    model = fulltime_earnings_model(cfg)
    n_persons, age, sex = comp.n_persons, comp.age, comp.sex
    employed = status == Status.EMPLOYED
    correlation = float(cfg["earnings_partner_correlation"])
    household_normal = rng.standard_normal(comp.n_households)
    normal = rng.standard_normal(n_persons)
    shared = math.sqrt(correlation) * household_normal[comp.hh] + math.sqrt(1 - correlation) * normal
    normal = np.where(comp.in_couple, shared, normal)
    part_time_spec = cfg["part_time"]
    part_time_share = np.where(sex == 1, part_time_spec["share_women"], part_time_spec["share_men"])
    part_time = employed & (rng.random(n_persons) < part_time_share)
    fulltime = employed & ~part_time
    base = model.base(age, sex, group[comp.hh])
    model.fit(base[fulltime], normal[fulltime], spec["p10"], spec["median"], spec["p90"])
    tail = cfg["earnings_top_tail"]
    model.set_tail(base[fulltime], normal[fulltime], tail["from_quantile"], tail["alpha"])
    earnings = np.zeros(n_persons)
    fulltime_pay = np.zeros(n_persons)
    # fulltime_pay: monthly pay as in the structure-of-earnings statistics (the fitted two-piece
    # lognormal); earnings: annual-average earnings, whose top decile has the Pareto tail of annual
    # taxable incomes (bonuses and options make annual incomes more unequal than monthly pay)
    fulltime_pay[employed] = model.draw(base[employed], normal[employed])
    earnings[employed] = model.draw(base[employed], normal[employed], tail=True)
    lowest, highest = part_time_spec["factor"]
    earnings[part_time] *= rng.uniform(lowest, highest, int(part_time.sum()))
    part_month_spec = cfg["part_month"]
    part_month = employed & (rng.random(n_persons) < part_month_spec["share"])
    lowest_part, highest_part = part_month_spec["worked"]
    earnings[part_month] *= rng.uniform(lowest_part, highest_part, int(part_month.sum()))
    # the structure-of-earnings figures are monthly pay without one-off items (holiday bonus, annual
    # bonuses); a twelfth of them is added, as the benefit rules and the annual taxes count them
    earnings[employed] *= cfg["one_off_pay"]["factor"]
    return EmployeeEarnings(earnings, fulltime_pay, fulltime, model, base)


def add_side_earnings(
    rng: np.random.Generator, cfg: dict[str, Any], age: np.ndarray, status: np.ndarray, earnings: np.ndarray
) -> None:
    """Small earnings of students, pensioners, disability pensioners, other inactive and the unemployed, with
    the shares and lognormal medians of ``side_earnings`` (added to ``earnings`` in place)."""
    spec = cfg["side_earnings"]
    n_persons = len(status)
    works = (status == Status.STUDENT) & (rng.random(n_persons) < by_age(spec["student_share"])[age])
    median = by_age(spec["student_median"])[age[works]]
    earnings[works] = lognormal(rng, median, spec["student_sigma"], int(works.sum()))
    works = (status == Status.PENSIONER) & (rng.random(n_persons) < by_age(spec["pensioner_share"])[age])
    earnings[works] = lognormal(rng, spec["pensioner_median"], spec["pensioner_sigma"], int(works.sum()))
    for group_status, share, median in (
        (Status.DISABILITY_PENSIONER, spec["disability_share"], spec["disability_median"]),
        (Status.OTHER, spec["other_share"], spec["other_median"]),
    ):
        works = (status == group_status) & (rng.random(n_persons) < share)
        earnings[works] = lognormal(rng, median, spec["small_sigma"], int(works.sum()))
    unemployed = np.isin(status, UNEMPLOYED_STATUSES)
    works = unemployed & (rng.random(n_persons) < spec["unemployed_share"])
    earnings[works] = lognormal(rng, spec["unemployed_median"], spec["small_sigma"], int(works.sum()))


def draw_previous_earnings(
    rng: np.random.Generator,
    cfg: dict[str, Any],
    comp: Composition,
    status: np.ndarray,
    earnings: np.ndarray,
    employees: EmployeeEarnings,
) -> np.ndarray:
    """Monthly earnings before unemployment (the earnings-related unemployed: a full-time wage for their age,
    sex and region × ``previous_earnings_factor``) or before a parent's leave (the parental allowance base).

    A parent at home had earnings with the share of people of the same sex in the reference ages who have
    earnings or earnings before unemployment, and then the earnings of a randomly drawn employed person of
    that sex and age band (full- and part-time, part-year, one-off items included).
    """
    age, sex = comp.age, comp.sex
    previous = np.zeros(comp.n_persons)
    earnings_related = status == Status.UNEMPLOYED_EARNINGS_RELATED
    normal = rng.standard_normal(int(earnings_related.sum()))
    wage = employees.model.draw(employees.base[earnings_related], normal)
    previous[earnings_related] = wage * cfg["previous_earnings_factor"]
    lowest, highest = cfg["home_parent_previous_earnings"]["reference_ages"]
    home_parents = np.flatnonzero(status == Status.HOME_PARENT)
    for parent_sex in (0, 1):
        parents = home_parents[sex[home_parents] == parent_sex]
        reference = ~comp.is_child & (age >= lowest) & (age <= highest) & (sex == parent_sex)
        reference &= status != Status.HOME_PARENT
        employed = np.flatnonzero(reference & (status == Status.EMPLOYED))
        if len(parents) == 0 or len(employed) == 0:
            continue
        share_earning = float((reference & ((earnings > 0) | (previous > 0))).sum()) / reference.sum()
        with_previous = parents[rng.random(len(parents)) < share_earning]
        previous[with_previous] = earnings[employed[rng.integers(0, len(employed), len(with_previous))]]
    return previous

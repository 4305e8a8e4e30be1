"""Unemployment benefits, Työttömyysturvalaki 1290/2002 (TTL), as in force in 2025.

Three benefits, all in EUR per month (a month = ``days_per_month`` = 21.5 benefit days):

* **labour market subsidy** (työmarkkinatuki, TTL 7 luku), Kela, means-tested: the full amount is the
  basic daily amount × 21.5; reduced by the parents' income for a person living with them
  (TTL 7:11 §, partial subsidy at least 35 % from 1.1.2025, HE 135/2024), by 50 % of own non-wage
  income above EUR 311/month (TTL 7:8–9 §), and adjusted for earnings (TTL 4 luku);
* **basic unemployment allowance** (peruspäiväraha, TTL 6:1 §), Kela, same level, no means test;
* **earnings-related allowance** (ansiopäiväraha, TTL 6:2–4 §), unemployment funds: basic part +
  45 % of the deducted wage above it and 20 % above the break point, at most 90 % of the wage;
  staggered −20 % after 40 and −25 % after 170 paid days (HE 13/2024, from 2.9.2024).

Adjusted benefit (soviteltu etuus, TTL 4:3–4 §): the benefit is reduced by 50 % of gross earnings in
the adjustment period from the first euro; the €300 protected amount (suojaosa) was removed for
periods from 1.4.2024 (HE 73/2023). For the earnings-related allowance, benefit + earnings may not
exceed the wage the benefit is based on.

Monthly simplification: the law computes daily amounts (päiväpalkka = monthly wage / 21.5) and
adjusts over 4-week or calendar-month periods; here every amount is a 21.5-day month, the whole
month is paid at one staggering level, the waiting period, maximum duration and rounding to cents
are ignored.

Kela: https://www.kela.fi/tyomarkkinatuki ; https://www.kela.fi/tyomarkkinatuessa-on-tarveharkinta ;
https://www.kela.fi/peruspaivaraha ; https://www.kela.fi/soviteltu-tyottomyysetuus ;
TYJ (unemployment funds): https://www.tyj.fi
"""

from __future__ import annotations

import numpy as np

from models.arrays import as_float_array
from models.parameter_types import FrozenModel


class UnemploymentParameters(FrozenModel):
    """Parameters of the unemployment benefits (one YAML file per field)."""

    basic_daily_amount: float
    days_per_month: float
    adjustment_rate: float
    earnings_disregard: float
    statutory_deduction: float
    earnings_part_rate: float
    earnings_part_rate_above_break_point: float
    break_point: float
    max_replacement_rate: float
    staggering_first_days: float
    staggering_first_reduction: float
    staggering_second_days: float
    staggering_second_reduction: float
    lms_other_income_disregard: float
    lms_other_income_rate: float
    lms_parental_income_limit: float
    lms_parental_income_limit_per_child: float
    lms_parental_income_rate: float
    lms_parental_minimum_share: float



def full_basic_amount(p: UnemploymentParameters) -> float:
    """Full monthly basic allowance = full labour market subsidy: daily amount × 21.5 (TTL 6:1 §, 7:5 §)."""
    return p.basic_daily_amount * p.days_per_month


def adjusted_for_earnings(benefit, earnings, p: UnemploymentParameters) -> np.ndarray:
    """Adjusted (soviteltu) benefit, TTL 4 luku 3 §: benefit − 50 % of gross earnings above the protected amount.

    The protected amount (suojaosa, €300/month) applies to periods before 1.4.2024 only; in 2025 it
    is zero, so every euro earned cuts the benefit by 50 cents. Never negative.
    Kela: https://www.kela.fi/soviteltu-tyottomyysetuus
    """
    counted = np.maximum(as_float_array(earnings) - p.earnings_disregard, 0.0)
    return np.maximum(as_float_array(benefit) - p.adjustment_rate * counted, 0.0)


def parental_income_test(full, lives_with_parents, parents_income, parents_dependent_children,
                         p: UnemploymentParameters) -> np.ndarray:
    """Partial labour market subsidy for a person living in the parents' household, TTL 7 luku 11 §.

    The subsidy is reduced by 50 % of the parents' income above EUR 1,781/month, raised by EUR 106 for
    each child the parents maintain in the same household, but is at least the minimum share of the
    full subsidy: 50 % until 2024, 35 % from 1.1.2025 (HE 135/2024).

    Simplified: the test applies to everyone flagged as living with parents (the law exempts those who
    have met the work condition, and services-period payments); parents' income is their gross
    monthly income as passed in.
    Kela: https://www.kela.fi/tyomarkkinatuessa-on-tarveharkinta
    """
    full = as_float_array(full)
    limit = p.lms_parental_income_limit + p.lms_parental_income_limit_per_child * as_float_array(parents_dependent_children)
    reduced = full - p.lms_parental_income_rate * np.maximum(as_float_array(parents_income) - limit, 0.0)
    partial = np.maximum(reduced, p.lms_parental_minimum_share * full)
    return np.where(np.asarray(lives_with_parents, dtype=bool), np.minimum(partial, full), full)


def own_income_test(benefit, other_income, p: UnemploymentParameters) -> np.ndarray:
    """Means test on own non-wage income, TTL 7 luku 8–9 §.

    Own income other than wages (capital, rental and certain benefit income) above EUR 311/month
    reduces the subsidy by 50 % of the excess. The spouse's income has not counted since 2013.
    Simplified: a flat EUR 311 for everyone (no increase for dependants).
    Kela: https://www.kela.fi/tyomarkkinatuessa-on-tarveharkinta
    """
    excess = np.maximum(as_float_array(other_income) - p.lms_other_income_disregard, 0.0)
    return np.maximum(as_float_array(benefit) - p.lms_other_income_rate * excess, 0.0)


def labour_market_subsidy(eligible, earnings, other_income, lives_with_parents, parents_income,
                          parents_family_size, p: UnemploymentParameters,
                          parents_dependent_children=None) -> np.ndarray:
    """Labour market subsidy (työmarkkinatuki), EUR/month, Työttömyysturvalaki 1290/2002, 7 luku.

    full (37.21 × 21.5) → parental income test (7:11 §) → own non-wage income test (7:8–9 §)
    → adjustment for earnings, −50 % of gross earnings (4:3 §).

    ``parents_dependent_children`` is the number of other children the parents maintain; when it is
    not given it is taken as ``parents_family_size − 2`` (two parents assumed; the applicant is not
    counted in ``parents_family_size``).
    Kela: https://www.kela.fi/tyomarkkinatuki
    """
    eligible = np.asarray(eligible, dtype=bool)
    if parents_dependent_children is None:
        parents_dependent_children = np.maximum(as_float_array(parents_family_size) - 2.0, 0.0)
    full = np.full(eligible.shape, full_basic_amount(p))
    amount = parental_income_test(full, lives_with_parents, parents_income, parents_dependent_children, p)
    amount = own_income_test(amount, other_income, p)
    amount = adjusted_for_earnings(amount, earnings, p)
    return np.where(eligible, amount, 0.0)


def basic_unemployment_allowance(eligible, earnings, p: UnemploymentParameters) -> np.ndarray:
    """Basic unemployment allowance (peruspäiväraha), EUR/month, Työttömyysturvalaki 1290/2002, 6 luku 1 §.

    Same level as the labour market subsidy, no means test; adjusted for earnings (4 luku 3 §).
    Kela: https://www.kela.fi/peruspaivaraha
    """
    eligible = np.asarray(eligible, dtype=bool)
    full = np.full(eligible.shape, full_basic_amount(p))
    return np.where(eligible, adjusted_for_earnings(full, earnings, p), 0.0)


def benefit_base_wage(previous_earnings, p: UnemploymentParameters) -> np.ndarray:
    """The wage the earnings-related allowance is based on, TTL 6 luku 4 §, per month.

    Gross monthly wage less the statutory deduction: 60 % of (the employee's pension, unemployment
    insurance and daily-allowance contributions − 2.68 points); 3.76 % in 2024, 3.54 % in 2025.
    """
    return as_float_array(previous_earnings) * (1.0 - p.statutory_deduction)


def full_earnings_related_allowance(base_wage, p: UnemploymentParameters) -> np.ndarray:
    """Full earnings-related allowance per month before staggering, TTL 6 luku 2–3 §.

    basic part (37.21 × 21.5) + 45 % of (wage − basic part) up to the break point (95 × the basic
    daily amount = EUR 3,534.95/month) + 20 % of the wage above it; at most 90 % of the wage, but never
    less than the basic allowance.
    """
    w = as_float_array(base_wage)
    basic = full_basic_amount(p)
    part_low = p.earnings_part_rate * np.maximum(np.minimum(w, p.break_point) - basic, 0.0)
    part_high = p.earnings_part_rate_above_break_point * np.maximum(w - np.maximum(p.break_point, basic), 0.0)
    full = basic + part_low + part_high
    return np.maximum(np.minimum(full, p.max_replacement_rate * w), basic)


def staggered(full, days_used, p: UnemploymentParameters) -> np.ndarray:
    """Staggering (porrastus) of the earnings-related allowance, TTL 6 luku 2 a §, HE 13/2024.

    Once the allowance has been paid for 40 days it is cut by 20 %, after 170 days by 25 %, both
    relative to the unreduced amount, never below the basic allowance. In force from 2.9.2024 for
    those whose work condition includes wages from work from that date; the model applies it to all
    recipients (in 2025 some spells that began earlier still ran unstaggered).
    """
    days = as_float_array(days_used)
    reduction = np.where(
        days >= p.staggering_second_days,
        p.staggering_second_reduction,
        np.where(days >= p.staggering_first_days, p.staggering_first_reduction, 0.0),
    )
    return np.maximum(as_float_array(full) * (1.0 - reduction), full_basic_amount(p))


def adjustment_cap(base_wage, p: UnemploymentParameters) -> np.ndarray:
    """The ceiling of adjusted allowance + earnings, TTL 4 luku 4 §: the wage the allowance is based on.

    Taken as the deducted base wage; never below the full basic allowance (a base wage under the basic
    amount cannot meet the income-based work condition from 2.9.2024, so this only guards the edge).
    """
    return np.maximum(as_float_array(base_wage), full_basic_amount(p))


def earnings_related_unemployment_allowance(eligible, earnings, previous_earnings, days_used,
                                            p: UnemploymentParameters) -> np.ndarray:
    """Earnings-related unemployment allowance (ansiopäiväraha), EUR/month, TTL 1290/2002, 6 luku 2–4 §.

    ``previous_earnings`` is the gross monthly wage before unemployment, ``days_used`` the benefit days
    already paid in the spell. Steps: statutory deduction → full allowance (basic part + 45 %/20 %,
    90 % cap) → staggering → adjustment for earnings (−50 %, TTL 4:3 §) → benefit + earnings capped at
    the deducted base wage (TTL 4:4 §).

    Monthly simplification: the base wage is the previous monthly wage (not the 12-month work-condition
    average), the daily amounts are × 21.5, and a month is paid at one staggering level.
    TYJ: https://www.tyj.fi ; Kela: https://www.kela.fi/soviteltu-tyottomyysetuus
    """
    eligible = np.asarray(eligible, dtype=bool)
    wage = benefit_base_wage(previous_earnings, p)
    amount = staggered(full_earnings_related_allowance(wage, p), days_used, p)
    amount = adjusted_for_earnings(amount, earnings, p)
    amount = np.maximum(np.minimum(amount, adjustment_cap(wage, p) - as_float_array(earnings)), 0.0)
    return np.where(eligible, amount, 0.0)

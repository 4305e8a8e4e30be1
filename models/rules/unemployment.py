"""Unemployment benefits, Työttömyysturvalaki 1290/2002 (TTL), as in force on the parameters' date.

Three benefits, all in EUR per month (a month = ``unemployment.days_per_month`` benefit days); the names
in double backquotes are fields of ``unemployment`` (``assumptions/parameters/unemployment``):

* **labour market subsidy** (työmarkkinatuki, TTL 7 luku), Kela, means-tested: the full amount is
  ``basic_daily_amount`` × ``days_per_month``; reduced by the parents' income for a person living with them
  (TTL 7:11 §, a partial subsidy of at least ``lms_parental_minimum_share`` of the full one; HE 135/2024
  lowered the share from 1.1.2025), by ``lms_other_income_rate`` of own non-wage income above
  ``lms_other_income_disregard`` (TTL 7:8–9 §), and adjusted for earnings (TTL 4 luku);
* **basic unemployment allowance** (peruspäiväraha, TTL 6:1 §), Kela, same level, no means test;
* **earnings-related allowance** (ansiopäiväraha, TTL 6:2–4 §), unemployment funds: basic part +
  ``earnings_part_rate`` of the deducted wage above it and ``earnings_part_rate_above_break_point`` above
  ``break_point``, at most ``max_replacement_rate`` of the wage; staggered: cut by
  ``staggering_first_reduction`` after ``staggering_first_days`` and by ``staggering_second_reduction`` after
  ``staggering_second_days`` paid days (HE 13/2024, from 2.9.2024).

Adjusted benefit (soviteltu etuus, TTL 4:3–4 §): the benefit is reduced by ``adjustment_rate`` of gross
earnings in the adjustment period above the protected amount (suojaosa, ``earnings_disregard``), which is
zero for periods from 1.4.2024 (HE 73/2023), so earnings count from the first euro. For the
earnings-related allowance, benefit + earnings may not exceed the wage the benefit is based on.

Monthly simplification: the law computes daily amounts (päiväpalkka = monthly wage / ``days_per_month``)
and adjusts over 4-week or calendar-month periods; here every amount is a month of ``days_per_month``
benefit days, the whole month is paid at one staggering level, the waiting period, maximum duration and
rounding to cents are ignored.

Kela: https://www.kela.fi/tyomarkkinatuki ; https://www.kela.fi/tyomarkkinatuessa-on-tarveharkinta ;
https://www.kela.fi/peruspaivaraha ; https://www.kela.fi/soviteltu-tyottomyysetuus ;
TYJ (unemployment funds): https://www.tyj.fi
"""

from __future__ import annotations

import numpy as np

from models.arrays import as_float_array
from models.parameter_types import FrozenModel, Share


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
    lms_family_income_limit: float
    lms_family_income_limit_per_child: float
    lms_family_income_rate: float
    lms_means_test_exempt_age: int
    lms_parental_income_limit: float
    lms_parental_income_limit_per_child: float
    lms_parental_income_rate: float
    lms_parental_minimum_share: float
    #: The parents' income test applies up to this age (a proxy for "has not met the work condition").
    lms_parental_test_max_age: int
    #: Share of the registered unemployed who are paid an unemployment benefit in a month (the others wait, are
    #: sanctioned, have no right or do not claim; applied by the engine with a fixed draw per person).
    benefit_receipt_rate: Share
    #: General support (yleistuki, law 48/2026) from 1.5.2026; None before (not in force).
    yleistuki_other_income_disregard: float | None = None
    yleistuki_other_income_rate: float | None = None
    yleistuki_parental_income_limit: float | None = None
    yleistuki_parental_income_limit_per_child: float | None = None
    yleistuki_parental_income_rate: float | None = None
    yleistuki_parental_minimum_share: float | None = None

    @property
    def yleistuki_in_force(self) -> bool:
        """True from 1.5.2026: general support replaces the labour market subsidy and the basic allowance."""
        return self.yleistuki_other_income_disregard is not None


def paid_a_benefit(draw, in_services, p: UnemploymentParameters) -> np.ndarray:
    """Whether each unemployed person is paid the unemployment benefit of their status this month.

    Not every registered unemployed jobseeker is: the waiting period (omavastuuaika, TTL 6:6 §), a sanction of the
    labour policy rules (korvaukseton määräaika, työssäolovelvoite; TTL 2 a luku), no right to the benefit (e.g. a
    young person without a vocational education, TTL 2 a:12 §) or no claim. The model has no spell histories, so a
    fixed draw per person (uniform on [0, 1)) below ``benefit_receipt_rate`` decides who is paid, the same person in
    every run. A jobseeker in an employment-promoting service (``in_services``) is paid: the population counts in
    services only those paid a benefit for it.
    """
    return np.asarray(in_services, dtype=bool) | (as_float_array(draw) < p.benefit_receipt_rate)


def full_basic_amount(p: UnemploymentParameters) -> float:
    """Full monthly basic allowance = full labour market subsidy (TTL 6:1 §, 7:5 §).

    ``basic_daily_amount`` × ``days_per_month``.
    """
    return p.basic_daily_amount * p.days_per_month


def adjusted_for_earnings(benefit, earnings, p: UnemploymentParameters) -> np.ndarray:
    """Adjusted (soviteltu) benefit, TTL 4 luku 3 §: benefit − ``adjustment_rate`` × earnings above a protected amount.

    The protected amount (suojaosa, ``earnings_disregard``) applies to periods before 1.4.2024 only; from then
    on it is zero, so every euro earned cuts the benefit by ``adjustment_rate`` euros. Never negative.
    Kela: https://www.kela.fi/soviteltu-tyottomyysetuus
    """
    counted = np.maximum(as_float_array(earnings) - p.earnings_disregard, 0.0)
    return np.maximum(as_float_array(benefit) - p.adjustment_rate * counted, 0.0)


def parental_income_test(
    full, lives_with_parents, parents_income, parents_dependent_children, p: UnemploymentParameters
) -> np.ndarray:
    """Partial labour market subsidy for a person living in the parents' household, TTL 7 luku 11 §.

    The subsidy is reduced by ``lms_parental_income_rate`` of the parents' income above
    ``lms_parental_income_limit``, raised by ``lms_parental_income_limit_per_child`` for each child the parents
    maintain in the same household, but is at least ``lms_parental_minimum_share`` of the full subsidy (a
    share lowered from 1.1.2025 by HE 135/2024).

    The caller leaves out those the law exempts (the work condition met: an age proxy; a service period:
    :func:`labour_market_subsidy`'s ``in_services``); parents' income is their gross monthly income as passed in.
    Kela: https://www.kela.fi/tyomarkkinatuessa-on-tarveharkinta
    """
    full = as_float_array(full)
    limit = p.lms_parental_income_limit + p.lms_parental_income_limit_per_child * as_float_array(
        parents_dependent_children
    )
    reduced = full - p.lms_parental_income_rate * np.maximum(as_float_array(parents_income) - limit, 0.0)
    partial = np.maximum(reduced, p.lms_parental_minimum_share * full)
    return np.where(np.asarray(lives_with_parents, dtype=bool), np.minimum(partial, full), full)


def own_income_test(
    benefit, other_income, p: UnemploymentParameters, has_family=False, n_children=0, age=0
) -> np.ndarray:
    """Means test on own non-wage income, TTL 7 luku 8–9 § (as in force until 30.4.2026).

    Own income other than wages (capital, rental and certain benefit income) above ``lms_other_income_disregard``
    reduces the subsidy by ``lms_other_income_rate`` of the excess; for a recipient with a spouse or children
    (``has_family``) the limit is ``lms_family_income_limit`` + ``lms_family_income_limit_per_child`` per child and
    the rate ``lms_family_income_rate``. The spouse's income has not counted since 2013. From
    ``lms_means_test_exempt_age`` there is no test (8 §: the model assumes the work condition was met).
    Kela: https://www.kela.fi/tyomarkkinatuessa-on-tarveharkinta
    """
    family = np.asarray(has_family, dtype=bool)
    limit = np.where(
        family,
        p.lms_family_income_limit + p.lms_family_income_limit_per_child * as_float_array(n_children),
        p.lms_other_income_disregard,
    )
    rate = np.where(family, p.lms_family_income_rate, p.lms_other_income_rate)
    excess = np.maximum(as_float_array(other_income) - limit, 0.0)
    tested = np.maximum(as_float_array(benefit) - rate * excess, 0.0)
    return np.where(as_float_array(age) >= p.lms_means_test_exempt_age, as_float_array(benefit), tested)


def labour_market_subsidy(
    eligible,
    earnings,
    other_income,
    lives_with_parents,
    parents_income,
    parents_family_size,
    p: UnemploymentParameters,
    parents_dependent_children=None,
    has_family=False,
    own_children=0,
    age=0,
    in_services=False,
) -> np.ndarray:
    """Labour market subsidy (työmarkkinatuki), EUR/month, Työttömyysturvalaki 1290/2002, 7 luku.

    full (:func:`full_basic_amount`) → parental income test (7:11 §; not during an employment-promoting service,
    ``in_services``: Kela pays the subsidy of those living with their parents unreduced then) → own non-wage
    income test (7:8–9 §,
    :func:`own_income_test`: ``has_family`` = a spouse or children, ``own_children``, ``age``) → adjustment for
    earnings, − ``adjustment_rate`` × gross earnings (4:3 §).

    ``parents_dependent_children`` is the number of other children the parents maintain; when it is
    not given it is taken as ``parents_family_size − 2`` (two parents assumed; the applicant is not
    counted in ``parents_family_size``).
    Kela: https://www.kela.fi/tyomarkkinatuki
    """
    eligible = np.asarray(eligible, dtype=bool)
    if parents_dependent_children is None:
        parents_dependent_children = np.maximum(as_float_array(parents_family_size) - 2.0, 0.0)
    full = np.full(eligible.shape, full_basic_amount(p))
    parents_test = np.asarray(lives_with_parents, dtype=bool) & ~np.asarray(in_services, dtype=bool)
    amount = parental_income_test(full, parents_test, parents_income, parents_dependent_children, p)
    amount = own_income_test(amount, other_income, p, has_family, own_children, age)
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

    Gross monthly wage less the statutory deduction ``statutory_deduction``, a share the law derives from the
    employee's pension, unemployment insurance and daily-allowance contributions of the year (the formula
    and each year's value are in the parameter's YAML file).
    """
    return as_float_array(previous_earnings) * (1.0 - p.statutory_deduction)


def full_earnings_related_allowance(base_wage, p: UnemploymentParameters) -> np.ndarray:
    """Full earnings-related allowance per month before staggering, TTL 6 luku 2–3 §.

    basic part (:func:`full_basic_amount`) + ``earnings_part_rate`` × (wage − basic part) up to ``break_point``
    (a multiple of the basic daily amount, see its YAML note) + ``earnings_part_rate_above_break_point`` × the
    wage above it; at most ``max_replacement_rate`` × the wage, but never less than the basic allowance.
    """
    w = as_float_array(base_wage)
    basic = full_basic_amount(p)
    part_low = p.earnings_part_rate * np.maximum(np.minimum(w, p.break_point) - basic, 0.0)
    part_high = p.earnings_part_rate_above_break_point * np.maximum(w - np.maximum(p.break_point, basic), 0.0)
    full = basic + part_low + part_high
    return np.maximum(np.minimum(full, p.max_replacement_rate * w), basic)


def staggered(full, days_used, p: UnemploymentParameters) -> np.ndarray:
    """Staggering (porrastus) of the earnings-related allowance, TTL 6 luku 2 a §, HE 13/2024.

    Once the allowance has been paid for ``staggering_first_days`` days it is cut by
    ``staggering_first_reduction``, after ``staggering_second_days`` days by ``staggering_second_reduction``,
    both relative to the unreduced amount, never below the basic allowance. In force from 2.9.2024 for
    those whose work condition includes wages from work from that date; the model applies it to all
    recipients (spells that began earlier run unstaggered until a new work condition is met).
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


def earnings_related_unemployment_allowance(
    eligible, earnings, previous_earnings, days_used, p: UnemploymentParameters
) -> np.ndarray:
    """Earnings-related unemployment allowance (ansiopäiväraha), EUR/month, TTL 1290/2002, 6 luku 2–4 §.

    ``previous_earnings`` is the gross monthly wage before unemployment, ``days_used`` the benefit days
    already paid in the spell. Steps: statutory deduction → full allowance (basic part + earnings part,
    capped at ``max_replacement_rate`` of the wage) → staggering → adjustment for earnings
    (``adjustment_rate``, TTL 4:3 §) → benefit + earnings capped at the deducted base wage (TTL 4:4 §).

    Monthly simplification: the base wage is the previous monthly wage (not the work-condition period's
    average), the daily amounts are × ``days_per_month``, and a month is paid at one staggering level.
    TYJ: https://www.tyj.fi ; Kela: https://www.kela.fi/soviteltu-tyottomyysetuus
    """
    eligible = np.asarray(eligible, dtype=bool)
    wage = benefit_base_wage(previous_earnings, p)
    amount = staggered(full_earnings_related_allowance(wage, p), days_used, p)
    amount = adjusted_for_earnings(amount, earnings, p)
    amount = np.maximum(np.minimum(amount, adjustment_cap(wage, p) - as_float_array(earnings)), 0.0)
    return np.where(eligible, amount, 0.0)


def yleistuki(
    eligible,
    earnings,
    other_income,
    parents_test,
    parents_income,
    parents_dependent_children,
    p: UnemploymentParameters,
) -> np.ndarray:
    """General support (yleistuki), EUR/month, Laki yleistuesta 48/2026 (HE 112/2025), from 1.5.2026.

    It replaces the labour market subsidy and the basic unemployment allowance for the unemployed without a right
    to the earnings-related allowance. The full amount is the basic allowance's (:func:`full_basic_amount`); own
    income other than wages above ``yleistuki_other_income_disregard`` reduces it by ``yleistuki_other_income_rate``
    of the excess (neither the spouse's income nor assets count); for a recipient living with their parents who
    has not met the work condition (``parents_test``), the parents' income above ``yleistuki_parental_income_limit``
    (+ ``yleistuki_parental_income_limit_per_child`` per other child) reduces it by ``yleistuki_parental_income_rate``
    of the excess, to no less than ``yleistuki_parental_minimum_share`` of the amount; wages then adjust it from the
    first euro (:func:`adjusted_for_earnings`). The order follows Statistics Finland's SISU model (YleistukiKS).
    Kela: https://www.kela.fi/yleistuki
    """
    if not p.yleistuki_in_force:
        return np.zeros(np.shape(eligible))
    assert p.yleistuki_other_income_rate is not None and p.yleistuki_parental_income_limit is not None
    assert p.yleistuki_parental_income_limit_per_child is not None and p.yleistuki_parental_income_rate is not None
    assert p.yleistuki_parental_minimum_share is not None and p.yleistuki_other_income_disregard is not None
    eligible = np.asarray(eligible, dtype=bool)
    full = np.full(eligible.shape, full_basic_amount(p))
    excess = np.maximum(as_float_array(other_income) - p.yleistuki_other_income_disregard, 0.0)
    amount = np.maximum(full - p.yleistuki_other_income_rate * excess, 0.0)
    limit = p.yleistuki_parental_income_limit + p.yleistuki_parental_income_limit_per_child * as_float_array(
        parents_dependent_children
    )
    reduced = amount - p.yleistuki_parental_income_rate * np.maximum(as_float_array(parents_income) - limit, 0.0)
    partial = np.maximum(reduced, p.yleistuki_parental_minimum_share * amount)
    amount = np.where(np.asarray(parents_test, dtype=bool), np.minimum(partial, amount), amount)
    return np.where(eligible, adjusted_for_earnings(amount, earnings, p), 0.0)

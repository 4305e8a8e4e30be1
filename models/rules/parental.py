"""Kela's parental allowances (vanhempainpäivärahat): pregnancy allowance (raskausraha) and parental allowance
(vanhempainraha), Sairausvakuutuslaki 1224/2004 (SVL), 9 and 11 luku, as reformed by HE 129/2021 for children
due on or after 4.9.2022.

How Kela computes the amount (SVL 11 luku; Kela's formula table):

* **annual income** (vuositulo, 11:2 §): wages of the 12 calendar months before the month preceding the
  benefit, less the insurance contribution deduction (vakuutusmaksuvähennys: the employee's pension,
  unemployment insurance and daily-allowance contributions, 8.95 % in 2024, 8.58 % in 2025);
* **daily allowance** = scale(annual income) / 300, per working day (Monday–Saturday): 70 % of the annual
  income up to EUR 44,702, 40 % up to EUR 68,776, 25 % above (2025; 43,740 / 67,296 in 2024);
* **increased allowance** for the whole pregnancy allowance (40 days) and the first 16 parental allowance days
  of each parent: 90 % up to EUR 68,776 and 32.5 % above;
* at least the **minimum daily amount**, EUR 31.99 (2023–2025), also with no income at all.

Monthly steady-state simplification used here:

* a month is 25 benefit days (300 / 12); the annual income is 12 × the monthly gross wage before the leave
  (``previous_earnings``): holiday bonus, benefits counted in the annual income (e.g. earnings-related
  unemployment allowance) and the one-month gap are not modelled unless the caller adds them to
  ``previous_earnings``; the 17–52-year-old pension contribution rate is used for everyone; no rounding to cents;
* **the increased days are averaged over the modelled leave**: the engine counts a parent at home with a child
  younger than ``covered_child_age`` (1 year = 12 × 25 = 300 benefit days) as on parental allowance; of those
  300 days, 40 + 16 = 56 (a birthing parent's pregnancy allowance and first 16 parental days) are paid at the
  increased rate, so every month gets 56/300 ≈ 18.7 % of the increased and 81.3 % of the ordinary amount.
  This keeps the year's total right for a birthing parent who stays home for the child's first year; it
  over-credits a non-birthing parent on leave (only 16 increased days) and treats pregnancy days before the
  birth as paid after it. Set ``pregnancy_allowance_days`` and ``increased_parental_allowance_days`` to 0 to
  leave the increase out;
* **work during the leave**: the allowance is not paid for days of work (SVL 9 luku; the partial parental
  allowance for part-time work, 50 %, is not modelled). The engine gives eligible parents no earnings; if
  ``earnings`` > 0 the month's allowance is cut by the share of the month worked, approximated as
  earnings / previous monthly wage (the wage being at least the minimum allowance's monthly amount, so that a
  parent without previous earnings does not lose the whole minimum for the first euro earned);
* not modelled: the 320-day quota split between parents (the engine decides who is eligible), multiple births,
  adoption, special pregnancy allowance, the employer paying wages during the leave.

Kela: https://www.kela.fi/daily-allowances-for-parents-amount-payment ;
https://www.kela.fi/annual-income-calculation ; https://www.kela.fi/vuositulo
Finlex: https://www.finlex.fi/fi/laki/ajantasa/2004/20041224
"""

from __future__ import annotations

import numpy as np

from models.arrays import as_float_array_1d
from models.parameter_types import FrozenModel, Scale
from models.rules.tax import scale_amount

#: Calendar months in a year (the annual income is 12 monthly wages).
MONTHS_PER_YEAR = 12.0


class ParentalAllowanceParameters(FrozenModel):
    """Pregnancy and parental allowance, SVL 1224/2004, 11 luku (one YAML file per field)."""

    #: EUR per working day paid at least, also with no income (SVL 11 luku).
    minimum_daily_amount: float
    #: The daily allowance is the scale amount of the annual income divided by this (300).
    working_days_per_year: float
    #: Paid working days (Mon–Sat) in an average month, 25 = 300 / 12.
    days_per_month: float
    #: Share of wage income deducted for the employee's insurance contributions (vakuutusmaksuvähennys).
    insurance_contribution_deduction: float
    #: Ordinary allowance: 70 % / 40 % / 25 % by deducted annual income (EUR/year thresholds).
    rate_scale: Scale
    #: Increased allowance (pregnancy allowance, first 16 parental days): 90 % / 32.5 %.
    increased_rate_scale: Scale
    #: Pregnancy allowance days (all at the increased rate), birthing parent only.
    pregnancy_allowance_days: float
    #: First parental allowance days at the increased rate, once per parent.
    increased_parental_allowance_days: float
    #: Modelling assumption: a parent at home whose youngest child is younger than this (years) is on
    #: parental allowance; also the length of the leave over which the increased days are averaged.
    covered_child_age: int



def covered_by_parental_allowance(youngest_child_age, p: ParentalAllowanceParameters) -> np.ndarray:
    """Whether a parent at home is taken to be on parental allowance: youngest child younger than ``covered_child_age``.

    Modelling rule for ``models/system.py`` (not law): 320 parental allowance days + 40 pregnancy days ≈ 13
    months from birth, shared between the parents, so the child's first year is parental-allowance time and
    ages 1–2 home-care-allowance time (the home care allowance is not paid during parental allowance, laki
    1128/1996, 3 §).
    """
    return as_float_array_1d(youngest_child_age) < p.covered_child_age


def annual_income(previous_earnings, p: ParentalAllowanceParameters) -> np.ndarray:
    """Annual income the allowance is based on (vuositulo), SVL 11 luku 2 §, EUR/year.

    12 × the gross monthly wage before the leave, less the insurance contribution deduction (8.58 % in 2025).
    Simplified: no holiday bonus, no benefits in the reference period, no one-month gap (see the module docstring).
    Kela: https://www.kela.fi/vuositulo
    """
    wage = np.maximum(as_float_array_1d(previous_earnings), 0.0)
    return MONTHS_PER_YEAR * wage * (1.0 - p.insurance_contribution_deduction)


def daily_parental_allowance(annual_income, p: ParentalAllowanceParameters) -> np.ndarray:
    """Ordinary daily pregnancy/parental allowance, SVL 11 luku, EUR per working day (Mon–Sat).

    (70 % of the annual income up to EUR 44,702 + 40 % up to EUR 68,776 + 25 % above) / 300 in 2025, at least
    the minimum daily amount EUR 31.99.
    Kela: https://www.kela.fi/annual-income-calculation
    """
    amount = scale_amount(np.maximum(as_float_array_1d(annual_income), 0.0), p.rate_scale) / p.working_days_per_year
    return np.maximum(amount, p.minimum_daily_amount)


def increased_daily_parental_allowance(annual_income, p: ParentalAllowanceParameters) -> np.ndarray:
    """Increased daily allowance (pregnancy allowance, first 16 parental allowance days), SVL 11 luku, EUR/day.

    (90 % of the annual income up to EUR 68,776 + 32.5 % above) / 300 in 2025, at least the minimum daily amount.
    Kela: https://www.kela.fi/daily-allowances-for-parents-amount-payment
    """
    amount = scale_amount(np.maximum(as_float_array_1d(annual_income), 0.0), p.increased_rate_scale) / p.working_days_per_year
    return np.maximum(amount, p.minimum_daily_amount)


def increased_days_share(p: ParentalAllowanceParameters) -> float:
    """Share of the modelled leave's benefit days paid at the increased rate (monthly simplification).

    (pregnancy allowance days 40 + increased parental days 16) / (covered_child_age × 12 × 25 days)
    = 56 / 300 ≈ 0.187: a birthing parent's increased days spread over the child's first year, which the
    engine counts as parental-allowance time. Between 0 and 1.
    """
    leave_days = p.covered_child_age * MONTHS_PER_YEAR * p.days_per_month
    if leave_days <= 0:
        return 0.0
    increased = p.pregnancy_allowance_days + p.increased_parental_allowance_days
    return float(min(max(increased / leave_days, 0.0), 1.0))


def share_of_month_worked(previous_earnings, earnings, p: ParentalAllowanceParameters) -> np.ndarray:
    """Share of the month's benefit days lost to work, between 0 and 1 (SVL 9 luku: no allowance for days of work).

    Approximated as earnings / previous monthly wage, the wage taken as at least the minimum allowance's monthly
    amount (31.99 × 25 = EUR 799.75) so that a parent without previous earnings keeps part of the minimum.
    The partial parental allowance (50 % for part-time work) is not modelled.
    """
    reference_wage = np.maximum(as_float_array_1d(previous_earnings), p.minimum_daily_amount * p.days_per_month)
    return np.clip(as_float_array_1d(earnings) / reference_wage, 0.0, 1.0)


def parental_allowance(eligible, previous_earnings, earnings, p: ParentalAllowanceParameters) -> np.ndarray:
    """Pregnancy and parental allowance (raskaus- ja vanhempainraha), EUR/month, SVL 1224/2004, 11 luku.

    ``previous_earnings`` is the gross monthly wage before the leave, ``earnings`` the wage earned in the month
    of the allowance (normally 0). Steps: annual income = 12 × wage − 8.58 % (11:2 §) → ordinary daily
    allowance (70/40/25 %, / 300) and increased daily allowance (90/32.5 %), each at least EUR 31.99 →
    monthly amount = 25 × (81.3 % ordinary + 18.7 % increased; the 56 increased days averaged over the
    first year) → reduced by the share of the month worked. 0 where not eligible.
    Kela: https://www.kela.fi/daily-allowances-for-parents-amount-payment
    """
    eligible = np.atleast_1d(np.asarray(eligible, dtype=bool))
    income = annual_income(previous_earnings, p)
    share = increased_days_share(p)
    daily = (1.0 - share) * daily_parental_allowance(income, p) + share * increased_daily_parental_allowance(income, p)
    monthly = daily * p.days_per_month * (1.0 - share_of_month_worked(previous_earnings, earnings, p))
    return np.where(eligible, np.maximum(monthly, 0.0), 0.0)

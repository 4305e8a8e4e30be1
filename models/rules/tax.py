"""Personal income taxation and the employee's social insurance contributions of a tax year (the parameters' date).

All amounts are EUR per **year** per person (the tax year), unlike most other rule modules.

Legal order (Tuloverolaki 1535/1992, TVL; Vero: *Ansiotulojen verotus*):

1. Contributions withheld from wages: employee pension (TyEL 395/2006), unemployment insurance
   (Työttömyysetuuksien rahoituslaki 555/1998) and the health-insurance daily-allowance contribution
   (Sairausvakuutuslaki 1224/2004, 18 luku).
2. Earned income (wages + pensions + taxable benefits) less the automatic work-expense deduction
   (tulonhankkimisvähennys, TVL 95 §) = net earned income (*puhdas ansiotulo*). It is the income that
   phases out the earned-income tax credit and the pension income deduction, and it is the YLE-tax base.
3. Deductions from net earned income (TVL 96 §, 101 §, 105 a §): the three contributions above, the pension
   income deduction and (until 2024) the earned income allowance; then the basic deduction (TVL 106 §)
   on what is left. Since 2023 the state and municipal tax bases are the same, so every deduction applies
   in both and there is one taxable earned income (*verotettava ansiotulo*).
4. Taxes on it: the state scale, the municipal tax, the church tax (members), and the health-care
   contribution (sairaanhoitomaksu), whose base is the same taxable income.
5. The earned-income tax credit (työtulovähennys, TVL 125 §) is deducted from the state tax; what the state
   tax cannot absorb is deducted from municipal tax, health-care contribution and church tax pro rata.
6. Separate taxes: YLE tax (Laki yleisradioverosta 484/2012), pension-income surtax and capital income
   tax (TVL 124 §).

Simplifications (the whole module): one average municipal rate and one average church rate for everyone;
actual work expenses, travel and other deductions claimed by the taxpayer, the study-grant deduction, the
deficit credit on capital income and the Åland rules are not modelled; ``capital_income`` is taken as net
capital income.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from models.arrays import as_float_array_1d
from models.parameter_types import Bracket, FrozenModel, Scale


class TaxParameters(FrozenModel):
    """Parameters of the tax section (one YAML file per field under assumptions/parameters/tax/)."""

    # Tax rates and scales
    state_income_tax_scale: Scale
    municipal_tax_rate: float
    church_tax_rate: float
    capital_income_tax_scale: Scale
    pension_income_surtax_rate: float
    pension_income_surtax_threshold: float
    yle_tax_rate: float
    yle_tax_threshold: float
    yle_tax_max: float
    yle_tax_min_age: int
    # Deductions
    work_expense_deduction_max: float
    basic_deduction_max: float
    basic_deduction_phase_out_rate: float
    pension_income_deduction_full: float
    pension_income_deduction_phase_out_rate: float
    pension_income_deduction_second_threshold: float
    pension_income_deduction_second_phase_out_rate: float
    earned_income_allowance_scale: Scale
    earned_income_allowance_max: float
    earned_income_allowance_phase_out_threshold: float
    earned_income_allowance_phase_out_rate: float
    # Earned-income tax credit
    earned_income_tax_credit_rate: float
    earned_income_tax_credit_max: float
    earned_income_tax_credit_max_senior: float
    earned_income_tax_credit_senior_min_age: int
    earned_income_tax_credit_child_increase: float
    earned_income_tax_credit_single_parent_child_increase: float
    earned_income_tax_credit_phase_out_scale: Scale
    # Social insurance contributions
    health_care_contribution_rate_wages: float
    health_care_contribution_rate_other: float
    daily_allowance_contribution_rate: float
    daily_allowance_contribution_threshold: float
    daily_allowance_contribution_min_age: int
    daily_allowance_contribution_max_age: int
    employee_pension_contribution_rates: dict[int, float]
    unemployment_insurance_contribution_rate: float
    unemployment_insurance_contribution_min_age: int
    unemployment_insurance_contribution_max_age: int


@dataclass(frozen=True)
class TaxBreakdown:
    """Taxes and contributions of each person, EUR per year (numpy arrays)."""

    state_tax: np.ndarray
    municipal_tax: np.ndarray
    church_tax: np.ndarray
    yle_tax: np.ndarray
    pension_income_surtax: np.ndarray
    capital_income_tax: np.ndarray
    health_care_contribution: np.ndarray
    daily_allowance_contribution: np.ndarray
    employee_pension_contribution: np.ndarray
    unemployment_insurance_contribution: np.ndarray
    earned_income_tax_credit: np.ndarray
    basic_deduction: np.ndarray
    pension_income_deduction: np.ndarray
    taxable_earned_income: np.ndarray
    flat_income_tax: np.ndarray  # a reform's flat tax that replaces the state and municipal tax (0 in law)

    @property
    def income_tax(self) -> np.ndarray:
        """All taxes: state, municipal (or a reform's flat tax), church, YLE, pension-income surtax and capital
        income tax."""
        return (
            self.state_tax
            + self.flat_income_tax
            + self.municipal_tax
            + self.church_tax
            + self.yle_tax
            + self.pension_income_surtax
            + self.capital_income_tax
        )

    @property
    def social_contributions(self) -> np.ndarray:
        """The insured person's contributions: health care, daily allowance, pension, unemployment."""
        return (
            self.health_care_contribution
            + self.daily_allowance_contribution
            + self.employee_pension_contribution
            + self.unemployment_insurance_contribution
        )


# ------------------------------------------------------------------------------------------------
# Helpers
# ------------------------------------------------------------------------------------------------


def scale_amount(income: np.ndarray, scale: Scale) -> np.ndarray:
    """Amount of a progressive scale: each bracket's rate on the part of ``income`` inside it.

    Written as the first rate on the whole income plus, for each higher bracket, the *change* in rate on
    the part above its threshold (the same piecewise-linear function, computed in place for speed).
    """
    x = as_float_array_1d(income)
    first = scale[0]
    out = np.maximum(x - first.threshold, 0.0) * first.rate
    part = np.empty_like(out)
    for lower, bracket in pairwise(scale):
        step = bracket.rate - lower.rate
        if step == 0.0:
            continue
        np.subtract(x, bracket.threshold, out=part)
        np.maximum(part, 0.0, out=part)
        part *= step
        out += part
    return out


def _age_table_rate(age: np.ndarray, table: dict[int, float]) -> np.ndarray:
    """Rate from a table keyed by the first age of each band (0 below the first band).

    Expanded to one rate per age 0..max key; older ages take the last band's rate.
    """
    keys = sorted(table)
    by_age = np.zeros(max(keys[-1], 0) + 1, dtype=np.float64)
    for k in keys:
        by_age[max(k, 0) :] = table[k]
    return np.take(by_age, np.asarray(age, dtype=np.int64), mode="clip")


def _in_age_range(age: np.ndarray, min_age: int, max_age: int) -> np.ndarray:
    """``min_age <= age <= max_age`` as a boolean array (a lookup by age, which is faster than comparisons)."""
    by_age = np.zeros(max(max_age, 0) + 2, dtype=bool)
    by_age[max(min_age, 0) : max(max_age, -1) + 1] = True
    return np.take(by_age, np.asarray(age, dtype=np.int64), mode="clip")


def _non_negative(x) -> np.ndarray:
    """``x`` as float64, negative values set to 0 (copied only when needed)."""
    x = as_float_array_1d(x)
    return np.maximum(x, 0.0) if (x < 0).any() else x


# ------------------------------------------------------------------------------------------------
# Contributions withheld from wages
# ------------------------------------------------------------------------------------------------


def employee_pension_contribution(wages: np.ndarray, age: np.ndarray, p: TaxParameters) -> np.ndarray:
    """Employee's earnings-related pension contribution (työntekijän työeläkemaksu).

    Työntekijän eläkelaki 395/2006 (TyEL), employee's contribution: a share of wages by age band,
    ``tax.employee_pension_contribution_rates`` (keyed by the first age of each band, with a higher rate for
    the older working ages and none before the insurance starts or after it ends; the bands, the year's STM
    confirmation and the end of insurance by birth cohort are in the parameter's YAML file). Simplified: age in
    completed years stands for the age band of the whole year, and public-sector schemes (Keva) are taken to
    have the same employee rate.
    """
    contribution = as_float_array_1d(wages) * _age_table_rate(age, p.employee_pension_contribution_rates)
    return contribution


def unemployment_insurance_contribution(wages: np.ndarray, age: np.ndarray, p: TaxParameters) -> np.ndarray:
    """Employee's unemployment insurance contribution (palkansaajan työttömyysvakuutusmaksu).

    Laki työttömyysetuuksien rahoituksesta 555/1998 (palkansaajan maksu):
    ``tax.unemployment_insurance_contribution_rate`` of wages (set yearly, e.g. HE 150/2024), for employees from
    ``tax.unemployment_insurance_contribution_min_age`` to ``tax.unemployment_insurance_contribution_max_age``.
    Part-owners' reduced rate is not modelled.
    """
    eligible = _in_age_range(
        age, p.unemployment_insurance_contribution_min_age, p.unemployment_insurance_contribution_max_age
    )
    contribution = as_float_array_1d(wages) * p.unemployment_insurance_contribution_rate
    contribution *= eligible
    return contribution


def daily_allowance_contribution(wages: np.ndarray, age: np.ndarray, p: TaxParameters) -> np.ndarray:
    """Health-insurance daily-allowance contribution (sairausvakuutuksen päivärahamaksu).

    Sairausvakuutuslaki 1224/2004, 18 luku 15 § and 5 § 2 mom.; Laki sairausvakuutusmaksujen
    maksuprosenteista (the yearly rate law, e.g. 694/2024) 2 §: ``tax.daily_allowance_contribution_rate`` of the
    whole wage income if the annual wage income is at least ``tax.daily_allowance_contribution_threshold``,
    nothing below it (a notch at the threshold); from ``tax.daily_allowance_contribution_min_age`` to
    ``tax.daily_allowance_contribution_max_age``. Not levied on pensions or benefits.
    """
    w = as_float_array_1d(wages)
    liable = _in_age_range(age, p.daily_allowance_contribution_min_age, p.daily_allowance_contribution_max_age)
    liable &= w >= p.daily_allowance_contribution_threshold
    contribution = w * p.daily_allowance_contribution_rate
    contribution *= liable
    return contribution


# ------------------------------------------------------------------------------------------------
# Deductions
# ------------------------------------------------------------------------------------------------


def work_expense_deduction(wages: np.ndarray, p: TaxParameters) -> np.ndarray:
    """Automatic work-expense deduction (tulonhankkimisvähennys), TVL 95 § 1 mom. 1 k.

    ``tax.work_expense_deduction_max`` from wage income, at most the wage income itself (Vero: *Verohallinto laskee
    nämä vähennykset automaattisesti*). Simplified: nobody claims actual expenses above it.
    """
    deduction = np.minimum(as_float_array_1d(wages), p.work_expense_deduction_max)
    return np.maximum(deduction, 0.0, out=deduction)


def net_earned_income(
    wages: np.ndarray, pension_income: np.ndarray, taxable_benefits: np.ndarray, p: TaxParameters
) -> np.ndarray:
    """Net earned income (puhdas ansiotulo), TVL 30 §: earned income less the work-expense deduction."""
    net = as_float_array_1d(wages) + pension_income
    net += taxable_benefits
    net -= work_expense_deduction(wages, p)
    return np.maximum(net, 0.0, out=net)


def pension_income_deduction(pension_income: np.ndarray, net_earned_income: np.ndarray, p: TaxParameters) -> np.ndarray:
    """Pension income deduction (eläketulovähennys), TVL 101 §.

    The full deduction ``tax.pension_income_deduction_full`` is reduced by
    ``tax.pension_income_deduction_phase_out_rate`` of net earned income above the full amount up to
    ``tax.pension_income_deduction_second_threshold`` and by
    ``tax.pension_income_deduction_second_phase_out_rate`` above it; it is never more than the pension income.
    ETK (*Ajankohtaista eläkkeestä ja verotuksesta*) publishes the income at which no deduction is left; the
    model reproduces it (see the note of ``tax.pension_income_deduction_full``). The same deduction applies in
    state and municipal taxation since 2023.
    """
    full = p.pension_income_deduction_full
    second = max(p.pension_income_deduction_second_threshold, full)
    phase_out = (
        Bracket(threshold=0.0, rate=0.0),
        Bracket(threshold=full, rate=p.pension_income_deduction_phase_out_rate),
        Bracket(threshold=second, rate=p.pension_income_deduction_second_phase_out_rate),
    )
    deduction = full - scale_amount(net_earned_income, phase_out)
    np.maximum(deduction, 0.0, out=deduction)
    return np.minimum(deduction, np.maximum(as_float_array_1d(pension_income), 0.0), out=deduction)


def earned_income_allowance(wages: np.ndarray, net_earned_income: np.ndarray, p: TaxParameters) -> np.ndarray:
    """Earned income allowance (kunnallisverotuksen ansiotulovähennys), TVL 105 a §; **abolished in 2025**.

    Until 2024: the scale ``tax.earned_income_allowance_scale`` on wage income, at most
    ``tax.earned_income_allowance_max``, reduced by ``tax.earned_income_allowance_phase_out_rate`` of net earned
    income above ``tax.earned_income_allowance_phase_out_threshold`` (Vero, *Ansiotulovähennys vuonna 2024*).
    The maximum is 0 from 2025, so the allowance is kept only for 2024 comparisons and worked examples.
    """
    if p.earned_income_allowance_max <= 0:
        return np.zeros_like(as_float_array_1d(wages))
    allowance = np.minimum(scale_amount(wages, p.earned_income_allowance_scale), p.earned_income_allowance_max)
    reduction = as_float_array_1d(net_earned_income) - p.earned_income_allowance_phase_out_threshold
    np.maximum(reduction, 0.0, out=reduction)
    reduction *= p.earned_income_allowance_phase_out_rate
    allowance -= reduction
    return np.maximum(allowance, 0.0, out=allowance)


def basic_deduction(income_after_other_deductions: np.ndarray, p: TaxParameters) -> np.ndarray:
    """Basic deduction (perusvähennys), TVL 106 §.

    Made last, from net earned income after all other deductions: the whole income up to
    ``tax.basic_deduction_max``; above it the maximum less ``tax.basic_deduction_phase_out_rate`` of the excess, so
    nothing is left above max × (1 + 1 / rate) (Vero, *Perusvähennys*; the year's figure is in the note of
    ``tax.basic_deduction_max``). Applies in state and municipal taxation since 2023.
    """
    x = np.maximum(as_float_array_1d(income_after_other_deductions), 0.0)
    m = p.basic_deduction_max
    deduction = x - m
    np.maximum(deduction, 0.0, out=deduction)
    deduction *= -p.basic_deduction_phase_out_rate
    deduction += m  # m less the phase-out, for incomes above m
    np.maximum(deduction, 0.0, out=deduction)
    return np.minimum(deduction, x, out=deduction)  # the whole income when it is below m


# ------------------------------------------------------------------------------------------------
# Taxes on taxable earned income
# ------------------------------------------------------------------------------------------------


def state_income_tax(taxable_earned_income: np.ndarray, p: TaxParameters) -> np.ndarray:
    """State income tax on earned income before credits, TVL 124 § (the year's progressive scale).

    The scale ``tax.state_income_tax_scale``: a marginal rate on the part of taxable earned income above each
    threshold, rising with income (the yearly tuloveroasteikko of the budget laws; each year's brackets and
    their sources are in the YAML file).
    """
    return scale_amount(_non_negative(taxable_earned_income), p.state_income_tax_scale)


def municipal_income_tax(taxable_earned_income: np.ndarray, p: TaxParameters) -> np.ndarray:
    """Municipal income tax (kunnallisvero), TVL 124 § and Kuntalaki 410/2015 (each council sets its rate).

    Simplified: the average municipal rate ``tax.municipal_tax_rate`` for everyone instead of the home
    municipality's.
    """
    return np.maximum(as_float_array_1d(taxable_earned_income), 0.0) * p.municipal_tax_rate


def church_tax(taxable_earned_income: np.ndarray, church_member: np.ndarray, p: TaxParameters) -> np.ndarray:
    """Church tax (kirkollisvero) of members of the Evangelical Lutheran or Orthodox church.

    The church act (kirkkolaki) lets each parish set its rate, levied on the municipal tax base (TVL 124 §).
    Simplified: one average rate ``tax.church_tax_rate`` for every member (evl.fi: *Church tax*; the range of
    the parishes' rates is in the parameter's note).
    """
    tax = np.maximum(as_float_array_1d(taxable_earned_income), 0.0) * p.church_tax_rate
    tax *= np.asarray(church_member, dtype=bool)
    return tax


def health_care_contribution(
    taxable_earned_income: np.ndarray,
    wages: np.ndarray,
    pension_income: np.ndarray,
    taxable_benefits: np.ndarray,
    p: TaxParameters,
) -> np.ndarray:
    """Health-care contribution (sairausvakuutuksen sairaanhoitomaksu) before the earned-income credit.

    Sairausvakuutuslaki 1224/2004, 18 luku 14 §, and the yearly rate law (e.g. 694/2024) 1 §:
    ``tax.health_care_contribution_rate_wages`` of the taxable earned income in municipal taxation;
    ``tax.health_care_contribution_rate_other`` on the part that is not wage income (pensions, benefits).
    Simplified: the taxable income is split between wages and other earned income in proportion to the
    gross amounts.
    """
    other = _non_negative(pension_income) + _non_negative(taxable_benefits)
    total = other + _non_negative(wages)
    # rate = wage rate + (other rate - wage rate) x share of other income in earned income
    rate = np.divide(other, total, out=np.zeros_like(other), where=total > 0)
    rate *= p.health_care_contribution_rate_other - p.health_care_contribution_rate_wages
    rate += p.health_care_contribution_rate_wages
    rate *= np.maximum(as_float_array_1d(taxable_earned_income), 0.0)
    return rate


def earned_income_tax_credit(
    wages: np.ndarray,
    net_earned_income: np.ndarray,
    age: np.ndarray,
    n_children_in_custody: np.ndarray,
    single_parent: np.ndarray,
    p: TaxParameters,
) -> np.ndarray:
    """Earned-income tax credit (työtulovähennys), TVL 125 §, before it is set against taxes.

    ``tax.earned_income_tax_credit_rate`` of wage income, at most ``tax.earned_income_tax_credit_max``
    (``tax.earned_income_tax_credit_max_senior`` from ``tax.earned_income_tax_credit_senior_min_age``: the law's
    senior age reached before the tax year, read as an age at the end of the year; see the parameter's
    description). The maximum rises by ``tax.earned_income_tax_credit_child_increase`` for each child under 18 in
    the taxpayer's custody, ``tax.earned_income_tax_credit_single_parent_child_increase`` per child for a single
    parent. The credit is reduced by the rates of ``tax.earned_income_tax_credit_phase_out_scale`` on the parts of
    net earned income between its thresholds (Vero, *Employment income credit*).
    """
    senior = np.asarray(age) >= p.earned_income_tax_credit_senior_min_age
    maximum = np.where(senior, p.earned_income_tax_credit_max_senior, p.earned_income_tax_credit_max)
    per_child = np.where(
        np.asarray(single_parent, dtype=bool),
        p.earned_income_tax_credit_single_parent_child_increase,
        p.earned_income_tax_credit_child_increase,
    )
    per_child *= np.maximum(n_children_in_custody, 0)
    maximum += per_child
    credit = _non_negative(wages) * p.earned_income_tax_credit_rate
    np.minimum(credit, maximum, out=credit)
    credit -= scale_amount(net_earned_income, p.earned_income_tax_credit_phase_out_scale)
    return np.maximum(credit, 0.0, out=credit)


# ------------------------------------------------------------------------------------------------
# Separate taxes
# ------------------------------------------------------------------------------------------------


def yle_tax(net_earned_income: np.ndarray, capital_income: np.ndarray, age: np.ndarray, p: TaxParameters) -> np.ndarray:
    """Public broadcasting tax (yleisradiovero), Laki yleisradioverosta 484/2012, 2 §.

    ``tax.yle_tax_rate`` of net earned income plus net capital income above ``tax.yle_tax_threshold``, at most
    ``tax.yle_tax_max``, for those aged ``tax.yle_tax_min_age`` or more in the tax year. Åland residents are
    exempt (not modelled).
    """
    tax = as_float_array_1d(net_earned_income) + _non_negative(capital_income)
    tax -= p.yle_tax_threshold
    tax *= p.yle_tax_rate
    np.clip(tax, 0.0, p.yle_tax_max, out=tax)
    tax *= np.asarray(age) >= p.yle_tax_min_age
    return tax


def pension_income_surtax(
    pension_income: np.ndarray, pension_income_deduction: np.ndarray, p: TaxParameters
) -> np.ndarray:
    """Additional tax on pension income (eläketulon lisävero), TVL 124 §.

    ``tax.pension_income_surtax_rate`` of pension income, less the pension income deduction, above
    ``tax.pension_income_surtax_threshold``.
    """
    tax = as_float_array_1d(pension_income) - pension_income_deduction
    tax -= p.pension_income_surtax_threshold
    np.maximum(tax, 0.0, out=tax)
    tax *= p.pension_income_surtax_rate
    return tax


def capital_income_tax(capital_income: np.ndarray, p: TaxParameters) -> np.ndarray:
    """State tax on capital income (pääomatulovero), TVL 124 §, by the scale ``tax.capital_income_tax_scale``.

    A basic rate, and a higher rate on the part of capital income above the scale's threshold.

    Simplified: ``capital_income`` is net taxable capital income; the deficit credit is not modelled.
    """
    return scale_amount(_non_negative(capital_income), p.capital_income_tax_scale)


# ------------------------------------------------------------------------------------------------
# Everything in legal order
# ------------------------------------------------------------------------------------------------


def flat_income_tax(base, rate):
    """A reform's flat income tax: ``rate × max(base, 0)``, EUR per year.

    Not law. Kela's 2016 basic-income pre-study priced a partial and a full basic income with one flat tax on
    all earned income in place of today's progressive state tax and municipal tax (Kangas & Pulkka (eds.),
    *Ideasta kokeiluun?*, VN TEAS 63/2016, ch. 6); a negative income tax withdrawn through the tax system
    is the same design with a guarantee. ``base`` is net earned income after the employee's contributions.
    """
    return rate * np.maximum(base, 0.0)


@dataclass(frozen=True, eq=False)
class _EarnedIncome:
    """Steps 1–3 of the legal order for each person: contributions, net and taxable earned income (EUR/year)."""

    wages: np.ndarray
    pensions: np.ndarray
    benefits: np.ndarray
    capital: np.ndarray
    pension_c: np.ndarray
    unemployment_c: np.ndarray
    daily_c: np.ndarray
    net: np.ndarray
    pension_deduction: np.ndarray
    basic: np.ndarray
    taxable: np.ndarray


def _earned_income(wages, pension_income, taxable_benefits, capital_income, age, p: TaxParameters) -> _EarnedIncome:
    """1. Contributions withheld from wages; 2. net earned income; 3. its deductions, the basic deduction last."""
    w = _non_negative(wages)
    pen = _non_negative(pension_income)
    ben = _non_negative(taxable_benefits)
    cap = _non_negative(capital_income)
    pension_c = employee_pension_contribution(w, age, p)
    unemployment_c = unemployment_insurance_contribution(w, age, p)
    daily_c = daily_allowance_contribution(w, age, p)
    net = net_earned_income(w, pen, ben, p)
    pension_ded = pension_income_deduction(pen, net, p)
    before_basic = net - pension_c
    before_basic -= unemployment_c
    before_basic -= daily_c
    before_basic -= pension_ded
    before_basic -= earned_income_allowance(w, net, p)
    np.maximum(before_basic, 0.0, out=before_basic)
    basic = basic_deduction(before_basic, p)
    return _EarnedIncome(
        w, pen, ben, cap, pension_c, unemployment_c, daily_c, net, pension_ded, basic, before_basic - basic
    )


def _credit_shares(
    credit: np.ndarray, state: np.ndarray, others: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """5. The earned-income credit against the state tax first, what is left against the other taxes pro rata.

    Returns the credit taken from the state tax, the credit used in all, and the share of the other taxes kept.
    """
    from_state = np.minimum(credit, state)
    excess = credit - from_state
    share = np.divide(excess, others, out=np.zeros_like(excess), where=others > 0)
    np.minimum(share, 1.0, out=share)
    credit_used = share * others
    credit_used += from_state
    keep = np.subtract(1.0, share, out=share)
    return from_state, credit_used, keep


def _broadcast(*inputs: np.ndarray) -> tuple[np.ndarray, ...]:
    """The inputs broadcast to one shape of at least one dimension (read-only views, no copies)."""
    shape = np.broadcast_shapes((1,), *(np.shape(x) for x in inputs))
    return tuple(np.broadcast_to(x, shape) for x in inputs)


def income_taxes(
    wages: np.ndarray,
    pension_income: np.ndarray,
    taxable_benefits: np.ndarray,
    capital_income: np.ndarray,
    age: np.ndarray,
    church_member: np.ndarray,
    n_children_in_custody: np.ndarray,
    single_parent: np.ndarray,
    p: TaxParameters,
    flat_rate: np.ndarray | None = None,
) -> TaxBreakdown:
    """Income taxes and employee contributions of each person for a tax year, EUR per year.

    Inputs are per-person arrays of annual gross wages, pensions (earnings-related, national and guarantee
    pension), taxable benefits and net capital income, with age, church membership, the number of own
    children under 18 in custody and whether the person is a single parent. Calls the rules above in the
    order of the law (see the module docstring).

    ``flat_rate`` (per person, NaN where the law applies) is a reform, not law: for those persons one flat tax on
    net earned income after contributions replaces the state and municipal income tax, their deductions, the
    earned-income credit and the pension-income surtax (see :func:`flat_income_tax`).
    """
    (
        wages,
        pension_income,
        taxable_benefits,
        capital_income,
        age,
        church_member,
        n_children_in_custody,
        single_parent,
    ) = _broadcast(
        wages,
        pension_income,
        taxable_benefits,
        capital_income,
        age,
        church_member,
        n_children_in_custody,
        single_parent,
    )
    e = _earned_income(wages, pension_income, taxable_benefits, capital_income, age, p)
    return _taxes_on_earned_income(e, age, church_member, n_children_in_custody, single_parent, p, flat_rate)


def _taxes_on_earned_income(
    e: _EarnedIncome,
    age: np.ndarray,
    church_member: np.ndarray,
    n_children_in_custody: np.ndarray,
    single_parent: np.ndarray,
    p: TaxParameters,
    flat_rate: np.ndarray | None,
) -> TaxBreakdown:
    """4. Taxes on taxable earned income; 5. the earned-income credit against them; 6. the separate taxes."""
    # 4. Taxes on taxable earned income.
    state = state_income_tax(e.taxable, p)
    municipal = municipal_income_tax(e.taxable, p)
    church = church_tax(e.taxable, church_member, p)
    health = health_care_contribution(e.taxable, e.wages, e.pensions, e.benefits, p)

    # 5. The earned-income credit: state tax first, then municipal tax, church tax and health-care
    #    contribution in proportion to their amounts.
    credit = earned_income_tax_credit(e.wages, e.net, age, n_children_in_custody, single_parent, p)
    flat = None
    if flat_rate is not None:
        flat_mask = ~np.isnan(flat_rate)
        credit = np.where(flat_mask, 0.0, credit)
        flat = flat_income_tax(e.net - e.pension_c - e.unemployment_c - e.daily_c, np.where(flat_mask, flat_rate, 0.0))
    others = municipal + church
    others += health
    from_state, credit_used, keep = _credit_shares(credit, state, others)
    state -= from_state

    # 6. Separate taxes.
    yle = yle_tax(e.net, e.capital, age, p)
    surtax = pension_income_surtax(e.pensions, e.pension_deduction, p)
    capital_tax = capital_income_tax(e.capital, p)
    if flat is None:
        flat = np.zeros_like(state)
    else:
        state = np.where(flat_mask, 0.0, state)
        municipal = np.where(flat_mask, 0.0, municipal)
        surtax = np.where(flat_mask, 0.0, surtax)

    return TaxBreakdown(
        state_tax=state,
        municipal_tax=np.multiply(municipal, keep, out=municipal),
        church_tax=np.multiply(church, keep, out=church),
        yle_tax=yle,
        pension_income_surtax=surtax,
        capital_income_tax=capital_tax,
        health_care_contribution=np.multiply(health, keep, out=health),
        daily_allowance_contribution=e.daily_c,
        employee_pension_contribution=e.pension_c,
        unemployment_insurance_contribution=e.unemployment_c,
        earned_income_tax_credit=credit_used,
        basic_deduction=e.basic,
        pension_income_deduction=e.pension_deduction,
        taxable_earned_income=e.taxable,
        flat_income_tax=flat,
    )

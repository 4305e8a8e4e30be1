"""The validation table: baseline outputs against official figures (``assumptions/validation/official.yaml``).

Benefit expenditure and recipients, tax revenue, poverty and inequality are outputs of the model. They are
compared here, never used to tune the population's weights.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from models.metrics import baseline_summary, weighted_quantile
from models.parameter_types import ASSUMPTIONS_DIR
from models.parameters import LAW_YEARS, load_parameters
from models.population.core import Population
from models.population.in_year import population_in_year
from models.population.schema import Role, Status, Tenure
from models.reform_benefits import REFORM_COMPONENTS
from models.rules.housing import in_work
from models.rules.social_assistance import separate_applicant
from models.system import EXTRA_INCOME, RECIPIENT_EUR, TAXABLE_COMPONENTS, Results, compute

OFFICIAL_FILE = ASSUMPTIONS_DIR / "validation" / "official.yaml"


def _tax_part(*parts: str) -> Callable[[dict, Any], float]:
    """Sum of tax parts (``tax_<part>`` person arrays) as weighted EUR/year."""

    def f(summary: dict, ctx) -> float:
        pop, res = ctx
        return float(sum(12 * (pop.weight * res.person[f"tax_{p}"]).sum() for p in parts))

    return f


def _totals(*components: str) -> Callable[[dict, Any], float]:
    return lambda s, _: sum(s["totals_eur"][c] for c in components)


def _recipients(*components: str) -> Callable[[dict, Any], float]:
    return lambda s, _: sum(s["recipients"][c] for c in components)


_UNEMPLOYMENT = (
    "labour_market_subsidy",
    "basic_unemployment_allowance",
    "yleistuki",
    "earnings_related_unemployment_allowance",
)
_EARNED_INCOME_TAXES = (
    "state_tax",
    "municipal_tax",
    "church_tax",
    "yle_tax",
    "pension_income_surtax",
    "health_care_contribution",
    "daily_allowance_contribution",
)


def _persons(summary: dict) -> float:
    return summary["population"]["persons"]


def _children(ctx) -> float:
    pop, _ = ctx
    return float(pop.weight[pop.is_child].sum())


def _recipient_share(component: str, which: Callable[[Population], np.ndarray]) -> Callable[[dict, Any], float]:
    """Share of the households receiving ``component`` (weighted) for which ``which(pop)`` is true."""

    def f(summary: dict, ctx: Any) -> float:
        pop, res = ctx
        w = pop.households["weight"] * (res.household[component] > 0.005)
        total = float(w.sum())
        return float(w[which(pop)].sum() / total) if total > 0 else float("nan")

    return f


def _person_share(key: str, which: Callable[[Population], np.ndarray]) -> Callable[[dict, Any], float]:
    """Share of the persons paid ``key`` (at least the recipient threshold in the month) for whom ``which(pop)`` is
    true."""

    def f(summary: dict, ctx: Any) -> float:
        pop, res = ctx
        return _weighted_mean(which(pop), pop.weight, res.person[key] > RECIPIENT_EUR)

    return f


def _aged(lowest: int, highest: int = 150) -> Callable[[Population], np.ndarray]:
    """Per person: aged ``lowest`` to ``highest`` (both included)."""
    return lambda pop: (pop.persons["age"] >= lowest) & (pop.persons["age"] <= highest)


#: A person's own income in Kela's sense of a household "without income": earnings, pensions and the taxable benefits
#: (and any new benefit of a reform); tax-free support (housing allowance, child benefit, maintenance) is not income.
_OWN_INCOME = (*TAXABLE_COMPONENTS, *EXTRA_INCOME, *REFORM_COMPONENTS)
#: Kela's March 2017 figure counts the households with "only housing allowance or no income at all": child benefit
#: and maintenance are income there.
_OWN_INCOME_AND_CHILD_SUPPORT = (*_OWN_INCOME, "child_benefit", "child_maintenance")


def _household_income(pop: Population, res: Results, keys: tuple[str, ...]) -> np.ndarray:
    """Per household: the sum of its members' person results named in ``keys`` (those the run has), EUR/month."""
    return sum((pop.hh_sum(res.person[k]) for k in keys if k in res.person), np.zeros(pop.n_households))


def _in_work_households(pop: Population, res: Results) -> np.ndarray:
    """Per household: Kela would count it "in work": earnings are more than half of the household's own income
    (:data:`_OWN_INCOME`; the allowance itself, child benefit and maintenance are not income there). The engine's
    housing allowance take-up uses the same rule (:func:`models.rules.housing.in_work`)."""
    return in_work(_household_income(pop, res, ("earnings",)), _household_income(pop, res, _OWN_INCOME))


def _in_work_share(
    component: str, among: Callable[[Population], np.ndarray] | None = None
) -> Callable[[dict, Any], float]:
    """Share of the households receiving ``component`` (among those ``among(pop)`` selects) that Kela counts as "in
    work" (:func:`_in_work_households`)."""

    def f(summary: dict, ctx: Any) -> float:
        pop, res = ctx
        paid = res.household[component] > RECIPIENT_EUR
        if among is not None:
            paid = paid & among(pop)
        return _weighted_mean(_in_work_households(pop, res), pop.households["weight"], paid)

    return f


def _households_counted(
    component: str, which: Callable[[Population, Results], np.ndarray]
) -> Callable[[dict, Any], float]:
    """Number of households receiving ``component`` that ``which(pop, res)`` selects (weighted)."""

    def f(summary: dict, ctx: Any) -> float:
        pop, res = ctx
        paid = res.household[component] > RECIPIENT_EUR
        return float(pop.households["weight"][paid & which(pop, res)].sum())

    return f


#: Kela's income types for a household's life situation (elämäntilanne) besides earnings and unemployment benefits;
#: whatever of :data:`_OWN_INCOME` is in none of them is "other".
_OTHER_INCOME_TYPES = (
    ("student_aid",),
    ("national_pension", "guarantee_pension", "earnings_related_pension"),
    ("home_care_allowance", "parental_allowance"),
)


def _unemployed_households(pop: Population, res: Results) -> np.ndarray:
    """Per household: Kela would count it "unemployed". Since 2015 Kela infers a recipient household's life situation
    from the household's income, one class per household (Kela, Kelasto report NIT219A); the model takes the class of
    the largest income type: unemployment benefits (:data:`_UNEMPLOYMENT`) larger than earnings, study aid, pensions,
    family benefits and the rest of the own income (:data:`_OWN_INCOME`) each. A household without own income is not
    unemployed."""

    unemployment = _household_income(pop, res, _UNEMPLOYMENT)
    others = [
        _household_income(pop, res, ("earnings",)),
        *(_household_income(pop, res, k) for k in _OTHER_INCOME_TYPES),
    ]
    typed = unemployment + sum(others, np.zeros(pop.n_households))
    others.append(_household_income(pop, res, _OWN_INCOME) - typed)
    return (unemployment > RECIPIENT_EUR) & (unemployment > np.max(np.vstack(others), axis=0))


def _unemployed_share(component: str) -> Callable[[dict, Any], float]:
    """Share of the households receiving ``component`` that Kela counts unemployed (:func:`_unemployed_households`)."""

    def f(summary: dict, ctx: Any) -> float:
        pop, res = ctx
        paid = res.household[component] > RECIPIENT_EUR
        return _weighted_mean(_unemployed_households(pop, res), pop.households["weight"], paid)

    return f


#: Kela's basic unemployment benefits (peruspäiväraha, työmarkkinatuki; general support since 1.5.2026).
_BASIC_UNEMPLOYMENT = ("labour_market_subsidy", "basic_unemployment_allowance", "yleistuki")


def _paid_share(component: str, keys: tuple[str, ...]) -> Callable[[dict, Any], float]:
    """Share of the households receiving ``component`` in which someone is paid any of ``keys`` (at least the
    recipient threshold in the month)."""

    def f(summary: dict, ctx: Any) -> float:
        pop, res = ctx
        paid = res.household[component] > RECIPIENT_EUR
        return _weighted_mean(_household_income(pop, res, keys) > RECIPIENT_EUR, pop.households["weight"], paid)

    return f


def _without_income_share(component: str) -> Callable[[dict, Any], float]:
    """Share of the households receiving ``component`` without own income (:data:`_OWN_INCOME` under 1 EUR a month:
    none of the income the general housing allowance counts; child benefit and maintenance are not income there)."""

    def f(summary: dict, ctx: Any) -> float:
        pop, res = ctx
        paid = res.household[component] > RECIPIENT_EUR
        return _weighted_mean(_household_income(pop, res, _OWN_INCOME) < 1.0, pop.households["weight"], paid)

    return f


def _mean_earnings_of_earners(component: str) -> Callable[[dict, Any], float]:
    """Mean monthly earnings (EUR) of the households receiving ``component`` that have earnings."""

    def f(summary: dict, ctx: Any) -> float:
        pop, res = ctx
        earnings = _household_income(pop, res, ("earnings",))
        earning = (res.household[component] > RECIPIENT_EUR) & (earnings > RECIPIENT_EUR)
        return _weighted_mean(earnings, pop.households["weight"], earning)

    return f


def _unemployed_living_alone_share(component: str) -> Callable[[dict, Any], float]:
    """Share of the households receiving ``component`` that Kela counts unemployed (:func:`_unemployed_households`)
    whose one member lives alone."""

    def f(summary: dict, ctx: Any) -> float:
        pop, res = ctx
        unemployed = (res.household[component] > RECIPIENT_EUR) & _unemployed_households(pop, res)
        return _weighted_mean(pop.n_persons_in_household == 1, pop.households["weight"], unemployed)

    return f


#: Simulated values for keys that are not a component's expenditure or recipients.
SPECIAL: dict[str, Callable[[dict, Any], float]] = {
    "median_equivalised_disposable_income": lambda s, _: s["median_equivalised_income"],
    "median_equivalised_disposable_income_2024": lambda s, _: s["median_equivalised_income"],
    "at_risk_of_poverty_threshold": lambda s, _: s["poverty_line"],
    "at_risk_of_poverty_rate": lambda s, _: s["poverty_rate"],
    "persons_at_risk_of_poverty": lambda s, _: s["poverty_rate"] * _persons(s),
    "child_at_risk_of_poverty_rate": lambda s, _: s["child_poverty_rate"],
    "single_parent_households_lowest_quintile": lambda s, ctx: _single_parents_lowest_quintile(ctx),
    "single_parent_households_relative_median_income": lambda s, ctx: _single_parents_relative_median(ctx),
    "children_at_risk_of_poverty": lambda s, ctx: s["child_poverty_rate"] * _children(ctx),
    "gini_disposable_income": lambda s, _: s["gini"],
    "s80_s20": lambda s, _: s["s80_s20"],
    "unemployment_benefits_recipients_stock": _recipients(*_UNEMPLOYMENT),
    "unemployment_benefits_expenditure_total": _totals(*_UNEMPLOYMENT),
    "unemployment_benefits_expenditure_total_2025": _totals(*_UNEMPLOYMENT),
    "kela_unemployment_expenditure": _totals("labour_market_subsidy", "basic_unemployment_allowance", "yleistuki"),
    "earned_income_taxes_total": _tax_part(*_EARNED_INCOME_TAXES),
    "personal_income_taxes_total": _tax_part(*_EARNED_INCOME_TAXES, "capital_income_tax"),
    "state_earned_income_tax": _tax_part("state_tax"),
    "municipal_tax": _tax_part("municipal_tax"),
    "church_tax": _tax_part("church_tax"),
    "yle_tax": _tax_part("yle_tax"),
    "health_insurance_contributions_insured": _tax_part("health_care_contribution", "daily_allowance_contribution"),
    "employee_social_contributions": _tax_part("employee_pension_contribution", "unemployment_insurance_contribution"),
    "study_grant_expenditure_2025_budget": lambda s, ctx: _person_total(ctx, "study_grant"),
    "student_housing_supplement_expenditure": lambda s, ctx: _person_total(ctx, "student_housing_supplement"),
    "student_housing_supplement_recipients_month": lambda s, ctx: _person_recipients(ctx, "student_housing_supplement"),
    "housing_allowance_mix_unemployed": _unemployed_share("housing_allowance"),
    "housing_allowance_mix_employed": _in_work_share("housing_allowance"),
    "housing_allowance_unemployed_households_2022": _households_counted("housing_allowance", _unemployed_households),
    "housing_allowance_in_work_households_2022": _households_counted("housing_allowance", _in_work_households),
    "housing_allowance_mix_unemployed_2024": _unemployed_share("housing_allowance"),
    "housing_allowance_mix_employed_2024": _in_work_share("housing_allowance"),
    "housing_allowance_in_work_households_2024": _households_counted("housing_allowance", _in_work_households),
    "housing_allowance_mix_unemployed_2015": _unemployed_share("housing_allowance"),
    "housing_allowance_mix_unemployed_living_alone_2015": _unemployed_living_alone_share("housing_allowance"),
    "housing_allowance_mix_basic_unemployment_2015": _paid_share("housing_allowance", _BASIC_UNEMPLOYMENT),
    "housing_allowance_mix_earnings_related_2015": _paid_share(
        "housing_allowance", ("earnings_related_unemployment_allowance",)
    ),
    "housing_allowance_mix_with_earnings_2015": _paid_share("housing_allowance", ("earnings",)),
    "housing_allowance_mix_without_income_2015": _without_income_share("housing_allowance"),
    "housing_allowance_earnings_mean_2015": _mean_earnings_of_earners("housing_allowance"),
    "housing_allowance_mix_families_in_work": _in_work_share("housing_allowance", lambda pop: pop.n_children > 0),
    "housing_allowance_mix_families_with_children": _recipient_share(
        "housing_allowance", lambda pop: pop.n_children > 0
    ),
    "housing_allowance_mix_one_person_2013_2016": _recipient_share(
        "housing_allowance", lambda pop: pop.n_persons_in_household == 1
    ),
    "housing_allowance_mean_per_household_2025": lambda s, ctx: _mean_paid(ctx, "housing_allowance"),
    "social_assistance_mix_no_other_income": lambda s, ctx: _no_other_income_share(ctx),
    "social_assistance_mix_no_other_income_month": lambda s, ctx: _no_other_income_share(
        ctx, _OWN_INCOME_AND_CHILD_SUPPORT
    ),
    "social_assistance_mean_per_household": lambda s, ctx: _mean_per_unit(ctx),
    "social_assistance_mix_with_earnings_month": lambda s, ctx: 1.0 - _no_other_income_share(ctx, ("earnings",)),
    "social_assistance_mix_with_earnings_couples_with_children": lambda s, ctx: _couples_with_children_earning(ctx),
    "social_assistance_rate_single_parents": lambda s, ctx: _assistance_rate(ctx, "single_parents"),
    "social_assistance_rate_two_parent_families": lambda s, ctx: _assistance_rate(ctx, "two_parent_families"),
    "social_assistance_rate_working_age_alone": lambda s, ctx: _assistance_rate(ctx, "working_age_alone"),
    "housing_allowance_rate_single_parents": lambda s, ctx: _allowance_rate(ctx, "single_parents"),
    "housing_allowance_rate_two_parent_families": lambda s, ctx: _allowance_rate(ctx, "two_parent_families"),
    "housing_allowance_rate_working_age_alone": lambda s, ctx: _allowance_rate(ctx, "working_age_alone"),
    "social_assistance_mix_living_alone_month": lambda s, ctx: _assistance_household_type_share(ctx, "living_alone"),
    "social_assistance_mix_single_adult_families_month": lambda s, ctx: _assistance_household_type_share(
        ctx, "single_adult_families"
    ),
    "social_assistance_mix_other_month": lambda s, ctx: _assistance_household_type_share(ctx, "other"),
    "social_assistance_families_with_housing_allowance": lambda s, ctx: _families_on_assistance_with_allowance(ctx),
    "housing_allowance_costs_one_person_2023": lambda s, ctx: _allowance_housing_costs(ctx, one_person=True),
    "housing_allowance_costs_two_or_more_2023": lambda s, ctx: _allowance_housing_costs(ctx, one_person=False),
    "social_assistance_persons_during_year": lambda s, ctx: _persons_in_units(ctx),
    "social_assistance_students_month": lambda s, ctx: _students_in_units(ctx),
    "national_pension_mean_per_recipient": lambda s, ctx: _national_pension_mean(ctx),
    "national_pension_mix_full": lambda s, ctx: _national_pension_full_share(ctx),
    "national_pension_mix_disability": _person_share(
        "national_pension", lambda pop: pop.persons["status"] == Status.DISABILITY_PENSIONER
    ),
    "earnings_related_mix_under_25": _person_share("earnings_related_unemployment_allowance", _aged(0, 24)),
    "earnings_related_mix_50_plus": _person_share("earnings_related_unemployment_allowance", _aged(50)),
    "basic_allowance_mix_under_25": _person_share("basic_unemployment_allowance", _aged(0, 24)),
    "basic_allowance_mix_50_plus": _person_share("basic_unemployment_allowance", _aged(50)),
    "labour_market_subsidy_mix_under_25": _person_share("labour_market_subsidy", _aged(0, 24)),
    "labour_market_subsidy_mix_50_plus": _person_share("labour_market_subsidy", _aged(50)),
    "guarantee_pension_mix_under_30": _person_share("guarantee_pension", _aged(0, 29)),
    "guarantee_pension_mix_full_national_pension": lambda s, ctx: _guarantee_with_full_national_pension(ctx),
    "pensioners_housing_allowance_mix_tenants_spending": lambda s, ctx: _spending_share(
        ctx, "pensioners_housing_allowance", lambda pop: pop.households["tenure"] == Tenure.RENTED
    ),
}


def _single_parents_lowest_quintile(ctx: Any) -> float:
    """Share of the single-parent households (children under 18, no spouse) in the lowest fifth of persons ranked by
    equivalised disposable income (Statistics Finland's income groups are of persons)."""
    pop, res = ctx
    eq, w = res.household["equivalised_disposable_income"], pop.households["weight"]
    line = weighted_quantile(eq, w * pop.n_persons_in_household, 0.2)
    return _weighted_mean(eq < line, w, pop.single_parent)


def _single_parents_relative_median(ctx: Any) -> float:
    """Median equivalised disposable income of single-parent households over that of all households with children
    under 18 (medians over households)."""
    pop, res = ctx
    eq, w = res.household["equivalised_disposable_income"], pop.households["weight"]
    with_children = pop.n_children > 0
    single = pop.single_parent
    return weighted_quantile(eq[single], w[single], 0.5) / weighted_quantile(eq[with_children], w[with_children], 0.5)


def _mean_paid(ctx: Any, component: str) -> float:
    """Mean monthly amount (EUR) of ``component`` over the households paid it (at least the recipient threshold)."""
    pop, res = ctx
    amount = res.household[component]
    return _weighted_mean(amount, pop.households["weight"], amount > RECIPIENT_EUR)


def _spending_share(ctx: Any, component: str, which: Callable[[Population], np.ndarray]) -> float:
    """Share of the weighted spending on ``component`` that goes to the households where ``which(pop)`` is true."""
    pop, res = ctx
    spent = pop.households["weight"] * res.household[component]
    total = float(spent.sum())
    return float(spent[which(pop)].sum() / total) if total > 0 else float("nan")


def _weighted_mean(values: np.ndarray, weights: np.ndarray, where: np.ndarray) -> float:
    """The ``weights``-weighted mean of ``values`` over ``where`` (a share for boolean values; ``nan`` if empty)."""
    total = float(weights[where].sum())
    return float(np.dot(weights[where], values[where]) / total) if total > 0 else float("nan")


def _assistance_units(
    ctx: Any, income: tuple[str, ...] = _OWN_INCOME
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The paid applicant units of basic social assistance, as Kela counts its recipient households (the head's family
    on its head, each adult applying alone on themselves): a mask over the persons, their units' amounts, their
    units' income (the person results named in ``income``) and the weights."""
    pop, res = ctx
    amount = res.person["social_assistance_by_applicant"]
    age, role = pop.persons["age"], pop.persons["role"]
    alone = separate_applicant(age, role)
    own = sum((res.person[k] for k in income if k in res.person), np.zeros(pop.n_persons))
    family_own = pop.hh_sum(np.where(alone, 0.0, own))
    unit_own = np.where(alone, own, pop.to_person(family_own))
    paid = (amount > RECIPIENT_EUR) & (alone | (role == Role.HEAD))
    return paid, amount, unit_own, pop.weight


def _no_other_income_share(ctx: Any, income: tuple[str, ...] = _OWN_INCOME) -> float:
    """Share of the social-assistance recipient units whose ``income`` is under 1 EUR a month: with
    :data:`_OWN_INCOME`, Kela's "tulottomat" (only social assistance and perhaps housing allowance, child benefit or
    maintenance); with :data:`_OWN_INCOME_AND_CHILD_SUPPORT`, those with only housing allowance or nothing."""
    paid, _, own, w = _assistance_units(ctx, income)
    return _weighted_mean(own < 1.0, w, paid)


def _couples_with_children_earning(ctx: Any) -> float:
    """Share of the paid family units headed by a couple with children under 18 that have earnings of at least 1 EUR
    in the month (Kela's two-adult families with children)."""
    pop, _ = ctx
    paid, _, earnings, w = _assistance_units(ctx, ("earnings",))
    couple_family = pop.to_person(pop.has_spouse & (pop.n_children > 0)) & (pop.persons["role"] == Role.HEAD)
    return _weighted_mean(earnings >= 1.0, w, paid & couple_family)


#: The ages of "working-age people living alone" in Kela's research on families and people living alone (June 2017).
_WORKING_AGES_LIVING_ALONE = (18, 64)


def _kela_household_group(pop: Population, group: str) -> np.ndarray:
    """Per person: the household heads of a group of Kela's research on families (June 2017): ``single_parents`` and
    ``two_parent_families`` head families with children under 18, ``working_age_alone`` are the people aged 18–64
    living alone."""
    head = pop.persons["role"] == Role.HEAD
    if group == "single_parents":
        return head & pop.to_person(pop.single_parent)
    if group == "two_parent_families":
        return head & pop.to_person(pop.has_spouse & (pop.n_children > 0))
    if group == "working_age_alone":
        age = pop.persons["age"]
        lowest, highest = _WORKING_AGES_LIVING_ALONE
        return head & pop.to_person(pop.n_persons_in_household == 1) & (age >= lowest) & (age <= highest)
    raise ValueError(f"unknown group {group!r}")


def _assistance_rate(ctx: Any, group: str) -> float:
    """Share of a group of households receiving basic social assistance in the month, as Kela's research counted it
    (June 2017, :func:`_kela_household_group`): the head's family paid, or the one-person household."""
    pop, _ = ctx
    paid, _, _, w = _assistance_units(ctx)
    return _weighted_mean(paid, w, _kela_household_group(pop, group))


def _allowance_rate(ctx: Any, group: str) -> float:
    """Share of a group of households receiving the general housing allowance in the month, as Kela's research counted
    it (June 2017, :func:`_kela_household_group`): the household of the group's head paid."""
    pop, res = ctx
    paid = pop.to_person(res.household["housing_allowance"] > RECIPIENT_EUR)
    return _weighted_mean(paid, pop.weight, _kela_household_group(pop, group))


def _assistance_household_type_share(ctx: Any, kind: str) -> float:
    """Share of the paid applicant units that are of one household type, as Kela's statistics classify them
    (kela.fi, "Tilasto perustoimeentulotuesta, käsitteet"): ``living_alone``, a person applying alone with no one else
    in the home; ``single_adult_families``, one adult with children under 18; ``other``, the rest (people applying
    alone in a shared home, couples, two-adult families)."""
    pop, _ = ctx
    paid, _, _, w = _assistance_units(ctx)
    head = pop.persons["role"] == Role.HEAD
    living_alone = head & pop.to_person(pop.n_persons_in_household == 1)
    single_adult_family = head & pop.to_person(pop.single_parent)
    kinds = {
        "living_alone": living_alone,
        "single_adult_families": single_adult_family,
        "other": ~living_alone & ~single_adult_family,
    }
    return _weighted_mean(kinds[kind], w, paid)


def _allowance_housing_costs(ctx: Any, one_person: bool) -> float:
    """Mean monthly housing cost (rent or charge, heating included; EUR) of the households paid the general housing
    allowance: those of one person, or of two or more."""
    pop, res = ctx
    paid = res.household["housing_allowance"] > RECIPIENT_EUR
    size = pop.n_persons_in_household == 1 if one_person else pop.n_persons_in_household >= 2
    return _weighted_mean(pop.households["housing_cost"], pop.households["weight"], paid & size)


def _families_on_assistance_with_allowance(ctx: Any) -> float:
    """Share of the families with children under 18 paid basic social assistance whose household also gets the
    general housing allowance (the head's family paid)."""
    pop, res = ctx
    paid, _, _, w = _assistance_units(ctx)
    family = pop.to_person(pop.n_children > 0) & (pop.persons["role"] == Role.HEAD)
    allowance = pop.to_person(res.household["housing_allowance"] > RECIPIENT_EUR)
    return _weighted_mean(allowance, w, paid & family)


def _persons_in_units(ctx: Any) -> float:
    """Persons in the paid applicant units (the family's members, or the one adult applying alone), weighted."""
    pop, res = ctx
    paid, _, _, w = _assistance_units(ctx)
    alone = separate_applicant(pop.persons["age"], pop.persons["role"])
    family_size = pop.n_persons_in_household - pop.hh_count(alone)
    size = np.where(alone, 1, pop.to_person(family_size))
    return float(np.dot(w[paid], size[paid]))


def _students_in_units(ctx: Any) -> float:
    """Students (main activity) who are paid basic social assistance, weighted: an adult applying alone whose unit
    is paid, or the head or spouse of a paid family."""
    pop, res = ctx
    role = pop.persons["role"]
    alone = separate_applicant(pop.persons["age"], role)
    amount = res.person["social_assistance_by_applicant"]
    family_paid = pop.to_person(pop.hh_sum(np.where(alone, 0.0, amount))) > RECIPIENT_EUR
    paid = np.where(alone, amount > RECIPIENT_EUR, family_paid & np.isin(role, [Role.HEAD, Role.SPOUSE]))
    student = pop.persons["status"] == Status.STUDENT
    return float(pop.weight[paid & student].sum())


def _mean_per_unit(ctx: Any) -> float:
    """Mean monthly basic social assistance per recipient unit (EUR/month), Kela's mean per recipient household."""
    paid, amount, _, w = _assistance_units(ctx)
    return _weighted_mean(amount, w, paid)


def _national_pension_paid(ctx: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The national pension of each person (EUR/month), who is paid it and who is paid the full amount: the highest
    the model pays anyone of the same family situation (living alone or with a spouse), so not reduced by other
    pensions or an early start; the weights are the persons'."""
    pop, res = ctx
    amount = res.person["national_pension"]
    paid = amount > RECIPIENT_EUR
    full = np.zeros(pop.n_persons, dtype=bool)
    for partner in (False, True):
        group = paid & (pop.has_partner == partner)
        if group.any():
            full |= group & (amount >= amount[group].max() - RECIPIENT_EUR)
    return amount, paid, full


def _guarantee_with_full_national_pension(ctx: Any) -> float:
    """Share of the guarantee pension's recipients who are paid the full national pension (no other pension to speak
    of, :func:`_national_pension_paid`)."""
    pop, res = ctx
    _, _, full = _national_pension_paid(ctx)
    return _weighted_mean(full, pop.weight, res.person["guarantee_pension"] > RECIPIENT_EUR)


def _national_pension_mean(ctx: Any) -> float:
    """Mean monthly national pension over the persons paid it (EUR/month)."""
    amount, paid, _ = _national_pension_paid(ctx)
    return _weighted_mean(amount, ctx[0].weight, paid)


def _national_pension_full_share(ctx: Any) -> float:
    """Share of the national pension's recipients paid the full amount."""
    _, paid, full = _national_pension_paid(ctx)
    return _weighted_mean(full, ctx[0].weight, paid)


def _person_total(ctx, key: str) -> float:
    pop, res = ctx
    return float(12 * (pop.weight * res.person[key]).sum())


def _person_recipients(ctx, key: str) -> float:
    pop, res = ctx
    return float(pop.weight[res.person[key] > 0.005].sum())


def official_rows(path: Path = OFFICIAL_FILE) -> list[dict]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(doc["rows"])


def simulated_value(row: dict, summary: dict, ctx) -> float | None:
    """The model's value for an official row: a special measure (:data:`SPECIAL`), the sum of person results each
    counted for its share of the year (``share_of_year_by_part``: a figure whose parts cover different months), or
    the component's expenditure or recipients."""
    key = row["key"]
    if key in SPECIAL:
        return SPECIAL[key](summary, ctx)
    parts = row.get("share_of_year_by_part")
    if parts:
        return sum(float(share) * _person_total(ctx, part) for part, share in parts.items())
    comp, measure = row.get("component"), row.get("measure")
    if comp in summary["totals_eur"]:
        if measure == "expenditure":
            return summary["totals_eur"][comp]
        if measure == "recipients":
            return summary["recipients"][comp]
    return None


def law_for_figure(year: int) -> dt.date:
    """The law a figure of ``year`` is compared with: that year's named law year, the first one for earlier
    figures (2024 figures against 2025 law: the nearest law the model has) and the last for later ones."""
    years = sorted(LAW_YEARS)
    return LAW_YEARS[min(max(year, years[0]), years[-1])]


def validation_table(pop: Population, date: dt.date | None = None, lang: str = "en") -> list[dict[str, Any]]:
    """Rows of ``{key, label, simulated, official, deviation_pct, deviation_pp, counts, law_date, unit, year, ...}``.

    Each figure is compared with a run of the law of its year (:func:`law_for_figure`), or of ``date`` for all.
    ``deviation_pp`` is the difference in percentage points for shares (unit ``/1``), None otherwise."""
    runs: dict[dt.date, tuple[dict[str, Any], Results, Population]] = {}

    def run(law: dt.date) -> tuple[dict[str, Any], Results, Population]:
        if law not in runs:
            params = load_parameters(law)
            pop_law = population_in_year(pop, params)
            res = compute(pop_law, params, breakdown=True)  # the taxes by type
            runs[law] = (baseline_summary(pop_law, res, params), res, pop_law)
        return runs[law]

    out = []
    for row in official_rows():
        law = date if date is not None else law_for_figure(int(row["year"]))
        summary, res, pop_law = run(law)
        sim = simulated_value(row, summary, (pop_law, res))
        if sim is not None and row.get("share_of_year"):
            sim = sim * row["share_of_year"]  # the official figure covers part of a year
        official = float(row["official"])
        dev = None if sim is None or official == 0 else 100.0 * (sim - official) / official
        dev_pp = None if sim is None or row["unit"] != "/1" else 100.0 * (sim - official)
        label = row["label"][lang] if isinstance(row["label"], dict) else str(row["label"])
        out.append(
            {
                "key": row["key"],
                "label": label,
                "simulated": sim,
                "official": official,
                "deviation_pct": dev,
                "deviation_pp": dev_pp,
                "counts": row.get("counts", ""),
                "law_date": law.isoformat(),
                "unit": row["unit"],
                "year": row["year"],
                "source": row["source"],
                "confidence": row.get("confidence", ""),
                "comparable": row.get("comparable", True),
                "why_not_comparable": row.get("why_not_comparable", ""),
                "note": row.get("note", ""),
            }
        )
    return out

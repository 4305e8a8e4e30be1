"""The Finnish tax-benefit system of 2025, run for a whole population in legal order.

This is the one place that calls the rules (``models/rules``) and decides who is eligible for what:
1. earnings-replacing benefits: unemployment benefits, national and guarantee pensions, student aid;
2. family benefits: child benefit, child home care allowance;
3. income taxes and employee contributions on the year's income (12 × the month);
4. early-childhood-education fees on the family's gross income;
5. general housing allowance on the household's gross income;
6. basic social assistance, last, on everything else (with the documented take-up rate).

Every amount is EUR per month. ``compute`` returns person- and household-level arrays for every
component in ``COMPONENTS``, the household's net and disposable income, and a few intermediate
quantities the metrics need. It is pure numpy: no loops over households.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.population.core import Population
from models.population.schema import Role, Status, Tenure
from models.rules import daycare, family, housing, pensions, social_assistance, student_aid, tax, unemployment

#: Component keys used everywhere (CLI, app, exports); sign says how each enters net income.
COMPONENT_SIGNS: dict[str, int] = {
    "earnings": +1,
    "income_tax": -1,
    "social_contributions": -1,
    "labour_market_subsidy": +1,
    "basic_unemployment_allowance": +1,
    "earnings_related_unemployment_allowance": +1,
    "housing_allowance": +1,
    "student_aid": +1,
    "social_assistance": +1,
    "child_benefit": +1,
    "home_care_allowance": +1,
    "national_pension": +1,
    "guarantee_pension": +1,
    "daycare_fees": -1,
}
COMPONENTS = tuple(COMPONENT_SIGNS)

#: Components counted per household (recipients are households); the rest per person.
HOUSEHOLD_COMPONENTS = ("housing_allowance", "social_assistance", "home_care_allowance", "child_benefit", "daycare_fees")

#: Benefits (for counts of benefits and means tests per household).
BENEFITS = tuple(k for k, s in COMPONENT_SIGNS.items() if s > 0 and k != "earnings")

#: Income not modelled as a component but part of disposable income (other taxable income, work pension).
EXTRA_INCOME = ("earnings_related_pension", "other_income")


@dataclass(frozen=True, eq=False)
class Results:
    """Outputs of one run: ``person`` and ``household`` dicts of EUR/month arrays."""

    person: dict[str, np.ndarray]
    household: dict[str, np.ndarray]

    @property
    def net_income(self) -> np.ndarray:
        return self.household["net_income"]

    @property
    def disposable_income(self) -> np.ndarray:
        return self.household["disposable_income"]


def compute(pop: Population, params, earnings: np.ndarray | None = None) -> Results:
    """Run the 2025 system on ``pop`` with ``params`` (optionally with other earnings)."""
    P = pop.persons
    H = pop.households
    age = P["age"]
    role = P["role"]
    status = P["status"]
    earnings = P["earnings"] if earnings is None else np.asarray(earnings, dtype=np.float64)
    work_pension = P["earnings_related_pension"]
    other_income = P["other_income"]
    is_child = pop.is_child
    group = H["municipality_group"]
    tenure = H["tenure"]
    tenant_hh = (tenure == Tenure.RENTED) | (tenure == Tenure.RIGHT_OF_OCCUPANCY)
    parent_role = (role == Role.HEAD) | (role == Role.SPOUSE)
    lives_with_parents = (role == Role.OTHER_ADULT) & (age < 30)
    n_persons = pop.n_persons_in_household
    single_parent_p = pop.to_person(pop.single_parent) & parent_role

    # 1. Earnings-replacing benefits ---------------------------------------------------------
    parents_income = pop.to_person(pop.hh_sum(np.where(parent_role, earnings + work_pension + other_income, 0.0)))
    parents_family_size = pop.to_person(pop.hh_count(parent_role) + pop.n_children)
    u = params.unemployment
    lms = unemployment.labour_market_subsidy(
        status == Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY,
        earnings,
        other_income,
        lives_with_parents,
        parents_income,
        parents_family_size,
        u,
        parents_dependent_children=pop.to_person(pop.n_children),
    )
    basic = unemployment.basic_unemployment_allowance(status == Status.UNEMPLOYED_BASIC_ALLOWANCE, earnings, u)
    er = unemployment.earnings_related_unemployment_allowance(
        status == Status.UNEMPLOYED_EARNINGS_RELATED,
        earnings,
        P["previous_earnings"],
        P["unemployment_days_used"],
        u,
    )

    pension_eligible = (status == Status.PENSIONER) | (status == Status.DISABILITY_PENSIONER)
    nat_pension = pensions.national_pension(pension_eligible, pop.has_partner, work_pension, params.pensions)
    guar_pension = pensions.guarantee_pension(pension_eligible, work_pension, nat_pension, params.pensions)

    student = status == Status.STUDENT
    is_parent = pop.is_parent
    grant = student_aid.study_grant(student, age, lives_with_parents, is_parent, earnings, params.student_aid)
    # From 1.8.2025 students without children get the student housing supplement, not housing allowance
    # (before that date the supplement's maxima are 0 and students stay in the general allowance).
    all_adults_students = pop.hh_count(pop.is_adult & student) == pop.n_adults
    supplement_in_force = max(params.student_aid.housing_supplement_maximum.values()) > 0
    student_household = (
        all_adults_students & (pop.n_children == 0) & tenant_hh & ~H["has_assets"] & supplement_in_force
    )
    rent_share = pop.to_person(H["housing_cost"] / np.maximum(pop.n_adults, 1))
    supplement = student_aid.student_housing_supplement(
        student & pop.to_person(student_household) & ~lives_with_parents,
        rent_share,
        pop.to_person(group),
        earnings,
        params.student_aid,
    )

    # 2. Family benefits ------------------------------------------------------------------------
    cb_eligible = is_child & (age < 17)
    cb_rank = pop.rank_within_household(cb_eligible, age, descending=True)
    cb = family.child_benefit(cb_eligible, age, cb_rank, pop.to_person(pop.single_parent), params.child_benefit)

    in_daycare = P["in_daycare"] & is_child
    at_home = is_child & ~in_daycare
    n_u3_home = pop.hh_count(at_home & (age < 3))
    n_other_home = pop.hh_count(at_home & (age >= 3) & (age < 7))
    home_parent = status == Status.HOME_PARENT
    hca_eligible = (n_u3_home > 0) & pop.hh_any(home_parent)

    taxable_benefits_wo_hca = lms + basic + er + grant
    pensions_p = work_pension + nat_pension + guar_pension
    family_size = pop.hh_count(parent_role) + pop.n_children
    family_income_wo_hca = pop.hh_sum(np.where(parent_role, earnings + taxable_benefits_wo_hca + pensions_p + other_income, 0.0))
    # Kela counts at most two parents and two children under school age in the care supplement's family size.
    n_under_school_age = pop.hh_count(is_child & (age < 7))
    hca_family_size = np.minimum(pop.hh_count(parent_role), 2) + np.minimum(n_under_school_age, 2)
    hca = family.home_care_allowance(
        hca_eligible, n_u3_home, n_other_home, family_income_wo_hca, hca_family_size, params.home_care_allowance
    )
    # The allowance is paid to (and taxed on) the parent at home: the first home parent of the household.
    hca_receiver = pop.rank_within_household(home_parent, -role.astype(np.float64), descending=True) == 1
    hca_person = np.where(hca_receiver, pop.to_person(hca), 0.0)

    # 3. Taxes and contributions ------------------------------------------------------------------
    taxable_benefits = taxable_benefits_wo_hca + hca_person
    n_children_in_custody = np.where(parent_role, pop.to_person(pop.n_children), 0)
    t = tax.income_taxes(
        earnings * 12,
        pensions_p * 12,
        taxable_benefits * 12,
        other_income * 12,
        age,
        P["church_member"],
        n_children_in_custody,
        single_parent_p,
        params.tax,
    )
    income_tax = t.income_tax / 12
    contributions = t.social_contributions / 12

    # 4. Early-childhood-education fees ------------------------------------------------------------
    family_gross = pop.hh_sum(np.where(parent_role, earnings + taxable_benefits + pensions_p + other_income, 0.0))
    daycare_rank = pop.rank_within_household(in_daycare, age, descending=False)
    fees_child = daycare.daycare_fee(
        in_daycare, daycare_rank, pop.to_person(family_gross), pop.to_person(family_size), params.daycare
    )

    # 5. General housing allowance --------------------------------------------------------------------
    gross_person = earnings + taxable_benefits + pensions_p + other_income
    hh_gross = pop.hh_sum(gross_person)
    ha_p = params.housing_allowance
    ha_eligible = tenant_hh & ~H["has_assets"] & ~student_household & (pop.take_up_draw < ha_p.take_up_rate)
    ha = housing.general_housing_allowance(
        ha_eligible, H["housing_cost"], n_persons, pop.n_adults, pop.n_children, group, hh_gross, ha_p
    )

    # 6. Basic social assistance, the last resort ------------------------------------------------------
    sa_p = params.social_assistance
    basic_amount = pop.hh_sum(
        social_assistance.social_assistance_basic_amount(
            age, role, pop.child_rank, pop.has_partner, single_parent_p, sa_p
        )
    )
    sa_housing = np.where(
        tenure == Tenure.OTHER,
        0.0,
        social_assistance.social_assistance_housing_cost(H["housing_cost"], n_persons, group, sa_p),
    )
    disregard = social_assistance.social_assistance_earned_income_disregard(earnings, sa_p)
    fees_hh = pop.hh_sum(fees_child)
    cb_hh = pop.hh_sum(cb)
    # Resources: income after tax, child benefit, student housing supplement and housing allowance.
    net_person_before_sa = gross_person + cb + supplement - income_tax - contributions
    sa_income = pop.hh_sum(net_person_before_sa - disregard) + ha
    sa_eligible = ~H["has_assets"] & (pop.take_up_draw < sa_p.take_up_rate)
    sa = social_assistance.basic_social_assistance(sa_eligible, basic_amount, sa_housing, fees_hh, sa_income, sa_p)

    # Assemble ------------------------------------------------------------------------------------------
    student_aid_p = grant + supplement
    person = {
        "earnings": earnings,
        "income_tax": income_tax,
        "social_contributions": contributions,
        "labour_market_subsidy": lms,
        "basic_unemployment_allowance": basic,
        "earnings_related_unemployment_allowance": er,
        "student_aid": student_aid_p,
        "study_grant": grant,
        "student_housing_supplement": supplement,
        "child_benefit": cb,
        "home_care_allowance": hca_person,
        "national_pension": nat_pension,
        "guarantee_pension": guar_pension,
        "daycare_fees": fees_child,
        "earnings_related_pension": work_pension,
        "other_income": other_income,
        "social_assistance_earned_income_disregard": disregard,
    }
    for key, value in t.__dict__.items():
        person[f"tax_{key}"] = value / 12
    household = {k: pop.hh_sum(v) for k, v in person.items()}
    household["home_care_allowance"] = hca
    household["child_benefit"] = cb_hh
    household["daycare_fees"] = fees_hh
    household["housing_allowance"] = ha
    household["social_assistance"] = sa
    household["social_assistance_norm"] = basic_amount + sa_housing + fees_hh

    disposable = sum(COMPONENT_SIGNS[k] * household[k] for k in COMPONENTS if k != "daycare_fees")
    disposable = disposable + household["earnings_related_pension"] + household["other_income"]
    household["disposable_income"] = disposable
    household["net_income"] = disposable - household["daycare_fees"]
    household["equivalised_disposable_income"] = disposable / pop.consumption_units
    return Results(person=person, household=household)

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

from dataclasses import dataclass, replace

import numpy as np

from models._alloc import keep_freed_memory
from models.population.core import Population
from models.population.schema import UNEMPLOYED_STATUSES, Role, Status, Tenure
from models.rules import (
    daycare,
    family,
    housing,
    parental,
    pensioners_housing,
    pensions,
    reforms,
    social_assistance,
    student_aid,
    tax,
    unemployment,
)
from models.scenario import Scenario, scenario_parameters

keep_freed_memory()

#: Component keys used everywhere (CLI, app, exports); sign says how each enters net income.
COMPONENT_SIGNS: dict[str, int] = {
    "earnings": +1,
    "income_tax": -1,
    "social_contributions": -1,
    "labour_market_subsidy": +1,
    "basic_unemployment_allowance": +1,
    "earnings_related_unemployment_allowance": +1,
    "housing_allowance": +1,
    "pensioners_housing_allowance": +1,
    "student_aid": +1,
    "social_assistance": +1,
    "child_benefit": +1,
    "child_maintenance": +1,
    "home_care_allowance": +1,
    "parental_allowance": +1,
    "national_pension": +1,
    "guarantee_pension": +1,
    "daycare_fees": -1,
}
COMPONENTS = tuple(COMPONENT_SIGNS)

#: Components that only reforms pay (zero in the baseline); all are income.
REFORM_COMPONENTS = ("basic_income", "negative_income_tax", "general_support", "participation_income")
ALL_COMPONENTS = COMPONENTS + REFORM_COMPONENTS
for _k in REFORM_COMPONENTS:
    COMPONENT_SIGNS[_k] = +1

#: Components counted per household (recipients are households); the rest per person.
HOUSEHOLD_COMPONENTS = (
    "housing_allowance", "pensioners_housing_allowance", "social_assistance", "home_care_allowance", "child_benefit", "child_maintenance", "daycare_fees"
)

#: Benefits paid by the public sector (net cost, counts of benefits per household).
BENEFITS = tuple(k for k, s in COMPONENT_SIGNS.items() if s > 0 and k != "earnings")

#: Person-level arrays summed to households in every run (the others stay person-level: ``Results.person``).
PERSON_SUMMED = (
    "earnings",
    "income_tax",
    "social_contributions",
    "labour_market_subsidy",
    "basic_unemployment_allowance",
    "earnings_related_unemployment_allowance",
    "student_aid",
    "parental_allowance",
    "child_maintenance",
    "national_pension",
    "guarantee_pension",
    "earnings_related_pension",
    "other_income",
)

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


def compute(
    pop: Population,
    params,
    scenario: Scenario | None = None,
    earnings: np.ndarray | None = None,
    status: np.ndarray | None = None,
    only_net: bool = False,
) -> Results:
    """Run the 2025 system, or a reform ``scenario`` of it, on ``pop``.

    ``params`` is the law (``models.parameters.load_parameters``); the scenario's means-tested levers and
    scale financing are applied here. ``earnings`` and ``status`` replace the population's columns (used
    for marginal and participation tax rates). ``only_net`` skips everything but household net and
    disposable income (the marginal-rate reruns need nothing else).
    """
    if scenario is not None and not scenario.is_baseline:
        params = scenario_parameters(params, scenario)
    else:
        scenario = None
    P = pop.persons
    H = pop.households
    age = P["age"]
    role = P["role"]
    status = P["status"] if status is None else np.asarray(status)
    earnings = P["earnings"] if earnings is None else np.asarray(earnings, dtype=np.float64)
    work_pension = P["earnings_related_pension"]
    other_income = P["other_income"]
    is_child = pop.is_child
    group = H["municipality_group"]
    tenure = H["tenure"]
    st = _structure(pop)
    tenant_hh, parent_role, lives_with_parents = st.tenant_hh, st.parent_role, st.lives_with_parents
    n_persons = pop.n_persons_in_household
    single_parent_p = st.single_parent_p

    # 1. Earnings-replacing benefits ---------------------------------------------------------
    parents_income = pop.to_person(pop.hh_sum(np.where(parent_role, earnings + work_pension + other_income, 0.0)))
    u = params.unemployment
    lms = unemployment.labour_market_subsidy(
        status == Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY,
        earnings,
        other_income,
        lives_with_parents,
        parents_income,
        st.parents_family_size,
        u,
        parents_dependent_children=st.children_p,
    )
    basic = unemployment.basic_unemployment_allowance(status == Status.UNEMPLOYED_BASIC_ALLOWANCE, earnings, u)
    er = unemployment.earnings_related_unemployment_allowance(
        status == Status.UNEMPLOYED_EARNINGS_RELATED,
        earnings,
        P["previous_earnings"],
        P["unemployment_days_used"],
        u,
    )

    def pensions_of_status():
        eligible = (status == Status.PENSIONER) | (status == Status.DISABILITY_PENSIONER)
        nat = pensions.national_pension(eligible, pop.has_partner, work_pension, params.pensions)
        return eligible, nat, pensions.guarantee_pension(eligible, work_pension, nat, params.pensions)

    # Pensions depend on status, not on earnings: computed once for the marginal-rate reruns.
    pension_eligible, nat_pension, guar_pension = pop.memo("pensions", (params.pensions, status), pensions_of_status)

    student = status == Status.STUDENT
    is_parent = pop.is_parent
    # Study aid is paid for aid months only: the average month receives aid_months/12 of it.
    aid_share = params.student_aid.aid_months_per_year / 12
    grant = aid_share * student_aid.study_grant(student, age, lives_with_parents, is_parent, earnings, params.student_aid)
    # From 1.8.2025 students without children get the student housing supplement, not housing allowance
    # (before that date the supplement's maxima are 0 and students stay in the general allowance).
    all_adults_students = pop.hh_count(pop.is_adult & student) == pop.n_adults
    supplement_in_force = max(params.student_aid.housing_supplement_maximum.values()) > 0
    student_household = (
        all_adults_students & (pop.n_children == 0) & tenant_hh & ~H["has_assets"] & supplement_in_force
    )
    supplement = aid_share * student_aid.student_housing_supplement(
        student & pop.to_person(student_household) & ~lives_with_parents,
        st.rent_share,
        st.group_p,
        earnings,
        params.student_aid,
    )

    # 2. Family benefits ------------------------------------------------------------------------
    cb = pop.memo("child_benefit", (params.child_benefit,), lambda: family.child_benefit(
        st.cb_eligible, age, pop.child_benefit_rank, st.single_parent_hh_p, params.child_benefit
    ))
    maintenance = pop.memo("child_maintenance", (params.child_maintenance,), lambda: family.child_maintenance(
        is_child & st.single_parent_hh_p, age, params.child_maintenance
    ))
    in_daycare = st.in_daycare
    home_parent = status == Status.HOME_PARENT
    # A parent at home with a baby (under ``covered_child_age``) is on parental allowance; the child home
    # care allowance is paid only after it, when a child under 3 is at home (Laki 1128/1996, 3 §).
    baby = pop.memo("baby", (params.parental_allowance,), lambda: pop.hh_any(
        is_child & (age < params.parental_allowance.covered_child_age)
    ))
    on_parental_leave = pop.home_care_receiver & pop.to_person(baby)
    parental_benefit = parental.parental_allowance(
        on_parental_leave, P["previous_earnings"], earnings, params.parental_allowance
    )
    hca_eligible = (st.n_u3_home > 0) & pop.hh_any(home_parent) & ~baby

    taxable_benefits_wo_hca = lms + basic + er + grant + parental_benefit
    pensions_p = work_pension + nat_pension + guar_pension
    family_income_wo_hca = pop.hh_sum(np.where(parent_role, earnings + taxable_benefits_wo_hca + pensions_p + other_income, 0.0))
    hca = family.home_care_allowance(
        hca_eligible, st.n_u3_home, st.n_other_home, family_income_wo_hca, st.hca_family_size, params.home_care_allowance
    )
    # The allowance is paid to (and taxed on) the parent at home: the first home parent of the household.
    hca_person = np.where(pop.home_care_receiver, pop.to_person(hca), 0.0)

    # 2b. Reform: new benefits, and the benefits they replace -------------------------------------
    new = _reform_benefits(
        pop, scenario, params, status, earnings, other_income, pensions_p,
        {"labour_market_subsidy": lms, "basic_unemployment_allowance": basic,
         "earnings_related_unemployment_allowance": er, "study_grant": grant, "home_care_allowance": hca_person,
         "parental_allowance": parental_benefit, "national_pension": nat_pension, "guarantee_pension": guar_pension,
         "student_housing_supplement": supplement},
    )
    if scenario is not None:
        lms, basic, er = new.kept["labour_market_subsidy"], new.kept["basic_unemployment_allowance"], new.kept["earnings_related_unemployment_allowance"]
        grant, hca_person = new.kept["study_grant"], new.kept["home_care_allowance"]
        supplement, parental_benefit = new.kept["student_housing_supplement"], new.kept["parental_allowance"]
        nat_pension, guar_pension = new.kept["national_pension"], new.kept["guarantee_pension"]
        pensions_p = work_pension + nat_pension + guar_pension
        hca = pop.hh_sum(hca_person)

    # 3. Taxes and contributions ------------------------------------------------------------------
    taxable_benefits = lms + basic + er + grant + hca_person + parental_benefit + new.taxable
    n_children_in_custody = st.n_children_in_custody
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
        flat_rate=new.flat_rate,
    )
    income_tax = t.income_tax / 12
    contributions = t.social_contributions / 12
    financing_tax = np.zeros_like(income_tax)
    if scenario is not None and scenario.financing.method == "flat_tax":
        financing_tax = scenario.financing.rate * t.taxable_earned_income / 12
        income_tax = np.maximum(income_tax + financing_tax, 0.0)
    if new.nit_guarantee is not None:
        # A negative income tax folded into income tax: the guarantee is a refundable credit against the
        # flat tax; below the break-even the rest is paid out (the component), above it tax is due.
        credited = np.minimum(new.nit_guarantee, t.flat_income_tax / 12)
        income_tax = income_tax - credited
        new.components["negative_income_tax"] = new.nit_guarantee - credited
        new = replace(new, untaxed=new.untaxed + new.components["negative_income_tax"])

    # 4. Early-childhood-education fees ------------------------------------------------------------
    family_gross = pop.hh_sum(np.where(parent_role, earnings + taxable_benefits + pensions_p + other_income, 0.0))
    fees_child = daycare.daycare_fee(
        in_daycare, pop.daycare_rank, pop.to_person(family_gross), st.family_size_p, params.daycare
    )

    # 5. General housing allowance --------------------------------------------------------------------
    gross_person = earnings + taxable_benefits + pensions_p + other_income + new.untaxed + maintenance
    hh_gross = pop.hh_sum(gross_person)
    ha_p = params.housing_allowance
    # Pensioner households (a pensioner head or spouse, no children, no other adults) get the pensioners'
    # housing allowance instead of the general one (Laki eläkkeensaajan asumistuesta 571/2007, 1–2 §).
    pension_eligible_hh = pop.hh_count(parent_role & pension_eligible)
    pensioner_hh = (pension_eligible_hh > 0) & (pop.n_children == 0) & (pop.n_adults == pop.hh_count(parent_role))
    pha_p = params.pensioners_housing_allowance
    couple_income = 12 * pop.hh_sum(np.where(parent_role, gross_person, 0.0))
    pha_income = pensioners_housing.pensioners_housing_counted_income(
        couple_income, np.where(H["has_assets"], pha_p.assumed_net_assets_if_flagged, 0.0), pop.has_spouse, pha_p
    )
    pha = pensioners_housing.pensioners_housing_allowance(
        pensioner_hh & (pop.take_up_draw < pha_p.take_up_rate) & ~new.housing_merged,
        H["housing_cost"],
        n_persons,
        group,
        pha_income,
        pop.has_spouse,
        pha_p,
        partner_entitled=pension_eligible_hh >= 2,
    )
    ha_eligible = (
        tenant_hh & ~H["has_assets"] & ~student_household & ~pensioner_hh
        & (pop.take_up_draw < ha_p.take_up_rate) & ~new.housing_merged
    )
    ha_income = housing.housing_allowance_counted_income(
        hh_gross, pop.hh_sum(np.minimum(earnings, ha_p.earned_income_disregard)), ha_p
    )
    ha = housing.general_housing_allowance(
        ha_eligible, H["housing_cost"], n_persons, pop.n_adults, pop.n_children, group, ha_income, ha_p
    )

    # 6. Basic social assistance, the last resort ------------------------------------------------------
    sa_p = params.social_assistance
    basic_amount, sa_housing = pop.memo("social_assistance_norms", (sa_p,), lambda: (
        pop.hh_sum(social_assistance.social_assistance_basic_amount(
            age, role, pop.child_rank, pop.has_partner, single_parent_p, sa_p
        )),
        np.where(
            tenure == Tenure.OTHER,
            0.0,
            social_assistance.social_assistance_housing_cost(H["housing_cost"], n_persons, group, sa_p),
        ),
    ))
    disregard = social_assistance.social_assistance_earned_income_disregard(earnings, sa_p)
    fees_hh = pop.hh_sum(fees_child)
    cb_hh = pop.hh_sum(cb)
    # Resources: income after tax, child benefit, student housing supplement and housing allowance.
    net_person_before_sa = gross_person + cb + supplement - income_tax - contributions
    net_before_sa = pop.hh_sum(net_person_before_sa)
    sa_income = net_before_sa - pop.hh_sum(disregard) + ha + pha
    sa_eligible = ~H["has_assets"] & (pop.take_up_draw < sa_p.take_up_rate)
    sa = social_assistance.basic_social_assistance(sa_eligible, basic_amount, sa_housing, fees_hh, sa_income, sa_p)

    # Assemble ------------------------------------------------------------------------------------------
    disposable = net_before_sa + ha + pha + sa
    if only_net:
        return Results(person={}, household={"net_income": disposable - fees_hh, "disposable_income": disposable})
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
        "child_maintenance": maintenance,
        "home_care_allowance": hca_person,
        "parental_allowance": parental_benefit,
        "national_pension": nat_pension,
        "guarantee_pension": guar_pension,
        "daycare_fees": fees_child,
        "earnings_related_pension": work_pension,
        "other_income": other_income,
        "social_assistance_earned_income_disregard": disregard,
        "financing_tax": financing_tax,
        **new.components,
    }
    for key, value in t.__dict__.items():
        person[f"tax_{key}"] = value / 12
    household = {k: pop.hh_sum(person[k]) for k in PERSON_SUMMED}
    for k in REFORM_COMPONENTS:
        household[k] = pop.hh_sum(person[k]) if scenario is not None else np.zeros(pop.n_households)
    household["home_care_allowance"] = hca
    household["child_benefit"] = cb_hh
    household["daycare_fees"] = fees_hh
    household["housing_allowance"] = ha
    household["pensioners_housing_allowance"] = pha
    household["social_assistance"] = sa
    household["social_assistance_norm"] = basic_amount + sa_housing + fees_hh

    household["disposable_income"] = disposable
    household["net_income"] = disposable - household["daycare_fees"]
    household["equivalised_disposable_income"] = disposable / pop.consumption_units
    return Results(person=person, household=household)


@dataclass(frozen=True, eq=False)
class Structure:
    """Arrays that depend only on the population (who lives with whom), computed once per population."""

    tenant_hh: np.ndarray
    parent_role: np.ndarray
    lives_with_parents: np.ndarray
    single_parent_p: np.ndarray  # the parent of a single-parent household
    single_parent_hh_p: np.ndarray  # every member of a single-parent household
    parents_family_size: np.ndarray
    children_p: np.ndarray
    rent_share: np.ndarray
    group_p: np.ndarray
    cb_eligible: np.ndarray
    in_daycare: np.ndarray
    n_u3_home: np.ndarray
    n_other_home: np.ndarray
    family_size: np.ndarray
    family_size_p: np.ndarray
    hca_family_size: np.ndarray
    n_children_in_custody: np.ndarray


def _structure(pop: Population) -> Structure:
    def build() -> Structure:
        P, H = pop.persons, pop.households
        age, role, is_child = P["age"], P["role"], pop.is_child
        tenure = H["tenure"]
        parent_role = (role == Role.HEAD) | (role == Role.SPOUSE)
        in_daycare = P["in_daycare"] & is_child
        at_home = is_child & ~in_daycare
        n_parents = pop.hh_count(parent_role)
        family_size = n_parents + pop.n_children
        # Kela counts at most two parents and two children under school age in the care supplement.
        hca_family_size = np.minimum(n_parents, 2) + np.minimum(pop.hh_count(is_child & (age < 7)), 2)
        return Structure(
            tenant_hh=(tenure == Tenure.RENTED) | (tenure == Tenure.RIGHT_OF_OCCUPANCY),
            parent_role=parent_role,
            lives_with_parents=(role == Role.OTHER_ADULT) & (age < 30),
            single_parent_p=pop.to_person(pop.single_parent) & parent_role,
            single_parent_hh_p=pop.to_person(pop.single_parent),
            parents_family_size=pop.to_person(family_size),
            children_p=pop.to_person(pop.n_children),
            rent_share=pop.to_person(H["housing_cost"] / np.maximum(pop.n_adults, 1)),
            group_p=pop.to_person(H["municipality_group"]),
            cb_eligible=is_child & (age < 17),
            in_daycare=in_daycare,
            n_u3_home=pop.hh_count(at_home & (age < 3)),
            n_other_home=pop.hh_count(at_home & (age >= 3) & (age < 7)),
            family_size=family_size,
            family_size_p=pop.to_person(family_size),
            hca_family_size=hca_family_size,
            n_children_in_custody=np.where(parent_role, pop.to_person(pop.n_children), 0),
        )

    return pop.memo("structure", (), build)


@dataclass(frozen=True, eq=False)
class NewBenefits:
    """What a reform pays (person-level EUR/month) and what is left of the benefits it replaces."""

    components: dict[str, np.ndarray]  # basic_income, negative_income_tax, general_support, participation_income
    kept: dict[str, np.ndarray]  # the replaced benefits after offsets (unchanged in the baseline)
    taxable: np.ndarray  # the taxable part of the new benefits
    untaxed: np.ndarray  # the untaxed part (counted as income in housing allowance and social assistance)
    housing_merged: np.ndarray  # household-level: housing allowance taken over by general support
    flat_rate: np.ndarray | None = None  # per person: a flat income tax replacing the scale (NaN: the law)
    nit_guarantee: np.ndarray | None = None  # per person: a negative income tax's guarantee paid through tax


def _participates(pop: Population, status: np.ndarray, share: float) -> np.ndarray:
    """Who meets an activity requirement: workers, students, carers and disability pensioners always;
    the unemployed and other inactive with probability ``share`` (a fixed draw per person)."""
    active = np.isin(status, [Status.EMPLOYED, Status.STUDENT, Status.HOME_PARENT, Status.DISABILITY_PENSIONER])
    return active | (pop.participation_draw < share)


#: Statuses of each entry group of general support. The earnings-related unemployed keep their
#: allowance from the unemployment fund (general support replaces Kela's basic benefits only).
#: The order in which a new amount is set against a person's replaced benefits.
_OFFSET_ORDER = (
    "labour_market_subsidy", "basic_unemployment_allowance", "earnings_related_unemployment_allowance", "study_grant",
    "home_care_allowance", "parental_allowance", "national_pension", "guarantee_pension",
)

_NEED_GROUPS = {
    "unemployed": (Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY, Status.UNEMPLOYED_BASIC_ALLOWANCE),
    "student": (Status.STUDENT,),
    "home_parent": (Status.HOME_PARENT,),
    "other_inactive": (Status.OTHER,),
    "low_income_employed": (Status.EMPLOYED,),
}


def _reform_benefits(pop, scenario, params, status, earnings, other_income, pensions_p, replaceable):
    """The reform's new benefits in legal order: universal amounts first (basic income, participation
    income) as offsets against the benefits they replace, then the negative income tax and general support
    on what income is left. Returns :class:`NewBenefits`."""
    n = pop.n_persons
    zero = np.zeros(n)
    kept = dict(replaceable)
    comps = {k: zero for k in REFORM_COMPONENTS}
    taxable = zero
    untaxed = zero
    housing_merged = np.zeros(pop.n_households, dtype=bool)
    if scenario is None:
        return NewBenefits(comps, kept, taxable, untaxed, housing_merged)

    age = pop.persons["age"]
    is_child = pop.is_child
    cond = scenario.conditionality
    claims = pop.to_person(pop.take_up_draw) < cond.take_up

    def offset(keys, amount):
        """Set ``amount`` against the replaced benefits ``keys`` in turn (they become one top-up)."""
        left = amount
        for k in _OFFSET_ORDER:
            if k in keys:
                kept[k] = reforms.offset_benefit(kept[k], left)
                left = reforms.offset_benefit(left, replaceable[k])

    bi = scenario.basic_income
    if bi.enabled:
        amount = reforms.basic_income(
            age, is_child, bi.amount, bi.young_adult_amount, bi.child_amount, bi.pensioner_amount, bi.min_age, bi.max_age
        )
        if bi.exclude_disability_pensioners:
            amount = np.where((status == Status.DISABILITY_PENSIONER) & (age <= bi.max_age), 0.0, amount)
        comps["basic_income"] = amount
        adult_amount = np.where(is_child, 0.0, amount)
        offset(set(bi.replaces) | ({"earnings_related_unemployment_allowance"} if bi.offset_earnings_related else set()), adult_amount)
        if bi.taxable:
            taxable = taxable + adult_amount
            untaxed = untaxed + (amount - adult_amount)
        else:
            untaxed = untaxed + amount

    pi = scenario.participation_income
    if pi.enabled:
        in_range = ~is_child & (age >= pi.min_age) & (age <= pi.max_age)
        # With a taper the amount falls with own earnings, pensions and other income (the replaced benefits
        # are gone, so they do not count).
        full = reforms.tapered_benefit(in_range, pi.amount, earnings + other_income + pensions_p, pi.disregard, pi.taper)
        amount = reforms.participation_income(
            in_range & claims, _participates(pop, status, cond.participation_share), full, pi.sanction
        )
        comps["participation_income"] = amount
        # The replaced benefits are gone for everyone in the age range, sanctioned or not: they are offset
        # against the full amount (a sanction is a real loss, not a return to the old benefit).
        offset(set(pi.replaces) | ({"earnings_related_unemployment_allowance"} if pi.offset_earnings_related else set()), full)
        if pi.taxable:
            taxable = taxable + amount
        else:
            untaxed = untaxed + amount

    def own_income():
        """Own gross income after the universal amounts: the base of the later means tests."""
        work_pension = pensions_p - replaceable["national_pension"] - replaceable["guarantee_pension"]
        return earnings + other_income + work_pension + sum(kept.values()) + comps["basic_income"] + comps["participation_income"]

    flat_rate = nit_guarantee = None
    if scenario.financing.method == "flat_income_tax":
        flat_rate = np.full(n, scenario.financing.rate)
    nit = scenario.negative_income_tax
    if nit.enabled:
        in_range = ~is_child & (age >= nit.min_age) & (age <= nit.max_age)
        for k in nit.replaces:
            kept[k] = np.where(in_range, 0.0, kept[k])
    if nit.enabled and nit.through_tax:
        # Paid through the tax system (see ``compute``): the rate replaces the income tax scale.
        flat_rate = np.where(in_range, nit.withdrawal_rate, np.nan if flat_rate is None else flat_rate)
        nit_guarantee = np.where(in_range, nit.guarantee, 0.0)
    elif nit.enabled:
        income = own_income()
        if nit.unit == "household":
            n_in = pop.to_person(pop.hh_count(in_range))
            income = pop.to_person(pop.hh_sum(np.where(pop.is_adult, income, 0.0))) / np.maximum(n_in, 1)
        amount = reforms.negative_income_tax(in_range, income, nit.guarantee, nit.withdrawal_rate)
        comps["negative_income_tax"] = amount
        untaxed = untaxed + amount

    gs = scenario.general_support
    if gs.enabled:
        statuses = [s for g in gs.eligible_groups for s in _NEED_GROUPS[g]]
        eligible = ~is_child & (age >= gs.min_age) & (age <= gs.max_age) & np.isin(status, statuses)
        # Take-up: people who already draw a merged benefit keep claiming; the draw applies to the newly entitled.
        gs_claims = claims | (sum(replaceable[k] for k in gs.merges) > 0) if gs.merges else claims
        for k in gs.merges:
            kept[k] = np.where(eligible, 0.0, kept[k])
        amount = np.where(eligible, gs.amount, 0.0)
        if gs.include_housing:
            ha_p = params.housing_allowance
            H = pop.households
            tenant = ((H["tenure"] == Tenure.RENTED) | (H["tenure"] == Tenure.RIGHT_OF_OCCUPANCY)) & ~H["has_assets"]
            n_eligible = pop.hh_count(eligible)
            housing_merged = tenant & (n_eligible > 0)
            costs = housing.acceptable_housing_costs(H["housing_cost"], pop.n_persons_in_household, ha_p)
            cap = housing.maximum_housing_costs(pop.n_persons_in_household, H["municipality_group"], ha_p)
            housing_part = np.where(housing_merged, ha_p.compensation_rate * np.minimum(costs, cap), 0.0)
            amount = amount + np.where(eligible, pop.to_person(housing_part / np.maximum(n_eligible, 1)), 0.0)
            # The student housing supplement is merged too (no double housing support).
            kept["student_housing_supplement"] = np.where(eligible, 0.0, kept["student_housing_supplement"])
        income = own_income()
        disregard = gs.disregard
        if gs.other_income_disregard is not None:
            # Two disregards: one on earnings, one on all other income; the taper then applies from the first euro.
            income = reforms.countable_income(earnings, income - earnings, gs.disregard, gs.other_income_disregard)
            disregard = 0.0
        if gs.means_test == "household":
            n_el = pop.to_person(pop.hh_count(eligible))
            unit_income = pop.to_person(pop.hh_sum(np.where(pop.is_adult, income, 0.0)))
            unit_amount = pop.to_person(pop.hh_sum(amount))
            unit = reforms.tapered_benefit(n_el > 0, unit_amount, unit_income, disregard * n_el, gs.taper)
            value = np.where(eligible, unit / np.maximum(n_el, 1), 0.0)
        else:
            partner_income = np.where(
                pop.has_partner,
                pop.to_person(pop.hh_sum(np.where(pop.has_partner, income, 0.0))) - income,
                0.0,
            )
            value = reforms.tapered_benefit(eligible, amount, income + gs.partner_income_weight * partner_income, disregard, gs.taper)
        value = np.where(gs_claims, value, 0.0)
        if gs.sanction > 0:
            value = np.where(_participates(pop, status, cond.participation_share), value, value * (1 - gs.sanction))
        comps["general_support"] = value
        if gs.taxable:
            taxable = taxable + value
        else:
            untaxed = untaxed + value
    return NewBenefits(comps, kept, taxable, untaxed, housing_merged, flat_rate, nit_guarantee)

"""The Finnish tax-benefit system, run for a whole population in legal order.

This is the one place that calls the rules (``models/rules``) and decides who is eligible for what:
1. earnings-replacing benefits: unemployment benefits, national and guarantee pensions, student aid;
2. family benefits: child benefit, maintenance allowance, parental allowance, child home care allowance;
   then a reform's new benefits and what is left of the benefits they replace (:mod:`models.reform_benefits`);
3. income taxes and employee contributions on the year's income (12 × the month);
4. early-childhood-education fees on the family's gross income;
5. general and pensioners' housing allowance on the household's gross income;
6. basic social assistance, last, on everything else (with the documented take-up rate).

Every amount is EUR per month. :func:`compute` returns person- and household-level arrays for every
component in ``COMPONENTS``, the household's net and disposable income, and a few intermediate
quantities the metrics need. It is pure numpy: no loops over households.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from models.parameters import Parameters
from models.population.core import MemoKey, Population
from models.population.schema import Status, StudyLevel, Tenure
from models.reform_benefits import REFORM_COMPONENTS, NewBenefits, reform_benefits
from models.rules import (
    daycare,
    family,
    housing,
    parental,
    pensioners_housing,
    pensions,
    social_assistance,
    student_aid,
    tax,
    unemployment,
)
from models.scenario import Scenario, scenario_parameters
from models.structure import Structure, structure

#: Component keys used everywhere (CLI, app, exports); sign says how each enters net income.
COMPONENT_SIGNS: dict[str, int] = {
    "earnings": +1,
    "income_tax": -1,
    "social_contributions": -1,
    "labour_market_subsidy": +1,
    "basic_unemployment_allowance": +1,
    "yleistuki": +1,
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

#: Every component, the reform's new benefits (all income) after the law's.
ALL_COMPONENTS = COMPONENTS + REFORM_COMPONENTS
COMPONENT_SIGNS.update({k: +1 for k in REFORM_COMPONENTS})

#: Components counted per household (recipients are households); the rest per person.
HOUSEHOLD_COMPONENTS = (
    "housing_allowance",
    "pensioners_housing_allowance",
    "social_assistance",
    "home_care_allowance",
    "child_benefit",
    "child_maintenance",
    "daycare_fees",
)

#: Benefits paid by the public sector (net cost, counts of benefits per household).
BENEFITS = tuple(k for k, s in COMPONENT_SIGNS.items() if s > 0 and k != "earnings")

#: A monthly amount above half a cent is paid: who counts as a recipient.
RECIPIENT_EUR = 0.005

#: Person-level arrays summed to households in every run (the others stay person-level: ``Results.person``).
PERSON_SUMMED = (
    "earnings",
    "income_tax",
    "social_contributions",
    "labour_market_subsidy",
    "basic_unemployment_allowance",
    "yleistuki",
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
#: Components that are taxable income under today's law (tax is withheld from their payments; reforms add theirs).
TAXABLE_COMPONENTS = (
    "earnings",
    "labour_market_subsidy",
    "basic_unemployment_allowance",
    "yleistuki",
    "earnings_related_unemployment_allowance",
    "student_aid",
    "home_care_allowance",
    "parental_allowance",
    "national_pension",
    "guarantee_pension",
)


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
    params: Parameters,
    scenario: Scenario | None = None,
    earnings: np.ndarray | None = None,
    status: np.ndarray | None = None,
    only_net: bool = False,
    breakdown: bool = False,
) -> Results:
    """Run the law, or a reform ``scenario`` of it, on ``pop``, in legal order (see the module docstring).

    ``params`` is the law (``models.parameters.load_parameters``); the scenario's means-tested levers and
    scale financing are applied here. ``earnings`` and ``status`` replace the population's columns (used
    for marginal and participation tax rates). ``only_net`` skips everything but household net and
    disposable income (the marginal-rate reruns need nothing else). ``breakdown`` adds every tax and contribution
    of each person separately (``tax_<part>``, EUR/month: the validation of taxes by type); without it a run holds
    only their sums (``income_tax``, ``social_contributions``), 15–19 person arrays fewer.
    """
    if scenario is not None and scenario.law_date is not None and params.date not in (None, scenario.law_date):
        raise ValueError(
            f"the scenario changes the law of {scenario.law_date} but the parameters are the law of {params.date}: "
            "load the scenario's law, or re-read the scenario with Scenario.at_law()"
        )
    law = params
    if scenario is not None and not scenario.is_baseline:
        params = scenario_parameters(params, scenario)
    else:
        scenario = None
    run = _Run.of(pop, params, earnings, status)
    own_columns = scenario is None and earnings is None and status is None
    income, fam = benefits_before_reform(run)
    new = reform_benefits(
        pop,
        scenario,
        params,
        run.status,
        run.earnings,
        run.other_income,
        income.pensions_p,
        income.replaceable(fam),
    )
    if scenario is not None:
        income, fam = income.after_reform(new, run.work_pension), fam.after_reform(pop, new)
    taxes = taxes_and_contributions(run, scenario, income, fam, new)
    fees_child = daycare_fees(run, income, fam, taxes)
    housing_ = housing_allowances(run, income, fam, taxes, law, own_columns)
    sa = basic_social_assistance(run, income, fam, taxes, housing_, fees_child)
    disposable = sa.net_before_sa + housing_.general + housing_.pensioners + sa.amount
    if only_net:
        return Results(person={}, household={"net_income": disposable - sa.fees_hh, "disposable_income": disposable})
    return _assemble(run, scenario, income, fam, taxes, fees_child, housing_, sa, disposable, breakdown)


@dataclass(frozen=True, eq=False)
class _Run:
    """The inputs of one run: the population, the law, who lives with whom, and the person columns in use."""

    pop: Population
    params: Parameters
    s: Structure
    age: np.ndarray
    role: np.ndarray
    status: np.ndarray
    earnings: np.ndarray
    work_pension: np.ndarray
    other_income: np.ndarray

    @classmethod
    def of(cls, pop: Population, params: Parameters, earnings: np.ndarray | None, status: np.ndarray | None) -> _Run:
        P = pop.persons
        return cls(
            pop=pop,
            params=params,
            s=structure(pop, params),
            age=P["age"],
            role=P["role"],
            status=P["status"] if status is None else np.asarray(status),
            earnings=P["earnings"] if earnings is None else np.asarray(earnings, dtype=np.float64),
            work_pension=P["earnings_related_pension"],
            other_income=P["other_income"],
        )

    def family_sum(self, person_income: np.ndarray) -> np.ndarray:
        """The income of the household's head and spouse (the family of the income tests), per household."""
        return self.pop.hh_sum(np.where(self.s.parent_role, person_income, 0.0))


def _sum_by(place: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """The sums of ``values`` by ``place`` (0..n-1), as floats even when there are none."""
    return np.bincount(place, weights=values, minlength=n).astype(np.float64, copy=False)


def benefits_before_reform(run: _Run) -> tuple[Replacement, Family]:
    """Steps 1 and 2, which a reform reaches only through the law's sections they read: kept on the population (one
    set: about 17 person arrays, 0.75 GB on the 1:1 population) and reused while the person columns in use (by
    identity) and those sections (by value) are the same — a reform after its baseline, the solver's iterations, the
    marginal-rate reruns of a reform after the baseline's. The arrays are made read-only: a later step that wrote
    into one would change the kept result."""
    p = run.params
    depends_on = (
        run.earnings,
        run.status,
        run.s,
        p.unemployment,
        p.student_aid,
        p.social_assistance.student_loan_min_age,
        p.pensions,
        p.child_benefit,
        p.child_maintenance,
        p.parental_allowance,
        p.home_care_allowance,
    )

    def steps() -> tuple[Replacement, Family]:
        income = earnings_replacing_benefits(run)
        fam = family_benefits(run, income)
        for part in (income, fam):
            for value in part.__dict__.values():
                value.setflags(write=False)
        return income, fam

    return run.pop.memo(MemoKey.BENEFITS_BEFORE_REFORM, depends_on, steps, by_value=True)


# --- 1. earnings-replacing benefits --------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Replacement:
    """Unemployment benefits, pensions and student aid of each person (EUR/month)."""

    lms: np.ndarray
    ylt: np.ndarray  # general support (yleistuki) from 1.5.2026, in place of the two above
    basic: np.ndarray
    er: np.ndarray
    pension_eligible: np.ndarray
    nat_pension: np.ndarray
    guar_pension: np.ndarray
    pensions_p: np.ndarray  # work pension + national pension + guarantee pension
    grant: np.ndarray
    supplement: np.ndarray
    student_household: np.ndarray  # household-level: students only, on the student housing supplement
    dependant_supplement: np.ndarray  # the part of ``grant`` for a student parent's children
    student_loan: np.ndarray  # the state-guaranteed loan a student with aid can draw (social assistance counts it)
    unclaimed_grant: np.ndarray  # the grant a studying non-claimant could draw (social assistance counts it)
    pension_eligible_parents: np.ndarray  # household-level: the head and spouse with a pension (0, 1 or 2)

    def replaceable(self, fam: Family) -> dict[str, np.ndarray]:
        """The benefits a reform can replace, before any offset."""
        return {
            "labour_market_subsidy": self.lms,
            "basic_unemployment_allowance": self.basic,
            "yleistuki": self.ylt,
            "earnings_related_unemployment_allowance": self.er,
            "study_grant": self.grant,
            "home_care_allowance": fam.hca_person,
            "parental_allowance": fam.parental_benefit,
            "national_pension": self.nat_pension,
            "guarantee_pension": self.guar_pension,
            "student_housing_supplement": self.supplement,
        }

    def after_reform(self, new: NewBenefits, work_pension: np.ndarray) -> Replacement:
        kept = new.kept
        nat, guar = kept["national_pension"], kept["guarantee_pension"]
        return replace(
            self,
            lms=kept["labour_market_subsidy"],
            basic=kept["basic_unemployment_allowance"],
            ylt=kept["yleistuki"],
            er=kept["earnings_related_unemployment_allowance"],
            grant=kept["study_grant"],
            supplement=kept["student_housing_supplement"],
            nat_pension=nat,
            guar_pension=guar,
            pensions_p=work_pension + nat + guar,
        )


def earnings_replacing_benefits(run: _Run) -> Replacement:
    """Step 1: unemployment benefits, national and guarantee pensions, the study grant and housing supplement."""
    pop, params, status = run.pop, run.params, run.status
    lms, basic, ylt, er = _unemployment_benefits(run)

    def pensions_of_status() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        old_age, disability = status == Status.PENSIONER, status == Status.DISABILITY_PENSIONER
        eligible = old_age | disability
        # The national and guarantee pensions by age: none before the early age, reduced when taken early.
        factor = pensions.old_age_pension_factor(old_age, disability, run.age, params.pensions)
        paid = factor > 0
        nat = factor * pensions.national_pension(paid, pop.has_partner, run.work_pension, params.pensions)
        guar = pensions.guarantee_pension(paid, run.work_pension, nat, params.pensions, level_factor=factor)
        return eligible, nat, guar

    # Pensions depend on status, not on earnings: computed once for the marginal-rate reruns.
    pension_eligible, nat_pension, guar_pension = pop.memo(
        MemoKey.PENSIONS, (params.pensions, status), pensions_of_status
    )
    # The parents' income test of the study grant: the taxable earned and capital income of the household's head and
    # spouse (the parents of the adult children living with them), a year.
    parents_income = 12 * run.family_sum(
        run.earnings + run.work_pension + nat_pension + guar_pension + lms + basic + ylt + er + run.other_income
    )
    aid = _student_aid(run, parents_income)
    return Replacement(
        lms=lms,
        ylt=ylt,
        basic=basic,
        er=er,
        pension_eligible=pension_eligible,
        nat_pension=nat_pension,
        guar_pension=guar_pension,
        pensions_p=run.work_pension + nat_pension + guar_pension,
        grant=aid.grant,
        supplement=aid.supplement,
        student_household=aid.student_household,
        dependant_supplement=aid.dependant_supplement,
        student_loan=aid.student_loan,
        unclaimed_grant=aid.unclaimed_grant,
        pension_eligible_parents=pop.hh_count(run.s.parent_role & pension_eligible),
    )


def _unemployment_benefits(run: _Run) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The labour market subsidy and the basic allowance (until 30.4.2026), general support (yleistuki, from
    1.5.2026, for the same people) and the earnings-related allowance."""
    pop, s, status, earnings, u = run.pop, run.s, run.status, run.earnings, run.params.unemployment
    parents_income = pop.to_person(run.family_sum(earnings + run.work_pension + run.other_income))
    # The parents' income test applies to those who have not met the work condition (TTL 7:11 §; see the
    # parameter for the age proxy).
    parents_test = s.lives_with_parents & (run.age <= u.lms_parental_test_max_age)
    # ... and not during an employment-promoting service (Kela: the subsidy is paid unreduced then).
    in_services = pop.persons["in_services"]
    # Not every registered unemployed person is paid a benefit in a month (the rate is a parameter).
    paid = unemployment.paid_a_benefit(pop.unemployment_benefit_draw, in_services, u)
    on_lms = paid & (status == Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY)
    on_basic = paid & (status == Status.UNEMPLOYED_BASIC_ALLOWANCE)
    old_law = not u.yleistuki_in_force
    lms = unemployment.labour_market_subsidy(
        on_lms & old_law,
        earnings,
        run.other_income,
        parents_test,
        parents_income,
        s.parents_family_size,
        u,
        parents_dependent_children=s.children_p,
        has_family=pop.has_partner | pop.is_parent,
        own_children=np.where(pop.is_parent, s.children_p, 0),
        age=run.age,
        in_services=in_services,
    )
    basic = unemployment.basic_unemployment_allowance(on_basic & old_law, earnings, u)
    # General support: the basic-allowance people have met the work condition, so only the others face the
    # parents' income test, and (as in the subsidy it replaced) not during a service.
    ylt = unemployment.yleistuki(
        on_lms | on_basic,
        earnings,
        run.other_income,
        parents_test & on_lms & ~in_services,
        parents_income,
        s.children_p,
        u,
    )
    er = unemployment.earnings_related_unemployment_allowance(
        paid & (status == Status.UNEMPLOYED_EARNINGS_RELATED),
        earnings,
        pop.persons["previous_earnings"],
        pop.persons["unemployment_days_used"],
        u,
    )
    return lms, basic, ylt, er


@dataclass(frozen=True, eq=False)
class _StudentAid:
    grant: np.ndarray
    supplement: np.ndarray
    student_household: np.ndarray
    dependant_supplement: np.ndarray
    student_loan: np.ndarray
    unclaimed_grant: np.ndarray


def study_grant_claims(
    studying: np.ndarray, study_level: np.ndarray, draw: np.ndarray, p: student_aid.StudentAidParameters
) -> np.ndarray:
    """Who draws the study grant: a person studying at a level that gives study aid whose fixed draw is under the
    take-up of the level (``study_grant_take_up_rate`` at the secondary levels,
    ``study_grant_take_up_rate_higher_education`` in higher education, times ``postgraduate_aid_share`` for
    postgraduates, who are supported only within the aid months left from earlier degrees). A student of unknown
    level (microdata without ``study_level``) takes the higher-education rate."""
    level = np.asarray(study_level)
    secondary = np.isin(level, [StudyLevel.UPPER_SECONDARY, StudyLevel.VOCATIONAL])
    rate = np.where(secondary, p.study_grant_take_up_rate, p.study_grant_take_up_rate_higher_education)
    rate = np.where(level == StudyLevel.POSTGRADUATE, rate * p.postgraduate_aid_share, rate)
    return np.asarray(studying, dtype=bool) & (np.asarray(draw) < rate)


def _student_aid(run: _Run, parents_income: np.ndarray) -> _StudentAid:
    """The study grant and the student housing supplement (average month), the students' households, and the
    grant's dependant supplement and the student loan beside it (for the housing allowance and social assistance).

    The grant goes to students and to children aged from ``minimum_age`` in secondary education (children live
    with their parents); ``parents_income`` (EUR/year, per household) is the income of its parents' income test."""
    pop, s, sa_p = run.pop, run.s, run.params.student_aid
    student = run.status == Status.STUDENT
    level = pop.persons["study_level"]
    studying = student | (pop.is_child & (level != StudyLevel.NONE))
    claims = study_grant_claims(studying, level, pop.study_aid_draw, sa_p)
    with_parents = s.lives_with_parents | pop.is_child
    # Study aid is paid for aid months only: the average month receives aid_months/12 of it.
    aid_share = sa_p.aid_months_per_year / 12
    parents_p = pop.to_person(parents_income)
    higher = ~np.isin(level, [StudyLevel.UPPER_SECONDARY, StudyLevel.VOCATIONAL])  # the reduction is secondary-level
    # The grant every student could draw; the claimants draw it. Study aid is the primary benefit: social assistance
    # counts the grant a studying non-claimant could draw and the loan of everyone entitled to aid, drawn or not
    # (Kela's practice; toimeentulotukilaki 2 § 2 mom.).
    could_draw = aid_share * student_aid.study_grant(
        studying, run.age, with_parents, pop.is_parent, run.earnings, sa_p, parents_p, higher
    )
    grant = np.where(claims, could_draw, 0.0)
    # From 1.8.2025 students without children get the student housing supplement, not housing allowance
    # (before that date the supplement's maxima are 0 and students stay in the general allowance).
    all_adults_students = pop.hh_count(pop.is_adult & student) == pop.n_adults
    supplement_in_force = max(sa_p.housing_supplement_maximum.values()) > 0
    student_household = (
        all_adults_students & (pop.n_children == 0) & s.tenant_hh & ~pop.households["has_assets"] & supplement_in_force
    )
    supplement = aid_share * student_aid.student_housing_supplement(
        student & pop.to_person(student_household) & ~s.lives_with_parents,
        s.rent_share,
        s.group_p,
        run.earnings,
        sa_p,
    )
    dependant = aid_share * student_aid.dependant_supplement(claims, run.age, pop.is_parent, run.earnings, sa_p)
    unclaimed = np.where(claims, 0.0, could_draw)
    loan_age = run.params.social_assistance.student_loan_min_age
    guaranteed = student_aid.loan_guarantee(could_draw, with_parents, ~higher, run.age, sa_p)
    loan = aid_share * student_aid.student_loan(studying & guaranteed & (run.age >= loan_age), run.earnings, sa_p)
    return _StudentAid(grant, supplement, student_household, dependant, loan, unclaimed)


# --- 2. family benefits -----------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Family:
    """Child benefit, maintenance allowance, parental allowance and child home care allowance (EUR/month)."""

    cb: np.ndarray  # per child
    maintenance: np.ndarray  # per child
    parental_benefit: np.ndarray  # per parent on leave
    hca_person: np.ndarray  # the home care allowance, on the parent at home
    hca: np.ndarray  # the same per household
    cb_hh: np.ndarray  # child benefit per household
    daycare_maintenance_hh: np.ndarray  # the maintenance allowance of the children in daycare, per household

    def after_reform(self, pop: Population, new: NewBenefits) -> Family:
        hca_person = new.kept["home_care_allowance"]
        return replace(
            self, parental_benefit=new.kept["parental_allowance"], hca_person=hca_person, hca=pop.hh_sum(hca_person)
        )


def family_benefits(run: _Run, income: Replacement) -> Family:
    """Step 2: child benefit, maintenance allowance, parental allowance, then the child home care allowance."""
    pop, params, s, age = run.pop, run.params, run.s, run.age
    is_child = pop.is_child
    cb = pop.memo(
        MemoKey.CHILD_BENEFIT,
        (params.child_benefit,),
        lambda: family.child_benefit(s.cb_eligible, age, s.cb_rank, s.single_parent_hh_p, params.child_benefit),
    )
    maintenance = pop.memo(
        MemoKey.CHILD_MAINTENANCE,
        (params.child_maintenance,),
        lambda: family.child_maintenance(is_child & s.single_parent_hh_p, age, params.child_maintenance),
    )
    # A parent at home with a baby (under ``covered_child_age``) is on parental allowance; the child home
    # care allowance is paid only after it, when a child under its age limit is at home (Laki 1128/1996, 3 §).
    baby = pop.memo(
        MemoKey.BABY,
        (params.parental_allowance,),
        lambda: pop.hh_any(is_child & (age < params.parental_allowance.covered_child_age)),
    )
    on_parental_leave = pop.home_care_receiver & pop.to_person(baby)
    parental_benefit = parental.parental_allowance(
        on_parental_leave, pop.persons["previous_earnings"], run.earnings, params.parental_allowance
    )
    hca_eligible = (s.n_u3_home > 0) & pop.hh_any(run.status == Status.HOME_PARENT) & ~baby
    taxable_benefits_wo_hca = income.lms + income.basic + income.ylt + income.er + income.grant + parental_benefit
    family_income_wo_hca = run.family_sum(run.earnings + taxable_benefits_wo_hca + income.pensions_p + run.other_income)
    hca = family.home_care_allowance(
        hca_eligible,
        s.n_u3_home,
        s.n_other_home,
        family_income_wo_hca,
        s.hca_family_size,
        params.home_care_allowance,
    )
    # The allowance is paid to (and taxed on) the parent at home: the first home parent of the household.
    hca_person = np.where(pop.home_care_receiver, pop.to_person(hca), 0.0)
    return Family(
        cb=cb,
        maintenance=maintenance,
        parental_benefit=parental_benefit,
        hca_person=hca_person,
        hca=hca,
        cb_hh=pop.hh_sum(cb),
        daycare_maintenance_hh=pop.hh_sum(np.where(s.in_daycare, maintenance, 0.0)),
    )


# --- 3. taxes and contributions ---------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Taxes:
    """Income taxes and contributions of each person (EUR/month), with the taxable income they rest on."""

    breakdown: tax.TaxBreakdown  # EUR/year
    income_tax: np.ndarray
    contributions: np.ndarray
    financing_tax: np.ndarray
    taxable_benefits: np.ndarray
    new: NewBenefits  # the reform's benefits, with a negative income tax paid through tax settled


def taxes_and_contributions(
    run: _Run, scenario: Scenario | None, income: Replacement, fam: Family, new: NewBenefits
) -> Taxes:
    """Step 3: income taxes and employee contributions on the year's income, with a reform's financing."""
    s = run.s
    taxable_benefits = (
        income.lms + income.basic + income.ylt + income.er + income.grant + fam.hca_person + fam.parental_benefit
    )
    taxable_benefits = taxable_benefits + new.taxable
    t = tax.income_taxes(
        run.earnings * 12,
        income.pensions_p * 12,
        taxable_benefits * 12,
        run.other_income * 12,
        run.age,
        run.pop.persons["church_member"],
        s.n_children_in_custody,
        s.single_parent_p,
        run.params.tax,
        flat_rate=new.flat_rate,
    )
    income_tax = t.income_tax / 12
    contributions = t.social_contributions / 12
    financing_tax = np.zeros_like(income_tax)
    if scenario is not None and scenario.financing.method == "flat_tax" and scenario.financing.rate != 0:
        # (at a rate of 0 the run is the unfinanced one, which the solver hands to models.compare.who_pays)
        financing_tax = scenario.financing.rate * t.taxable_earned_income / 12
        income_tax = np.maximum(income_tax + financing_tax, 0.0)
    if new.nit_guarantee is not None:
        # A negative income tax folded into income tax: the guarantee is a refundable credit against the
        # flat tax; below the break-even the rest is paid out (the component), above it tax is due.
        credited = np.minimum(new.nit_guarantee, t.flat_income_tax / 12)
        income_tax = income_tax - credited
        new.components["negative_income_tax"] = new.nit_guarantee - credited
        new = replace(new, untaxed=new.untaxed + new.components["negative_income_tax"])
    return Taxes(t, income_tax, contributions, financing_tax, taxable_benefits, new)


# --- 4. early-childhood-education fees ----------------------------------------------------------------------
def daycare_fees(run: _Run, income: Replacement, fam: Family, taxes: Taxes) -> np.ndarray:
    """Step 4: the fee of each child in daycare, on the family's gross income, which includes the maintenance
    allowance of the children in daycare (Laki varhaiskasvatuksen asiakasmaksuista 1503/2016, 11 §)."""
    pop, s = run.pop, run.s
    kids, parents = s.daycare.children, s.daycare.parents  # computed for the families with a child in daycare only
    gross = (
        run.earnings[parents] + taxes.taxable_benefits[parents] + income.pensions_p[parents] + run.other_income[parents]
    )
    family_gross = _sum_by(s.daycare.parent_family, gross, len(s.daycare.households))
    family_gross += fam.daycare_maintenance_hh[s.daycare.households]
    fees = np.zeros(pop.n_persons)
    fees[kids] = daycare.daycare_fee(
        True, pop.daycare_rank[kids], family_gross[s.daycare.child_family], s.family_size_p[kids], run.params.daycare
    )
    return fees


# --- 5. housing allowances --------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Housing:
    """The general and the pensioners' housing allowance per household, and the gross income they rest on."""

    general: np.ndarray
    pensioners: np.ndarray
    gross_person: np.ndarray  # gross income of each person, the new benefits and maintenance included


def housing_allowances(
    run: _Run, income: Replacement, fam: Family, taxes: Taxes, law: Parameters, own_columns: bool
) -> Housing:
    """Step 5: the pensioners' housing allowance for pensioner households, the general one for other tenants.

    ``law`` is the law the run starts from (before a reform's changes) and ``own_columns`` says whether the run is
    that law on the population's own earnings and statuses: who claims the general allowance follows that run
    (:func:`households_in_work`)."""
    pop, s, new = run.pop, run.s, taxes.new
    gross_person = (
        run.earnings + taxes.taxable_benefits + income.pensions_p + run.other_income + new.untaxed + fam.maintenance
    )
    if own_columns:
        # Kela's rule on this run (own income: the student housing supplement, no maintenance), computed once per law
        # and kept for the other runs of the same law.
        in_work = pop.memo(
            MemoKey.HOUSING_IN_WORK,
            (law,),
            lambda: housing.in_work(
                pop.hh_sum(run.earnings), pop.hh_sum(gross_person - fam.maintenance + income.supplement)
            ),
            slots=_LAWS_KEPT,
        )
    else:
        in_work = households_in_work(pop, law)
    # Pensioner households (a pensioner head or spouse, no children, no other adults) get the pensioners'
    # housing allowance instead of the general one (Laki eläkkeensaajan asumistuesta 571/2007, 1–2 §).
    pension_eligible_hh = income.pension_eligible_parents
    pensioner_hh = (pension_eligible_hh > 0) & (pop.n_children == 0) & (pop.n_adults == s.n_parents)
    # Each allowance is computed for the households that can get it only (their members' sums: the same sums).
    pha = _pensioners_housing_allowance(run, income, new, gross_person, pensioner_hh)
    ha = _general_housing_allowance(run, income, fam, new, gross_person, pensioner_hh, in_work)
    return Housing(general=ha, pensioners=pha, gross_person=gross_person)


def _pensioners_housing_allowance(
    run: _Run, income: Replacement, new: NewBenefits, gross_person: np.ndarray, pensioner_hh: np.ndarray
) -> np.ndarray:
    """The pensioners' housing allowance of each household (Laki eläkkeensaajan asumistuesta 571/2007), computed for
    the pensioner households that claim it."""
    pop, H = run.pop, run.pop.households
    pension_eligible_hh = income.pension_eligible_parents
    pha_p = run.params.pensioners_housing_allowance
    # Every member of a pensioner household is its head or spouse, so their gross income is the family's.
    claims = pensioner_hh & (pop.take_up_draw < pha_p.take_up_rate) & ~new.housing_merged
    pha_hh, pha_members = pop.members(claims)
    pha_pos = pop.place_of(claims, pha_members)
    pha_income = pensioners_housing.pensioners_housing_counted_income(
        12 * _sum_by(pha_pos, gross_person[pha_members], len(pha_hh)),
        np.where(H["has_assets"][pha_hh], pha_p.assumed_net_assets_if_flagged, 0.0),
        pop.has_spouse[pha_hh],
        pha_p,
    )
    pha = np.zeros(pop.n_households)
    pha[pha_hh] = pensioners_housing.pensioners_housing_allowance(
        True,
        H["housing_cost"][pha_hh],
        pop.n_persons_in_household[pha_hh],
        H["municipality_group"][pha_hh],
        pha_income,
        pop.has_spouse[pha_hh],
        pha_p,
        partner_entitled=pension_eligible_hh[pha_hh] >= 2,
    )
    return pha


#: Laws whose households in work a population keeps at once (a comparison of two laws, the validation's years).
_LAWS_KEPT = 4


def households_in_work(pop: Population, law: Parameters) -> np.ndarray:
    """Per household: whether it is in work as Kela counts the housing allowance's recipients
    (:func:`models.rules.housing.in_work`) under ``law`` with the population's own earnings and statuses.

    Who claims the allowance is a trait of the household in the population, like social assistance's claims: a
    rerun with other earnings or statuses (the trap rates' step into work or a raise, a behavioural response) or a
    reform of the same law keeps each household's claim. Kept on the population per law; a run of another kind
    before any run of the law on the population's own columns makes that run first (a documented lazy step)."""

    def law_run() -> np.ndarray:
        compute(pop, law, only_net=True)  # keeps the classification on the population (MemoKey.HOUSING_IN_WORK)
        return pop.memo(MemoKey.HOUSING_IN_WORK, (law,), _not_kept, slots=_LAWS_KEPT)

    return pop.memo(MemoKey.HOUSING_IN_WORK, (law,), law_run, slots=_LAWS_KEPT)


def _not_kept() -> np.ndarray:
    raise RuntimeError("the run of the law on the population's own columns did not keep its households in work")


def _general_housing_allowance(
    run: _Run,
    income: Replacement,
    fam: Family,
    new: NewBenefits,
    gross_person: np.ndarray,
    pensioner_hh: np.ndarray,
    in_work: np.ndarray,
) -> np.ndarray:
    """The general housing allowance of each household (Laki yleisestä asumistuesta 938/2014), computed for the tenant
    households that can get it; ``in_work`` (:func:`households_in_work`) decides which take-up rate applies."""
    pop, s, H = run.pop, run.s, run.pop.households
    ha_p = run.params.housing_allowance
    ha_eligible = (
        s.tenant_hh
        & housing.housing_allowance_asset_test_passed(s.net_assets, ha_p)
        & ~income.student_household
        & ~pensioner_hh
        & housing.claims(pop.take_up_draw, in_work, ha_p)
        & ~new.housing_merged
    )
    # Child maintenance and the study grant's dependant supplement are not income here (938/2014, 14 §); a share
    # of the net assets above the asset limit is (15 a §).
    ha_hh, ha_members = pop.members(ha_eligible)
    ha_pos = pop.place_of(ha_eligible, ha_members)
    counted = gross_person[ha_members] - fam.maintenance[ha_members] - income.dependant_supplement[ha_members]
    n_adults = pop.n_adults[ha_hh]
    ha_gross = _sum_by(ha_pos, counted, len(ha_hh))
    ha_gross += housing.housing_allowance_asset_income(s.net_assets[ha_hh], n_adults, ha_p)
    disregarded = np.minimum(run.earnings[ha_members], ha_p.earned_income_disregard)
    ha_income = housing.housing_allowance_counted_income(ha_gross, _sum_by(ha_pos, disregarded, len(ha_hh)), ha_p)
    ha = np.zeros(pop.n_households)
    ha[ha_hh] = housing.general_housing_allowance(
        True,
        H["housing_cost"][ha_hh],
        pop.n_persons_in_household[ha_hh],
        n_adults,
        pop.n_children[ha_hh],
        H["municipality_group"][ha_hh],
        ha_income,
        ha_p,
    )
    return ha


# --- 6. basic social assistance, the last resort ------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SocialAssistance:
    """Basic social assistance per household (the sum over its applicant units), with the norm and the resources it
    is tested against."""

    amount: np.ndarray
    basic_amount: np.ndarray
    housing_norm: np.ndarray
    disregard: np.ndarray  # per person: earnings disregarded
    fees_hh: np.ndarray  # daycare fees, a cost the norm covers
    cb_hh: np.ndarray
    net_before_sa: np.ndarray  # household income after tax, before housing allowance and social assistance
    family: np.ndarray  # per household: the amount of the head's family
    alone: np.ndarray  # per adult applying on their own (``applicants.separate``): their amount
    applicants: _Applicants

    def units(self, n_households: int) -> np.ndarray:
        """Per household: how many of its applicant units get social assistance (0, 1, 2, ...)."""
        paid_alone = _sum_by(self.applicants.separate_hh, self.alone > RECIPIENT_EUR, n_households)
        units: np.ndarray = (self.family > RECIPIENT_EUR) + paid_alone
        return units.astype(np.int8)

    def by_applicant(self, pop: Population) -> np.ndarray:
        """Per person: the amount of the unit the person applies for (the family's on its head, 0 for the others)."""
        out = np.zeros(pop.n_persons)
        out[pop.head_index] = self.family
        out[self.applicants.separate] = self.alone
        return out


@dataclass(frozen=True, eq=False)
class _Applicants:
    """Who applies for social assistance with whom in each home (fixed by the population and the law's shares)."""

    basic_p: np.ndarray  # each person's basic amount
    basic: np.ndarray  # per household: the basic amounts of everyone in the home
    housing: np.ndarray  # per household: the accepted housing costs of the whole home
    family_basic: np.ndarray  # per household: the basic amounts of the head's family
    family_share: np.ndarray  # per household: the head's family's share of the home's persons
    separate: np.ndarray  # indices of the persons who apply on their own
    separate_mask: np.ndarray  # per person: applies on their own
    separate_hh: np.ndarray  # their households
    separate_share: np.ndarray  # each one's share of the home's persons


def _applicants(run: _Run) -> _Applicants:
    """The applicant units of every home (Laki toimeentulotuesta 1412/1997, 3 §): the head's family, and each adult who
    is neither the head nor the spouse on their own, each carrying a per-capita share of the housing costs
    (with the household electricity, 7 b §)."""
    pop, H, sa_p = run.pop, run.pop.households, run.params.social_assistance
    basic_p = social_assistance.social_assistance_basic_amount(
        run.age, run.role, pop.child_rank, pop.has_partner, run.s.single_parent_p, sa_p, run.s.lives_with_parents
    )
    housing = np.where(
        H["tenure"] == Tenure.OTHER,
        0.0,
        social_assistance.social_assistance_housing_cost(
            H["housing_cost"], pop.n_persons_in_household, H["municipality_group"], sa_p
        )
        + social_assistance.social_assistance_household_electricity(pop.n_persons_in_household, sa_p),
    )
    alone = social_assistance.separate_applicant(run.age, run.role)
    separate = np.flatnonzero(alone)
    n = pop.n_persons_in_household
    separate_hh = pop.hh[separate]
    weight = social_assistance.housing_weight(alone, run.s.lives_with_parents, sa_p)
    return _Applicants(
        basic_p=basic_p,
        basic=pop.hh_sum(basic_p),
        housing=housing,
        family_basic=pop.hh_sum(np.where(alone, 0.0, basic_p)),
        family_share=social_assistance.per_capita_share(n - pop.hh_sum(np.where(alone, weight, 0.0)), n),
        separate=separate,
        separate_mask=alone,
        separate_hh=separate_hh,
        separate_share=social_assistance.per_capita_share(weight[separate], n[separate_hh]),
    )


def basic_social_assistance(
    run: _Run, income: Replacement, fam: Family, taxes: Taxes, housing_: Housing, fees_child: np.ndarray
) -> SocialAssistance:
    """Step 6: basic social assistance tops each applicant unit's resources up to its norm (with take-up).

    The head's family (head, spouse, minor children) applies together and claims with the household's take-up draw;
    every other adult of the home applies on their own and claims with a draw of their own. Each unit carries its
    per-capita share of the home's housing costs and of the housing allowance paid towards them; the daycare fees
    and the child benefit are the family's. The net assets the population knows are the household's (its head's and
    spouse's): only the family's claim is tested against them."""
    pop, H, sa_p = run.pop, run.pop.households, run.params.social_assistance
    a: _Applicants = pop.memo(MemoKey.SOCIAL_ASSISTANCE_NORMS, (sa_p,), lambda: _applicants(run))
    disregard = social_assistance.social_assistance_earned_income_disregard(run.earnings, run.age, sa_p)
    fees_hh = pop.hh_sum(fees_child)
    cb_hh = fam.cb_hh
    # Resources: income after tax, child benefit, student housing supplement and housing allowance.
    net_person_before_sa = housing_.gross_person + fam.cb + income.supplement - taxes.income_tax - taxes.contributions
    net_before_sa = pop.hh_sum(net_person_before_sa)
    # The student loan a student with aid could draw counts as income, drawn or not, and so does the study grant
    # of a student who has not claimed it (Kela's practice).
    own = net_person_before_sa - disregard + income.student_loan + income.unclaimed_grant
    # Study aid is paid for the aid months only, and the model's month averages it over the year. Kela tests a
    # student's month against that month's aid (the grant, the supplement and the loan of an aid month) and in the
    # summer expects work, summer study or the loan left from the spring, so a student's need is tested at the
    # aid month's amounts: the average month adds the rest of each aid month, before tax.
    aid_month = 12.0 / run.params.student_aid.aid_months_per_year - 1.0
    own = own + aid_month * (income.grant + income.supplement + income.student_loan + income.unclaimed_grant)
    allowances = housing_.general + housing_.pensioners
    family_income = allowances * a.family_share + pop.hh_sum(own)
    # Units with earnings claim less often (the rates and their sources are parameters). Who claims follows the
    # unit's earnings in the population, not in this run: a rerun with other earnings (the trap rates' step into
    # work or a raise, a behavioural response) keeps each unit's claim, as the uniform draw did before.
    earning = pop.persons["earnings"] > 0
    family_earns = pop.hh_any(earning & ~a.separate_mask)
    eligible = ~H["has_assets"] & social_assistance.claims(pop.take_up_draw, family_earns, sa_p)
    own_separate = own[a.separate]
    family_income -= _sum_by(a.separate_hh, own_separate, pop.n_households)
    family = social_assistance.basic_social_assistance(
        eligible, a.family_basic, a.housing * a.family_share, fees_hh, family_income, sa_p
    )
    alone = social_assistance.basic_social_assistance(
        social_assistance.claims(pop.social_assistance_draw[a.separate], earning[a.separate], sa_p),
        a.basic_p[a.separate],
        a.housing[a.separate_hh] * a.separate_share,
        0.0,
        own_separate + allowances[a.separate_hh] * a.separate_share,
        sa_p,
    )
    amount = family + _sum_by(a.separate_hh, alone, pop.n_households)
    return SocialAssistance(amount, a.basic, a.housing, disregard, fees_hh, cb_hh, net_before_sa, family, alone, a)


# --- the results ----------------------------------------------------------------------------------------------
def _assemble(
    run: _Run,
    scenario: Scenario | None,
    income: Replacement,
    fam: Family,
    taxes: Taxes,
    fees_child: np.ndarray,
    housing_: Housing,
    sa: SocialAssistance,
    disposable: np.ndarray,
    breakdown: bool,
) -> Results:
    """Every component per person and per household, net and disposable income (and the tax breakdown when asked)."""
    pop = run.pop
    person = {
        "earnings": run.earnings,
        "income_tax": taxes.income_tax,
        "social_contributions": taxes.contributions,
        "labour_market_subsidy": income.lms,
        "basic_unemployment_allowance": income.basic,
        "yleistuki": income.ylt,
        "earnings_related_unemployment_allowance": income.er,
        "student_aid": income.grant + income.supplement,
        "study_grant": income.grant,
        "student_housing_supplement": income.supplement,
        "child_benefit": fam.cb,
        "child_maintenance": fam.maintenance,
        "home_care_allowance": fam.hca_person,
        "parental_allowance": fam.parental_benefit,
        "national_pension": income.nat_pension,
        "guarantee_pension": income.guar_pension,
        "daycare_fees": fees_child,
        "earnings_related_pension": run.work_pension,
        "other_income": run.other_income,
        "social_assistance_earned_income_disregard": sa.disregard,
        "social_assistance_by_applicant": sa.by_applicant(pop),
        "financing_tax": taxes.financing_tax,
        **taxes.new.components,
    }
    if breakdown:
        for key, value in taxes.breakdown.__dict__.items():
            person[f"tax_{key}"] = value / 12
    household = {k: pop.hh_sum(person[k]) for k in PERSON_SUMMED}
    for k in REFORM_COMPONENTS:
        household[k] = pop.hh_sum(person[k]) if scenario is not None else np.zeros(pop.n_households)
    household["home_care_allowance"] = fam.hca
    household["child_benefit"] = sa.cb_hh
    household["daycare_fees"] = sa.fees_hh
    household["housing_allowance"] = housing_.general
    household["pensioners_housing_allowance"] = housing_.pensioners
    household["social_assistance"] = sa.amount
    household["social_assistance_norm"] = sa.basic_amount + sa.housing_norm + sa.fees_hh
    household["social_assistance_units"] = sa.units(pop.n_households)
    household["disposable_income"] = disposable
    household["net_income"] = disposable - household["daycare_fees"]
    household["equivalised_disposable_income"] = disposable / pop.consumption_units
    return Results(person=person, household=household)

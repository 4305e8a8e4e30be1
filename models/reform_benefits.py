"""A reform's new benefits in legal order, and what is left of the benefits they replace.

Universal amounts come first (basic income, participation income) and are set against the benefits they
replace; then the negative income tax and general support are means-tested on the income that is left. The rules
of each design are :mod:`models.rules.reforms`; this module decides who gets what from the scenario's levers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from models.parameters import Parameters
from models.population.core import ArrayMemo, MemoKey, Population
from models.population.schema import Status, Tenure
from models.rules import housing, reforms, unemployment
from models.scenario import Scenario

#: Components that only reforms pay (zero in the baseline); all are income.
REFORM_COMPONENTS = ("basic_income", "negative_income_tax", "general_support", "participation_income")

#: The order in which a new amount is set against a person's replaced benefits (they become one top-up).
OFFSET_ORDER = (
    "labour_market_subsidy",
    "basic_unemployment_allowance",
    "yleistuki",
    "earnings_related_unemployment_allowance",
    "study_grant",
    "home_care_allowance",
    "parental_allowance",
    "national_pension",
    "guarantee_pension",
)

#: Statuses of each entry group of general support. The earnings-related unemployed keep their
#: allowance from the unemployment fund (general support replaces Kela's basic benefits only).
NEED_GROUPS = {
    "unemployed": (Status.UNEMPLOYED_LABOUR_MARKET_SUBSIDY, Status.UNEMPLOYED_BASIC_ALLOWANCE),
    "student": (Status.STUDENT,),
    "home_parent": (Status.HOME_PARENT,),
    "other_inactive": (Status.OTHER,),
    "low_income_employed": (Status.EMPLOYED,),
}


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


@dataclass(eq=False)
class _Reform:
    """The person's situation while the reform's benefits are added one design at a time."""

    pop: Population
    status: np.ndarray
    earnings: np.ndarray
    other_income: np.ndarray
    pensions_p: np.ndarray  # work pension + national pension + guarantee pension before the reform
    replaceable: dict[str, np.ndarray]  # the benefits of the law, before any offset
    claims: np.ndarray  # who claims a new means-tested benefit (the take-up draw)
    participates: np.ndarray  # who meets the activity requirement
    kept: dict[str, np.ndarray] = field(default_factory=dict)
    components: dict[str, np.ndarray] = field(default_factory=dict)
    taxable: np.ndarray | float = 0.0
    untaxed: np.ndarray | float = 0.0
    flat_rate: np.ndarray | None = None
    nit_guarantee: np.ndarray | None = None
    housing_merged: np.ndarray | None = None

    def offset(self, keys: Iterable[str], amount: np.ndarray) -> None:
        """Set ``amount`` against the replaced benefits ``keys`` in turn (they become one top-up)."""
        keys = set(keys)
        left = np.asarray(amount, dtype=np.float64)
        # Where a replaced benefit is not paid, nothing is set against it (what is kept of it is nil too): each
        # offset is computed where it is paid, when the amount is nowhere negative (else on every person), on a
        # copy of the amount.
        sparse = left.ndim == 1 and len(left) == self.pop.n_persons and not (left < 0).any()
        if sparse:
            left = left.copy()
        for k in OFFSET_ORDER:
            if k not in keys:
                continue
            replaced = self.replaceable[k]
            if not sparse:
                self.kept[k] = reforms.offset_benefit(self.kept[k], left)
                left = reforms.offset_benefit(left, replaced)
                continue
            paid = self.pop.of_array(ArrayMemo.NONZERO, np.asarray(replaced, dtype=np.float64), np.flatnonzero)
            kept = np.zeros(self.pop.n_persons)
            kept[paid] = reforms.offset_benefit(np.asarray(self.kept[k])[paid], left[paid])
            self.kept[k] = kept
            left[paid] = reforms.offset_benefit(left[paid], np.asarray(replaced)[paid])

    def add(self, amount: np.ndarray, taxable: bool) -> None:
        if taxable:
            self.taxable = self.taxable + amount
        else:
            self.untaxed = self.untaxed + amount

    def own_income(self) -> np.ndarray:
        """Own gross income after the universal amounts: the base of the later means tests."""
        work_pension = self.pensions_p - self.replaceable["national_pension"] - self.replaceable["guarantee_pension"]
        return (
            self.earnings
            + self.other_income
            + work_pension
            + sum(self.kept.values())
            + self.components["basic_income"]
            + self.components["participation_income"]
        )


def participates(pop: Population, status: np.ndarray, share: float) -> np.ndarray:
    """Who meets an activity requirement: workers, students, carers and disability pensioners always;
    the unemployed and other inactive with probability ``share`` (a fixed draw per person). Memoised on the
    population by the statuses (by identity) and the share."""

    def build() -> np.ndarray:
        active = np.isin(status, [Status.EMPLOYED, Status.STUDENT, Status.HOME_PARENT, Status.DISABILITY_PENSIONER])
        out = active | (pop.participation_draw < share)
        out.setflags(write=False)
        return out

    return pop.memo(MemoKey.PARTICIPATES, (status, share), build, by_value=True, slots=2)


def no_reform(pop: Population, replaceable: dict[str, np.ndarray]) -> NewBenefits:
    """The law itself: no new benefit, every replaceable benefit kept."""
    zero = np.zeros(pop.n_persons)
    comps = {k: zero for k in REFORM_COMPONENTS}
    return NewBenefits(comps, dict(replaceable), zero, zero, np.zeros(pop.n_households, dtype=bool))


def reform_benefits(
    pop: Population,
    scenario: Scenario | None,
    params: Parameters,
    status: np.ndarray,
    earnings: np.ndarray,
    other_income: np.ndarray,
    pensions_p: np.ndarray,
    replaceable: dict[str, np.ndarray],
) -> NewBenefits:
    """The reform's new benefits in legal order (see the module docstring)."""
    if scenario is None:
        return no_reform(pop, replaceable)
    zero = np.zeros(pop.n_persons)
    cond = scenario.conditionality
    r = _Reform(
        pop,
        status,
        earnings,
        other_income,
        pensions_p,
        replaceable,
        claims=pop.take_up_draw_p < cond.take_up,
        participates=participates(pop, status, cond.participation_share),
        kept=dict(replaceable),
        components={k: zero for k in REFORM_COMPONENTS},
        taxable=zero,
        untaxed=zero,
        housing_merged=np.zeros(pop.n_households, dtype=bool),
    )
    if scenario.basic_income.enabled:
        _basic_income(r, scenario)
    if scenario.participation_income.enabled:
        _participation_income(r, scenario)
    if scenario.financing.method == "flat_income_tax":
        r.flat_rate = np.full(pop.n_persons, scenario.financing.rate)
    if scenario.negative_income_tax.enabled:
        _negative_income_tax(r, scenario)
    if scenario.general_support.enabled:
        _general_support(r, scenario, params)
    assert isinstance(r.taxable, np.ndarray) and isinstance(r.untaxed, np.ndarray) and r.housing_merged is not None
    return NewBenefits(r.components, r.kept, r.taxable, r.untaxed, r.housing_merged, r.flat_rate, r.nit_guarantee)


def _also_earnings_related(replaces: Iterable[str], offset_earnings_related: bool) -> set[str]:
    return set(replaces) | ({"earnings_related_unemployment_allowance"} if offset_earnings_related else set())


def _basic_income(r: _Reform, scenario: Scenario) -> None:
    """Basic income by age group, set against the benefits it replaces (adults' amounts only)."""
    bi = scenario.basic_income
    age, is_child = r.pop.persons["age"], r.pop.is_child
    amount = reforms.basic_income(
        age,
        is_child,
        bi.amount,
        bi.young_adult_amount,
        bi.child_amount,
        bi.pensioner_amount,
        bi.min_age,
        bi.max_age,
        young_adult_max_age=bi.young_adult_max_age,
    )
    if bi.exclude_disability_pensioners:
        amount = np.where((r.status == Status.DISABILITY_PENSIONER) & (age <= bi.max_age), 0.0, amount)
    r.components["basic_income"] = amount
    adult_amount = np.where(is_child, 0.0, amount)
    r.offset(_also_earnings_related(bi.replaces, bi.offset_earnings_related), adult_amount)
    if bi.taxable:
        r.taxable = r.taxable + adult_amount
        r.untaxed = r.untaxed + (amount - adult_amount)
    else:
        r.untaxed = r.untaxed + amount


def _participation_income(r: _Reform, scenario: Scenario) -> None:
    """Participation income: full to participants, less the sanction to others; the replaced benefits go for all."""
    pi = scenario.participation_income
    age, is_child = r.pop.persons["age"], r.pop.is_child
    in_range = ~is_child & (age >= pi.min_age) & (age <= pi.max_age)
    # With a taper the amount falls with own earnings, pensions and other income (the replaced benefits
    # are gone, so they do not count).
    full = reforms.tapered_benefit(
        in_range, pi.amount, r.earnings + r.other_income + r.pensions_p, pi.disregard, pi.taper
    )
    amount = reforms.participation_income(in_range & r.claims, r.participates, full, pi.sanction)
    r.components["participation_income"] = amount
    # The replaced benefits are gone for everyone in the age range, sanctioned or not: they are offset
    # against the full amount (a sanction is a real loss, not a return to the old benefit).
    r.offset(_also_earnings_related(pi.replaces, pi.offset_earnings_related), full)
    r.add(amount, pi.taxable)


def _negative_income_tax(r: _Reform, scenario: Scenario) -> None:
    """A negative income tax: paid through the tax system (a guarantee credited against a flat tax) or as a
    benefit withdrawn from own or household income."""
    nit = scenario.negative_income_tax
    age, is_child = r.pop.persons["age"], r.pop.is_child
    in_range = ~is_child & (age >= nit.min_age) & (age <= nit.max_age)
    for k in nit.replaces:
        r.kept[k] = np.where(in_range, 0.0, r.kept[k])
    if nit.through_tax:
        # Paid through the tax system (see ``models.system``): the rate replaces the income tax scale.
        r.flat_rate = np.where(in_range, nit.withdrawal_rate, np.nan if r.flat_rate is None else r.flat_rate)
        r.nit_guarantee = np.where(in_range, nit.guarantee, 0.0)
        return
    pop = r.pop
    income = r.own_income()
    if nit.unit == "household":
        n_in = pop.to_person(pop.hh_count(in_range))
        income = pop.to_person(pop.hh_sum(np.where(pop.is_adult, income, 0.0))) / np.maximum(n_in, 1)
    amount = reforms.negative_income_tax(in_range, income, nit.guarantee, nit.withdrawal_rate)
    r.components["negative_income_tax"] = amount
    r.untaxed = r.untaxed + amount


def _general_support(r: _Reform, scenario: Scenario, params: Parameters) -> None:
    """General support (yleistuki): one amount for the need groups, tapered on own (and partner's) income."""
    gs = scenario.general_support
    pop = r.pop
    age, is_child = pop.persons["age"], pop.is_child
    statuses = [s for g in gs.eligible_groups for s in NEED_GROUPS[g]]
    eligible = ~is_child & (age >= gs.min_age) & (age <= gs.max_age) & np.isin(r.status, statuses)
    # The unemployed group holds those paid an unemployment benefit: general support keeps the unemployment
    # benefits' conditions (the waiting period, the labour policy sanctions, the right to the benefit).
    paid = unemployment.paid_a_benefit(pop.unemployment_benefit_draw, pop.persons["in_services"], params.unemployment)
    eligible &= paid | ~np.isin(r.status, NEED_GROUPS["unemployed"])
    # Take-up: people who already draw a merged benefit keep claiming; the draw applies to the newly entitled.
    claims = r.claims | (sum(r.replaceable[k] for k in gs.merges) > 0) if gs.merges else r.claims
    for k in gs.merges:
        r.kept[k] = np.where(eligible, 0.0, r.kept[k])
    amount = np.where(eligible, gs.amount, 0.0)
    if gs.include_housing:
        amount = amount + _merged_housing(r, eligible, params)
    value = _tapered_general_support(r, scenario, eligible, amount)
    value = np.where(claims, value, 0.0)
    if gs.sanction > 0:
        value = np.where(r.participates, value, value * (1 - gs.sanction))
    r.components["general_support"] = value
    r.add(value, gs.taxable)


def _merged_housing(r: _Reform, eligible: np.ndarray, params: Parameters) -> np.ndarray:
    """The housing part of general support that takes over the general housing allowance, per eligible person.

    The student housing supplement is merged too (no double housing support)."""
    pop, ha_p, H = r.pop, params.housing_allowance, r.pop.households
    tenant = ((H["tenure"] == Tenure.RENTED) | (H["tenure"] == Tenure.RIGHT_OF_OCCUPANCY)) & ~H["has_assets"]
    n_eligible = pop.hh_count(eligible)
    r.housing_merged = tenant & (n_eligible > 0)
    costs = housing.acceptable_housing_costs(H["housing_cost"], pop.n_persons_in_household, ha_p)
    cap = housing.maximum_housing_costs(pop.n_persons_in_household, H["municipality_group"], ha_p)
    housing_part = np.where(r.housing_merged, ha_p.compensation_rate * np.minimum(costs, cap), 0.0)
    r.kept["student_housing_supplement"] = np.where(eligible, 0.0, r.kept["student_housing_supplement"])
    return np.where(eligible, pop.to_person(housing_part / np.maximum(n_eligible, 1)), 0.0)


def _tapered_general_support(r: _Reform, scenario: Scenario, eligible: np.ndarray, amount: np.ndarray) -> np.ndarray:
    """General support after its taper: on own income plus a weight of the partner's, or on the household's."""
    gs = scenario.general_support
    pop = r.pop
    income = r.own_income()
    disregard = gs.disregard
    if gs.other_income_disregard is not None:
        # Two disregards: one on earnings, one on all other income; the taper then applies from the first euro.
        income = reforms.countable_income(r.earnings, income - r.earnings, gs.disregard, gs.other_income_disregard)
        disregard = 0.0
    if gs.means_test == "household":
        n_el = pop.to_person(pop.hh_count(eligible))
        unit_income = pop.to_person(pop.hh_sum(np.where(pop.is_adult, income, 0.0)))
        unit_amount = pop.to_person(pop.hh_sum(amount))
        unit = reforms.tapered_benefit(n_el > 0, unit_amount, unit_income, disregard * n_el, gs.taper)
        return np.where(eligible, unit / np.maximum(n_el, 1), 0.0)
    partner_income = np.where(
        pop.has_partner,
        pop.to_person(pop.hh_sum(np.where(pop.has_partner, income, 0.0))) - income,
        0.0,
    )
    return reforms.tapered_benefit(
        eligible, amount, income + gs.partner_income_weight * partner_income, disregard, gs.taper
    )

"""What a reform costs the public sector, and how many benefits and means tests a household goes through."""

from __future__ import annotations

import numpy as np

from models.population.core import Population
from models.reform_benefits import REFORM_COMPONENTS
from models.scenario import Scenario
from models.system import BENEFITS, Results

#: Benefits whose amount depends on the recipient's or family's income beyond their own earnings
#: (each is a separate means test the household must go through). The negative income tax is assessed
#: by the tax system itself and basic income is not tested, so neither counts.
MEANS_TESTED = (
    "labour_market_subsidy",
    "yleistuki",
    "housing_allowance",
    "social_assistance",
    "home_care_allowance",
    "student_aid",
    "national_pension",
    "guarantee_pension",
    "general_support",
)


def benefit_counts(pop: Population, results: Results) -> dict:
    """Mean number of benefits and of separate means tests per household (weighted), and their spread."""
    w = pop.households["weight"]
    hh = results.household
    n_benefits = sum((hh[k] > 0.005).astype(np.int8) for k in BENEFITS)
    n_tests = sum((hh[k] > 0.005).astype(np.int8) for k in MEANS_TESTED)
    by_number = np.bincount(np.minimum(n_benefits, 6), weights=w, minlength=7)
    dist = {str(i): float(by_number[i]) for i in range(0, 6)}
    dist["6+"] = float(by_number[6])
    return {
        "benefits_per_household": float(np.dot(w, n_benefits) / w.sum()),
        "means_tests_per_household": float(np.dot(w, n_tests) / w.sum()),
        "households_with_3_or_more_benefits": float(by_number[3:].sum()),
        "households_by_number_of_benefits": dist,
        "n_benefits": n_benefits,
        "n_tests": n_tests,
    }


def cost_breakdown(
    pop: Population,
    scenario: Scenario,
    base: Results,
    reform: Results,
    totals: tuple[dict[str, float], dict[str, float]] | None = None,
) -> dict:
    """Annual public cost of the reform (EUR/year): gross = change in benefits paid + administration;
    net = gross − change in taxes and contributions − change in daycare fees. ``totals`` are the baseline's and
    the reform's annual totals by component when the caller has them (each change is then their difference)."""
    w = pop.households["weight"]

    def d(k: str) -> float:
        if totals is not None:
            return totals[1][k] - totals[0][k]
        return 12 * float(np.dot(w, reform.household[k] - base.household[k]))

    benefit_change = sum(d(k) for k in BENEFITS)
    tax_change = d("income_tax") + d("social_contributions")
    fee_change = d("daycare_fees")
    new_recipients = float(pop.weight[sum(reform.person[k] for k in REFORM_COMPONENTS) > 0.005].sum())
    admin = scenario.conditionality.admin_cost_per_recipient * new_recipients
    net = benefit_change - tax_change - fee_change + admin
    return {
        "net_cost_eur": net,
        "gross_cost_eur": benefit_change + admin,
        "tax_revenue_change_eur": tax_change,
        "daycare_fee_change_eur": fee_change,
        "admin_cost_eur": admin,
        "earnings_change_eur": d("earnings"),
        "new_benefit_recipients": new_recipients,
        "cost_per_person_covered_eur": net / new_recipients if new_recipients else None,
    }

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

from models.metrics import baseline_summary
from models.parameter_types import ASSUMPTIONS_DIR
from models.parameters import LAW_YEARS, load_parameters
from models.population.core import Population
from models.population.in_year import population_in_year
from models.population.schema import UNEMPLOYED_STATUSES, Role, Status, Tenure
from models.system import Results, compute

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


def _head_status(pop: Population) -> np.ndarray:
    """The main activity of each household's reference person (the head)."""
    heads = pop.persons["role"] == Role.HEAD
    out = np.full(pop.n_households, -1, dtype=np.int64)
    out[pop.hh[heads]] = pop.persons["status"][heads]
    return out


def _recipient_share(component: str, which: Callable[[Population], np.ndarray]) -> Callable[[dict, Any], float]:
    """Share of the households receiving ``component`` (weighted) for which ``which(pop)`` is true."""

    def f(summary: dict, ctx: Any) -> float:
        pop, res = ctx
        w = pop.households["weight"] * (res.household[component] > 0.005)
        total = float(w.sum())
        return float(w[which(pop)].sum() / total) if total > 0 else float("nan")

    return f


def _head_in(*statuses: Status) -> Callable[[Population], np.ndarray]:
    return lambda pop: np.isin(_head_status(pop), statuses)


#: Simulated values for keys that are not a component's expenditure or recipients.
SPECIAL: dict[str, Callable[[dict, Any], float]] = {
    "median_equivalised_disposable_income": lambda s, _: s["median_equivalised_income"],
    "median_equivalised_disposable_income_2024": lambda s, _: s["median_equivalised_income"],
    "at_risk_of_poverty_threshold": lambda s, _: s["poverty_line"],
    "at_risk_of_poverty_rate": lambda s, _: s["poverty_rate"],
    "persons_at_risk_of_poverty": lambda s, _: s["poverty_rate"] * _persons(s),
    "child_at_risk_of_poverty_rate": lambda s, _: s["child_poverty_rate"],
    "children_at_risk_of_poverty": lambda s, ctx: s["child_poverty_rate"] * _children(ctx),
    "gini_disposable_income": lambda s, _: s["gini"],
    "s80_s20": lambda s, _: s["s80_s20"],
    "unemployment_benefits_recipients_stock": _recipients(*_UNEMPLOYMENT),
    "unemployment_benefits_expenditure_total": _totals(*_UNEMPLOYMENT),
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
    "housing_allowance_mix_unemployed": _recipient_share("housing_allowance", _head_in(*UNEMPLOYED_STATUSES)),
    "housing_allowance_mix_employed": _recipient_share("housing_allowance", _head_in(Status.EMPLOYED)),
    "housing_allowance_mix_families_with_children": _recipient_share(
        "housing_allowance", lambda pop: pop.n_children > 0
    ),
    "social_assistance_mix_no_other_income": lambda s, ctx: _no_other_income_share(ctx),
    "social_assistance_mix_no_other_income_month": lambda s, ctx: _no_other_income_share(ctx),
    "social_assistance_mean_per_household": lambda s, ctx: _mean_per_recipient(ctx, "social_assistance"),
    "pensioners_housing_allowance_mix_tenants_spending": lambda s, ctx: _spending_share(
        ctx, "pensioners_housing_allowance", lambda pop: pop.households["tenure"] == Tenure.RENTED
    ),
}


def _spending_share(ctx: Any, component: str, which: Callable[[Population], np.ndarray]) -> float:
    """Share of the weighted spending on ``component`` that goes to the households where ``which(pop)`` is true."""
    pop, res = ctx
    spent = pop.households["weight"] * res.household[component]
    total = float(spent.sum())
    return float(spent[which(pop)].sum() / total) if total > 0 else float("nan")


def _no_other_income_share(ctx: Any) -> float:
    """Share of social-assistance households whose net income before housing allowance and social assistance is
    under 1 EUR a month."""
    pop, res = ctx
    hh = res.household
    before = hh["disposable_income"] - hh["housing_allowance"] - hh["pensioners_housing_allowance"]
    before = before - hh["social_assistance"]
    return _recipient_share("social_assistance", lambda _: before < 1.0)({}, ctx)


def _mean_per_recipient(ctx: Any, component: str) -> float:
    """Mean monthly amount of a household-level ``component`` per recipient household (EUR/month)."""
    pop, res = ctx
    amount = res.household[component]
    w = pop.households["weight"] * (amount > 0.005)
    total = float(w.sum())
    return float(np.dot(w, amount) / total) if total > 0 else float("nan")


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
    key = row["key"]
    if key in SPECIAL:
        return SPECIAL[key](summary, ctx)
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

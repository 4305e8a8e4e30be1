"""The income-traps page's data and levers: cached trap breakdowns per scenario, the household decomposition,
and the lever widgets the deck names (withdrawal rates, earnings disregards, daycare fees, taxation).

- :func:`trap_view` is the cached breakdown of one scenario (``models.traps.trap_breakdown`` plus the parts
  of the trapped persons' EMTR), keyed on the frozen scenario and the population size, as ``ui.data`` does.
  Today's system reuses the baseline's trap rates (``ui.data.baseline``); a budget-neutral scenario is
  solved first, so the page shows the same scenario as the results pages.
- :func:`trap_levers` edits the **same** active scenario as the workbench (``ui.state``): the
  means-tested block's trap levers and the financing block (taxation). While the means-tested block is
  off its sliders show the 2025 law; moving one switches the block on.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from models.decomposition import Decomposition, emtr_decomposition
from models.household import HouseholdSpec
from models.parameters import load_parameters
from models.rates import trap_rates
from models.scenario import Financing, MeansTested, Scenario
from models.system import compute
from models.traps import trap_breakdown, trapped_emtr_parts, valid_ptr
from ui import data
from ui.i18n import fmt_eur, fmt_number, fmt_pct, t
from ui.levers import Levers, commit, eur_fmt, financing_levers, law_values, pct_fmt
from ui.state import current_lang, current_scenario, law_presets, set_scenario

#: The trap levers of the means-tested block, grouped as the deck names them.
LEVER_GROUPS: dict[str, tuple[str, ...]] = {
    "withdrawal": ("unemployment_withdrawal_rate", "housing_allowance_deductible_rate"),
    "disregards": (
        "unemployment_protected_earnings",
        "housing_allowance_earnings_disregard",
        "social_assistance_earnings_disregard",
    ),
    "daycare": ("daycare_fee_rate",),
}
_RANGES = {  # field: (lo, hi, step, scale, percent?)
    "unemployment_withdrawal_rate": (0.0, 100.0, 1.0, 100, True),
    "housing_allowance_deductible_rate": (0.0, 100.0, 1.0, 100, True),
    "unemployment_protected_earnings": (0.0, 1000.0, 10.0, 1, False),
    "housing_allowance_earnings_disregard": (0.0, 1000.0, 10.0, 1, False),
    "social_assistance_earnings_disregard": (0.0, 1000.0, 10.0, 1, False),
    "daycare_fee_rate": (0.0, 50.0, 0.1, 100, True),
}


# --- cached engine runs -------------------------------------------------------------------------------------
@st.cache_data(max_entries=32, show_spinner=False)
def _view(scenario: Scenario, size: int) -> dict:
    date = scenario.law  # the law the scenario changes, on the population of its year
    pop = data.population_at(date)
    params = load_parameters(date)
    base = data.baseline(date)
    scenario = data.scenario_to_run(scenario)[0]
    if scenario.is_baseline:
        results, rates, run_scenario = base.results, base.traps, None
    else:
        results = compute(pop, params, scenario)
        rates, run_scenario = trap_rates(pop, params, scenario, results), scenario
    rates = valid_ptr(pop, params, rates)
    out = trap_breakdown(pop, rates, base.decile, results)
    out["trapped_parts"] = trapped_emtr_parts(pop, params, run_scenario, results, rates, threshold=0.8)
    return out


def trap_view(scenario: Scenario) -> dict:
    """Trap counts, distributions and breakdowns of ``scenario`` (cached per scenario and population size)."""
    return _view(scenario, data.population_size())


def baseline_view(date: dt.date) -> dict:
    """The same for the law of ``date`` with no changes."""
    return _view(Scenario(law_date=date), data.population_size())


@st.cache_data(max_entries=64, show_spinner=False)
def decomposition(spec: HouseholdSpec, scenario: Scenario | None, follow: int, date: dt.date) -> Decomposition:
    """One household's EMTR over 0 … 6,000 EUR/month split into its parts under the law of ``date`` (cached)."""
    sc = None if scenario is None or scenario.is_baseline else scenario
    return emtr_decomposition(spec, load_parameters(date), sc, follow=follow)


# --- levers -------------------------------------------------------------------------------------------------
def _means_tested_trap_levers(
    block: MeansTested, lang: str, groups: dict, prefix: str = "it.means_tested"
) -> MeansTested:
    """The trap levers of the means-tested block, each in the column ``groups[group]``. A block that is off
    is shown as the law; moving a lever switches it on (with the law everywhere else)."""
    effective = block if block.enabled else MeansTested()
    w = Levers(effective, prefix, lang)
    law = law_values()
    for group, fields in LEVER_GROUPS.items():
        with groups[group]:
            for field in fields:
                lo, hi, step, scale, pct = _RANGES[field]
                value = law[field]
                text = fmt_pct(value, lang, 1) if pct else fmt_eur(value, lang, 2 if value % 1 else 0)
                fmt = pct_fmt(lang, 1 if field == "daycare_fee_rate" else 0) if pct else eur_fmt(lang)
                w.number(field, lo, hi, step, scale, fmt, default=value, help_kw={"law": text})
    if w.updates:
        w.updates["enabled"] = True
    return w.done()


def trap_levers(scenario: Scenario, lang: str) -> Scenario:
    """Render the four lever groups (withdrawal rates, earnings disregards, daycare fees, taxation) in
    columns and make the edited scenario active (shared with the workbench); returns it."""
    cols = st.columns(4, gap="medium")
    heads = ("withdrawal", "disregards", "daycare", "taxation")
    for col, head in zip(cols, heads, strict=True):
        col.markdown(f"**{t(f'it.levers.{head}', lang)}**")
        col.caption(t(f"it.levers.{head}.caption", lang))
    means_tested = _means_tested_trap_levers(scenario.means_tested, lang, dict(zip(heads, cols, strict=True)))
    with cols[3]:
        financing = financing_levers(scenario.financing, lang, prefix="it.financing")
    return commit(scenario.model_copy(update={"means_tested": means_tested, "financing": financing}), lang)


def reset_levers() -> None:
    """Callback: the trap levers back to the law (the rest of the scenario stays)."""
    new = current_scenario().model_copy(update={"means_tested": MeansTested(), "financing": Financing()})
    presets = law_presets()
    if new.is_baseline and "todays_system" in presets:
        set_scenario(presets["todays_system"].scenario, preset="todays_system")
    else:
        commit(new, current_lang())


def lever_summary(scenario: Scenario, lang: str) -> list[str]:
    """The trap levers that differ from the law, as short texts (for the caption under the charts)."""
    out = []
    mt = scenario.means_tested
    if mt.enabled:
        law = law_values()
        for fields in LEVER_GROUPS.values():
            for field in fields:
                v = getattr(mt, field)
                if v is not None and abs(v - law[field]) > 1e-9:
                    pct = _RANGES[field][4]
                    shown = fmt_pct(v, lang, 1 if field == "daycare_fee_rate" else 0) if pct else fmt_eur(v, lang)
                    out.append(f"{t(f'lever.means_tested.{field}', lang)}: {shown}")
    fin = scenario.financing
    if fin.method != "none" and fin.rate != 0:
        sign = "+" if fin.rate > 0 else "−"
        amount = (
            fmt_pct(abs(fin.rate), lang, 2)
            if fin.method == "scale"
            else t("wb.pp", lang, x=fmt_number(100 * abs(fin.rate), lang, 2))
        )
        out.append(f"{t(f'lever.option.{fin.method}', lang)}: {sign}{amount}")
    return out

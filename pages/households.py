"""Example households: ready families in the spirit of "the Korhonens" and a custom household. For the chosen
household, today's system and the active scenario side by side: net income and the effective marginal tax
rate over the followed adult's earnings (0 … 6,000 EUR/month), the breakdown of income by component, a table
at a chosen pay level, how many people in Finland live like them, and exports (PNG/SVG/HTML, CSV, the
workshop handout), and the three-way view: last year's law, the chosen law and the scenario (ui.three_way)."""

import numpy as np
import pandas as pd
import streamlit as st

from ui.router import require_router

require_router()

from models.parameters import load_parameters
from models.sweep import (
    EARNINGS_MAX,
    EARNINGS_STEP,
    PARTS,
    Sweep,
    breakdown_difference,
    breakdown_from_zero,
    breakdown_levels,
    breakdown_marginal,
)
from ui import data, three_way
from ui.charts_households import breakdown_chart, emtr_chart, net_income_chart, part_label
from ui.export import chart_downloads, report_section, scenario_title, table_download
from ui.household_form import FormSetup, HouseholdPicker, choose_household
from ui.households import similar_households, sweep
from ui.i18n import fmt_eur, fmt_number, fmt_pct, fmt_points, t
from ui.law_view import law_header
from ui.page import md_escape
from ui.sliders import printf_format
from ui.state import current_lang, current_preset, current_scenario, law_presets, show_error
from ui.theme import PLOTLY_CONFIG

lang = current_lang()
PICKER = HouseholdPicker(
    key="households.example",
    label="households.pick",
    custom_option="households.custom_option",
    custom_name="households.form.header",
    form=FormSetup(
        "households",
        default=(
            {"adults": [{"age": 30, "status": "employed", "earnings": 2000.0}], "rent": 700.0, "municipality_group": 2},
            0,
        ),
        max_adults=4,
        new_adult=lambda i: {"age": 45 if i < 2 else 20, "status": "employed"},
    ),
)
#: The table's columns: the translation key of each column's heading.
TABLE_COLUMNS = {
    "item": "households.table.component",
    "today": "households.table.today",
    "scenario": "households.table.scenario",
    "difference": "households.table.difference",
    "marginal_today": "households.table.marginal_today",
    "marginal_scenario": "households.table.marginal_scenario",
}


def signed_eur(x: float) -> str:
    return ("+" if x > 0.5 else "") + fmt_eur(x, lang)


def metric_delta(x: float, fmt, tolerance: float) -> str | None:
    """A delta for st.metric: an ASCII sign first (Streamlit reads the arrow from it), then the locale's number."""
    if abs(x) < tolerance:
        return None
    return ("-" if x < 0 else "+") + fmt(abs(x))


def money_rows(base_at: Sweep, reform_at: Sweep) -> list[dict]:
    """The table's amounts at the chosen level (EUR/month): each part that is not zero, then net income; with
    what EUR 100 more earnings would change in each."""
    mb, mr = breakdown_marginal(base_at), breakdown_marginal(reform_at)
    nonzero = set(base_at.nonzero_parts()) | set(reform_at.nonzero_parts())
    rows = []
    for k in PARTS:
        if k in nonzero or abs(mb[k][0]) > 0.005 or abs(mr[k][0]) > 0.005:
            b, r = float(base_at.parts[k][0]), float(reform_at.parts[k][0])
            rows.append(
                {
                    "item": part_label(k, lang),
                    "today": b,
                    "scenario": r,
                    "difference": r - b,
                    "marginal_today": float(mb[k][0]),
                    "marginal_scenario": float(mr[k][0]),
                }
            )
    net_b, net_r = float(base_at.net_income[0]), float(reform_at.net_income[0])
    rows.append(
        {
            "item": t("households.table.net_income", lang),
            "today": net_b,
            "scenario": net_r,
            "difference": net_r - net_b,
            "marginal_today": float(base_at.net_up[0] - net_b),
            "marginal_scenario": float(reform_at.net_up[0] - net_r),
        }
    )
    return rows


def breakdown(view: str, s: Sweep, base: Sweep, reform: Sweep) -> tuple[dict, np.ndarray, str, str]:
    """One view of the breakdown chart (of ``s``; the difference of ``reform`` and ``base``): the parts, their
    total, the y-axis title and the total line's name."""
    if view == "levels":
        return (
            breakdown_levels(s),
            s.net_income,
            t("households.breakdown.axis_levels", lang),
            t("households.breakdown.net_line", lang),
        )
    if view == "from_zero":
        return (
            breakdown_from_zero(s),
            s.net_income - s.net_zero,
            t("households.breakdown.axis_change", lang),
            t("households.breakdown.change_line", lang),
        )
    return (
        breakdown_difference(reform, base),
        reform.net_income - base.net_income,
        t("households.breakdown.axis_change", lang),
        t("households.breakdown.diff_line", lang),
    )


def level_table(base_at: Sweep, reform_at: Sweep, level: float, cols: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """The table at the chosen level as shown (texts) and as downloaded (numbers; rates in per cent), under the
    column headings ``cols``."""
    numeric = money_rows(base_at, reform_at)
    display = [{cols[c]: (r[c] if c == "item" else signed_eur(r[c])) for c in cols} for r in numeric]
    rates = [(t("households.table.emtr", lang), float(base_at.emtr[0]), float(reform_at.emtr[0]))]
    if level > 0:
        rates.append((t("households.table.ptr", lang), float(base_at.ptr[0]), float(reform_at.ptr[0])))
    for label, b, r in rates:
        display.append(
            {
                cols["item"]: label,
                cols["today"]: fmt_pct(b, lang, 0),
                cols["scenario"]: fmt_pct(r, lang, 0),
                cols["difference"]: ("+" if r - b > 0.005 else "") + fmt_pct(r - b, lang, 0),
                cols["marginal_today"]: "",
                cols["marginal_scenario"]: "",
            }
        )
        numeric.append(
            {
                "item": label,
                "today": round(100 * b, 2),
                "scenario": round(100 * r, 2),
                "difference": round(100 * (r - b), 2),
                "marginal_today": None,
                "marginal_scenario": None,
            }
        )
    csv_rows = [{cols[c]: (round(r[c], 2) if isinstance(r[c], float) else r[c]) for c in cols} for r in numeric]
    return display, csv_rows


st.title(t("nav.households", lang))
law_header(lang)
show_error(lang)
st.write(t("households.intro", lang))

scenario = current_scenario()
preset = law_presets().get(current_preset() or "")
if preset is not None and preset.scenario != scenario:
    preset = None
scenario_name = scenario_title(scenario, lang, preset)
base_name = t("households.todays_system", lang)
if scenario.is_baseline:
    st.info(t("households.baseline_note", lang))
else:
    st.caption(t("households.comparing", lang, name=md_escape(scenario_name)))

# --- the household -------------------------------------------------------------------------------------------
choice, spec, follow, household_name = choose_household(PICKER, lang)

ages = ", ".join(str(a) for a in spec.children_ages)
st.caption(
    t(
        "households.facts",
        lang,
        adults=len(spec.adults),
        children=t("households.years", lang, ages=ages) if ages else t("households.no_children", lang),
        rent=fmt_eur(spec.rent, lang),
        group=spec.municipality_group,
    )
)

like = similar_households(data.population(), spec, follow)
if like["persons"] > 0:
    rounded = round(like["persons"], -3) if like["persons"] >= 10_000 else round(like["persons"], -2)
    st.info(t("households.like_them", lang, persons=fmt_number(rounded, lang), share=fmt_pct(like["share"], lang)))
else:
    st.info(t("households.like_them_none", lang))
st.caption(
    t(
        "households.like_them_def",
        lang,
        type=t(f"households.htype.{like['household_type_name']}", lang),
        role=t(f"households.role.{like['role_name']}", lang),
        status=t(f"households.status.{like['status_name']}", lang),
    )
)

# --- the runs ----------------------------------------------------------------------------------------------------
params = load_parameters(scenario.law)  # the law the scenario changes
base = sweep(spec, params, None, follow=follow)
reform = base if scenario.is_baseline else sweep(spec, params, scenario, follow=follow)
start = float(np.clip(round(spec.adults[follow].earnings / EARNINGS_STEP) * EARNINGS_STEP, 0, EARNINGS_MAX))
level = float(
    st.slider(
        t("households.level", lang),
        0.0,
        EARNINGS_MAX,
        start,
        step=EARNINGS_STEP,
        format=printf_format("eur", lang),
        key=f"households.level.{choice}",
    )
)
at = np.array([level])
base_at = sweep(spec, params, None, at, follow)
reform_at = base_at if scenario.is_baseline else sweep(spec, params, scenario, at, follow)
st.caption(t("households.followed", lang, n=follow + 1))

c1, c2, c3, c4 = st.columns(4)
net_b, net_r = float(base_at.net_income[0]), float(reform_at.net_income[0])
emtr_b, emtr_r = float(base_at.emtr[0]), float(reform_at.emtr[0])
c1.metric(t("households.metric.net_today", lang), fmt_eur(net_b, lang), help=t("households.net_help", lang))
c2.metric(
    t("households.metric.net_scenario", lang),
    fmt_eur(net_r, lang),
    delta=metric_delta(net_r - net_b, lambda v: fmt_eur(v, lang), 0.5),
)
c3.metric(t("households.metric.emtr_today", lang), fmt_pct(emtr_b, lang, 0), help=t("households.emtr_help", lang))
c4.metric(
    t("households.metric.emtr_scenario", lang),
    fmt_pct(emtr_r, lang, 0),
    delta=metric_delta(emtr_r - emtr_b, lambda v: fmt_points(v, lang, 0)[1:], 0.005),  # "−27 pp", not "−27 %"
    delta_color="inverse",
)

x_title = t("households.axis.earnings", lang, n=follow + 1)
reform_or_none = None if scenario.is_baseline else reform
tab_net, tab_emtr, tab_parts, tab_table = st.tabs(
    [
        t("households.tab.net", lang),
        t("households.tab.emtr", lang),
        t("households.tab.breakdown", lang),
        t("households.tab.table", lang),
    ]
)
with tab_net:
    st.caption(t("households.net_help", lang))
    fig = net_income_chart(base, reform_or_none, lang, x_title, base_name, scenario_name, marker=level)
    st.plotly_chart(fig, theme=None, key="households.chart.net", config=PLOTLY_CONFIG)
    chart_downloads(fig, f"{household_name} – {t('households.chart.net', lang)}", lang, key="households.export.net")
with tab_emtr:
    st.caption(t("households.emtr_help", lang))
    fig = emtr_chart(base, reform_or_none, lang, x_title, base_name, scenario_name, marker=level)
    st.plotly_chart(fig, theme=None, key="households.chart.emtr", config=PLOTLY_CONFIG)
    chart_downloads(fig, f"{household_name} – {t('households.chart.emtr', lang)}", lang, key="households.export.emtr")
with tab_parts:
    views = ["levels", "from_zero"] + ([] if scenario.is_baseline else ["difference"])
    v1, v2 = st.columns([2, 1])
    view = v1.radio(
        t("households.breakdown.view", lang),
        views,
        horizontal=True,
        key="households.breakdown.view",
        format_func=lambda v: t(f"households.breakdown.{v}", lang),
    )
    system = "today"
    if view != "difference" and not scenario.is_baseline:
        system = v2.radio(
            t("households.breakdown.system", lang),
            ["today", "scenario"],
            horizontal=True,
            key="households.breakdown.system",
            format_func=lambda s: base_name if s == "today" else scenario_name,
        )
    s = base if system == "today" else reform
    parts, total, y_title, total_name = breakdown(view, s, base, reform)
    st.caption(t(f"households.breakdown.help_{view}", lang))
    fig = breakdown_chart(
        s.earnings, parts, total, lang, x_title, y_title, total_name, marker=level, signed=view == "levels"
    )
    st.plotly_chart(fig, theme=None, key="households.chart.breakdown", config=PLOTLY_CONFIG)
    shown_system = "" if view == "difference" else " – " + (base_name if system == "today" else scenario_name)
    chart_downloads(
        fig,
        f"{household_name} – {t(f'households.breakdown.{view}', lang)}{shown_system}",
        lang,
        key="households.export.breakdown",
    )
with tab_table:
    st.caption(t("households.table.caption", lang, n=follow + 1, earnings=fmt_eur(level, lang)))
    headings = {c: t(key, lang) for c, key in TABLE_COLUMNS.items()}
    display, csv_rows = level_table(base_at, reform_at, level, headings)
    right = {h: st.column_config.TextColumn(alignment="right") for c, h in headings.items() if c != "item"}
    st.dataframe(pd.DataFrame(display), hide_index=True, column_config=right, height=36 * (len(display) + 1) + 4)
    st.caption(t("households.table.marginal_help", lang))
    table_name = f"{household_name} – {t('households.chart.table', lang)} {int(level)}"
    table_download(csv_rows, table_name, lang, key="households.export.table")

st.subheader(t("law3.title", lang))
three_way.household_section(spec, follow, level, scenario, scenario_name, lang, "households.three_way")

st.divider()
report_section(scenario, lang, key="households.report")

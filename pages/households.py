"""Example households: ready families in the spirit of "the Korhonens" and a custom household. For the chosen
household, today's system and the active scenario side by side: net income and the effective marginal tax
rate over the followed adult's earnings (0 … 6,000 EUR/month), the breakdown of income by component, a table
at a chosen pay level, how many people in Finland live like them, and exports (PNG/SVG/HTML, CSV, the
workshop handout)."""

import numpy as np
import pandas as pd
import streamlit as st

from ui.router import require_router

require_router()

from models.household import HouseholdSpec
from models.parameters import load_parameters
from models.presets import load_presets
from ui import data
from ui.charts_households import breakdown_chart, emtr_chart, net_income_chart, part_label
from ui.export import chart_downloads, report_section, scenario_title, table_download
from ui.households import (
    ADULT_STATUSES,
    EARNINGS_MAX,
    EARNINGS_STEP,
    PARTS,
    TENURES,
    breakdown_difference,
    breakdown_from_zero,
    breakdown_levels,
    breakdown_marginal,
    load_examples,
    md_escape,
    similar_households,
    spec_from_form,
    sweep,
)
from ui.i18n import fmt_eur, fmt_number, fmt_pct, t
from ui.state import current_preset, current_scenario, show_error
from ui.theme import PLOTLY_CONFIG

lang = st.session_state.get("lang", "fi")
CUSTOM = "__custom__"
FORM_FIELDS = {
    "age": "households.form.age",
    "status": "households.form.status",
    "earnings": "households.form.earnings",
    "previous_earnings": "households.form.previous_earnings",
    "earnings_related_pension": "households.form.pension",
    "lives_with_parents": "households.form.lives_with_parents",
    "couple": "households.form.couple",
    "children_ages": "households.form.children_ages",
    "children_in_daycare": "households.form.daycare",
    "rent": "households.form.rent",
    "tenure": "households.form.tenure",
    "municipality_group": "households.form.group",
    "adults": "households.form.n_adults",
}
DEFAULT_CUSTOM = (
    {"adults": [{"age": 30, "status": "employed", "earnings": 2000.0}], "rent": 700.0, "municipality_group": 2},
    0,
)

st.title(t("nav.households", lang))
show_error(lang)
st.write(t("households.intro", lang))

scenario = current_scenario()
preset = load_presets().get(current_preset() or "")
if preset is not None and preset.scenario != scenario:
    preset = None
scenario_name = scenario_title(scenario, lang, preset)
base_name = t("households.todays_system", lang)
if scenario.is_baseline:
    st.info(t("households.baseline_note", lang))
else:
    st.caption(t("households.comparing", lang, name=md_escape(scenario_name)))


def signed_eur(x: float) -> str:
    return ("+" if x > 0.5 else "") + fmt_eur(x, lang)


def metric_delta(x: float, fmt, tolerance: float) -> str | None:
    """A delta for st.metric: an ASCII sign first (Streamlit reads the arrow from it), then the locale's number."""
    if abs(x) < tolerance:
        return None
    return ("-" if x < 0 else "+") + fmt(abs(x))


def field_label(field: str, adult: int | None) -> str:
    label = t(FORM_FIELDS.get(field, "households.form.household"), lang)
    return f"{t('households.form.adult', lang, n=adult + 1)}: {label}" if adult is not None else label


def custom_form() -> tuple[HouseholdSpec, int]:
    """The custom household form; returns the last valid household (errors keep the previous one)."""
    stored = st.session_state.get("households.custom", DEFAULT_CUSTOM)
    st.subheader(t("households.form.header", lang))
    n = int(st.number_input(t("households.form.n_adults", lang), 1, 4, value=len(stored[0]["adults"]), key="households.form.n_adults"))
    with st.form("households.form"):
        adults = []
        cols = st.columns(n)
        for i in range(n):
            d = stored[0]["adults"][i] if i < len(stored[0]["adults"]) else {"age": 45 if i < 2 else 20, "status": "employed"}
            with cols[i]:
                st.markdown(f"**{t('households.form.adult', lang, n=i + 1)}**")
                adults.append({
                    "age": st.number_input(t("households.form.age", lang), 18, 110, int(d.get("age", 30)), key=f"households.form.age.{i}"),
                    "status": st.selectbox(
                        t("households.form.status", lang), ADULT_STATUSES, index=ADULT_STATUSES.index(d.get("status", "employed")),
                        format_func=lambda s: t(f"households.status.{s}", lang), key=f"households.form.status.{i}",
                    ),
                    "earnings": st.number_input(t("households.form.earnings", lang), 0.0, 100_000.0, float(d.get("earnings", 0.0)), step=100.0,
                                                key=f"households.form.earnings.{i}"),
                    "previous_earnings": st.number_input(
                        t("households.form.previous_earnings", lang), 0.0, 100_000.0, float(d.get("previous_earnings", 0.0)), step=100.0,
                        key=f"households.form.previous_earnings.{i}", help=t("households.form.previous_earnings_help", lang),
                    ),
                    "earnings_related_pension": st.number_input(
                        t("households.form.pension", lang), 0.0, 50_000.0, float(d.get("earnings_related_pension", 0.0)), step=50.0,
                        key=f"households.form.pension.{i}",
                    ),
                    "lives_with_parents": st.checkbox(t("households.form.lives_with_parents", lang), bool(d.get("lives_with_parents")),
                                                      key=f"households.form.lwp.{i}") if i >= 1 else False,
                })
        couple = st.checkbox(t("households.form.couple", lang), value=True, key="households.form.couple") if n >= 2 else False
        c1, c2 = st.columns(2)
        children = c1.text_input(t("households.form.children_ages", lang), ", ".join(map(str, stored[0].get("children_ages", []))),
                                 key="households.form.children", help=t("households.form.children_ages_help", lang), max_chars=60)
        daycare = c2.number_input(t("households.form.daycare", lang), 0, 12, int(stored[0].get("children_in_daycare", 0)),
                                  key="households.form.daycare", help=t("households.form.daycare_help", lang))
        rent = c1.number_input(t("households.form.rent", lang), 0.0, 20_000.0, float(stored[0].get("rent", 700.0)), step=50.0,
                               key="households.form.rent", help=t("households.form.rent_help", lang))
        tenure = c2.selectbox(t("households.form.tenure", lang), TENURES, index=TENURES.index(stored[0].get("tenure", "rented")),
                              format_func=lambda s: t(f"households.form.tenure.{s}", lang), key="households.form.tenure")
        group = c1.selectbox(t("households.form.group", lang), (1, 2, 3), index=int(stored[0].get("municipality_group", 1)) - 1,
                             format_func=lambda g: t(f"households.form.group.{g}", lang), key="households.form.group")
        follow = c2.selectbox(t("households.form.follow", lang), list(range(n)), index=min(stored[1], n - 1),
                              format_func=lambda i: t("households.form.adult", lang, n=i + 1), key="households.form.follow")
        submitted = st.form_submit_button(t("households.form.submit", lang), type="primary", key="households.form.submit")
    if submitted:
        spec, errors = spec_from_form({
            "adults": adults, "couple": couple, "children_ages": children, "children_in_daycare": daycare,
            "rent": rent, "tenure": tenure, "municipality_group": group,
        })
        if errors:
            lines = [f"- **{md_escape(field_label(e.field, e.adult))}**: {md_escape(t(e.key, lang, **e.kwargs))}" for e in errors]
            st.error(t("households.form.errors", lang) + "\n\n" + "\n".join(lines))
        else:
            stored = (spec.model_dump(mode="json"), int(follow))
            st.session_state["households.custom"] = stored
    return HouseholdSpec.model_validate(stored[0]), stored[1]


# --- the household -------------------------------------------------------------------------------------------
examples = load_examples()
options = list(examples) + [CUSTOM]
choice = st.selectbox(
    t("households.pick", lang), options, key="households.example",
    format_func=lambda k: t("households.custom_option", lang) if k == CUSTOM else examples[k].name.model_dump()[lang],
)
if choice == CUSTOM:
    spec, follow = custom_form()
    household_name = t("households.form.header", lang)
else:
    example = examples[choice]
    spec, follow = example.household, example.follow
    household_name = example.name.model_dump()[lang]
    st.markdown(f"**{household_name}** – {example.story.model_dump()[lang]}")

ages = ", ".join(str(a) for a in spec.children_ages)
st.caption(t(
    "households.facts", lang, adults=len(spec.adults),
    children=t("households.years", lang, ages=ages) if ages else t("households.no_children", lang),
    rent=fmt_eur(spec.rent, lang), group=spec.municipality_group,
))

like = similar_households(data.population(), spec, follow)
if like["persons"] > 0:
    rounded = round(like["persons"], -3) if like["persons"] >= 10_000 else round(like["persons"], -2)
    st.info(t("households.like_them", lang, persons=fmt_number(rounded, lang), share=fmt_pct(like["share"], lang)))
else:
    st.info(t("households.like_them_none", lang))
st.caption(t(
    "households.like_them_def", lang,
    type=t(f"households.htype.{like['household_type_name']}", lang),
    role=t(f"households.role.{like['role_name']}", lang),
    status=t(f"households.status.{like['status_name']}", lang),
))

# --- the runs ----------------------------------------------------------------------------------------------------
params = load_parameters()
base = sweep(spec, params, None, follow=follow)
reform = base if scenario.is_baseline else sweep(spec, params, scenario, follow=follow)
start = float(np.clip(round(spec.adults[follow].earnings / EARNINGS_STEP) * EARNINGS_STEP, 0, EARNINGS_MAX))
level = float(st.slider(t("households.level", lang), 0.0, EARNINGS_MAX, start, step=EARNINGS_STEP, format="%d", key=f"households.level.{choice}"))
at = np.array([level])
base_at = sweep(spec, params, None, at, follow)
reform_at = base_at if scenario.is_baseline else sweep(spec, params, scenario, at, follow)
st.caption(t("households.followed", lang, n=follow + 1))

c1, c2, c3, c4 = st.columns(4)
net_b, net_r = float(base_at.net_income[0]), float(reform_at.net_income[0])
emtr_b, emtr_r = float(base_at.emtr[0]), float(reform_at.emtr[0])
c1.metric(t("households.metric.net_today", lang), fmt_eur(net_b, lang), help=t("households.net_help", lang))
c2.metric(t("households.metric.net_scenario", lang), fmt_eur(net_r, lang), delta=metric_delta(net_r - net_b, lambda v: fmt_eur(v, lang), 0.5))
c3.metric(t("households.metric.emtr_today", lang), fmt_pct(emtr_b, lang, 0), help=t("households.emtr_help", lang))
c4.metric(t("households.metric.emtr_scenario", lang), fmt_pct(emtr_r, lang, 0), delta=metric_delta(emtr_r - emtr_b, lambda v: fmt_pct(v, lang, 0), 0.005),
          delta_color="inverse")

x_title = t("households.axis.earnings", lang, n=follow + 1)
reform_or_none = None if scenario.is_baseline else reform
tab_net, tab_emtr, tab_parts, tab_table = st.tabs(
    [t("households.tab.net", lang), t("households.tab.emtr", lang), t("households.tab.breakdown", lang), t("households.tab.table", lang)]
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
    view = v1.radio(t("households.breakdown.view", lang), views, horizontal=True, key="households.breakdown.view",
                    format_func=lambda v: t(f"households.breakdown.{v}", lang))
    system = "today"
    if view != "difference" and not scenario.is_baseline:
        system = v2.radio(t("households.breakdown.system", lang), ["today", "scenario"], horizontal=True, key="households.breakdown.system",
                          format_func=lambda s: base_name if s == "today" else scenario_name)
    s = base if system == "today" else reform
    if view == "levels":
        parts, total = breakdown_levels(s), s.net_income
        y_title, total_name = t("households.breakdown.axis_levels", lang), t("households.breakdown.net_line", lang)
    elif view == "from_zero":
        parts, total = breakdown_from_zero(s), s.net_income - s.net_zero
        y_title, total_name = t("households.breakdown.axis_change", lang), t("households.breakdown.change_line", lang)
    else:
        parts, total = breakdown_difference(reform, base), reform.net_income - base.net_income
        y_title, total_name = t("households.breakdown.axis_change", lang), t("households.breakdown.diff_line", lang)
    st.caption(t(f"households.breakdown.help_{view}", lang))
    fig = breakdown_chart(s.earnings, parts, total, lang, x_title, y_title, total_name, marker=level, signed=view == "levels")
    st.plotly_chart(fig, theme=None, key="households.chart.breakdown", config=PLOTLY_CONFIG)
    shown_system = "" if view == "difference" else " – " + (base_name if system == "today" else scenario_name)
    chart_downloads(fig, f"{household_name} – {t(f'households.breakdown.{view}', lang)}{shown_system}", lang,
                    key="households.export.breakdown")
with tab_table:
    st.caption(t("households.table.caption", lang, n=follow + 1, earnings=fmt_eur(level, lang)))
    shown = [k for k in PARTS if k in set(base_at.nonzero_parts()) | set(reform_at.nonzero_parts())
             or abs(breakdown_marginal(base_at)[k][0]) > 0.005 or abs(breakdown_marginal(reform_at)[k][0]) > 0.005]
    mb, mr = breakdown_marginal(base_at), breakdown_marginal(reform_at)
    cols = {
        "item": t("households.table.component", lang),
        "today": t("households.table.today", lang),
        "scenario": t("households.table.scenario", lang),
        "difference": t("households.table.difference", lang),
        "marginal_today": t("households.table.marginal_today", lang),
        "marginal_scenario": t("households.table.marginal_scenario", lang),
    }
    numeric = []
    for k in shown:
        b, r = float(base_at.parts[k][0]), float(reform_at.parts[k][0])
        numeric.append({"item": part_label(k, lang), "today": b, "scenario": r, "difference": r - b,
                        "marginal_today": float(mb[k][0]), "marginal_scenario": float(mr[k][0])})
    numeric.append({"item": t("households.table.net_income", lang), "today": net_b, "scenario": net_r, "difference": net_r - net_b,
                    "marginal_today": float(base_at.net_up[0] - net_b), "marginal_scenario": float(reform_at.net_up[0] - net_r)})
    display = [{cols[c]: (r[c] if c == "item" else signed_eur(r[c])) for c in cols} for r in numeric]
    ptr_b, ptr_r = float(base_at.ptr[0]), float(reform_at.ptr[0])
    rates = [(t("households.table.emtr", lang), emtr_b, emtr_r)]
    if level > 0:
        rates.append((t("households.table.ptr", lang), ptr_b, ptr_r))
    for label, b, r in rates:
        display.append({cols["item"]: label, cols["today"]: fmt_pct(b, lang, 0), cols["scenario"]: fmt_pct(r, lang, 0),
                        cols["difference"]: ("+" if r - b > 0.005 else "") + fmt_pct(r - b, lang, 0),
                        cols["marginal_today"]: "", cols["marginal_scenario"]: ""})
        numeric.append({"item": label, "today": round(100 * b, 2), "scenario": round(100 * r, 2), "difference": round(100 * (r - b), 2),
                        "marginal_today": None, "marginal_scenario": None})
    right = {cols[c]: st.column_config.TextColumn(alignment="right") for c in cols if c != "item"}
    st.dataframe(pd.DataFrame(display), hide_index=True, column_config=right, height=36 * (len(display) + 1) + 4)
    st.caption(t("households.table.marginal_help", lang))
    csv_rows = [{cols[c]: (round(r[c], 2) if isinstance(r[c], float) else r[c]) for c in cols} for r in numeric]
    table_download(csv_rows, f"{household_name} – {t('households.chart.table', lang)} {int(level)}", lang, key="households.export.table")

st.divider()
report_section(scenario, lang, key="households.report")

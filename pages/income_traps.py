"""Income traps (tuloloukut), stage 2 of the deck: when earning more hardly raises what a household has.

What the page shows, top to bottom:
1. The levers the deck names — withdrawal rates, earnings disregards, daycare fees and taxation. They edit the
   same active scenario as the workbench, so every other page follows; a button puts them back to the law.
2. The population: how many persons face an effective marginal tax rate (EMTR, +EUR 100/month) above 80 % and
   100 %, and how many unemployed a participation tax rate (PTR, moving to work at the assigned wage) above
   80 % and 100 % — today and under the scenario; when the levers trap more people, why (ui.trap_reasons); the
   distributions; who they are (groups, household types,
   main activity, sex, deciles, the benefits their household gets) and which part of the system takes their
   extra euro.
3. One household (an example or your own): over its earnings, which part of each extra euro goes to income
   tax, contributions, reduced unemployment benefit, housing allowance, social assistance and higher daycare
   fees — and how the scenario changes that.
4. The method, and the published figures the model is checked against.
Widget keys start with ``it.``.
"""

import numpy as np
import pandas as pd
import streamlit as st

from ui.router import require_router

require_router()

from models.parameters import load_parameters
from models.sweep import EARNINGS_MAX, EARNINGS_STEP
from models.traps import PARTS, THRESHOLDS, load_references, model_value
from ui import trap_reasons
from ui.charts_traps import (
    decomposition_chart,
    distribution_chart,
    group_chart,
    part_label,
    parts_table,
    trapped_parts_chart,
)
from ui.export import chart_downloads, scenario_title
from ui.household_form import FormSetup, HouseholdPicker, choose_household
from ui.i18n import fmt_eur, fmt_number, fmt_pct, fmt_points, t
from ui.law_view import changes_note, law_header
from ui.levers import preset_picker
from ui.page import md_escape
from ui.sliders import printf_format
from ui.state import current_lang, current_preset, current_scenario, law_presets, show_error
from ui.theme import PLOTLY_CONFIG
from ui.traps import baseline_view, decomposition, lever_summary, reset_levers, trap_levers, trap_view
from ui.trust import gap_notes

lang = current_lang()
RATES = ("emtr_80", "emtr_100", "ptr_80", "ptr_100")
DIMENSIONS = ("groups", "household_types", "statuses", "sex", "deciles", "receives")
PICKER = HouseholdPicker(
    key="it.household.example",
    label="it.household.pick",
    custom_option="it.household.custom",
    custom_name="it.household.custom",
    first="single_parent_part_time",
    form=FormSetup(
        "it",
        default=(
            {
                "adults": [{"age": 35, "status": "unemployed_labour_market_subsidy", "earnings": 0.0}],
                "children_ages": [3],
                "children_in_daycare": 1,
                "rent": 900.0,
                "municipality_group": 1,
            },
            0,
        ),
        max_adults=2,
        new_adult=lambda i: {"age": 35, "status": "employed", "earnings": 2500.0},
        previous_key="previous",
        compact=True,
    ),
)


def persons(x: float) -> str:
    """A count of persons as the page writes it: rounded to the hundred."""
    return fmt_number(round(x, -2), lang)


def persons_delta(x: float) -> str | None:
    """A delta for st.metric (an ASCII sign first: Streamlit takes the arrow from it)."""
    if abs(x) < 50:
        return None
    return ("-" if x < 0 else "+") + fmt_number(round(abs(x), -2), lang)


def scenario_rate(col, label_key: str, rate: float, today: float) -> None:
    """A household's rate under the scenario as a metric, its change from today's as the delta (orange: up)."""
    diff = rate - today
    col.metric(
        t(label_key, lang),
        fmt_pct(rate, lang, 0),
        delta=None if abs(diff) < 0.005 else fmt_points(diff, lang, 0, ascii_minus=True),
        delta_color="orange" if diff > 0 else "blue",
    )


def row_label(dimension: str, key: str) -> str:
    if dimension == "groups":
        return t(f"group.{key}", lang)
    if dimension == "household_types":
        return t(f"households.htype.{key}", lang)
    if dimension == "statuses":
        return t(f"households.status.{key}", lang)
    if dimension == "deciles":
        return t("it.decile", lang, n=key)
    if dimension == "receives":
        return t(f"it.receives.{key}", lang)
    return t(f"it.sex.{key}", lang)


st.title(t("nav.income_traps", lang))
law_header(lang)
changes_note(lang, current_scenario().law, "traps")
show_error(lang)
st.write(t("it.intro", lang))

# --- 1. the levers --------------------------------------------------------------------------------------------
picker_slot = st.container()  # drawn after the levers' commit, so that it names an edit at once
with st.container(border=True, key="it.levers"):
    st.subheader(t("it.levers", lang))
    st.caption(t("it.levers.caption", lang))
    scenario = trap_levers(current_scenario(), lang)
    c1, c2 = st.columns([1, 3])
    c1.button(t("it.reset", lang), key="it.reset", on_click=reset_levers, icon=":material/restart_alt:")
    changed = lever_summary(scenario, lang)
    c2.caption(t("it.changed", lang, levers="; ".join(changed)) if changed else t("it.unchanged", lang))
with picker_slot:
    preset_picker("it.preset", lang, "it.start_from")

preset = law_presets().get(current_preset() or "")
if preset is not None and preset.scenario != scenario:
    preset = None
scenario_name = scenario_title(scenario, lang, preset)  # charts and tables escape it themselves
scenario_md = md_escape(scenario_name)  # for markdown (captions, radio labels)
base_name = t("it.today", lang)
has_reform = not scenario.is_baseline

# --- 2. the population --------------------------------------------------------------------------------------
st.header(t("it.population", lang))
with st.spinner(t("it.spinner", lang)):
    base = baseline_view(scenario.law)
    reform = trap_view(scenario) if has_reform else None
shown = reform if reform is not None else base
if has_reform:
    st.caption(t("it.comparing", lang, name=scenario_md))
else:
    st.info(t("it.baseline_note", lang))

cols = st.columns(4)
for col, rate in zip(cols, RATES, strict=True):
    kind, thr = rate.split("_")
    b = base[kind]["summary"][f"persons_over_{thr}"]
    r = shown[kind]["summary"][f"persons_over_{thr}"]
    share = shown[kind]["summary"][f"share_over_{thr}"]
    delta = persons_delta(r - b) if has_reform else None
    col.metric(
        t(f"it.metric.{rate}", lang),
        persons(r),
        delta=delta,
        delta_color="orange" if r > b else "blue",
        help=t(f"it.metric.{kind}.help", lang, share=fmt_pct(share, lang, 1), today=persons(b)),
    )
if has_reform:
    why_more = trap_reasons.reason(base, reform, changed, lang)
    if why_more:
        st.warning(why_more, icon=":material/trending_up:")
st.caption(
    t(
        "it.counts_caption",
        lang,
        emtr=persons(shown["emtr"]["summary"]["persons"]),
        ptr=persons(shown["ptr"]["summary"]["persons"]),
        wage=fmt_eur(load_parameters(scenario.law).modelling.ptr_assigned_wage, lang),
    )
)
gap_notes([], lang, view="income_traps")  # the trap counts lean on these benefits' recipients (gaps.yaml)

tab_dist, tab_who, tab_why = st.tabs([t("it.tab.distribution", lang), t("it.tab.who", lang), t("it.tab.why", lang)])
with tab_dist:
    kind = st.segmented_control(
        t("it.rate", lang),
        ["emtr", "ptr"],
        default="emtr",
        required=True,
        key="it.dist.rate",
        format_func=lambda k: t(f"it.rate.{k}", lang),
    )
    fig = distribution_chart(
        base[kind]["histogram"],
        reform[kind]["histogram"] if reform else None,
        lang,
        t(f"it.axis.{kind}", lang),
        base_name,
        scenario_name,
    )
    st.plotly_chart(fig, config=PLOTLY_CONFIG, theme=None, key="it.chart.distribution")
    med_b, med_r = base[kind]["summary"]["median"], shown[kind]["summary"]["median"]
    st.caption(
        t(f"it.dist.{kind}.caption", lang, today=fmt_pct(med_b or 0, lang, 0), scenario=fmt_pct(med_r or 0, lang, 0))
    )
    chart_downloads(fig, t(f"it.chart.distribution.{kind}", lang), lang, key="it.export.distribution")

with tab_who:
    c1, c2, c3 = st.columns([2, 2, 1])
    dimension = c1.selectbox(
        t("it.who.by", lang), DIMENSIONS, key="it.who.by", format_func=lambda d: t(f"it.who.{d}", lang)
    )
    rate = c2.selectbox(
        t("it.who.rate", lang), RATES, key="it.who.rate", format_func=lambda r: t(f"it.metric.{r}", lang)
    )
    as_share = c3.toggle(t("it.who.share", lang), key="it.who.share", help=t("it.who.share.help", lang))
    kind, thr = rate.split("_")
    rows_b = base[kind][dimension]
    rows_r = reform[kind][dimension] if reform else None
    labels = {
        k: row_label(dimension, k) for k in rows_b if rows_b[k]["persons"] > 0 or (rows_r and rows_r[k]["persons"] > 0)
    }
    column = f"share_over_{thr}" if as_share else f"persons_over_{thr}"
    fig = group_chart(rows_b, rows_r, labels, column, lang, base_name, scenario_name, share=as_share)
    st.plotly_chart(fig, config=PLOTLY_CONFIG, theme=None, key="it.chart.who")
    st.caption(t(f"it.who.{dimension}.caption", lang) + " " + t("it.who.caption", lang))
    table = []
    for k, label in labels.items():
        row = {
            t("it.table.group", lang): label,
            t("it.table.persons", lang): persons(rows_b[k]["persons"]),
            t("it.table.over", lang, name=base_name): persons(rows_b[k][f"persons_over_{thr}"]),
            t("it.table.share", lang, name=base_name): fmt_pct(rows_b[k][f"share_over_{thr}"], lang, 1),
            t("it.table.composition", lang, name=base_name): fmt_pct(rows_b[k][f"composition_over_{thr}"], lang, 0),
        }
        if rows_r:
            row[t("it.table.over", lang, name=scenario_name)] = persons(rows_r[k][f"persons_over_{thr}"])
            row[t("it.table.share", lang, name=scenario_name)] = fmt_pct(rows_r[k][f"share_over_{thr}"], lang, 1)
        table.append(row)
    right = {
        c: st.column_config.TextColumn(alignment="right")
        for c in (table[0] if table else {})
        if c != t("it.table.group", lang)
    }
    st.dataframe(pd.DataFrame(table), hide_index=True, column_config=right, key="it.table.who")

with tab_why:
    st.caption(t("it.why.caption", lang))
    tp_b, tp_r = base["trapped_parts"], reform["trapped_parts"] if reform else None
    fig = trapped_parts_chart(tp_b, tp_r, lang, base_name, scenario_name)
    st.plotly_chart(fig, config=PLOTLY_CONFIG, theme=None, key="it.chart.why")
    top = max(PARTS, key=lambda p: (tp_r or tp_b)["parts"][p])
    if (tp_r or tp_b)["persons"] > 0:
        st.markdown(
            t("it.why.top", lang, part=part_label(top, lang), share=fmt_pct((tp_r or tp_b)["parts"][top], lang, 0))
        )

# --- 3. one household ---------------------------------------------------------------------------------------
st.header(t("it.household", lang))
st.write(t("it.household.intro", lang))
choice, spec, follow, household_name = choose_household(PICKER, lang)

dec_b = decomposition(spec, None, follow, scenario.law)
dec_r = decomposition(spec, scenario, follow, scenario.law) if has_reform else None
start = float(np.clip(round(spec.adults[follow].earnings / EARNINGS_STEP) * EARNINGS_STEP, 0, EARNINGS_MAX))
c1, c2 = st.columns([3, 2])
level = float(
    c1.slider(
        t("it.household.level", lang),
        0.0,
        EARNINGS_MAX,
        start,
        step=EARNINGS_STEP,
        format=printf_format("eur", lang),
        key=f"it.household.level.{choice}",
    )
)
system = "today"
if has_reform:
    system = c2.radio(
        t("it.household.system", lang),
        ["today", "scenario"],
        horizontal=True,
        key="it.household.system",
        format_func=lambda s: base_name if s == "today" else scenario_md,
    )
dec = dec_r if system == "scenario" and dec_r is not None else dec_b
other = (dec_b if system == "scenario" else dec_r) if dec_r is not None else None
i = int(np.argmin(np.abs(dec_b.earnings - level)))

m1, m2, m3, m4 = st.columns(4)
m1.metric(t("it.household.emtr_today", lang), fmt_pct(float(dec_b.emtr[i]), lang, 0))
if dec_r is not None:
    scenario_rate(m2, "it.household.emtr_scenario", float(dec_r.emtr[i]), float(dec_b.emtr[i]))
if level > 0:
    m3.metric(
        t("it.household.ptr_today", lang), fmt_pct(float(dec_b.ptr[i]), lang, 0), help=t("it.household.ptr_help", lang)
    )
    if dec_r is not None:
        scenario_rate(m4, "it.household.ptr_scenario", float(dec_r.ptr[i]), float(dec_b.ptr[i]))

x_title = t("it.axis.earnings", lang, n=follow + 1)
name = base_name if dec is dec_b else scenario_name
fig = decomposition_chart(
    dec.earnings,
    dec.parts,
    dec.emtr,
    lang,
    x_title,
    t("it.chart.emtr_line", lang, name=name),
    other_emtr=None if other is None else other.emtr,
    other_name=t("it.chart.emtr_line", lang, name=scenario_name if other is dec_r else base_name),
    other_is_reform=other is dec_r,
    marker=level,
)
st.plotly_chart(fig, config=PLOTLY_CONFIG, theme=None, key="it.chart.decomposition")
st.caption(t("it.household.chart_caption", lang))
chart_downloads(
    fig, f"{household_name} – {t('it.chart.decomposition', lang)} – {name}", lang, key="it.export.decomposition"
)

st.markdown(f"**{t('it.household.table', lang, earnings=fmt_eur(level, lang))}**")
systems = [(t("it.table.emtr", lang, name=base_name), {p: dec_b.parts[p][i] for p in PARTS})]
if dec_r is not None:
    systems.append((t("it.table.emtr", lang, name=scenario_name), {p: dec_r.parts[p][i] for p in PARTS}))
if level > 0:
    systems.append((t("it.table.ptr", lang, name=base_name), {p: dec_b.ptr_parts[p][i] for p in PARTS}))
    if dec_r is not None:
        systems.append((t("it.table.ptr", lang, name=scenario_name), {p: dec_r.ptr_parts[p][i] for p in PARTS}))
rows = parts_table(systems, lang)
totals = {t("it.table.part", lang): t("it.table.total", lang)}
for label, parts in systems:
    totals[label] = fmt_pct(sum(parts.values()), lang, 0)
rows.append(totals)
st.dataframe(
    pd.DataFrame(rows),
    hide_index=True,
    key="it.table.household",
    column_config={c: st.column_config.TextColumn(alignment="right") for c in totals if c != t("it.table.part", lang)},
)
st.caption(t("it.household.table_caption", lang))

# --- 4. method and published figures ---------------------------------------------------------------------------
with st.expander(t("it.method", lang), key="it.method"):
    params = load_parameters(scenario.law)
    st.markdown(
        t(
            "it.method.text",
            lang,
            wage=fmt_eur(params.modelling.ptr_assigned_wage, lang),
            thr80=fmt_pct(THRESHOLDS[0], lang, 0),
            thr100=fmt_pct(THRESHOLDS[1], lang, 0),
        )
    )
    st.markdown(f"**{t('it.references', lang)}**")
    ref_rows = []
    for ref in load_references():
        value = model_value(base, ref["model"]) if ref.get("model") else None
        unit = ref.get("unit", "")
        fmt = {"/1": lambda v: fmt_pct(v, lang, 0), "EUR/month": lambda v: fmt_eur(v, lang)}.get(unit, persons)
        ref_rows.append(
            {
                t("it.ref.figure", lang): ref["label"][lang],
                t("it.ref.published", lang): fmt(ref["published"]),
                t("it.ref.model", lang): "–" if value is None else fmt(value),
                t("it.ref.law_year", lang): str(ref["law_year"]),
                t("it.ref.source", lang): ref["source"]["title"],
                t("it.ref.link", lang): ref["source"]["href"],
            }
        )
    st.dataframe(
        pd.DataFrame(ref_rows),
        hide_index=True,
        key="it.table.references",
        column_config={t("it.ref.link", lang): st.column_config.LinkColumn(display_text="↗")},
    )
    st.caption(t("it.references.caption", lang))

"""Bureaucracy traps (byrokratialoukut): a person whose work comes in short spells, month by month.

The page shows, top to bottom:
1. the situation: a ready example (two weeks' work every other month, a three-month contract then unemployment,
   gig work of varying hours, …) or an uploaded spells file, the number of months, the wage payment lag and
   whether the household applies for social assistance; a calendar grid (months × weeks) of the hours worked;
2. the same months under today's rules and one alternative (real-time Incomes Register data, one application,
   general support, basic income, or the active scenario): months below the social assistance norm, the
   largest gap between payments, income volatility, applications and reports; money in hand per month, where it
   comes from, every payment on its day, the month table and all alternatives side by side;
3. the population: benefits, separate means tests, applications and reports per household by group, today and
   under the active scenario.
"""

import pandas as pd
import streamlit as st

from ui.router import require_router

require_router()

from models.parameters import load_parameters
from models.spells_input import MAX_FILE_BYTES, Problem, SpellsError, load_spell_presets, spells_to_json
from models.spells_population import MEASURES
from ui.charts_spells import months_chart, population_chart, sources_chart, timeline_chart
from ui.export import chart_downloads, table_download
from ui.i18n import fmt_eur, fmt_number, fmt_pct, t
from ui.law_view import changes_note, law_header
from ui.page import md_escape
from ui.spells import (
    ALTERNATIVES,
    DEFAULT_BASIC_INCOME,
    DEFAULT_GENERAL_SUPPORT,
    WEEK_COLUMNS,
    alternatives_for,
    family_presets,
    grid_to_spells,
    load_spells_upload,
    population_load,
    run,
    show_problems,
    spells_to_grid,
    with_changes,
)
from ui.state import current_lang, current_scenario, law_presets, show_error
from ui.theme import PLOTLY_CONFIG
from ui.widget_texts import file_uploader

lang = current_lang()
presets = load_spell_presets()
timing = load_parameters(current_scenario().law).timing


def _controls_from(spells) -> None:
    """Set the controls to a spells file's own values (a new preset or file)."""
    st.session_state["bt.months"] = spells.months
    lag = spells.wage_payment_lag_days
    st.session_state["bt.lag"] = timing.wage_payment_lag_days if lag is None else lag
    st.session_state["bt.applies"] = spells.applies_for_social_assistance
    st.session_state["bt._version"] = st.session_state.get("bt._version", 0) + 1


def _preset_changed() -> None:
    st.session_state["bt._source"] = None
    st.session_state.pop("bt._loaded", None)
    _controls_from(presets[st.session_state["bt.preset"]])


def _uploaded() -> None:
    file = st.session_state.get("bt.upload")
    if file is None:
        return
    if getattr(file, "size", 0) > MAX_FILE_BYTES:
        st.session_state["bt._problems"] = [
            Problem("(file)", "too_large", "too large", (("limit_kb", MAX_FILE_BYTES // 1000),))
        ]
        return
    spells, problems = load_spells_upload(file.getvalue())
    if problems:
        st.session_state["bt._problems"] = problems
        return
    st.session_state["bt._source"] = spells
    st.session_state["bt._loaded"] = file.name
    _controls_from(spells)


def preset_title(key: str) -> str:
    return getattr(presets[key].title, lang)


st.title(t("nav.bureaucracy_traps", lang))
law_header(lang)
changes_note(lang, current_scenario().law, "bureaucracy")
show_error(lang)
st.write(t("bt.intro", lang))

# --- 1. the situation ---------------------------------------------------------------------------------------------
st.header(t("bt.situation", lang))
if "bt.preset" not in st.session_state:
    st.session_state["bt.preset"] = next(iter(presets))
    _controls_from(presets[st.session_state["bt.preset"]])
c1, c2 = st.columns([3, 2])
choice = c1.selectbox(
    t("bt.preset", lang), list(presets), key="bt.preset", format_func=preset_title, on_change=_preset_changed
)
source = st.session_state.get("bt._source")
file_spells = source if source is not None else presets[choice]
if source is None:
    c1.caption(getattr(presets[choice].story, lang))
elif st.session_state.get("bt._loaded"):
    c1.info(t("bt.loaded", lang, file=md_escape(st.session_state["bt._loaded"])))
else:
    c1.caption(t("bt.edited", lang))
if source is not None:
    c1.button(t("bt.reset", lang), key="bt.reset", on_click=_preset_changed, icon=":material/undo:")
with c2:
    file_uploader(
        t("bt.upload", lang),
        key="bt.upload",
        lang=lang,
        limit_mb=1,
        types=["json"],
        on_change=_uploaded,
        help=t("bt.upload.help", lang),
    )
problems = st.session_state.pop("bt._problems", None)
if problems:
    show_problems(problems, lang, "bt.error.upload_header")

s1, s2, s3 = st.columns(3)
months = int(s1.slider(t("bt.months", lang), 12, 24, key="bt.months", help=t("bt.months.help", lang)))
lag = int(s2.number_input(t("bt.lag", lang), 0, 45, step=1, key="bt.lag", help=t("bt.lag.help", lang)))
applies = s3.checkbox(t("bt.applies", lang), key="bt.applies", help=t("bt.applies.help", lang))

spells = file_spells
if (months, lag, applies) != (
    file_spells.months,
    file_spells.wage_payment_lag_days
    if file_spells.wage_payment_lag_days is not None
    else timing.wage_payment_lag_days,
    file_spells.applies_for_social_assistance,
):
    first = file_spells.first_day
    try:
        shorter = file_spells.model_copy(update={"months": months})
        last = shorter.last_day
        kept = [
            s.model_copy(update={"end": min(s.end, last)}).model_dump(mode="json")
            for s in file_spells.spells
            if s.start <= last
        ]
        spells = with_changes(
            file_spells, months=months, wage_payment_lag_days=lag, applies_for_social_assistance=applies, spells=kept
        )
    except SpellsError as exc:
        show_problems(exc.problems, lang)

st.subheader(t("bt.grid.header", lang))
st.caption(t("bt.grid.help", lang))
grid = pd.DataFrame(spells_to_grid(spells))
week = {
    c: st.column_config.NumberColumn(
        t("bt.grid.week", lang, n=c[1:]),
        min_value=0.0,
        max_value=80.0,
        step=0.5,
        format="%.1f",
        help=t("bt.grid.week.help", lang),
    )
    for c in WEEK_COLUMNS
}
edited = st.data_editor(
    grid,
    key=f"bt.grid.{st.session_state.get('bt._version', 0)}.{spells.months}",
    hide_index=True,
    disabled=["month"],
    column_config={
        "month": st.column_config.TextColumn(t("bt.grid.month", lang)),
        **week,
        "wage": st.column_config.NumberColumn(
            t("bt.grid.wage", lang), min_value=0.0, max_value=500.0, step=0.5, format="%.2f"
        ),
    },
)
if not edited.reset_index(drop=True).equals(grid):
    new_spells, grid_problems = grid_to_spells(edited.to_dict("records"), spells)
    if grid_problems:
        show_problems(grid_problems, lang)
    else:
        try:
            spells = with_changes(spells, spells=new_spells)
        except SpellsError as exc:
            show_problems(exc.problems, lang)
        else:  # the edited calendar is the situation from now on (the editor's own edits stay the same cells)
            st.session_state["bt._source"] = spells
            st.session_state["bt._loaded"] = None

# --- 2. the months under today's rules and an alternative -------------------------------------------------------------
st.header(t("bt.compare", lang))
scenario = current_scenario()
all_presets = law_presets()
options = list(ALTERNATIVES) + (
    [] if scenario.is_baseline or scenario.family in ("general_support", "basic_income") else ["scenario"]
)
if st.session_state.get("bt.alternative") not in options:
    st.session_state["bt.alternative"] = options[0]
alt_key = st.radio(
    t("bt.alternative", lang),
    options,
    key="bt.alternative",
    horizontal=True,
    format_func=lambda k: t(f"bt.alt.{k}", lang),
    help=t("bt.alternative.help", lang),
)
st.caption(t(f"bt.alt.{alt_key}.about", lang))


def scenario_title(sc) -> str:
    """A scenario's name in the page's language: its preset's title, else its own name."""
    titled = [getattr(p.title, lang) for p in all_presets.values() if p.scenario == sc]
    return titled[0] if titled else (sc.name or t("bt.pop.scenario", lang))


def family_choice(family: str, key: str, default: str) -> str:
    """The preset of ``family`` used for its alternative, unless the active scenario is of that family."""
    if scenario.family == family and not scenario.is_baseline:
        if alt_key == family:
            st.caption(t("bt.active_scenario_used", lang, name=md_escape(scenario_title(scenario))))
        return default
    choices = family_presets(family)
    st.session_state.setdefault(key, default if default in choices else next(iter(choices)))
    if alt_key == family:
        st.selectbox(
            t(f"bt.{family}.preset", lang),
            list(choices),
            key=key,
            format_func=lambda k: getattr(all_presets[k].title, lang),
        )
    return st.session_state[key]


gs_choice = family_choice("general_support", "bt.gs_preset", DEFAULT_GENERAL_SUPPORT)
bi_choice = family_choice("basic_income", "bt.bi_preset", DEFAULT_BASIC_INCOME)
alternatives = alternatives_for(scenario, gs_choice, bi_choice)
result = run(spells, tuple(alternatives), scenario.law)
cal = result.calendar
today, alt = result.paths["today"], result.paths[alt_key]
month_labels = [cal.label(k) for k in range(cal.n_months)]
today_name = t("bt.alt.today", lang)


def alt_name(key: str) -> str:
    path = result.paths[key]
    sc = path.alternative.scenario
    if sc is None:
        return t(f"bt.alt.{key}", lang)
    return f"{t(f'bt.alt.{key}', lang)}: {scenario_title(sc)}"


name = alt_name(alt_key)


def days(x: float) -> str:
    return t("bt.days", lang, n=fmt_number(x, lang))


METRICS = (
    ("months_below_norm", lambda x: fmt_number(x, lang)),
    ("largest_gap_days", days),
    ("volatility", lambda x: fmt_pct(x, lang, 0)),
    ("applications", lambda x: fmt_number(x, lang)),
    ("reports", lambda x: fmt_number(x, lang)),
    ("agencies", lambda x: fmt_number(x, lang)),
)
st.markdown(f"**{md_escape(name)}** – {md_escape(t('bt.metrics.against_today', lang))}")
for col, (metric, fmt) in zip(st.columns(3) + st.columns(3), METRICS, strict=True):
    a, b = alt.metrics[metric], today.metrics[metric]
    diff = a - b
    delta = None if abs(diff) < 1e-9 else ("-" if diff < 0 else "+") + fmt(abs(diff))
    col.metric(
        t(f"bt.metric.{metric}", lang),
        fmt(a),
        delta=delta,
        delta_color="inverse",
        help=t(f"bt.metric.{metric}.help", lang) + " " + t("bt.metric.today_value", lang, value=fmt(b)),
    )

tab_months, tab_sources, tab_timeline, tab_table, tab_all = st.tabs(
    [
        t("bt.tab.months", lang),
        t("bt.tab.sources", lang),
        t("bt.tab.timeline", lang),
        t("bt.tab.table", lang),
        t("bt.tab.all", lang),
    ]
)
with tab_months:
    st.caption(t("bt.chart.months.help", lang))
    fig = months_chart(month_labels, today, alt, lang, today_name, name)
    st.plotly_chart(fig, config=PLOTLY_CONFIG, theme=None, key="bt.chart.months")
    chart_downloads(
        fig, f"{t('nav.bureaucracy_traps', lang)} – {t('bt.tab.months', lang)}", lang, key="bt.export.months"
    )
with tab_sources:
    which = st.radio(
        t("bt.sources.which", lang),
        ["today", alt_key],
        horizontal=True,
        key="bt.sources.which",
        format_func=lambda k: today_name if k == "today" else name,
    )
    shown = today if which == "today" else alt
    st.caption(t("bt.chart.sources.help", lang))
    st.plotly_chart(
        sources_chart(month_labels, shown, lang, today_name if which == "today" else name),
        config=PLOTLY_CONFIG,
        theme=None,
        key="bt.chart.sources",
    )
with tab_timeline:
    st.caption(t("bt.chart.timeline.help", lang))
    work = [(s.start.isoformat(), (s.end).isoformat()) for s in spells.spells]
    st.plotly_chart(
        timeline_chart(today, alt, lang, today_name, name, work),
        config=PLOTLY_CONFIG,
        theme=None,
        key="bt.chart.timeline",
    )
    waiting = [cal.date(d) for d in range(cal.n_days) if cal.waiting[d] and cal.weekday[d]]
    if waiting:
        st.caption(t("bt.waiting", lang, first=waiting[0].isoformat(), last=waiting[-1].isoformat(), n=len(waiting)))
with tab_table:
    below = t("bt.table.below_mark", lang)
    table = pd.DataFrame(
        {
            t("bt.grid.month", lang): month_labels,
            t("bt.table.earned", lang): cal.earned_month.round(0),
            t("bt.table.paid", lang): cal.paid.round(0),
            today_name: today.net_in_hand.round(0),
            name: alt.net_in_hand.round(0),
            t("bt.chart.norm", lang): today.norm.round(0),
            t("bt.table.below_today", lang): [below if x else "" for x in today.net_in_hand < today.norm - 0.5],
            t("bt.table.below_alt", lang): [below if x else "" for x in alt.net_in_hand < today.norm - 0.5],
        }
    )
    st.dataframe(table, hide_index=True, key="bt.table.months")
    table_download(
        table, f"{t('nav.bureaucracy_traps', lang)} – {t('bt.tab.table', lang)}", lang, key="bt.export.table"
    )
with tab_all:
    rows = []
    for key, path in result.paths.items():
        m = path.metrics
        rows.append(
            {
                t("bt.table.alternative", lang): today_name if key == "today" else alt_name(key),
                t("bt.metric.months_below_norm", lang): m["months_below_norm"],
                t("bt.metric.shortfall", lang): round(m["shortfall_eur"]),
                t("bt.metric.largest_gap_days", lang): m["largest_gap_days"],
                t("bt.metric.volatility", lang): fmt_pct(m["volatility"], lang, 0),
                t("bt.metric.applications", lang): m["applications"],
                t("bt.metric.reports", lang): m["reports"],
                t("bt.metric.agencies", lang): ", ".join(t(f"bt.agency.{a}", lang) for a in path.agencies),
                t("bt.table.mean", lang): fmt_eur(m["mean_net_in_hand"], lang),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="bt.table.all")
    st.caption(t("bt.table.all.help", lang))

d1, d2 = st.columns(2)
d1.download_button(
    t("bt.download", lang),
    data=spells_to_json(spells),
    file_name="arvovalinnat-spells.json",
    mime="application/json",
    key="bt.download",
    icon=":material/download:",
    on_click="ignore",
)
d2.caption(t("bt.sources_note", lang))

# --- 3. the population ------------------------------------------------------------------------------------------------
st.header(t("bt.pop.header", lang))
st.write(t("bt.pop.intro", lang))
load = population_load(scenario)
scenario_name = scenario_title(scenario)
if scenario.is_baseline:
    st.info(t("bt.pop.baseline_note", lang))
measure = st.radio(
    t("bt.pop.measure", lang),
    list(MEASURES),
    horizontal=True,
    key="bt.pop.measure",
    format_func=lambda k: t(f"bt.pop.{k}", lang),
)
rows = [(t("bt.pop.all", lang), load["all"])]
rows += [(t(f"group.{g}", lang), v) for g, v in load["groups"].items()]
rows += [(t(f"households.htype.{h}", lang), v) for h, v in load["household_types"].items()]
st.plotly_chart(
    population_chart(rows, measure, lang, today_name, scenario_name, not scenario.is_baseline),
    config=PLOTLY_CONFIG,
    theme=None,
    key="bt.chart.population",
)
pop_table = pd.DataFrame(
    [
        {
            t("bt.pop.group", lang): label,
            **{f"{t(f'bt.pop.{k}', lang)} – {today_name}": round(row[k]["baseline"], 2) for k in MEASURES},
            **(
                {}
                if scenario.is_baseline
                else {f"{t(f'bt.pop.{k}', lang)} – {scenario_name}": round(row[k]["reform"], 2) for k in MEASURES}
            ),
        }
        for label, row in rows
    ]
)
st.dataframe(pop_table, hide_index=True, key="bt.table.population")
st.caption(t("bt.pop.help", lang))

"""Compare: two to four scenarios (the presets and the active scenario) side by side, on the same axes:
net cost, winners and losers, decile changes, poverty, inequality, positions on the value axes, and a
summary table. Every number comes from ui.data.results (cached per scenario), as on the Results page. Who pays: the
cost chart shows each financed scenario's cost before financing and its rate in use, and a sentence says who pays; at
the foot, the commands that reproduce every scenario's numbers."""

from functools import partial

import streamlit as st

from ui.router import require_router

require_router()

from ui import charts, data, page, readings, who_pays
from ui.bands import compare_bands
from ui.i18n import t
from ui.law_view import law_header
from ui.page import md, reading
from ui.reproduce import reproduce_many
from ui.state import current_lang, current_preset, current_scenario, law_presets, show_error
from ui.trust import gap_notes
from ui.widget_texts import multiselect_texts

lang = current_lang()
ACTIVE = "__active__"
KEY = "compare.scenarios"
MAX_SCENARIOS = 4
#: Scenarios shown next to the active one when the user has not chosen yet (the deck's model families).
DEFAULT_OTHERS = ("yleistuki_2026", "partial_basic_income_kela_2016", "universal_security_yleisturva")
chart = partial(page.chart, page="compare", lang=lang)


def results_of(scenario) -> dict:
    """The scenario's results; a budget-neutral scenario at the rate solved on this population."""
    return data.results(data.scenario_to_run(scenario)[0])


st.title(t("compare.title", lang))
st.caption(t("compare.subtitle", lang))
law_header(lang)
show_error(lang)

presets = law_presets()
scenario = current_scenario()
active_preset = (
    current_preset() if current_preset() in presets and presets[current_preset()].scenario == scenario else None
)
active_key = active_preset or ACTIVE
options = list(presets) + ([] if active_preset else [ACTIVE])
scenarios = {k: presets[k].scenario for k in presets} | ({} if active_preset else {ACTIVE: scenario})


def label(key: str) -> str:
    if key == ACTIVE:
        return readings.scenario_label(scenario, None, lang)
    return presets[key].title.model_dump()[lang]


def option_label(key: str) -> str:
    return t("compare.active_option", lang, name=label(key)) if key == active_key else label(key)


if KEY in st.session_state:
    st.session_state[KEY] = [k for k in st.session_state[KEY] if k in options][:MAX_SCENARIOS]
else:
    first = (
        [active_key]
        if not scenarios[active_key].is_baseline
        else ["todays_system"]
        if "todays_system" in presets
        else []
    )
    others = [k for k in DEFAULT_OTHERS if k in presets and k not in first]
    st.session_state[KEY] = (first + others)[:3]
chosen = st.multiselect(
    t("compare.choose", lang, n=MAX_SCENARIOS),
    options,
    format_func=option_label,
    max_selections=MAX_SCENARIOS,
    key=KEY,
    help=t("compare.choose_help", lang),
    **multiselect_texts(lang),
)
if len(chosen) < 2:
    st.info(t("compare.need_two", lang))
    st.stop()

with st.spinner(t("compare.computing", lang)):
    runs = {k: results_of(scenarios[k]) for k in chosen}
styles = charts.series_styles([scenarios[k].is_baseline for k in chosen], [k == active_key for k in chosen])
series = [
    charts.Series(label(k), runs[k], colour, pattern, symbol, is_baseline=scenarios[k].is_baseline)
    for k, (colour, pattern, symbol) in zip(chosen, styles, strict=True)
]
pairs = [(s.label, s.results) for s in series]

static = all(readings.is_static(s.results) for s in series)
st.info(t("results.static" if static else "compare.behavioural", lang), icon=":material/info:")

# One chart per row: scenario names are long, and a projector needs the width.
reading(readings.compare_cost(pairs, lang))
chart(charts.compare_cost(series, lang), "cost")
gap_notes([s.results for s in series], lang, shown=("poverty_rate",))
pays = [
    (s.label, who_pays.figures(scenarios[k], runs[k], data.scenario_to_run(scenarios[k])[1]))
    for k, s in zip(chosen, series, strict=True)
]
if any(wp.financed for _, wp in pays):
    st.caption(t("compare.cost_note", lang))
paid = who_pays.compare_reading(pays, lang)
if paid:
    st.markdown(md(paid))
reading(readings.compare_winners(pairs, lang))
chart(charts.compare_winners(series, lang), "winners")

measure = (
    st.segmented_control(
        t("results.measure_toggle", lang),
        ["eur", "pct"],
        default="eur",
        required=True,
        key="compare.measure",
        format_func=lambda m: t(f"results.measure_option.{m}", lang),
    )
    or "eur"
)
reading(readings.compare_deciles(pairs, lang))
chart(charts.compare_deciles(series, lang, measure), "deciles")

reading(readings.compare_poverty(pairs, lang))
chart(charts.compare_poverty(series, lang), "poverty")
reading(readings.compare_inequality(pairs, lang))
chart(charts.compare_inequality(series, lang), "inequality")

reading(readings.compare_axes(pairs, lang))
chart(charts.compare_axes(series, lang), "axes")
st.caption(t("compare.note.axes", lang))

st.subheader(t("compare.summary", lang))
summary = charts.summary_table(series, lang)
st.dataframe(summary, hide_index=True)
st.download_button(
    t("results.download_csv", lang),
    charts.csv_bytes(summary, lang),
    file_name="arvovalinnat-compare.csv",
    mime="text/csv",
    key="compare.csv",
    on_click="ignore",
    icon=":material/download:",
)
reproduce_many([(label(k), scenarios[k], runs[k]) for k in chosen], lang, key="compare.reproduce")

compare_bands({label(k): scenarios[k] for k in chosen}, lang)

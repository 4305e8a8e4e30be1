"""Compare: two to four scenarios (the presets and the active scenario) side by side, on the same axes:
net cost, winners and losers, decile changes, poverty, inequality, positions on the value axes, and a
summary table. Every number comes from ui.data.results (cached per scenario), as on the Results page."""

import html
import re

import streamlit as st

from ui.router import require_router

require_router()

from models.presets import load_presets
from ui import charts, data, readings
from ui.export import chart_downloads
from ui.i18n import t
from ui.state import current_preset, current_scenario, show_error
from ui.theme import PLOTLY_CONFIG

lang = st.session_state.get("lang", "fi")
MD_SPECIAL = "\\`*_{}[]<>#|~$"
ACTIVE = "__active__"
KEY = "compare.scenarios"
MAX_SCENARIOS = 4
#: Scenarios shown next to the active one when the user has not chosen yet (the deck's model families).
DEFAULT_OTHERS = ("yleistuki_2026", "partial_basic_income_kela_2016", "universal_security_yleisturva")


def md(text: str) -> str:
    return "".join("\\" + c if c in MD_SPECIAL else c for c in text)


def reading(text: str) -> None:
    st.markdown(f"**{md(text)}**")


def chart(fig, name: str) -> None:
    """A chart and its downloads (PNG/SVG rendered only when asked; the HTML file built on click)."""
    st.plotly_chart(fig, theme=None, key=f"compare.chart.{name}", config=PLOTLY_CONFIG)
    title = html.unescape(re.sub(r"<[^>]+>", " ", fig.layout.title.text or name)).strip()
    chart_downloads(fig, title, lang, key=f"compare.export.{name}")


def results_of(scenario) -> dict:
    """The scenario's results; a budget-neutral scenario at the rate solved on this population."""
    fin = scenario.financing
    if fin.method != "none" and fin.budget_neutral:
        _rate, _converged, scenario = data.solve(scenario, fin.method)
    return data.results(scenario)


st.title(t("compare.title", lang))
st.caption(t("compare.subtitle", lang))
show_error(lang)

presets = load_presets()
scenario = current_scenario()
active_preset = current_preset() if current_preset() in presets and presets[current_preset()].scenario == scenario else None
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
    first = [active_key] if not scenarios[active_key].is_baseline else ["todays_system"] if "todays_system" in presets else []
    others = [k for k in DEFAULT_OTHERS if k in presets and k not in first]
    st.session_state[KEY] = (first + others)[:3]
chosen = st.multiselect(
    t("compare.choose", lang, n=MAX_SCENARIOS), options, format_func=option_label, max_selections=MAX_SCENARIOS, key=KEY,
    help=t("compare.choose_help", lang),
)
if len(chosen) < 2:
    st.info(t("compare.need_two", lang))
    st.stop()

with st.spinner(t("compare.computing", lang)):
    runs = {k: results_of(scenarios[k]) for k in chosen}
styles = charts.series_styles([scenarios[k].is_baseline for k in chosen], [k == active_key for k in chosen])
series = [
    charts.Series(label(k), runs[k], colour, pattern, symbol, is_baseline=scenarios[k].is_baseline)
    for k, (colour, pattern, symbol) in zip(chosen, styles)
]
pairs = [(s.label, s.results) for s in series]

static = all(readings.is_static(s.results) for s in series)
st.info(t("results.static" if static else "compare.behavioural", lang), icon=":material/info:")

# One chart per row: scenario names are long, and a projector needs the width.
reading(readings.compare_cost(pairs, lang))
chart(charts.compare_cost(series, lang), "cost")
reading(readings.compare_winners(pairs, lang))
chart(charts.compare_winners(series, lang), "winners")

measure = st.segmented_control(
    t("results.measure_toggle", lang), ["eur", "pct"], default="eur", required=True, key="compare.measure",
    format_func=lambda m: t(f"results.measure_option.{m}", lang),
) or "eur"
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
    t("results.download_csv", lang), charts.csv_bytes(summary, lang), file_name="arvovalinnat-compare.csv", mime="text/csv",
    key="compare.csv", on_click="ignore", icon=":material/download:",
)

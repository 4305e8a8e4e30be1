"""Value map: the source deck's three value axes (universal ↔ cause-based, unconditional ↔ reciprocal,
individual ↔ family), every named model as a point, the active scenario highlighted, and one slider per
axis at the active scenario's position that moves it by the rule in docs/AXES.md ("Moving along an axis"),
saying under the slider what the move changed (ui/axis_moves.py). On a phone a one-line summary of the scenario's
money and people stays at the top of the screen."""

import datetime as dt

import streamlit as st

from ui.router import require_router

require_router()

from models.axes import AXES
from ui import data, who_pays
from ui.axis_moves import axis_sliders
from ui.charts_map import MapPoint, axis_map, axis_strips
from ui.i18n import fmt_meur, fmt_number, fmt_pct, t
from ui.law import law_presets_at
from ui.law_view import law_header
from ui.levers import preset_picker, preset_title
from ui.state import current_lang, current_law, current_preset, current_scenario, law_presets, show_error
from ui.theme import PLOTLY_CONFIG
from ui.trust import gap_notes

lang = current_lang()


@st.cache_data(show_spinner=False, max_entries=4)
def _preset_axes(size: int, date: dt.date) -> dict[str, dict]:
    """The axes of every preset against the law of ``date`` (one model run each, once per population size)."""
    return {name: data.results(p.scenario, traps=False)["axes"] for name, p in law_presets_at(date).items()}


st.title(t("nav.value_map", lang))
st.caption(t("vm.intro", lang))
law_header(lang)
show_error(lang)

presets = law_presets()
with st.spinner(t("vm.spinner", lang)):
    preset_axes = _preset_axes(data.population_size(), current_law())
    scenario = current_scenario()
    r = data.results(scenario, traps=False)
axes = r["axes"]

who_pays.summary_bar(
    st.container(key="vm.summary"), who_pays.figures(scenario, r, data.scenario_to_run(scenario)[1]), r, lang
)
pick, about = st.columns([2, 3], vertical_alignment="bottom")
with pick:
    preset_picker("vm.preset", lang)
with about:
    name = (
        preset_title(current_preset(), lang)
        if current_preset() in presets
        else (scenario.name or t("lever.own_scenario", lang))
    )
    st.markdown(f"**{t('vm.legend.active', lang)}:** {name}")

points = [
    MapPoint(number=i + 1, name=preset_title(n, lang), axes=preset_axes[n], baseline=p.scenario.family == "baseline")
    for i, (n, p) in enumerate(presets.items())
]
tab_strips, tab_map, tab_table = st.tabs([t("vm.tab.strips", lang), t("vm.tab.map", lang), t("vm.tab.table", lang)])
with tab_strips:
    st.plotly_chart(axis_strips(points, axes, lang), key="vm.chart.strips", config=PLOTLY_CONFIG, theme=None)
with tab_map:
    st.plotly_chart(axis_map(points, axes, lang), key="vm.chart.map", config=PLOTLY_CONFIG, theme=None)
with tab_table:
    rows = [
        {
            t("vm.col.number", lang): "◆",
            t("vm.col.model", lang): f"{t('vm.legend.active', lang)}: {name}",
            **{t(f"vm.axis.{a}", lang): fmt_number(axes[a], lang, 2) for a in AXES},
        }
    ]
    rows += [
        {
            t("vm.col.number", lang): str(p.number),
            t("vm.col.model", lang): p.name,
            **{t(f"vm.axis.{a}", lang): fmt_number(p.axes[a], lang, 2) for a in AXES},
        }
        for p in points
    ]
    st.dataframe(rows, hide_index=True)
st.caption(t("vm.numbers_note", lang))

# --- moving the active scenario along an axis -------------------------------------------------------------
st.subheader(t("vm.move", lang))
st.write(t("vm.move_intro_position", lang))
axis_sliders(scenario, r, lang)
if (
    scenario.general_support.enabled or scenario.participation_income.enabled
) and scenario.conditionality.participation_share >= 1:
    st.caption(t("vm.conditions_note", lang))

st.markdown(f"**{t('vm.results', lang)}**")
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("metric.net_cost", lang), fmt_meur(r["net_cost_eur"], lang), help=t("metric.net_cost_help", lang))
c2.metric(t("metric.winners", lang), fmt_pct(r["winners_share"], lang))
c3.metric(t("metric.losers", lang), fmt_pct(r["losers_share"], lang))
c4.metric(
    t("metric.poverty_rate", lang),
    fmt_pct(r["poverty_rate"]["reform"], lang),
    help=t("vm.poverty_help", lang, baseline=fmt_pct(r["poverty_rate"]["baseline"], lang)),
)
gap_notes([r], lang, shown=("poverty_rate",))
st.page_link("pages/workbench.py", label=t("vm.to_workbench", lang), icon=":material/tune:")

"""Value map: the source deck's three value axes (universal ↔ cause-based, unconditional ↔ reciprocal,
individual ↔ family), every named model as a point, the active scenario highlighted, and one slider per
axis that moves the active scenario by the rule in docs/AXES.md ("Moving along an axis"). On a phone a one-line
summary of the scenario's money and people stays at the top of the screen."""

import streamlit as st

from ui.router import require_router

require_router()

from models.axes import AXES
from models.presets import load_presets
from ui import data, who_pays
from ui.charts_map import MapPoint, axis_map, axis_strips
from ui.i18n import fmt_meur, fmt_number, fmt_pct, t
from ui.levers import axis_lock, axis_setting, commit, preset_picker, preset_title, with_axis
from ui.state import current_lang, current_preset, current_scenario, show_error
from ui.theme import PLOTLY_CONFIG

lang = current_lang()


@st.cache_data(show_spinner=False, max_entries=4)
def _preset_axes(size: int) -> dict[str, dict]:
    """The axes of every preset (one model run each, once per population size)."""
    return {name: data.results(p.scenario, traps=False)["axes"] for name, p in load_presets().items()}


def _moved(axis: str) -> None:
    """A slider moved: set the levers of that axis on the active scenario (the other axes' levers stay)."""
    value = st.session_state[f"vm.{axis}"]
    new = commit(with_axis(current_scenario(), axis, value), current_lang())
    st.session_state["vm._scenario"] = new


st.title(t("nav.value_map", lang))
st.caption(t("vm.intro", lang))
show_error(lang)

presets = load_presets()
with st.spinner(t("vm.spinner", lang)):
    preset_axes = _preset_axes(data.population_size())
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
st.write(t("vm.move_intro", lang))
# The sliders show the scenario's lever setting on each axis (the inverse of the rule), re-seeded whenever
# the scenario changes elsewhere; after a move they keep the user's value. The computed point is shown apart.
synced = st.session_state.get("vm._scenario") == scenario
for a in AXES:
    if not synced or f"vm.{a}" not in st.session_state:
        st.session_state[f"vm.{a}"] = round(axis_setting(scenario, a), 2)
st.session_state["vm._scenario"] = scenario

for col, a in zip(st.columns(3, gap="large"), AXES, strict=True):
    with col:
        lock = axis_lock(scenario, a)
        st.slider(
            f"{t(f'vm.axis.{a}', lang)}: {t(f'vm.pole.{a}.0', lang)} (0) ↔ {t(f'vm.pole.{a}.1', lang)} (1)",
            min_value=0.0,
            max_value=1.0,
            step=0.01,
            key=f"vm.{a}",
            on_change=_moved,
            args=(a,),
            disabled=lock is not None,
            help=t("vm.slider_help", lang),
        )
        st.caption(t(f"vm.rule.{a}", lang))
        if lock:
            st.info(t(lock, lang))

st.markdown(f"**{t('vm.position', lang)}**")
for col, a in zip(st.columns(3, gap="large"), AXES, strict=True):
    col.metric(t(f"vm.axis.{a}", lang), fmt_number(axes[a], lang, 2), help=t("vm.position_help", lang))
st.caption(t("vm.not_equal", lang))
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
st.page_link("pages/workbench.py", label=t("vm.to_workbench", lang), icon=":material/tune:")

"""Workbench: every lever of the scenario, one section per family, with the key results beside them.

Every change makes the edited scenario active through ``set_scenario`` (so the URL carries it) and the
results on the right follow in the same run. Widget keys start with ``wb.``.
"""

import streamlit as st

from ui.router import require_router

require_router()

from models.presets import load_presets
from models.scenario import Scenario
from models.solver import TOLERANCE_EUR
from ui import data, readings
from ui.charts_map import MapPoint, axis_strips, decile_change, decile_winners_losers
from ui.i18n import fmt_meur, fmt_number, fmt_pct, t
from ui.levers import (
    basic_income_levers,
    behaviour_levers,
    commit,
    conditionality_levers,
    financing_levers,
    general_support_levers,
    load_scenario_file,
    means_tested_levers,
    negative_income_tax_levers,
    participation_income_levers,
    preset_picker,
)
from ui.state import (
    MAX_UPLOAD_MB,
    check_upload,
    current_lang,
    current_preset,
    current_scenario,
    scenario_to_json,
    show_error,
)
from ui.theme import PLOTLY_CONFIG
from ui.trust import gap_notes
from ui.widget_texts import file_uploader

lang = current_lang()
_TODAY = load_presets()["todays_system"].scenario if "todays_system" in load_presets() else Scenario()


def _solve() -> None:
    """The budget-neutral button: solve the rate of the chosen method (a flat tax when none is chosen)."""
    sc = current_scenario()
    method = st.session_state.get("wb.financing.method", sc.financing.method)
    method = method if method != "none" else "flat_tax"
    rate, converged, solved = data.solve(sc, method)
    solved = solved.model_copy(update={"financing": solved.financing.model_copy(update={"budget_neutral": converged})})
    commit(solved, current_lang())
    st.session_state["wb._solved"] = {"method": method, "rate": rate, "converged": converged}


def _uploaded() -> None:
    file = st.session_state.get("wb.upload")
    # The size is checked before the file is read (ui/state.py MAX_FILE_BYTES).
    if file is not None and check_upload(file) and load_scenario_file(file.getvalue()) is not None:
        st.session_state["wb._loaded"] = file.name


def _on(block, prefix: str) -> bool:
    """Whether a family is switched on, as its switch shows it (for the section's label)."""
    if st.session_state.get(f"{prefix}._block") == block and f"{prefix}.enabled" in st.session_state:
        return bool(st.session_state[f"{prefix}.enabled"])
    return bool(block.enabled)


def _rate(method: str, rate: float) -> str:
    """A financing rate as the user reads it: percentage points, or per cent of the scale's rates."""
    if method == "scale":
        return fmt_pct(rate, lang, 2)
    return t("wb.pp", lang, x=fmt_number(100 * rate, lang, 2))


def _pp(x: float) -> str:
    return t("wb.pp", lang, x=("+" if x > 0 else "") + fmt_number(100 * x, lang, 1))


st.title(t("nav.workbench", lang))
st.caption(t("wb.intro", lang))
if getattr(st.session_state.get("scenario_error"), "kind", None) != "file":
    show_error(lang)

preset_picker("wb.preset", lang, "wb.start_from")
scenario = current_scenario()
left, right = st.columns([5, 4], gap="large")

# --- levers -------------------------------------------------------------------------------------------------
FAMILIES = (
    ("means_tested", means_tested_levers),
    ("basic_income", basic_income_levers),
    ("negative_income_tax", negative_income_tax_levers),
    ("general_support", general_support_levers),
    ("participation_income", participation_income_levers),
)
with left:
    st.subheader(t("wb.levers", lang))
    blocks = {}
    for name, render in FAMILIES:
        block = getattr(scenario, name)
        on = _on(block, f"wb.{name}")
        with st.expander(
            t(f"wb.section.{name}", lang),
            expanded=block.enabled,
            key=f"wb.section.{name}",
            icon=":material/toggle_on:" if on else ":material/toggle_off:",
        ):
            st.caption(t(f"wb.section.{name}.caption", lang))
            blocks[name] = render(block, lang)
    with st.expander(t("wb.section.conditionality", lang), key="wb.section.conditionality"):
        st.caption(t("wb.section.conditionality.caption", lang))
        blocks["conditionality"] = conditionality_levers(scenario.conditionality, lang)
    with st.expander(
        t("wb.section.financing", lang), expanded=scenario.financing.method != "none", key="wb.section.financing"
    ):
        st.caption(t("wb.section.financing.caption", lang))
        blocks["financing"] = financing_levers(scenario.financing, lang)
        st.button(t("wb.solve", lang), key="wb.solve", on_click=_solve, type="primary", help=t("wb.solve.help", lang))
        solved = st.session_state.pop("wb._solved", None)
        if solved and solved["converged"]:
            st.success(
                t(
                    "wb.solved",
                    lang,
                    rate=_rate(solved["method"], solved["rate"]),
                    method=t(f"lever.option.{solved['method']}", lang),
                )
            )
        elif solved:
            st.warning(t("wb.not_converged", lang, rate=_rate(solved["method"], solved["rate"])))
    with st.expander(t("wb.section.behaviour", lang), key="wb.section.behaviour"):
        st.caption(t("wb.section.behaviour.caption", lang))
        blocks["behaviour"] = behaviour_levers(scenario.behaviour, lang)

scenario = commit(scenario.model_copy(update=blocks), lang)

# --- results ------------------------------------------------------------------------------------------------
with right:
    st.subheader(t("wb.results", lang))
    with st.spinner(t("wb.spinner", lang)):
        r = data.results(scenario, traps=False)
        today = data.results(_TODAY, traps=False)
    net = r["net_cost_eur"]
    c1, c2 = st.columns(2)
    c1.metric(t("metric.net_cost", lang), fmt_meur(net, lang), help=t("metric.net_cost_help", lang))
    pov = r["poverty_rate"]["reform"] - r["poverty_rate"]["baseline"]
    c2.metric(
        t("metric.poverty_rate", lang),
        fmt_pct(r["poverty_rate"]["reform"], lang),
        delta=_pp(pov),
        delta_color="orange" if pov > 5e-4 else "blue" if pov < -5e-4 else "gray",
        delta_arrow="up" if pov > 5e-4 else "down" if pov < -5e-4 else "off",
        help=t("wb.poverty_help", lang, baseline=fmt_pct(r["poverty_rate"]["baseline"], lang)),
    )
    c3, c4 = st.columns(2)
    c3.metric("▲ " + t("metric.winners", lang), fmt_pct(r["winners_share"], lang), help=t("wb.winners_help", lang))
    c4.metric("▼ " + t("metric.losers", lang), fmt_pct(r["losers_share"], lang), help=t("wb.winners_help", lang))

    fin = scenario.financing
    if fin.method == "none":
        st.caption(t("wb.financing_none", lang))
    else:
        st.caption(
            t(
                "wb.financing_status",
                lang,
                method=t(f"lever.option.{fin.method}", lang),
                rate=_rate(fin.method, fin.rate),
            )
        )
    if abs(net) <= TOLERANCE_EUR and not scenario.is_baseline:
        st.caption(t("wb.neutral_ok", lang))
    elif fin.budget_neutral:
        st.warning(t("wb.neutral_stale", lang))
    gap_notes([r], lang, shown=("poverty_rate",))
    if readings.is_static(r):
        st.caption(t("wb.static", lang))
    else:
        st.caption(readings.static_label(r, lang))

    st.markdown(f"**{t('wb.deciles', lang)}**")
    st.plotly_chart(decile_change(r, lang), key="wb.chart.deciles", config=PLOTLY_CONFIG, theme=None)
    st.caption(t("wb.deciles_caption", lang))

    st.markdown(f"**{t('wb.axes', lang)}**")
    base_point = MapPoint(number=1, name=t("vm.legend.today", lang), axes=today["axes"], baseline=True)
    st.plotly_chart(
        axis_strips([base_point], r["axes"], lang, height=440, numbers=False, compact=True),
        key="wb.chart.axes",
        config=PLOTLY_CONFIG,
        theme=None,
    )
    st.caption(
        t(
            "wb.axes_caption",
            lang,
            u=fmt_number(r["axes"]["universality"], lang, 2),
            c=fmt_number(r["axes"]["unconditionality"], lang, 2),
            i=fmt_number(r["axes"]["individuality"], lang, 2),
        )
    )
    with st.expander(t("wb.winners_losers", lang), key="wb.section.winners_losers"):
        st.plotly_chart(decile_winners_losers(r, lang), key="wb.chart.winners", config=PLOTLY_CONFIG, theme=None)

# --- save / load --------------------------------------------------------------------------------------------
with left:
    with st.expander(
        t("wb.save_load", lang), expanded=st.session_state.get("scenario_error") is not None, key="wb.section.save_load"
    ):
        if st.session_state.get("scenario_error") is not None:
            show_error(lang)
        loaded = st.session_state.pop("wb._loaded", None)
        if loaded:
            st.success(t("wb.loaded", lang, file=loaded))
        # A preset's name in the page's language (its scenario carries the English one); saved under that name.
        preset = load_presets().get(current_preset() or "")
        shown = preset.title.model_dump()[lang] if preset is not None and preset.scenario == scenario else scenario.name
        if st.session_state.get("wb._name_for") != shown or "wb.name" not in st.session_state:
            st.session_state["wb.name"] = shown
        name = st.text_input(t("wb.name", lang), key="wb.name", max_chars=120)
        st.session_state["wb._name_for"] = name
        if name != shown:
            scenario = commit(scenario.model_copy(update={"name": name}), lang)
        st.download_button(
            t("wb.download", lang),
            data=scenario_to_json(scenario.model_copy(update={"name": name})),
            file_name="arvovalinnat-scenario.json",
            mime="application/json",
            key="wb.download",
            icon=":material/download:",
            on_click="ignore",
        )
        file_uploader(
            t("wb.upload", lang),
            key="wb.upload",
            lang=lang,
            limit_mb=MAX_UPLOAD_MB,
            types=["json"],
            on_change=_uploaded,
            help=t("wb.upload.help", lang),
        )

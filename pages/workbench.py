"""Workbench: every lever of the scenario, one section per family, with the key results beside them.

Every change makes the edited scenario active through ``set_scenario`` (so the URL carries it) and the
results follow in the same run: who pays (the financing rate in use, the cost before financing, what an earner pays
more), the net cost, poverty, winners and losers, the deciles and the value axes. On a phone, where the results
come after the levers, a one-line summary stays at the top of the screen. Choosing a preset opens the sections of
its lever blocks. Widget keys start with ``wb.``.
"""

import streamlit as st

from ui.router import require_router

require_router()

from models.scenario import Scenario
from ui import data, readings, who_pays
from ui.charts_map import MapPoint, axis_strips, decile_change, decile_winners_losers
from ui.deltas import delta_kwargs
from ui.i18n import fmt_meur, fmt_number, fmt_pct, t
from ui.law_view import law_header
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
from ui.reproduce import reproduce_box
from ui.state import (
    MAX_UPLOAD_MB,
    check_upload,
    current_lang,
    current_preset,
    current_scenario,
    law_presets,
    scenario_to_json,
    show_error,
)
from ui.theme import PLOTLY_CONFIG
from ui.trust import gap_notes
from ui.widget_texts import file_uploader

lang = current_lang()
_TODAY = law_presets()["todays_system"].scenario if "todays_system" in law_presets() else Scenario()


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
    return t("wb.pp", lang, x=("+" if x > 0 else "\u2212" if x < 0 else "") + fmt_number(abs(100 * x), lang, 1))


def _open_sections_of_preset(scenario: Scenario) -> None:
    """A preset just chosen opens the sections of its lever blocks (and financing, when it has one) and closes the
    others; afterwards each section stays as the user leaves it."""
    preset = current_preset()
    if preset is None or st.session_state.get("wb._sections_for") == preset:
        return
    st.session_state["wb._sections_for"] = preset
    for name, _ in FAMILIES:
        st.session_state[f"wb.section.{name}"] = bool(getattr(scenario, name).enabled)
    st.session_state["wb.section.financing"] = scenario.financing.method != "none"


st.title(t("nav.workbench", lang))
st.caption(t("wb.intro", lang))
law_header(lang)
if getattr(st.session_state.get("scenario_error"), "kind", None) != "file":
    show_error(lang)

FAMILIES = (
    ("means_tested", means_tested_levers),
    ("basic_income", basic_income_levers),
    ("negative_income_tax", negative_income_tax_levers),
    ("general_support", general_support_levers),
    ("participation_income", participation_income_levers),
)

picker_slot = st.container()  # the picker is drawn after the levers' commit, so that it names an edit at once
scenario = current_scenario()
_open_sections_of_preset(scenario)
summary_slot = st.container(key="wb.summary")  # filled once the results are known; sticks on a phone
left, right = st.columns([5, 4], gap="large")

# --- levers -------------------------------------------------------------------------------------------------
with left:
    st.subheader(t("wb.levers", lang))
    blocks = {}
    for name, render in FAMILIES:
        block = getattr(scenario, name)
        on = _on(block, f"wb.{name}")
        with st.expander(
            t(f"wb.section.{name}", lang),
            # Switching a block on changes the section's icon, and with it the section's identity: it opens with the
            # switch (as the switch shows it), so the levers just switched on stay in view.
            expanded=on,
            key=f"wb.section.{name}",
            icon=":material/toggle_on:" if on else ":material/toggle_off:",
            on_change="rerun",  # its state is kept, so that a preset can open it (_open_sections_of_preset)
        ):
            st.caption(t(f"wb.section.{name}.caption", lang))
            blocks[name] = render(block, lang)
    with st.expander(t("wb.section.conditionality", lang), key="wb.section.conditionality"):
        st.caption(t("wb.section.conditionality.caption", lang))
        blocks["conditionality"] = conditionality_levers(scenario.conditionality, lang)
    with st.expander(
        t("wb.section.financing", lang),
        expanded=scenario.financing.method != "none",
        key="wb.section.financing",
        on_change="rerun",
    ):
        st.caption(t("wb.section.financing.caption", lang))
        blocks["financing"] = financing_levers(scenario.financing, lang)
        if blocks["financing"].budget_neutral:
            st.caption(t("wb.rate_is_solved", lang))
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
with picker_slot:
    preset_picker("wb.preset", lang, "wb.start_from")

# --- results ------------------------------------------------------------------------------------------------
with right:
    st.subheader(t("wb.results", lang))
    with st.spinner(t("wb.spinner", lang)):
        r = data.results(scenario, traps=False)
        today = data.results(_TODAY, traps=False)
    pays = who_pays.figures(scenario, r, data.scenario_to_run(scenario)[1])
    who_pays.summary_bar(summary_slot, pays, r, lang)
    who_pays.block(pays, lang, key="wb.who_pays", columns=2)
    c1, c2 = st.columns(2)
    c1.metric(t("metric.net_cost", lang), fmt_meur(r["net_cost_eur"], lang), help=t("metric.net_cost_help", lang))
    pov = r["poverty_rate"]["reform"] - r["poverty_rate"]["baseline"]
    c2.metric(
        t("metric.poverty_rate", lang),
        fmt_pct(r["poverty_rate"]["reform"], lang),
        help=t("wb.poverty_help", lang, baseline=fmt_pct(r["poverty_rate"]["baseline"], lang)),
        **delta_kwargs(_pp(pov)),
    )
    c3, c4 = st.columns(2)
    c3.metric("▲ " + t("metric.winners", lang), fmt_pct(r["winners_share"], lang), help=t("wb.winners_help", lang))
    c4.metric("▼ " + t("metric.losers", lang), fmt_pct(r["losers_share"], lang), help=t("wb.winners_help", lang))
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
    reproduce_box(scenario, r, lang, key="wb.reproduce")

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
        preset = law_presets().get(current_preset() or "")
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

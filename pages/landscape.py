"""Landscape: thousands of designs at once, at the same cost, on two chosen outcomes (docs/LANDSCAPE.md).

Top to bottom: the landscape to show (a shipped spec or the user's file) and its status; its computation, when it is
not on disk yet (in the background, with a progress bar, for everyone); the trade-off chart (the designs, the frontier,
today's law, the named models and the user's scenario), with a sentence saying whether a design beats today's law and
the user's scenario on both outcomes; the designs on the value axes; the frontier's designs as a table and every design
as a CSV. Clicking a point opens that design on the workbench. Widget keys start with ``ls.``.
"""

import numpy as np
import streamlit as st

from ui.router import require_router

require_router()

from models.landscape import OUTCOMES, frontier
from models.landscape_spec import LandscapeSpecError
from models.presets import load_presets
from ui import landscape as ls
from ui.charts import csv_bytes
from ui.charts_landscape import active_marker, axes_chart, cloud_chart, reference_markers
from ui.i18n import fmt_number, t
from ui.jobs import Job, jobs, progress_bar
from ui.page import md, reading
from ui.state import current_lang, current_scenario, show_error
from ui.theme import PLOTLY_CONFIG
from ui.widget_texts import file_uploader

lang = current_lang()
UPLOADED = "__uploaded__"

st.title(t("ls.title", lang))
st.caption(t("ls.intro", lang))
show_error(lang)


def _uploaded() -> None:
    file = st.session_state.get("ls.upload")
    if file is None:
        return
    try:
        st.session_state["ls._spec"] = ls.read_upload(file.getvalue(), file.name)
        st.session_state["ls.spec"] = UPLOADED
    except LandscapeSpecError as exc:
        st.session_state["ls._error"] = exc


def _clicked(chart: str) -> None:
    points = st.session_state[chart].selection.points
    if points:
        custom = points[0].get("customdata")
        st.session_state["ls._open"] = int(custom[0] if isinstance(custom, list) else custom)


# --- which landscape --------------------------------------------------------------------------------------------
specs = ls.specs()
options = list(specs) + ([UPLOADED] if "ls._spec" in st.session_state else [])
choice = st.selectbox(
    t("ls.choose", lang),
    options,
    key="ls.spec",
    format_func=lambda k: (
        t("ls.upload.loaded", lang, name=st.session_state["ls._spec"].name)
        if k == UPLOADED
        else ls.spec_title(specs[k], lang)
    ),
    help=t("ls.choose_help", lang),
)
with st.expander(t("ls.upload", lang), expanded="ls._error" in st.session_state, key="ls.upload_section"):
    error = st.session_state.pop("ls._error", None)
    if error is not None:
        fields = [(f.replace("`", "'"), md(m)) for f, m in error.problems]  # a field in a code span, as literal text
        st.error(t("ls.upload.error", lang) + "\n\n" + "\n".join(f"- `{f}`: {m}" for f, m in fields))
    file_uploader(
        t("ls.upload", lang),
        key="ls.upload",
        lang=lang,
        limit_mb=1,
        types=("yaml", "yml"),
        on_change=_uploaded,
        help=t("ls.upload.help", lang, max=fmt_number(ls.MAX_APP_VARIANTS, lang)),
    )
spec = st.session_state["ls._spec"] if choice == UPLOADED else specs[choice]
if spec.description is not None:
    st.markdown(md(getattr(spec.description, lang)))
run = ls.run_for(spec)
st.caption(ls.status_text(spec, run, lang))

# --- computed, computing, or not yet ------------------------------------------------------------------------------
df = ls.frame(run)
job = jobs().get(run.key)
done = 0 if df is None else len(df)


def _progress_text(j: Job) -> str:
    left = j.seconds_left()
    eta = "" if left is None else " " + t("ls.eta", lang, minutes=fmt_number(max(left / 60, 1), lang))
    return t("ls.building", lang, done=fmt_number(j.done, lang), total=fmt_number(j.total, lang)) + eta


if done < len(run.variants):
    if job is not None and not job.finished:
        progress_bar(run.key, _progress_text)
    else:
        if job is not None and job.error:
            st.error(t("ls.error", lang), icon=":material/error:")
        minutes = ls.minutes_to_build(run)
        st.info(
            t("ls.not_built", lang, n=fmt_number(len(run.variants), lang), minutes=fmt_number(max(minutes, 1), lang)),
            icon=":material/hourglass_empty:",
        )
        if st.button(t("ls.build", lang), key="ls.build", type="primary", icon=":material/play_arrow:"):
            ls.start_build(run)
            st.rerun()
    if df is not None:
        st.caption(t("ls.partial", lang, done=fmt_number(done, lang), total=fmt_number(len(run.variants), lang)))
if df is None:
    st.stop()

# --- the trade-off ------------------------------------------------------------------------------------------------
view = st.segmented_control(
    t("ls.view", lang),
    [*ls.VIEWS, "custom"],
    default="poverty_emtr",
    required=True,
    key="ls.view",
    format_func=lambda v: t(f"ls.view.{v}", lang),
)
x, y = ls.VIEWS.get(view or "poverty_emtr", ("emtr_median", "poverty_rate"))
if view == "custom":
    available = [o for o in OUTCOMES if df[o].notna().any()]
    c1, c2 = st.columns(2)
    x = c1.selectbox(t("ls.x", lang), available, index=available.index("emtr_median"), key="ls.x",
                     format_func=lambda o: t(f"ls.outcome.{o}", lang))  # fmt: skip
    y = c2.selectbox(t("ls.y", lang), available, index=available.index("poverty_rate"), key="ls.y",
                     format_func=lambda o: t(f"ls.outcome.{o}", lang))  # fmt: skip

scenario = current_scenario()
names = ls.row_names(df, spec, lang)
levers = [ls.lever_text(v, lang) for v in df["levers"]]
titles = {k: getattr(p.title, lang) for k, p in load_presets().items()}
designs = np.flatnonzero(df["preset"].to_numpy() == "")
front = designs[frontier(df[x].to_numpy(float)[designs], df[y].to_numpy(float)[designs], x, y)]
you = None if scenario.is_baseline else ls.active_record(scenario, spec)
markers = reference_markers(df, titles, lang) + active_marker(you, t("ls.chart.you", lang))
title = t(f"ls.view.{view}", lang) if view in ls.VIEWS else ""
fig = cloud_chart(df, x, y, front, markers, lang, ls.family_titles(spec, lang), names, levers, title=title)
st.plotly_chart(
    fig, key="ls.chart.cloud", on_select=lambda: _clicked("ls.chart.cloud"), selection_mode="points",
    config=PLOTLY_CONFIG, theme=None,
)  # fmt: skip
st.caption(t("ls.click_hint", lang))

same_cost = spec.financing.method != "none"
today = df[df["preset"] == "todays_system"]
if len(today):
    reading(ls.sentence(df, x, y, today.iloc[0].to_dict(), "today", names, lang, same_cost))
if you is not None:
    reading(ls.sentence(df, x, y, you, "you", names, lang, same_cost))
    st.caption(t("ls.you_note", lang, financing=ls.financing_text(spec, lang)))

# --- the value axes -----------------------------------------------------------------------------------------------
st.subheader(t("ls.axes.title", lang))
st.plotly_chart(
    axes_chart(df, markers, lang, names, levers), key="ls.chart.axes", on_select=lambda: _clicked("ls.chart.axes"),
    selection_mode="points", config=PLOTLY_CONFIG, theme=None,
)  # fmt: skip
st.caption(t("ls.axes.caption", lang))

# --- the frontier's designs and the download ---------------------------------------------------------------------
table = ls.design_table(df, front, names, levers, x, y, lang)
with st.expander(t("ls.frontier_table", lang), key="ls.frontier_section"):
    st.dataframe(table, hide_index=True, key="ls.frontier")
st.download_button(
    t("ls.download", lang),
    csv_bytes(ls.design_table(df, np.arange(len(df)), names, levers, x, y, lang, every=True), lang),
    file_name=f"arvovalinnat-landscape-{spec.name or 'own'}.csv",
    mime="text/csv",
    key="ls.csv",
    on_click="ignore",
    icon=":material/download:",
)

opened = st.session_state.pop("ls._open", None)
if opened is not None and opened in set(df["variant"]):
    i = int(np.flatnonzero(df["variant"].to_numpy() == opened)[0])
    ls.open_design(df.iloc[i].to_dict(), names[i])

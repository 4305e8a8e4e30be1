"""Arvovalinnat: the router. Language, the law, scenario state and the page list (st.navigation).

The path follows the source deck: start → (bureaucracy traps → income traps) → value choices (value map,
workbench, results, compare) → example households → assumptions and validation.
"""

import streamlit as st

from models import runtime
from ui.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, t
from ui.law_view import law_selector
from ui.state import init_from_url, sync_url
from ui.theme import FOCUS_CSS
from ui.widget_texts import streamlit_css

runtime.configure()  # one BLAS thread, freed arrays kept for the next run (idempotent: every rerun passes here)
st.set_page_config(
    page_title="Arvovalinnat", page_icon="assets/arvovalinnat.png", layout="wide"
)  # a local icon: no request leaves the server
st.html(f"<style>{FOCUS_CSS}</style>")  # visible keyboard focus on every page (constant CSS)

# The language lives in the URL (?lang=fi|sv|en); an unknown value falls back to Finnish. (A widget
# bound to the URL would store the display name, "Suomi", so the code is synced by hand.)
# The chosen language is kept in a plain session key ("lang") that the widget only writes to, so it survives
# page switches even when Streamlit drops a widget's own state.
if st.session_state.get("lang") not in LANGS:
    requested = st.query_params.get("lang")
    st.session_state["lang"] = requested if requested in LANGS else DEFAULT_LANG


def _language_changed() -> None:
    st.session_state["lang"] = st.session_state["lang_widget"]


st.sidebar.selectbox(
    "Kieli / Språk / Language",
    LANGS,
    index=LANGS.index(st.session_state["lang"]),
    format_func=LANG_NAMES.get,
    key="lang_widget",
    on_change=_language_changed,
)
lang = st.session_state["lang"]
st.html(f"<style>{streamlit_css(lang)}</style>")  # Streamlit's own English texts in the language (constant CSS)
st.query_params["lang"] = lang
init_from_url()  # the law (?law=2026, today's law without it) and the scenario of the link
law_selector(lang)  # under the language: the law every page compares with (a law year is evaluated on 1 August)
sync_url()


def page(path: str, key: str, icon: str, **kwargs) -> st.Page:
    return st.Page(path, title=t(key, lang), icon=icon, url_path=path.split("/")[-1].removesuffix(".py"), **kwargs)


pages = {
    t("nav.section_start", lang): [page("pages/start.py", "nav.start", ":material/home:", default=True)],
    t("nav.section_traps", lang): [
        page("pages/bureaucracy_traps.py", "nav.bureaucracy_traps", ":material/event_busy:"),
        page("pages/income_traps.py", "nav.income_traps", ":material/trending_down:"),
    ],
    t("nav.section_values", lang): [
        page("pages/value_map.py", "nav.value_map", ":material/explore:"),
        page("pages/workbench.py", "nav.workbench", ":material/tune:"),
        page("pages/results.py", "nav.results", ":material/bar_chart:"),
        page("pages/compare.py", "nav.compare", ":material/compare_arrows:"),
        page("pages/landscape.py", "nav.landscape", ":material/scatter_plot:"),
    ],
    t("nav.section_people", lang): [page("pages/households.py", "nav.households", ":material/family_restroom:")],
    t("nav.section_workshop", lang): [
        page("pages/workshop.py", "nav.workshop", ":material/groups:"),
        page("pages/join.py", "nav.join", ":material/how_to_vote:"),
    ],
    t("nav.section_about", lang): [page("pages/assumptions.py", "nav.assumptions", ":material/menu_book:")],
}
st.navigation(pages, expanded=True).run()

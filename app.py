"""Arvovalinnat: the router. Language, scenario state and the page list (st.navigation).

The path follows the source deck: start → (bureaucracy traps → income traps) → value choices (value map,
workbench, results, compare) → example households → assumptions and validation.
"""

import streamlit as st

from ui.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, t
from ui.state import init_from_url

st.set_page_config(page_title="Arvovalinnat", page_icon=":material/balance:", layout="wide")

# The language lives in the URL (?lang=fi|sv|en); an unknown value falls back to Finnish. (A widget
# bound to the URL would store the display name, "Suomi", so the code is synced by hand.)
if "lang" not in st.session_state:
    requested = st.query_params.get("lang")
    st.session_state["lang"] = requested if requested in LANGS else DEFAULT_LANG
lang = st.sidebar.selectbox("Kieli / Språk / Language", LANGS, format_func=LANG_NAMES.get, key="lang")
st.query_params["lang"] = lang
init_from_url()


def page(path: str, key: str, icon: str, **kwargs) -> st.Page:
    return st.Page(path, title=t(key, lang), icon=icon, url_path=path.split("/")[-1].removesuffix(".py"), **kwargs)


pages = {
    t("nav.section_start", lang): [page("pages/start.py", "nav.start", ":material/home:", default=True)],
    t("nav.section_values", lang): [
        page("pages/value_map.py", "nav.value_map", ":material/explore:"),
        page("pages/workbench.py", "nav.workbench", ":material/tune:"),
        page("pages/results.py", "nav.results", ":material/bar_chart:"),
        page("pages/compare.py", "nav.compare", ":material/compare_arrows:"),
    ],
    t("nav.section_people", lang): [page("pages/households.py", "nav.households", ":material/family_restroom:")],
    t("nav.section_about", lang): [page("pages/assumptions.py", "nav.assumptions", ":material/menu_book:")],
}
st.navigation(pages, expanded=True).run()

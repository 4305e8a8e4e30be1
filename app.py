"""Arvovalinnat: the router. Language, scenario state and the page list (st.navigation)."""

import streamlit as st

from ui.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, t

st.set_page_config(page_title="Arvovalinnat", page_icon="⚖️", layout="wide")

# The language lives in the URL (?lang=fi|sv|en); an unknown value falls back to Finnish. (A widget
# bound to the URL would store the display name, "Suomi", so the code is synced by hand.)
if "lang" not in st.session_state:
    requested = st.query_params.get("lang")
    st.session_state["lang"] = requested if requested in LANGS else DEFAULT_LANG
lang = st.sidebar.selectbox("Kieli / Språk / Language", LANGS, format_func=LANG_NAMES.get, key="lang")
st.query_params["lang"] = lang

pages = [
    st.Page("pages/start.py", title=t("nav.start", lang), icon="🏠", default=True, url_path="start"),
    st.Page("pages/assumptions.py", title=t("nav.assumptions", lang), icon="📚", url_path="assumptions"),
]
st.navigation(pages).run()

"""Placeholder while the page is being built."""

import streamlit as st

from ui.i18n import t

lang = st.session_state.get("lang", "fi")
st.title(t("nav.results", lang))

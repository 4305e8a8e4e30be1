"""Every page runs through app.py's router, also when a deep link is the first request to a new server.

Streamlit 1.67 starts a server whose folder holds a ``pages/`` directory in its old multipage mode, and stays
there until some session has called ``st.navigation``: a deep link (``/results?lang=sv``) as the very first
request would run the page file alone, without the language, the scenario state or the menu. A page that
finds itself run that way switches Streamlit to ``st.navigation`` mode and reruns, so app.py routes the same
URL. (Covered by tests/browser/test_start.py::test_deep_link_on_a_fresh_server.)
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def require_router() -> None:
    """Call first in every page file."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        # Rerun only when the router never ran in this session (a deep link as the first request); otherwise
        # a rerun would drop this run's widget events (a button click, a form submission).
        if "lang" not in st.session_state:
            st.rerun()

"""Helpers shared by the tests: rule sections and inputs, and an app opened on a page (AppTest)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from models.parameter_types import PARAMETERS_DIR, read_parameter_file
from models.parameters import LAW_YEARS

DEFAULT_DATE = LAW_YEARS[2025]  # the law of these cases


def section_parameters(model, name: str, date=DEFAULT_DATE):
    """One section's parameters on ``date``, read from its own YAML folder only (so that a transient
    error in another section does not stop a rule's tests)."""
    raw = {
        path.stem: read_parameter_file(path).value_at(date) for path in sorted((PARAMETERS_DIR / name).glob("*.yaml"))
    }
    return model(**raw)


def as_array(v):
    """A law example's scalar input as a one-element array (lists as arrays, strings unchanged)."""
    if isinstance(v, list):
        return np.asarray(v)
    if isinstance(v, (bool, np.bool_)):
        return np.array([v])
    if isinstance(v, (int, float)):
        return np.array([v], dtype=float)
    return v


def open_page(page: str, lang: str = "fi", preset: str | None = None, timeout: float = 180):
    """An AppTest of ``page`` opened through the router (app.py) in ``lang``, optionally with ``?preset=``."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=timeout)
    at.query_params["lang"] = lang
    if preset:
        at.query_params["preset"] = preset
    at.run()
    at.switch_page(page).run()
    return at


APP = Path(__file__).resolve().parent.parent / "app.py"


def open_app(page: str, lang: str, timeout: int, state: dict | None = None, **params: str) -> AppTest:
    """The app with ``params`` in its link and ``state`` in its session, switched to ``page``; fails on an
    exception."""
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.query_params["lang"] = lang
    for k, v in params.items():
        at.query_params[k] = v
    for k, v in (state or {}).items():
        at.session_state[k] = v
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at

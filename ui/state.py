"""The active scenario: in session state, in the URL (shareable link), and from saved JSON files.

- ``?preset=<name>`` opens a named preset; ``?s=<code>`` carries any scenario (its non-default levers as
  JSON, zlib-compressed, base64url). Opening a link restores the same scenario.
- A bad link or file never replaces the scenario the user had: the error (naming each field) is kept in
  ``st.session_state["scenario_error"]`` and shown by :func:`show_error`.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib

import streamlit as st
from pydantic import ValidationError

from models.presets import load_presets
from models.scenario import Scenario
from ui.i18n import t

MAX_LINK_CHARS = 8_000
MAX_JSON_BYTES = 200_000
MAX_FILE_BYTES = 1_000_000


class ScenarioError(ValueError):
    """An invalid scenario link or file; ``fields`` names what was wrong."""

    def __init__(self, kind: str, fields: list[str], detail: str = ""):
        self.kind = kind  # "link" | "file"
        self.fields = fields
        self.detail = detail
        super().__init__(f"{kind}: {', '.join(fields) or detail}")


def _validation_fields(exc: ValidationError) -> list[str]:
    out = []
    for e in exc.errors():
        loc = ".".join(str(p) for p in e["loc"]) or "(scenario)"
        msg = "unknown field" if e["type"] == "extra_forbidden" else e["msg"]
        out.append(f"{loc}: {msg}")
    return out


def scenario_from_data(data, kind: str) -> Scenario:
    if not isinstance(data, dict):
        raise ScenarioError(kind, ["(scenario): expected a JSON object"])
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(kind, _validation_fields(exc)) from None


def encode_scenario(scenario: Scenario) -> str:
    """The scenario's non-default levers as compact, URL-safe text."""
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def decode_scenario(code: str) -> Scenario:
    """Inverse of :func:`encode_scenario`; raises :class:`ScenarioError` naming what is wrong."""
    if len(code) > MAX_LINK_CHARS:
        raise ScenarioError("link", [f"s: longer than {MAX_LINK_CHARS} characters"])
    try:
        packed = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
        d = zlib.decompressobj()
        raw = d.decompress(packed, MAX_JSON_BYTES)
        if d.unconsumed_tail:
            raise ScenarioError("link", [f"s: more than {MAX_JSON_BYTES} bytes of scenario"])
        data = json.loads(raw.decode("utf-8"))
    except ScenarioError:
        raise
    except (binascii.Error, zlib.error, UnicodeDecodeError, json.JSONDecodeError, ValueError):
        raise ScenarioError("link", ["s: not a scenario code"]) from None
    return scenario_from_data(data, "link")


def scenario_from_file(content: bytes) -> Scenario:
    """A scenario saved as JSON (as ``scenario_to_json`` writes it)."""
    if len(content) > MAX_FILE_BYTES:
        raise ScenarioError("file", [f"(file): larger than {MAX_FILE_BYTES // 1000} kB"])
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ScenarioError("file", [f"(file): not valid JSON ({exc})"]) from None
    return scenario_from_data(data, "file")


def scenario_to_json(scenario: Scenario) -> str:
    return scenario.model_dump_json(indent=2)


# --- session state -----------------------------------------------------------------------------------------
def _presets():
    return load_presets()


def init_from_url() -> None:
    """On a session's first run, take the scenario from the URL (or today's system)."""
    if "scenario" in st.session_state:
        return
    st.session_state["scenario"] = Scenario(name="", family="baseline")
    st.session_state["preset"] = "todays_system" if "todays_system" in _presets() else None
    code = st.query_params.get("s")
    preset = st.query_params.get("preset")
    try:
        if code:
            set_scenario(decode_scenario(code))
        elif preset:
            if preset not in _presets():
                raise ScenarioError("link", [f"preset: unknown preset '{preset[:60]}'"])
            set_scenario(_presets()[preset].scenario, preset=preset)
    except ScenarioError as exc:
        st.session_state["scenario_error"] = exc
        _write_url()


def current_scenario() -> Scenario:
    init_from_url()
    return st.session_state["scenario"]


def current_preset() -> str | None:
    return st.session_state.get("preset")


def set_scenario(scenario: Scenario, preset: str | None = None) -> None:
    """Make ``scenario`` active and put it in the URL."""
    st.session_state["scenario"] = scenario
    st.session_state["preset"] = preset
    _write_url()


def sync_url() -> None:
    """Put the active scenario into the URL (app.py calls it every run: page switches keep the link)."""
    _write_url()


def _write_url() -> None:
    scenario = st.session_state["scenario"]
    preset = st.session_state.get("preset")
    if preset and preset in _presets() and _presets()[preset].scenario == scenario:
        st.query_params["preset"] = preset
        st.query_params.pop("s", None)
    else:
        st.query_params.pop("preset", None)
        if scenario.is_baseline and not scenario.name:
            st.query_params.pop("s", None)
        else:
            st.query_params["s"] = encode_scenario(scenario)


def report_error(exc: ScenarioError) -> None:
    st.session_state["scenario_error"] = exc


def show_error(lang: str) -> None:
    """Show (once) the error of a bad link or file; the previous scenario stays active."""
    exc = st.session_state.pop("scenario_error", None)
    if exc is None:
        return
    key = "error.bad_link" if exc.kind == "link" else "error.bad_file"
    st.error(t(key, lang) + "\n\n" + "\n".join(f"- `{f}`" for f in exc.fields))

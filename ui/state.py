"""The active scenario: in session state, in the URL (shareable link), and from saved JSON files; and the
session's language (:func:`current_lang`, what every page reads).

- ``?preset=<name>`` opens a named preset; ``?s=<code>`` carries any scenario (its non-default levers as
  JSON, zlib-compressed, base64url). Opening a link restores the same scenario.
- A bad link or file never replaces the scenario the user had: the error (naming each field) is kept in
  ``st.session_state["scenario_error"]`` and shown by :func:`show_error`.
- Limits (docs/DEPLOYMENT.md): a link of at most ``MAX_LINK_CHARS`` characters unpacking to at most
  ``MAX_JSON_BYTES``; a scenario file of at most ``MAX_FILE_BYTES``, refused by its size before it is read
  (:func:`check_upload`); the uploader itself refuses more than ``MAX_UPLOAD_MB`` (and the server more than
  ``server.maxUploadSize`` in .streamlit/config.toml).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import zlib

import streamlit as st
from pydantic import ValidationError

from models.presets import Preset
from models.scenario import Scenario
from ui.i18n import DEFAULT_LANG, fmt_number, t
from ui.law import LAW_KEY, TODAY, choice_date, choice_of, law_presets_at, parse_law
from ui.page import md_escape
from ui.plain_names import problem_lines

MAX_LINK_CHARS = 8_000
MAX_JSON_BYTES = 200_000
#: Largest scenario file (a saved scenario is about 3 kB).
MAX_FILE_BYTES = 1_000_000
#: The scenario uploader's own limit (``st.file_uploader(max_upload_size=...)``, whole megabytes).
MAX_UPLOAD_MB = 1
#: Session key of the preset the active scenario was last opened from (kept through edits).
ORIGIN = "preset_origin"


class ScenarioError(ValueError):
    """An invalid scenario link or file.

    ``fields`` names what was wrong in technical terms (for logs and tests); what the user reads is built from
    ``errors`` (pydantic's error dicts, translated by :func:`ui.plain_names.problem_lines`) and ``problems``
    (translation keys of ``ui/locales/plain_names.yaml`` or ``state.yaml`` with their arguments)."""

    def __init__(
        self,
        kind: str,
        fields: list[str],
        detail: str = "",
        message: tuple[str, dict] | None = None,
        errors: list[dict] | None = None,
        problems: list[tuple[str, dict]] | None = None,
    ):
        self.kind = kind  # "link" | "file"
        self.fields = fields
        self.detail = detail
        self.message = message  # (translation key, its arguments) to show instead of the generic message
        self.errors = errors or []
        self.problems = problems or []
        super().__init__(f"{kind}: {', '.join(fields) or detail}")

    def lines(self, lang: str) -> list[str]:
        """What was wrong, in words in ``lang``, one line each."""
        out = problem_lines(self.errors, lang)
        out += [t(key, lang, **args) for key, args in self.problems]
        return out


def _validation_fields(exc: ValidationError) -> list[str]:
    out = []
    for e in exc.errors():
        loc = ".".join(str(p) for p in e["loc"]) or "(scenario)"
        msg = "unknown field" if e["type"] == "extra_forbidden" else e["msg"]
        out.append(f"{loc}: {msg}")
    return out


def _plain_errors(exc: ValidationError) -> list[dict]:
    """Pydantic's error dicts without the input values (a file's content stays out of the session)."""
    return [{k: v for k, v in e.items() if k in ("type", "loc", "msg", "ctx")} for e in exc.errors()]


def scenario_from_data(data, kind: str) -> Scenario:
    if not isinstance(data, dict):
        raise ScenarioError(
            kind, ["(scenario): expected a JSON object"], problems=[("plain.problem.not_a_scenario", {})]
        )
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(kind, _validation_fields(exc), errors=_plain_errors(exc)) from None
    try:  # JSON may carry a lone surrogate ("\ud800"): not text, and it could not go into the URL
        scenario.name.encode("utf-8")
    except UnicodeEncodeError:
        raise ScenarioError(
            kind, ["name: contains characters that are not valid text"], problems=[("state.problem.name_text", {})]
        ) from None
    return scenario


def encode_scenario(scenario: Scenario) -> str:
    """The scenario's non-default levers as compact, URL-safe text."""
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def decode_scenario(code: str) -> Scenario:
    """Inverse of :func:`encode_scenario`; raises :class:`ScenarioError` naming what is wrong."""
    if len(code) > MAX_LINK_CHARS:
        raise ScenarioError(
            "link",
            [f"s: longer than {MAX_LINK_CHARS} characters"],
            problems=[("state.problem.link_too_long", {"n": MAX_LINK_CHARS})],
        )
    try:
        packed = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
        d = zlib.decompressobj()
        raw = d.decompress(packed, MAX_JSON_BYTES)
        if d.unconsumed_tail:
            raise ScenarioError(
                "link",
                [f"s: more than {MAX_JSON_BYTES} bytes of scenario"],
                problems=[("state.problem.link_too_long", {"n": MAX_LINK_CHARS})],
            )
        data = json.loads(raw.decode("utf-8"))
    except ScenarioError:
        raise
    except (binascii.Error, zlib.error, UnicodeDecodeError, json.JSONDecodeError, ValueError, RecursionError):
        raise ScenarioError("link", ["s: not a scenario code"], problems=[("state.problem.not_a_code", {})]) from None
    return scenario_from_data(data, "link")


def _too_large(size: int) -> ScenarioError:
    return ScenarioError(
        "file",
        [f"(file): {size:,} bytes, larger than {MAX_FILE_BYTES // 1000} kB"],
        message=("error.file_too_large", {"size_kb": size / 1000, "limit_kb": MAX_FILE_BYTES / 1000}),
    )


def scenario_from_file(content: bytes) -> Scenario:
    """A scenario saved as JSON (as ``scenario_to_json`` writes it); its size is checked before it is parsed."""
    if len(content) > MAX_FILE_BYTES:
        raise _too_large(len(content))
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ScenarioError(
            "file", [f"(file): not valid JSON ({exc})"], problems=[("state.problem.not_json", {})]
        ) from None
    except RecursionError:
        raise ScenarioError(
            "file", ["(file): not valid JSON (nested too deeply)"], problems=[("state.problem.not_json", {})]
        ) from None
    return scenario_from_data(data, "file")


def check_upload(file) -> bool:
    """Whether an uploaded file (``st.file_uploader``'s UploadedFile) is small enough to be read at all.

    Its ``size`` is looked at before its content: a file over ``MAX_FILE_BYTES`` is reported (translated, by
    :func:`show_error`) and never read or parsed; the scenario the user had stays.
    """
    size = getattr(file, "size", None)
    if size is None:
        return True
    if size > MAX_FILE_BYTES:
        report_error(_too_large(size))
        return False
    return True


def scenario_to_json(scenario: Scenario) -> str:
    return scenario.model_dump_json(indent=2)


# --- session state -----------------------------------------------------------------------------------------
def current_choice() -> str:
    """The session's law choice as the link writes it ("today", "2026", "2026-03-01"; ui.law)."""
    return st.session_state.get(LAW_KEY, TODAY)


def current_law() -> dt.date:
    """The date whose law the session's runs use (today's law until the user or a link chooses another)."""
    return choice_date(current_choice())


def law_presets() -> dict[str, Preset]:
    """The presets re-read against the session's law (ui.law.law_presets_at)."""
    return law_presets_at(current_law())


def _presets():
    return law_presets()


def _law_from_url() -> bool:
    """The law of the link's ``law`` parameter (today's law without one); a bad value is reported and today's
    law used. True when the link named a law."""
    text = st.query_params.get("law")
    st.session_state[LAW_KEY] = TODAY
    if not text:
        return False
    try:
        st.session_state[LAW_KEY] = parse_law(text)
    except ValueError as exc:
        raise ScenarioError("link", [str(exc)], message=("law.problem.bad_value", {"value": text[:40]})) from None
    return True


def _scenario_from_link(code: str, law_named: bool) -> None:
    """A scenario from ``?s=``: at the link's law when it names one; otherwise its own law becomes the session's
    (a scenario saved before law dates keeps its 2025 law and says so, ui.law_view.legacy_notice)."""
    scenario = decode_scenario(code)
    if scenario.law_date is not None:
        if law_named:
            scenario = scenario.at_law(current_law())
        else:
            st.session_state[LAW_KEY] = choice_of(scenario.law_date)
    set_scenario(scenario)
    forget_origin()


def init_from_url() -> None:
    """On a session's first run, take the law and the scenario from the URL (or today's law and system)."""
    if "scenario" in st.session_state:
        return
    try:
        law_named = _law_from_url()
    except ScenarioError as exc:
        st.session_state["scenario_error"] = exc
        law_named = False
    st.session_state["scenario"] = Scenario(name="", family="baseline", law_date=current_law())
    st.session_state["preset"] = "todays_system" if "todays_system" in _presets() else None
    st.session_state[ORIGIN] = st.session_state["preset"]
    code = st.query_params.get("s")
    preset = st.query_params.get("preset")
    try:
        if code:
            _scenario_from_link(code, law_named)
        elif preset:
            if preset not in _presets():
                raise ScenarioError(
                    "link",
                    [f"preset: unknown preset '{preset[:60]}'"],
                    problems=[("state.problem.unknown_preset", {"name": preset[:60]})],
                )
            set_scenario(_presets()[preset].scenario, preset=preset)
    except ScenarioError as exc:
        st.session_state["scenario_error"] = exc
        _write_url()


def current_lang() -> str:
    """The session's language (app.py sets it from the URL or the language menu; Finnish until then)."""
    return st.session_state.get("lang", DEFAULT_LANG)


def current_scenario() -> Scenario:
    init_from_url()
    return st.session_state["scenario"]


def current_preset() -> str | None:
    return st.session_state.get("preset")


def set_scenario(scenario: Scenario, preset: str | None = None) -> None:
    """Make ``scenario`` active and put it in the URL. A preset is also remembered as the scenario's origin
    (:func:`preset_origin`), which edits keep."""
    st.session_state["scenario"] = scenario
    st.session_state["preset"] = preset
    if preset is not None:
        st.session_state[ORIGIN] = preset
    _write_url()


def preset_origin() -> str | None:
    """The preset the active scenario is, or was edited from (None for a scenario from a file or a link)."""
    return st.session_state.get("preset") or st.session_state.get(ORIGIN)


def forget_origin() -> None:
    """The active scenario came from elsewhere (a file): it is no edit of a preset."""
    st.session_state.pop(ORIGIN, None)


def sync_url() -> None:
    """Put the active scenario into the URL (app.py calls it every run: page switches keep the link)."""
    _write_url()


def _write_url() -> None:
    choice = current_choice()
    if choice == TODAY:
        st.query_params.pop("law", None)
    else:
        st.query_params["law"] = choice
    scenario = st.session_state["scenario"]
    preset = st.session_state.get("preset")
    if preset and preset in _presets() and _presets()[preset].scenario == scenario:
        st.query_params["preset"] = preset
        st.query_params.pop("s", None)
    else:
        st.query_params.pop("preset", None)
        if scenario.is_baseline and not scenario.name and scenario.law_date == current_law():
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
    key = "state.error.bad_link" if exc.kind == "link" else "state.error.bad_file"
    if exc.message:
        key, args = exc.message
        text = t(key, lang, **{k: fmt_number(v, lang) if isinstance(v, (int, float)) else v for k, v in args.items()})
    else:
        text = t(key, lang)
    lines = exc.lines(lang) if exc.message is None else []
    st.error(text + "".join(f"\n- {md_escape(line)}" for line in lines))

"""Join a workshop, the participant's screen (docs/WORKSHOP.md); made for a phone, no account needed.

- Join with the code (or the link / QR code, which carries ``?code=``) and an optional nickname. The app gives
  the participant a random token and puts it in the address (``?code=…&p=…``): opening that address again,
  on any device, restores every answer.
- Three steps: place yourself on the three value axes (0…1 each); rank up to three scenarios (the workshop's
  presets and the participants' own); build and send your own scenario from a preset, changing only the lever
  blocks the facilitator opened (or send the workbench's scenario, if it changes only those). Its results say who
  pays (the financing rate in use, the cost before financing, what an earner pays more), and on a phone a one-line
  summary stays at the top of the screen while the levers scroll.
- "Saved" is shown only after the answer is committed to the database. A closed workshop shows the answers
  but takes no new ones.
Widget keys start with ``join.``.
"""

import streamlit as st

from ui.router import require_router

require_router()

from pydantic import ValidationError

from models.axes import AXES
from ui import data, who_pays
from ui.ballot import ballot_options, option_label, show_options
from ui.export import app_base_url
from ui.i18n import fmt_meur, fmt_number, fmt_pct, t
from ui.law import compared_with
from ui.levers import (
    basic_income_levers,
    behaviour_levers,
    conditionality_levers,
    financing_levers,
    general_support_levers,
    means_tested_levers,
    negative_income_tax_levers,
    participation_income_levers,
    settle,
)
from ui.sliders import grid
from ui.state import current_lang, current_law, law_presets
from ui.workshop import (
    base_url,
    block_title,
    choice_label,
    client,
    database,
    error_text,
    escape_markdown,
    join_link,
    options,
    preset_title,
    show_error,
    submission_titles,
)
from workshop import security, store
from workshop.db import DatabaseError
from workshop.schema import (
    COMMENT_MAX,
    MAX_CHOICES,
    NICKNAME_MAX,
    SUBMISSION_TITLE_MAX,
    AxisAnswer,
    Ballot,
    JoinRequest,
    SubmissionIn,
    locked_blocks,
)

lang = current_lang()
AUTH = "join.auth"
ERRORS = (ValidationError, store.WorkshopError, DatabaseError)
LEVERS = {
    "means_tested": means_tested_levers,
    "basic_income": basic_income_levers,
    "negative_income_tax": negative_income_tax_levers,
    "general_support": general_support_levers,
    "participation_income": participation_income_levers,
    "conditionality": conditionality_levers,
    "financing": financing_levers,
    "behaviour": behaviour_levers,
}
WORKBENCH = "__workbench__"


def _remember(code: str, token: str) -> None:
    st.session_state[AUTH] = {"code": code, "token": token}
    st.query_params["code"] = code
    st.query_params["p"] = token


def _forget() -> None:
    st.session_state.pop(AUTH, None)
    st.query_params.pop("p", None)


# --- joining -------------------------------------------------------------------------------------------------------
def _join_form(url_code: str | None) -> None:
    st.write(t("ws.join.intro", lang))
    with st.form("join.form"):
        code = st.text_input(
            t("ws.field.code", lang), value=url_code or "", max_chars=20, key="join.code", placeholder="ABCD-EFGH"
        )
        nickname = st.text_input(
            t("ws.field.nickname", lang),
            max_chars=NICKNAME_MAX,
            key="join.nickname",
            help=t("ws.join.nickname_help", lang),
        )
        submitted = st.form_submit_button(t("ws.join.submit", lang), type="primary", icon=":material/login:")
    if submitted:
        try:
            joined = store.join(database(), code, JoinRequest(nickname=nickname), client())
        except ERRORS as exc:
            show_error(exc, lang)
            return
        _remember(joined.workshop.code, joined.token)
        st.rerun()


# --- the three steps --------------------------------------------------------------------------------------------------
def _axes(state, code: str, token: str, closed: bool) -> None:
    st.write(t("ws.join.axes_intro", lang))
    saved_axes = state.axes or {}
    with st.form("join.axes"):
        for a in AXES:
            saved = float(saved_axes.get(a, 0.5))
            st.select_slider(  # the numbers in the page's language (ui/sliders.py)
                f"{t(f'vm.axis.{a}', lang)}: {t(f'vm.pole.{a}.0', lang)} (0) ↔ {t(f'vm.pole.{a}.1', lang)} (1)",
                options=grid(0.0, 1.0, 0.05, saved),
                value=saved,
                format_func=lambda v: fmt_number(v, lang, 2),
                key=f"join.axis.{a}",
                disabled=closed,
            )
            st.caption(t(f"ws.axis_help.{a}", lang))
        submitted = st.form_submit_button(
            t("ws.join.save_axes", lang), type="primary", disabled=closed, icon=":material/save:"
        )
    if submitted:
        try:
            answer = AxisAnswer(**{a: st.session_state[f"join.axis.{a}"] for a in AXES})
            revision = store.save_axes(database(), code, token, answer)
        except ERRORS as exc:
            show_error(exc, lang)
            return
        st.success(t("ws.join.saved_axes", lang, n=fmt_number(revision, lang)), icon=":material/check_circle:")
    elif state.axes is None:
        st.caption(t("ws.join.not_saved", lang))
    else:
        st.caption(
            t(
                "ws.join.your_axes",
                lang,
                u=fmt_number(state.axes["universality"], lang, 2),
                c=fmt_number(state.axes["unconditionality"], lang, 2),
                i=fmt_number(state.axes["individuality"], lang, 2),
            )
        )


def _ballot(state, code: str, token: str) -> dict:
    """The ballot's options with their one-line descriptions and costs (ui/ballot.py), by choice."""
    titles = submission_titles(state)
    labels = {c: choice_label(c, titles, lang) for c in options(state, lang)}
    try:
        own = store.submission_scenarios(database(), code, token) if titles else {}
    except ERRORS:
        own = {}
    scenarios = {f"sub:{k}": v for k, v in own.items()}
    ballot = ballot_options(labels, scenarios, lambda s: data.results(s, traps=False), lang)
    return {o.choice: o for o in ballot}


def _vote(state, code: str, token: str, closed: bool) -> None:
    st.write(t("ws.join.vote_intro", lang, n=MAX_CHOICES))
    ballot = _ballot(state, code, token)
    opts = list(ballot)
    show_options(list(ballot.values()), lang)
    with st.form("join.vote"):
        for rank in range(1, MAX_CHOICES + 1):
            current = state.choices[rank - 1] if len(state.choices) >= rank else None
            st.selectbox(
                t("ws.join.choice", lang, n=rank),
                [None, *opts],
                index=([None, *opts].index(current) if current in opts else 0),
                format_func=lambda c: option_label(ballot.get(c) if c else None, lang),
                placeholder=t("st.selectbox.placeholder", lang),
                filter_mode=None,  # no typing: no keyboard over the list on a phone, no "No results"
                key=f"join.choice.{rank}",
                disabled=closed,
            )
        submitted = st.form_submit_button(
            t("ws.join.save_vote", lang), type="primary", disabled=closed, icon=":material/how_to_vote:"
        )
    if submitted:
        picks = [st.session_state.get(f"join.choice.{r}") for r in range(1, MAX_CHOICES + 1)]
        choices = tuple(c for c in picks if c)
        if len(set(choices)) != len(choices):
            st.error(t("ws.error.duplicate_choice", lang), icon=":material/error:")
            return
        try:
            store.save_ballot(database(), code, token, Ballot(choices=choices))
        except ERRORS as exc:
            show_error(exc, lang)
            return
        if choices:
            st.success(t("ws.join.saved_vote", lang), icon=":material/check_circle:")
        else:
            st.success(t("ws.join.vote_withdrawn", lang), icon=":material/check_circle:")


def _start_options(state) -> list[str]:
    """Starting points: the workshop's presets, and the workbench's scenario when the session has one."""
    out = list(state.workshop.presets)
    workbench = st.session_state.get("scenario")
    if (
        workbench is not None
        and not workbench.is_baseline
        and all(p.scenario != workbench for p in law_presets().values())
    ):
        out.append(WORKBENCH)
    return out


def _scenario(state, code: str, token: str, closed: bool) -> None:
    """Step 3: the scenario you sent (withdraw it), then, while the workshop is open, your draft from a starting
    point with the levers the facilitator opened, its results, and the form that sends it."""
    w = state.workshop
    allowed = ", ".join(block_title(b, lang) for b in w.levers) or t("ws.join.no_levers", lang)
    st.write(t("ws.join.scenario_intro", lang, levers=allowed))
    if st.session_state.pop("join._sent", False):
        st.success(t("ws.join.sent", lang), icon=":material/check_circle:")
    if state.submission is not None:
        _your_submission(state.submission, code, token, closed)
    if closed:
        return
    summary_slot = st.container(key="join.summary")  # filled below; sticks on a phone while the levers scroll
    draft = _draft(state)
    locked = locked_blocks(draft, w.presets, w.levers)
    if locked:
        st.warning(error_text(store.LockedLevers(locked), lang), icon=":material/lock:")
    r = data.results(draft, traps=False)
    pays = who_pays.figures(draft, r, data.scenario_to_run(draft)[1])
    who_pays.summary_bar(summary_slot, pays, r, lang)
    c1, c2, c3 = st.columns(3)
    c1.metric(t("metric.net_cost", lang), fmt_meur(r["net_cost_eur"], lang), help=t("metric.net_cost_help", lang))
    c2.metric("▲ " + t("metric.winners", lang), fmt_pct(r["winners_share"], lang))
    c3.metric("▼ " + t("metric.losers", lang), fmt_pct(r["losers_share"], lang))
    who_pays.block(pays, lang, key="join.who_pays")
    _send_form(state, draft, code, token)


def _your_submission(submission, code: str, token: str, closed: bool) -> None:
    with st.container(border=True):
        st.markdown(f"**{t('ws.join.your_submission', lang)}**")
        st.text(submission.title)
        if submission.comment:
            st.text(submission.comment)
        if not closed and st.button(t("ws.join.withdraw", lang), key="join.withdraw", icon=":material/undo:"):
            try:
                store.withdraw_submission(database(), code, token)
            except ERRORS as exc:
                show_error(exc, lang)
            else:
                st.rerun()


def _draft(state):
    """The participant's draft: a starting point (kept until another is chosen) changed with the open levers."""
    start = st.selectbox(
        t("ws.join.start_from", lang),
        _start_options(state),
        key="join.start",
        format_func=lambda s: t("ws.join.from_workbench", lang) if s == WORKBENCH else preset_title(s, lang),
    )
    if st.session_state.get("join._start") != start or "join.draft" not in st.session_state:
        st.session_state["join.draft"] = (
            st.session_state["scenario"] if start == WORKBENCH else law_presets()[start].scenario
        )
        st.session_state["join._start"] = start
    draft = st.session_state["join.draft"]
    blocks = {}
    for b in state.workshop.levers:
        with st.expander(block_title(b, lang), key=f"join.section.{b}"):
            blocks[b] = LEVERS[b](getattr(draft, b), lang, prefix=f"join.{b}")
    draft = draft.model_copy(update=blocks)
    settle(draft)  # the widgets' blocks are remembered with the draft (a key press during a run is not lost)
    st.session_state["join.draft"] = draft
    st.page_link("pages/workbench.py", label=t("ws.join.to_workbench", lang), icon=":material/tune:")
    return draft


def _send_form(state, draft, code: str, token: str) -> None:
    """The title and comment of the draft, and the button that sends it (replacing what was sent before)."""
    with st.form("join.submission"):
        title = st.text_input(
            t("ws.field.submission_title", lang),
            max_chars=SUBMISSION_TITLE_MAX,
            key="join.sub.title",
            value=state.submission.title if state.submission else "",
        )
        comment = st.text_area(
            t("ws.field.comment", lang),
            max_chars=COMMENT_MAX,
            key="join.sub.comment",
            value=state.submission.comment if state.submission else "",
        )
        submitted = st.form_submit_button(t("ws.join.send", lang), type="primary", icon=":material/send:")
    if submitted:
        try:
            sub = SubmissionIn(title=title, comment=comment, scenario=draft)
            sub = sub.model_copy(update={"scenario": draft.model_copy(update={"name": sub.title})})
            store.save_submission(database(), code, token, sub)
        except ERRORS as exc:
            show_error(exc, lang, {"title": "ws.field.submission_title"})
            return
        st.session_state["join._sent"] = True  # shown after the rerun that lists the scenario as sent
        st.rerun()


# --- the page ---------------------------------------------------------------------------------------------------------
url_code = st.query_params.get("code")
auth = st.session_state.get(AUTH)
if auth is None and url_code and st.query_params.get("p"):
    auth = {"code": url_code, "token": st.query_params.get("p")}

state = None
if auth is not None:
    try:
        state = store.participant_state(database(), auth["code"], auth["token"])
    except store.UnknownParticipant as exc:
        st.title(t("ws.join.title", lang))
        show_error(exc, lang)
        _forget()
    except ERRORS as exc:
        st.title(t("ws.join.title", lang))
        show_error(exc, lang)

if state is None:
    if auth is None:
        st.title(t("ws.join.title", lang))
    _join_form(security.normalize_code(url_code) and security.display_code(security.normalize_code(url_code)))
else:
    code, token = state.workshop.code, auth["token"]
    _remember(code, token)
    closed = not state.workshop.is_open
    st.caption(t("ws.join.title", lang))
    st.title(escape_markdown(state.workshop.title), anchor=False)
    if state.nickname:
        st.caption(t("ws.join.you_are", lang, name=escape_markdown(state.nickname)))
    st.caption(compared_with(lang, current_law()) + " " + t("law.evaluated_on", lang))
    if closed:
        st.info(t("ws.join.closed", lang), icon=":material/lock:")
    with st.expander(t("ws.join.link_title", lang), icon=":material/link:", key="join.link_section"):
        st.caption(t("ws.join.link_help", lang))
        st.code(join_link(base_url(app_base_url()), code, lang, token), language=None, wrap_lines=True)
    tab_axes, tab_vote, tab_scenario = st.tabs(
        [t("ws.join.tab.axes", lang), t("ws.join.tab.vote", lang), t("ws.join.tab.scenario", lang)]
    )
    with tab_axes:
        _axes(state, code, token, closed)
    with tab_vote:
        _vote(state, code, token, closed)
    with tab_scenario:
        _scenario(state, code, token, closed)

"""Workshop, the facilitator's screen (docs/WORKSHOP.md).

- Without a workshop: create one (title, language, the presets participants vote on and start from, the lever
  blocks they may change, the base of the room's scenario) or open one with its code and facilitator key.
- With one: the facilitator key once after creating it; the join code, link and QR code; the room, read from the
  database every few seconds (st.fragment(run_every=…)): how many have answered, the distribution of the room's
  axis positions, the votes, the submitted scenarios side by side with their results, and the room's scenario
  (the medians moved onto the base preset by the value map's rule) with who pays for it, its cost and
  distributional results; an unfunded room scenario says so and offers the financing choice (the facilitator's
  choice makes it budget-neutral with that method, for this screen).
- Presentation mode: the join code, the room and the room's scenario large, without the menu or controls.
- Controls: lock or open presets and levers, close or reopen, export (HTML handout, CSV of the anonymous
  responses), delete the workshop with all its data, forget the key in this browser.
Widget keys start with ``ws.``.
"""

import streamlit as st

from ui.router import require_router

require_router()

import time

from pydantic import ValidationError

from models.scenario import LEVER_BLOCKS, Financing
from ui import data, who_pays
from ui.charts_map import decile_change
from ui.export import MIME, app_base_url, images_available, slug
from ui.i18n import LANG_NAMES, LANGS, fmt_meur, fmt_number, fmt_pct, t
from ui.landscape import landscape_card
from ui.law import compared_with
from ui.plain_names import lever_rows
from ui.projector import (
    HEIGHTS,
    PRESENT_CSS,
    VOTE_LABEL_ROOM,
    VOTE_WRAP,
    VOTES_SHOWN,
    counts_line,
    for_projector,
)
from ui.state import current_lang, current_law, law_presets
from ui.theme import PLOTLY_CONFIG
from ui.widget_texts import multiselect_texts
from ui.workshop import (
    REFRESH_S,
    base_url,
    block_title,
    choice_label,
    client,
    database,
    escape_markdown,
    handout_html,
    join_link,
    options,
    preset_title,
    qr_png,
    responses_csv,
    room,
    room_axes_chart,
    show_error,
    submission_rows,
    submission_titles,
    tally,
    votes_chart,
)
from workshop import security, store
from workshop.db import DatabaseError
from workshop.schema import TITLE_MAX, TODAY, WorkshopCreate, WorkshopSettings

lang = current_lang()
AUTH = "ws.auth"
DEFAULT_LEVERS = ("basic_income", "general_support", "participation_income")
ERRORS = (ValidationError, store.WorkshopError, DatabaseError)


def _results(scenario):
    return data.results(scenario, traps=False)


def _forget() -> None:
    for k in (AUTH, "ws.new_key", "ws.handout", "ws.present"):
        st.session_state.pop(k, None)


def _room_choices(form: str, presets: list[str], levers: list[str] | tuple[str, ...], base_index: int, with_help: bool):
    """The presets participants vote on and start from, the lever blocks they may change and the preset the room's
    scenario starts from (widgets ``ws.<form>.presets|levers|base``); the levers always explain themselves."""
    every_preset = list(law_presets())
    chosen = st.multiselect(
        t("ws.field.presets", lang),
        every_preset,
        default=presets,
        key=f"ws.{form}.presets",
        format_func=lambda p: preset_title(p, lang),
        help=t("ws.create.presets_help", lang) if with_help else None,
        **multiselect_texts(lang),
    )
    levers = st.multiselect(
        t("ws.field.levers", lang),
        LEVER_BLOCKS,
        default=levers,
        key=f"ws.{form}.levers",
        format_func=lambda b: block_title(b, lang),
        help=t("ws.create.levers_help", lang),
        **multiselect_texts(lang),
    )
    base = st.selectbox(
        t("ws.field.base_preset", lang),
        every_preset,
        index=base_index,
        format_func=lambda p: preset_title(p, lang),
        key=f"ws.{form}.base",
        help=t("ws.create.base_help", lang) if with_help else None,
    )
    return chosen, levers, base


# --- without a workshop: create or open ---------------------------------------------------------------------------
def _create_form() -> None:
    presets = list(law_presets())
    with st.form("ws.create", border=True):
        title = st.text_input(
            t("ws.field.title", lang),
            max_chars=TITLE_MAX,
            key="ws.create.title",
            placeholder=t("ws.create.title_placeholder", lang),
        )
        wlang = st.selectbox(
            t("ws.field.lang", lang), LANGS, index=LANGS.index(lang), format_func=LANG_NAMES.get, key="ws.create.lang"
        )
        base_index = presets.index(TODAY) if TODAY in presets else 0
        chosen, levers, base = _room_choices("create", presets, DEFAULT_LEVERS, base_index, with_help=True)
        submitted = st.form_submit_button(t("ws.create.submit", lang), type="primary", icon=":material/add:")
    if submitted:
        try:
            request = WorkshopCreate(
                title=title, lang=wlang, presets=tuple(chosen), levers=tuple(levers), base_preset=base
            )
            created = store.create_workshop(database(), request)
        except ERRORS as exc:
            show_error(exc, lang)
            return
        st.session_state[AUTH] = {"code": created.workshop.code, "key": created.key}
        st.session_state["ws.new_key"] = created.key
        st.rerun()


def _open_form() -> None:
    with st.form("ws.open", border=True):
        code = st.text_input(t("ws.field.code", lang), max_chars=20, key="ws.open.code")
        key = st.text_input(t("ws.field.key", lang), type="password", max_chars=100, key="ws.open.key")
        submitted = st.form_submit_button(t("ws.open.submit", lang), icon=":material/login:")
    if submitted:
        try:
            w = store.facilitator_login(database(), code, key.strip(), client())
        except ERRORS as exc:
            show_error(exc, lang)
            return
        st.session_state[AUTH] = {"code": w.code, "key": key.strip()}
        st.rerun()


# --- the room ----------------------------------------------------------------------------------------------------
def _counts(snap) -> None:
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("ws.count.participants", lang), fmt_number(len(snap.participants), lang))
    c2.metric(t("ws.count.answers", lang), fmt_number(len(snap.answers), lang))
    c3.metric(t("ws.count.voters", lang), fmt_number(len({v["participant_id"] for v in snap.votes}), lang))
    c4.metric(t("ws.count.submissions", lang), fmt_number(len(snap.submissions), lang))


def _room_financing(scenario, present: bool):
    """The room's scenario as shown: an unfunded one (no financing, a net cost) offers the financing choice, and a
    chosen method makes it budget-neutral with that method (``ws.room.financing``, kept for this screen)."""
    if scenario.financing.method != "none":
        return scenario
    chosen = st.session_state.get("ws.room.financing", "none")
    if chosen == "none" and not who_pays.figures(scenario, _results(scenario)).unfunded:
        return scenario
    if not present:
        chosen = st.selectbox(
            t("ws.room.financing", lang),
            ("none", *who_pays.METHODS),
            key="ws.room.financing",
            format_func=lambda m: (
                t("ws.room.financing.none", lang) if m == "none" else t(f"results.financing.{m}", lang)
            ),
            help=t("ws.room.financing.help", lang),
        )
    if chosen == "none":
        return scenario
    return scenario.model_copy(update={"financing": Financing(method=chosen, rate=0.0, budget_neutral=True)})


def _room_scenario(snap, summaries, scenario, moved, present: bool) -> None:
    st.subheader(t("ws.room.title", lang))
    if not present:
        st.caption(t("ws.room.rule", lang, base=preset_title(snap.workshop.base_preset, lang)))
    if summaries is None:
        st.info(t("ws.room.no_answers", lang))
    else:
        moved_text = ", ".join(t(f"vm.axis.{a}", lang) for a in moved) or t("ws.room.moved_none", lang)
        st.caption(t("ws.room.moved", lang, axes=moved_text))
    scenario = _room_financing(scenario, present)
    r = _results(scenario)
    pays = who_pays.figures(scenario, r, data.scenario_to_run(scenario)[1])
    if present:  # one sentence on the projector: the box's figures would push the room below a 1080p screen
        with st.container(key="ws.room.who_pays"):
            st.markdown(f"**{t('pays.title', lang)}:** {who_pays.reading(pays, lang)}")
    else:
        who_pays.block(pays, lang, key="ws.room.who_pays", columns=2)
    c1, c2 = st.columns(2)
    c1.metric(t("metric.net_cost", lang), fmt_meur(r["net_cost_eur"], lang), help=t("metric.net_cost_help", lang))
    c2.metric(
        t("metric.poverty_rate", lang),
        fmt_pct(r["poverty_rate"]["reform"], lang),
        help=t("ws.room.poverty_help", lang, baseline=fmt_pct(r["poverty_rate"]["baseline"], lang)),
    )
    c3, c4 = st.columns(2)
    c3.metric("▲ " + t("metric.winners", lang), fmt_pct(r["winners_share"], lang))
    c4.metric("▼ " + t("metric.losers", lang), fmt_pct(r["losers_share"], lang))
    deciles = decile_change(r, lang, height=HEIGHTS["deciles"] if present else 380)
    st.plotly_chart(
        for_projector(deciles) if present else deciles, key="ws.chart.deciles", config=PLOTLY_CONFIG, theme=None
    )
    if not present:
        landscape_card(scenario, lang)  # the room's scenario among the landscape's designs (behind a switch)
        with st.expander(t("ws.room.levers", lang), key="ws.room.levers"):
            levers = lever_rows(scenario, lang)
            if levers:
                st.dataframe(
                    [
                        {t("ws.col.block", lang): b, t("ws.col.lever", lang): f, t("ws.col.value", lang): v}
                        for b, f, v in levers
                    ],
                    hide_index=True,
                )
            else:
                st.write(t("ws.room.no_levers", lang))


def _votes(snap, present: bool) -> None:
    st.subheader(t("ws.votes.title", lang))
    tallies = tally(snap, lang)
    if not any(x.points for x in tallies):
        st.info(t("ws.votes.none", lang))
        return
    titles = submission_titles(snap)
    labels = {c: choice_label(c, titles, lang) for c in options(snap, lang)}
    if present:
        fig = for_projector(
            votes_chart(
                tallies,
                labels,
                lang,
                height=HEIGHTS["votes"],
                wrap=VOTE_WRAP,
                limit=VOTES_SHOWN,
                label_room=VOTE_LABEL_ROOM,
            )
        )
    else:
        fig = votes_chart(tallies, labels, lang)
    st.plotly_chart(fig, key="ws.chart.votes", config=PLOTLY_CONFIG, theme=None)
    st.caption(t("ws.votes.rule", lang))


def _submissions(snap) -> None:
    st.subheader(t("ws.submissions.title", lang))
    if not snap.submissions:
        st.info(t("ws.submissions.none", lang))
        return
    st.dataframe(submission_rows(snap, _results, lang), hide_index=True, key="ws.submissions.table")
    st.caption(t("ws.submissions.caption", lang))


def _present_room(snap, summaries, scenario, moved) -> None:
    """The room on a projector: the counts in one line, then the axes, the votes and the room's scenario side by side
    (ui/projector.py sizes them to fit a 1080-pixel screen under the header)."""
    with st.container(key="ws.present.counts"):
        st.markdown(
            counts_line(
                len(snap.participants),
                len(snap.answers),
                len({v["participant_id"] for v in snap.votes}),
                len(snap.submissions),
                lang,
            )
        )
    axes, votes, room_ = st.columns([1, 1, 1.1], gap="large")
    with axes:
        st.subheader(t("ws.axes.title", lang))
        fig = for_projector(room_axes_chart(summaries, lang, height=HEIGHTS["axes"]))
        st.plotly_chart(fig, key="ws.chart.axes", config=PLOTLY_CONFIG, theme=None)
    with votes:
        _votes(snap, present=True)
    with room_:
        _room_scenario(snap, summaries, scenario, moved, present=True)


def _room(code: str, key: str, present: bool) -> None:
    """One read of the database and everything drawn from it (the body of the live fragment)."""
    try:
        snap = store.snapshot(database(), code, key, client())
    except ERRORS as exc:
        show_error(exc, lang)
        return
    summaries, scenario, moved = room(snap, lang)
    if not snap.workshop.is_open:
        st.warning(t("ws.status.closed_banner", lang), icon=":material/lock:")
    if present:
        _present_room(snap, summaries, scenario, moved)
        return
    _counts(snap)
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.subheader(t("ws.axes.title", lang))
        st.plotly_chart(
            room_axes_chart(summaries, lang, height=680 if present else 580),
            key="ws.chart.axes",
            config=PLOTLY_CONFIG,
            theme=None,
        )
        st.caption(t("ws.axes.caption", lang))
        _votes(snap, present)
    with right:
        _room_scenario(snap, summaries, scenario, moved, present)
    if not present:
        _submissions(snap)
    st.caption(t("ws.updated", lang, time=time.strftime("%H:%M:%S"), seconds=REFRESH_S))


def _present_header(title: str, code: str, link: str) -> None:
    """The projector's header in one row: the title and how to join, the code and link large, the QR code."""
    name, join, qr = st.columns([5, 5, 1.3], vertical_alignment="center")
    with name:
        st.title(escape_markdown(title), anchor=False)
        st.caption(t("ws.join.instructions", lang))
    with join:
        st.markdown(f"**{t('ws.join.code_label', lang)}**")
        with st.container(key="ws.present.code"):
            st.markdown(f"## {security.display_code(code)}")
        with st.container(key="ws.present.link"):
            st.code(link, language=None)
    with qr:
        st.image(qr_png(link), caption=t("ws.qr.caption", lang), width=170)


# --- controls ----------------------------------------------------------------------------------------------------
def _settings(w, code: str, key: str) -> None:
    presets = list(law_presets())
    with st.form("ws.settings"):
        st.markdown(f"**{t('ws.settings.title', lang)}**")
        chosen, levers, base = _room_choices(
            "settings", list(w.presets), list(w.levers), presets.index(w.base_preset), with_help=False
        )
        saved = st.form_submit_button(t("ws.settings.save", lang))
    if saved:
        try:
            store.update_settings(
                database(),
                code,
                key,
                client(),
                WorkshopSettings(presets=tuple(chosen), levers=tuple(levers), base_preset=base),
            )
        except ERRORS as exc:
            show_error(exc, lang)
        else:
            st.success(t("ws.settings.saved", lang))


def _status(w, code: str, key: str) -> None:
    """Close an open workshop or reopen a closed one."""
    if w.is_open:
        help_, action, icon, status = "ws.status.open_help", "close", ":material/lock:", "closed"
    else:
        help_, action, icon, status = "ws.status.closed_help", "reopen", ":material/lock_open:", "open"
    st.caption(t(help_, lang))
    if st.button(t(f"ws.status.{action}", lang), key=f"ws.{action}", icon=icon):
        try:
            store.set_status(database(), code, key, client(), status)
        except ERRORS as exc:
            show_error(exc, lang)
        else:
            st.rerun()


def _exports(w, code: str, key: str) -> None:
    st.markdown(f"**{t('ws.export.title', lang)}**")
    who = client()
    lang_ = lang

    def csv_now() -> bytes:
        # Runs when the button is clicked (in a thread of its own): a fresh read of the database.
        return responses_csv(store.snapshot(database(), code, key, who), lang_)

    st.download_button(
        t("ws.export.csv", lang),
        data=csv_now,
        file_name=f"{slug(w.title)}-responses.csv",
        mime=MIME["csv"],
        key="ws.export.csv",
        icon=":material/table:",
        on_click="ignore",
        help=t("ws.export.csv_help", lang),
    )
    as_images = st.checkbox(
        t("export.report.as_images", lang), key="ws.export.as_images", disabled=not images_available()
    )
    if st.button(t("ws.export.prepare", lang), key="ws.export.prepare", icon=":material/description:"):
        try:
            snap = store.snapshot(database(), code, key, who)
            with st.spinner(t("export.report.preparing", lang)):
                text = handout_html(
                    snap, lang, _results, charts="png" if as_images else "plotly", app_url=app_base_url()
                )
        except ERRORS as exc:
            show_error(exc, lang)
        else:
            st.session_state["ws.handout"] = text
    text = st.session_state.get("ws.handout")
    if text:
        st.download_button(
            t("ws.export.download", lang),
            text.encode("utf-8"),
            file_name=f"{slug(w.title)}-handout.html",
            mime=MIME["html"],
            key="ws.export.download",
            icon=":material/download:",
            on_click="ignore",
        )


def _delete(w, code: str, key: str) -> None:
    st.markdown(f"**{t('ws.delete.title', lang)}**")
    st.caption(t("ws.delete.help", lang, code=security.display_code(code)))
    typed = st.text_input(t("ws.delete.confirm", lang), key="ws.delete.confirm", max_chars=20)
    if st.button(t("ws.delete.submit", lang), key="ws.delete", icon=":material/delete_forever:"):
        if security.normalize_code(typed) != code:
            st.error(t("ws.delete.mismatch", lang))
            return
        try:
            store.delete_workshop(database(), code, key, client())
        except ERRORS as exc:
            show_error(exc, lang)
        else:
            _forget()
            st.session_state["ws.deleted"] = True
            st.rerun()


# --- the page ----------------------------------------------------------------------------------------------------
auth = st.session_state.get(AUTH)
workshop = None
if auth:
    try:
        workshop = store.facilitator_login(database(), auth["code"], auth["key"], client())
    except ERRORS as exc:
        st.title(t("ws.fac.title", lang))
        show_error(exc, lang)
        _forget()
        auth = None

if workshop is None:
    st.title(t("ws.fac.title", lang))
    st.caption(t("ws.fac.intro", lang))
    if st.session_state.pop("ws.deleted", False):
        st.success(t("ws.delete.done", lang))
    tab_new, tab_open = st.tabs([t("ws.tab.new", lang), t("ws.tab.open", lang)])
    with tab_new:
        _create_form()
    with tab_open:
        _open_form()
else:
    code, key = auth["code"], auth["key"]
    present = bool(st.session_state.get("ws.present", False))
    link = join_link(base_url(app_base_url()), code, workshop.lang)
    if present:
        st.html(PRESENT_CSS)
        _present_header(workshop.title, code, link)
    else:
        head, qr = st.columns([3, 1], vertical_alignment="center")
        with head:
            st.caption(t("ws.fac.title", lang))
            st.title(escape_markdown(workshop.title), anchor=False)
            st.markdown(f"**{t('ws.join.code_label', lang)}**")
            with st.container(key="ws.present.code"):
                st.markdown(f"## {security.display_code(code)}")
            st.caption(t("ws.join.instructions", lang))
            st.code(link, language=None)
            st.caption(compared_with(lang, current_law()) + " " + t("law.evaluated_on", lang))
        with qr:
            st.image(qr_png(link), caption=t("ws.qr.caption", lang), width=200)

    new_key = st.session_state.get("ws.new_key")
    if new_key and not present:
        with st.container(border=True):
            st.warning(t("ws.key.once", lang), icon=":material/key:")
            st.code(new_key, language=None)
            st.caption(t("ws.key.help", lang))
            if st.button(t("ws.key.saved", lang), key="ws.key.saved"):
                st.session_state.pop("ws.new_key", None)
                st.rerun()

    if not present:
        st.toggle(t("ws.present.toggle", lang), key="ws.present", help=t("ws.present.help", lang))

    @st.fragment(run_every=REFRESH_S)
    def live_room() -> None:
        _room(code, key, present)

    live_room()
    if present:  # the one control left on the projector: the way back
        st.toggle(t("ws.present.toggle", lang), key="ws.present", help=t("ws.present.help", lang))

    if not present:
        with st.expander(t("ws.controls", lang), expanded=False, key="ws.controls.section"):
            _settings(workshop, code, key)
            st.divider()
            _status(workshop, code, key)
            st.divider()
            _exports(workshop, code, key)
            st.divider()
            _delete(workshop, code, key)
            st.divider()
            if st.button(t("ws.forget", lang), key="ws.forget", help=t("ws.forget.help", lang)):
                _forget()
                st.rerun()

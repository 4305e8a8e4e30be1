"""AppTest of workshop mode: both pages render in fi/sv/en; a facilitator creates a workshop, a participant joins
with the code, answers, votes and sends a scenario, and the facilitator's view shows it; reconnecting with the
personal link restores the answers; errors are translated and name the field; user text is never markup; closing
and deleting work from the page. Each test uses an SQLite file of its own (ARVOVALINNAT_WORKSHOP_DB)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from models.presets import load_presets
from tests.helpers import open_app
from ui.i18n import t
from workshop import store
from workshop.db import Database

ROOT = Path(__file__).resolve().parent.parent
FACILITATOR, JOIN = "pages/workshop.py", "pages/join.py"

pytestmark = pytest.mark.usefixtures("small_app_population")


@pytest.fixture(autouse=True)
def workshop_db(tmp_path, monkeypatch):
    path = tmp_path / "workshop.sqlite3"
    monkeypatch.setenv("ARVOVALINNAT_WORKSHOP_DB", str(path))
    monkeypatch.delenv("ARVOVALINNAT_DATABASE_URL", raising=False)
    return Database(f"sqlite:///{path}")


def _app(page: str, lang: str = "en", **params) -> AppTest:
    return open_app(page, lang, 120, **params)


def _submit(at: AppTest, form: str, label_key: str, lang: str = "en") -> AppTest:
    at.button(key=f"FormSubmitter:{form}-{t(label_key, lang)}").click().run()
    assert not at.exception, at.exception
    return at


def _create(lang: str = "en", title: str = "Kela and the city") -> tuple[AppTest, str, str]:
    at = _app(FACILITATOR, lang)
    at.text_input(key="ws.create.title").input(title)
    _submit(at, "ws.create", "ws.create.submit", lang)
    auth = at.session_state["ws.auth"]
    return at, auth["code"], auth["key"]


def _join(code: str, nickname: str = "", lang: str = "en") -> AppTest:
    at = _app(JOIN, lang, code=code)
    if nickname:
        at.text_input(key="join.nickname").input(nickname)
    return _submit(at, "join.form", "ws.join.submit", lang)


def _metric(at: AppTest, key: str, lang: str = "en") -> str:
    return next(m.value for m in at.metric if m.label == t(key, lang))


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_both_pages_render_in_every_language(lang):
    fac = _app(FACILITATOR, lang)
    assert fac.title[0].value == t("ws.fac.title", lang)
    assert [tab.label for tab in fac.tabs] == [t("ws.tab.new", lang), t("ws.tab.open", lang)]
    join = _app(JOIN, lang)
    assert join.title[0].value == t("ws.join.title", lang)
    # And with a workshop: the facilitator's room and the participant's three steps.
    at, code, _ = _create(lang)
    assert not at.exception
    assert _metric(at, "ws.count.participants", lang) == "0"
    participant = _join(code, lang=lang)
    assert [tab.label for tab in participant.tabs] == [
        t("ws.join.tab.axes", lang),
        t("ws.join.tab.vote", lang),
        t("ws.join.tab.scenario", lang),
    ]


def test_create_join_answer_vote_submit_and_the_facilitator_sees_it(workshop_db):
    fac, code, key = _create()
    assert any(c.value == key for c in fac.code), "the key is shown once after creating"
    assert any(f"code={code}" in c.value for c in fac.code), "the join link carries the code"
    assert fac.session_state["ws.new_key"] == key
    fac.button(key="ws.key.saved").click().run()
    assert not any(c.value == key for c in fac.code), "and hidden when the facilitator has saved it"

    p = _join(code, nickname="Anna")
    token = p.query_params["p"]
    assert p.query_params["code"] == code and len(token) >= 32
    p.select_slider(key="join.axis.universality").set_value(0.8)
    p.select_slider(key="join.axis.unconditionality").set_value(0.2)
    _submit(p, "join.axes", "ws.join.save_axes")
    assert p.success[0].value.startswith(t("ws.join.saved_axes", "en", n="1")[:8])
    # Saved means committed: the database has it now.
    state = store.participant_state(workshop_db, code, token)
    assert state.axes == {"universality": 0.8, "unconditionality": 0.2, "individuality": 0.5}

    p.selectbox(key="join.choice.1").set_value("preset:yleistuki_2026")
    p.selectbox(key="join.choice.2").set_value("preset:todays_system")
    _submit(p, "join.vote", "ws.join.save_vote")
    assert store.participant_state(workshop_db, code, token).choices == (
        "preset:yleistuki_2026",
        "preset:todays_system",
    )

    p.selectbox(key="join.start").set_value("partial_basic_income_kela_2016").run()
    p.text_input(key="join.sub.title").input("Basic income for all")
    p.text_area(key="join.sub.comment").input("Simple *and* fair <script>")
    _submit(p, "join.submission", "ws.join.send")
    assert not p.error, [e.value for e in p.error]
    sub = store.participant_state(workshop_db, code, token).submission
    assert sub.title == "Basic income for all" and sub.comment == "Simple *and* fair <script>"
    assert sub.scenario.basic_income == load_presets()["partial_basic_income_kela_2016"].scenario.basic_income

    fac.run()
    assert not fac.exception
    assert _metric(fac, "ws.count.participants") == "1"
    assert _metric(fac, "ws.count.answers") == "1"
    assert _metric(fac, "ws.count.voters") == "1"
    assert _metric(fac, "ws.count.submissions") == "1"
    table = fac.dataframe[-1].value
    assert list(table[t("ws.col.title", "en")]) == ["Basic income for all"]
    assert list(table[t("ws.col.nickname", "en")]) == ["Anna"]
    # The room's scenario: from today's system, the median universality 0.8 adds a basic income → it costs.
    assert _metric(fac, "metric.net_cost") != "€0\u00a0m"


def test_reconnecting_with_the_personal_link_restores_the_answers(workshop_db):
    _, code, _ = _create()
    p = _join(code)
    token = p.query_params["p"]
    p.select_slider(key="join.axis.individuality").set_value(0.15)
    _submit(p, "join.axes", "ws.join.save_axes")
    p.selectbox(key="join.choice.1").set_value("preset:todays_system")
    _submit(p, "join.vote", "ws.join.save_vote")
    again = _app(JOIN, "fi", code=code, p=token)  # a new browser session with the personal link
    assert again.select_slider(key="join.axis.individuality").value == pytest.approx(0.15)
    assert again.selectbox(key="join.choice.1").value == "preset:todays_system"
    assert not again.error


def test_a_bad_personal_link_or_code_gives_a_translated_error():
    _, code, _ = _create()
    bad = _app(JOIN, "sv", code=code, p="not-a-real-token")
    assert bad.error[0].value == t("ws.error.unknown_participant", "sv")
    assert bad.text_input(key="join.code").value  # and the join form, with the code from the link
    wrong = _app(JOIN, "fi")
    wrong.text_input(key="join.code").input("2222-2222")
    _submit(wrong, "join.form", "ws.join.submit", "fi")
    assert wrong.error[0].value == t("ws.error.not_found", "fi")


def test_invalid_input_names_the_field_and_the_app_keeps_running():
    at = _app(FACILITATOR, "fi")
    at.text_input(key="ws.create.title").input("   ")
    _submit(at, "ws.create", "ws.create.submit", "fi")
    message = at.error[0].value
    assert t("ws.error.invalid", "fi") in message and t("ws.field.title", "fi") in message
    assert "ws.auth" not in at.session_state
    at.multiselect(key="ws.create.presets").set_value([])
    at.text_input(key="ws.create.title").input("Ok")
    _submit(at, "ws.create", "ws.create.submit", "fi")
    assert t("ws.field.presets", "fi") in at.error[0].value

    _, code, _ = _create()
    p = _join(code)
    p.selectbox(key="join.choice.1").set_value("preset:todays_system")
    p.selectbox(key="join.choice.2").set_value("preset:todays_system")
    _submit(p, "join.vote", "ws.join.save_vote")
    assert p.error[0].value == t("ws.error.duplicate_choice", "en")
    p.text_input(key="join.sub.title").input("")
    _submit(p, "join.submission", "ws.join.send")
    assert t("ws.field.submission_title", "en") in p.error[0].value


def test_a_locked_lever_is_refused_with_its_name():
    _, code, _ = _create()  # the default open levers: basic income, general support, participation income
    p = _join(code)
    full = load_presets()["full_basic_income_1000"].scenario  # edited on the workbench, financing too
    p.session_state["scenario"] = full.model_copy(
        update={
            "basic_income": full.basic_income.model_copy(update={"amount": 990.0}),
            "financing": full.financing.model_copy(
                update={"method": "flat_tax", "rate": 0.123, "budget_neutral": False}
            ),
        }
    )
    p.run()
    p.selectbox(key="join.start").set_value("__workbench__").run()
    assert t("wb.section.financing", "en") in p.warning[0].value
    p.text_input(key="join.sub.title").input("Everything")
    _submit(p, "join.submission", "ws.join.send")
    assert t("wb.section.financing", "en") in p.error[0].value


def test_user_text_is_shown_as_text_not_markup():
    fac, code, _ = _create(title="**Bold** <img src=x onerror=alert(1)> [link](http://evil)")
    assert fac.title[0].value == r"\*\*Bold\*\* \<img src\=x onerror\=alert\(1\)\> \[link\]\(http\:\/\/evil\)".replace(
        r"\/", "/"
    )
    assert not any(getattr(m, "allow_html", False) for m in fac.markdown)


def test_open_with_code_and_key_close_and_delete(workshop_db):
    _, code, key = _create()
    p = _join(code)
    token = p.query_params["p"]

    other = _app(FACILITATOR, "en")  # another browser: open with the code and the key
    other.text_input(key="ws.open.code").input(code.lower())
    other.text_input(key="ws.open.key").input("wrong")
    _submit(other, "ws.open", "ws.open.submit")
    assert other.error[0].value == t("ws.error.unauthorized", "en") and "ws.auth" not in other.session_state
    other.text_input(key="ws.open.key").input(key)
    _submit(other, "ws.open", "ws.open.submit")
    assert other.session_state["ws.auth"]["code"] == code

    # Lock every lever but financing, and vote only on two models.
    other.multiselect(key="ws.settings.levers").set_value(["financing"])
    other.multiselect(key="ws.settings.presets").set_value(["yleistuki_2026", "todays_system"])
    _submit(other, "ws.settings", "ws.settings.save")
    assert other.success[0].value == t("ws.settings.saved", "en")
    w = store.find_workshop(workshop_db, code, client="test")
    assert w.levers == ("financing",) and w.presets == ("todays_system", "yleistuki_2026")
    p.run()
    assert [
        x.label for x in p.expander if x.label in (t("wb.section.financing", "en"), t("wb.section.basic_income", "en"))
    ] == [t("wb.section.financing", "en")]

    other.button(key="ws.close").click().run()
    assert not other.exception
    p.run()
    assert p.info[0].value == t("ws.join.closed", "en")
    assert p.button(key="FormSubmitter:join.axes-" + t("ws.join.save_axes", "en")).disabled

    other.button(key="ws.reopen").click().run()
    other.text_input(key="ws.delete.confirm").input("nope")
    other.button(key="ws.delete").click().run()
    assert other.error[0].value == t("ws.delete.mismatch", "en")
    assert store.participant_state(workshop_db, code, token)
    other.text_input(key="ws.delete.confirm").input(code)
    other.button(key="ws.delete").click().run()
    assert not other.exception
    assert other.success[0].value == t("ws.delete.done", "en")
    with pytest.raises(store.UnknownParticipant):
        store.participant_state(workshop_db, code, token)
    p.run()
    assert p.error[0].value == t("ws.error.unknown_participant", "en")


def test_presentation_mode_hides_the_controls():
    fac, _, _ = _create()
    fac.button(key="ws.key.saved").click().run()
    assert fac.expander and any(e.label == t("ws.controls", "en") for e in fac.expander)
    fac.toggle(key="ws.present").set_value(True).run()
    assert not fac.exception
    assert not any(e.label == t("ws.controls", "en") for e in fac.expander)
    assert fac.toggle(key="ws.present").value is True  # the one way back
    assert len(fac.get("plotly_chart")) >= 2

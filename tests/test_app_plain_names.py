"""AppTest (issue 15, point 7): the facilitator's list of the room's levers and the workbench's name field use
plain, translated names; a bad lever combination is refused with the field in words."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from models.presets import load_presets
from tests.helpers import open_app
from tests.test_plain_names import _no_internal_name
from ui.i18n import LANGS, t
from workshop import store
from workshop.db import Database
from workshop.schema import AxisAnswer, JoinRequest, WorkshopCreate

pytestmark = pytest.mark.usefixtures("small_app_population")


@pytest.fixture
def workshop_db(tmp_path, monkeypatch):
    path = tmp_path / "workshop.sqlite3"
    monkeypatch.setenv("ARVOVALINNAT_WORKSHOP_DB", str(path))
    monkeypatch.delenv("ARVOVALINNAT_DATABASE_URL", raising=False)
    return Database(f"sqlite:///{path}")


def _app(page: str, lang: str, **state) -> AppTest:
    return open_app(page, lang, 120, state=state)


@pytest.mark.parametrize("lang", LANGS)
def test_the_rooms_levers_are_listed_in_words_with_units(workshop_db, lang):
    created = store.create_workshop(
        workshop_db, WorkshopCreate(title="Room", lang=lang, presets=("todays_system", "yleistuki_2026"))
    )
    code = created.workshop.code
    for u, c in ((0.6, 0.3), (0.7, 0.4), (0.5, 0.2)):
        joined = store.join(workshop_db, code, JoinRequest(), client="test")
        store.save_axes(
            workshop_db, code, joined.token, AxisAnswer(universality=u, unconditionality=c, individuality=0.6)
        )
    at = _app("pages/workshop.py", lang, **{"ws.auth": {"code": code, "key": created.key}})
    tables = [d.value for d in at.dataframe if t("ws.col.lever", lang) in list(d.value.columns)]
    assert tables, "the room's scenario lists its levers"
    table = tables[0]
    assert len(table) >= 2
    for column in table.columns:
        for cell in table[column]:
            _no_internal_name(str(cell))
    assert any("€" in str(v) for v in table[t("ws.col.value", lang)]), "money with its unit"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_presets_name_is_in_the_pages_language(lang):
    at = _app("pages/workbench.py", lang)
    at.selectbox(key="wb.preset").set_value("partial_basic_income_kela_2016").run()
    preset = load_presets()["partial_basic_income_kela_2016"]
    assert at.text_input(key="wb.name").value == getattr(preset.title, lang)
    assert at.session_state["preset"] == "partial_basic_income_kela_2016", "showing the name does not edit it"
    at.text_input(key="wb.name").input("Oma nimi").run()
    assert at.session_state["scenario"].name == "Oma nimi"

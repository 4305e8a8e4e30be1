"""The law as a first-class choice in the app (issue 14): the sidebar's law menu, the link's ``law`` parameter, an old
link or file without a law date (it says it used the 2025 law and can be re-run), the presets read against the chosen
law, the three-way view, and the app with no pinned date (today's law, 2026 law on 6.12.2026) running a preset.

The tests pin "today" to 1.8.2025 (tests/conftest.py) unless a test sets ``ARVOVALINNAT_LAW_DATE`` itself.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from models.parameters import LAW_DATE_ENV, LAW_YEARS, LEGACY_LAW_DATE, default_law_date
from models.presets import load_presets
from models.scenario import Scenario
from ui.i18n import t
from ui.law import choice_label, fmt_date, last_law, law_presets_at, parse_law, preset_law_note
from ui.state import encode_scenario, scenario_to_json

ROOT = Path(__file__).resolve().parent.parent
RESULTS, HOUSEHOLDS, WORKBENCH = "pages/results.py", "pages/households.py", "pages/workbench.py"

pytestmark = pytest.mark.usefixtures("small_app_population")

OLD = Scenario(name="Old basic income", family="basic_income", basic_income={"enabled": True, "amount": 600})


def _app(lang: str = "en", **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params["lang"] = lang
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def _frame(at: AppTest, first_column: str, first_cell: str | None = None):
    """The table whose first column is ``first_column`` (and whose first cell is ``first_cell``): AppTest does not
    find a dataframe by its key."""
    for df in at.dataframe:
        value = df.value
        if list(value.columns)[:1] == [first_column] and (first_cell is None or value.iloc[0, 0] == first_cell):
            return value
    raise AssertionError(f"no table starting with {first_column!r} / {first_cell!r}")


def _compared(date: dt.date, lang: str = "en") -> str:
    return t("law.compared_with", lang, date=fmt_date(date, lang))


# --- the pure helpers ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "choice"),
    [("today", "today"), ("2026", "2026"), (" 2027 ", "2027"), ("2026-08-01", "2026"), ("2026-03-01", "2026-03-01")],
)
def test_a_law_in_a_link_is_a_year_today_or_a_date(text, choice):
    assert parse_law(text) == choice


@pytest.mark.parametrize("text", ["2024", "banana", "2028-01-01", "2024-12-31", "", "26"])
def test_a_law_outside_the_model_or_not_a_date_is_refused(text):
    with pytest.raises(ValueError, match="law"):
        parse_law(text)


def test_last_years_law_is_a_year_back_and_none_before_the_model():
    assert last_law(LAW_YEARS[2026]) == LAW_YEARS[2025]
    assert last_law(dt.date(2026, 12, 6)) == dt.date(2025, 12, 6)
    assert last_law(LAW_YEARS[2025]) is None, "the model holds no 2024 law"


def test_the_menu_names_each_choice_with_its_date_in_the_locale():
    assert choice_label("2026", "fi") == "Vuoden 2026 laki (1.8.2026)"
    assert choice_label("2026", "en") == "2026 law (1 Aug 2026)"
    assert choice_label("2026-03-01", "sv") == "Lagen 1.3.2026"


def test_presets_are_read_against_the_law_and_yleistuki_is_law_from_may_2026():
    presets_2025, presets_2026 = law_presets_at(LAW_YEARS[2025]), law_presets_at(LAW_YEARS[2026])
    assert all(p.scenario.law_date == LAW_YEARS[2026] for p in presets_2026.values())
    ylt_2025, ylt_2026 = presets_2025["yleistuki_2026"], presets_2026["yleistuki_2026"]
    assert ylt_2025.title == load_presets()["yleistuki_2026"].title, "a reform in 2025 law"
    assert ylt_2026.title.fi == t("law.preset_in_force", "fi", title=ylt_2025.title.fi, date="1.5.2026")
    assert "today's law" in ylt_2026.title.en
    assert preset_law_note(ylt_2026, "en") == t("law.preset_is_law", "en", date="1 May 2026")
    assert preset_law_note(presets_2026["full_basic_income_1000"], "en") == t(
        "law.preset_changes", "en", date="1 Aug 2026"
    )


def test_the_default_law_unpinned_is_todays(monkeypatch):
    monkeypatch.delenv(LAW_DATE_ENV, raising=False)
    assert default_law_date() == dt.date.today()


# --- the menu and the link --------------------------------------------------------------------------------------------
def test_the_menu_offers_todays_law_and_the_law_years_and_goes_into_the_link():
    at = _app("en", preset="full_basic_income_1000")
    menu = at.selectbox(key="law_widget")
    assert menu.value == "today"
    assert list(menu.options) == [choice_label(c, "en") for c in ("today", "2025", "2026", "2027")]
    assert "law" not in at.query_params, "today's law is the default: the link does not name it"
    assert _compared(LEGACY_LAW_DATE) in _captions(at), "the pinned today (1.8.2025) is the law compared with"

    menu.set_value("2026").run()
    assert not at.exception
    assert at.query_params["law"] == ["2026"] or at.query_params["law"] == "2026"
    scenario = at.session_state["scenario"]
    assert scenario.law_date == LAW_YEARS[2026], "the preset is re-read against the chosen law"
    assert at.query_params["preset"] in ("full_basic_income_1000", ["full_basic_income_1000"])
    assert _compared(LAW_YEARS[2026]) in _captions(at)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_link_chooses_the_law(lang):
    at = _app(lang, law="2027")
    assert not at.exception
    assert at.selectbox(key="law_widget").value == "2027"
    assert _compared(LAW_YEARS[2027], lang) in _captions(at)
    assert at.session_state["scenario"].law_date == LAW_YEARS[2027]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_bad_law_in_the_link_is_a_translated_error_and_the_app_keeps_running(lang):
    at = _app(lang, law="2031")
    assert not at.exception
    assert t("law.problem.bad_value", lang, value="2031") in at.error[0].value
    assert at.selectbox(key="law_widget").value == "today"
    assert at.metric, "the start page still shows today's figures"


def test_a_link_of_a_scenario_keeps_its_law():
    mine = OLD.at_law(LAW_YEARS[2026])
    at = _app("en", s=encode_scenario(mine))
    assert not at.exception
    assert at.session_state["scenario"] == mine
    assert at.selectbox(key="law_widget").value == "2026"
    assert at.query_params["law"] in ("2026", ["2026"])


# --- old links and files -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_an_old_link_says_it_used_2025_law_and_can_be_rerun(lang):
    at = _app(lang, s=encode_scenario(OLD), law="2026")
    assert not at.exception
    assert at.session_state["scenario"] == OLD, "an old link keeps working as it was made"
    notice = t("law.legacy_notice", lang, date=fmt_date(LEGACY_LAW_DATE, lang))
    assert any(w.value == notice for w in at.warning)
    assert _compared(LEGACY_LAW_DATE, lang) in _captions(at)
    at.button(key="law.rerun").click().run()
    assert not at.exception
    assert at.session_state["scenario"] == OLD.at_law(LAW_YEARS[2026])
    assert not any(w.value == notice for w in at.warning)
    assert _compared(LAW_YEARS[2026], lang) in _captions(at)


def test_an_old_file_says_it_used_2025_law_and_can_be_rerun():
    at = _app("en", law="2026")
    at.switch_page(WORKBENCH).run()
    old_file = json.loads(scenario_to_json(OLD))
    old_file.pop("law_date")  # as a file saved before law dates
    at.file_uploader(key="wb.upload").set_value(("old.json", json.dumps(old_file).encode(), "application/json")).run()
    assert not at.exception
    assert at.session_state["scenario"] == OLD
    at.run()
    notice = t("law.legacy_notice", "en", date=fmt_date(LEGACY_LAW_DATE, "en"))
    assert any(w.value == notice for w in at.warning)
    at.button(key="law.rerun").click().run()
    assert not at.exception
    assert at.session_state["scenario"].law_date == LAW_YEARS[2026]


def test_a_saved_file_carries_its_law():
    assert json.loads(scenario_to_json(OLD.at_law(LAW_YEARS[2026])))["law_date"] == "2026-08-01"


# --- the three-way view ------------------------------------------------------------------------------------------
def _three_way_tab(at: AppTest, lang: str) -> AppTest:
    at.switch_page(RESULTS).run()
    label = t("results.tab.three_way", lang)
    assert label in [tab.label for tab in at.tabs]
    at.session_state["results.tab"] = label
    return at.run()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_three_way_view_shows_last_years_law_the_chosen_law_and_the_reform(lang):
    at = _three_way_tab(_app(lang, law="2026", preset="full_basic_income_1000"), lang)
    assert not at.exception
    headline = _frame(at, t("law3.col.measure", lang), t("law3.row.net_cost", lang))
    last, chosen = (
        t(f"law3.name.{k}", lang, date=fmt_date(d, lang))
        for k, d in (("last", LAW_YEARS[2025]), ("law", LAW_YEARS[2026]))
    )
    assert list(headline.columns)[1:3] == [last, chosen]
    assert headline.iloc[0, 0] == t("law3.row.net_cost", lang)
    assert headline.iloc[0, 1] in ("0\u00a0milj.\u00a0€", "0\u00a0mn\u00a0€", "€0\u00a0m"), (
        "last year's law costs nothing"
    )
    estimates = _frame(at, t("law3.est.change", lang))
    assert "98/2025" in " ".join(estimates[t("law3.est.change", lang)]), "the 2026 income tax package (HE/RP 98/2025)"
    assert all(estimates[t("law3.est.source", lang)].str.len() > 0), "every estimate names its source"
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert any(c["layout"].get("meta", {}).get("chart") == "three_way_deciles" for c in charts)


def test_the_2025_law_has_no_three_way_view_and_says_why():
    at = _three_way_tab(_app("en", law="2025", preset="full_basic_income_1000"), "en")
    assert not at.exception
    assert any(i.value == t("law3.no_last", "en", date=fmt_date(LAW_YEARS[2025], "en")) for i in at.info)


def test_the_households_page_shows_the_household_under_the_three_laws():
    at = _app("fi", law="2026", preset="full_basic_income_1000")
    at.switch_page(HOUSEHOLDS).run()
    assert not at.exception
    table = _frame(at, t("law3.col.measure", "fi"), t("law3.hh.net", "fi"))
    assert list(table[t("law3.col.measure", "fi")]) == [t("law3.hh.net", "fi"), t("law3.hh.emtr", "fi")]
    assert _frame(at, t("law3.col.measure", "fi"), t("law3.row.net_cost", "fi")).shape[0] == 6


# --- no pinned date ----------------------------------------------------------------------------------------------
def test_the_app_runs_a_preset_on_2026_law_without_a_pin(monkeypatch):
    """The crash of issue 14: presets carried the 2025 law and the engine refused to run them on today's law."""
    monkeypatch.setenv(LAW_DATE_ENV, "2026-12-06")
    at = _app("en", preset="full_basic_income_1000")
    assert not at.exception
    at.switch_page(RESULTS).run()
    assert not at.exception
    assert at.session_state["scenario"].law_date == dt.date(2026, 12, 6)
    assert _compared(dt.date(2026, 12, 6)) in _captions(at)
    for page in (HOUSEHOLDS, "pages/income_traps.py", "pages/bureaucracy_traps.py"):
        at.switch_page(page).run()
        assert not at.exception, page
    assert any(t("law.changed.bureaucracy", "en", date="6 Dec 2026", limit="€311") == i.value for i in at.info)


def test_unpinned_the_app_follows_the_calendar(monkeypatch):
    monkeypatch.delenv(LAW_DATE_ENV, raising=False)
    at = _app("sv")
    assert not at.exception
    today = min(dt.date.today(), dt.date(2027, 12, 31))
    assert at.selectbox(key="law_widget").value == "today"
    assert _compared(today, "sv") in _captions(at)

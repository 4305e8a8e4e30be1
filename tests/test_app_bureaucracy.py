"""The bureaucracy-traps page in AppTest: it renders in every language, presets and alternatives change the figures,
a bad uploaded spells file shows a translated error naming the field (and the page keeps the previous situation),
and the calendar grid's helpers convert both ways."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from models.spells_input import load_spell_presets, parse_spells, spells_to_json
from tests.helpers import open_page
from ui.i18n import t

ROOT = Path(__file__).resolve().parent.parent
PAGE = "pages/bureaucracy_traps.py"
pytestmark = pytest.mark.usefixtures("small_app_population")


def _page(lang: str, preset: str | None = None) -> AppTest:
    at = open_page(PAGE, lang, preset)
    assert not at.exception, at.exception
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_page_renders_in_every_language(lang):
    at = _page(lang)
    assert at.title[0].value == t("nav.bureaucracy_traps", lang)
    labels = [m.label for m in at.metric]
    assert t("bt.metric.months_below_norm", lang) in labels and t("bt.metric.reports", lang) in labels
    assert len(at.metric) == 6
    assert not at.error
    charts = at.get("plotly_chart")
    assert len(charts) >= 4, "months, sources, timeline and population charts"
    months = json.loads(charts[0].proto.spec)
    names = [trace.get("name") for trace in months["data"]]
    assert t("bt.alt.today", lang) in names and t("bt.chart.norm", lang) in names


def test_choosing_a_preset_changes_the_figures():
    at = _page("en")
    at.radio(key="bt.alternative").set_value("basic_income").run()
    before = _metrics(at)
    at.selectbox(key="bt.preset").set_value("three_month_contract").run()
    assert not at.exception, at.exception
    after = _metrics(at)
    assert after != before
    # The waiting period of the new claim is stated under the payment calendar.
    assert any("Waiting period" in c.value for c in at.caption)


def test_choosing_an_alternative_changes_the_figures():
    at = _page("fi")
    at.radio(key="bt.alternative").set_value("realtime").run()
    realtime = _metrics(at)
    below = t("bt.metric.months_below_norm", "fi")
    assert realtime[below] == "0"
    at.radio(key="bt.alternative").set_value("basic_income").run()
    assert not at.exception, at.exception
    basic_income = _metrics(at)
    assert basic_income != realtime
    at.selectbox(key="bt.bi_preset").set_value("full_basic_income_1000").run()
    assert not at.exception, at.exception
    assert _metrics(at) != basic_income


def test_bad_uploaded_spells_file_shows_a_translated_error_naming_the_field():
    at = _page("fi")
    before = _metrics(at)
    bad = json.dumps(
        {
            "start": "2025-01",
            "spells": [
                {"start": "2025-02-03", "end": "2025-02-14", "hours_per_week": -5, "hourly_wage": 14},
                {"start": "2025-02-10", "end": "2025-02-12", "hours_per_week": 10, "hourly_wage": 14, "overtime": 3},
            ],
        }
    ).encode()
    at.file_uploader(key="bt.upload").set_value(("bad.json", bad, "application/json")).run()
    assert not at.exception, at.exception
    message = " ".join(e.value for e in at.error)
    assert t("bt.error.upload_header", "fi") in message
    assert "Työjakso 1 – viikkotunnit" in message and "spells.0.hours_per_week" in message
    assert "spells.1.overtime" in message and "tuntematon kenttä" in message
    assert _metrics(at) == before, "the previous situation stays"
    at.file_uploader(key="bt.upload").set_value(("broken.json", b"{not json", "application/json")).run()
    assert not at.exception, at.exception
    assert "JSON" in " ".join(e.value for e in at.error)
    overlap = json.dumps(
        {
            "start": "2025-01",
            "spells": [
                {"start": "2025-02-03", "end": "2025-02-14", "hours_per_week": 20, "hourly_wage": 14},
                {"start": "2025-02-10", "end": "2025-02-12", "hours_per_week": 10, "hourly_wage": 14},
            ],
        }
    ).encode()
    at.file_uploader(key="bt.upload").set_value(("overlap.json", overlap, "application/json")).run()
    message = " ".join(e.value for e in at.error)
    assert "Työjakso 2 – alkupäivä" in message and "päällekkäin työjakson 1" in message


def test_good_uploaded_file_becomes_active():
    at = _page("sv")
    before = _metrics(at)
    mine = parse_spells(
        {
            "start": "2025-06",
            "months": 18,
            "spells": [{"start": "2025-07-01", "end": "2025-09-30", "hours_per_week": 37.5, "hourly_wage": 20}],
        }
    )
    at.file_uploader(key="bt.upload").set_value(("mine.json", spells_to_json(mine).encode(), "application/json")).run()
    assert not at.exception, at.exception
    assert not at.error
    assert any("mine" in i.value and "json" in i.value for i in at.info)
    assert at.slider(key="bt.months").value == 18
    assert _metrics(at) != before
    table = at.dataframe[0].value
    assert len(table) == 18
    at.button(key="bt.reset").click().run()
    assert not at.exception, at.exception
    assert _metrics(at) == before and at.slider(key="bt.months").value == 12


def test_controls_change_the_months():
    at = _page("en")
    at.slider(key="bt.months").set_value(24).run()
    assert not at.exception, at.exception
    assert len(at.dataframe[0].value) == 24
    before = _metrics(at)
    at.checkbox(key="bt.applies").set_value(False).run()
    assert not at.exception and _metrics(at) != before


def test_active_scenario_takes_the_place_of_its_family_and_the_population_view_compares():
    at = _page("en", preset="full_basic_income_1000")
    at.radio(key="bt.alternative").set_value("basic_income").run()
    assert not at.exception, at.exception
    assert any("active scenario" in c.value for c in at.caption)
    population = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert len(population["data"]) == 2, "today and the scenario"
    at = _page("en", preset="participation_income_youth")
    assert t("bt.alt.scenario", "en") in at.radio(key="bt.alternative").options
    at.radio(key="bt.alternative").set_value("scenario").run()
    assert not at.exception, at.exception


# --- the calendar grid ---------------------------------------------------------------------------------------------
def test_grid_round_trips_for_presets_on_week_boundaries():
    from ui.spells import grid_to_spells, spells_to_grid

    sf = load_spell_presets()["three_month_contract"]
    grid = spells_to_grid(sf)
    assert [r["w1"] for r in grid[:4]] == [37.5, 37.5, 37.5, 0.0]
    spells, problems = grid_to_spells(grid, sf)
    assert not problems
    again = parse_spells({**json.loads(spells_to_json(sf)), "spells": spells})
    assert spells_to_grid(again) == grid
    earned = sum(s.hours_per_week for s in sf.spells)
    assert earned > 0


def test_grid_problems_name_the_cell():
    from ui.spells import field_label, grid_to_spells, problem_text, spells_to_grid

    sf = load_spell_presets()["two_weeks_every_other_month"]
    grid = spells_to_grid(sf)
    grid[2]["w3"] = -4
    grid[3]["wage"] = 0
    grid[3]["w1"] = 10
    _, problems = grid_to_spells(grid, sf)
    fields = [p.field for p in problems]
    assert "grid.2025-03.w3" in fields and "grid.2025-04.wage" in fields
    assert field_label("grid.2025-03.w3", "en") == "2025-03 – Week 3 (h/week)"
    assert "2025" in problem_text(problems[0], "sv")

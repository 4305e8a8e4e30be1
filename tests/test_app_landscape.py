"""The landscape page, the uncertainty bands on the Results and Compare pages, and the room's landscape card (AppTest,
5,000 households; the sweeps and bands run on the app's own local Dask cluster, cached in a temporary directory).

- The page draws in every language before the landscape is computed (the offer to compute it) and after (the cloud,
  the value axes, a sentence about today's law); choosing a design opens it on the workbench.
- A band is offered on the Results page, computed in the background and then shown with its explanation; the Compare
  page shows it for the scenarios that have one.
"""

from __future__ import annotations

import json
import time

import pytest

from models.presets import load_presets
from models.scenario import Scenario
from tests.helpers import open_page
from ui.jobs import jobs

LANDSCAPE = "pages/landscape.py"
SMALL = "housing_allowance_share"  # 33 designs: quick to compute on 5,000 households
pytestmark = pytest.mark.usefixtures("small_app_population", "sweep_cache")


@pytest.fixture(scope="module")
def sweep_cache(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("ARVOVALINNAT_SWEEP_CACHE", str(tmp_path_factory.mktemp("sweeps")))
    yield
    mp.undo()


def _wait_for_jobs(timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        running = [j for j in jobs().jobs.values() if not j.finished]
        if not running:
            errors = [j.error for j in jobs().jobs.values() if j.error]
            assert not errors, errors
            return
        time.sleep(0.5)
    raise AssertionError("the background job did not finish")


def _charts(at) -> dict[str, dict]:
    out = {}
    for el in at.get("plotly_chart"):
        spec = json.loads(el.proto.spec)
        out[spec["layout"].get("meta", {}).get("chart", "")] = spec
    return out


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_page_offers_to_compute_a_landscape_not_yet_computed(lang):
    at = open_page(LANDSCAPE, lang)
    assert not at.exception
    assert at.button(key="ls.build") is not None
    assert len(at.info) == 1 and "2" in at.info[0].value  # the number of designs and the minutes


def test_a_computed_landscape_is_drawn_and_a_chosen_design_opens_on_the_workbench():
    at = open_page(LANDSCAPE, "en")
    at.selectbox(key="ls.spec").set_value(SMALL).run()
    at.button(key="ls.build").click().run()
    _wait_for_jobs()
    at.run()
    assert not at.exception
    charts = _charts(at)
    assert {"landscape_cloud", "landscape_axes"} <= set(charts)
    cloud = charts["landscape_cloud"]
    frontier = [tr for tr in cloud["data"] if tr.get("mode") == "lines+markers"]
    assert frontier and len(frontier[0]["x"]) >= 1
    assert any(tr.get("name") == "Today's law" for tr in cloud["data"])
    texts = " ".join(m.value for m in at.markdown)
    assert "today's law" in texts.lower()
    # choosing a design (what a click on its point does) opens it on the workbench
    designs = [tr for tr in cloud["data"] if tr.get("type") == "scattergl"]
    variant = int(designs[0]["customdata"][3][0])
    at.session_state["ls._open"] = variant
    at.run()
    scenario = at.session_state["scenario"]
    assert isinstance(scenario, Scenario) and scenario.means_tested.enabled
    assert scenario.financing.budget_neutral and scenario.financing.method == "surcharge"
    assert "(from the landscape)" in scenario.name
    assert any("Workbench" in t.value or "workbench" in t.value.lower() for t in at.title)


def test_bands_are_offered_computed_and_shown_on_the_results_page_and_compare():
    at = open_page("pages/results.py", "fi", preset="participation_income_youth")
    assert not at.exception
    at.button(key="results.bands.compute").click().run()
    _wait_for_jobs()
    at.run()
    assert not at.exception
    section = next(e for e in at.expander if e.label == "Kuinka varmoja luvut ovat?")
    table = section.dataframe[0].value
    assert len(table) >= 8
    assert table.iloc[0, 0] == "Nettokustannus vuodessa"
    assert table.iloc[0, 1] == at.metric[0].value, "the band's central run is the page's own run"
    assert all("…" in str(v) for v in table.iloc[:, 2])
    assert any("kertaa" in m.value for m in section.markdown), "the plain explanation"
    cmp = open_page("pages/compare.py", "fi", preset="participation_income_youth")
    assert not cmp.exception
    rows = next(d.value for d in cmp.dataframe if "Skenaario" in d.value.columns)
    title = load_presets()["participation_income_youth"].title.fi
    assert any(title in str(v) for v in rows["Skenaario"])


def test_the_room_scenario_is_shown_on_a_computed_landscape(tmp_path, monkeypatch):
    from models.sweeps import prepare_landscape, sweep
    from tests.test_app_workshop import FACILITATOR, _app, _submit
    from ui import landscape
    from ui.jobs import engine_client

    monkeypatch.setenv("ARVOVALINNAT_SWEEP_CACHE", str(tmp_path / "sweeps"))
    monkeypatch.setenv("ARVOVALINNAT_WORKSHOP_DB", str(tmp_path / "workshop.sqlite3"))
    spec = landscape.specs()[SMALL]
    sweep(prepare_landscape(spec, 5000, cache_dir=tmp_path / "sweeps"), engine_client())
    at = _app(FACILITATOR, "en")
    at.text_input(key="ws.create.title").input("Landscape room")
    at.selectbox(key="ws.create.base").set_value("lower_withdrawal_rates")
    _submit(at, "ws.create", "ws.create.submit")
    at.toggle(key="ws.landscape.show").set_value(True).run()
    assert not at.exception
    cloud = _charts(at)["landscape_cloud"]
    assert any(tr.get("name") == "Today's law" for tr in cloud["data"])
    room = [tr for tr in cloud["data"] if tr.get("name") == "The room's scenario"]
    assert len(room) == 1, "the room's scenario (lower withdrawal rates, not today's law) is placed"

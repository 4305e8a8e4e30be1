"""AppTest of the Results and Compare pages: they render in every language for today's system and a basic-income
preset, the plain-language readings carry the numbers of the run, every table has a CSV download, and Compare
shows one series per chosen scenario."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import open_page
from ui import readings as R
from ui.i18n import fmt_meur, fmt_pct, t

ROOT = Path(__file__).resolve().parent.parent
SIZE = "5000"
BASIC_INCOME = "basic_income_experiment_560"  # financed by the state budget: no solver run
BUDGET_NEUTRAL = "full_basic_income_1000"  # financing.budget_neutral: the page solves the rate


@pytest.fixture(scope="module", autouse=True)
def small_population():
    mp = pytest.MonkeyPatch()
    mp.setenv("ARVOVALINNAT_POPULATION_SIZE", SIZE)
    yield
    mp.undo()


def _page(page: str, lang: str, preset: str | None = None) -> AppTest:
    return open_page(page, lang, preset)


def _rerun(at: AppTest, lang: str) -> AppTest:
    """Run again after an interaction. Under AppTest the router's sidebar language widget is not re-rendered
    after the first run with st.navigation, so the language is put back into session state by hand."""
    at.session_state["lang"] = lang
    return at.run()


def _charts(at: AppTest) -> dict[str, dict]:
    specs = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    return {s["layout"]["meta"]["chart"]: s for s in specs}


RESULT_TABS = ("cost", "distribution", "groups", "poverty", "traps", "bureaucracy")


def _open_tab(at: AppTest, tab: str, lang: str) -> AppTest:
    """Select a tab of the results page, as a click does (the tabs rerun the page; only the open one is built)."""
    at.session_state["results.tab"] = t(f"results.tab.{tab}", lang)
    return _rerun(at, lang)


def _every_tab(at: AppTest, lang: str) -> dict:
    """Visit every tab of the results page: its charts, markdown, downloads and exceptions, all tabs together."""
    seen = {"charts": {}, "markdown": [], "downloads": 0, "exceptions": []}
    for tab in RESULT_TABS:
        _open_tab(at, tab, lang)
        seen["charts"] |= _charts(at)
        seen["markdown"] += [m.value.replace("\\", "") for m in at.markdown]
        seen["downloads"] += len(at.get("download_button"))
        seen["exceptions"] += list(at.exception)
    return seen


def _texts(at: AppTest) -> list[str]:
    """Markdown as the reader sees it (the page escapes markdown characters)."""
    return [m.value.replace("\\", "") for m in at.markdown]


@pytest.fixture(scope="module")
def expected(params):
    """The basic-income preset's results computed directly by the engine, as ui.data does."""
    from models.baseline import baseline_run
    from models.compare import compare
    from models.population.store import load_population
    from models.presets import load_presets

    pop = load_population(int(SIZE), seed=2025)
    return compare(pop, params, load_presets()[BASIC_INCOME].scenario, baseline=baseline_run(pop, params))


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("preset", ["todays_system", BASIC_INCOME])
@pytest.mark.parametrize("page", ["pages/results.py", "pages/compare.py"])
def test_pages_render(page, preset, lang):
    at = _page(page, lang, preset)
    assert not at.exception, at.exception
    assert at.title, "the page has a title"
    if page == "pages/results.py":
        seen = _every_tab(at, lang)
        assert not seen["exceptions"], seen["exceptions"]
        assert len(seen["charts"]) >= 12 and len(seen["markdown"]) >= 12, "each chart has a reading"
    else:
        assert len(at.get("plotly_chart")) >= 6
        assert len(at.markdown) >= 6, "each chart has a reading"


def test_results_builds_only_the_open_tab():
    """A visit draws the first tab's charts only; each tab is built when opened, and a chart's measure toggle
    keeps its choice while another tab is open (a widget that is not drawn would otherwise forget it)."""
    at = _page("pages/results.py", "en", BASIC_INCOME)
    assert set(_charts(at)) == {"cost_waterfall", "component_bars"}
    _open_tab(at, "traps", "en")
    assert set(_charts(at)) == {"emtr_histogram", "ptr_histogram"}
    _open_tab(at, "distribution", "en")
    at.button_group(key="results.measure").set_value("pct")
    _rerun(at, "en")
    _open_tab(at, "cost", "en")
    assert "decile_bars" not in _charts(at)
    _open_tab(at, "distribution", "en")
    assert not at.exception
    assert at.button_group(key="results.measure").value == "pct"
    assert "%" in _charts(at)["decile_bars"]["layout"]["yaxis"]["title"]["text"]


def test_results_readings_carry_the_numbers_of_the_run(expected):
    at = _page("pages/results.py", "en", BASIC_INCOME)
    assert not at.exception
    texts = _every_tab(at, "en")["markdown"]
    _open_tab(at, "cost", "en")
    r = expected
    for reading in (
        R.net_cost(r, "en"),
        R.deciles(r, "en"),
        R.winners(r, "en"),
        R.winners_by_decile(r, "en"),
        R.groups(r, "en"),
        R.poverty(r, "en"),
        R.inequality(r, "en"),
        R.trap_rate(r, "en", "emtr"),
        R.trap_rate(r, "en", "ptr"),
        R.bureaucracy(r, "en"),
        R.benefit_counts(r, "en"),
    ):
        assert any(reading in text for text in texts), reading
    # The headline numbers and the sentences agree.
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Net cost per year"] == fmt_meur(r["net_cost_eur"], "en")
    assert fmt_meur(abs(r["net_cost_eur"]), "en") in R.net_cost(r, "en")
    assert metrics["People who gain"] == fmt_pct(r["winners_share"], "en")
    assert any(fmt_pct(r["winners_share"], "en") in text for text in texts)


def test_results_labels_exports_and_charts():
    at = _page("pages/results.py", "en", BASIC_INCOME)
    assert any(i.value.startswith("Static estimate") for i in at.info)
    seen = _every_tab(at, "en")
    assert seen["downloads"] >= 8, "every table has a CSV download"
    charts = seen["charts"]
    assert {
        "cost_waterfall",
        "component_bars",
        "decile_bars",
        "winners_bar",
        "winners_by_decile",
        "groups_bars",
        "household_types_bars",
        "poverty_bars",
        "inequality_bars",
        "emtr_histogram",
        "ptr_histogram",
        "benefit_counts",
    } <= set(charts)
    assert [tr["marker"]["color"] for tr in charts["poverty_bars"]["data"]] == ["#0072B2", "#E69F00"]


def test_results_measure_toggle_switches_to_percent():
    at = _open_tab(_page("pages/results.py", "en", BASIC_INCOME), "distribution", "en")
    before = _charts(at)["decile_bars"]["data"][0]["y"]
    at.button_group(key="results.measure").set_value("pct")
    _rerun(at, "en")
    assert not at.exception
    after = _charts(at)["decile_bars"]["data"][0]["y"]
    assert before != after and "%" in _charts(at)["decile_bars"]["layout"]["yaxis"]["title"]["text"]


def test_results_budget_neutral_preset_shows_the_solved_rate():
    at = _page("pages/results.py", "en", BUDGET_NEUTRAL)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    label = "Budget-neutral rate – Flat extra tax on earned income"
    assert label in metrics and metrics[label].endswith("%")
    assert 0.2 < float(metrics[label].rstrip("%")) / 100 < 0.35
    assert "roughly budget-neutral" in " ".join(_texts(at))


def test_results_of_todays_system_says_nothing_changes():
    at = _page("pages/results.py", "en", "todays_system")
    assert not at.exception
    assert any("nothing changes" in i.value for i in at.info)
    assert any("No one's income changes" in text for text in _every_tab(at, "en")["markdown"])


def test_compare_three_presets_three_series():
    chosen = ["todays_system", BASIC_INCOME, "yleistuki_2026"]
    at = _page("pages/compare.py", "en")
    at.multiselect(key="compare.scenarios").set_value(chosen)
    _rerun(at, "en")
    assert not at.exception, at.exception
    charts = _charts(at)
    for name in ("compare_cost", "compare_winners", "compare_deciles", "compare_axes"):
        assert len(charts[name]["data"]) == 3, name
    titles = [tr["name"].replace("<br>", " ") for tr in charts["compare_deciles"]["data"]]  # long names wrap
    assert titles == [
        "Today's system (2025 law)",
        "The 2017–2018 experiment, nationwide (EUR 560)",
        "General support (yleistuki) from 1 May 2026",
    ]
    # One shared y-axis for every scenario's decile bars.
    values = [v for tr in charts["compare_deciles"]["data"] for v in tr["y"]]
    lo, hi = charts["compare_deciles"]["layout"]["yaxis"]["range"]
    assert lo <= min(values) and hi >= max(values)
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == 3
    assert any("“The 2017–2018 experiment, nationwide (EUR 560)”" in text for text in _texts(at))


def test_compare_needs_two():
    at = _page("pages/compare.py", "fi")
    at.multiselect(key="compare.scenarios").set_value(["todays_system"])
    _rerun(at, "fi")
    assert not at.exception
    assert at.info and "vähintään kaksi" in at.info[-1].value

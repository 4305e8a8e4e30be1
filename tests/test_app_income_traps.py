"""The income-traps page (AppTest, small population): it renders in fi/sv/en, its levers edit the shared active
scenario and move the trap counts and the household chart, bad custom input is reported by field, and the
reset button puts the levers back to the law."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from models.presets import load_presets
from tests.helpers import open_page
from ui.i18n import t

ROOT = Path(__file__).resolve().parent.parent
PAGE = "pages/income_traps.py"
pytestmark = pytest.mark.usefixtures("small_app_population")


def _page(lang: str = "fi", preset: str | None = None) -> AppTest:
    at = open_page(PAGE, lang, preset)
    assert not at.exception, at.exception
    return at


def _metric(at: AppTest, key: str, lang: str = "fi") -> str:
    label = t(key, lang)
    return next(m.value for m in at.metric if m.label == label)


def _count(text: str) -> float:
    return float(re.sub(r"[^\d]", "", text) or 0)


def _chart(at: AppTest, key: str) -> dict:
    """The plotly figure (JSON) of the chart with widget key ``key`` (its element id ends with the key)."""
    for chart in at.get("plotly_chart"):
        if chart.proto.id.endswith("-" + key):
            return json.loads(chart.proto.spec)
    raise AssertionError(f"no chart {key}")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_page_renders_in_every_language(lang):
    at = _page(lang)
    assert at.title[0].value == t("nav.income_traps", lang)
    assert not at.error
    for key in ("it.metric.emtr_80", "it.metric.emtr_100", "it.metric.ptr_80", "it.metric.ptr_100"):
        assert _metric(at, key, lang)
    assert _count(_metric(at, "it.metric.emtr_80", lang)) > 0, "today's system has people above 80 %"
    assert len(at.get("plotly_chart")) == 4
    # every lever group is on the page, starting at the law
    for key in (
        "it.means_tested.unemployment_withdrawal_rate",
        "it.means_tested.housing_allowance_deductible_rate",
        "it.means_tested.unemployment_protected_earnings",
        "it.means_tested.housing_allowance_earnings_disregard",
        "it.means_tested.social_assistance_earnings_disregard",
        "it.means_tested.daycare_fee_rate",
    ):
        assert _lever(at, key).value is not None
    assert at.slider(key="it.means_tested.unemployment_withdrawal_rate").value == 50.0


def _lever(at, key: str):
    """A lever's slider: a plain slider for whole numbers, a select slider for decimals (ui/sliders.py)."""
    return next(w for w in (*at.slider, *at.select_slider) if w.key == key)


def test_moving_a_lever_changes_counts_and_the_household_chart():
    at = _page()
    before = _count(_metric(at, "it.metric.emtr_80"))
    chart_before = _chart(at, "it.chart.decomposition")
    at.slider(key="it.means_tested.social_assistance_earnings_disregard").set_value(600.0).run()
    assert not at.exception, at.exception
    scenario = at.session_state["scenario"]
    assert scenario.means_tested.enabled and scenario.means_tested.social_assistance_earnings_disregard == 600.0
    assert scenario.family == "means_tested"
    assert at.query_params.get("s"), "the shared link carries the edited scenario"
    after = _count(_metric(at, "it.metric.emtr_80"))
    assert after != before, "a EUR 600 social-assistance disregard moves people across 80 %"
    chart_after = _chart(at, "it.chart.decomposition")
    assert len(chart_after["data"]) > len(chart_before["data"]), "the scenario's EMTR is drawn too"
    # the lever is kept when the page runs again (it is not re-seeded from the law)
    at.run()
    assert at.slider(key="it.means_tested.social_assistance_earnings_disregard").value == 600.0


def test_levers_edit_the_same_scenario_as_the_workbench():
    at = _page()
    at.slider(key="it.means_tested.unemployment_withdrawal_rate").set_value(30.0).run()
    at.switch_page("pages/workbench.py").run()
    assert not at.exception
    assert at.session_state["scenario"].means_tested.unemployment_withdrawal_rate == pytest.approx(0.3)
    assert at.slider(key="wb.means_tested.unemployment_withdrawal_rate").value == 30.0
    # and back: a preset picked elsewhere shows here
    at.selectbox(key="wb.preset").set_value("lower_withdrawal_rates").run()
    at.switch_page(PAGE).run()
    preset = load_presets()["lower_withdrawal_rates"].scenario
    assert at.session_state["scenario"] == preset
    assert at.slider(key="it.means_tested.unemployment_withdrawal_rate").value == pytest.approx(
        100 * preset.means_tested.unemployment_withdrawal_rate
    )


def test_reset_puts_the_levers_back_to_the_law():
    at = _page()
    at.select_slider(key="it.means_tested.daycare_fee_rate").set_value(5.0).run()
    assert at.session_state["scenario"].means_tested.enabled
    at.button(key="it.reset").click().run()
    assert not at.exception
    assert at.session_state["scenario"].is_baseline
    from models.parameters import load_parameters

    law = 100 * load_parameters().daycare.fee_rate
    assert at.select_slider(key="it.means_tested.daycare_fee_rate").value == pytest.approx(law)
    assert at.info, "today's system is shown alone"


def test_a_preset_is_compared_with_today():
    at = _page("en", preset="partial_basic_income_kela_2016")
    assert not at.error
    deltas = [m for m in at.metric if m.label == t("it.metric.emtr_80", "en")]
    assert deltas and deltas[0].value
    spec = _chart(at, "it.chart.distribution")
    assert len(spec["data"]) == 2, "today and the scenario"
    # the "who" table can be broken down every way
    for dimension in ("groups", "household_types", "statuses", "sex", "deciles", "receives"):
        at.selectbox(key="it.who.by").set_value(dimension).run()
        assert not at.exception, dimension
        assert len(at.dataframe) >= 2


def test_custom_household_errors_name_the_field():
    at = _page("en")
    at.selectbox(key="it.household.example").set_value("__custom__").run()
    at.text_input(key="it.form.children").set_value("3, x")
    at.number_input(key="it.form.daycare").set_value(2)
    at.button(key="it.form.submit").click().run()
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert t("households.form.children_ages", "en") in message
    assert t("households.form.daycare", "en") in message
    assert len(at.get("plotly_chart")) == 4, "the page keeps running with the last valid household"
    # a valid household is drawn
    before = json.loads(
        next(c for c in at.get("plotly_chart") if c.proto.id.endswith("it.chart.decomposition")).proto.spec
    )
    at.text_input(key="it.form.children").set_value("3, 5")
    at.number_input(key="it.form.daycare").set_value(2)
    at.button(key="it.form.submit").click().run()
    assert not at.exception and not at.error
    assert at.session_state["it.custom"][0]["children_ages"] == [3, 5]
    after = _chart(at, "it.chart.decomposition")
    assert after["data"] != before["data"]

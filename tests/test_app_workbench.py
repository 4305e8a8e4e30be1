"""The value map and the workbench: they render in every language, levers move the results, presets move the
point, the axis sliders follow the rule of docs/AXES.md ("Moving along an axis"), files load safely and the
budget-neutral button balances the budget. Run on a small population (ARVOVALINNAT_POPULATION_SIZE=5000)."""

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from models.axes import AXES
from models.presets import load_presets
from models.scenario import Scenario
from ui.i18n import t
from ui.levers import axis_lock, floor_level, with_axis

ROOT = Path(__file__).resolve().parent.parent
SIZE = 5000
VALUE_MAP, WORKBENCH = "pages/value_map.py", "pages/workbench.py"


@pytest.fixture(scope="module", autouse=True)
def small_population():
    mp = pytest.MonkeyPatch()
    mp.setenv("ARVOVALINNAT_POPULATION_SIZE", str(SIZE))
    yield
    mp.undo()


@pytest.fixture(scope="module")
def engine():
    """The same population and baseline as the app's (size from the environment, seed 2025)."""
    from models.baseline import baseline_run
    from models.parameters import load_parameters
    from models.population.store import load_population

    pop = load_population(SIZE, seed=2025)
    params = load_parameters()
    return pop, params, baseline_run(pop, params, traps=False)


def _app(page: str, lang: str = "fi") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label.endswith(label))


def _meur(text: str) -> float:
    """'14 913 milj. €', '−330 mn €' or '€14,913 m' → EUR."""
    clean = text.replace("\u2212", "-").replace("\u202f", "").replace(",", "")
    return float(re.search(r"-?\d+(\.\d+)?", clean).group()) * 1e6


# --- rendering ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("page", [VALUE_MAP, WORKBENCH])
def test_page_renders_in_every_language(page, lang):
    at = _app(page, lang)
    key = "nav.value_map" if page == VALUE_MAP else "nav.workbench"
    assert at.title[0].value == t(key, lang)
    assert not at.error
    assert _metric(at, t("metric.net_cost", lang))


@pytest.mark.parametrize("page", [VALUE_MAP, WORKBENCH])
def test_every_preset_renders_and_untouched_widgets_change_nothing(page):
    """Opening a preset re-seeds every widget; an untouched widget never edits the scenario, so the preset
    stays the preset (same levers to the last decimal, still named in the URL)."""
    at = _app(page)
    picker = "vm.preset" if page == VALUE_MAP else "wb.preset"
    for name, preset in load_presets().items():
        if name == "todays_system":
            continue
        at.selectbox(key=picker).set_value(name).run()
        at.run()
        assert not at.exception, (name, at.exception)
        assert at.session_state["scenario"] == preset.scenario, name
        assert at.session_state["preset"] == name
        assert at.query_params.get("preset") == name


# --- the workbench ---------------------------------------------------------------------------------------
def test_basic_income_lever_changes_net_cost():
    at = _app(WORKBENCH)
    label = t("metric.net_cost", "fi")
    before = _meur(_metric(at, label))
    at.toggle(key="wb.basic_income.enabled").set_value(True).run()
    at.slider(key="wb.basic_income.amount").set_value(500.0).run()
    assert not at.exception
    scenario = at.session_state["scenario"]
    assert scenario.basic_income.enabled and scenario.basic_income.amount == 500.0
    assert scenario.family == "basic_income"
    mid = _meur(_metric(at, label))
    assert mid > before + 1e9, "a EUR 500 basic income costs billions"
    assert at.query_params.get("s"), "the URL carries the edited scenario"
    at.slider(key="wb.basic_income.amount").set_value(700.0).run()
    assert _meur(_metric(at, label)) > mid, "a higher basic income costs more"


def test_switching_a_block_on_keeps_its_section_open():
    """The section's icon follows its switch, which makes it a new section to Streamlit: it must open with the
    switch, or the levers just switched on disappear (a keyboard user lost the amount slider)."""
    at = _app(WORKBENCH)
    at.session_state["wb.section.basic_income"] = True
    at.run()
    at.toggle(key="wb.basic_income.enabled").set_value(True).run()
    assert at.session_state["wb.section.basic_income"] is True
    at.run()
    assert at.session_state["wb.section.basic_income"] is True


def test_editing_a_preset_renames_it():
    at = _app(WORKBENCH)
    at.selectbox(key="wb.preset").set_value("yleistuki_2026").run()
    at.slider(key="wb.general_support.taper").set_value(40.0).run()
    scenario = at.session_state["scenario"]
    assert scenario.general_support.taper == pytest.approx(0.4)
    assert at.session_state["preset"] is None
    assert scenario.name == t("lever.modified_name", "fi", name=load_presets()["yleistuki_2026"].title.fi)


def test_budget_neutral_button(engine):
    from models.compare import compare

    at = _app(WORKBENCH)
    at.selectbox(key="wb.preset").set_value("basic_income_experiment_560").run()
    assert _meur(_metric(at, t("metric.net_cost", "fi"))) > 1e9
    at.button(key="wb.solve").click().run()
    assert not at.exception
    scenario = at.session_state["scenario"]
    assert scenario.financing.method == "flat_tax" and scenario.financing.rate > 0
    assert scenario.financing.budget_neutral
    assert abs(_meur(_metric(at, t("metric.net_cost", "fi")))) <= 50e6
    pop, params, base = engine
    assert abs(compare(pop, params, scenario, baseline=base, traps=False)["net_cost_eur"]) <= 50e6
    assert at.success, "the solved rate is reported"


def test_bad_uploaded_file_shows_error_and_keeps_scenario():
    at = _app(WORKBENCH)
    at.selectbox(key="wb.preset").set_value("negative_income_tax").run()
    before = at.session_state["scenario"]
    bad = json.dumps({"basic_income": {"amount": -5, "bogus": 1}}).encode()
    at.file_uploader(key="wb.upload").set_value(("bad.json", bad, "application/json")).run()
    assert not at.exception
    assert at.session_state["scenario"] == before
    assert at.session_state["preset"] == "negative_income_tax"
    message = " ".join(e.value for e in at.error)
    assert t("state.error.bad_file", "fi") in message
    assert "Perustulo aikuiselle" in message and "sallittu 0–3\u202f000\u00a0€/kk" in message
    assert "bogus" in message and "basic_income.amount" not in message, "the field in words, not its path"
    at.file_uploader(key="wb.upload").set_value(("broken.json", b"{not json", "application/json")).run()
    assert at.session_state["scenario"] == before and at.error


def test_good_uploaded_file_becomes_active_and_round_trips():
    from ui.state import scenario_to_json

    at = _app(WORKBENCH)
    mine = Scenario(
        name="Mine",
        family="general_support",
        general_support={"enabled": True, "amount": 700, "taper": 0.35, "means_test": "household"},
    )
    at.file_uploader(key="wb.upload").set_value(
        ("mine.json", scenario_to_json(mine).encode(), "application/json")
    ).run()
    assert not at.exception
    assert at.session_state["scenario"] == mine
    assert at.slider(key="wb.general_support.amount").value == 700.0, "the widgets follow the loaded file"
    at.run()
    assert at.session_state["scenario"] == mine


# --- the value map ------------------------------------------------------------------------------------------
def _sliders(at: AppTest) -> dict[str, float]:
    """The value map's sliders: the active scenario's computed position on each axis."""
    return {a: at.select_slider(key=f"vm.{a}").value for a in AXES}


def test_loading_a_preset_moves_the_point_on_the_value_map():
    at = _app(VALUE_MAP)
    today = _sliders(at)
    assert today["universality"] == 0.0
    at.selectbox(key="vm.preset").set_value("full_basic_income_1000").run()
    moved = _sliders(at)
    assert moved != today and moved["universality"] == 1.0, "the sliders follow the new scenario"
    # A preset picked on the start page shows on the value map too.
    at.switch_page("pages/start.py").run()
    at.selectbox(key="start.preset").set_value("broad_general_support").run()
    at.switch_page(VALUE_MAP).run()
    assert _sliders(at)["individuality"] == 0.0


def test_axis_sliders_change_levers_as_documented():
    """A slider asks for a position; the levers of its axis are set by the rule of docs/AXES.md where the computed
    position comes closest, and the slider then shows that position."""
    at = _app(VALUE_MAP)
    at.select_slider(key="vm.universality").set_value(0.5).run()
    sc = at.session_state["scenario"]
    assert sc.basic_income.enabled and sc.basic_income.amount == round(0.5 * floor_level() / 10) * 10 == 400
    assert (sc.basic_income.min_age, sc.basic_income.max_age, sc.basic_income.taxable) == (18, 64, False)
    assert at.select_slider(key="vm.universality").value == 0.5

    at.select_slider(key="vm.unconditionality").set_value(0.3).run()
    sc = at.session_state["scenario"]
    assert not sc.basic_income.enabled
    assert sc.participation_income.enabled and sc.participation_income.amount == 400
    assert 0 < sc.participation_income.sanction < 1
    assert abs(at.select_slider(key="vm.unconditionality").value - 0.3) <= 0.02
    assert at.select_slider(key="vm.individuality").disabled, "a floor paid per person has no family lever"

    # An edited preset stays chosen in the picker ("… (modified)"); its reset button puts the preset back.
    at.button(key="vm.preset.reset").click().run()
    assert at.session_state["preset"] == "todays_system"
    before = at.select_slider(key="vm.individuality").value
    at.select_slider(key="vm.individuality").set_value(0.4).run()
    gs = at.session_state["scenario"].general_support
    assert gs.enabled and gs.means_test == "individual" and 0 < gs.partner_income_weight < 1
    assert gs.merges == ("labour_market_subsidy", "basic_unemployment_allowance", "yleistuki") and gs.amount == 800
    after = at.select_slider(key="vm.individuality").value
    assert after < before and abs(after - 0.4) <= 0.02
    at.select_slider(key="vm.individuality").set_value(0.0).run()
    assert at.session_state["scenario"].general_support.means_test == "household"
    at.select_slider(key="vm.unconditionality").set_value(0.6).run()
    assert at.session_state["scenario"].general_support.sanction < 0.5
    assert at.session_state["scenario"].general_support.means_test == "household", "other axes' levers stay"


def test_axis_rule_on_every_family():
    presets = {n: p.scenario for n, p in load_presets().items()}
    nit = presets["negative_income_tax"]
    assert with_axis(nit, "universality", 0.25).negative_income_tax.guarantee == 200
    assert axis_lock(nit, "unconditionality") and with_axis(nit, "unconditionality", 0.2) == nit
    assert with_axis(nit, "individuality", 0.2).negative_income_tax.unit == "household"
    assert with_axis(nit, "individuality", 0.8).negative_income_tax.unit == "individual"
    pi = presets["universal_security_yleisturva"]
    assert with_axis(pi, "universality", 0.5).participation_income.amount == 400
    assert not with_axis(pi, "universality", 0.0).participation_income.enabled
    assert with_axis(pi, "unconditionality", 0.9).participation_income.sanction == pytest.approx(0.1)
    bi = presets["full_basic_income_1000"]
    assert with_axis(bi, "unconditionality", 1.0) == bi, "a basic income is already unconditional"
    assert not with_axis(bi, "universality", 0.0).basic_income.enabled
    gs = presets["broad_general_support"]
    moved = with_axis(gs, "individuality", 0.6)
    assert (
        moved.general_support.means_test == "individual"
        and moved.general_support.partner_income_weight == pytest.approx(0.4)
    )
    assert moved.general_support.include_housing, "levers of other axes stay"


@pytest.mark.parametrize("axis", AXES)
def test_axis_rule_is_monotone(axis, engine):
    """From every preset, a sweep of the slider gives a non-decreasing recomputed score (docs/AXES.md)."""
    from models.compare import compare

    pop, params, base = engine
    for name, preset in load_presets().items():
        if axis_lock(preset.scenario, axis):
            continue
        scores = [
            compare(pop, params, with_axis(preset.scenario, axis, v), baseline=base, traps=False)["axes"][axis]
            for v in (0.0, 0.25, 0.5, 0.75, 1.0)
        ]
        assert all(b >= a - 1e-9 for a, b in zip(scores, scores[1:], strict=False)), (name, scores)


def test_sliders_start_at_the_scenarios_computed_position(engine):
    """A slider starts at the position the model computes (today's individuality is about 0.62, not 1), and a
    small step is a small change."""
    from models.compare import compare

    pop, params, base = engine
    at = _app(VALUE_MAP)
    today = compare(pop, params, load_presets()["todays_system"].scenario, baseline=base, traps=False)["axes"]
    assert _sliders(at) == {a: round(today[a], 2) for a in AXES}
    assert _sliders(at)["individuality"] < 0.7
    at.selectbox(key="vm.preset").set_value("basic_income_experiment_560").run()
    start = _sliders(at)["unconditionality"]
    at.select_slider(key="vm.unconditionality").set_value(round(start - 0.05, 2)).run()
    sc = at.session_state["scenario"]
    assert sc.participation_income.enabled and 0 < sc.participation_income.sanction < 0.2
    after = at.select_slider(key="vm.unconditionality").value
    assert start - 0.07 <= after < start, "a small step left is a small step towards reciprocal"


def test_an_invalid_combination_of_levers_is_refused():
    """Basic income allows ages up to 70 for its lower limit; beyond that the change is refused, said so, and
    the scenario stays valid."""
    at = _app(WORKBENCH)
    at.selectbox(key="wb.preset").set_value("full_basic_income_1000").run()
    before = at.session_state["scenario"]
    at.slider(key="wb.basic_income.ages").set_value((75, 90)).run()
    assert not at.exception
    assert at.session_state["scenario"] == before
    assert any("Alin ikä: sallittu 15–70\u00a0v." in e.value for e in at.error), [e.value for e in at.error]
    assert not any("min_age" in e.value for e in at.error), "no field names on screen"
    at.run()
    assert at.slider(key="wb.basic_income.ages").value == (18, 64), "the widget goes back to the scenario"


def test_behaviour_is_labelled_static_until_an_elasticity_is_set():
    at = _app(WORKBENCH, "en")
    static = t("wb.static", "en")
    assert any(c.value == static for c in at.caption)
    at.session_state["lang"] = "en"  # AppTest drops the language widget's state after a page switch
    at.select_slider(key="wb.behaviour.extensive_elasticity").set_value(0.2).run()
    assert at.session_state["scenario"].behaviour.extensive_elasticity == pytest.approx(0.2)
    assert not any(c.value == static for c in at.caption)


@pytest.mark.parametrize(
    ("preset", "block", "switch", "field", "like"),
    [
        ("full_basic_income_1000", "basic_income", "young_separate", "young_adult_amount", "amount"),
        ("yleistuki_2026", "general_support", "other_income_separate", "other_income_disregard", "disregard"),
    ],
)
def test_a_separate_amount_starts_at_the_common_one_and_goes_back_to_none(preset, block, switch, field, like):
    """The switch of a separate amount (18–24-year-olds' basic income, general support's disregard of other
    income): off, the field is None; on, it gets the common amount and its own slider."""
    at = _app(WORKBENCH)
    at.selectbox(key="wb.preset").set_value(preset).run()
    at.toggle(key=f"wb.{block}.{switch}").set_value(False).run()
    assert not at.exception, at.exception
    before = getattr(at.session_state["scenario"], block)
    assert getattr(before, field) is None
    at.toggle(key=f"wb.{block}.{switch}").set_value(True).run()
    assert not at.exception, at.exception
    after = getattr(at.session_state["scenario"], block)
    assert getattr(after, field) == getattr(before, like)
    assert at.slider(key=f"wb.{block}.{field}").value == getattr(before, like)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_financing_rate_is_typed_and_shown_in_the_language(lang):
    """The financing rate is a typed number (issue 15, point 7): it shows the scenario's rate the way the language
    writes it (27,74 in Finnish, 27.74 in English), reads a typed decimal comma or point, and a text that is not a
    number or is out of range gets a translated message naming the field while the scenario keeps its rate."""
    at = _app(WORKBENCH, lang)
    at.selectbox(key="wb.preset").set_value("basic_income_experiment_560").run()
    at.radio(key="wb.financing.method").set_value("flat_tax").run()
    field = at.text_input(key="wb.financing.rate.text")
    stored = at.session_state["scenario"].financing.rate
    expected = f"{100 * stored:.2f}"
    assert field.value == (expected.replace(".", ",") if lang == "fi" else expected)
    label = t("lever.financing.rate", lang)

    field.set_value("3,5" if lang == "fi" else "3.5").run()
    assert not at.exception and not at.error
    assert at.session_state["scenario"].financing.rate == pytest.approx(0.035)

    at.text_input(key="wb.financing.rate.text").set_value("kolme").run()
    assert not at.exception
    assert at.error and label in at.error[0].value and "kolme" in at.error[0].value
    assert at.session_state["scenario"].financing.rate == pytest.approx(0.035), "the previous rate stays"

    at.text_input(key="wb.financing.rate.text").set_value("95").run()
    assert at.error and label in at.error[0].value
    assert ("90,00" if lang == "fi" else "90.00") in at.error[0].value, "the message gives the range"
    assert at.session_state["scenario"].financing.rate == pytest.approx(0.035)

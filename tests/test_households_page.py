"""Example households: the page (AppTest) and its calculations (the sweep with a scenario, the breakdown,
"how many people live like them", the custom form's validation)."""

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from models.household import HouseholdSpec
from models.household import sweep as engine_sweep
from models.presets import load_presets
from models.sweep import (
    PARTS,
    breakdown_difference,
    breakdown_from_zero,
    breakdown_levels,
    breakdown_marginal,
)
from tests.helpers import open_page
from ui.households import (
    example_net_incomes,
    load_examples,
    similar_households,
    spec_from_form,
    sweep,
)
from ui.i18n import t
from ui.page import md_escape

ROOT = Path(__file__).resolve().parent.parent
REFORMS = ("full_basic_income_1000", "yleistuki_2026", "participation_income_youth", "lower_withdrawal_rates")


# --- the page -------------------------------------------------------------------------------------------------------
pytestmark = pytest.mark.usefixtures("small_app_population")


def _page(lang: str, preset: str | None = None) -> AppTest:
    return open_page("pages/households.py", lang, preset, timeout=120)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_page_renders_in_every_language(lang):
    at = _page(lang, preset="full_basic_income_1000")
    assert not at.exception, at.exception
    assert at.title[0].value == {"fi": "Esimerkkitaloudet", "sv": "Exempelhushåll", "en": "Example households"}[lang]
    assert len(at.metric) == 4
    assert not at.error
    # "how many like them" is stated, and what "similar" means
    assert any(("%" in i.value) for i in at.info)
    assert any({"fi": "Samankaltainen", "sv": "Liknande", "en": "Similar"}[lang] in c.value for c in at.caption)


def test_choosing_another_example_changes_net_income():
    at = _page("fi")
    first = at.metric[0].value
    at.selectbox(key="households.example").set_value("single_unemployed").run()
    assert not at.exception, at.exception
    assert at.metric[0].value != first
    at.selectbox(key="households.example").set_value("young_with_parents").run()
    assert not at.exception, at.exception


def test_scenario_reaches_the_household():
    """Under a full basic income the Korhonens' net income differs from today's: the sweep gets the scenario."""
    at = _page("en", preset="full_basic_income_1000")
    today, scenario = at.metric[0].value, at.metric[1].value
    assert today != scenario
    assert at.metric[1].delta  # a signed difference is shown


def test_breakdown_views_render():
    at = _page("fi", preset="yleistuki_2026")
    for view in ("from_zero", "difference", "levels"):
        at.radio(key="households.breakdown.view").set_value(view).run()
        assert not at.exception, at.exception


def test_custom_form_reports_a_bad_value_and_keeps_running():
    at = _page("fi")
    at.selectbox(key="households.example").set_value("__custom__").run()
    assert not at.exception, at.exception
    before = at.metric[0].value
    at.text_input(key="households.form.children").set_value("3, 8")
    at.number_input(key="households.form.daycare").set_value(2)
    at.button(key="households.form.submit").click().run()
    assert not at.exception, at.exception
    assert at.error, "a bad value shows an error"
    message = at.error[0].value.replace("\\", "")
    assert "Lapsia varhaiskasvatuksessa" in message  # the field, by its translated name
    assert "alle 7" in message
    # the page keeps running with the previous household
    assert at.metric[0].value == before
    # a good value is then accepted
    at.number_input(key="households.form.daycare").set_value(1)
    at.button(key="households.form.submit").click().run()
    assert not at.exception, at.exception
    assert not at.error
    assert at.metric[0].value != before


# --- the calculations ------------------------------------------------------------------------------------------------
EXAMPLES = load_examples()


def test_examples_are_complete():
    assert len(EXAMPLES) >= 7
    assert "korhoset" in EXAMPLES
    statuses = {a.status for ex in EXAMPLES.values() for a in ex.household.adults}
    assert {"employed", "unemployed_labour_market_subsidy", "student", "pensioner"} <= statuses
    for ex in EXAMPLES.values():
        for lang in ("fi", "sv", "en"):
            assert getattr(ex.name, lang) and getattr(ex.story, lang)


@pytest.mark.parametrize("key", sorted(EXAMPLES))
@pytest.mark.parametrize("preset", REFORMS)
def test_breakdown_parts_sum_to_the_net_income_change(params, key, preset):
    ex = EXAMPLES[key]
    scenario = load_presets()[preset].scenario
    base = sweep(ex.household, params, None, follow=ex.follow)
    reform = sweep(ex.household, params, scenario, follow=ex.follow)
    for s in (base, reform):
        assert set(breakdown_levels(s)) == set(PARTS)
        np.testing.assert_allclose(sum(breakdown_levels(s).values()), s.net_income, atol=1e-6)
        np.testing.assert_allclose(sum(breakdown_from_zero(s).values()), s.net_income - s.net_zero, atol=1e-6)
        np.testing.assert_allclose(sum(breakdown_marginal(s).values()), 100 * (1 - s.emtr), atol=1e-6)
    np.testing.assert_allclose(
        sum(breakdown_difference(reform, base).values()), reform.net_income - base.net_income, atol=1e-6
    )


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_sweep_agrees_with_the_engine_calculator(params, key):
    """Today's system: the page's sweep gives the same net income and EMTR as models.household.sweep."""
    ex = EXAMPLES[key]
    if ex.follow != 0:
        pytest.skip("models.household.sweep varies the first adult only")
    grid = np.array([0.0, 500.0, 1500.0, 3000.0, 5000.0])
    ours = sweep(ex.household, params, None, grid)
    theirs = engine_sweep(ex.household, grid, params)
    np.testing.assert_allclose(ours.net_income, [r["net_income"] for r in theirs], atol=0.01)
    np.testing.assert_allclose(ours.emtr, [r["emtr"] for r in theirs], atol=1e-3)


def test_sweep_follows_the_chosen_adult(params):
    """The young person's curve varies his own earnings: his labour market subsidy falls as he earns."""
    ex = EXAMPLES["young_with_parents"]
    s = sweep(ex.household, params, None, np.array([0.0, 1000.0]), follow=ex.follow)
    assert s.parts["earnings"][1] - s.parts["earnings"][0] == pytest.approx(1000.0)
    assert s.parts["labour_market_subsidy"][1] < s.parts["labour_market_subsidy"][0]


@pytest.fixture(scope="module")
def population():
    from models.population.store import load_population

    return load_population(5000, seed=2025)


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_how_many_like_them_is_positive_and_below_the_population(population, key):
    ex = EXAMPLES[key]
    like = similar_households(population, ex.household, ex.follow)
    total = float(np.dot(population.households["weight"], population.n_persons_in_household))
    assert 0 < like["persons"] < total
    assert like["population_persons"] == pytest.approx(total)
    assert 0 < like["share"] < 1
    assert like["households"] <= like["persons"] * (1 + 1e-9)


def test_example_net_incomes_for_the_report(params):
    rows = example_net_incomes(params, load_presets()["full_basic_income_1000"].scenario)
    assert [r["id"] for r in rows] == list(EXAMPLES)
    for r in rows:
        assert r["change"] == pytest.approx(r["reform"] - r["baseline"])


# --- the custom form ------------------------------------------------------------------------------------------------
def _form(**kw):
    form = {
        "adults": [{"age": 30, "status": "employed", "earnings": 2000.0}],
        "couple": False,
        "children_ages": "",
        "children_in_daycare": 0,
        "rent": 700.0,
        "tenure": "rented",
        "municipality_group": 2,
    }
    form.update(kw)
    return form


def test_form_builds_a_household():
    spec, errors = spec_from_form(_form(children_ages="3; 8 12", children_in_daycare=1))
    assert not errors
    assert isinstance(spec, HouseholdSpec)
    assert spec.children_ages == [3, 8, 12] and spec.children_in_daycare == 1


def test_form_errors_name_their_field():
    _, errors = spec_from_form(_form(children_ages="3, 8", children_in_daycare=2))
    assert [(e.field, e.key) for e in errors] == [("children_in_daycare", "households.error.daycare")]
    assert errors[0].kwargs == {"n": 2, "under7": 1}
    _, errors = spec_from_form(_form(children_ages="3, kolme, 19"))
    assert [e.key for e in errors] == ["households.error.not_an_age", "households.error.child_age"]
    assert all(e.field == "children_ages" for e in errors)
    _, errors = spec_from_form(_form(adults=[{"age": 30, "status": "employed", "earnings": -5.0}]))
    assert [(e.field, e.adult, e.key) for e in errors] == [("earnings", 0, "households.error.min")]


def test_form_takes_an_adult_in_an_employment_service_and_refuses_a_working_one():
    from ui.household_form import error_text
    from ui.i18n import t

    unemployed = {"age": 24, "status": "unemployed_labour_market_subsidy", "in_services": True}
    spec, errors = spec_from_form(_form(adults=[unemployed]))
    assert not errors and spec.adults[0].in_services
    spec, _ = spec_from_form(_form())
    assert not spec.adults[0].in_services
    _, errors = spec_from_form(_form(adults=[{"age": 30, "status": "employed", "in_services": True}]))
    assert [(e.field, e.adult, e.key) for e in errors] == [
        ("in_services", 0, "households.error.services_not_unemployed")
    ]
    for lang in ("fi", "sv", "en"):  # the field's label, the adult and the reason, in the page's language
        text = error_text(errors, lang).replace("\\", "")
        assert f"{t('households.form.adult', lang, n=1)}: {t('households.form.in_services', lang)}" in text
        assert t("households.error.services_not_unemployed", lang) in text


def test_markdown_escape_keeps_user_text_literal():
    assert md_escape("[x](javascript:alert(1)) <b>") == r"\[x\]\(javascript\:alert\(1\)\) \<b\>"


def test_every_dynamic_label_is_translated():
    """Keys built at run time (statuses, household types, roles, components, form choices) exist."""
    from models.population.core import HOUSEHOLD_TYPE_NAMES
    from ui.households import ADULT_STATUSES, ROLE_NAMES, TENURES
    from ui.i18n import translations

    keys = [f"households.status.{s}" for s in ADULT_STATUSES]
    keys += [f"households.htype.{n}" for n in HOUSEHOLD_TYPE_NAMES.values()]
    keys += [f"households.role.{n}" for n in ROLE_NAMES.values()]
    keys += [f"households.component.{k}" for k in PARTS]
    keys += [f"households.form.tenure.{k}" for k in TENURES] + [f"households.form.group.{g}" for g in (1, 2, 3)]
    keys += [f"households.breakdown.{v}" for v in ("levels", "from_zero", "difference")]
    keys += [f"households.breakdown.help_{v}" for v in ("levels", "from_zero", "difference")]
    missing = [k for k in keys if k not in translations()]
    assert not missing, f"add these to ui/locales/households.yaml: {missing}"


def test_without_chromium_the_page_offers_html_and_says_so(monkeypatch):
    from ui import export

    monkeypatch.setattr(export, "chromium_path", lambda: None)
    at = _page("fi")
    assert not at.exception, at.exception
    assert at.warning and "HTML" in at.warning[0].value
    keys = [b.key for b in at.get("download_button")]
    assert "households.export.net.html" in keys
    assert "households.export.net.png" not in keys


def test_form_errors_become_one_message_naming_field_and_adult():
    """The shared custom form (ui.household_form) lists each error under its field's label, with the adult."""
    from ui.household_form import error_text
    from ui.i18n import t

    _, earnings = spec_from_form(_form(adults=[{"age": 30, "status": "employed", "earnings": -5.0}]))
    _, ages = spec_from_form(_form(children_ages="x"))
    text = error_text(earnings + ages, "en")
    assert text.startswith(t("households.form.errors", "en"))
    assert f"{t('households.form.adult', 'en', n=1)}: {t('households.form.earnings', 'en')}" in text.replace("\\", "")
    assert t("households.form.children_ages", "en") in text.replace("\\", "")


def test_custom_form_amounts_are_typed_as_the_language_writes_them():
    """Euro amounts are shown and read the Finnish way ("2 500,50", not "2500.00"); a text that is not a number gets
    a message naming the field and the adult, and the previous household stays."""
    at = _page("fi")
    at.selectbox(key="households.example").set_value("__custom__").run()
    earnings = at.text_input(key="households.form.earnings.0")
    assert "." not in earnings.value and "." not in at.text_input(key="households.form.rent").value
    earnings.set_value("2\u00a0500,50")
    at.text_input(key="households.form.rent").set_value("1 100")
    at.button(key="households.form.submit").click().run()
    assert not at.exception and not at.error
    household = at.session_state["households.custom"][0]
    assert household["adults"][0]["earnings"] == 2500.5 and household["rent"] == 1100.0
    before = at.metric[0].value

    at.text_input(key="households.form.earnings.0").set_value("paljon")
    at.button(key="households.form.submit").click().run()
    assert not at.exception
    message = at.error[0].value.replace("\\", "")
    assert t("households.form.earnings", "fi") in message and "paljon" in message
    assert t("households.form.adult", "fi", n=1) in message
    assert at.metric[0].value == before and at.session_state["households.custom"][0] == household

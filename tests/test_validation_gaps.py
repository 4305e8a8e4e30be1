"""Trust (issue 15, point 8): which result each validation row is about (assumptions/validation/gaps.yaml), the
validation summary computed from the table, the notes next to results that lean on a known gap, and the
assumptions page's numbers in the locale with their units."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from models.compare import compare
from models.validation import official_rows
from models.validation_gaps import known_gaps, leaning, load_config, summary
from ui.i18n import LANGS, t
from ui.trust import note_text, official_value, parameter_value, signed_pct, summary_lines, unit_name

ROOT = Path(__file__).resolve().parent.parent
DISTRIBUTION = {"poverty_rate", "child_poverty_rate", "gini", "median_equivalised_income"}


def _row(key, dev, comparable=True, label=None):
    return {"key": key, "label": label or key, "deviation_pct": dev, "comparable": comparable, "year": 2025}


@pytest.fixture(scope="module")
def run():
    from models.baseline import baseline_run
    from models.parameters import load_parameters
    from models.population.store import load_population

    pop = load_population(5000, seed=2025)
    params = load_parameters()
    base = baseline_run(pop, params, traps=False)
    return lambda scenario: compare(pop, params, scenario, baseline=base, traps=False)


def test_every_official_row_says_which_result_it_is_about(run):
    """A new official figure needs a decision on which result it is about (gaps.yaml, rows)."""
    from models.scenario import Scenario

    config = load_config()
    keys = [r["key"] for r in official_rows()]
    missing = [k for k in keys if k not in config.rows]
    assert not missing, f"add these rows to assumptions/validation/gaps.yaml with their result (or null): {missing}"
    assert not set(config.rows) - set(keys), "gaps.yaml lists rows that official.yaml no longer has"
    results = set(run(Scenario())["totals_eur"]) | DISTRIBUTION
    unknown = {r for r in config.rows.values() if r is not None} - results
    assert not unknown, f"not a result of the model: {unknown}"
    assert all(c in results for view in config.views.values() for c in view)


def test_thresholds_have_reasons():
    import yaml

    doc = yaml.safe_load((ROOT / "assumptions/validation/gaps.yaml").read_text(encoding="utf-8"))
    for name in ("good_pct", "note_pct", "material_change_eur"):
        assert doc[name]["reason"].strip() and doc[name]["value"] > 0
    assert all(v["reason"].strip() for v in doc["views"].values())


def test_summary_sorts_rows_and_leaves_not_comparable_out():
    config = load_config()
    table = [
        _row("earned_income_taxes_total", -2.0),
        _row("social_assistance_expenditure", 11.0),
        _row("housing_allowance_expenditure_2025", -67.0),
        _row("study_grant_expenditure_2025_budget", 75.0),
        _row("housing_allowance_expenditure", -90.0, comparable=False),
        _row("church_tax", None),
    ]
    s = summary(table, config)
    assert [g.key for g in s.close] == ["earned_income_taxes_total"]
    assert [g.key for g in s.within_aim] == ["social_assistance_expenditure"]
    assert [g.key for g in s.larger] == ["study_grant_expenditure_2025_budget", "housing_allowance_expenditure_2025"]
    assert s.not_comparable == 1
    gaps = known_gaps(table, config)
    assert set(gaps) == {"housing_allowance", "student_aid"}, "a gap beyond the aim, comparable rows only"
    assert gaps["housing_allowance"].deviation_pct == -67.0


def test_the_summary_stays_true_when_the_figures_change():
    """Computed, not written: when the low-income end is fixed the housing allowance leaves the larger gaps."""
    before = [_row("housing_allowance_expenditure_2025", -67.0, label="Asumistuki")]
    after = [_row("housing_allowance_expenditure_2025", -4.0, label="Asumistuki")]
    assert "Asumistuki (−67\u00a0%)" in summary_lines(before, "fi")[2]
    assert "Asumistuki" not in summary_lines(after, "fi")[2] and "Asumistuki" in summary_lines(after, "fi")[0]
    assert known_gaps(after) == {}


def test_a_scenario_leans_on_what_it_changes(run):
    from models.presets import load_presets

    config = load_config()
    today = run(load_presets()["todays_system"].scenario)
    assert leaning(today, ("poverty_rate",), config) == ["poverty_rate"]
    broad = run(load_presets()["broad_general_support"].scenario)
    leans = leaning(broad, (), config)
    assert "housing_allowance" in leans and "labour_market_subsidy" in leans
    for k in leans:
        change = abs(broad["totals_eur"][k]["reform"] - broad["totals_eur"][k]["baseline"])
        assert change >= config.material_change_eur


@pytest.mark.parametrize("lang", LANGS)
def test_numbers_for_the_assumptions_page(lang):
    assert parameter_value(286127.6037, "/1", lang) == {"fi": "286\u202f127,6037", "sv": "286\u202f127,6037"}.get(
        lang, "286,127.6037"
    )
    assert parameter_value(2477, "EUR/month", lang).startswith({"fi": "2\u202f477", "sv": "2\u202f477"}.get(lang, "€2"))
    assert "€" in parameter_value(37.21, "EUR/day", lang)
    scale = [{"threshold": 0, "rate": 0.1264}, {"threshold": 21200, "rate": 0.19}]
    assert parameter_value(scale, "scale", lang).startswith(
        {"fi": "0\u00a0€: 12,64\u00a0%", "sv": "0\u00a0€: 12,64\u00a0%", "en": "€0: 12.64%"}[lang]
    )
    assert (
        parameter_value({"labour_market_subsidy": 13}, "table", lang)
        == f"{t('lever.option.labour_market_subsidy', lang)}: 13"
    )
    assert unit_name("EUR/month", lang) == {"fi": "€/kk", "sv": "€/mån", "en": "€/month"}[lang]
    assert unit_name("persons", lang) == {"fi": "henkilöä", "sv": "personer", "en": "persons"}[lang]
    assert official_value(285144.2104, "persons", lang) in ("285\u202f144", "285,144")
    assert official_value(0.2721, "/1", lang, "index") in ("0,272", "0.272")
    assert signed_pct(-46.9, lang) in ("−47\u00a0%", "−47%") and signed_pct(-1e-13, lang, 1) in ("0,0\u00a0%", "0.0%")


def test_a_note_names_the_component_its_figure_and_the_gap():
    gaps = known_gaps([_row("housing_allowance_recipients_stock_2025", -47.1, label="Asumistuen saajat")])
    text = note_text(gaps.values(), "fi")
    assert "Yleinen asumistuki (Asumistuen saajat −47\u00a0%, 2025)" in text


# --- pages -------------------------------------------------------------------------------------------------------
def _app(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.usefixtures("small_app_population")
@pytest.mark.parametrize("lang", LANGS)
def test_assumptions_page_opens_the_validation_with_a_summary_and_writes_numbers_for_the_locale(lang):
    at = _app("pages/assumptions.py", lang)
    texts = [m.value for m in at.markdown]
    assert f"**{t('trust.summary.title', lang)}**" in texts
    summary_text = texts[texts.index(f"**{t('trust.summary.title', lang)}**") + 1]
    assert summary_text.count("\n- ") == 3
    # Numbers as Python prints them (286127.6037): in Finnish and Swedish a decimal point, in English four digits
    # or more without a thousands separator.
    if lang == "en":

        def is_raw(cell: str) -> bool:  # a year as a table's key ("2026: 3,997") is a label, not a number
            return bool(re.search(r"\d{4}", re.sub(r"\.\d+|\b20\d\d:", "", cell)))
    else:

        def is_raw(cell: str) -> bool:  # a date (1.5.2026) is written with dots in Finnish and Swedish
            return bool(re.search(r"\d\.\d", re.sub(r"\b\d{1,2}\.\d{1,2}\.20\d\d\b", "", cell)))

    numbers = [t(f"col.{c}", lang) for c in ("value", "target", "achieved", "simulated", "official")]
    for frame in at.dataframe:
        for column in (c for c in frame.value.columns if c in numbers):
            cells = [str(c) for c in frame.value[column]]
            assert not any(is_raw(c) for c in cells), (column, [c for c in cells if is_raw(c)][:3])


@pytest.mark.usefixtures("small_app_population")
def test_results_that_lean_on_a_gap_carry_a_note_and_others_do_not():
    at = _app("pages/workbench.py", "en")
    notes = [c.value for c in at.caption if c.value.startswith(":material/warning:")]
    assert not any("housing allowance" in n for n in notes), "today's system changes no benefit"
    at.selectbox(key="wb.preset").set_value("broad_general_support").run()
    notes = [c.value for c in at.caption if c.value.startswith(":material/warning:")]
    assert len(notes) == 1 and "General housing allowance" in notes[0], notes
    at.switch_page("pages/income_traps.py").run()
    notes = [c.value for c in at.caption if c.value.startswith(":material/warning:")]
    # The trap counts lean on the benefits withdrawn as earnings rise, whatever the scenario: the note names those
    # of them that are off (which ones depends on the sample).
    withdrawn = ("Labour market subsidy", "Basic unemployment allowance", "General housing allowance", "Basic social")
    assert notes and any(name in notes[0] for name in withdrawn), notes

"""The validation benefit by benefit (issue 13, "Show it"): spending, recipients, amounts and who the recipients are,
each against the official figure; shares compared in percentage points."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from models.validation import official_rows
from models.validation_gaps import GapConfig, load_config
from ui.benefit_validation import SECTIONS, benefit_rows, signed_points, validation_frame
from ui.i18n import t
from ui.trust import measures

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("fi", "sv", "en")


def _row(key: str, unit: str = "persons", pct: float | None = 10.0, pp: float | None = None) -> dict:
    return {
        "key": key,
        "label": key,
        "simulated": 0.25 if unit == "/1" else 1000.0,
        "official": 0.3 if unit == "/1" else 900.0,
        "unit": unit,
        "deviation_pct": pct,
        "deviation_pp": pp,
        "year": 2025,
        "comparable": True,
    }


def _config(rows: dict) -> GapConfig:
    return GapConfig(good_pct=5, note_pct=15, material_change_eur=5e7, rows=rows)


def test_rows_are_grouped_by_benefit_and_section_in_the_order_shown():
    table = [
        _row("a_mix", "/1", pp=-5.0),
        _row("a_spend", "EUR/year"),
        _row("b_count"),
        _row("a_count"),
        _row("poverty", "/1"),
        _row("untied"),
        _row("a_other_measure"),
    ]
    row_measures = {
        "a_mix": "share",
        "a_spend": "expenditure",
        "b_count": "recipients",
        "a_count": "recipients",
        "poverty": "rate",
        "untied": "recipients",
        "a_other_measure": "index",
    }
    config = _config(
        {"a_mix": "a", "a_spend": "a", "b_count": "b", "a_count": "a", "poverty": "poverty_rate", "untied": None}
        | {"a_other_measure": "a"}
    )
    grouped = benefit_rows(table, row_measures, config, names=("a", "b"))
    assert list(grouped) == ["a", "b"], "benefits in the order of their first row; unnamed results left out"
    assert list(grouped["a"]) == ["spending", "recipients", "who"], "sections in the order of SECTIONS, empty ones out"
    assert [r["key"] for r in grouped["a"]["who"]] == ["a_mix"]
    assert [r["key"] for r in grouped["b"]["recipients"]] == ["b_count"]
    assert all(r["key"] != "a_other_measure" for rows in grouped["a"].values() for r in rows)


def test_every_benefit_row_of_the_table_lands_in_one_section():
    """Each row of official.yaml about a named benefit with a measure of a section is shown exactly once."""
    rows = official_rows()
    config, row_measures = load_config(), measures()
    names = {config.rows[r["key"]] for r in rows if config.rows.get(r["key"])}
    table = [_row(r["key"], r["unit"]) for r in rows]
    grouped = benefit_rows(table, row_measures, config, names)
    shown = [r["key"] for sections in grouped.values() for rows_ in sections.values() for r in rows_]
    assert len(shown) == len(set(shown))
    in_sections = {m for _, group in SECTIONS for m in group}
    expected = {r["key"] for r in rows if config.rows.get(r["key"]) and row_measures.get(r["key"]) in in_sections}
    assert set(shown) == expected
    assert {"spending", "recipients", "amounts", "who"} <= set(grouped["housing_allowance"])
    family_rates = {"housing_allowance_rate_single_parents", "housing_allowance_rate_working_age_alone"}
    assert family_rates <= {r["key"] for r in grouped["housing_allowance"]["who"]}


@pytest.mark.parametrize("lang", LANGS)
def test_shares_differ_in_points_and_the_rest_in_per_cent(lang):
    assert (
        signed_points(-25.55, lang)
        == {"fi": "−25,6\u00a0%-yks.", "sv": "−25,6\u00a0%-enh.", "en": "−25.6\u00a0pp"}[lang]
    )
    assert signed_points(None, lang) == "–"
    assert signed_points(0.01, lang).startswith("0")
    frame = validation_frame([_row("share", "/1", pct=-48.0, pp=-25.55), _row("count", pct=12.0)], lang, {})
    deviation = list(frame[t("validation.benefit.col.deviation", lang)])
    assert deviation[0] == signed_points(-25.55, lang)
    assert deviation[1] in ("+12\u00a0%", "+12%")


def _app(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/assumptions.py").run()
    assert not at.exception, at.exception
    return at


@pytest.mark.usefixtures("small_app_population")
@pytest.mark.parametrize("lang", LANGS)
def test_the_assumptions_page_shows_a_benefit_at_a_time(lang):
    at = _app(lang)
    choice = at.selectbox(key="assumptions.benefit")
    assert "housing_allowance" in choice.options or t("component.housing_allowance", lang) in choice.options
    choice.set_value("housing_allowance").run()
    assert not at.exception, at.exception
    texts = [m.value for m in at.markdown]
    for section in ("spending", "recipients", "amounts", "who"):
        assert f"*{t(f'validation.benefit.section.{section}', lang)}*" in texts
    who = at.dataframe[-1].value[t("validation.benefit.col.deviation", lang)]
    points = t("validation.benefit.points", lang)
    assert all(cell.endswith(points) or cell == "–" for cell in who), list(who)
    choice.set_value("social_assistance").run()
    assert not at.exception, at.exception
    assert f"*{t('validation.benefit.section.who', lang)}*" in [m.value for m in at.markdown]

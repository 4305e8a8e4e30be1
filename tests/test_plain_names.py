"""Plain names (issue 15, point 7): levers in words with units, errors in words with the allowed range, slider
numbers in the app's language, Streamlit's own texts translated, one Finnish vocabulary for who gains and who
loses, and no repository path or field name in any text a user reads."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from models.presets import load_presets
from models.scenario import Scenario
from ui import state
from ui.i18n import LANGS, t, translations
from ui.plain_names import lever_path_name, lever_rows, problem_lines
from ui.sliders import grid, label, printf_format
from ui.widget_texts import css_string, streamlit_css, uploader_css

ROOT = Path(__file__).resolve().parent.parent
FIELDS = {f for block in Scenario.model_fields.values() for f in getattr(block.annotation, "model_fields", {})}
INTERNAL = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|docs/|assumptions/|\.py\b|\.md\b")


def _no_internal_name(text: str) -> None:
    assert not INTERNAL.search(text), text
    words = set(re.findall(r"[a-z_]+", text))
    assert not (words & {f for f in FIELDS if "_" in f}), text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(load_presets()))
def test_every_presets_levers_read_in_words_with_units(name, lang):
    rows = lever_rows(load_presets()[name].scenario, lang)
    for block, lever, value in rows:
        for text in (block, lever, value):
            _no_internal_name(text)
        assert lever != t("plain.lever.unknown", lang), (name, block)
    money = [v for _, _, v in rows if "€" in v]
    assert all(re.search(r"/(kk|mån|month|päivä|dag|day|vuosi|år|year)$", v) for v in money), money


def test_a_switched_off_block_lists_no_levers():
    sc = Scenario(basic_income={"enabled": False, "amount": 290})
    assert lever_rows(sc, "fi") == []


@pytest.mark.parametrize("lang", LANGS)
def test_preset_assumptions_name_their_levers_in_words(lang):
    for preset in load_presets().values():
        for a in preset.assumptions:
            _no_internal_name(lever_path_name(a.lever, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_a_bad_scenario_is_explained_in_words_with_the_allowed_range(lang):
    bad = {"basic_income": {"amount": -5, "bogus": 1}, "financing": {"rate": 3}, "general_support": {"taper": "x"}}
    with pytest.raises(ValidationError) as exc:
        Scenario.model_validate(bad)
    lines = problem_lines(exc.value.errors(), lang)
    text = "\n".join(lines)
    assert "basic_income" not in text and "Input should" not in text and "amount" not in text
    assert t("plain.problem.range", lang, range=t("plain.unit.eur_month", lang, x="")).split()[0] in text
    assert {"fi": "0–3\u202f000\u00a0€/kk", "sv": "0–3\u202f000\u00a0€/mån", "en": "€0–3,000/month"}[lang] in text
    assert "bogus" in text, "an unknown key of the user's own file is named so it can be found"
    assert t("plain.problem.number", lang) in text


def test_a_bad_link_or_file_error_carries_translated_lines():
    with pytest.raises(state.ScenarioError) as exc:
        state.scenario_from_file(json.dumps({"basic_income": {"max_age": 500}}).encode())
    for lang in LANGS:
        lines = exc.value.lines(lang)
        assert lines and all("max_age" not in line for line in lines), lines
    with pytest.raises(state.ScenarioError) as bad:
        state.decode_scenario("not-a-code!")
    assert bad.value.lines("fi") == [t("state.problem.not_a_code", "fi")]
    assert bad.value.fields, "the technical detail is kept for logs and tests"


def test_slider_numbers_follow_the_language():
    assert printf_format("eur", "fi") == "%'\u202f,d\u00a0€"
    assert printf_format("eur", "en") == "€%,d"
    assert printf_format("pct", "sv") == "%'\u202f,d\u00a0%%"
    assert label(0.8, None, "fi", 2) == "0,80" and label(0.8, None, "en", 2) == "0.80"
    assert label(1400.0, "eur", "fi", 0) == "1\u202f400\u00a0€"
    assert label(12.5, "pct", "sv", 1) == "12,5\u00a0%"
    assert grid(0, 1, 0.25) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert grid(20, 21, 0.5, 20.37) == [20.0, 20.37, 20.5, 21.0], "a value between the steps stays reachable"


@pytest.mark.parametrize("lang", LANGS)
def test_streamlit_texts_style_sheet_has_every_translation(lang):
    css = streamlit_css(lang) + uploader_css("wb.upload", lang, 1, ["json"])
    for key in (
        "st.hint.apply",
        "st.hint.apply_form",
        "st.no_results",
        "st.page_not_found.title",
        "st.uploader.button",
    ):
        assert css_string(t(key, lang)) in css
    assert ".st-key-wb-upload" in css and "JSON" in css
    assert "<" not in css.replace("\\3C ", ""), "nothing in the style sheet can close the <style> element"


def test_css_strings_are_escaped():
    assert css_string('a "b" \\ c</style>') == '"a \\"b\\" \\\\ c\\3C /style>"'


def test_the_app_has_no_dialog_of_its_own():
    """The style sheet translates Streamlit's one dialog, "Page not found"; a dialog of the app's own would get
    that text too."""
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        calls = [
            n
            for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(n, ast.Attribute) and n.attr == "dialog"
        ]
        assert not calls, path


def test_every_multiselect_and_uploader_uses_the_translated_texts():
    for path in [*(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            if node.func.attr == "multiselect":
                assert any(k.arg is None for k in node.keywords), f"{path.name}: **multiselect_texts(lang) missing"
            if node.func.attr == "file_uploader" and path.name != "widget_texts.py":
                raise AssertionError(f"{path.name}: use ui.widget_texts.file_uploader")


# --- words --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_no_text_shows_a_repository_path_or_a_field_name(lang):
    bad = []
    for key, entry in translations().items():
        text = re.sub(r"\{\w+\}", "", entry[lang])
        if INTERNAL.search(text) or "http" in text:
            bad.append(f"{key}: {text[:80]}")
    assert not bad, bad


def _finnish_texts():
    for key, entry in translations().items():
        yield key, entry["fi"]
    for path in sorted((ROOT / "assumptions").rglob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name in ("label", "title", "explanation"):
            value = doc.get(name) if isinstance(doc, dict) else None
            if isinstance(value, dict) and "fi" in value:
                yield f"{path.name}:{name}", value["fi"]


def test_finnish_says_hyotyjat_and_menettajat_everywhere():
    """One vocabulary for who gains and who loses: hyötyjä/menettäjä, never voittaja/häviäjä (exports too: their
    column names are these texts)."""
    bad = [key for key, text in _finnish_texts() if re.search(r"voitta|häviä", text, re.IGNORECASE)]
    assert not bad, bad

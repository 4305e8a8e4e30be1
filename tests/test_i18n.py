"""Every user-facing text exists in Finnish, Swedish and English; numbers follow the locale."""

import ast
import re
from pathlib import Path

import pytest

from ui.i18n import LANGS, fmt_eur, fmt_number, fmt_pct, parse_number, t, translations

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("key", sorted(translations()))
def test_key_has_every_language(key):
    entry = translations()[key]
    for lang in LANGS:
        assert isinstance(entry.get(lang), str) and entry[lang].strip(), f"'{key}' has no {lang} text"
    placeholders = {lang: set(re.findall(r"{(\w+)}", entry[lang])) for lang in LANGS}
    assert placeholders["fi"] == placeholders["sv"] == placeholders["en"], f"'{key}': placeholders differ"


def test_every_key_used_in_the_app_exists():
    used = set()
    files = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    used.add(arg.value)
    missing = sorted(k for k in used if k not in translations())
    assert not missing, f"keys used but not translated: {missing}"


def test_number_formats():
    assert fmt_number(1234567.891, "en", 2) == "1,234,567.89"
    assert fmt_number(1234567.891, "fi", 2) == "1\u202f234\u202f567,89"
    assert fmt_eur(1200, "fi") == "1\u202f200\u00a0€"
    assert fmt_eur(1200, "en") == "€1,200"
    assert fmt_pct(0.123, "sv") == "12,3\u00a0%"
    assert fmt_pct(0.123, "en") == "12.3%"
    assert fmt_number(-5, "fi") == "\u22125"


def test_unknown_key_raises():
    with pytest.raises(KeyError):
        t("no.such.key", "fi")


def test_points_format():
    from ui.i18n import fmt_points

    assert fmt_points(0.003, "en") == "+0.3\u00a0pp"
    assert fmt_points(-0.012, "fi") == "\u22121,2\u00a0%-yks."
    assert fmt_points(0.0, "sv") == "±0,0\u00a0p.e."


def test_negative_money_in_english_puts_the_sign_first():
    from ui.i18n import fmt_meur

    assert fmt_eur(-1200, "en") == "\u2212€1,200"
    assert fmt_meur(-785e6, "en") == "\u2212€785\u00a0m"
    assert fmt_meur(-785e6, "fi") == "\u2212785\u00a0milj.\u00a0€"


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("1 250,50", "fi", 1250.5),
        ("2\u202f500\u00a0€", "fi", 2500.0),
        ("27,74 %", "sv", 27.74),
        ("27.74", "fi", 27.74),  # a point typed in Finnish is read as the decimal point
        ("1.250,50", "fi", 1250.5),  # with both, the point groups thousands
        ("\u22125", "fi", -5.0),
        ("€1,400.5", "en", 1400.5),
        ("1,400", "en", 1400.0),
        ("1,400", "fi", 1.4),
        ("kolme", "fi", None),
        ("", "en", None),
        ("1e5", "en", None),
        ("nan", "en", None),
        ("1,2,3", "fi", None),
    ],
)
def test_a_typed_number_is_read_as_its_language_writes_it(text, lang, value):
    assert parse_number(text, lang) == value

"""Translations (fi default, sv, en) from ui/locales/*.yaml, and locale-aware number formatting.

Each page keeps its texts in its own file (``ui/locales/<page>.yaml``); a key defined twice is an error.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import yaml

LANGS = ("fi", "sv", "en")
DEFAULT_LANG = "fi"
LANG_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}
LOCALES_DIR = Path(__file__).with_name("locales")


@lru_cache(maxsize=1)
def translations() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALES_DIR.glob("*.yaml")):
        for key, entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if key in merged:
                raise ValueError(f"translation key '{key}' is defined twice (again in {path.name})")
            merged[key] = entry
    return merged


def t(key: str, lang: str, **kwargs) -> str:
    """The text for ``key`` in ``lang``, with ``{name}`` placeholders filled from kwargs."""
    entry = translations().get(key)
    if entry is None:
        raise KeyError(f"missing translation key '{key}'")
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**kwargs) if kwargs else text


def fmt_number(x: float, lang: str, decimals: int = 0) -> str:
    """1 234 567,8 in Finnish and Swedish (narrow no-break space), 1,234,567.8 in English."""
    s = f"{x:,.{decimals}f}"
    if lang in ("fi", "sv"):
        s = s.replace(",", "\u202f").replace(".", ",")
    if lang in ("fi", "sv"):
        s = s.replace("-", "\u2212")
    return s


def fmt_eur(x: float, lang: str, decimals: int = 0) -> str:
    """1 200 € (fi/sv), €1,200 and −€1,200 (en)."""
    if lang in ("fi", "sv"):
        return f"{fmt_number(x, lang, decimals)}\u00a0€"
    return ("\u2212" if x < 0 else "") + f"€{fmt_number(abs(x), lang, decimals)}"


def fmt_pct(x: float, lang: str, decimals: int = 1) -> str:
    """A share (0.123) as a percentage in the locale: 12,3 % (fi/sv) or 12.3% (en)."""
    s = fmt_number(100 * x, lang, decimals)
    return f"{s}\u00a0%" if lang in ("fi", "sv") else f"{s}%"


def fmt_meur(x: float, lang: str) -> str:
    """EUR per year as millions: 1 234 milj. € / 1 234 mn € / €1,234 m."""
    n = fmt_number(x / 1e6, lang, 0)
    if lang == "en":
        return ("\u2212" if x < 0 else "") + f"€{fmt_number(abs(x) / 1e6, lang, 0)}\u00a0m"
    return {"fi": f"{n}\u00a0milj.\u00a0€", "sv": f"{n}\u00a0mn\u00a0€"}[lang]


def fmt_points(x: float, lang: str, decimals: int = 1, ascii_minus: bool = False) -> str:
    """A change of a share in percentage points with its sign: +0,3 %-yks. / +0,3 p.e. / +0.3 pp.

    ``ascii_minus`` for ``st.metric`` deltas: Streamlit chooses the arrow from a leading ASCII "-".
    """
    sign = "+" if x > 0 else (("-" if ascii_minus else "−") if x < 0 else "±")
    n = fmt_number(abs(100 * x), lang, decimals)
    return {"fi": f"{sign}{n}\u00a0%-yks.", "sv": f"{sign}{n}\u00a0p.e.", "en": f"{sign}{n}\u00a0pp"}[lang]


#: Characters a typed number may carry that are not part of its value: spaces (the thousands of fi/sv, also the
#: no-break and narrow no-break ones), the euro sign and the per-cent sign.
_NUMBER_NOISE = str.maketrans("", "", " \u00a0\u202f\u2009€%")


def parse_number(text: str, lang: str) -> float | None:
    """A number as a person types it in ``lang`` ("1 250,50", "27,74 %", "€1,400", "−5"); None if it is not one.

    Finnish and Swedish write a decimal comma; a point is read as the decimal point too ("27.74"), and where both
    appear the point groups thousands ("1.250,50"). English groups thousands with commas ("1,400.5").
    """
    s = str(text).strip().translate(_NUMBER_NOISE).replace("\u2212", "-")
    if lang in ("fi", "sv"):
        s = s.replace(".", "").replace(",", ".") if "," in s and "." in s else s.replace(",", ".")
    else:
        s = s.replace(",", "")
    if not s or not all(c in "0123456789.-+" for c in s):
        return None
    try:
        value = float(s)
    except ValueError:
        return None
    return value if math.isfinite(value) else None

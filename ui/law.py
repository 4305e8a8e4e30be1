"""The law the app compares with: the session's choice of law year, its texts, and the presets read against it.

Pure helpers (no Streamlit: the report export uses them too); the session's choice itself is kept by ui.state
(``current_law``, ``law_presets``) and shown by ui.law_view.

- The choice is "today" (the law in force on today's date, :func:`models.parameters.default_law_date`, the default)
  or one of the named law years (2025, 2026, 2027, each evaluated on 1 August:
  :data:`models.parameters.LAW_YEARS`), or a date from a link. It is kept in ``st.session_state[LAW_KEY]`` as
  text, the form the link's ``law`` parameter takes ("today", "2026" or "2026-03-01"); :func:`parse_law` reads it.
- :func:`compared_with` is the sentence every page title and chart says the law with ("Compared with the law in
  force on 1.8.2026").
- :func:`law_presets_at` are the presets re-read against the chosen law (``Scenario.at_law``); a preset whose reform
  has become law by then (general support from 1.5.2026) is titled as today's law, not as a reform.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from models.parameter_types import LocalizedText
from models.parameters import FIRST_LAW_DATE, LAST_LAW_DATE, LAW_YEARS, default_law_date, law_year_of
from models.presets import Preset, load_presets
from ui.i18n import LANGS, t

#: Session key of the chosen law (text, as in the link).
LAW_KEY = "law_choice"
TODAY = "today"
#: The choices the law menu offers, in order.
CHOICES = (TODAY, *(str(year) for year in LAW_YEARS))
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def fmt_date(date: dt.date, lang: str) -> str:
    """1.8.2026 (fi, sv) or 1 Aug 2026 (en)."""
    if lang == "en":
        return f"{date.day} {_MONTHS_EN[date.month - 1]} {date.year}"
    return f"{date.day}.{date.month}.{date.year}"


def parse_law(text: str) -> str:
    """A law choice as the link writes it: "today", a law year ("2026") or a date in the model's range
    ("2026-03-01"). Raises ValueError for anything else."""
    text = text.strip().lower()
    if text in CHOICES:
        return text
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"law: '{text[:40]}' is not a law year or a date") from None
    if not FIRST_LAW_DATE <= date <= LAST_LAW_DATE:
        raise ValueError(f"law: {date.isoformat()} is outside {FIRST_LAW_DATE} to {LAST_LAW_DATE}")
    year = law_year_of(date)
    return str(year) if year is not None else date.isoformat()


def today_law() -> dt.date:
    """The law in force today (the calendar or the pinned date), kept within the years the model holds."""
    return min(max(default_law_date(), FIRST_LAW_DATE), LAST_LAW_DATE)


def choice_date(choice: str) -> dt.date:
    """The date of a law choice (see :func:`parse_law`)."""
    if choice == TODAY:
        return today_law()
    if choice.isdigit():
        return LAW_YEARS[int(choice)]
    return dt.date.fromisoformat(choice)


def choice_of(date: dt.date) -> str:
    """The choice that names ``date`` best: "today" for today's law, a law year for its 1 August, else the date."""
    if date == today_law():
        return TODAY
    year = law_year_of(date)
    return str(year) if year is not None else date.isoformat()


def choice_label(choice: str, lang: str) -> str:
    """How the law menu names a choice: "Today's law (6.12.2026)", "2026 law (1.8.2026)"."""
    if choice == TODAY:
        return t("law.choice.today", lang, date=fmt_date(today_law(), lang))
    if choice.isdigit():
        return t("law.choice.year", lang, year=choice, date=fmt_date(LAW_YEARS[int(choice)], lang))
    return t("law.choice.date", lang, date=fmt_date(choice_date(choice), lang))


def compared_with(lang: str, date: dt.date) -> str:
    """The sentence every page and chart says which law it compares with."""
    return t("law.compared_with", lang, date=fmt_date(date, lang))


def last_law(date: dt.date) -> dt.date | None:
    """The law a year before ``date`` (29 February → 28 February), or None when the model holds no law then."""
    try:
        earlier = date.replace(year=date.year - 1)
    except ValueError:
        earlier = date.replace(year=date.year - 1, day=28)
    return earlier if earlier >= FIRST_LAW_DATE else None


def _in_force_title(preset: Preset) -> LocalizedText:
    assert preset.became_law is not None
    return LocalizedText(
        **{
            lang: t(
                "law.preset_in_force", lang, title=getattr(preset.title, lang), date=fmt_date(preset.became_law, lang)
            )
            for lang in LANGS
        }
    )


@lru_cache(maxsize=8)
def law_presets_at(date: dt.date) -> dict[str, Preset]:
    """Every preset re-read against the law of ``date``; one that has become law by then is titled so."""
    out = {}
    for name, preset in load_presets().items():
        # A preset of the same law stays itself (at_law would name general support among what it replaces, a no-op
        # in a law without it but another scenario to compare with).
        scenario = preset.scenario if preset.scenario.law == date else preset.scenario.at_law(date)
        update: dict = {"scenario": scenario}
        if preset.is_law_on(date):
            update["title"] = _in_force_title(preset)
        out[name] = preset.model_copy(update=update)
    return out


def preset_law_note(preset: Preset, lang: str) -> str:
    """Which law a preset changes, or that it is the law by then."""
    date = preset.scenario.law
    if preset.is_law_on(date) and preset.became_law is not None:
        return t("law.preset_is_law", lang, date=fmt_date(preset.became_law, lang))
    return t("law.preset_changes", lang, date=fmt_date(date, lang))


def scenario_law_note(law_date: dt.date | None, lang: str) -> str:
    """Which law a scenario changes; a scenario saved before law dates says it used 2025 law."""
    if law_date is None:
        return t("law.legacy", lang)
    return t("law.scenario_changes", lang, date=fmt_date(law_date, lang))

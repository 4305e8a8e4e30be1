"""Why a scenario traps more people: when the levers raise the number of working-age people whose effective marginal
tax rate (EMTR) is above 80 %, the income-traps page says where the rise comes from, in words.

From the two trap views of the page (``ui.traps.trap_view``: today and the scenario, each a
``models.traps.trap_breakdown``): the rise is placed in the benefit (or fee) whose households hold most of it
(``receives``: the persons above 80 % living in households that get it), with how many working-age people live in
such households today and under the scenario, and the way that benefit takes the extra euro. Texts:
``ui/locales/who_loses.yaml`` (``trap_reason.*``). Pure: tested in ``tests/test_who_pays_ui.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ui.i18n import fmt_number, t
from ui.readings import lower_first

#: A rise smaller than this many persons is noise of the sample and not explained.
MIN_RISE_PERSONS = 1000
#: The rate whose rise is explained (the page's first count).
RATE, OVER = "emtr", "persons_over_80"


def _persons(x: float, lang: str) -> str:
    return fmt_number(round(x, -2), lang)


def rise(base: dict, reform: dict) -> float:
    """How many more persons have an EMTR above 80 % under the scenario."""
    return reform[RATE]["summary"][OVER] - base[RATE]["summary"][OVER]


def main_part(base: dict, reform: dict) -> str | None:
    """The benefit or fee whose households hold the largest part of the rise (None when none of them rises)."""
    rows_b, rows_r = base[RATE].get("receives", {}), reform[RATE].get("receives", {})
    gains = {part: rows_r[part][OVER] - rows_b[part][OVER] for part in rows_r if part in rows_b}
    part = max(gains, key=lambda k: gains[k], default=None)
    return part if part is not None and gains[part] > 0 else None


def reason(base: dict, reform: dict, levers: Sequence[str], lang: str) -> str | None:
    """The plain reason why more people are trapped under the scenario, or None when they are not (or the rise is
    smaller than :data:`MIN_RISE_PERSONS`)."""
    if rise(base, reform) < MIN_RISE_PERSONS:
        return None
    summary_b, summary_r = base[RATE]["summary"], reform[RATE]["summary"]
    first = t("trap_reason.rise", lang, base=_persons(summary_b[OVER], lang), reform=_persons(summary_r[OVER], lang))
    part = main_part(base, reform)
    if part is None:
        return first
    b, r = base[RATE]["receives"][part], reform[RATE]["receives"][part]
    where = t(
        "trap_reason.where",
        lang,
        benefit=lower_first(t(f"it.receives.{part}", lang)),
        trapped_b=_persons(b[OVER], lang),
        trapped_r=_persons(r[OVER], lang),
        people_b=_persons(b["persons"], lang),
        people_r=_persons(r["persons"], lang),
    )
    how = t(f"trap_reason.how.{part}", lang)
    changed = t("trap_reason.levers", lang, levers="; ".join(levers)) if levers else ""
    return " ".join(x for x in (first, where, how, changed) if x)

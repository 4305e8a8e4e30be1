"""Who pays: the financing rate in use, the cost before financing and what an earner pays more, wherever a cost is
shown (workbench, results, compare, the participant's builder, the workshop room); and the compact summary that
stays in view on a phone.

The figures come from one run (``models.compare.who_pays`` in the results) and from how the page ran the scenario
(``ui.data.scenario_to_run``: a budget-neutral scenario at the rate solved on this population, which is the rate in
use, beside the rate stored in the scenario). The sentences are pure functions of :class:`WhoPays` (tested); the
render functions draw them. Texts: ``ui/locales/who_pays.yaml``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from models.scenario import Scenario
from models.solver import TOLERANCE_EUR
from ui import readings
from ui.deltas import delta_kwargs, is_zero
from ui.i18n import fmt_eur, fmt_meur, fmt_pct, fmt_points, t

METHODS = ("flat_tax", "surcharge", "scale", "flat_income_tax")
#: Pages whose compact summary (:func:`summary_bar`) stays at the top of a phone's screen.
SUMMARY_KEYS = ("wb-summary", "vm-summary", "join-summary")
#: The summary sticks under the header on a phone and is hidden on a wide screen, where the full figures are beside
#: or right under the levers. The wrapper Streamlit puts around a container is what sticks (a sticky element stays
#: inside its parent); ``top`` clears Streamlit's header bar.
_WRAPPERS = ", ".join(f"div:has(> div.st-key-{k})" for k in SUMMARY_KEYS)
SUMMARY_CSS = (
    f"@media (max-width: 640px) {{ {_WRAPPERS} {{ position: sticky; top: 3.5rem; z-index: 990; height: auto;"
    " background: #fff; border-bottom: 1px solid #d0d4dc; box-shadow: 0 2px 4px rgba(0,0,0,.06); }"
    + ", ".join(f"div.st-key-{k}" for k in SUMMARY_KEYS)
    + " { background: #fff; padding: .35rem .25rem; height: auto; } }"
    f"@media (min-width: 641px) {{ {_WRAPPERS} {{ display: none; }} }}"
    + ", ".join(f".st-key-{k} p" for k in SUMMARY_KEYS)
    + " { margin: 0; font-size: .95rem; line-height: 1.45; }"
)


@dataclass(frozen=True)
class WhoPays:
    """Who pays for one scenario as the page ran it (money EUR/year, the earner's extra EUR/month)."""

    method: str  # the financing in use ("none": not financed)
    rate: float  # the rate in use (solved, for a budget-neutral scenario)
    stored_rate: float  # the rate stored in the scenario
    solved: bool  # the rate in use was solved for budget neutrality on this population
    converged: bool
    net_cost: float
    cost_before: float
    revenue: float
    extra_per_earner: float
    is_baseline: bool

    @property
    def moved(self) -> float:
        """How far the rate in use is from the stored one."""
        return self.rate - self.stored_rate

    @property
    def financed(self) -> bool:
        return self.method != "none"

    @property
    def unfunded(self) -> bool:
        """No financing, and it costs more than the solver's tolerance."""
        return not self.financed and not self.is_baseline and self.net_cost > TOLERANCE_EUR


def figures(scenario: Scenario, r: dict, solved: tuple[float, bool] | None = None) -> WhoPays:
    """Who pays for ``scenario``: ``r`` is its results (as ``ui.data.results`` returns them for the scenario the page
    ran) and ``solved`` the ``(rate, converged)`` of ``ui.data.scenario_to_run`` (None when nothing was solved)."""
    pays = r.get("who_pays") or {}
    method = pays.get("method", scenario.financing.method)
    net = r["net_cost_eur"]
    return WhoPays(
        method=method,
        rate=solved[0] if solved is not None else float(pays.get("rate", scenario.financing.rate)),
        stored_rate=scenario.financing.rate if method != "none" else 0.0,
        solved=solved is not None,
        converged=solved[1] if solved is not None else True,
        net_cost=net,
        cost_before=float(pays.get("cost_before_financing_eur", net)),
        revenue=float(pays.get("financing_revenue_eur", 0.0)),
        extra_per_earner=float(pays.get("extra_tax_per_earner_eur", 0.0)),
        is_baseline=scenario.is_baseline,
    )


# --- texts -----------------------------------------------------------------------------------------------------
def method_name(method: str, lang: str) -> str:
    return t(f"results.financing.{method}", lang)


def rate_value(wp: WhoPays, lang: str) -> str:
    """The rate in use in its unit: 33.0 % (a flat tax), +2.0 pp (a surcharge), +10.0 % (a scale change)."""
    return readings.financing_value(wp.method, wp.rate, lang)


def earner_text(wp: WhoPays, lang: str) -> str:
    """ "€919/month" — what a person in work pays more in tax (EUR/month)."""
    return t("pays.per_month", lang, value=fmt_eur(wp.extra_per_earner, lang))


def reading(wp: WhoPays, lang: str) -> str:
    """Who pays, in one or two sentences."""
    if wp.is_baseline:
        return t("pays.reading.baseline", lang)
    if not wp.financed:
        case = "unfunded" if wp.unfunded else "saves" if wp.net_cost < -TOLERANCE_EUR else "neutral"
        return t(f"pays.reading.{case}", lang, net=fmt_meur(abs(wp.net_cost), lang))
    args = {
        "before": fmt_meur(wp.cost_before, lang),
        "method": readings.lower_first(method_name(wp.method, lang)),
        "rate": rate_value(wp, lang),
        "stored": readings.financing_value(wp.method, wp.stored_rate, lang),
        "revenue": readings.signed_meur(wp.revenue, lang),
        "net": readings.signed_meur(wp.net_cost, lang),
    }
    first = t("pays.reading.solved" if wp.solved else "pays.reading.fixed", lang, **args)
    earner = "none" if round(wp.extra_per_earner) == 0 else "more" if wp.extra_per_earner > 0 else "less"
    amount = fmt_eur(abs(wp.extra_per_earner), lang)
    return first + " " + t(f"pays.reading.earner.{earner}", lang, amount=amount)


def summary_line(wp: WhoPays, r: dict, lang: str) -> str:
    """The phone's one-line summary as HTML: the rate in use (or the net cost), winners, losers and poverty with its
    change (none when it rounds to zero)."""
    if wp.financed:
        first = (t(f"pays.short.{wp.method}", lang), rate_value(wp, lang))
    else:
        first = (t("pays.short.net_cost", lang), fmt_meur(wp.net_cost, lang))
    pov = r["poverty_rate"]
    change = fmt_points(pov["reform"] - pov["baseline"], lang, 1)
    parts = [
        first,
        (f"▲ {t('pays.short.winners', lang)}", fmt_pct(r["winners_share"], lang, 0)),
        (f"▼ {t('pays.short.losers', lang)}", fmt_pct(r["losers_share"], lang, 0)),
        (t("pays.short.poverty", lang), fmt_pct(pov["reform"], lang)),
    ]
    text = " · ".join(f"{html.escape(name)} <b>{html.escape(value)}</b>" for name, value in parts)
    return text + ("" if is_zero(change) else f" ({html.escape(change)})")


# --- drawing -----------------------------------------------------------------------------------------------------
def block(wp: WhoPays, lang: str, key: str, columns: int = 3) -> None:
    """The "who pays" box: the financing in use (and how far it moved from the stored rate), the cost before
    financing, what an earner pays more, and the sentence; an unfunded scenario says so."""
    with st.container(border=True, key=key):
        st.markdown(f"**{t('pays.title', lang)}**")
        if wp.is_baseline:
            st.caption(reading(wp, lang))
            return
        cols = st.columns(columns)
        if wp.financed:
            moved = {}
            if wp.solved:  # how far the solved rate is from the scenario's own (neither good nor bad)
                stored = readings.financing_value(wp.method, wp.stored_rate, lang)
                moved = delta_kwargs(fmt_points(wp.moved, lang, 1), worse=None)
                moved["delta_description"] = t("pays.from_stored", lang, stored=stored)
            cols[0].metric(
                t("pays.metric.rate", lang),
                rate_value(wp, lang),
                help=t("pays.help.rate_solved" if wp.solved else "pays.help.rate_fixed", lang),
                **moved,
            )
        else:
            cols[0].metric(t("pays.metric.financing", lang), t("pays.none", lang), help=t("pays.help.none", lang))
        cols[1 % columns].metric(
            t("pays.metric.before", lang), fmt_meur(wp.cost_before, lang), help=t("pays.help.before", lang)
        )
        cols[2 % columns].metric(
            t("pays.metric.earner", lang),
            readings.signed_eur(wp.extra_per_earner, lang),
            help=t("pays.help.earner", lang),
        )
        st.markdown(reading(wp, lang))
        if wp.solved and not wp.converged:
            st.warning(t("results.financing.not_converged", lang), icon=":material/warning:")


def summary_bar(slot, wp: WhoPays, r: dict, lang: str) -> None:
    """Fill ``slot`` (an ``st.container(key=...)`` of :data:`SUMMARY_KEYS`, created where it should stick) with
    the one-line summary and the CSS that makes it stick on a phone (one ``st.html``: the CSS arrives with the line,
    where a style-only ``st.html`` would go to Streamlit's event container and could come later)."""
    with slot:
        st.html(f"<style>{SUMMARY_CSS}</style><p>{summary_line(wp, r, lang)}</p>")


def compare_reading(items: Sequence[tuple[str, WhoPays]], lang: str) -> str:
    """Who pays across the compared scenarios: each financed one's rate and an earner's extra tax, each unfunded
    one's deficit (one sentence each, in the order shown)."""
    out = []
    for label, wp in items:
        if wp.is_baseline:
            continue
        if wp.financed:
            out.append(
                t(
                    "pays.compare.financed",
                    lang,
                    name=label,
                    method=readings.lower_first(method_name(wp.method, lang)),
                    rate=rate_value(wp, lang),
                    before=fmt_meur(wp.cost_before, lang),
                    earner=earner_text(wp, lang),
                )
            )
        elif wp.unfunded:
            out.append(t("pays.compare.unfunded", lang, name=label, net=fmt_meur(wp.net_cost, lang)))
    return " ".join(out)

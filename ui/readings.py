"""Plain-language readings: one translated sentence per chart, generated from the numbers of a run.

Every function is pure: a results dict of :func:`models.compare.compare` (or a list of ``(label, results)``
pairs for the Compare page) and a language in, a sentence out. Texts live in ``ui/locales/results.yaml`` and
``ui/locales/compare.yaml``; numbers go through ``ui.i18n.fmt_*`` so a reading always shows the same figures
as the chart and table beside it.

Conventions (docs/METRICS.md): household changes are EUR per month, costs EUR per year; a person wins (loses)
when the household's net income rises (falls) by more than EUR 10 *and* 1 % a month.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.axes import AXES
from ui.i18n import fmt_eur, fmt_meur, fmt_number, fmt_pct, fmt_points, t

#: A mean change smaller than this (EUR/month) reads as "hardly changes".
SAME_EUR = 0.5
#: A net cost within this (EUR/year) reads as budget-neutral (the solver's tolerance).
NEUTRAL_COST_EUR = 50e6
#: A share below this rounds to 0.0 % and reads as "no one".
ZERO_SHARE = 0.0005
#: Differences of rates (shares) and of the Gini (×100) and S80/S20 below these read as "unchanged".
SAME_RATE = 0.0005
SAME_GINI_POINTS = 0.05
SAME_RATIO = 0.005

Run = tuple[str, dict]  # (label, results) on the Compare page


# --- labels -------------------------------------------------------------------------------------------------
def _label(prefix: str, key: str, lang: str) -> str:
    try:
        return t(f"{prefix}.{key}", lang)
    except KeyError:  # a component added to the engine before its translation (tests catch this)
        return key.replace("_", " ")


def component_label(key: str, lang: str) -> str:
    """The translated name of an income component (``models.system.ALL_COMPONENTS``)."""
    return _label("component", key, lang)


def group_label(key: str, lang: str) -> str:
    """The translated name of a population group (``models.compare.person_groups``)."""
    return _label("group", key, lang)


def household_type_label(key: str, lang: str) -> str:
    """The translated name of a household type (``models.population.core.HOUSEHOLD_TYPE_NAMES``)."""
    return _label("household_type", key, lang)


def scenario_label(scenario, preset, lang: str) -> str:
    """A preset's title in ``lang``; otherwise the scenario's own name, "Today's system" for today's law without a
    name (a session's first scenario), or "Your own scenario"."""
    if preset is not None and preset.scenario == scenario:
        return preset.title.model_dump()[lang]
    if scenario.is_baseline and not scenario.name:
        return (
            preset.title.model_dump()[lang]
            if preset is not None and preset.scenario.is_baseline
            else t("results.todays_system", lang)
        )
    return scenario.name or t("results.own_scenario", lang)


def lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s[:2] != s[:2].upper() else s


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


# --- numbers as words ----------------------------------------------------------------------------------------
def signed_eur(x: float, lang: str, decimals: int = 0) -> str:
    """+€12 / −€12 (en), +12 € / −12 € (fi, sv); zero without a sign."""
    r = round(x, decimals)
    if r == 0:
        return fmt_eur(0, lang, decimals)
    sign = "+" if r > 0 else "\u2212"
    return sign + fmt_eur(abs(r), lang, decimals)


def signed_number(x: float, lang: str, decimals: int = 0) -> str:
    """+1,25 / −0,5 with the locale's separators; zero without a sign."""
    r = round(x, decimals)
    if r == 0:
        return fmt_number(0, lang, decimals)
    return ("+" if r > 0 else "\u2212") + fmt_number(abs(r), lang, decimals)


def signed_pct_points(x: float, lang: str, decimals: int = 1) -> str:
    """A number that is already in percent (4.2 → +4,2 %), with its sign."""
    r = round(x, decimals)
    if r == 0:
        return fmt_pct(0, lang, decimals)
    sign = "+" if r > 0 else "\u2212"
    return sign + fmt_pct(abs(r) / 100, lang, decimals)


def signed_meur(x: float, lang: str) -> str:
    r = round(x / 1e6)
    if r == 0:
        return fmt_meur(0, lang)
    return ("+" if r > 0 else "\u2212") + fmt_meur(abs(x), lang)


def share_phrase(share: float, lang: str) -> str:
    """A share of people in words: "about 1 in 5 people" (when 1 in n is close), "about 3 in 10 people",
    "about half of people", "very few people", "nearly all people"."""
    if share < 0.03:
        return t("results.share.very_few", lang)
    if share >= 0.97:
        return t("results.share.almost_all", lang)
    n = round(1 / share)
    if share < 0.1 or (share < 0.45 and abs(1 / n - share) <= 0.02):
        return t("results.share.one_in", lang, n=n)
    k = min(max(round(10 * share), 1), 9)
    return t("results.share.half", lang) if k == 5 else t("results.share.k_in_10", lang, k=k)


def financing_value(method: str, rate: float, lang: str) -> str:
    """The financing rate in its unit: a flat tax as a rate (27.4 %), a surcharge in percentage points
    (+2.0 points), a scale change as a relative change (+10.0 %)."""
    if method == "surcharge":
        return fmt_points(rate, lang)
    if method == "scale":
        return signed_pct_points(100 * rate, lang)
    return fmt_pct(rate, lang)


def financing_text(method: str, rate: float, lang: str) -> str:
    """The financing lever in words: "Flat extra tax on earned income: 27.7 %"."""
    if method not in ("flat_tax", "surcharge", "scale", "flat_income_tax"):
        return t("results.financing.none", lang)
    return t(
        "results.financing.rate",
        lang,
        method=t(f"results.financing.{method}", lang),
        value=financing_value(method, rate, lang),
    )


def _direction(base: float, reform: float, same: float) -> str:
    if abs(reform - base) < same:
        return "same"
    return "rise" if reform > base else "fall"


def _change(name_key: str, base: float, reform: float, fmt, same: float, lang: str) -> str:
    """ "the Gini coefficient falls (26.6 → 22.4)" — a fragment for a sentence."""
    return t(
        f"results.reading.change.{_direction(base, reform, same)}",
        lang,
        name=t(name_key, lang),
        a=fmt(base),
        b=fmt(reform),
    )


# --- results page --------------------------------------------------------------------------------------------
def net_cost(r: dict, lang: str) -> str:
    """ "The reform costs the public sector €3,416 m a year net (benefits and administration +€4,000 m, …)"."""
    net = r["net_cost_eur"]
    case = "neutral" if abs(net) < NEUTRAL_COST_EUR else ("costs" if net > 0 else "saves")
    return t(
        f"results.reading.cost.{case}",
        lang,
        net=fmt_meur(abs(net), lang) if case != "neutral" else signed_meur(net, lang),
        gross=signed_meur(r["gross_cost_eur"], lang),
        tax=signed_meur(r["tax_revenue_change_eur"], lang),
    )


def components(r: dict, lang: str, keys: Sequence[str] | None = None) -> str:
    """The benefit whose spending changes most: "Basic income changes most: €0 m → €34,000 m a year"."""
    totals = r["totals_eur"]
    keys = [k for k in (keys if keys is not None else totals) if k in totals]
    if not keys:
        return t("results.reading.components.none", lang)
    key = max(keys, key=lambda k: abs(totals[k]["reform"] - totals[k]["baseline"]))
    a, b = totals[key]["baseline"], totals[key]["reform"]
    if abs(b - a) < 0.5e6:
        return t("results.reading.components.none", lang)
    return t(
        "results.reading.components.most",
        lang,
        component=lower_first(component_label(key, lang)),
        a=fmt_meur(a, lang),
        b=fmt_meur(b, lang),
    )


def _decile_fragment(which: str, d: dict, lang: str) -> str:
    eur, pct = d["mean_change_eur"], d["mean_change_pct"]
    case = "same" if abs(eur) < SAME_EUR else ("gain" if eur > 0 else "loss")
    amount = signed_eur(eur, lang) if case == "same" else fmt_eur(abs(eur), lang)
    return t(f"results.reading.decile.{which}.{case}", lang, amount=amount, pct=signed_pct_points(pct, lang))


def deciles(r: dict, lang: str) -> str:
    """ "The poorest tenth gains on average €579 a month (+44.2 %), and the richest tenth loses €1,187 (−13.7 %)"."""
    ds = r["deciles"]
    return _cap(
        t(
            "results.reading.deciles",
            lang,
            poorest=_decile_fragment("poorest", ds[0], lang),
            richest=_decile_fragment("richest", ds[-1], lang),
        )
    )


def winners(r: dict, lang: str) -> str:
    """ "About 1 in 3 people gain (33.0 %) and about 1 in 5 people lose (20.1 %), counting changes over €10 …"."""
    w, l_ = r["winners_share"], r["losers_share"]
    has_w, has_l = w >= ZERO_SHARE, l_ >= ZERO_SHARE
    case = {(True, True): "both", (True, False): "none_lose", (False, True): "none_gain", (False, False): "nobody"}[
        (has_w, has_l)
    ]
    return _cap(
        t(
            f"results.reading.winners.{case}",
            lang,
            winners=share_phrase(w, lang),
            losers=share_phrase(l_, lang),
            winners_pct=fmt_pct(w, lang),
            losers_pct=fmt_pct(l_, lang),
        )
    )


def winners_by_decile(r: dict, lang: str) -> str:
    """ "Losers are most common in decile 10 (82.5 % lose) and winners in decile 1 (86.4 % gain)"."""
    ds = r["deciles"]
    lose = max(ds, key=lambda d: d["losers_share"])
    win = max(ds, key=lambda d: d["winners_share"])
    has_w, has_l = win["winners_share"] >= ZERO_SHARE, lose["losers_share"] >= ZERO_SHARE
    case = {
        (True, True): "both",
        (True, False): "winners_only",
        (False, True): "losers_only",
        (False, False): "nobody",
    }[(has_w, has_l)]
    return t(
        f"results.reading.decile_winners.{case}",
        lang,
        lose_decile=lose["decile"],
        lose_share=fmt_pct(lose["losers_share"], lang),
        win_decile=win["decile"],
        win_share=fmt_pct(win["winners_share"], lang),
    )


def groups(r: dict, lang: str, kind: str = "groups", measure: str = "eur") -> str:
    """Which group gains and which loses most: "Of these groups, students gain the most (+€907 a month …)"."""
    label = group_label if kind == "groups" else household_type_label
    rows = [(k, g) for k, g in r[kind].items() if g["persons"] > 0]
    if not rows:
        return t("results.reading.no_data", lang)
    # "Other households" (adults sharing a home) names nobody a reader can picture: the reading is about the named
    # types, unless there is no other.
    rows = [(k, g) for k, g in rows if k != "other"] or rows
    field = "mean_change_eur" if measure == "eur" else "mean_change_pct"
    best_k, best = max(rows, key=lambda kv: kv[1][field])
    worst_k, worst = min(rows, key=lambda kv: kv[1][field])
    gain, loss = best["mean_change_eur"] >= SAME_EUR, worst["mean_change_eur"] <= -SAME_EUR
    case = {(True, True): "mixed", (True, False): "all_gain", (False, True): "all_lose", (False, False): "none"}[
        (gain, loss)
    ]
    return _cap(
        t(
            f"results.reading.groups.{case}",
            lang,
            best=lower_first(label(best_k, lang)),
            worst=lower_first(label(worst_k, lang)),
            best_amount=signed_eur(best["mean_change_eur"], lang),
            worst_amount=signed_eur(worst["mean_change_eur"], lang),
            best_pct=signed_pct_points(best["mean_change_pct"], lang),
            worst_pct=signed_pct_points(worst["mean_change_pct"], lang),
        )
    )


def poverty(r: dict, lang: str) -> str:
    """ "The at-risk-of-poverty rate falls (13.6 % → 10.9 %), and child poverty falls (15.9 % → 5.0 %)"."""
    pct = lambda x: fmt_pct(x, lang)  # noqa: E731
    p, c = r["poverty_rate"], r["child_poverty_rate"]
    return _cap(
        t(
            "results.reading.poverty",
            lang,
            poverty=_change("results.reading.name.poverty_rate", p["baseline"], p["reform"], pct, SAME_RATE, lang),
            child=_change("results.reading.name.child_poverty_rate", c["baseline"], c["reform"], pct, SAME_RATE, lang),
        )
    )


def inequality(r: dict, lang: str) -> str:
    """ "The Gini coefficient falls (26.6 → 22.4) and the S80/S20 ratio falls (3.78 → 3.07): income differences
    narrow"."""
    g, s = r["gini"], r["s80_s20"]
    dg = _direction(100 * g["baseline"], 100 * g["reform"], SAME_GINI_POINTS)
    ds = _direction(s["baseline"], s["reform"], SAME_RATIO)
    verdict = (
        "same"
        if dg == ds == "same"
        else "narrow"
        if {dg, ds} <= {"fall", "same"}
        else "widen"
        if {dg, ds} <= {"rise", "same"}
        else "mixed"
    )
    return _cap(
        t(
            "results.reading.inequality",
            lang,
            gini=_change(
                "results.reading.name.gini",
                100 * g["baseline"],
                100 * g["reform"],
                lambda x: fmt_number(x, lang, 1),
                SAME_GINI_POINTS,
                lang,
            ),
            s80=_change(
                "results.reading.name.s80_s20",
                s["baseline"],
                s["reform"],
                lambda x: fmt_number(x, lang, 2),
                SAME_RATIO,
                lang,
            ),
            verdict=t(f"results.reading.verdict.{verdict}", lang),
        )
    )


def trap_rate(r: dict, lang: str, which: str = "emtr") -> str:
    """EMTR: "The median effective marginal tax rate rises (46 % → 71 %), and 5.4 % of working-age adults (today
    1.7 %) keep less than 20 cents of an extra euro earned." PTR: the same for unemployed people taking a job."""
    s = r.get(which)
    if not s or s["baseline"]["median"] is None or s["reform"]["median"] is None:
        return t("results.reading.no_data", lang)
    b, f = s["baseline"], s["reform"]
    pct0 = lambda x: fmt_pct(x, lang, 0)  # noqa: E731
    return _cap(
        t(
            f"results.reading.{which}",
            lang,
            median=_change(f"results.reading.name.{which}_median", b["median"], f["median"], pct0, 0.005, lang),
            share=fmt_pct(f["share_over_80"], lang),
            share_base=fmt_pct(b["share_over_80"], lang),
        )
    )


def bureaucracy(r: dict, lang: str) -> str:
    """ "A household gets on average 1.29 benefits (today 0.83) and goes through 0.31 means tests (today 0.54)"."""
    b = r["bureaucracy"]
    n, m = b["benefits_per_household"], b["means_tests_per_household"]
    f2 = lambda x: fmt_number(x, lang, 2)  # noqa: E731
    return t(
        "results.reading.bureaucracy",
        lang,
        benefits=f2(n["reform"]),
        benefits_base=f2(n["baseline"]),
        tests=f2(m["reform"]),
        tests_base=f2(m["baseline"]),
    )


def benefit_counts(r: dict, lang: str) -> str:
    """ "Households with three or more benefits: 180,000 today and 282,000 after the reform"."""
    h = r["bureaucracy"]["households_with_3_or_more_benefits"]
    k = lambda x: fmt_number(round(x, -3), lang)  # noqa: E731
    return t("results.reading.benefit_counts", lang, a=k(h["baseline"]), b=k(h["reform"]))


def behaviour_block(r: dict) -> dict:
    """The run's ``behaviour`` block (:func:`models.behaviour.summary`); an older run's bare "static" or
    "behavioural" string becomes a block with that mode and no numbers."""
    b = r.get("behaviour", "static")
    return {"mode": b} if isinstance(b, str) else b


def is_static(r: dict) -> bool:
    """True for a static estimate (no behavioural response)."""
    return behaviour_block(r).get("mode", "static") == "static"


def static_label(r: dict, lang: str) -> str:
    """The static/behavioural label every results screen carries: "Static estimate: …", or "Behavioural
    estimate (ε_ext = 0.25, ε_int = 0.20): … employment +19,700 persons …, the static estimate's net cost …"."""
    if is_static(r):
        return t("results.static", lang)
    b = behaviour_block(r)
    employment = round(b.get("employment_change_persons", 0.0), -2)  # the draws' noise is hundreds of persons
    return t(
        "results.behavioural",
        lang,
        ext=fmt_number(b.get("extensive_elasticity", 0.0), lang, 2),
        int=fmt_number(b.get("intensive_elasticity", 0.0), lang, 2),
        employment=("+" if employment > 0 else "") + fmt_number(employment, lang),
        earnings=signed_meur(b.get("earnings_change_eur", 0.0), lang),
        cost=fmt_meur(r.get("net_cost_eur", 0.0), lang),
        static_cost=fmt_meur(b.get("static_net_cost_eur", r.get("net_cost_eur", 0.0)), lang),
    )


# --- compare page --------------------------------------------------------------------------------------------
def _extremes(runs: Sequence[Run], value) -> tuple[Run, Run]:
    lo = min(runs, key=lambda run: value(run[1]))
    hi = max(runs, key=lambda run: value(run[1]))
    return lo, hi


def compare_cost(runs: Sequence[Run], lang: str) -> str:
    """ "“Full basic income” costs the most (€14,963 m a year net) and “…” the least (−€757 m)"."""
    lo, hi = _extremes(runs, lambda r: r["net_cost_eur"])
    return t(
        "compare.reading.cost",
        lang,
        most=hi[0],
        least=lo[0],
        most_cost=signed_meur(hi[1]["net_cost_eur"], lang),
        least_cost=signed_meur(lo[1]["net_cost_eur"], lang),
    )


def compare_winners(runs: Sequence[Run], lang: str) -> str:
    win = max(runs, key=lambda run: run[1]["winners_share"])
    lose = max(runs, key=lambda run: run[1]["losers_share"])
    has_w, has_l = win[1]["winners_share"] >= ZERO_SHARE, lose[1]["losers_share"] >= ZERO_SHARE
    case = {(True, True): "both", (True, False): "no_losers", (False, True): "no_winners", (False, False): "nobody"}[
        (has_w, has_l)
    ]
    return t(
        f"compare.reading.winners.{case}",
        lang,
        most_win=win[0],
        most_lose=lose[0],
        win=fmt_pct(win[1]["winners_share"], lang),
        lose=fmt_pct(lose[1]["losers_share"], lang),
    )


def compare_poverty(runs: Sequence[Run], lang: str) -> str:
    lo, hi = _extremes(runs, lambda r: r["poverty_rate"]["reform"])
    today = runs[0][1]["poverty_rate"]["baseline"]
    return t(
        "compare.reading.poverty",
        lang,
        low=lo[0],
        high=hi[0],
        low_rate=fmt_pct(lo[1]["poverty_rate"]["reform"], lang),
        high_rate=fmt_pct(hi[1]["poverty_rate"]["reform"], lang),
        today=fmt_pct(today, lang),
    )


def compare_inequality(runs: Sequence[Run], lang: str) -> str:
    lo, hi = _extremes(runs, lambda r: r["gini"]["reform"])
    g = lambda x: fmt_number(100 * x, lang, 1)  # noqa: E731
    return t(
        "compare.reading.gini",
        lang,
        low=lo[0],
        high=hi[0],
        low_value=g(lo[1]["gini"]["reform"]),
        high_value=g(hi[1]["gini"]["reform"]),
        today=g(runs[0][1]["gini"]["baseline"]),
    )


def compare_deciles(runs: Sequence[Run], lang: str) -> str:
    poor = max(runs, key=lambda run: run[1]["deciles"][0]["mean_change_eur"])
    rich = max(runs, key=lambda run: run[1]["deciles"][-1]["mean_change_eur"])
    return t(
        "compare.reading.deciles",
        lang,
        poor_best=poor[0],
        rich_best=rich[0],
        poor_amount=signed_eur(poor[1]["deciles"][0]["mean_change_eur"], lang),
        rich_amount=signed_eur(rich[1]["deciles"][-1]["mean_change_eur"], lang),
    )


def compare_axes(runs: Sequence[Run], lang: str) -> str:
    best = {axis: max(runs, key=lambda run: run[1]["axes"][axis])[0] for axis in AXES}
    if len(set(best.values())) == 1:
        return t("compare.reading.axes_same", lang, name=best["universality"])
    return t(
        "compare.reading.axes",
        lang,
        universal=best["universality"],
        unconditional=best["unconditionality"],
        individual=best["individuality"],
    )

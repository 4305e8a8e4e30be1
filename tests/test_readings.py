"""Plain-language readings (ui/readings.py): pure functions of a results dict; every sentence carries the
run's numbers, reads the sign right, and exists in Finnish, Swedish and English."""

import copy

import pytest

from ui import readings as R
from ui.i18n import LANGS, fmt_eur, fmt_meur, fmt_pct

NBSP = "\u00a0"


def make_results(**over) -> dict:
    """A small but complete results dict in the shape of models.compare.compare."""
    deciles = [
        {
            "decile": d + 1,
            "persons": 5e5,
            "mean_change_eur": 580.0 - 170.0 * d,
            "mean_change_pct": 44.2 - 6.0 * d,
            "winners_share": max(0.0, 0.86 - 0.08 * d),
            "losers_share": min(1.0, 0.05 + 0.08 * d),
        }
        for d in range(10)
    ]

    def group(eur, pct):
        return {
            "persons": 1e5,
            "mean_change_eur": eur,
            "mean_change_pct": pct,
            "winners_share": 0.5,
            "losers_share": 0.2,
        }

    def summary(median, over80):
        return {
            "persons": 3e6,
            "median": median,
            "mean": median,
            "share_over_80": over80,
            "share_over_100": 0.0,
            "persons_over_80": over80 * 3e6,
            "persons_over_100": 0.0,
            "histogram": [{"bin": "0–10", "persons": 3e6}],
        }

    r = {
        "scenario": "Test",
        "net_cost_eur": 3.416e9,
        "gross_cost_eur": 4.0e9,
        "tax_revenue_change_eur": 0.6e9,
        "daycare_fee_change_eur": -0.016e9,
        "admin_cost_eur": 0.0,
        "earnings_change_eur": 0.0,
        "new_benefit_recipients": 1e6,
        "cost_per_person_covered_eur": 3416.0,
        "totals_eur": {
            "earnings": {"baseline": 9e10, "reform": 9e10},
            "labour_market_subsidy": {"baseline": 1.27e9, "reform": 0.0},
            "basic_income": {"baseline": 0.0, "reform": 6.64e9},
        },
        "deciles": deciles,
        "groups": {
            "students": group(907.0, 21.2),
            "pensioners": group(-466.6, -12.5),
            "unemployed": group(453.1, 15.1),
        },
        "household_types": {"single": group(157.1, 6.9), "pensioner": group(-722.4, -20.5)},
        "winners_share": 0.33,
        "losers_share": 0.2,
        "unchanged_share": 0.47,
        "axes": {"universality": 1.0, "unconditionality": 0.9, "individuality": 0.99},
        "behaviour": "static",
        "poverty_rate": {"baseline": 0.136, "reform": 0.109},
        "child_poverty_rate": {"baseline": 0.159, "reform": 0.05},
        "deep_poverty_rate": {"baseline": 0.051, "reform": 0.049},
        "gini": {"baseline": 0.266, "reform": 0.224},
        "s80_s20": {"baseline": 3.78, "reform": 3.07},
        "median_equivalised_income": {"baseline": 27900.0, "reform": 29100.0},
        "bureaucracy": {
            "benefits_per_household": {"baseline": 0.83, "reform": 1.29},
            "means_tests_per_household": {"baseline": 0.54, "reform": 0.31},
            "households_with_3_or_more_benefits": {"baseline": 180042.0, "reform": 281850.0},
            "households_by_number_of_benefits": {"baseline": {"0": 1.0, "6+": 0.0}, "reform": {"0": 1.0, "6+": 0.0}},
        },
        "emtr": {"baseline": summary(0.463, 0.017), "reform": summary(0.715, 0.054)},
        "ptr": {"baseline": summary(0.78, 0.52), "reform": summary(0.65, 0.40)},
    }
    r.update(over)
    return r


def zero_results() -> dict:
    """Today's system against itself: every change zero."""
    r = make_results(
        net_cost_eur=0.0,
        gross_cost_eur=0.0,
        tax_revenue_change_eur=0.0,
        winners_share=0.0,
        losers_share=0.0,
        unchanged_share=1.0,
        cost_per_person_covered_eur=None,
    )
    for d in r["deciles"]:
        d.update(mean_change_eur=0.0, mean_change_pct=0.0, winners_share=0.0, losers_share=0.0)
    for kind in ("groups", "household_types"):
        for g in r[kind].values():
            g.update(mean_change_eur=0.0, mean_change_pct=0.0)
    for k in (
        "poverty_rate",
        "child_poverty_rate",
        "deep_poverty_rate",
        "gini",
        "s80_s20",
        "median_equivalised_income",
    ):
        r[k]["reform"] = r[k]["baseline"]
    for k in ("emtr", "ptr"):
        r[k]["reform"] = copy.deepcopy(r[k]["baseline"])
    r["totals_eur"] = {k: {"baseline": v["baseline"], "reform": v["baseline"]} for k, v in r["totals_eur"].items()}
    for v in r["bureaucracy"].values():
        v["reform"] = v["baseline"]
    return r


ALL_READINGS = [
    R.net_cost,
    R.components,
    R.deciles,
    R.winners,
    R.winners_by_decile,
    R.groups,
    R.poverty,
    R.inequality,
    lambda r, lang: R.trap_rate(r, lang, "emtr"),
    lambda r, lang: R.trap_rate(r, lang, "ptr"),
    lambda r, lang: R.groups(r, lang, "household_types", "pct"),
    R.bureaucracy,
    R.benefit_counts,
    R.static_label,
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("results", [make_results(), zero_results()], ids=["reform", "unchanged"])
def test_every_reading_is_a_finished_sentence(results, lang):
    for fn in ALL_READINGS:
        text = fn(results, lang)
        assert text and "{" not in text and "}" not in text, text
        assert text[0].isupper() or text[0] in "”“", text
        assert text.rstrip().endswith("."), text


# --- numbers as words ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "share,en,fi,sv",
    [
        (0.2, "about 1 in 5 people", "noin joka 5.", "ungefär 1 av 5"),
        (0.05, "about 1 in 20 people", "noin joka 20.", "ungefär 1 av 20"),
        (0.5, "about half of people", "noin puolet", "ungefär hälften"),
        (0.63, "about 6 in 10 people", "noin 6 kymmenestä", "ungefär 6 av 10"),
        (0.33, "about 1 in 3 people", "noin joka 3.", "ungefär 1 av 3"),
        (0.3, "about 3 in 10 people", "noin 3 kymmenestä", "ungefär 3 av 10"),
        (0.4, "about 4 in 10 people", "noin 4 kymmenestä", "ungefär 4 av 10"),
        (0.01, "very few people", "hyvin harva", "mycket få"),
        (0.99, "nearly all people", "lähes jokainen", "nästan alla"),
    ],
)
def test_share_phrase(share, en, fi, sv):
    assert R.share_phrase(share, "en") == en
    assert R.share_phrase(share, "fi") == fi
    assert R.share_phrase(share, "sv") == sv


def test_signed_numbers():
    assert R.signed_eur(12.4, "en") == "+€12"
    assert R.signed_eur(-12.4, "en") == "\u2212€12"
    assert R.signed_eur(0.3, "en") == "€0"
    assert R.signed_eur(-1200, "fi") == f"\u22121\u202f200{NBSP}€"
    assert R.signed_pct_points(4.25, "en") == "+4.2%" or R.signed_pct_points(4.25, "en") == "+4.3%"
    assert R.signed_pct_points(-13.7, "sv") == f"\u221213,7{NBSP}%"
    assert R.signed_meur(-757e6, "en") == f"\u2212€757{NBSP}m"
    assert R.signed_number(0.46, "fi", 2) == "+0,46"


@pytest.mark.parametrize("lang", LANGS)
def test_financing_text(lang):
    assert "27" in R.financing_text("flat_tax", 0.2774, lang)
    assert "2" in R.financing_text("surcharge", 0.02, lang)
    assert R.financing_text("none", 0.0, lang)
    assert R.financing_text("flat_tax", 0.1, lang) != R.financing_text("scale", 0.1, lang)
    assert R.financing_value("flat_tax", 0.274, lang) == fmt_pct(0.274, lang)


# --- results page ----------------------------------------------------------------------------------------------
def test_net_cost_reads_cost_saving_or_neutral():
    r = make_results()
    text = R.net_cost(r, "en")
    assert text.startswith("The reform costs") and fmt_meur(3.416e9, "en") in text
    assert "+" + fmt_meur(4.0e9, "en") in text and "+" + fmt_meur(0.6e9, "en") in text
    assert R.net_cost(make_results(net_cost_eur=-757e6), "en").startswith("The reform saves")
    assert fmt_meur(757e6, "en") in R.net_cost(make_results(net_cost_eur=-757e6), "en")
    assert "budget-neutral" in R.net_cost(make_results(net_cost_eur=10e6), "en")
    assert "säästää" in R.net_cost(make_results(net_cost_eur=-757e6), "fi")
    assert "sparar" in R.net_cost(make_results(net_cost_eur=-757e6), "sv")


def test_components_names_the_biggest_change():
    text = R.components(make_results(), "en", keys=["labour_market_subsidy", "basic_income"])
    assert "basic income" in text and fmt_meur(6.64e9, "en") in text and fmt_meur(0, "en") in text
    assert R.components(zero_results(), "en") == "Spending on benefits does not change."


def test_deciles_poorest_gain_richest_loss():
    r = make_results()
    text = R.deciles(r, "en")
    assert text.startswith("The poorest tenth gains on average €580 a month (+44.2%)")
    richest = r["deciles"][-1]
    assert f"the richest tenth loses {fmt_eur(abs(richest['mean_change_eur']), 'en')}" in text
    fi = R.deciles(r, "fi")
    assert fi.startswith("Pienituloisin kymmenys hyötyy keskimäärin 580\u00a0€ kuussa (+44,2\u00a0%)")
    assert "menettää" in fi
    assert "hardly changes" in R.deciles(zero_results(), "en")


def test_winners_in_words_and_numbers():
    r = make_results()
    text = R.winners(r, "en")
    assert text.startswith("About 1 in 3 people gain (33.0%) and about 1 in 5 people lose (20.0%)")
    assert "€10" in text
    assert R.winners(make_results(losers_share=0.0), "en").endswith(
        "no one loses more than €10 and more than 1% a month."
    )
    assert R.winners(make_results(winners_share=0.0), "en").startswith(
        "About 1 in 5 people lose (20.0%) and no one gains"
    )
    assert R.winners(zero_results(), "en").startswith("No one's income changes")
    assert R.winners(r, "fi").startswith("Noin joka 3. hyötyy (33,0\u00a0%) ja noin joka 5. menettää (20,0\u00a0%)")
    assert R.winners(r, "sv").startswith(
        "Ungefär 1 av 3 vinner (33,0\u00a0%) och ungefär 1 av 5 förlorar (20,0\u00a0%)"
    )


def test_winners_by_decile_names_the_deciles():
    r = make_results()
    lose = max(r["deciles"], key=lambda d: d["losers_share"])
    win = max(r["deciles"], key=lambda d: d["winners_share"])
    text = R.winners_by_decile(r, "en")
    assert f"decile {lose['decile']} ({fmt_pct(lose['losers_share'], 'en')} lose)" in text
    assert f"decile {win['decile']} ({fmt_pct(win['winners_share'], 'en')} gain)" in text
    assert R.winners_by_decile(zero_results(), "en") == "No income decile has people who gain or lose."


def test_groups_best_and_worst():
    text = R.groups(make_results(), "en")
    assert (
        text
        == "Of these groups, students gain the most (+€907 a month on average, +21.2%) and pensioners lose the most (−€467, −12.5%)."  # noqa: E501
    )
    fi = R.groups(make_results(), "fi")
    assert "opiskelijat" in fi and "eläkeläiset" in fi and "+907\u00a0€" in fi
    gain_only = make_results(groups={"students": make_results()["groups"]["students"]})
    assert R.groups(gain_only, "en").startswith("Every group gains or stays level")
    assert R.groups(zero_results(), "en").startswith("No group's income changes noticeably")
    ht = R.groups(make_results(), "en", "household_types")
    assert "single working-age adults" in ht and "pensioner households" in ht


def test_poverty_and_inequality_directions():
    r = make_results()
    assert (
        R.poverty(r, "en")
        == "The at-risk-of-poverty rate falls (13.6% → 10.9%), and child poverty falls (15.9% → 5.0%)."
    )
    assert R.poverty(r, "sv").startswith("Låginkomstgraden sjunker (13,6\u00a0% → 10,9\u00a0%)")
    assert (
        R.inequality(r, "en")
        == "The Gini coefficient falls (26.6 → 22.4) and the S80/S20 ratio falls (3.78 → 3.07): income differences narrow."  # noqa: E501
    )
    widen = make_results(gini={"baseline": 0.266, "reform": 0.28}, s80_s20={"baseline": 3.78, "reform": 3.9})
    assert R.inequality(widen, "en").endswith("income differences widen.")
    mixed = make_results(gini={"baseline": 0.266, "reform": 0.28}, s80_s20={"baseline": 3.78, "reform": 3.5})
    assert R.inequality(mixed, "en").endswith("point different ways.")
    assert "stays the same (13.6%)" in R.poverty(zero_results(), "en")


def test_trap_rates_carry_their_numbers():
    r = make_results()
    emtr = R.trap_rate(r, "en", "emtr")
    assert emtr.startswith("The median effective marginal tax rate rises (46% → 72%)") or emtr.startswith(
        "The median effective marginal tax rate rises (46% → 71%)"
    )
    assert "5.4% of working-age adults (today 1.7%)" in emtr
    ptr = R.trap_rate(r, "en", "ptr")
    assert ptr.startswith("The median participation tax rate falls (78% → 65%)") and "40.0%" in ptr and "52.0%" in ptr
    none = make_results()
    none["ptr"]["reform"]["median"] = None
    assert R.trap_rate(none, "en", "ptr") == R.trap_rate(make_results(ptr=None), "en", "ptr")


def test_bureaucracy_numbers():
    r = make_results()
    assert (
        R.bureaucracy(r, "en")
        == "A household gets on average 1.29 benefits (today 0.83) and goes through 0.31 means tests (today 0.54)."
    )
    assert (
        R.benefit_counts(r, "en")
        == "Households with three or more benefits: 180,000 today and 282,000 after the reform."
    )
    assert "1,29" in R.bureaucracy(r, "fi") and "0,54" in R.bureaucracy(r, "sv")


def test_static_label_follows_behaviour():
    assert R.static_label(make_results(), "en").startswith("Static estimate")
    assert not R.static_label(make_results(behaviour="behavioural"), "en").startswith("Static estimate")


def test_labels_fall_back_to_the_key():
    assert R.component_label("basic_income", "fi") == "Perustulo"
    assert R.component_label("no_such_component", "en") == "no such component"


# --- compare page ----------------------------------------------------------------------------------------------
def _runs():
    a = make_results(
        net_cost_eur=14.9e9, winners_share=0.68, losers_share=0.0, poverty_rate={"baseline": 0.136, "reform": 0.125}
    )
    b = make_results(
        net_cost_eur=-0.43e9,
        winners_share=0.55,
        losers_share=0.40,
        poverty_rate={"baseline": 0.136, "reform": 0.116},
        gini={"baseline": 0.266, "reform": 0.221},
        axes={"universality": 0.5, "unconditionality": 1.0, "individuality": 0.6},
    )
    c = zero_results()
    return [("Basic income 560", a), ("Full basic income", b), ("Today", c)]


@pytest.mark.parametrize("lang", LANGS)
def test_compare_readings_name_scenarios_and_numbers(lang):
    runs = _runs()
    cost = R.compare_cost(runs, lang)
    assert "Basic income 560" in cost and "Full basic income" in cost
    assert "+" + fmt_meur(14.9e9, lang) in cost and "\u2212" + fmt_meur(0.43e9, lang) in cost
    win = R.compare_winners(runs, lang)
    assert fmt_pct(0.68, lang) in win and fmt_pct(0.40, lang) in win
    pov = R.compare_poverty(runs, lang)
    assert fmt_pct(0.116, lang) in pov and fmt_pct(0.136, lang) in pov
    assert "22,1" in R.compare_inequality(runs, lang) or "22.1" in R.compare_inequality(runs, lang)
    assert "Basic income 560" in R.compare_deciles(runs, lang)
    axes = R.compare_axes(runs, lang)
    assert "Basic income 560" in axes and "Full basic income" in axes
    for text in (cost, win, pov, axes):
        assert "{" not in text and text.endswith(".")


def test_compare_axes_one_scenario_leads_everything():
    runs = [
        ("A", make_results()),
        ("B", zero_results() | {"axes": {"universality": 0, "unconditionality": 0.1, "individuality": 0.5}}),
    ]
    assert (
        R.compare_axes(runs, "en") == "“A” is the most universal, unconditional and individual of the chosen scenarios."
    )

"""Chart and table builders (ui/charts.py): pure functions of results dicts. Every preset builds every chart
without exception in every language; baseline and reform keep their colours; changes carry signs and patterns;
Compare charts have one series per scenario on one shared axis."""

import io
from pathlib import Path

import pandas as pd
import pytest

from models.presets import load_presets
from models.system import ALL_COMPONENTS
from ui import charts as C
from ui.i18n import LANGS, translations
from ui.theme import BASELINE, GAIN, LOSS, PLOTLY_CONFIG, REFORM, TITLE_WRAP

RESULTS_CHARTS = {
    "cost_waterfall": C.cost_waterfall,
    "component_bars": C.component_bars,
    "decile_bars": C.decile_bars,
    "winners_bar": C.winners_bar,
    "winners_by_decile": C.winners_by_decile,
    "groups_bars": C.group_bars,
    "household_types_bars": lambda r, lang: C.group_bars(r, lang, "household_types", "pct"),
    "poverty_bars": C.poverty_bars,
    "inequality_bars": C.inequality_bars,
    "emtr_histogram": C.rate_histogram,
    "ptr_histogram": lambda r, lang: C.rate_histogram(r, lang, "ptr"),
    "benefit_counts": C.benefit_count_bars,
}
TABLES = [
    C.totals_table,
    C.cost_table,
    C.decile_table,
    C.groups_table,
    C.distribution_table,
    C.traps_table,
    C.bureaucracy_table,
    lambda r, lang: C.groups_table(r, lang, "household_types"),
]


@pytest.fixture(scope="module")
def all_results(params):
    """Every preset against the baseline on the small population the app tests use."""
    from models.baseline import baseline_run
    from models.compare import compare
    from models.population.store import load_population

    pop = load_population(5000, seed=2025)
    base = baseline_run(pop, params)
    return {name: compare(pop, params, p.scenario, baseline=base) for name, p in load_presets().items()}


def _series(all_results, names, active=None):
    styles = C.series_styles([n == "todays_system" for n in names], [n == active for n in names])
    return [
        C.Series(n, all_results[n], *style, is_baseline=n == "todays_system")
        for n, style in zip(names, styles, strict=True)
    ]


def _colour(trace):
    return trace.marker.color


# --- every preset, every chart -------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_builds_for_every_preset(all_results, lang):
    for name, r in all_results.items():
        for chart, build in RESULTS_CHARTS.items():
            fig = build(r, lang)
            assert fig.layout.meta["chart"] == chart, (name, chart)
            assert fig.layout.title.text, (name, chart)
            assert len(fig.data) >= 1, (name, chart)
            fig.to_json()  # serialisable for st.plotly_chart
        for table in TABLES:
            df = table(r, lang)
            assert isinstance(df, pd.DataFrame) and len(df) > 0
            assert C.csv_bytes(df, lang)


def test_baseline_and_reform_colours(all_results):
    r = all_results["full_basic_income_1000"]
    for build in (C.component_bars, C.poverty_bars, C.rate_histogram, C.benefit_count_bars):
        fig = build(r, "en")
        assert [_colour(tr) for tr in fig.data] == [BASELINE, REFORM]
        assert [tr.name for tr in fig.data] == ["Today's system", "Reform"]
    fig = C.inequality_bars(r, "en")
    assert [_colour(tr) for tr in fig.data] == [BASELINE, BASELINE, REFORM, REFORM]


def test_decile_bars_carry_signs_and_patterns(all_results):
    r = all_results["full_basic_income_1000"]
    for measure, field in (("eur", "mean_change_eur"), ("pct", "mean_change_pct")):
        fig = C.decile_bars(r, "en", measure)
        (bar,) = fig.data
        values = [d[field] for d in r["deciles"]]
        assert list(bar.y) == values and len(bar.x) == 10
        for v, colour, pattern, text in zip(values, bar.marker.color, bar.marker.pattern.shape, bar.text, strict=True):
            if round(v) < 0:
                assert colour == LOSS and pattern and text.startswith("\u2212")
            elif round(v) > 0:
                assert colour == GAIN and not pattern and text.startswith("+")
        lo, hi = fig.layout.yaxis.range
        assert lo <= min(values + [0]) and hi >= max(values + [0])
    fig = C.decile_bars(r, "en")
    assert list(fig.data[0].x) == [str(d) for d in range(1, 11)]  # short ticks: level on a phone
    assert fig.data[0].customdata[0] == "1 poorest" and fig.data[0].customdata[-1] == "10 richest"  # in the hover label
    notes = [a.text for a in fig.layout.annotations]
    assert "◀ 1 poorest" in notes and "10 richest ▶" in notes  # under the axis's two ends


def test_winner_shares_add_up_and_are_labelled(all_results):
    r = all_results["partial_basic_income_kela_2016"]
    fig = C.winners_bar(r, "en")
    assert [tr.name[0] for tr in fig.data] == ["▼", "=", "▲"]
    assert abs(sum(tr.x[0] for tr in fig.data) - 100) < 1e-6
    assert fig.data[0].marker.pattern.shape == C.LOSS_PATTERN
    assert list(fig.layout.xaxis.range) == [0, 100]
    fig = C.winners_by_decile(r, "en")
    for i in range(10):
        assert abs(sum(tr.y[i] for tr in fig.data) - 100) < 1e-6


def test_groups_chart_lists_every_group(all_results):
    r = all_results["full_basic_income_1000"]
    fig = C.group_bars(r, "fi")
    labels = [label.replace("<br>", " ") for label in fig.data[0].y]
    assert "Opiskelijat" in labels and "Eläkeläiset" in labels and "Nuoret 18–24-vuotiaat" in labels
    assert len(labels) == len([g for g in r["groups"].values() if g["persons"] > 0])


def test_histogram_shares_and_trap_zone(all_results):
    r = all_results["full_basic_income_1000"]
    fig = C.rate_histogram(r, "en", "emtr")
    for tr in fig.data:
        assert abs(sum(tr.y) - 100) < 1e-6
    assert any(s.type == "rect" for s in fig.layout.shapes)


def test_today_has_zero_changes(all_results):
    r = all_results["todays_system"]
    fig = C.decile_bars(r, "en")
    assert all(abs(v) < 1e-9 for v in fig.data[0].y)
    lo, hi = fig.layout.yaxis.range
    assert lo < hi


# --- compare -------------------------------------------------------------------------------------------------
def test_series_styles():
    styles = C.series_styles([True, False, False, False], [False, True, False, False])
    colours = [s[0] for s in styles]
    assert colours[0] == BASELINE and colours[1] == REFORM and len(set(colours)) == 4
    assert len({s[1] for s in styles}) == 4 and len({s[2] for s in styles}) == 4  # patterns and symbols differ too
    no_active = [s[0] for s in C.series_styles([False, False, False], [False, False, False])]
    assert no_active[0] == REFORM and BASELINE not in no_active


@pytest.mark.parametrize("lang", LANGS)
def test_compare_charts_one_series_per_scenario(all_results, lang):
    names = ["partial_basic_income_kela_2016", "yleistuki_2026", "universal_security_yleisturva"]
    series = _series(all_results, names, active="yleistuki_2026")
    for build in (C.compare_cost, C.compare_winners, C.compare_deciles, C.compare_axes):
        fig = build(series, lang)
        assert len(fig.data) == 3
        assert [tr.name for tr in fig.data] == names
    # Levels add today's system as a reference when it is not chosen.
    pov = C.compare_poverty(series, lang)
    assert len(pov.data) == 4 and _colour(pov.data[0]) == BASELINE
    assert len(C.compare_inequality(series, lang).data) == 8
    with_today = _series(all_results, ["todays_system", *names[:2]])
    assert len(C.compare_poverty(with_today, lang).data) == 3


def test_compare_deciles_share_one_axis(all_results):
    names = ["full_basic_income_1000", "negative_income_tax", "yleistuki_2026", "todays_system"]
    fig = C.compare_deciles(_series(all_results, names), "en", "eur")
    values = [v for tr in fig.data for v in tr.y]
    lo, hi = fig.layout.yaxis.range
    assert lo <= min(values) and hi >= max(values)
    assert fig.layout.barmode == "group"
    axes = C.compare_axes(_series(all_results, names), "en")
    assert list(axes.layout.xaxis.range) == [-0.05, 1.05]


def test_summary_table_and_csv(all_results):
    names = ["todays_system", "full_basic_income_1000", "negative_income_tax"]
    df = C.summary_table(_series(all_results, names), "en")
    assert list(df["Scenario"]) == names
    assert df.loc[0, "Net cost, € m / yr"] == 0
    fi = C.csv_bytes(C.summary_table(_series(all_results, names), "fi"), "fi")
    assert fi.startswith("\ufeff".encode("utf-8"))
    back = pd.read_csv(io.BytesIO(fi), sep=";", decimal=",", encoding="utf-8-sig")
    assert len(back) == 3
    en = pd.read_csv(io.BytesIO(C.csv_bytes(df, "en")), encoding="utf-8-sig")
    assert list(en.columns) == list(df.columns)


def test_tables_have_expected_rows(all_results):
    r = all_results["full_basic_income_1000"]
    assert len(C.decile_table(r, "en")) == 10
    assert len(C.totals_table(r, "en")) == len(r["totals_eur"])
    assert len(C.groups_table(r, "en")) == len(r["groups"])


# --- translations of every name the charts show --------------------------------------------------------------
def test_every_component_group_and_household_type_is_translated(all_results):
    from models.population.core import HOUSEHOLD_TYPE_NAMES

    r = all_results["full_basic_income_1000"]
    keys = [f"component.{k}" for k in ALL_COMPONENTS]
    keys += [f"group.{k}" for k in r["groups"]]
    keys += [f"household_type.{k}" for k in HOUSEHOLD_TYPE_NAMES.values()]
    missing = [k for k in keys if k not in translations()]
    assert not missing, f"missing translations: {missing}"
    for k in keys:
        assert all(translations()[k].get(lang) for lang in LANGS), k


def test_padded_range():
    assert C.padded_range([1, 2, 3])[0] == 0
    lo, hi = C.padded_range([-5, 10])
    assert lo < -5 and hi > 10
    lo, hi = C.padded_range([0, 0])
    assert lo < hi


def test_wrap():
    assert C.wrap("Partial basic income (Kela pre-study 2016, EUR 550)", 26).count("<br>") == 1
    assert C.wrap("short") == "short"


# --- phones, projectors and the browser's console ------------------------------------------------------------------
def _all_figures(all_results, lang):
    r = all_results["full_basic_income_1000"]
    names = ["partial_basic_income_kela_2016", "yleistuki_2026", "universal_security_yleisturva", "todays_system"]
    series = _series(all_results, names, active="yleistuki_2026")
    figs = [build(r, lang) for build in RESULTS_CHARTS.values()] + [
        C.decile_bars(r, lang, "pct"),
        C.group_bars(r, lang, "household_types"),
    ]
    figs += [
        build(series, lang)
        for build in (
            C.compare_cost,
            C.compare_winners,
            C.compare_deciles,
            C.compare_poverty,
            C.compare_inequality,
            C.compare_axes,
        )
    ]
    return figs


def _lines(text: str) -> list[str]:
    return text.split("<br>")


@pytest.mark.parametrize("lang", LANGS)
def test_titles_and_labels_fit_a_phone(all_results, lang):
    """A title is wrapped to TITLE_WRAP characters a line and the top margin holds all its lines; the category
    labels beside horizontal bars are wrapped too (a phone's chart is about 360 px wide)."""
    for fig in _all_figures(all_results, lang):
        name = fig.layout.meta["chart"]
        title = fig.layout.title.text
        assert all(len(line) <= TITLE_WRAP or " " not in line for line in _lines(title)), (name, title)
        assert fig.layout.margin.t >= C.title_block(title.replace("<br>", " "))[1], name
        for tr in fig.data:
            if tr.type == "bar" and tr.orientation == "h" and tr.y is not None:
                for label in tr.y:
                    if isinstance(label, str):
                        assert all(len(line) <= C.LABEL_WRAP or " " not in line for line in _lines(label)), (
                            name,
                            label,
                        )


@pytest.mark.parametrize("lang", LANGS)
def test_no_list_where_plotly_needs_one_colour(all_results, lang):
    """A bar chart with one colour per bar and hatched losses gives its pattern one background and one line
    colour. (plotly.js takes the contrast of the pattern's background, which defaults to marker.color: with a
    list of colours the browser's console said "Invalid color specifier: Array(10)".)"""
    for fig in _all_figures(all_results, lang):
        for tr in fig.data:
            marker = getattr(tr, "marker", None)
            pattern = getattr(marker, "pattern", None) if marker is not None else None
            if pattern is None or not pattern.shape or isinstance(marker.color, str) or marker.color is None:
                continue
            assert isinstance(pattern.bgcolor, str) and isinstance(pattern.fgcolor, str), (
                fig.layout.meta["chart"],
                pattern,
            )


def test_charts_have_no_toolbar_and_no_drag_zoom(all_results):
    """The plotly toolbar is off (it covered titles on a phone and added Tab stops; the exports are our own
    buttons); a drag scrolls the page instead of zooming."""
    assert PLOTLY_CONFIG["displayModeBar"] is False and PLOTLY_CONFIG["displaylogo"] is False
    for fig in _all_figures(all_results, "fi"):
        assert fig.layout.dragmode is False, fig.layout.meta["chart"]


def test_cost_waterfall_is_horizontal_with_amounts_in_its_labels(all_results):
    r = all_results["partial_basic_income_kela_2016"]
    fig = C.cost_waterfall(r, "fi")
    (wf,) = fig.data
    assert wf.orientation == "h" and len(wf.y) == 5 and list(wf.measure)[-1] == "total"
    assert "milj.\u00a0€</b>" in wf.y[-1]  # the net cost's amount under its name
    assert abs(wf.x[-1] - r["net_cost_eur"] / 1e6) < 1e-9


def test_scenario_names_are_literal_in_charts():
    assert C.scenario_name("<b>Mine</b> & yours") == "&lt;b&gt;Mine&lt;/b&gt; &amp; yours"
    assert C.scenario_name("A rather long name of a scenario, with words enough to wrap").count("<br>") == 1


def _contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two #RRGGBB colours."""

    def luminance(c: str) -> float:
        rgb = [int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_ui_accent_is_readable_and_not_a_chart_colour():
    """The app's accent (buttons, sliders, links) is readable with white text and on the white page, and is none
    of the chart colours, so a slider or a button never looks like 'today', 'the scenario', a gain or a loss."""
    import tomllib

    from ui.theme import SEQUENCE

    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    accent = config["theme"]["primaryColor"]
    assert _contrast(accent, "#FFFFFF") >= 4.5, accent
    assert _contrast("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert _contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the WCAG AA grey
    chart = {c.upper() for c in (*SEQUENCE, BASELINE, REFORM, GAIN, LOSS)}
    assert accent.upper() not in chart
    assert accent.upper() != "#FF4B4B", "Streamlit's default red"

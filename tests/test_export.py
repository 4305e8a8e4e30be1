"""Exports: the one-file scenario report, CSV tables, standalone chart HTML and PNG/SVG through kaleido."""

import html
import os
import re
import time

import plotly.graph_objects as go
import pytest

from models.baseline import baseline_run
from models.compare import compare
from models.presets import load_presets
from models.scenario import LEVER_BLOCKS, BasicIncome, Scenario
from ui import export
from ui.export import ExportError, figure_html, figure_images, scenario_report_html, table_csv
from ui.i18n import fmt_meur, fmt_number, fmt_pct
from ui.plain_names import bare, lever_name, lever_value


@pytest.fixture(scope="module")
def population():
    from models.population.store import load_population

    return load_population(5000, seed=2025)


@pytest.fixture(scope="module")
def base(population, params):
    return baseline_run(population, params, traps=False)


@pytest.fixture(scope="module")
def own_scenario():
    """A user's scenario whose name tries to inject HTML and a script."""
    return Scenario(
        name='<script>alert("x")</script> Perustulo & "kokeilu"',
        family="basic_income",
        basic_income=BasicIncome(enabled=True, amount=600),
    )


@pytest.fixture(scope="module")
def own_results(population, params, base, own_scenario):
    return compare(population, params, own_scenario, baseline=base, traps=False)


def _self_contained(text: str) -> None:
    assert text.startswith("<!DOCTYPE html>")
    assert text.count("<html") == 1 and text.rstrip().endswith("</html>")
    # nothing is loaded from elsewhere: no external scripts, styles, images or frames
    assert not re.search(r"<script[^>]*\bsrc=", text)
    assert not re.search(r"<link\b", text)
    assert not re.search(r"<(img|iframe)[^>]*\bsrc=\"(?!data:)", text)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_report_is_one_escaped_self_contained_file(params, own_scenario, own_results, lang):
    text = scenario_report_html(own_scenario, own_results, lang, params=params, charts="none")
    _self_contained(text)
    # the scenario's own name, escaped
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Perustulo &amp; &quot;kokeilu&quot;" in text
    assert "<script>alert" not in text
    # headline numbers, formatted for the language
    assert fmt_meur(own_results["net_cost_eur"], lang) in text
    assert fmt_pct(own_results["winners_share"], lang) in text
    assert fmt_pct(own_results["losers_share"], lang) in text
    assert fmt_pct(own_results["poverty_rate"]["reform"], lang) in text
    assert fmt_pct(own_results["poverty_rate"]["baseline"], lang) in text
    assert fmt_number(100 * own_results["gini"]["reform"], lang, 1) in text
    # levers, the decile table and the example households
    # the levers in words with their units, never a field name (issue 15, point 7)
    assert html.escape(bare(lever_name("basic_income", "amount", lang))) in text
    assert lever_value("basic_income", "amount", 600, lang) in text
    assert "<code>amount</code>" not in text and ">amount<" not in text
    assert text.count("<tr>") >= 10 + 8
    assert {"fi": "Korhoset", "sv": "Familjen Korhonen", "en": "The Korhonens"}[lang] in text
    assert f'<html lang="{lang}">' in text


def test_report_embeds_interactive_charts_once(params, own_scenario, own_results):
    text = scenario_report_html(own_scenario, own_results, "fi", params=params)
    _self_contained(text)
    assert text.count("plotly.js v") >= 1  # the library's banner, inline
    assert text.count('class="plotly-graph-div"') == 2  # the decile chart and the households chart
    assert "<script>alert" not in text
    assert len(text) > 1_000_000  # plotly.js itself is in the file


def test_report_of_a_preset_lists_its_sources(population, params, base):
    preset = load_presets()["yleistuki_2026"]
    results = compare(population, params, preset.scenario, baseline=base, traps=False)
    text = scenario_report_html(
        preset.scenario, results, "en", params=params, charts="none", app_url="http://localhost:8501"
    )
    _self_contained(text)
    assert "General support (yleistuki) from 1 May 2026" in text
    for source in preset.sources:
        assert f'href="{source.href}"' in text.replace("&amp;", "&")
    assert "http://localhost:8501/assumptions?lang=en" in text
    assert "preset=yleistuki_2026" in text


def test_report_of_todays_system_has_no_levers(population, params, base):
    results = compare(population, params, Scenario(), baseline=base, traps=False)
    text = scenario_report_html(Scenario(), results, "sv", params=params, charts="none")
    assert "Inga ändringar – detta är dagens system." in text


def test_report_drops_links_that_are_not_http():
    assert export._link("x", "javascript:alert(1)") == "x"
    assert export._link("<b>", "https://kela.fi/?a=1&b=2") == '<a href="https://kela.fi/?a=1&amp;b=2">&lt;b&gt;</a>'


def test_png_report_falls_back_to_interactive_charts(monkeypatch, params, own_scenario, own_results):
    monkeypatch.setattr(export, "chromium_path", lambda: None)
    text = scenario_report_html(own_scenario, own_results, "en", params=params, charts="png")
    _self_contained(text)
    assert "could not be made into images" in text
    assert text.count('class="plotly-graph-div"') == 2


def test_png_report_embeds_the_images_inline(monkeypatch, params, own_scenario, own_results):
    monkeypatch.setattr(export, "figures_png", lambda figs: [b"\x89PNG fake %d" % i for i in range(len(figs))])
    text = scenario_report_html(own_scenario, own_results, "en", params=params, charts="png")
    _self_contained(text)
    assert text.count('<img class="chart" alt="') == 2
    assert 'src="data:image/png;base64,iVBORyBmYWtlIDA="' in text
    assert "<script" not in text and 'class="plotly-graph-div"' not in text


# --- tables and standalone charts -----------------------------------------------------------------------------
def test_csv_follows_the_locale():
    rows = [{"Erä": "Tulovero", "Nyt": -501.25, "Ero": 0.0}, {"Erä": "Lapsilisä; 3 lasta", "Nyt": 360.0, "Ero": None}]
    fi = table_csv(rows, "fi").decode("utf-8")
    assert fi.startswith("\ufeff")
    assert fi.splitlines()[0] == "\ufeffErä;Nyt;Ero"
    assert fi.splitlines()[1] == "Tulovero;-501,25;0,0"
    assert fi.splitlines()[2] == '"Lapsilisä; 3 lasta";360,0;'
    en = table_csv(rows, "en").decode("utf-8")
    assert en.splitlines()[1] == "Tulovero,-501.25,0.0"


def _figure(title: str = "Testi") -> go.Figure:
    fig = go.Figure(go.Scatter(x=[0, 1000, 2000], y=[1200, 1500, 2100], name="<i>nyt</i>"))
    fig.update_layout(title={"text": title}, height=400)
    return fig


def test_figure_html_is_standalone_and_escaped():
    text = figure_html(_figure(), "Korhoset <script>x</script>", "fi")
    _self_contained(text)
    assert "Korhoset &lt;script&gt;x&lt;/script&gt;" in text
    assert "<script>x</script>" not in text


def test_image_export_without_chromium_says_why(monkeypatch):
    monkeypatch.setattr(export, "chromium_path", lambda: None)
    with pytest.raises(ExportError, match="chromium"):
        figure_images(_figure("no browser"), ("png",))


@pytest.mark.skipif(
    not os.path.exists("/usr/bin/chromium"), reason="Debian's /usr/bin/chromium is not installed (make chromium)"
)
def test_png_and_svg_export():
    fig = _figure(f"PNG {time.time()}")  # a new figure: not from the cache
    images = figure_images(fig)
    assert images["png"].startswith(b"\x89PNG\r\n\x1a\n")
    assert images["svg"].lstrip().startswith(b"<svg")
    assert export.last_render_seconds is not None
    # the second request is served from the cache
    assert export.figure_image(fig, "png") == images["png"]


def test_every_dynamic_report_label_is_translated():
    from ui.i18n import translations

    keys = [f"export.block.{b}" for b in LEVER_BLOCKS]
    keys += [f"export.axis.{a}" for a in ("universality", "unconditionality", "individuality")]
    keys += [f"export.report.{k}" for k in export._HEADLINE_RATES]
    keys += ["export.report.alt_deciles", "export.report.alt_households"]
    missing = [k for k in keys if k not in translations()]
    assert not missing, f"add these to ui/locales/export.yaml: {missing}"


def test_a_failing_browser_becomes_an_export_error(monkeypatch):
    import kaleido

    class Broken:
        def __init__(self, *args, **kwargs):
            pass

        async def __aenter__(self):
            raise RuntimeError("chromium crashed")

        async def __aexit__(self, *exc):
            return False

    monkeypatch.setattr(export, "chromium_path", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(kaleido, "Kaleido", Broken)
    with pytest.raises(ExportError, match="chromium crashed"):
        figure_images(_figure("broken browser"), ("png",))

"""Browser: the income-traps page opens from the menu, a lever (the social-assistance earnings disregard) moved by
keyboard changes the trap count and redraws the household chart with the scenario's EMTR line; screenshots before
and after go to test-output/screenshots/."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import SHOTS, wait_idle
from ui.i18n import t

WAIT = 60_000


def metric(page, label: str):
    return (
        page.locator('[data-testid="stMetric"]').filter(has_text=label).first.locator('[data-testid="stMetricValue"]')
    )


def chart_traces(page, key: str) -> list[dict]:
    """Name and y values of every trace of the plotly chart keyed ``key``, once plotly has drawn it."""
    cls = "st-key-" + key.replace(".", "-")
    page.wait_for_function(
        "(cls) => { const g = document.querySelector('.' + cls + ' .js-plotly-plot'); return !!(g && g.data); }",
        arg=cls,
        timeout=WAIT,
    )
    return page.evaluate(
        "(cls) => document.querySelector('.' + cls + ' .js-plotly-plot').data.map(tr => ({name: tr.name, y: Array.from(tr.y || [])}))",  # noqa: E501
        cls,
    )


def full_shot(page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main container, so the viewport is made as tall as the
    content for the shot (at most 12,000 px), every chart drawn, and put back afterwards."""
    viewport = dict(page.viewport_size)
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], min(height, 12_000))})
    page.wait_for_timeout(300)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                  .filter(el => el.getClientRects().length > 0)
                  .every(el => el.querySelector('.js-plotly-plot .main-svg'))""",
        timeout=WAIT,
    )
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size(viewport)


def test_moving_a_lever_changes_the_trap_count_and_the_chart(page, app_url):
    page.goto(app_url + "/?lang=en")
    wait_idle(page)
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=t("nav.income_traps", "en")).first.click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"/income_traps\?.*lang=en"), timeout=WAIT)
    expect(page.get_by_role("heading", name=t("nav.income_traps", "en")).first).to_be_visible(timeout=WAIT)
    label = t("it.metric.emtr_80", "en")
    expect(metric(page, label)).to_be_visible(timeout=WAIT)
    count_today = metric(page, label).inner_text()
    assert re.search(r"\d", count_today)
    traces_today = chart_traces(page, "it.chart.decomposition")
    emtr_lines = [tr for tr in traces_today if tr["name"].startswith("EMTR")]
    assert len(emtr_lines) == 1, "today's system alone: one EMTR line"
    assert page.locator('[data-testid="stException"]').count() == 0
    chart_traces(page, "it.chart.distribution")
    full_shot(page, "income_traps_before")

    slider = page.locator(".st-key-it-means_tested-social_assistance_earnings_disregard input[type=range]")
    expect(slider).to_be_enabled(timeout=WAIT)
    assert slider.input_value() == "150"
    slider.focus()
    for _ in range(3):  # PageUp: +10 % of the range each time (EUR 100)
        page.keyboard.press("PageUp")
        wait_idle(page)
    expect(slider).to_have_value("450", timeout=WAIT)
    expect(page).to_have_url(re.compile(r"[?&]s="), timeout=WAIT)
    expect(metric(page, label)).not_to_have_text(count_today, timeout=WAIT)
    page.wait_for_function(
        """() => { const g = document.querySelector('.st-key-it-chart-decomposition .js-plotly-plot');
                   return g && g.data && g.data.filter(tr => (tr.name || '').startsWith('EMTR')).length === 2; }""",
        timeout=WAIT,
    )
    traces = chart_traces(page, "it.chart.decomposition")
    assert traces != traces_today
    dist = chart_traces(page, "it.chart.distribution")
    assert len(dist) == 2, "the distribution shows today and the scenario"
    assert page.locator('[data-testid="stException"]').count() == 0
    full_shot(page, "income_traps_after")

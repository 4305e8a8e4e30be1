"""Browser: the workbench's basic-income switch and amount slider move the net cost and the decile chart; the
edited scenario survives a page switch, a language switch and a shared link (a fresh browser context). The decile
chart's labels stay apart in the narrow results column."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import choose_option, shot, wait_idle
from tests.browser.test_pages import charts_drawn_well
from ui.i18n import t

WAIT = 30_000
NET_COST = t("metric.net_cost", "en")  # the same label on the workbench and the results page


def metric(page, label: str):
    """The value of the st.metric labelled ``label``."""
    return (
        page.locator('[data-testid="stMetric"]').filter(has_text=label).first.locator('[data-testid="stMetricValue"]')
    )


def chart_data(page, key: str):
    """The y values of every trace of the plotly chart with widget key ``key`` (as the browser holds them),
    once plotly has drawn it (plotly.js loads lazily after the script run)."""
    page.wait_for_function(
        "(cls) => { const g = document.querySelector('.' + cls + ' .js-plotly-plot'); return !!(g && g.data); }",
        arg="st-key-" + key.replace(".", "-"),
        timeout=WAIT,
    )
    return page.evaluate(
        """(cls) => { const g = document.querySelector('.' + cls + ' .js-plotly-plot');
                      return g && g.data ? g.data.map(tr => Array.from(tr.y || tr.x || [])) : null; }""",
        "st-key-" + key.replace(".", "-"),
    )


def digits(text: str) -> str:
    """The number in a formatted amount, whatever the locale ("€13,358 m" and "13 358 milj. €" → "13358")."""
    return re.sub(r"\D", "", text)


def open_section(page, key: str) -> None:
    """Open a workbench expander (by its key) unless it is open."""
    section = page.locator(f".st-key-{key.replace('.', '-')} details").first
    if section.get_attribute("open") is None:
        section.locator("summary").click()
    expect(section).to_have_attribute("open", "", timeout=WAIT)


def test_basic_income_slider_moves_cost_and_deciles_and_the_link_keeps_it(page, browser, app_url):
    page.goto(app_url + "/?lang=en")
    wait_idle(page)
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=t("nav.workbench", "en")).first.click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"/workbench\?.*lang=en"), timeout=WAIT)
    expect(metric(page, NET_COST)).to_be_visible(timeout=WAIT)
    cost_today = metric(page, NET_COST).inner_text()
    deciles_today = chart_data(page, "wb.chart.deciles")
    assert deciles_today and all(abs(y) < 1e-9 for y in deciles_today[0] if y is not None), deciles_today
    shot(page, "workbench_before")

    # Switch the basic income on (the switch's label takes the click), then move its amount slider by keyboard.
    open_section(page, "wb.section.basic_income")
    page.locator(".st-key-wb-basic_income-enabled label").first.click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"[?&]s="), timeout=WAIT)
    slider = page.locator(".st-key-wb-basic_income-amount input[type=range]")
    expect(slider).to_be_enabled(timeout=WAIT)
    assert slider.input_value() == "0"
    slider.focus()
    page.keyboard.press("PageUp")  # +10 % of the range: EUR 200
    wait_idle(page)
    page.keyboard.press("PageUp")
    wait_idle(page)
    expect(slider).to_have_value("400", timeout=WAIT)
    expect(metric(page, NET_COST)).not_to_have_text(cost_today, timeout=WAIT)
    cost = metric(page, NET_COST).inner_text()
    page.wait_for_function(
        "(prev) => { const g = document.querySelector('.st-key-wb-chart-deciles .js-plotly-plot');"
        " return g && g.data && JSON.stringify(Array.from(g.data[0].y)) !== JSON.stringify(prev); }",
        arg=deciles_today[0],
        timeout=WAIT,
    )
    deciles = chart_data(page, "wb.chart.deciles")
    assert sum(deciles[0]) > 0, "a EUR 400 basic income raises the mean income of the deciles"
    assert int(digits(cost)) > 0
    page.locator(".st-key-wb-chart-deciles").scroll_into_view_if_needed()
    shot(page, "workbench_after")
    charts_drawn_well(page, "workbench with a EUR 400 basic income")  # the decile labels in the narrow column

    # The results page shows the same net cost; the language switch keeps the scenario.
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=t("nav.results", "en")).first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name=t("results.title", "en")).first).to_be_visible(timeout=WAIT)
    expect(metric(page, t("results.metric.net_cost", "en"))).to_have_text(cost, timeout=WAIT)
    choose_option(page, page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first, "Suomi")
    wait_idle(page)
    expect(page.get_by_role("heading", name=t("results.title", "fi")).first).to_be_visible(timeout=WAIT)
    expect(page).to_have_url(re.compile(r"lang=fi"), timeout=WAIT)
    expect(page).to_have_url(re.compile(r"[?&]s="), timeout=WAIT)
    cost_fi = metric(page, t("results.metric.net_cost", "fi")).inner_text()
    assert digits(cost_fi) == digits(cost), (cost_fi, cost)
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, "results_after_switch_fi")

    # A shared link: the URL opened in a fresh context (no cookies, no session) gives the same net cost.
    url = page.url
    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        fresh = other.new_page()
        fresh.goto(url)
        wait_idle(fresh)
        expect(metric(fresh, t("results.metric.net_cost", "fi"))).to_have_text(cost_fi, timeout=WAIT)
        fresh.goto(url.replace("/results?", "/workbench?"))
        wait_idle(fresh)
        expect(metric(fresh, t("metric.net_cost", "fi"))).to_have_text(cost_fi, timeout=WAIT)
        open_section(fresh, "wb.section.basic_income")
        expect(fresh.locator(".st-key-wb-basic_income-amount input[type=range]")).to_have_value("400", timeout=WAIT)
        assert fresh.locator('[data-testid="stException"]').count() == 0
        shot(fresh, "workbench_shared_link")
    finally:
        other.close()

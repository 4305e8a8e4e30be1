"""Browser: the bureaucracy-traps page from the menu; choosing an alternative and an example changes the metrics and
the monthly chart; a bad spells file dropped on the uploader shows the translated error naming the field, and the
figures stay."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from tests.browser.conftest import choose_option, shot, wait_idle
from ui.i18n import t

WAIT = 30_000


def metric(page, label: str):
    return (
        page.locator('[data-testid="stMetric"]').filter(has_text=label).first.locator('[data-testid="stMetricValue"]')
    )


def chart_y(page, key: str):
    """The y values of every trace of the plotly chart keyed ``key``, once plotly has drawn it."""
    cls = "st-key-" + key.replace(".", "-")
    page.wait_for_function(
        "(cls) => { const g = document.querySelector('.' + cls + ' .js-plotly-plot'); return !!(g && g.data); }",
        arg=cls,
        timeout=WAIT,
    )
    return page.evaluate(
        "(cls) => document.querySelector('.' + cls + ' .js-plotly-plot').data.map(tr => Array.from(tr.y || []))",
        cls,
    )


def choose(page, key: str, option: str) -> None:
    """Pick ``option`` in the selectbox keyed ``key``."""
    choose_option(page, page.locator(f".st-key-{key} [data-testid='stSelectbox']").first, option)


def test_alternative_example_and_bad_file(page, app_url):
    page.goto(app_url + "/?lang=en")
    wait_idle(page)
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=t("nav.bureaucracy_traps", "en")).first.click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"/bureaucracy_traps\?.*lang=en"), timeout=WAIT)
    expect(page.get_by_role("heading", name=t("nav.bureaucracy_traps", "en")).first).to_be_visible(timeout=WAIT)
    below = metric(page, t("bt.metric.months_below_norm", "en"))
    expect(below).to_be_visible(timeout=WAIT)
    assert below.inner_text() == "0", "real-time data tops every month up to the norm"
    months_before = chart_y(page, "bt.chart.months")
    shot(page, "bureaucracy_realtime")

    # The basic-income alternative: the metric and the chart's orange bars change.
    page.locator(".st-key-bt-alternative label").filter(has_text=t("bt.alt.basic_income", "en")).first.click()
    wait_idle(page)
    expect(below).not_to_have_text("0", timeout=WAIT)
    page.wait_for_function(
        "(prev) => { const g = document.querySelector('.st-key-bt-chart-months .js-plotly-plot');"
        " return g && g.data && JSON.stringify(Array.from(g.data[1].y)) !== JSON.stringify(prev); }",
        arg=months_before[1],
        timeout=WAIT,
    )
    gap = metric(page, t("bt.metric.largest_gap_days", "en")).inner_text()

    # Another example: a three-month contract then unemployment.
    choose(page, "bt-preset", "A three-month contract, then unemployment")
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Waiting period: 7 weekdays")).first).to_be_attached(timeout=WAIT)
    expect(metric(page, t("bt.metric.largest_gap_days", "en"))).not_to_have_text(gap, timeout=WAIT)
    today = chart_y(page, "bt.chart.months")[0]
    assert today[3] == 0, "April under today's rules: no wage, the benefit comes in May"
    before = below.inner_text()
    shot(page, "bureaucracy_contract_basic_income")

    # A bad file: a translated error naming the field; the figures stay.
    bad = json.dumps(
        {
            "start": "2025-01",
            "spells": [{"start": "2025-02-03", "end": "2025-02-14", "hours_per_week": -5, "hourly_wage": 14}],
        }
    ).encode()
    page.locator(".st-key-bt-upload input[type=file]").set_input_files(
        files=[{"name": "bad.json", "mimeType": "application/json", "buffer": bad}]
    )
    wait_idle(page)
    error = page.locator('[data-testid="stAlert"]').filter(has_text=t("bt.error.upload_header", "en")).first
    expect(error).to_be_visible(timeout=WAIT)
    expect(error).to_contain_text("Spell 1 – hours per week")
    expect(error).to_contain_text("spells.0.hours_per_week")
    assert below.inner_text() == before
    assert page.locator('[data-testid="stException"]').count() == 0
    error.scroll_into_view_if_needed()
    shot(page, "bureaucracy_bad_file")

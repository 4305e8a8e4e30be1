"""Browser: the start page loads with engine figures, the language switch works, a shared link restores the scenario."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_idle

WAIT = 30_000


def test_start_page_loads_with_figures(page, app_url):
    page.goto(app_url + "/?lang=en")
    wait_idle(page)
    expect(page.get_by_text("At-risk-of-poverty rate").first).to_be_visible(timeout=WAIT)
    metrics = page.locator('[data-testid="stMetricValue"]')
    assert metrics.count() >= 4
    shot(page, "start_en")


def test_language_switch_to_swedish(page, app_url):
    page.goto(app_url + "/?lang=fi")
    wait_idle(page)
    expect(page.get_by_text("Pienituloisuusaste").first).to_be_visible(timeout=WAIT)
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Svenska").click()
    wait_idle(page)
    expect(page.get_by_text("Låginkomstgrad").first).to_be_visible(timeout=WAIT)
    expect(page).to_have_url(re.compile("lang=sv"), timeout=WAIT)
    shot(page, "start_sv")


def test_shared_link_restores_the_scenario(page, app_url):
    page.goto(app_url + "/?lang=en&preset=basic_income_experiment_560")
    wait_idle(page)
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    expect(page.get_by_text("Net cost per year").first).to_be_visible(timeout=WAIT)
    # Open the same link in a fresh page: the same figures come back.
    url = page.url
    other = page.context.new_page()
    other.goto(url)
    wait_idle(other)
    assert other.locator('[data-testid="stMetricValue"]').all_inner_texts() == values
    shot(other, "shared_link")


def test_invalid_link_shows_translated_error_and_keeps_running(page, app_url):
    page.goto(app_url + "/?lang=en&s=not-a-scenario")
    wait_idle(page)
    expect(page.get_by_text("The scenario in the link is invalid").first).to_be_visible(timeout=WAIT)
    assert page.locator('[data-testid="stMetricValue"]').count() >= 4
    shot(page, "invalid_link")


def test_deep_link_and_page_switch_keep_the_language(page, app_url):
    page.goto(app_url + "/assumptions?lang=sv")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Antaganden och validering").first).to_be_visible(timeout=WAIT)
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Start").first.click()
    wait_idle(page)
    expect(page.get_by_text("Låginkomstgrad").first).to_be_visible(timeout=WAIT)
    expect(page).to_have_url(re.compile("lang=sv"), timeout=WAIT)


def test_deep_link_on_a_fresh_server(browser):
    """The first request to a new server is a deep link: the page must still run through app.py."""
    from tests.browser.conftest import start_app

    proc, url = start_app()
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(url + "/assumptions?lang=sv")
        wait_idle(page)
        expect(page.get_by_role("heading", name="Antaganden och validering").first).to_be_visible(timeout=WAIT)
        assert page.locator('[data-testid="stSidebar"]').get_by_text("Kieli / Språk / Language").is_visible()
        shot(page, "deep_link_fresh_server")
        context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)

"""Browser: the start page loads with engine figures, the language switch works, a shared link restores the scenario,
and loading the start page asks nothing of the internet (the deployment may be offline)."""

import re
from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.browser.conftest import choose_option, shot, wait_idle
from ui.i18n import t

WAIT = 30_000


def test_start_page_loads_with_figures(page, app_url):
    page.goto(app_url + "/?lang=en")
    wait_idle(page)
    expect(page.get_by_text("At-risk-of-poverty rate").first).to_be_visible(timeout=WAIT)
    metrics = page.locator('[data-testid="stMetricValue"]')
    assert metrics.count() >= 4
    shot(page, "start_en")


def test_start_page_requests_nothing_from_the_internet(browser, app_url):
    """Every request while the start page loads (a fresh browser: nothing cached) goes to the app's own server; the
    favicon is the app's own PNG (assets/arvovalinnat.png), not a Material icon fetched from fonts.gstatic.com."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(app_url + "/?lang=en")
        wait_idle(page)
        expect(page.get_by_text("At-risk-of-poverty rate").first).to_be_visible(timeout=WAIT)
        icon = page.locator('link[rel~="icon"]').first
        expect(icon).to_have_attribute("href", re.compile(r"\.png$|/media/"), timeout=WAIT)
        href = icon.get_attribute("href")
        page.wait_for_timeout(1500)  # late requests (fonts, the icon)
        assert urlparse(page.url).hostname == "127.0.0.1"
        outside = sorted(
            {
                u
                for u in requests
                if urlparse(u).scheme in ("http", "https", "ws", "wss")
                and urlparse(u).hostname not in ("127.0.0.1", "localhost")
            }
        )
        assert not outside, f"requests to other hosts: {outside}"
        response = page.request.get(href if href.startswith("http") else app_url + "/" + href.lstrip("/"))
        assert response.ok and response.body()[:8] == b"\x89PNG\r\n\x1a\n", (href, response.status)
    finally:
        context.close()


def test_language_switch_to_swedish(page, app_url):
    page.goto(app_url + "/?lang=fi")
    wait_idle(page)
    expect(page.get_by_text("Pienituloisuusaste").first).to_be_visible(timeout=WAIT)
    choose_option(page, page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first, "Svenska")
    wait_idle(page)
    expect(page.get_by_text("Låginkomstgrad").first).to_be_visible(timeout=WAIT)
    expect(page).to_have_url(re.compile("lang=sv"), timeout=WAIT)
    shot(page, "start_sv")


def test_shared_link_restores_the_scenario(page, app_url):
    page.goto(app_url + "/?lang=en&preset=basic_income_experiment_560")
    wait_idle(page)
    expect(page.get_by_text("Net cost per year").first).to_be_visible(timeout=WAIT)
    expect(page).to_have_url(re.compile(r"preset=basic_income_experiment_560"), timeout=WAIT)
    wait_idle(page)
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert len(values) >= 4, values
    # Open the same link in a fresh page: the same figures come back.
    url = page.url
    other = page.context.new_page()
    other.goto(url)
    wait_idle(other)
    expect(other.get_by_text("Net cost per year").first).to_be_visible(timeout=WAIT)
    wait_idle(other)
    assert other.locator('[data-testid="stMetricValue"]').all_inner_texts() == values
    shot(other, "shared_link")


def test_invalid_link_shows_translated_error_and_keeps_running(page, app_url):
    page.goto(app_url + "/?lang=en&s=not-a-scenario")
    wait_idle(page)
    expect(page.get_by_text(t("state.error.bad_link", "en")[:40]).first).to_be_visible(timeout=WAIT)
    expect(page.locator('[data-testid="stMetricValue"]').nth(3)).to_be_visible(timeout=WAIT)
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

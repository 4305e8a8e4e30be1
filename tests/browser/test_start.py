"""Browser: the start page loads with engine figures, the language switch works, a shared link restores the scenario."""

from tests.browser.conftest import shot, wait_idle


def test_start_page_loads_with_figures(page, app_url):
    page.goto(app_url + "/?lang=en")
    wait_idle(page)
    assert page.get_by_text("At-risk-of-poverty rate").first.is_visible()
    metrics = page.locator('[data-testid="stMetricValue"]')
    assert metrics.count() >= 4
    shot(page, "start_en")


def test_language_switch_to_swedish(page, app_url):
    page.goto(app_url + "/?lang=fi")
    wait_idle(page)
    assert page.get_by_text("Pienituloisuusaste").first.is_visible()
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Svenska").click()
    wait_idle(page)
    assert page.get_by_text("Låginkomstgrad").first.is_visible()
    assert "lang=sv" in page.url
    shot(page, "start_sv")


def test_shared_link_restores_the_scenario(page, app_url):
    page.goto(app_url + "/?lang=en&preset=basic_income_experiment_560")
    wait_idle(page)
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert page.get_by_text("Net cost per year").first.is_visible()
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
    assert page.get_by_text("The scenario in the link is invalid").first.is_visible()
    assert page.locator('[data-testid="stMetricValue"]').count() >= 4
    shot(page, "invalid_link")

"""Browser (issue 15, point 8): the validation opens with a plain summary of where the model is good and where it
is not, and a result that leans on a component with a known gap carries a short note — on a laptop and on a phone.
Screenshots: test-output/screenshots/trust_*.png."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_idle
from ui.i18n import t

WAIT = 45_000
PHONE = {"width": 390, "height": 844}


def notes(page, view: str = "results"):
    return page.locator(f".st-key-trust-notes-{view}")


def test_validation_opens_with_a_summary(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/assumptions?lang=fi")
        wait_idle(page)
        heading = page.get_by_text(t("trust.summary.title", "fi"), exact=True)
        expect(heading).to_be_visible(timeout=WAIT)
        summary = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="Suuremmat erot").first
        expect(summary).to_contain_text("Lähellä virallista")
        expect(summary).to_contain_text("asumistuen")
        heading.scroll_into_view_if_needed()
        page.screenshot(path=str(shot(page, "trust_assumptions").with_name("trust_assumptions_view.png")))
    finally:
        context.close()


def test_a_result_that_leans_on_a_gap_says_so_on_a_phone_and_a_laptop(browser, app_url):
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    try:
        page.goto(f"{app_url}/workbench?lang=sv&preset=broad_general_support")
        wait_idle(page)
        expect(notes(page)).to_contain_text("Allmänt bostadsbidrag", timeout=WAIT)
        box = notes(page).bounding_box()
        assert box is not None and box["width"] <= PHONE["width"]
        notes(page).scroll_into_view_if_needed()
        page.screenshot(path=str(shot(page, "trust_phone").with_name("trust_phone_view.png")))

        page.goto(f"{app_url}/workbench?lang=sv&preset=todays_system")
        wait_idle(page)
        expect(page.get_by_text(t("wb.results", "sv"))).to_be_visible(timeout=WAIT)
        # today's system changes no benefit: no note names the housing allowance (a distributional gap might)
        assert "bostadsbidrag" not in " ".join(notes(page).all_inner_texts())
    finally:
        phone.close()
    laptop = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = laptop.new_page()
    try:
        page.goto(f"{app_url}/income_traps?lang=en")
        wait_idle(page)
        # the trap counts lean on the benefits withdrawn as earnings rise: the note names those that are off
        withdrawn = re.compile(
            "Labour market subsidy|Basic unemployment allowance|General housing allowance|Basic social assistance"
        )
        expect(notes(page, "income_traps")).to_contain_text(withdrawn, timeout=WAIT)
    finally:
        laptop.close()

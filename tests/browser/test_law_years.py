"""Browser (issue 14): the law menu in the sidebar and the three-way view, in Finnish, Swedish and English.

A preset is opened, the 2026 law chosen in the sidebar (the link then names it), and the Results page's three-way
tab shows last year's law, the chosen law and the reform: the caption with both dates, the decile chart's legend
naming the chosen law and the reform, and the published estimates' heading. Screenshots:
test-output/screenshots/law_years_<lang>.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from models.parameters import LAW_YEARS
from tests.browser.conftest import choose_option, shot, wait_idle
from ui.i18n import t
from ui.law import choice_label, fmt_date

WAIT = 90_000


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_law_menu_and_the_three_way_view(page, app_url, lang):
    last, chosen = (fmt_date(LAW_YEARS[y], lang) for y in (2025, 2026))
    page.goto(f"{app_url}/?lang={lang}&preset=full_basic_income_1000")
    wait_idle(page)
    menu = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text=t("law.selector", lang))
    expect(menu).to_be_visible(timeout=WAIT)
    choose_option(page, menu, choice_label("2026", lang), exact=True)
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"law=2026"), timeout=WAIT)
    expect(page.get_by_text(t("law.compared_with", lang, date=chosen)).first).to_be_visible(timeout=WAIT)

    page.get_by_test_id("stSidebarNav").get_by_role("link", name=t("nav.results", lang)).click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"results.*law=2026"), timeout=WAIT)
    page.get_by_role("tab", name=t("results.tab.three_way", lang)).click()
    wait_idle(page)
    intro = page.get_by_text(t("law3.intro", lang, last=last, law=chosen))
    expect(intro).to_be_visible(timeout=WAIT)
    legend = page.locator(".legendtext")
    expect(legend.filter(has_text=t("law3.name.law", lang, date=chosen)).first).to_be_visible(timeout=WAIT)
    expect(page.get_by_text(t("law3.est.title", lang, last=last, law=chosen))).to_be_visible(timeout=WAIT)
    intro.scroll_into_view_if_needed()
    shot(page, f"law_years_{lang}")

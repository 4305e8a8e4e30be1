"""Browser, issue 15: the smaller points not drawn elsewhere.

2. On a phone no text sends the reader "to the right" or "to the left" (the figures are below, or in the summary);
7. and Finnish names those who gain and lose one way (hyötyjät/menettäjät, not also voittajat/häviäjät).
9. The groups' reading names a household a reader can picture, not "other households" (under universal security
   the other households gain the most on average); a change in a tax rate is written in percentage points
   ("+16 %-yks.", "−0.3 pp"), not as a percentage.
10. The workbench and the compare page offer the same command as the results page (every results view can be
    reproduced; the results page's command is run in tests/browser/test_who_pays.py).
Screenshots: test-output/screenshots/details_*.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import POPULATION_SIZE, SHOTS, wait_drawn, wait_idle
from ui.i18n import t
from ui.readings import household_type_label, lower_first

WAIT = 45_000
PHONE = {"width": 390, "height": 844}
US = "universal_security_yleisturva"
SIDES = re.compile(r"oikealla|vasemmalla|till höger|till vänster|on the right|on the left", re.IGNORECASE)
#: A percentage-point change as the delta of a metric: "+16 %-yks." (fi), "−0.3 pp" (en), never "+16 %".
POINTS = {
    "fi": re.compile(r"^[+\-−±]?\d+(,\d)?\u00a0%-yks\.$"),
    "en": re.compile(r"^[+\-−±]?\d+(\.\d)?[\u00a0 ]pp$"),
}


def key(page, name: str, inner: str = ""):
    return page.locator(f".st-key-{name.replace('.', '-')} {inner}".strip())


def delta(page, label: str):
    return (
        page.locator('[data-testid="stMetric"]')
        .filter(has=page.get_by_text(label, exact=True))
        .first.locator('[data-testid="stMetricDelta"]')
    )


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_no_text_on_a_phone_points_to_a_side(browser, app_url, lang):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        for path in ("workbench", "value_map", "results"):
            page.goto(f"{app_url}/{path}?lang={lang}&preset={US}")
            wait_drawn(page)
            expect(page.locator("h1").first).to_be_visible(timeout=WAIT)
            text = page.locator('[data-testid="stMain"]').inner_text()
            assert not SIDES.search(text), (path, SIDES.search(text))
            if lang == "fi":  # one pair of words for who gains and who loses (point 7): hyötyjät, menettäjät
                assert not re.search(r"[Vv]oittaj|[Hh]äviäj", text), path
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_groups_reading_names_households_one_can_picture(page, app_url, lang):
    page.goto(f"{app_url}/results?lang={lang}&preset={US}")
    wait_idle(page)
    page.get_by_role("tab", name=t("results.tab.groups", lang), exact=True).click()
    wait_idle(page)
    start = t("results.reading.groups.mixed", lang).split("{")[0].strip()  # "Of these groups,"
    readings = page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"]').filter(has_text=start)
    expect(readings).to_have_count(2, timeout=WAIT)  # population groups, then household types
    wait_drawn(page)
    types = readings.nth(1).inner_text()
    assert lower_first(household_type_label("other", lang)) not in types, types
    named = [
        k
        for k in ("single", "couple", "single_parent", "couple_with_children", "pensioner")
        if lower_first(household_type_label(k, lang)) in types
    ]
    assert len(named) == 2, (named, types)
    readings.nth(1).scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"details_groups_{lang}.png"))


def test_a_tax_rate_change_is_in_percentage_points(page, app_url):
    # The traps page: one household's marginal and participation tax rates under the scenario against today's.
    page.goto(f"{app_url}/income_traps?lang=fi&preset={US}")
    wait_idle(page)
    for label in ("it.household.emtr_scenario", "it.household.ptr_scenario"):
        change = delta(page, t(label, "fi"))
        expect(change).to_have_text(POINTS["fi"], timeout=WAIT)
    # The results page: the median rates and the shares over 80 %.
    page.goto(f"{app_url}/results?lang=en&preset={US}")
    wait_idle(page)
    page.get_by_role("tab", name=t("results.tab.traps", "en"), exact=True).click()
    wait_idle(page)
    labels = (t("results.stat.median", "en"), t("results.stat.share_over_80", "en"))
    metrics = page.locator('[data-testid="stMetric"]').filter(has=page.get_by_text(re.compile("|".join(labels))))
    expect(metrics).to_have_count(4, timeout=WAIT)  # the marginal and the participation tax rate, two each
    wait_drawn(page)
    texts = [c.strip() for c in metrics.locator('[data-testid="stMetricDelta"]').all_inner_texts()]
    assert texts and all(POINTS["en"].match(x) for x in texts), texts


def test_every_results_view_offers_the_same_command(page, app_url):
    commands = {}
    for path, box in (
        ("results", "results.reproduce"),
        ("workbench", "wb.reproduce"),
        ("compare", "compare.reproduce"),
    ):
        page.goto(f"{app_url}/{path}?lang=en&preset={US}")
        wait_idle(page)
        summary = key(page, box, "summary")
        expect(summary).to_be_visible(timeout=WAIT)
        summary.click()
        codes = key(page, box, '[data-testid="stCode"] code')
        expect(codes.first).to_contain_text("python -m models", timeout=WAIT)
        commands[path] = [c for c in codes.all_inner_texts() if c.startswith("python -m models")]
    assert len(commands["results"]) == 1 and f"--size {POPULATION_SIZE}" in commands["results"][0]
    assert commands["workbench"] == commands["results"], commands
    assert commands["results"][0] in commands["compare"], commands

"""Browser: every page in fi/sv/en without an exception (screenshots of each, and phone-sized ones of the start,
results and households pages), the results page's exports (rendered only on click), and the keyboard: the
main controls are reachable with Tab and work with arrow keys, Space and Enter."""

from __future__ import annotations

import re
import warnings

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.browser.conftest import SHOTS, wait_idle
from ui.i18n import t

WAIT = 30_000
PRESET = "basic_income_experiment_560"
#: (name, url path, translation key of the page's title) of every page in app.py's menu.
PAGES = (
    ("start", "", "app.title"),
    ("value_map", "value_map", "nav.value_map"),
    ("workbench", "workbench", "nav.workbench"),
    ("results", "results", "results.title"),
    ("compare", "compare", "compare.title"),
    ("households", "households", "nav.households"),
    ("assumptions", "assumptions", "nav.assumptions"),
)
PHONE = {"width": 390, "height": 844}

# The focused element, described: tag, role, aria state, label and the widget key of its container.
FOCUSED = """() => { const e = document.activeElement; if (!e || e === document.body) return null;
  const k = e.closest('[class*="st-key-"]');
  return {tag: e.tagName, role: e.getAttribute('role'), type: e.getAttribute('type'),
          label: (e.getAttribute('aria-label') || e.innerText || '').trim().slice(0, 60),
          key: k ? [...k.classList].find(c => c.startsWith('st-key-')).slice(7) : null,
          selected: e.getAttribute('aria-selected'), checked: e.checked === undefined ? null : e.checked}; }"""


def wait_charts(page, timeout: float = WAIT) -> None:
    """Wait until every visible plotly chart has been drawn (plotly.js loads after the script run)."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                  .filter(el => el.getClientRects().length > 0)
                  .every(el => el.querySelector('.js-plotly-plot .main-svg'))""",
        timeout=timeout,
    )


def full_shot(page, name: str) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main container, not the document, so the
    viewport is made as tall as the content for the shot (at most 12,000 px) and put back afterwards."""
    viewport = dict(page.viewport_size)
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], min(height, 12_000))})
    page.wait_for_timeout(300)
    wait_charts(page)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size(viewport)


def no_exception(page) -> None:
    boxes = page.locator('[data-testid="stException"]')
    assert boxes.count() == 0, boxes.first.inner_text()[:2000]


def button(page, key: str):
    """The visible button of the widget keyed ``key`` (a download button with a tooltip renders a hidden twin)."""
    return page.locator(f".st-key-{key} button").filter(visible=True).first


def overflow_x(page) -> int:
    """How many pixels the main area is wider than the screen (a horizontal scroll on a phone)."""
    return page.evaluate(
        """() => { const m = document.querySelector('[data-testid="stMain"]');
                   return Math.max(document.documentElement.scrollWidth - document.documentElement.clientWidth,
                                   m.scrollWidth - m.clientWidth); }"""
    )


# --- every page, every language ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_page_renders_without_an_exception(browser, app_url, lang):
    """A deep link to the start page, then every page through the menu (one session, as a user goes): each has
    its title, draws its charts, shows no exception box, and keeps the language and the scenario in the URL."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    menu = page.locator('[data-testid="stSidebar"]')
    try:
        page.goto(f"{app_url}/?lang={lang}&preset={PRESET}")
        for name, path, title in PAGES:
            if path:
                menu.get_by_role("link", name=t(f"nav.{name}", lang), exact=True).first.click()
                expect(page).to_have_url(re.compile(rf"/{path}\?"), timeout=WAIT)
            expect(page.locator("h1").first).to_have_text(t(title, lang), timeout=WAIT)
            wait_idle(page)
            wait_charts(page)
            no_exception(page)
            assert f"lang={lang}" in page.url and f"preset={PRESET}" in page.url, page.url
            full_shot(page, f"page_{name}_{lang}")
        assert not errors, errors
    finally:
        context.close()


@pytest.mark.parametrize("name,path", [("start", ""), ("results", "results"), ("households", "households")])
def test_phone_screenshots(browser, app_url, name, path):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/{path}?lang=en&preset={PRESET}")
        wait_idle(page)
        expect(page.locator("h1").first).to_be_visible(timeout=WAIT)
        wait_charts(page)
        no_exception(page)
        full_shot(page, f"phone_{name}_en")
        assert overflow_x(page) <= 1, f"{name}: the page scrolls sideways by {overflow_x(page)} px on a phone"
    finally:
        context.close()


# --- exports ---------------------------------------------------------------------------------------------------------
def deferred_download(page, key: str):
    """Click a download button whose file is built on click (a callable ``data``) and return the download.

    Known race (reported to the lead): the click also reruns the page (the button's default
    ``on_click="rerun"``), and now and then (between 1 in 8 and 1 in 30 clicks on the results page here) the
    browser never gets the file the server built: the button spins forever. ``on_click="ignore"`` in ui/export.py avoids the
    rerun and the race. Until then a lost download is retried once on a reloaded page."""
    for attempt in range(2):
        try:
            with page.expect_download(timeout=20_000) as dl:
                button(page, key).click()
            return dl.value
        except PlaywrightTimeoutError:
            if attempt:
                raise
            warnings.warn(f"{key}: the download built on click never reached the browser; retried on a reloaded page", stacklevel=2)
            page.reload()
            wait_idle(page)
            wait_charts(page)


def test_results_exports_render_only_on_click(page, app_url):
    page.goto(f"{app_url}/results?lang=en&preset={PRESET}")
    wait_idle(page)
    wait_charts(page)
    # Under every chart: "make images" and the HTML download; no image has been rendered yet.
    assert page.locator('[class*="st-key-results-export-"][class*="-prepare"]').count() >= 12
    assert page.locator('[class*="st-key-results-export-"][class*="-html"]').count() >= 12
    assert page.locator(".st-key-results-export-cost-png").count() == 0
    expect(page.locator(".st-key-results_exports").get_by_text(t("export.report.section", "en"))).to_be_visible(timeout=WAIT)

    # The HTML chart is built when its button is clicked.
    download = deferred_download(page, "results-export-cost-html")
    assert download.suggested_filename.endswith(".html"), download.suggested_filename
    assert "<html" in open(download.path(), encoding="utf-8").read(2000)

    # PNG and SVG: rendered with kaleido on click, then offered.
    button(page, "results-export-cost-prepare").click()
    wait_idle(page, timeout=90_000)
    no_exception(page)
    png = button(page, "results-export-cost-png")
    expect(png).to_be_visible(timeout=90_000)
    with page.expect_download(timeout=WAIT) as dl:
        png.click()
    with open(dl.value.path(), "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    expect(button(page, "results-export-cost-svg")).to_be_visible()


# --- keyboard --------------------------------------------------------------------------------------------------------
def tab_to(page, key: str, role: str | None = None, tag: str | None = None, limit: int = 120) -> dict:
    """Press Tab until the focus is on a control inside the container keyed ``key`` (and of ``role``/``tag``);
    fail naming the tab stops passed when it never gets there."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUSED)
        if f and f["key"] == key and (role is None or f["role"] == role) and (tag is None or f["tag"] == tag):
            return f
        passed.append(f and (f["key"] or f["label"]))
    raise AssertionError(f"Tab never reached {key} ({role or tag or 'any'}); passed {passed}")


def settled(page, selector: str) -> None:
    """Wait until an opening expander's animation has finished (under load, a Tab pressed while it runs has
    skipped the expander's content)."""
    page.wait_for_function(
        "(sel) => { const e = document.querySelector(sel);"
        " return e && e.getAnimations().every(a => a.playState !== 'running') && e.getBoundingClientRect().height > 100; }",
        arg=selector, timeout=WAIT,
    )


def test_keyboard_workbench(page, app_url):
    page.goto(f"{app_url}/workbench?lang=en")
    wait_idle(page)
    page.locator("body").focus()
    # Tab reaches the language menu, the preset picker and the section headers in page order.
    tab_to(page, "lang_widget", role="combobox")
    tab_to(page, "wb-preset", role="combobox")
    tab_to(page, "wb-section-basic_income", tag="SUMMARY")
    page.keyboard.press("Enter")
    expect(page.locator(".st-key-wb-section-basic_income details")).to_have_attribute("open", "", timeout=WAIT)
    settled(page, ".st-key-wb-section-basic_income details")
    # Space switches the basic income on; the focus stays on the switch through the rerun.
    f = tab_to(page, "wb-basic_income-enabled", role="switch")
    assert f["checked"] is False
    page.keyboard.press("Space")
    wait_idle(page)
    expect(page.locator(".st-key-wb-basic_income-enabled input")).to_be_checked(timeout=WAIT)
    expect(page).to_have_url(re.compile(r"[?&]s="), timeout=WAIT)
    # The amount slider: arrow keys move it a step, PageUp a tenth of the range; every move recomputes.
    net = page.locator('[data-testid="stMetric"]').filter(has_text=t("metric.net_cost", "en")).locator('[data-testid="stMetricValue"]')
    before = net.inner_text()
    tab_to(page, "wb-basic_income-amount", tag="INPUT")
    page.keyboard.press("ArrowRight")
    wait_idle(page)
    slider = page.locator(".st-key-wb-basic_income-amount input[type=range]")
    expect(slider).to_have_value("10", timeout=WAIT)
    page.keyboard.press("PageUp")
    wait_idle(page)
    expect(slider).to_have_value("210", timeout=WAIT)
    expect(net).not_to_have_text(before, timeout=WAIT)
    assert (page.evaluate(FOCUSED) or {}).get("key") == "wb-basic_income-amount", "the focus stays on the slider"
    page.screenshot(path=str(SHOTS / "keyboard_workbench_slider.png"))

    # The preset picker by keyboard: type to filter, Enter to choose.
    page.locator(".st-key-wb-preset input").focus()
    page.keyboard.type("General support")
    page.keyboard.press("Enter")
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"preset=yleistuki_2026"), timeout=WAIT)
    # The language menu by keyboard.
    page.locator(".st-key-lang_widget input").focus()
    page.keyboard.type("Svenska")
    page.keyboard.press("Enter")
    wait_idle(page)
    expect(page.locator("h1").first).to_have_text(t("nav.workbench", "sv"), timeout=WAIT)
    expect(page).to_have_url(re.compile(r"lang=sv"), timeout=WAIT)
    no_exception(page)


def test_keyboard_results(page, app_url):
    page.goto(f"{app_url}/results?lang=en&preset={PRESET}")
    wait_idle(page)
    wait_charts(page)
    page.locator("body").focus()
    # The tabs: Tab reaches the selected one, the arrow keys move between them.
    first = None
    for _ in range(60):
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUSED)
        if first and first["role"] == "tab":
            break
    assert first and first["role"] == "tab" and first["label"] == t("results.tab.cost", "en"), first
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name=t("results.tab.distribution", "en"))).to_have_attribute("aria-selected", "true", timeout=WAIT)
    expect(page.locator(".st-key-results-measure")).to_be_visible(timeout=WAIT)  # the panel is drawn before Tab
    # In the "who gains" tab: the € / % switch works with Tab and Enter.
    # (one tab stop for the group, the arrow keys move between its options)
    f = tab_to(page, "results-measure")
    assert f["label"] == t("results.measure_option.eur", "en"), f
    page.keyboard.press("ArrowRight")
    f = page.evaluate(FOCUSED)
    assert f["label"] == t("results.measure_option.pct", "en"), f
    page.keyboard.press("Enter")
    wait_idle(page)
    page.wait_for_function(
        """() => { const g = document.querySelector('.st-key-results-chart-deciles .js-plotly-plot');
                   return g && g._fullLayout && g._fullLayout.yaxis.title.text.includes('%'); }""",
        timeout=WAIT,
    )
    # The chart's exports and the handout are buttons on the Tab path; Enter makes and offers the handout.
    tab_to(page, "results-export-deciles-html", tag="BUTTON")
    tab_to(page, "results-report-prepare", tag="BUTTON", limit=200)
    page.keyboard.press("Enter")
    wait_idle(page, timeout=90_000)
    no_exception(page)
    download = button(page, "results-report-download")
    expect(download).to_be_visible(timeout=WAIT)
    download.focus()
    with page.expect_download(timeout=WAIT) as dl:
        page.keyboard.press("Enter")
    assert dl.value.suggested_filename.endswith(".html"), dl.value.suggested_filename

"""Browser: every page in fi/sv/en without an exception (screenshots of each, and phone-sized ones of every page
with charts, each tab of the results page on its own), the results page's exports (rendered only on click), and
the keyboard: the main controls are reachable with Tab and work with arrow keys, Space and Enter, the focus is
plain to see, and the charts add no Tab stops. On every screen the charts are checked as drawn: titles inside
the chart, no toolbar, no two bar labels over each other, nothing on the console from plotly.js."""

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
    ("bureaucracy_traps", "bureaucracy_traps", "nav.bureaucracy_traps"),
    ("income_traps", "income_traps", "nav.income_traps"),
    ("value_map", "value_map", "nav.value_map"),
    ("workbench", "workbench", "nav.workbench"),
    ("results", "results", "results.title"),
    ("compare", "compare", "compare.title"),
    ("households", "households", "nav.households"),
    ("assumptions", "assumptions", "nav.assumptions"),
)
PHONE = {"width": 390, "height": 844}
#: The results page's tabs, in order (translation keys results.tab.*).
RESULT_TABS = ("cost", "distribution", "groups", "poverty", "traps", "bureaucracy")
#: Tabs with charts shot one by one on a phone: page → translation keys of its tabs.
PHONE_TABS = {
    "results": tuple(f"results.tab.{k}" for k in RESULT_TABS),
    "value_map": ("vm.tab.strips", "vm.tab.map"),
    "households": ("households.tab.net", "households.tab.emtr", "households.tab.breakdown"),
}

# Problems of the plotly charts as the browser drew them: a title or axis title outside the chart (clipped), the
# toolbar, two bar labels over each other, a bar label outside the chart, the legend over the title. Charts
# that are not shown (another tab, a closed expander) are skipped.
CHART_PROBLEMS = """() => {
  const out = [];
  const area = (a, b) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
                         Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  const shown = r => r.width > 0.5 && r.height > 0.5;
  for (const g of document.querySelectorAll('.js-plotly-plot')) {
    const box = g.getBoundingClientRect();
    if (!shown(box) || g.closest('details:not([open])')) continue;
    const k = g.closest('[class*="st-key-"]');
    const name = k ? [...k.classList].find(c => c.startsWith('st-key-')).slice(7) : '?';
    const inside = r => r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
    if (g.querySelector('.modebar-btn')) out.push(name + ': the plotly toolbar is shown');
    const title = g.querySelector('.gtitle');
    const t = title && title.getBoundingClientRect();
    if (t && shown(t) && !inside(t)) out.push(name + ': the title is cut off');
    for (const a of g.querySelectorAll('.g-xtitle, .g-ytitle')) {
      const r = a.getBoundingClientRect();
      if (shown(r) && !inside(r)) out.push(name + ': an axis title is cut off');
    }
    const legend = g.querySelector('.legend');
    if (t && legend && area(t, legend.getBoundingClientRect()) > 4) out.push(name + ': the legend covers the title');
    const labels = [...g.querySelectorAll('text.bartext')].map(e => [e.textContent, e.getBoundingClientRect()])
      .filter(([text, r]) => text && shown(r));
    labels.forEach(([text, r], i) => {
      if (!inside(r)) out.push(name + ': bar label "' + text + '" is cut off');
      for (const [other, q] of labels.slice(i + 1)) if (area(r, q) > 4) out.push(name + ': bar labels "' + text + '" and "' + other + '" overlap');
    });
  }
  return out;
}"""

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


def charts_drawn_well(page, where: str) -> None:
    problems = page.evaluate(CHART_PROBLEMS)
    assert not problems, f"{where}: {problems}"


def plotly_warnings(messages: list[str]) -> list[str]:
    """plotly.js's own warnings among console messages ("WARN: Invalid color specifier: Array(10)…")."""
    return [m for m in messages if m.startswith("WARN:") or "Invalid color specifier" in m]


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
    console: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: console.append(msg.text))
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
            charts_drawn_well(page, f"{name} ({lang})")
        assert not errors, errors
        assert not plotly_warnings(console), plotly_warnings(console)
    finally:
        context.close()


def open_tab(page, label: str) -> None:
    """Select a tab; tabs that build only their open panel (the results page) rerun the page first."""
    page.get_by_role("tab", name=label, exact=True).click()
    expect(page.get_by_role("tab", name=label, exact=True)).to_have_attribute("aria-selected", "true", timeout=WAIT)
    page.wait_for_timeout(300)
    wait_idle(page)
    wait_charts(page)


@pytest.mark.parametrize("lang", ["en", "fi"])
@pytest.mark.parametrize(
    "name,path",
    [
        ("start", ""),
        ("value_map", "value_map"),
        ("workbench", "workbench"),
        ("results", "results"),
        ("compare", "compare"),
        ("households", "households"),
    ],
)
def test_phone_screenshots(browser, app_url, name, path, lang):
    """A phone (390 px): no sideways scroll, and the charts drawn well (titles not under a toolbar, bar labels
    not over each other); each tab with charts (results, value map, households) is shot on its own."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text))
    try:
        page.goto(f"{app_url}/{path}?lang={lang}&preset={PRESET}")
        wait_idle(page)
        expect(page.locator("h1").first).to_be_visible(timeout=WAIT)
        wait_charts(page)
        no_exception(page)
        for tab in PHONE_TABS.get(name, ("",)):
            if tab:
                open_tab(page, t(tab, lang))
            shot_name = f"phone_{name}_{tab.rsplit('.', 1)[-1]}_{lang}" if tab else f"phone_{name}_{lang}"
            full_shot(page, shot_name)
            assert overflow_x(page) <= 1, f"{shot_name}: the page scrolls sideways by {overflow_x(page)} px on a phone"
            charts_drawn_well(page, shot_name)
        assert not plotly_warnings(console), plotly_warnings(console)
    finally:
        context.close()


def test_results_charts_leave_the_console_clean(page, app_url):
    """Every chart of every tab of the results page (both measures of the decile and group charts) is drawn
    without a warning from plotly.js on the console (per-bar colour lists once gave "Invalid color specifier")."""
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text))
    page.goto(f"{app_url}/results?lang=en&preset={PRESET}")
    wait_idle(page)
    wait_charts(page)
    drawn = 0
    for tab in RESULT_TABS:
        open_tab(page, t(f"results.tab.{tab}", "en"))
        charts_drawn_well(page, f"results, tab {tab}")
        drawn += page.locator(".js-plotly-plot").count()  # only the open tab is built
    open_tab(page, t("results.tab.distribution", "en"))
    page.locator(".st-key-results-measure").get_by_text(t("results.measure_option.pct", "en")).click()
    wait_idle(page)
    wait_charts(page)
    assert drawn >= 12
    assert not plotly_warnings(console), plotly_warnings(console)


# --- exports ---------------------------------------------------------------------------------------------------------
def deferred_download(page, key: str):
    """Click a download button whose file is built on click (a callable ``data``) and return the download.

    Known race (reported to the lead): the click also reruns the page (the button's default
    ``on_click="rerun"``), and now and then (between 1 in 8 and 1 in 30 clicks on the results page here) the
    browser never gets the file the server built: the button spins forever. ``on_click="ignore"`` in ui/export.py
    avoids the
    rerun and the race. Until then a lost download is retried once on a reloaded page."""
    for attempt in range(2):
        try:
            with page.expect_download(timeout=20_000) as dl:
                button(page, key).click()
            return dl.value
        except PlaywrightTimeoutError:
            if attempt:
                raise
            warnings.warn(
                f"{key}: the download built on click never reached the browser; retried on a reloaded page",
                stacklevel=2,
            )
            page.reload()
            wait_idle(page)
            wait_charts(page)


def test_results_exports_render_only_on_click(page, app_url):
    page.goto(f"{app_url}/results?lang=en&preset={PRESET}")
    wait_idle(page)
    wait_charts(page)
    # Under every chart of the open tab: "make images" and the HTML download; no image has been rendered yet.
    assert page.locator('[class*="st-key-results-export-"][class*="-prepare"]').count() >= 2
    assert page.locator('[class*="st-key-results-export-"][class*="-html"]').count() >= 2
    assert page.locator(".st-key-results-export-cost-png").count() == 0
    expect(page.locator(".st-key-results_exports").get_by_text(t("export.report.section", "en"))).to_be_visible(
        timeout=WAIT
    )

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
        " return e && e.getAnimations().every(a => a.playState !== 'running') && e.getBoundingClientRect().height > 100; }",  # noqa: E501
        arg=selector,
        timeout=WAIT,
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
    net = (
        page.locator('[data-testid="stMetric"]')
        .filter(has_text=t("metric.net_cost", "en"))
        .locator('[data-testid="stMetricValue"]')
    )
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
    expect(page.get_by_role("tab", name=t("results.tab.distribution", "en"))).to_have_attribute(
        "aria-selected", "true", timeout=WAIT
    )
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


def _tab_walk(page) -> list[dict]:
    """Every Tab stop from the top of the page, once round: where it is, its name, whether the browser counts its
    focus as visible and its outline's width."""
    page.locator("body").focus()
    stops: list[dict] = []
    for _ in range(200):
        page.keyboard.press("Tab")
        f = page.evaluate("""() => { const e = document.activeElement;
            if (!e || e === document.body) return null;
            const s = getComputedStyle(e);
            return {chart: !!e.closest('.js-plotly-plot'), menu: !!e.closest('[data-testid="stSidebarNav"]'),
                    label: (e.getAttribute('aria-label') || e.innerText || e.tagName).trim().slice(0, 40),
                    visible: e.matches(':focus-visible'),
                    outline: s.outlineStyle === 'solid' ? parseFloat(s.outlineWidth) : 0}; }""")
        if f is None or (stops and f == stops[0]):
            break
        stops.append(f)
    return stops


def test_keyboard_focus_is_plain_and_charts_add_no_tab_stops(page, app_url):
    """Tab goes through the page's real controls only: the charts' plotly toolbars (a dozen buttons each, about
    96 Tab stops over the pages) are gone. A focused menu link has a solid outline (Streamlit marks it with a
    faint grey, the same as the open page): app.py writes ui.theme.FOCUS_CSS."""
    page.goto(f"{app_url}/results?lang=en&preset={PRESET}")
    wait_idle(page)
    wait_charts(page)
    # the focus style is in the page before the walk (app.py writes it on every run)
    page.wait_for_function(
        "() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('3px solid #0072B2'))",
        timeout=WAIT,
    )
    stops = _tab_walk(page)
    if not all(f["outline"] >= 2 for f in stops if f["menu"]):
        # One more walk on a quiet page: a run of the page between two key presses (the bands' progress on a busy
        # machine) can redraw the menu under the focus. Both walks without an outline fail below.
        wait_idle(page)
        stops = _tab_walk(page)
    in_charts = [f["label"] for f in stops if f["chart"]]
    assert not in_charts, f"Tab stops inside charts: {in_charts}"
    menu = [f for f in stops if f["menu"]]
    assert menu, [f["label"] for f in stops]
    assert all(f["outline"] >= 2 for f in menu), (
        f"a focused menu link shows no outline (is FOCUS_CSS written by app.py?): {menu[:3]}"
    )
    assert len(stops) < 60, f"{len(stops)} Tab stops on the results page: {[f['label'] for f in stops]}"

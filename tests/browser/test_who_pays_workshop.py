"""Browser, issue 15, points 1 and 2 in the workshop: who pays on the participant's scenario builder (a phone, 390×844)
and in the facilitator's room.

1. The participant raises a full basic income from EUR 1,000 to 1,180: the builder shows the financing rate solved
   for it (not the rate the preset stores, nor "net cost EUR 0 m" alone), the cost before financing and an earner's
   extra tax. The room's scenario built on an unfunded preset says it is unfunded and offers the financing choice; a
   chosen method shows the rate that pays for it.
2. The participant's one-line summary (rate, winners, losers, poverty) stays at the top of the phone's screen while
   the levers scroll, and no text points "to the right" or "to the left".
Screenshots: test-output/screenshots/workshop_who_pays_*.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from models.baseline import baseline_run
from models.parameters import load_parameters
from models.population.store import load_population
from models.presets import load_presets
from models.solver import solve_financing
from tests.browser.conftest import POPULATION_SIZE, SHOTS, choose_option, start_app, wait_drawn, wait_idle
from ui import readings
from ui.i18n import fmt_pct, t
from ui.workshop import preset_title
from workshop import store
from workshop.db import Database
from workshop.schema import WorkshopCreate

WAIT = 45_000
PHONE = {"width": 390, "height": 844}
BASIC_INCOME = "full_basic_income_1000"
UNFUNDED = "basic_income_experiment_560"  # no financing, a net cost: the room's scenario before anyone answers
#: Words that send a phone's reader to a side of the screen that is not there.
SIDES = re.compile(r"oikealla|vasemmalla|till höger|till vänster|on the right|on the left", re.IGNORECASE)


@pytest.fixture(scope="module")
def workshop(tmp_path_factory):
    """The app with one workshop: a full basic income to start from (its basic income and financing open), the
    unfunded experiment as the room's base, nobody has answered yet."""
    path = tmp_path_factory.mktemp("who_pays_workshop") / "workshop.sqlite3"
    created = store.create_workshop(
        Database(f"sqlite:///{path}"),
        WorkshopCreate(
            title="Kuka maksaa?",
            lang="fi",
            presets=(BASIC_INCOME, UNFUNDED),
            levers=("basic_income", "financing"),
            base_preset=UNFUNDED,
        ),
    )
    proc, url = start_app({"ARVOVALINNAT_WORKSHOP_DB": str(path), "ARVOVALINNAT_DATABASE_URL": ""})
    yield url, created.workshop.code, created.key
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except Exception:  # noqa: BLE001
        proc.kill()


@pytest.fixture(scope="module")
def rate_1180() -> str:
    """The flat tax that makes the full basic income at EUR 1,180 budget-neutral on the app's population, as shown."""
    pop = load_population(int(POPULATION_SIZE), seed=2025)
    params = load_parameters()
    base = baseline_run(pop, params, traps=False)
    bi = load_presets()[BASIC_INCOME].scenario
    raised = bi.model_copy(update={"basic_income": bi.basic_income.model_copy(update={"amount": 1180.0})})
    solved = solve_financing(pop, params, raised, base=base.results)
    return readings.financing_value("flat_tax", solved.rate, "fi")


def key(page, name: str, inner: str = ""):
    return page.locator(f".st-key-{name.replace('.', '-')} {inner}".strip())


def metric(scope, label: str):
    return (
        scope.locator('[data-testid="stMetric"]')
        .filter(has=scope.page.get_by_text(label, exact=True))
        .first.locator('[data-testid="stMetricValue"]')
    )


def test_the_participants_builder_shows_who_pays_and_keeps_its_summary_in_view(browser, workshop, rate_1180):
    url, code, _ = workshop
    stored = fmt_pct(load_presets()[BASIC_INCOME].scenario.financing.rate, "fi")
    assert rate_1180 != stored, "the raise must move the rate, or the test shows nothing"
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="fi-FI")
    page = context.new_page()
    try:
        page.goto(f"{url}/join?code={code}&lang=fi")
        wait_idle(page)
        page.get_by_role("button", name=t("ws.join.submit", "fi"), exact=True).click()
        wait_idle(page)
        page.get_by_role("tab", name=t("ws.join.tab.scenario", "fi")).click()
        start = key(page, "join.start", '[data-testid="stSelectbox"]').first
        choose_option(page, start, preset_title(BASIC_INCOME, "fi"), exact=True)
        wait_idle(page)
        section = key(page, "join.section.basic_income", "details")
        section.locator("summary").click()
        expect(section).to_have_attribute("open", "", timeout=WAIT)
        slider = key(page, "join.basic_income.amount", "input[type=range]")
        expect(slider).to_have_value("1000", timeout=WAIT)
        slider.focus()
        page.keyboard.press("PageUp")  # +200: EUR 1,200
        wait_idle(page)
        for _ in range(2):
            page.keyboard.press("ArrowLeft")
            wait_idle(page)
        expect(slider).to_have_value("1180", timeout=WAIT)

        pays = key(page, "join.who_pays")
        expect(metric(pays, t("pays.metric.rate", "fi"))).to_have_text(rate_1180, timeout=WAIT)
        expect(pays).to_contain_text(f"tallennettu {stored}")
        expect(pays).to_contain_text(t("pays.metric.before", "fi"))
        expect(pays).to_contain_text(t("pays.metric.earner", "fi"))

        summary = key(page, "join.summary")
        expect(summary).to_contain_text(rate_1180, timeout=WAIT)
        for word in ("pays.short.winners", "pays.short.losers", "pays.short.poverty"):
            expect(summary).to_contain_text(t(word, "fi"))
        wait_drawn(page)
        start_y = summary.bounding_box()["y"]
        # Streamlit scrolls inside its main container: a screen and a half down, past where the summary was drawn.
        page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollBy(0, 1200)")
        expect(slider).not_to_be_in_viewport()  # the page has really moved on
        box = summary.bounding_box()
        assert box is not None and 0 <= box["y"] <= 120 < start_y, (box, start_y)  # stuck under the header
        assert box["y"] + box["height"] <= PHONE["height"]
        assert not SIDES.search(page.locator('[data-testid="stMain"]').inner_text())
        page.screenshot(path=str(SHOTS / "workshop_who_pays_phone.png"))
    finally:
        context.close()


def test_an_unfunded_room_says_so_and_offers_the_financing_choice(browser, workshop):
    url, code, facilitator_key = workshop
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fi-FI")
    page = context.new_page()
    try:
        page.goto(f"{url}/workshop?lang=fi")
        wait_idle(page)
        page.get_by_role("tab", name=t("ws.tab.open", "fi")).click()
        key(page, "ws.open.code", "input").fill(code)
        key(page, "ws.open.key", "input").fill(facilitator_key)
        page.get_by_role("button", name=t("ws.open.submit", "fi"), exact=True).click()
        wait_idle(page)
        pays = key(page, "ws.room.who_pays")
        unfunded = t("pays.reading.unfunded", "fi", net="")[:30]
        expect(pays).to_contain_text(unfunded, timeout=WAIT)
        expect(metric(pays, t("pays.metric.financing", "fi"))).to_have_text(t("pays.none", "fi"))
        choice = key(page, "ws.room.financing", '[data-testid="stSelectbox"]').first
        expect(choice).to_be_visible()
        pays.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "workshop_who_pays_room_unfunded.png"))

        choose_option(page, choice, t("results.financing.flat_tax", "fi"), exact=True)
        wait_idle(page)
        rate = metric(pays, t("pays.metric.rate", "fi"))
        expect(rate).to_have_text(re.compile(r"^\d+,\d\u00a0%$"), timeout=WAIT)
        expect(pays).not_to_contain_text(unfunded)
        pays.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "workshop_who_pays_room_financed.png"))
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()

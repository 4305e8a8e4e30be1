"""Browser (issue 15, point 6): the facilitator's presentation mode on one 1920×1080 screen — join code, the room on
the axes, the votes and the room's scenario without scrolling, vote labels wrapped, type legible from the back of
a room, no repository paths or field names — and the ballot on a phone: every option with its whole title (it
wraps), a one-line description and its cost. Screenshots: test-output/screenshots/projector_*.png."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from models.presets import load_presets
from tests.browser.conftest import SHOTS, start_app, wait_idle
from ui.i18n import t
from workshop import store
from workshop.db import Database
from workshop.schema import AxisAnswer, Ballot, JoinRequest, SubmissionIn, WorkshopCreate

WAIT = 45_000
SCREEN = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
LONG = "Perustulo 700 € ja tasavero, joka rahoittaa sen kokonaan ilman leikkauksia"
#: Smallest type on the projector: text 18 px, chart text 16 px (plotly's smallest labels, the axes' poles).
MIN_TEXT_PX, MIN_CHART_PX = 18, 16


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """The app with a workshop of twelve participants who answered, nine who voted, one long-titled scenario."""
    path = tmp_path_factory.mktemp("projector") / "workshop.sqlite3"
    db = Database(f"sqlite:///{path}")
    presets = tuple(load_presets())
    created = store.create_workshop(
        db,
        WorkshopCreate(
            title="Sosiaaliturvan arvovalinnat – Kela ja kaupunki",
            lang="fi",
            presets=presets,
            levers=("basic_income", "general_support", "participation_income", "financing"),
        ),
    )
    code = created.workshop.code
    tokens = []
    for i in range(12):
        joined = store.join(db, code, JoinRequest(nickname=f"p{i}"), client=f"seed-{i}")
        answer = AxisAnswer(universality=(i % 5) / 5, unconditionality=(i % 4) / 4, individuality=(i % 3) / 3)
        store.save_axes(db, code, joined.token, answer)
        tokens.append(joined.token)
    sid = store.save_submission(
        db,
        code,
        tokens[0],
        SubmissionIn(title=LONG, scenario=load_presets()["partial_basic_income_kela_2016"].scenario),
    )
    for i, token in enumerate(tokens[:9]):
        choices = (f"preset:{presets[i % len(presets)]}", f"sub:{sid}", f"preset:{presets[(i + 3) % len(presets)]}")
        store.save_ballot(db, code, token, Ballot(choices=choices))
    proc, url = start_app({"ARVOVALINNAT_WORKSHOP_DB": str(path), "ARVOVALINNAT_DATABASE_URL": ""})
    yield url, code, created.key
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except Exception:  # noqa: BLE001
        proc.kill()


def key(page, name: str, inner: str = ""):
    return page.locator(f".st-key-{name.replace('.', '-')} {inner}".strip())


def chart_drawn(page, name: str) -> None:
    page.wait_for_function(
        "(cls) => { const g = document.querySelector('.' + cls + ' .js-plotly-plot'); return !!(g && g.data); }",
        arg="st-key-" + name.replace(".", "-"),
        timeout=WAIT,
    )


_SMALL_TEXT = """(min) => Array.from(document.querySelectorAll('[data-testid="stMain"] *'))
  .filter(e => e.offsetParent !== null && !e.closest('svg')
    && Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()))
  .filter(e => parseFloat(getComputedStyle(e).fontSize) < min)
  .map(e => e.textContent.trim().slice(0, 40) + ' ' + getComputedStyle(e).fontSize)"""
_SMALL_CHART_TEXT = """(min) => Array.from(document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot text'))
  .filter(e => e.textContent.trim() && parseFloat(e.style.fontSize || getComputedStyle(e).fontSize) < min)
  .map(e => e.textContent.trim().slice(0, 30) + ' ' + (e.style.fontSize || getComputedStyle(e).fontSize))"""


def test_presentation_fits_one_1080p_screen_in_legible_type(browser, room):
    url, code, facilitator_key = room
    context = browser.new_context(viewport=SCREEN, locale="fi-FI")
    page = context.new_page()
    try:
        page.goto(f"{url}/workshop?lang=fi")
        wait_idle(page)
        page.get_by_role("tab", name=t("ws.tab.open", "fi")).click()
        key(page, "ws.open.code", "input").fill(code)
        key(page, "ws.open.key", "input").fill(facilitator_key)
        page.get_by_role("button", name=t("ws.open.submit", "fi"), exact=True).click()
        wait_idle(page)
        key(page, "ws.present", "label").first.click()
        wait_idle(page)
        for chart in ("ws.chart.axes", "ws.chart.votes", "ws.chart.deciles"):
            chart_drawn(page, chart)
        wait_idle(page)

        page.screenshot(path=str(SHOTS / "projector_1080p.png"))  # before the checks: a failure shows what overflowed
        height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        assert height <= SCREEN["height"] + 1, f"the screen scrolls: {height} px"
        for name in (
            "ws.present.code",
            "ws.present.counts",
            "ws.chart.axes",
            "ws.chart.votes",
            "ws.room.who_pays",
            "ws.chart.deciles",
        ):
            box = key(page, name).first.bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= SCREEN["height"], (name, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= SCREEN["width"], (name, box)
        expect(key(page, "ws.present.code")).to_contain_text(re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}"))
        expect(page.locator('[data-testid="stMetric"]').filter(has_text=t("metric.net_cost", "fi"))).to_be_visible()

        labels = page.evaluate(
            "() => document.querySelector('.st-key-ws-chart-votes .js-plotly-plot').data[0].y.map(String)"
        )
        assert any("<br>" in label for label in labels), labels
        assert any("leikkauksia" in label for label in labels), "a long title is wrapped whole, not cut"

        assert page.evaluate(_SMALL_TEXT, MIN_TEXT_PX) == []
        assert page.evaluate(_SMALL_CHART_TEXT, MIN_CHART_PX) == []
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert not re.search(r"docs/|\.md\b|\.py\b|\b[a-z]+_[a-z_]+\b", text), "no paths or field names"
    finally:
        context.close()


def test_the_ballot_on_a_phone_describes_each_option_with_its_cost(browser, room):
    url, code, _ = room
    context = browser.new_context(viewport=PHONE, locale="sv-FI", is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{url}/join?code={code}&lang=sv")
        wait_idle(page)
        page.get_by_role("button", name=t("ws.join.submit", "sv"), exact=True).click()
        wait_idle(page)
        page.get_by_role("tab", name=t("ws.join.tab.vote", "sv")).click()
        wait_idle(page)
        cards = page.locator('[class*="st-key-join-option-"]')
        expect(cards.first).to_be_visible(timeout=WAIT)
        count = cards.count()
        assert count == len(load_presets()) + 1
        for i in range(count):
            card = cards.nth(i)
            text = card.inner_text()
            assert re.match(rf"{i + 1}\. ", text), text
            assert "€" in text or "%" in text, f"option {i + 1} has no cost: {text}"
            box = card.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1
        own = cards.filter(has_text="leikkauksia").first
        title = own.locator("strong").first
        title_box = title.bounding_box()
        assert title_box and title_box["height"] > 40, "a long title wraps onto several lines"
        assert t("ws.vote.summary.own", "sv") in own.inner_text()
        own.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "projector_phone_ballot.png"))
    finally:
        context.close()

"""Browser: a workshop end to end, in Finnish, Swedish and English. A facilitator creates a workshop; two
participants (two browser contexts, phone-sized) open the join link, join with nicknames, place themselves on
the axes and save; one votes, the other sends a scenario; the facilitator's view shows both without a click
(the live fragment reads the database every few seconds); presentation mode hides the menu; a participant
who reloads their personal link finds their answers. Screenshots: test-output/screenshots/workshop_*.png."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.browser.conftest import SHOTS, choose_option, start_app, wait_idle
from ui.i18n import t

WAIT = 45_000
PHONE = {"width": 390, "height": 844}
NICK = "Quokka-7"  # a nickname that must not reach the exports


@pytest.fixture(scope="module")
def workshop_app(tmp_path_factory):
    """The app with a workshop database of its own (an SQLite file in a temporary folder)."""
    db = tmp_path_factory.mktemp("workshop") / "workshop.sqlite3"
    proc, url = start_app({"ARVOVALINNAT_WORKSHOP_DB": str(db), "ARVOVALINNAT_DATABASE_URL": ""})
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except Exception:  # noqa: BLE001
        proc.kill()


def key_locator(page, key: str, inner: str = ""):
    return page.locator(f".st-key-{key.replace('.', '-')} {inner}".strip())


def metric(page, label: str):
    return (
        page.locator('[data-testid="stMetric"]')
        .filter(has=page.get_by_text(label, exact=True))
        .first.locator('[data-testid="stMetricValue"]')
    )


def full_shot(page, name: str) -> None:
    """The whole page (Streamlit scrolls inside its main container, so the viewport is made as tall as it)."""
    viewport = dict(page.viewport_size)
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], min(height, 8_000))})
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size(viewport)


def slider_value(page, key: str) -> float:
    """A slider's value as it reads on screen (in the page's language: "0,80" or "0.80")."""
    text = key_locator(page, key, "input[type=range]").get_attribute("aria-valuetext") or ""
    return float(text.replace("\u2212", "-").replace(",", "."))


def set_slider(page, key: str, value: float, step: float = 0.05) -> None:
    """Move a slider from its value to ``value`` with the arrow keys."""
    slider = key_locator(page, key, "input[type=range]")
    current = slider_value(page, key)
    slider.focus()
    steps = round((value - current) / step)
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowRight" if steps > 0 else "ArrowLeft")
    expect(slider).to_have_attribute("aria-valuetext", re.compile(rf"^{value:.2f}$".replace(".", "[.,]")), timeout=WAIT)


def pick(page, key: str, option: str) -> None:
    """Choose ``option`` in the selectbox keyed ``key``."""
    choose_option(page, key_locator(page, key, '[data-testid="stSelectbox"]').first, option, exact=True)


def join(browser, link: str, nickname: str, lang: str):
    context = browser.new_context(viewport=PHONE, locale={"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}[lang])
    page = context.new_page()
    page.goto(link)
    wait_idle(page)
    expect(key_locator(page, "join.code", "input")).to_have_value(
        re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$"), timeout=WAIT
    )
    key_locator(page, "join.nickname", "input").fill(nickname)
    page.get_by_role("button", name=t("ws.join.submit", lang), exact=True).click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"[?&]p=[\w-]{32}"), timeout=WAIT)
    expect(key_locator(page, "join.axis.universality", "input[type=range]")).to_be_visible(timeout=WAIT)
    return context, page


def save_axes(page, values: dict[str, float], lang: str) -> None:
    for axis, v in values.items():
        set_slider(page, f"join.axis.{axis}", v)
    page.get_by_role("button", name=t("ws.join.save_axes", lang), exact=True).click()
    wait_idle(page)
    expect(page.locator('[data-testid="stAlertContentSuccess"]').first).to_contain_text(
        t("ws.join.saved_axes", lang, n="1")[:10], timeout=WAIT
    )


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_facilitator_and_two_participants(browser, workshop_app, lang):
    if not SHOTS.exists():
        SHOTS.mkdir(parents=True)
    fac_context = browser.new_context(viewport={"width": 1400, "height": 1000})
    fac = fac_context.new_page()
    fac.goto(f"{workshop_app}/workshop?lang={lang}")
    wait_idle(fac)
    key_locator(fac, "ws.create.title", "input").fill(f"Workshop {lang.upper()} – Kela & city")
    fac.get_by_role("button", name=t("ws.create.submit", lang), exact=True).click()
    wait_idle(fac)
    code_block = fac.locator('[data-testid="stCode"]').filter(has_text="/join?code=").first
    expect(code_block).to_be_visible(timeout=WAIT)
    link = code_block.inner_text().strip()
    assert re.search(r"/join\?code=[A-Z0-9]{8}&lang=" + lang, link), link
    expect(fac.get_by_text(t("ws.key.once", lang))).to_be_visible()
    expect(fac.locator('[data-testid="stImage"] img').first).to_be_visible()  # the QR code
    expect(metric(fac, t("ws.count.participants", lang))).to_have_text("0", timeout=WAIT)
    full_shot(fac, f"workshop_{lang}_facilitator_new")

    ctx_a, anna = join(browser, link, NICK, lang)
    ctx_b, bo = join(browser, link, "Bo", lang)
    try:
        save_axes(anna, {"universality": 0.8, "unconditionality": 0.3, "individuality": 0.9}, lang)
        save_axes(bo, {"universality": 0.4, "unconditionality": 0.6}, lang)

        # Anna votes; Bo builds a scenario from a preset and sends it.
        anna.get_by_role("tab", name=t("ws.join.tab.vote", lang)).click()
        # The rank pickers name each option by its number on the ballot and its title, a long one cut to a phone's
        # line ("3. General support (yleistuki) from 1…"): the option is found by the start of its title.
        choose_option(
            anna,
            key_locator(anna, "join.choice.1", '[data-testid="stSelectbox"]').first,
            _preset(lang, "yleistuki_2026")[:20],
        )
        anna.get_by_role("button", name=t("ws.join.save_vote", lang), exact=True).click()
        wait_idle(anna)
        expect(anna.get_by_text(t("ws.join.saved_vote", lang))).to_be_visible(timeout=WAIT)
        full_shot(anna, f"workshop_{lang}_participant_vote")

        bo.get_by_role("tab", name=t("ws.join.tab.scenario", lang)).click()
        pick(bo, "join.start", _preset(lang, "partial_basic_income_kela_2016"))
        wait_idle(bo)
        key_locator(bo, "join.sub.title", "input").fill("Bo's basic income")
        key_locator(bo, "join.sub.comment", "textarea").fill("<b>not bold</b> *not italic*")
        bo.get_by_role("button", name=t("ws.join.send", lang), exact=True).click()
        wait_idle(bo)
        expect(bo.get_by_text(t("ws.join.sent", lang))).to_be_visible(timeout=WAIT)
        full_shot(bo, f"workshop_{lang}_participant_scenario")

        # The facilitator's view follows without a click.
        expect(metric(fac, t("ws.count.participants", lang))).to_have_text("2", timeout=WAIT)
        expect(metric(fac, t("ws.count.answers", lang))).to_have_text("2", timeout=WAIT)
        expect(metric(fac, t("ws.count.voters", lang))).to_have_text("1", timeout=WAIT)
        expect(metric(fac, t("ws.count.submissions", lang))).to_have_text("1", timeout=WAIT)
        fac.wait_for_function(
            "() => { const g = document.querySelector('.st-key-ws-chart-axes .js-plotly-plot');"
            " return g && g.data && g.data.filter(tr => tr.x && tr.x.length === 2).length === 3; }",
            timeout=WAIT,
        )
        axes = fac.evaluate(
            "() => document.querySelector('.st-key-ws-chart-axes .js-plotly-plot').data"
            ".filter(tr => tr.x && tr.x.length === 2).map(tr => Array.from(tr.x).sort())"
        )
        assert axes == [pytest.approx([0.4, 0.8]), pytest.approx([0.3, 0.6]), pytest.approx([0.5, 0.9])], axes
        expect(key_locator(fac, "ws.chart.votes", ".js-plotly-plot")).to_be_visible(timeout=WAIT)
        expect(fac.locator('[data-testid="stDataFrame"]').filter(visible=True).first).to_be_visible(timeout=WAIT)
        full_shot(fac, f"workshop_{lang}_facilitator_room")
        if lang == "en":
            exports(fac, lang)

        key_locator(fac, "ws.present", "label").first.click()
        wait_idle(fac)
        expect(fac.locator('[data-testid="stSidebar"]')).to_be_hidden(timeout=WAIT)
        expect(fac.get_by_text(t("ws.controls", lang))).to_have_count(0)
        full_shot(fac, f"workshop_{lang}_presentation")

        # Reconnecting: Anna's personal link (a reload) brings back her answers.
        anna.reload()
        wait_idle(anna)
        for axis, value in (("universality", "0.80"), ("individuality", "0.90")):
            expect(key_locator(anna, f"join.axis.{axis}", "input[type=range]")).to_have_attribute(
                "aria-valuetext", value if lang == "en" else value.replace(".", ","), timeout=WAIT
            )
        assert fac.locator('[data-testid="stException"]').count() == 0
        assert anna.locator('[data-testid="stException"]').count() == 0
        assert bo.locator('[data-testid="stException"]').count() == 0
    finally:
        ctx_a.close()
        ctx_b.close()
        fac_context.close()


def exports(fac, lang: str) -> None:
    """The CSV of the anonymous responses and the HTML handout, downloaded as a facilitator would."""
    section = key_locator(fac, "ws.controls.section", "details").first
    section.locator("summary").click()
    expect(section).to_have_attribute("open", "", timeout=WAIT)
    text = Path(_download(fac, key_locator(fac, "ws.export.csv", "button").filter(visible=True).first)).read_text(
        encoding="utf-8-sig"
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == t("ws.csv.number", lang) and len(rows) == 3, rows
    assert NICK not in text and "Bo's basic income" in text
    # The room's view refreshes itself every few seconds (a fragment); a click that lands while it reruns can
    # be lost on a busy machine, so "prepare" is pressed again until the download button is there.
    download_button = key_locator(fac, "ws.export.download", "button").filter(visible=True).first
    for _ in range(3):
        wait_idle(fac)
        fac.get_by_role("button", name=t("ws.export.prepare", lang), exact=True).click()
        try:
            download_button.wait_for(state="visible", timeout=WAIT)
            break
        except PlaywrightTimeoutError:
            continue
    handout = Path(_download(fac, download_button)).read_text(encoding="utf-8")
    assert handout.startswith("<!DOCTYPE html>") and "Bo&#x27;s basic income" in handout and NICK not in handout
    section.locator("summary").click()


def _download(fac, button) -> str:
    """Click a download button until the browser gets the file, and give the file's path. The room's view refreshes
    itself every few seconds (a fragment): a click that lands while it reruns is lost on a busy machine (a CI run with
    other work beside it), so the click is tried again after the app is idle, three times in all."""
    for attempt in range(3):
        wait_idle(fac)
        try:
            with fac.expect_download(timeout=WAIT) as download:
                button.click()
            return str(download.value.path())
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _preset(lang: str, name: str) -> str:
    from ui.workshop import preset_title

    return preset_title(name, lang)

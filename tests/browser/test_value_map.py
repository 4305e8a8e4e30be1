"""Browser: the value map's sliders (issue 15, point 4). Each slider starts at the scenario's computed position
(today's individuality about 0.62, not 1), written in the app's language; a moved slider gets one sentence right
under it saying what changed in money and people, or why nothing changed; on a phone the sentence is next to the
slider, not a screen away. Screenshots: test-output/screenshots/value_map_*.png."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from models.presets import load_presets
from tests.browser.conftest import shot, wait_idle
from ui.i18n import t

WAIT = 45_000
PHONE = {"width": 390, "height": 844}


def slider(page, axis: str):
    return page.locator(f".st-key-vm-{axis} input[type=range]")


def sentence(page, axis: str):
    return page.locator(f".st-key-vm-sentence-{axis}")


def press(page, axis: str, key: str) -> None:
    """Move a slider with one key press (one move, one search of the levers) and wait for the app."""
    wait_idle(page)
    slider(page, axis).focus()
    page.keyboard.press(key)
    wait_idle(page)


def open_value_map(page, app_url: str, lang: str) -> None:
    page.goto(f"{app_url}/value_map?lang={lang}")
    wait_idle(page)
    expect(slider(page, "individuality")).to_be_visible(timeout=WAIT)


def test_sliders_start_at_the_position_and_explain_each_move(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    page = context.new_page()
    try:
        open_value_map(page, app_url, "fi")
        # The sliders show the computed position, in Finnish (decimal comma), not the lever (1,00).
        value = slider(page, "individuality").get_attribute("aria-valuetext")
        assert value is not None and re.fullmatch(r"0,[56]\d", value), value
        expect(slider(page, "universality")).to_have_attribute("aria-valuetext", "0,00")

        # Universality to the end: a basic income of EUR 800, with the money and the other axes it moved.
        press(page, "universality", "End")
        expect(sentence(page, "universality")).to_contain_text("0,00 → 1,00", timeout=WAIT)
        text = sentence(page, "universality").inner_text()
        assert "800\u00a0€/kk" in text and "milj.\u00a0€" in text and "hyötyy" in text, text
        # the other axes it moved are named, with their positions (which follow the population and the law)
        assert re.search(r"vastikkeettomuus \d,\d\d → \d,\d\d", text), text
        expect(slider(page, "individuality")).to_be_disabled()
        expect(page.get_by_text(t("vm.lock.individuality", "fi"))).to_be_visible()
        shot(page, "value_map_universality_moved")

        # Back to today's system: individuality cannot go up, and the sentence says why.
        # The edit of today's system has a button beside the picker that puts the preset back.
        reset = page.locator(".st-key-vm-preset-reset").get_by_role("button", name=t("lever.reset_preset", "fi"))
        expect(reset).to_be_visible(timeout=WAIT)
        reset.click()
        wait_idle(page)
        expect(page.locator(".st-key-vm-preset input")).to_have_value(
            load_presets()["todays_system"].title.fi, timeout=WAIT
        )
        expect(slider(page, "universality")).to_have_attribute("aria-valuetext", "0,00", timeout=WAIT)
        wait_idle(page)
        before = slider(page, "individuality").get_attribute("aria-valuetext")
        press(page, "individuality", "End")
        # Either the levers cannot raise it at all (the limit sentence, the slider back where it was) or only a little
        # (the sentence says it is the closest the levers reach): today's point sits at or near the levers' top.
        closest = t("vm.move.closest", "fi", target="1,00")
        limit = t("vm.limit.individuality", "fi")
        expect(sentence(page, "individuality")).to_contain_text(
            re.compile(f"{re.escape(limit)}|{re.escape(closest)}"), timeout=WAIT
        )
        if limit in sentence(page, "individuality").inner_text():
            expect(slider(page, "individuality")).to_have_attribute("aria-valuetext", before or "", timeout=WAIT)

        # The closest the levers reach switches general support on (individual, with a sanction): today's system
        # again before the next axis, so that its move starts from today's unemployment benefits.
        if closest in sentence(page, "individuality").inner_text():
            reset.click()
            wait_idle(page)
            expect(page.locator(".st-key-vm-preset input")).to_have_value(
                load_presets()["todays_system"].title.fi, timeout=WAIT
            )
            expect(reset).to_be_hidden(timeout=WAIT)

        # Unconditionality: general support replaces today's unemployment benefits; moving its sanction back
        # changes the position only, because everyone is assumed to meet the activity condition.
        press(page, "unconditionality", "End")
        expect(sentence(page, "unconditionality")).to_contain_text("Yleistuki otettiin käyttöön", timeout=WAIT)
        press(page, "unconditionality", "Home")
        expect(sentence(page, "unconditionality")).to_contain_text(
            t("vm.move.no_money_sanction", "fi")[:40], timeout=WAIT
        )
        shot(page, "value_map_sanction")
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()


def test_on_a_phone_the_sentence_is_next_to_the_slider(browser, app_url):
    context = browser.new_context(viewport=PHONE, locale="sv-FI", is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        open_value_map(page, app_url, "sv")
        slider(page, "universality").scroll_into_view_if_needed()
        press(page, "universality", "PageUp")
        expect(sentence(page, "universality")).to_contain_text("Universalitet 0,00 →", timeout=WAIT)
        box_slider = page.locator(".st-key-vm-universality").bounding_box()
        box_text = sentence(page, "universality").bounding_box()
        assert box_slider and box_text
        gap = box_text["y"] - (box_slider["y"] + box_slider["height"])
        assert 0 <= gap < 120, f"the sentence is {gap:.0f} px under the slider"
        assert box_text["x"] >= 0 and box_text["x"] + box_text["width"] <= PHONE["width"] + 1
        sentence(page, "universality").scroll_into_view_if_needed()
        page.screenshot(path=str(shot(page, "value_map_phone").with_name("value_map_phone_view.png")))
    finally:
        context.close()

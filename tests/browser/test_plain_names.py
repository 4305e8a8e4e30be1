"""Browser (issue 15, point 7): plain names on screen, in Finnish and Swedish.

Streamlit's own texts (the uploader's button and limit, the hint under a text field, the multiselect's "Select all",
"Page not found") show in the page's language; slider numbers and typed numbers are written as the language writes
them; a preset's name is in the language in the name field and in the saved file; a bad file's error names the lever
in words with its allowed range; the workshop handout fits a 1200 px window.
Screenshots: test-output/screenshots/plain_*.png."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from models.presets import load_presets
from tests.browser.conftest import POPULATION_SIZE, shot, wait_idle
from ui.i18n import t

WAIT = 45_000
PRESET = "partial_basic_income_kela_2016"


def key(page, name: str, inner: str = ""):
    return page.locator(f".st-key-{name.replace('.', '-')} {inner}".strip())


def replaced(locator) -> tuple[str, str]:
    """(the element's own font size, its ::after content): a text Streamlit writes in English is hidden (0px) and
    the translation shown after it."""
    size, content = locator.evaluate(
        "e => [getComputedStyle(e).fontSize, getComputedStyle(e, '::after').content.replace(/^\"|\"$/g, '')]"
    )
    return size, content


def open_section(page, name: str) -> None:
    section = key(page, name, "details").first
    if section.get_attribute("open") is None:
        section.locator("summary").click()
    expect(section).to_have_attribute("open", "", timeout=WAIT)
    wait_idle(page)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_workbench_texts_numbers_and_names_in_the_language(browser, app_url, lang, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB", accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/workbench?lang={lang}&preset={PRESET}")
        wait_idle(page)
        # Slider numbers: "550 €" and "2 000 €" with the language's spaces, whatever the browser's locale.
        amount = key(page, "wb.basic_income.amount")
        expect(amount.locator('[data-testid="stSliderThumbValue"]')).to_have_text("550\u00a0€", timeout=WAIT)
        expect(amount.locator('[data-testid="stSliderTickBar"]')).to_contain_text("2\u202f000\u00a0€")

        open_section(page, "wb.section.save_load")
        title = getattr(load_presets()[PRESET].title, lang)
        expect(key(page, "wb.name", "input")).to_have_value(title)
        with page.expect_download(timeout=WAIT) as download:
            key(page, "wb.download", "button").click()
        saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert saved["name"] == title, "the saved file carries the name in the page's language"

        button = key(
            page, "wb.upload", '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
        )
        assert replaced(button) == ("0px", t("st.uploader.button", lang))
        limit = key(page, "wb.upload", '[data-testid="stFileUploaderDropzoneInstructions"] span').first
        assert replaced(limit) == ("0px", t("st.uploader.limit", lang, mb="1", types="JSON"))

        field = key(page, "wb.name", "input")
        field.click()
        field.press("End")
        page.keyboard.type("!")
        hint = key(page, "wb.name", '[data-testid="InputInstructions"] > span').first
        expect(hint).to_be_attached(timeout=WAIT)
        assert replaced(hint) == ("0px", t("st.hint.apply", lang))
        page.keyboard.press("Escape")
        shot(page, f"plain_workbench_{lang}")

        # A bad file: the lever in words and its allowed range, not "basic_income.amount: Input should be …".
        bad = json.dumps({"basic_income": {"enabled": True, "amount": -5}}).encode()
        key(page, "wb.upload", "input[type=file]").set_input_files(
            files=[{"name": "bad.json", "mimeType": "application/json", "buffer": bad}]
        )
        wait_idle(page)
        error = page.locator('[data-testid="stAlertContentError"]').first
        expect(error).to_contain_text(t("state.error.bad_file", lang)[:20], timeout=WAIT)
        text = error.inner_text()
        assert "basic_income" not in text and "Input should" not in text, text
        assert {"fi": "sallittu 0–3\u202f000\u00a0€/kk", "sv": "tillåtet 0–3\u202f000\u00a0€/mån"}[lang] in text, text
        # A typed number, too: the financing rate in the language's writing, and a decimal comma is read.
        rate = key(page, "wb.financing.rate.text", "input")
        stored = load_presets()[PRESET].scenario.financing.rate
        expect(rate).to_have_value(f"{100 * stored:.2f}".replace(".", ","), timeout=WAIT)
        rate.fill("30,5")
        rate.press("Enter")
        wait_idle(page)
        expect(rate).to_have_value("30,5", timeout=WAIT)
        # the typed rate is the scenario's now: the saved file carries it
        with page.expect_download(timeout=WAIT) as download:
            key(page, "wb.download", "button").click()
        saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert saved["financing"]["rate"] == pytest.approx(0.305), saved["financing"]
        errors = page.locator('[data-testid="stAlertContentError"]').all_inner_texts()
        assert not any(t("lever.financing.rate", lang) in e for e in errors), errors

        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()


def test_multiselect_and_page_not_found_in_swedish(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(f"{app_url}/compare?lang=sv")
        wait_idle(page)
        box = page.locator('[data-testid="stMultiSelect"] [role="group"]').first.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] - 60, box["y"] + box["height"] / 2)  # beside the chosen tags
        expect(page.locator('[data-testid="stMultiSelectDropdown"]')).to_be_visible(timeout=WAIT)
        expect(page.get_by_text("Select all")).to_have_count(0)
        page.keyboard.press("Escape")

        page.goto(f"{app_url}/no-such-page?lang=sv")
        wait_idle(page)
        heading = page.locator('[data-testid="stDialog"] section[role="dialog"] > h2')
        expect(heading).to_be_visible(timeout=WAIT)
        assert replaced(heading) == ("0px", t("st.page_not_found.title", "sv"))
        body = page.locator('[data-testid="stDialog"] section[role="dialog"] > div:last-child > div').first
        assert replaced(body) == ("0px", t("st.page_not_found.text", "sv"))
        shot(page, "plain_page_not_found_sv")
    finally:
        context.close()


@pytest.fixture(scope="module")
def handout(tmp_path_factory) -> Path:
    """A workshop handout in Finnish with answers, votes and a participant's scenario with a long title."""
    from models.baseline import baseline_run
    from models.compare import compare
    from models.parameters import load_parameters
    from models.population.store import load_population
    from ui.workshop import handout_html
    from workshop import store
    from workshop.db import Database
    from workshop.schema import AxisAnswer, Ballot, JoinRequest, SubmissionIn, WorkshopCreate

    folder = tmp_path_factory.mktemp("handout")
    db = Database(f"sqlite:///{folder / 'workshop.sqlite3'}")
    created = store.create_workshop(
        db, WorkshopCreate(title="Arvovalinnat – Kela ja kaupunki", lang="fi", presets=tuple(load_presets()))
    )
    code = created.workshop.code
    for i in range(4):
        joined = store.join(db, code, JoinRequest(), client=f"t{i}")
        store.save_axes(
            db, code, joined.token, AxisAnswer(universality=0.2 * i, unconditionality=0.3, individuality=0.7)
        )
        store.save_ballot(db, code, joined.token, Ballot(choices=(f"preset:{PRESET}", "preset:yleistuki_2026")))
    store.save_submission(
        db,
        code,
        joined.token,
        SubmissionIn(
            title="Perustulo 700 € ja tasavero, joka rahoittaa sen kokonaan ilman leikkauksia",
            comment="",
            scenario=load_presets()[PRESET].scenario,
        ),
    )
    pop = load_population(int(POPULATION_SIZE), seed=2025)
    params = load_parameters()
    base = baseline_run(pop, params, traps=False)
    snap = store.snapshot(db, code, created.key, "test")
    text = handout_html(snap, "fi", lambda s: compare(pop, params, s, baseline=base, traps=False), charts="none")
    path = folder / "handout.html"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_handout_fits_a_1200_px_window_and_names_levers_in_words(browser, handout):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    try:
        page.goto(handout.as_uri())
        page.wait_for_load_state()
        sizes = page.evaluate(
            """() => ({page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
                      tables: Array.from(document.querySelectorAll('.table-wrap')).map(w => [w.scrollWidth,
                                                                                           w.clientWidth])})"""
        )
        assert sizes["page"][0] <= sizes["page"][1], sizes
        assert sizes["tables"] and all(s <= c + 1 for s, c in sizes["tables"]), sizes
        text = page.locator("body").inner_text()
        for internal in ("amount", "enabled", "sanction", "other_income_disregard", "Voittajia", "Häviäjiä"):
            assert internal not in text, internal
        assert "€/kk" in text
        page.screenshot(path=str(shot(page, "plain_handout_1200").with_name("plain_handout_1200_view.png")))
    finally:
        context.close()

"""Browser: the landscape page computes a small landscape in the background (its progress bar, then the cloud and
the frontier), a click on a frontier point opens that design on the workbench, and the uncertainty bands appear on
the Results page after their computation. A server of its own, with the sweeps cached in a temporary directory."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import choose_option, shot, start_app, stop_app, wait_idle
from ui.i18n import t

WAIT = 30_000
BUILD = 240_000  # computing a landscape or a band on a busy 2-core machine
SMALL_TITLE = "Asumistuki – korvausosuus ja perusomavastuu"  # housing_allowance_share: 33 designs


@pytest.fixture(scope="module")
def ls_url(tmp_path_factory):
    proc, url = start_app({"ARVOVALINNAT_SWEEP_CACHE": str(tmp_path_factory.mktemp("sweeps"))})
    yield url
    stop_app(proc, timeout=20)


def _plot(page, key: str):
    return page.locator(f".st-key-{key.replace('.', '-')} .js-plotly-plot").first


def test_a_landscape_is_computed_drawn_and_a_point_opens_on_the_workbench(page, ls_url):
    page.goto(ls_url + "/landscape?lang=fi")
    wait_idle(page)
    expect(page.get_by_role("heading", name=t("ls.title", "fi"))).to_be_visible(timeout=WAIT)
    choose_option(page, page.locator(".st-key-ls-spec [data-testid='stSelectbox']").first, SMALL_TITLE)
    wait_idle(page)
    page.get_by_role("button", name=t("ls.build", "fi")).click()
    cloud = _plot(page, "ls.chart.cloud")
    expect(cloud).to_be_visible(timeout=BUILD)
    wait_idle(page)
    page.wait_for_function(
        "() => { const g = document.querySelector('.st-key-ls-chart-cloud .js-plotly-plot');"
        " return !!(g && g.data && g.data.some(tr => tr.mode === 'lines+markers')); }",
        timeout=WAIT,
    )
    expect(page.get_by_text(re.compile("nykyisessä laissa|Nykyinen laki:"))).to_be_visible(timeout=WAIT)
    shot(page, "landscape")

    point = cloud.locator(".scatterlayer .trace").first.locator("path.point").first
    expect(point).to_be_attached(timeout=WAIT)
    box = point.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page).to_have_url(re.compile(r"/workbench\?"), timeout=WAIT)
    wait_idle(page)
    name = page.locator(".st-key-wb-name input")
    expect(name).to_have_value(re.compile(r"\(maisemasta\)"), timeout=WAIT)
    shot(page, "landscape_opened_on_workbench")


def test_bands_appear_on_the_results_page(page, ls_url):
    page.goto(ls_url + "/results?lang=fi&preset=participation_income_youth")
    wait_idle(page)
    section = page.locator(".st-key-results-bands-section details").first
    expect(section).to_be_visible(timeout=WAIT)
    if section.get_attribute("open") is None:
        section.locator("summary").click()
        wait_idle(page)
    button = page.get_by_role("button", name=t("bands.compute", "fi"))
    table = page.locator(".st-key-results-bands-section [data-testid=stDataFrame]")
    # A click that lands while the page is still running is dropped by Streamlit on a busy machine: once the page is
    # idle, an accepted click has replaced the button by the band's progress or the band itself.
    for _ in range(3):
        expect(button).to_be_visible(timeout=WAIT)
        button.click()
        wait_idle(page)
        if button.count() == 0 or table.count() > 0:
            break
    expect(table).to_be_visible(timeout=BUILD)
    expect(page.get_by_text(re.compile("Malli ajettiin tälle skenaariolle vielä"))).to_be_visible(timeout=WAIT)
    shot(page, "results_bands")


def test_an_invalid_landscape_file_is_refused_with_the_field_named(page, ls_url, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "title: {fi: a, sv: b, en: c}\n"
        "families: [{name: x, base: negative_income_tax, levers: {negative_income_tax.guarante: [400]}}]\n",
        encoding="utf-8",
    )
    page.goto(ls_url + "/landscape?lang=en")
    wait_idle(page)
    section = page.locator(".st-key-ls-upload_section details").first
    expect(section).to_be_visible(timeout=WAIT)
    section.locator("summary").click()
    page.locator(".st-key-ls-upload input[type=file]").set_input_files(str(bad))
    wait_idle(page)
    expect(page.get_by_text(t("ls.upload.error", "en"))).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("families.0.levers.negative_income_tax.guarante")).to_be_visible(timeout=WAIT)
    expect(page.get_by_role("heading", name=t("ls.title", "en"))).to_be_visible()

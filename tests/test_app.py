"""AppTest: every page renders without exception in all three languages."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent

PAGES = ["pages/start.py", "pages/assumptions.py"]


pytestmark = pytest.mark.usefixtures("small_app_population")


def _app(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    return at


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_in_every_language(page, lang):
    at = _app(lang).run()
    if page != PAGES[0]:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    assert at.title, "the page has a title"


def test_start_shows_engine_figures():
    at = _app("en").run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert "At-risk-of-poverty rate" in labels
    poverty = next(m for m in at.metric if m.label == "At-risk-of-poverty rate")
    assert poverty.value.endswith("%")


def test_language_switch_changes_titles():
    at = _app("fi").run()
    fi_title = at.title[0].value
    at.selectbox(key="lang_widget").set_value("sv").run()
    assert not at.exception
    assert at.title[0].value != fi_title


def test_unknown_language_in_url_falls_back_to_finnish():
    at = _app("klingon").run()
    assert not at.exception
    assert at.query_params["lang"] == "fi"
    assert at.metric[0].label == "Mallinnetut etuudet yhteensä"

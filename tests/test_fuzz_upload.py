"""Oversized uploads are refused by their size before they are read, with a translated error; and the whole app,
opened with generated URL parameters (``?lang=``, ``?s=``, ``?preset=``), never shows a traceback.

(The app runs on the small test population; see tests/conftest.py ``small_app_population``.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from models.presets import load_presets
from tests.fuzz_support import count, fuzz_settings, write_counts
from tests.test_fuzz_scenario import _fake_session, _link
from ui import state
from ui.i18n import LANGS, t

ROOT = Path(__file__).resolve().parent.parent
WORKBENCH = "pages/workbench.py"


@pytest.fixture(scope="module", autouse=True)
def _small(small_app_population):
    yield
    write_counts()


class _Upload:
    """An UploadedFile as the uploader hands it over: a name and a size; reading it fails this test."""

    name = "huge.json"

    def __init__(self, size: int):
        self.size = size

    def getvalue(self):
        raise AssertionError("an oversized upload was read")

    read = getvalue


def test_check_upload_refuses_by_size_without_reading():
    with _fake_session({}) as fake:
        assert state.check_upload(_Upload(state.MAX_FILE_BYTES + 1)) is False
        err = fake.session_state["scenario_error"]
        assert err.kind == "file" and err.fields[0].startswith("(file)")
        assert err.message[0] == "error.file_too_large"
        assert state.check_upload(_Upload(state.MAX_FILE_BYTES)) is True


def test_the_upload_limits_agree():
    assert state.MAX_UPLOAD_MB * 1_000_000 >= state.MAX_FILE_BYTES, "the uploader must let a file of the limit through"
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert "maxUploadSize = " in config
    server_mb = int(config.split("maxUploadSize = ")[1].split()[0])
    assert state.MAX_UPLOAD_MB <= server_mb <= 50, "the server's limit bounds an upload's memory"


@pytest.mark.parametrize("lang", LANGS)
def test_an_oversized_scenario_file_shows_a_translated_error_and_keeps_the_scenario(lang):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(WORKBENCH).run()
    at.selectbox(key="wb.preset").set_value("negative_income_tax").run()
    before = at.session_state["scenario"]
    huge = json.dumps({"name": "x", "pad": " " * (state.MAX_FILE_BYTES + 10)}).encode()
    at.file_uploader(key="wb.upload").set_value(("huge.json", huge, "application/json")).run()
    assert not at.exception
    assert at.session_state["scenario"] == before
    message = " ".join(e.value for e in at.error)
    head = t("error.file_too_large", lang, size_kb="§", limit_kb="§").split("§")[0]
    assert head and head in message, message
    assert "(file)" not in message, "no technical detail on screen, the translated message says it all"
    count("upload: oversized scenario file (app)", lang)


@fuzz_settings(12)
@given(
    lang=st.one_of(st.sampled_from(LANGS), st.text(max_size=12)),
    s=st.one_of(
        st.none(),
        st.text(max_size=40),
        st.builds(lambda d: _link(d), st.dictionaries(st.text(max_size=8), st.integers(), max_size=2)),
    ),
    preset=st.one_of(st.none(), st.sampled_from(list(load_presets())), st.text(max_size=30)),
)
def test_the_app_opens_with_any_url_parameters(lang, s, preset):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in (("lang", lang), ("s", s), ("preset", preset)):
        if v is not None:
            at.query_params[k] = v
    at.run()
    assert not at.exception, (lang, s, preset, at.exception)
    assert at.session_state["lang"] == (lang if lang in LANGS else "fi")
    count("URL: whole app opened with generated parameters", "opened")

"""Reproduce it (issue 15, point 10): the results page offers a ``python -m models run …`` command and a Python
snippet; run as printed — the command in a subprocess, the snippet with ``exec`` — both give the page's figures.
And the CLI's ``run`` takes a scenario as inline JSON, with the same errors as a file."""

from __future__ import annotations

import contextlib
import io
import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from models.cli import main
from models.presets import load_presets
from ui.i18n import fmt_meur, fmt_pct, t
from ui.reproduce import cli_command, python_snippet, scenario_json
from ui.state import encode_scenario

ROOT = Path(__file__).resolve().parent.parent
SIZE = 5000

pytestmark = pytest.mark.usefixtures("small_app_population")


def _scenario():
    """Full basic income raised to EUR 1,180: budget-neutral, so both must solve the rate as the page does."""
    bi = load_presets()["full_basic_income_1000"].scenario
    return bi.model_copy(
        update={
            "name": "Täysi perustulo 1 180 € – ”koe”",
            "basic_income": bi.basic_income.model_copy(update={"amount": 1180.0}),
        }
    )


@pytest.fixture(scope="module")
def page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params["lang"] = "fi"
    at.query_params["s"] = encode_scenario(_scenario())
    at.run()
    at.switch_page("pages/results.py").run()
    assert not at.exception, at.exception
    return at


def _page_metric(at: AppTest, key: str) -> str:
    return next(m.value for m in at.metric if m.label == t(key, "fi"))


def test_the_command_on_the_page_gives_the_pages_numbers(page):
    command = next(c.value for c in page.code if c.value.startswith("python -m models run "))
    assert command == cli_command(_scenario(), SIZE, 2025)
    args = shlex.split(command)
    run = subprocess.run(
        [sys.executable, *args[1:]], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert fmt_meur(out["net_cost_eur"], "fi") == _page_metric(page, "results.metric.net_cost")
    assert fmt_pct(out["winners_share"], "fi") == _page_metric(page, "results.metric.winners")
    assert fmt_pct(out["losers_share"], "fi") == _page_metric(page, "results.metric.losers")
    assert fmt_pct(out["poverty_rate"]["reform"], "fi") == _page_metric(page, "results.metric.poverty_rate")
    assert fmt_meur(out["who_pays"]["cost_before_financing_eur"], "fi") == _page_metric(page, "pays.metric.before")


def test_the_snippet_on_the_page_gives_the_pages_numbers(page):
    snippet = next(c.value for c in page.code if c.value.startswith("from models import runtime"))
    assert snippet == python_snippet(_scenario(), SIZE, 2025)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(snippet, "<snippet>", "exec"), {"__name__": "snippet"})  # noqa: S102 - the test runs the page's code
    net, winners, losers, poverty = (float(x) for x in printed.getvalue().split())
    assert fmt_meur(net, "fi") == _page_metric(page, "results.metric.net_cost")
    assert fmt_pct(winners, "fi") == _page_metric(page, "results.metric.winners")
    assert fmt_pct(losers, "fi") == _page_metric(page, "results.metric.losers")
    assert fmt_pct(poverty, "fi") == _page_metric(page, "results.metric.poverty_rate")
    # The page's caption prints the same figures for comparison.
    assert any(fmt_meur(net, "fi") in c.value and t("repro.expected", "fi")[:10] in c.value for c in page.caption)


def test_the_cli_takes_a_scenario_as_inline_json(tmp_path, capsys):
    scenario = load_presets()["basic_income_experiment_560"].scenario
    path = tmp_path / "s.json"
    path.write_text(scenario.model_dump_json(), encoding="utf-8")
    assert main(["run", scenario_json(scenario), "--size", "1000", "--no-traps", "--json"]) == 0
    inline = json.loads(capsys.readouterr().out)
    assert main(["run", str(path), "--size", "1000", "--no-traps", "--json"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert inline == from_file


@pytest.mark.parametrize(
    "text,message",
    [
        ('{"basic_income": {"amount": -5}}', "basic_income.amount"),
        ('{"basic_income": {"bogus": 1}}', "basic_income.bogus: unknown field"),
        ("{not json", "inline JSON could not be read"),
    ],
)
def test_bad_inline_json_is_a_clear_error(text, message, capsys):
    assert main(["run", text, "--size", "1000"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err

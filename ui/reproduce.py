"""Reproduce it: the ``python -m models run …`` command and a short Python snippet that give a results view's
numbers again — the same scenario (as JSON), law (the parameters' date), population size and seed — and the figures
they should print. Offered by every results view (workbench, results, compare, value map, the workshop's room).

:func:`cli_command` and :func:`python_snippet` are pure (``tests/test_reproduce.py`` runs both and compares them with
the page); :func:`reproduce_box` draws them in an expander.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
from collections.abc import Sequence

import streamlit as st

from models.scenario import Scenario
from ui import data
from ui.i18n import fmt_meur, fmt_number, fmt_pct, t
from ui.law import fmt_date
from ui.page import md
from ui.state import current_law


def scenario_json(scenario: Scenario) -> str:
    """The scenario's levers that differ from the defaults, as one line of JSON."""
    return json.dumps(
        scenario.model_dump(mode="json", exclude_defaults=True), separators=(",", ":"), ensure_ascii=False
    )


def cli_command(scenario: Scenario, size: int, seed: int) -> str:
    """The command line that prints the same results as JSON (a budget-neutral scenario is solved first, as the app
    does; the marginal rates are skipped, as on the pages until their tab is opened)."""
    return f"python -m models run {shlex.quote(scenario_json(scenario))} --size {size} --seed {seed} --no-traps --json"


def python_snippet(scenario: Scenario, size: int, seed: int) -> str:
    """A few lines of Python that compute the same results with the engine and print the headline figures."""
    return "\n".join(
        [
            "from models import runtime",
            "from models.compare import compare",
            "import datetime as dt",
            "from models.parameters import load_parameters",
            "from models.population.in_year import population_in_year",
            "from models.population.store import load_population",
            "from models.scenario import Scenario",
            "from models.solver import solve_financing",
            "",
            "runtime.configure()",
            f"params = load_parameters(dt.date.fromisoformat({scenario.law.isoformat()!r}))  # the law it changes",
            f"pop = population_in_year(load_population({size}, seed={seed}), params)  # in the law's year",
            f"scenario = Scenario.model_validate_json({scenario_json(scenario)!r})",
            "if scenario.financing.budget_neutral:  # solved on this population, as the app does",
            "    scenario = solve_financing(pop, params, scenario).scenario",
            "r = compare(pop, params, scenario, traps=False)",
            'print(r["net_cost_eur"], r["winners_share"], r["losers_share"], r["poverty_rate"]["reform"])',
        ]
    )


def expected_figures(r: dict, lang: str) -> str:
    """The figures the command and the snippet reproduce, as the page shows them."""
    return t(
        "repro.expected",
        lang,
        net=fmt_meur(r["net_cost_eur"], lang),
        winners=fmt_pct(r["winners_share"], lang),
        losers=fmt_pct(r["losers_share"], lang),
        poverty=fmt_pct(r["poverty_rate"]["reform"], lang),
    )


def _codes(scenario: Scenario, r: dict, lang: str, size: int, seed: int) -> None:
    st.markdown(f"**{t('repro.cli', lang)}**")
    st.code(cli_command(scenario, size, seed), language="bash", wrap_lines=True)
    st.markdown(f"**{t('repro.python', lang)}**")
    st.code(python_snippet(scenario, size, seed), language="python", wrap_lines=True)
    st.caption(expected_figures(r, lang))


def _intro(lang: str, size: int, seed: int, date: dt.date) -> None:
    st.caption(t("repro.intro", lang, size=fmt_number(size, lang), seed=seed, date=fmt_date(date, lang)))


def reproduce_box(scenario: Scenario, r: dict, lang: str, key: str) -> None:
    """An expander with the command, the snippet and the figures they print for ``scenario`` (results ``r``)."""
    size, seed = data.population_size(), data.SEED
    with st.expander(t("repro.title", lang), icon=":material/terminal:", key=key):
        _intro(lang, size, seed, scenario.law)
        _codes(scenario, r, lang, size, seed)


def reproduce_many(items: Sequence[tuple[str, Scenario, dict]], lang: str, key: str) -> None:
    """The same for several scenarios (the Compare page): ``(label, scenario, results)`` each, under its name."""
    size, seed = data.population_size(), data.SEED
    with st.expander(t("repro.title", lang), icon=":material/terminal:", key=key):
        _intro(lang, size, seed, items[0][1].law if items else current_law())
        for label, scenario, r in items:
            st.markdown(f"#### {md(label)}")
            _codes(scenario, r, lang, size, seed)

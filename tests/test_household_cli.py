"""The household calculator and the CLI: output shape, EMTR/PTR arithmetic, and bad input (exit 2, field named)."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.household import HouseholdSpec, sweep
from models.system import COMPONENT_SIGNS, COMPONENTS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def run_cli(*args, input_file=None):
    return subprocess.run(
        [sys.executable, "-m", "models", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_household_json_output():
    r = run_cli("household", "examples/single_unemployed.json", "--earnings", "0:3000:500", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)["rows"]
    assert [row["earnings"] for row in rows] == [0, 500, 1000, 1500, 2000, 2500, 3000]
    for row in rows:
        assert set(row["components"]) == set(COMPONENTS)
        assert {"earnings", "net_income", "emtr", "ptr"} <= set(row)
    assert rows[0]["ptr"] is None
    # An unemployed person on the labour market subsidy gets it at zero earnings.
    assert rows[0]["components"]["labour_market_subsidy"] > 700


def test_schema_household():
    r = run_cli("schema", "household")
    assert r.returncode == 0
    schema = json.loads(r.stdout)
    assert "adults" in schema["properties"]


@pytest.mark.parametrize(
    "household,field",
    [
        ({"adults": [{"age": 30, "status": "employed"}], "colour": "red"}, "colour"),
        ({"adults": [{"age": "thirty", "status": "employed"}]}, "adults.0.age"),
        ({"adults": [{"age": 30, "status": "employed"}], "rent": -5}, "rent"),
        ({"adults": [{"age": 30, "status": "astronaut"}]}, "adults.0.status"),
        ({"adults": []}, "adults"),
        ({"adults": [{"age": 30, "status": "employed"}], "children_ages": [40]}, "children_ages"),
        ({"adults": [{"age": 30, "status": "employed"}], "municipality_group": 7}, "municipality_group"),
        (
            {"adults": [{"age": 30, "status": "employed"}], "children_ages": [8], "children_in_daycare": 1},
            "children_in_daycare",
        ),
    ],
    ids=[
        "unknown field",
        "wrong type",
        "negative rent",
        "unknown status",
        "no adults",
        "child age",
        "group",
        "daycare",
    ],
)
def test_bad_household_exits_2_naming_the_field(tmp_path, household, field):
    f = tmp_path / "h.json"
    f.write_text(json.dumps(household))
    r = run_cli("household", str(f))
    assert r.returncode == 2
    assert field in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("arg", ["7000:0:100", "0:100:-1", "a:b:c", "-5", "0:10000000:1"])
def test_bad_earnings_range_exits_2(arg):
    r = run_cli("household", "examples/student.json", "--earnings", arg)
    assert r.returncode == 2
    assert "--earnings" in r.stderr and "Traceback" not in r.stderr


def test_not_json_and_missing_file(tmp_path):
    f = tmp_path / "h.json"
    f.write_text("{not json")
    for path in (str(f), str(tmp_path / "missing.json")):
        r = run_cli("household", path)
        assert r.returncode == 2 and "Traceback" not in r.stderr


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_net_income_adds_up(params, path):
    spec = HouseholdSpec.model_validate_json(path.read_text())
    rows = sweep(spec, np.arange(0, 6001, 250.0), params)
    for row in rows:
        comps = row["components"]
        for k in COMPONENTS:
            assert comps[k] >= -0.005, f"{k} negative"
        total = sum(COMPONENT_SIGNS[k] * comps[k] for k in COMPONENTS)
        extra = sum(a.earnings_related_pension + a.other_income for a in spec.adults)
        assert row["net_income"] == pytest.approx(total + extra, abs=0.05)


def test_emtr_and_ptr_definitions(params):
    spec = HouseholdSpec.model_validate_json((ROOT / "examples" / "single_unemployed.json").read_text())
    rows = sweep(spec, np.array([0.0, 1000.0, 1100.0]), params)
    net0, net1000, net1100 = (r["net_income"] for r in rows)
    assert rows[1]["emtr"] == pytest.approx(1 - (net1100 - net1000) / 100, abs=1e-3)
    assert rows[1]["ptr"] == pytest.approx(1 - (net1000 - net0) / 1000, abs=1e-3)


#: The largest fall of net income for +EUR 100/month of earnings that the 2025 law allows through its
#: thresholds (documented cliffs: the EUR 30 minimum daycare fee per child, the daily-allowance
#: contribution starting at its threshold, minimum payable amounts of housing allowance and pensions).
MAX_CLIFF_EUR = 60.0

adult = st.fixed_dictionaries(
    {
        "age": st.integers(18, 90),
        "status": st.sampled_from(
            [
                "employed",
                "unemployed_labour_market_subsidy",
                "unemployed_basic_allowance",
                "unemployed_earnings_related",
                "student",
                "pensioner",
                "home_parent",
                "other",
            ]
        ),
        "previous_earnings": st.floats(0, 8000),
        "earnings_related_pension": st.floats(0, 3000),
        "church_member": st.booleans(),
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    adults=st.lists(adult, min_size=1, max_size=2),
    children=st.lists(st.integers(0, 17), max_size=4),
    rent=st.floats(0, 2000),
    group=st.sampled_from([1, 2, 3]),
)
def test_more_earnings_never_cost_more_than_a_documented_cliff(params, adults, children, rent, group):
    spec = HouseholdSpec.model_validate(
        {
            "adults": adults,
            "children_ages": children,
            "rent": rent,
            "municipality_group": group,
            "children_in_daycare": sum(a < 7 for a in children),
        }
    )
    rows = sweep(spec, np.arange(0, 8001, 200.0), params)
    net = np.array([r["net_income"] for r in rows])
    assert np.all(np.diff(net) >= -MAX_CLIFF_EUR), f"net income fell by {-np.diff(net).min():.2f} for +EUR 200"
    for r in rows:
        assert all(v >= -0.005 for v in r["components"].values())

"""Fuzz: the household file (models/household.py HouseholdSpec) and the CLI's ``household`` command.

- a valid household round-trips through JSON, and the CLI computes it (exit 0, one row per earnings point);
- a household with one bad field (top level or inside an adult) is refused naming that field — by the model
  and by the CLI (exit 2, ``error: …`` on stderr, no traceback);
- junk files and junk ``--earnings`` ranges exit 2 without a traceback, never hang.

Budgets and counts: see tests/fuzz_support.py.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from models import cli
from models.household import Adult, HouseholdSpec
from tests.fuzz_support import (
    count,
    fuzz_settings,
    invalid_values,
    json_values,
    leaf_fields,
    model_dict,
    no_hang,
    set_path,
    write_counts,
)

TMP = Path(tempfile.mkdtemp(prefix="arvovalinnat-fuzz-hh-"))
HOUSEHOLDS = model_dict(HouseholdSpec, overrides={"children_ages[]": st.integers(0, 17)})
ADULT_LEAVES = leaf_fields(Adult)
TOP_LEAVES = leaf_fields(HouseholdSpec)

# Two inputs that models/cli.py does not yet refuse cleanly (a 100,000-deep JSON file, an infinite --earnings
# range) are kept out of the generated ones (nesting ≤ 50, finite floats) and tested by the xfail tests at the end.


@pytest.fixture(scope="module", autouse=True)
def _write_counts():
    yield
    write_counts()


def _dump(data) -> bytes:
    return json.dumps(data, allow_nan=True, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _cli(content: bytes, capsys, *args: str) -> tuple[int, str, str]:
    path = TMP / "household.json"
    path.write_bytes(content)
    with no_hang(repr(content[:200])):
        code = cli.main(["household", str(path), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _refused_cleanly(code: int, err: str) -> None:
    assert code == cli.EXIT_BAD_INPUT, err
    assert err.startswith("error: ") and "Traceback" not in err, err


# --- valid households -----------------------------------------------------------------------------------------
@fuzz_settings(1200)
@given(data=HOUSEHOLDS)
def test_a_valid_household_round_trips_or_a_cross_field_rule_names_its_field(data):
    try:
        spec = HouseholdSpec.model_validate(data)
    except ValidationError as exc:
        text = str(exc)
        assert any(f in text for f in ("children_in_daycare", "couple", "children_ages", "in_services")), text
        count("household: valid fields, refused combination", "refused")
        return
    assert HouseholdSpec.model_validate_json(spec.model_dump_json()) == spec
    count("household: valid, round-tripped", "valid")


@fuzz_settings(120)
@given(data=HOUSEHOLDS, earnings=st.lists(st.floats(0, 20_000, allow_nan=False), min_size=1, max_size=5))
def test_the_cli_computes_a_valid_household(data, earnings, capsys):
    try:
        HouseholdSpec.model_validate(data)
    except ValidationError:
        code, _, err = _cli(_dump(data), capsys)
        _refused_cleanly(code, err)
        count("CLI household: valid fields, refused combination", "exit 2")
        return
    code, out, err = _cli(_dump(data), capsys, "--earnings", ",".join(repr(e) for e in earnings), "--json")
    assert code == 0, err
    rows = json.loads(out)["rows"]
    assert [r["earnings"] for r in rows] == [round(e, 2) for e in earnings]
    assert all(isinstance(r["net_income"], float) for r in rows)
    count("CLI household: valid, computed", "exit 0")


# --- one bad field --------------------------------------------------------------------------------------------
@st.composite
def one_bad_field(draw):
    base = draw(HOUSEHOLDS)
    if draw(st.booleans()) and base.get("adults"):
        i = draw(st.integers(0, len(base["adults"]) - 1))
        path, annotation, metadata = draw(st.sampled_from(ADULT_LEAVES))
        adults = list(base["adults"])
        adults[i] = set_path(adults[i], path, draw(invalid_values(annotation, metadata)))
        return f"adults.{i}.{'.'.join(path)}", {**base, "adults": adults}
    path, annotation, metadata = draw(st.sampled_from(TOP_LEAVES))
    return ".".join(path), set_path(base, path, draw(invalid_values(annotation, metadata)))


@fuzz_settings(1000)
@given(case=one_bad_field())
def test_a_bad_field_is_refused_naming_the_field(case):
    path, data = case
    with pytest.raises(ValidationError) as exc:
        HouseholdSpec.model_validate(json.loads(_dump(data)))
    locs = {".".join(str(p) for p in e["loc"]) for e in exc.value.errors()}
    assert any(loc == path or loc.startswith(path + ".") for loc in locs), (path, locs)
    message = cli._pydantic_message(exc.value, "household.json")
    assert f"  {path}" in message
    count("household: one bad field, refused naming it", path.split(".")[0])


@fuzz_settings(200)
@given(case=one_bad_field())
def test_the_cli_refuses_a_bad_field_naming_it(case, capsys):
    path, data = case
    code, _, err = _cli(_dump(data), capsys)
    _refused_cleanly(code, err)
    assert f"  {path}" in err, (path, err)
    count("CLI household: one bad field", "exit 2")


# --- junk -----------------------------------------------------------------------------------------------------
junk = st.one_of(
    st.binary(max_size=1000),
    json_values.map(_dump),
    st.integers(1, 50).map(lambda n: b"[" * n + b"]" * n),
    st.sampled_from(
        [
            b"",
            b"null",
            b"{}",
            b'{"adults": []}',
            b'{"adults": [{}]}',
            b'{"adults": [{"age": 30}]}',
            b"\xff\xfe\x00",
            b'{"adults": [{"age": 30, "status": "employed"}], "rent": NaN}',
        ]
    ),
)


@fuzz_settings(400)
@given(content=junk)
def test_junk_household_files_exit_2_without_a_traceback(content, capsys):
    try:
        HouseholdSpec.model_validate_json(content)
        valid = True
    except (ValidationError, ValueError):
        valid = False
    code, _, err = _cli(content, capsys, "--earnings", "0")
    if valid:
        assert code == 0, err
        count("CLI household: junk file", "valid")
    else:
        _refused_cleanly(code, err)
        count("CLI household: junk file", "exit 2")


earnings_args = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda a, b, c: f"{a}:{b}:{c}",
        *(
            st.one_of(
                st.floats(allow_infinity=False), st.integers(-(10**6), 10**9), st.sampled_from(["nan", "", "x", "-0"])
            )
            for _ in range(3)
        ),
    ),
    st.lists(
        st.one_of(st.floats(allow_infinity=False), st.integers(-5, 10**6), st.just("nan")), min_size=1, max_size=6
    ).map(lambda xs: ",".join(map(str, xs))),
)


@fuzz_settings(600)
@given(arg=earnings_args)
def test_any_earnings_range_is_parsed_or_refused(arg):
    with no_hang(arg):
        try:
            values = cli.parse_range(arg)
        except cli.BadInput as exc:
            assert str(exc).startswith("--earnings:")
            count("CLI --earnings: any text", "refused")
            return
    assert len(values) <= 10_000 and (values >= 0).all() and all(v == v for v in values)
    count("CLI --earnings: any text", "parsed")


# --- inputs outside the generators: deep nesting and infinite numbers ----------------------------------------
def test_a_deeply_nested_household_file_exits_2(capsys):
    code, _, err = _cli(b"[" * 100_000 + b"]" * 100_000, capsys)
    _refused_cleanly(code, err)


def test_an_infinite_earnings_range_is_refused():
    with pytest.raises(cli.BadInput):
        cli.parse_range("0:1e400:1")

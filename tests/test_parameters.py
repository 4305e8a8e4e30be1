"""Every parameter has a label in three languages, a unit and a source, and is used by a rule."""

import ast
import datetime as dt
from pathlib import Path

import pytest

from models.parameter_types import PARAMETERS_DIR, ParameterError, parameter_files, read_parameter_file
from models.parameters import load_parameters, section_models

ROOT = Path(__file__).resolve().parent.parent


def _attributes_used_in_models() -> set[str]:
    """Every ``x.name`` attribute access in models/ (outside parameters.py's own code)."""
    used = set()
    for path in (ROOT / "models").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                used.add(node.attr)
    return used


def test_parameters_load():
    params = load_parameters()
    assert params.modelling.poverty_line_share == 0.6


@pytest.mark.parametrize("key", sorted(parameter_files()))
def test_parameter_has_labels_unit_and_source(key):
    pfile = parameter_files()[key]
    for lang in ("fi", "sv", "en"):
        assert getattr(pfile.label, lang).strip(), f"{key}: label.{lang} is empty"
    assert pfile.unit
    for date in pfile.values:
        refs = pfile.references_at(date)
        assert refs, f"{key}: no source for the value from {date}"
    if pfile.unconfirmed:
        assert pfile.note, f"{key}: unconfirmed but no note saying what was checked"


def test_every_section_field_has_a_file():
    files = parameter_files()
    for section, model in section_models().items():
        for name in model.model_fields:
            assert f"{section}.{name}" in files, f"{section}.{name} has no YAML file under {PARAMETERS_DIR}"


def test_every_parameter_is_used_by_a_rule():
    used = _attributes_used_in_models()
    unused = [
        f"{section}.{name}"
        for section, model in section_models().items()
        for name in model.model_fields
        if name not in used
    ]
    assert not unused, f"parameters no rule reads: {unused}"


def test_a_file_without_source_is_refused(tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text(
        "label: {fi: a, sv: b, en: c}\ndescription: d\nunit: /1\nvalues:\n  2025-01-01: {value: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterError, match="no reference"):
        read_parameter_file(bad)


def test_a_file_without_swedish_label_is_refused(tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text(
        "label: {fi: a, en: c}\ndescription: d\nunit: /1\nreference: [{title: t, href: 'https://x'}]\n"
        "values:\n  2025-01-01: {value: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterError, match="label.sv"):
        read_parameter_file(bad)


def test_an_unknown_unit_is_refused(tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text(
        "label: {fi: a, sv: b, en: c}\ndescription: d\nunit: furlongs\nreference: [{title: t, href: 'https://x'}]\n"
        "values:\n  2025-01-01: {value: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterError, match="unit"):
        read_parameter_file(bad)


def test_value_in_force_is_the_latest_not_after_the_date():
    pfile = read_parameter_file(PARAMETERS_DIR / "modelling" / "poverty_line_share.yaml")
    assert pfile.value_at(dt.date(2025, 1, 1)) == 0.6
    with pytest.raises(ValueError):
        pfile.value_at(dt.date(1990, 1, 1))


@pytest.mark.parametrize("key", sorted(k for k, f in parameter_files().items() if f.unconfirmed))
def test_an_unconfirmed_parameter_states_its_range(key):
    """The uncertainty bands draw every unconfirmed parameter from its stated range (docs/UNCERTAINTY.md)."""
    pfile = parameter_files()[key]
    assert pfile.range is not None, f"{key}: unconfirmed, so it needs `range: {{low, high, reason}}` in its file"
    assert pfile.range.reason.strip(), f"{key}: the range needs a reason"


def _with_range(tmp_path, unit: str, value: str, range_: str):
    bad = tmp_path / "x.yaml"
    bad.write_text(
        f"label: {{fi: a, sv: b, en: c}}\ndescription: d\nunit: {unit}\nreference: [{{title: t, href: 'https://x'}}]\n"
        f"range: {range_}\nvalues:\n  2025-01-01: {{value: {value}}}\n",
        encoding="utf-8",
    )
    return bad


def test_a_range_that_misses_the_value_is_refused(tmp_path):
    with pytest.raises(ParameterError, match="holds none of the dated values"):
        read_parameter_file(_with_range(tmp_path, "/1", "0.5", "{low: 0.6, high: 0.7, reason: r}"))


def test_a_range_without_reason_is_refused(tmp_path):
    with pytest.raises(ParameterError, match="range.reason"):
        read_parameter_file(_with_range(tmp_path, "/1", "0.5", "{low: 0.4, high: 0.7}"))


def test_a_scale_takes_a_relative_range(tmp_path):
    scale = "[{threshold: 0, rate: 0.1}]"
    with pytest.raises(ParameterError, match="relative"):
        read_parameter_file(_with_range(tmp_path, "scale", scale, "{low: 0.9, high: 1.1, reason: r}"))
    ok = read_parameter_file(_with_range(tmp_path, "scale", scale, "{low: 0.9, high: 1.1, relative: true, reason: r}"))
    assert ok.range is not None and ok.range.relative

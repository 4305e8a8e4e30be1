"""The uprating indices (models/rules/uprating.py) and their four tables of annual levels."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from models.parameter_types import PARAMETERS_DIR, read_parameter_file
from models.rules.uprating import UpratingParameters, uprating_factor

LAW_YEARS = (2023, 2024, 2025, 2026, 2027)
INDEX = {2023: 100.0, 2024: 103.0, 2025: 106.09, 2026: 105.0}


INDEX_TABLES = ("earnings_index", "pension_index", "rent_index", "consumer_price_index")


def _uprating_dir() -> Path:
    return PARAMETERS_DIR / "uprating"


def _tables(date=dt.date(2026, 8, 1)) -> UpratingParameters:
    raw = {path.stem: read_parameter_file(path).value_at(date) for path in sorted(_uprating_dir().glob("*.yaml"))}
    return UpratingParameters(**raw)


def test_the_factor_is_the_ratio_of_the_two_years_levels():
    assert uprating_factor(INDEX, 2023, 2025) == pytest.approx(1.0609)
    assert uprating_factor(INDEX, 2025, 2026) == pytest.approx(105.0 / 106.09)  # an index can fall
    assert uprating_factor(INDEX, 2024, 2024) == 1.0


@given(st.sampled_from(sorted(INDEX)), st.sampled_from(sorted(INDEX)), st.sampled_from(sorted(INDEX)))
def test_factors_chain_and_invert(a, b, c):
    """Uprating a to b and then b to c is uprating a to c; going back undoes it."""
    assert uprating_factor(INDEX, a, b) * uprating_factor(INDEX, b, c) == pytest.approx(uprating_factor(INDEX, a, c))
    assert uprating_factor(INDEX, a, b) * uprating_factor(INDEX, b, a) == pytest.approx(1.0)


def test_a_year_without_a_level_is_an_error_that_names_it():
    with pytest.raises(ValueError, match="no index level for 2030.*2023, 2024, 2025, 2026"):
        uprating_factor(INDEX, 2025, 2030)


def test_a_non_positive_level_is_refused():
    good = {"population_year": 2025, **{name: INDEX for name in INDEX_TABLES}}
    with pytest.raises(ValidationError, match="positive"):
        UpratingParameters(**{**good, "rent_index": {2024: 0.0}})
    with pytest.raises(ValidationError, match="at least one year"):
        UpratingParameters(**{**good, "pension_index": {}})


def test_the_four_tables_cover_the_law_years_with_sources():
    names = sorted(path.stem for path in _uprating_dir().glob("*.yaml"))
    assert names == sorted(UpratingParameters.model_fields)
    for path in sorted(_uprating_dir().glob("*_index.yaml")):
        pfile = read_parameter_file(path)
        assert pfile.unit == "table"
        assert pfile.reference, f"{path.name}: no source"
        # Forecast years are declared: unconfirmed, with a note that says so.
        assert pfile.unconfirmed and "FORECAST" in (pfile.note or ""), path.name
    tables = _tables()
    for field in INDEX_TABLES:
        assert set(LAW_YEARS) <= set(getattr(tables, field)), field


def test_published_index_changes_are_reproduced():
    """2025 inflation 0.3 % (Statistics Finland), the TyEL index +0.88 % for 2026 (STM), earnings +3.0 % in 2025."""
    t = _tables()
    assert uprating_factor(t.consumer_price_index, 2024, 2025) == pytest.approx(1.003, abs=0.001)
    assert uprating_factor(t.pension_index, 2025, 2026) == pytest.approx(1.0088, abs=0.0005)
    assert uprating_factor(t.earnings_index, 2024, 2025) == pytest.approx(1.030, abs=0.002)

"""Helpers shared by the rule tests."""

from __future__ import annotations

import numpy as np

from models.parameters import DEFAULT_DATE, PARAMETERS_DIR, read_parameter_file


def section_parameters(model, name: str, date=DEFAULT_DATE):
    """One section's parameters on ``date``, read from its own YAML folder only (so that a transient
    error in another section does not stop a rule's tests)."""
    raw = {
        path.stem: read_parameter_file(path).value_at(date)
        for path in sorted((PARAMETERS_DIR / name).glob("*.yaml"))
    }
    return model(**raw)


def as_array(v):
    """A law example's scalar input as a one-element array (lists as arrays, strings unchanged)."""
    if isinstance(v, list):
        return np.asarray(v)
    if isinstance(v, (bool, np.bool_)):
        return np.array([v])
    if isinstance(v, (int, float)):
        return np.array([v], dtype=float)
    return v

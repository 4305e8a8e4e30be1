"""Array helpers shared by the rules and the population: float arrays and deterministic uniform draws."""

from __future__ import annotations

from typing import Any

import numpy as np


def as_float_array(x: Any) -> np.ndarray:
    """``x`` as a float64 array (no copy when it already is one): the rules accept scalars, lists and arrays."""
    return np.asarray(x, dtype=np.float64)


def uniform_from_ids(ids: np.ndarray) -> np.ndarray:
    """SplitMix64 of unsigned ids, as uniform floats in [0, 1): deterministic and well mixed.

    The population's fixed draws (take-up, participation, behaviour) are this function of the household id
    and the person's place in the household, each with its own offset, so they are the same in every run.
    """
    x = (ids + np.uint64(0x9E3779B97F4A7C15)) * np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(31)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(29)
    return (x >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def as_float_array_1d(x: Any) -> np.ndarray:
    """:func:`as_float_array` of at least one dimension (a scalar becomes an array of one)."""
    return np.atleast_1d(np.asarray(x, dtype=np.float64))

"""Shared pieces of the fuzz tests (tests/test_fuzz_*.py): example budgets, a hang guard, input counters and
strategies generated from pydantic models.

Budgets: each fuzz test asks :func:`examples` for its number of examples. The default ("ci") keeps all fuzz
tests together at about two minutes on the 2-core CI machine; ``ARVOVALINNAT_FUZZ=large`` multiplies every
budget by 10 (``ARVOVALINNAT_FUZZ=<number>`` by that number) for a long local run::

    ARVOVALINNAT_FUZZ=large .venv/bin/python -m pytest -q tests/test_fuzz_*.py

Counts: every input tried is counted by kind (valid, invalid, …) and written to
``test-output/fuzz_counts.json`` (merged across xdist workers under a file lock); print them with
``.venv/bin/python -m tests.fuzz_support``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import math
import os
import signal
import types
import typing
from collections import Counter, defaultdict
from pathlib import Path

import annotated_types as at
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
COUNTS_FILE = ROOT / "test-output" / "fuzz_counts.json"
#: A single input that takes longer than this is a hang (the test fails naming the input).
HANG_SECONDS = 30


def _scale() -> float:
    raw = os.environ.get("ARVOVALINNAT_FUZZ", "").strip().lower()
    if raw in ("", "ci", "default"):
        return 1.0
    if raw == "large":
        return 10.0
    try:
        return max(float(raw), 0.01)
    except ValueError:
        return 1.0


def examples(n: int) -> int:
    return max(1, int(n * _scale()))


def fuzz_settings(n: int, **kwargs) -> settings:
    """``n`` examples (scaled by ARVOVALINNAT_FUZZ), no deadline (no timing asserts), quiet health checks."""
    return settings(
        max_examples=examples(n),
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
            HealthCheck.filter_too_much,
        ],
        **kwargs,
    )


# --- counting -------------------------------------------------------------------------------------------------
COUNTS: dict[str, Counter] = defaultdict(Counter)


def count(test: str, kind: str) -> None:
    COUNTS[test][kind] += 1


def write_counts() -> None:
    """Merge this process's counts into test-output/fuzz_counts.json (each test's figures replace its old ones)."""
    if not COUNTS:
        return
    COUNTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    with open(COUNTS_FILE.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            data = json.loads(COUNTS_FILE.read_text()) if COUNTS_FILE.exists() else {}
        except (OSError, json.JSONDecodeError):
            data = {}
        for test, c in COUNTS.items():
            data[test] = {**dict(sorted(c.items())), "total": sum(c.values())}
        data["_total"] = sum(v["total"] for k, v in data.items() if not k.startswith("_"))
        COUNTS_FILE.write_text(json.dumps(data, indent=1, sort_keys=True))
    COUNTS.clear()


# --- hangs ----------------------------------------------------------------------------------------------------
class Hang(AssertionError):
    pass


@contextlib.contextmanager
def no_hang(what: str, seconds: int = HANG_SECONDS):
    """Fail (naming the input) if the block runs for more than ``seconds`` (SIGALRM; main thread only)."""

    def _alarm(signum, frame):
        raise Hang(f"no answer within {seconds} s for {what[:300]!r}")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# --- strategies from pydantic models ----------------------------------------------------------------------------
def _bounds(metadata) -> dict:
    b: dict = {}
    for m in metadata:
        if isinstance(m, at.Ge):
            b["ge"] = m.ge
        elif isinstance(m, at.Gt):
            b["gt"] = m.gt
        elif isinstance(m, at.Le):
            b["le"] = m.le
        elif isinstance(m, at.Lt):
            b["lt"] = m.lt
        elif isinstance(m, at.MaxLen):
            b["max_length"] = m.max_length
        elif isinstance(m, at.MinLen):
            b["min_length"] = m.min_length
    return b


def _is_optional(annotation) -> tuple[bool, object]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) < len(typing.get_args(annotation)) and len(args) == 1:
            return True, args[0]
    return False, annotation


def valid_value(annotation, metadata=(), overrides=None, path: str = "") -> st.SearchStrategy:
    """A strategy for JSON values that satisfy ``annotation`` and its field constraints."""
    overrides = overrides or {}
    if path in overrides:
        return overrides[path]
    optional, inner = _is_optional(annotation)
    if optional:
        return st.none() | valid_value(inner, metadata, overrides, path)
    b = _bounds(metadata)
    origin = typing.get_origin(inner)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return model_dict(inner, overrides, path)
    if origin is typing.Literal:
        return st.sampled_from(typing.get_args(inner))
    if inner is bool:
        return st.booleans()
    if inner is int:
        lo = b.get("ge", b["gt"] + 1 if "gt" in b else -(10**6))
        hi = b.get("le", b["lt"] - 1 if "lt" in b else 10**6)
        return st.integers(lo, hi)
    if inner is float:
        lo = b.get("ge", b.get("gt", -1e9))
        hi = b.get("le", b.get("lt", 1e9))
        return st.floats(
            lo,
            hi,
            allow_nan=False,
            allow_infinity=False,
            exclude_min="gt" in b and "ge" not in b,
            exclude_max="lt" in b and "le" not in b,
        )
    if inner is str:
        return st.text(max_size=b.get("max_length", 200))
    if inner is dt.date:
        return st.dates(b.get("ge", dt.date(2000, 1, 1)), b.get("le", dt.date(2100, 1, 1))).map(dt.date.isoformat)
    if origin in (tuple, list):
        args = typing.get_args(inner)
        item = args[0]
        elems = valid_value(item, (), overrides, path + "[]")
        lo, hi = b.get("min_length", 0), b.get("max_length", 8)
        if typing.get_origin(item) is typing.Literal:
            return st.lists(
                st.sampled_from(typing.get_args(item)),
                min_size=lo,
                max_size=min(hi, len(typing.get_args(item))),
                unique=True,
            )
        return st.lists(elems, min_size=lo, max_size=min(hi, 8))
    raise NotImplementedError(f"{path}: no strategy for {annotation!r}")


def model_dict(model: type[BaseModel], overrides=None, path: str = "") -> st.SearchStrategy:
    """JSON objects for ``model``: required fields always, optional ones sometimes, each value valid for its
    field alone (cross-field validators may still refuse the whole)."""
    required, optional = {}, {}
    for name, f in model.model_fields.items():
        sub = f"{path}.{name}" if path else name
        strat = valid_value(f.annotation, f.metadata, overrides, sub)
        (required if f.is_required() else optional)[name] = strat
    return st.fixed_dictionaries(required, optional=optional)


def leaf_fields(model: type[BaseModel], path: tuple = ()) -> list[tuple[tuple, object, list]]:
    """Every leaf field of ``model`` (descending into nested models) as (path, annotation, metadata)."""
    out = []
    for name, f in model.model_fields.items():
        _, inner = _is_optional(f.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            out += leaf_fields(inner, path + (name,))
        else:
            out.append((path + (name,), f.annotation, f.metadata))
    return out


def invalid_values(annotation, metadata) -> st.SearchStrategy:
    """Values that ``annotation`` with its constraints certainly refuses."""
    optional, inner = _is_optional(annotation)
    b = _bounds(metadata)
    origin = typing.get_origin(inner)
    bad = [st.just({"an": "object"}), st.just([1, 2, 3]) if origin not in (tuple, list) else st.just("not a list")]
    if inner in (int, float):
        bad.append(st.sampled_from(["", "abc", "12 kg", "1,5e"]))
        if not optional:
            bad.append(st.none())
        if "ge" in b or "gt" in b:
            lo = b.get("ge", b.get("gt"))
            bad.append(
                st.floats(-1e12, lo, exclude_max="ge" in b, allow_nan=False).filter(
                    lambda x: x < lo or ("gt" in b and x <= lo)
                )
            )
        if "le" in b or "lt" in b:
            hi = b.get("le", b.get("lt"))
            bad.append(
                st.floats(hi, 1e12, exclude_min="le" in b, allow_nan=False).filter(
                    lambda x: x > hi or ("lt" in b and x >= hi)
                )
            )
        if b:
            bad.append(st.sampled_from([math.nan, math.inf, -math.inf]))
        if inner is int:
            bad.append(st.sampled_from([0.5, 17.25, "3.5"]))
            if b:
                bad.append(st.sampled_from([10**30, -(10**30)]))
    elif origin is typing.Literal:
        choices = typing.get_args(inner)
        bad.append(st.text(max_size=30).filter(lambda s: s not in choices))
    elif inner is bool:
        bad.append(st.sampled_from(["definitely", "2", 2, 0.5, "ja"] + ([] if optional else [None])))
    elif inner is dt.date:
        bad.append(st.sampled_from(["2026-13-01", "yesterday", "1.5.2026", 20260501]))
        if "ge" in b:
            bad.append(st.just((b["ge"] - dt.timedelta(days=1)).isoformat()))
        if "le" in b:
            bad.append(st.just((b["le"] + dt.timedelta(days=1)).isoformat()))
    elif inner is str:
        bad.append(st.integers())
        if "max_length" in b:
            n = b["max_length"]
            bad.append(st.text(min_size=n + 1, max_size=n + 40).filter(lambda s: len(s) > n))
    elif origin in (tuple, list):
        item = typing.get_args(inner)[0]
        if typing.get_origin(item) is typing.Literal:
            choices = typing.get_args(item)
            bad.append(st.lists(st.text(max_size=20).filter(lambda s: s not in choices), min_size=1, max_size=3))
        if "max_length" in b:
            bad.append(st.just([valid_example(item)] * (b["max_length"] + 1)))
        if b.get("min_length", 0) > 0:
            bad.append(st.just([]))
    return st.one_of(bad)


def valid_example(annotation):
    """One fixed valid value (for padding over-long lists)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return typing.get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return json.loads(annotation.model_validate(_minimal(annotation)).model_dump_json())
    return {int: 0, float: 0.0, bool: False, str: ""}.get(annotation, 0)


def _minimal(model):
    out = {}
    for name, f in model.model_fields.items():
        if f.is_required():
            _, inner = _is_optional(f.annotation)
            b = _bounds(f.metadata)
            if typing.get_origin(inner) is typing.Literal:
                out[name] = typing.get_args(inner)[0]
            elif inner in (int, float):
                out[name] = b.get("ge", b.get("gt", 0) + 1)
            elif typing.get_origin(inner) in (list, tuple):
                out[name] = [valid_example(typing.get_args(inner)[0])] * b.get("min_length", 0)
            else:
                out[name] = valid_example(inner)
    return out


def set_path(data: dict, path: tuple, value) -> dict:
    """A copy of ``data`` with ``value`` at ``path`` (creating the nested objects on the way)."""
    out = dict(data)
    if len(path) == 1:
        out[path[0]] = value
        return out
    inner = out.get(path[0])
    out[path[0]] = set_path(inner if isinstance(inner, dict) else {}, path[1:], value)
    return out


#: Any JSON value (for junk where an object is expected).
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


def main() -> None:
    if not COUNTS_FILE.exists():
        print("no fuzz counts yet: run the fuzz tests (pytest tests/test_fuzz_*.py)")
        return
    data = json.loads(COUNTS_FILE.read_text())
    for test, c in sorted(data.items()):
        if test.startswith("_"):
            continue
        detail = ", ".join(f"{k} {v:,}" for k, v in c.items() if k != "total")
        print(f"{test:<58} {c['total']:>8,}  ({detail})")
    print(f"{'inputs tried in all':<58} {data.get('_total', 0):>8,}")


if __name__ == "__main__":
    main()

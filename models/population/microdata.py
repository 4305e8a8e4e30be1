"""A user's own microdata: CSV or Parquet files in the population schema, checked before use.

Two layouts are accepted (see ``docs/POPULATION.md`` for the column table):

* **two files**: a persons file (one row per person, :data:`~models.population.schema.PERSON_COLUMNS`)
  and a households file (one row per household, :data:`~models.population.schema.HOUSEHOLD_COLUMNS`),
  joined on ``household_id``;
* **one file**: a persons file that also carries the household columns (``weight``,
  ``municipality_group``, ``tenure``, ``housing_cost``, optionally ``has_assets`` and ``net_assets``), repeated
  on every member's row; they must agree within a household.

``status`` may be the code (0–9) or its name (``employed``, ``student``…, see
:data:`~models.population.schema.STATUS_NAMES`). Optional columns that are missing, or empty cells in
them, take their documented defaults. CSV files may use a comma, semicolon or tab as separator; with a
semicolon, a decimal comma is accepted (as exported by a Finnish spreadsheet). Booleans may be
``true/false``, ``1/0``, ``yes/no`` or ``kyllä/ei``. Other columns are ignored.

Every problem raises :class:`MicrodataError` naming the file, the column and the first offending row
(rows are counted from 1 after the header; for CSV files the line number is also given). Files over
:data:`MAX_FILE_BYTES` are refused before they are read.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from models.population.core import Population
from models.population.schema import ADULT_AGE, HOUSEHOLD_COLUMNS, PERSON_COLUMNS, STATUS_NAMES, Column, Role

#: Largest accepted input file.
MAX_FILE_BYTES = 500 * 1024 * 1024

_TRUE = {"true", "1", "yes", "y", "t", "kyllä", "kylla", "k", "ja", "x"}
_FALSE = {"false", "0", "no", "n", "f", "ei", "nej", "-"}
_CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
_PARQUET_SUFFIXES = {".parquet", ".pq"}

PathLike = str | os.PathLike | IO[bytes]


class MicrodataError(ValueError):
    """A microdata file cannot be used; the message names the file, the column and the problem."""


class _Table:
    """One input file read into a DataFrame, with what is needed to report its rows."""

    def __init__(self, frame: pd.DataFrame, name: str, is_csv: bool, decimal_comma: bool):
        self.frame = frame
        self.name = name
        self.is_csv = is_csv
        self.decimal_comma = decimal_comma

    def where(self, i: int) -> str:
        return f"row {i + 1} (line {i + 2})" if self.is_csv else f"row {i + 1}"


def _source_name(source: PathLike) -> str:
    if isinstance(source, (str, os.PathLike)):
        return Path(source).name
    return Path(getattr(source, "name", "") or "uploaded file").name


def _size(source: PathLike) -> int:
    if isinstance(source, (str, os.PathLike)):
        return os.path.getsize(source)
    pos = source.tell()
    source.seek(0, io.SEEK_END)
    size = source.tell()
    source.seek(pos)
    return size


def _read(source: PathLike, what: str) -> _Table:
    name = _source_name(source)
    try:
        size = _size(source)
    except OSError as exc:
        raise MicrodataError(f"{name}: cannot open the {what} file: {exc.strerror or exc}") from exc
    if size > MAX_FILE_BYTES:
        raise MicrodataError(f"{name}: the file is {size / 2**20:.0f} MB, over the {MAX_FILE_BYTES // 2**20} MB limit")
    if size == 0:
        raise MicrodataError(f"{name}: the file is empty")
    suffix = Path(name).suffix.lower()
    if suffix in _PARQUET_SUFFIXES:
        try:
            frame = pd.read_parquet(source)
        except Exception as exc:  # pyarrow raises several types
            raise MicrodataError(f"{name}: not a readable Parquet file: {exc}") from exc
        table = _Table(frame, name, is_csv=False, decimal_comma=False)
    elif suffix in _CSV_SUFFIXES:
        try:
            if isinstance(source, (str, os.PathLike)):
                with open(source, "rb") as f:
                    head = f.read(65536)
            else:
                pos = source.tell()
                head = source.read(65536)
                source.seek(pos)
            first = head.decode("utf-8-sig", errors="replace").splitlines()[0] if head.strip() else ""
            sep = max([",", ";", "\t"], key=first.count)
            # pandas renames a repeated header ("role", "role.1"): look at the header row itself
            header = [h.strip().lower() for h in next(csv.reader([first], delimiter=sep), [])]
            dup = sorted({h for h in header if h and header.count(h) > 1})
            if dup:
                raise MicrodataError(f"{name}: column '{dup[0]}' appears more than once")
            # numbers are parsed by pandas (fast); a column with any cell that is not a number stays
            # text and is checked cell by cell, so errors still name the row
            frame = pd.read_csv(
                source,
                sep=sep,
                decimal="," if sep == ";" else ".",
                keep_default_na=False,
                low_memory=False,
                encoding="utf-8-sig",
            )
        except (pd.errors.ParserError, UnicodeDecodeError, IndexError) as exc:
            raise MicrodataError(f"{name}: not a readable CSV file: {exc}") from exc
        except pd.errors.EmptyDataError as exc:
            raise MicrodataError(f"{name}: the file has no header row") from exc
        table = _Table(frame, name, is_csv=True, decimal_comma=sep == ";")
    else:
        raise MicrodataError(f"{name}: unsupported file type '{suffix or '(none)'}': use .csv or .parquet")
    cols = [str(c).strip().lower() for c in table.frame.columns]
    dup = sorted({c for c in cols if cols.count(c) > 1})
    if dup:
        raise MicrodataError(f"{name}: column '{dup[0]}' appears more than once")
    table.frame.columns = cols
    if len(table.frame) == 0:
        raise MicrodataError(f"{name}: the file has a header but no rows")
    return table


def _blank(values: pd.Series) -> np.ndarray:
    if values.dtype == object or pd.api.types.is_string_dtype(values):
        return values.isna().to_numpy() | (values.astype(str).str.strip() == "").to_numpy()
    return values.isna().to_numpy()


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _fail(table: _Table, col: Column, problem: str) -> MicrodataError:
    return MicrodataError(f"{table.name}: column '{col.name}': {problem}")


def _numbers(table: _Table, col: Column, values: pd.Series, blank: np.ndarray) -> np.ndarray:
    if pd.api.types.is_bool_dtype(values):
        return values.astype(np.float64).to_numpy()
    if pd.api.types.is_numeric_dtype(values):
        return values.astype(np.float64).to_numpy()
    text = values.astype(str).str.strip().str.replace("\u00a0", "").str.replace(" ", "")
    if table.decimal_comma:
        text = text.str.replace(",", ".", regex=False)
    out = pd.to_numeric(text.where(~blank, None), errors="coerce").to_numpy(dtype=np.float64)
    bad = ~blank & ~np.isfinite(out)
    if bad.any():
        i = _first(bad)
        raise _fail(table, col, f"expected a number, found '{values.iloc[i]}' in {table.where(i)}")
    return out


def _status(table: _Table, col: Column, values: pd.Series, blank: np.ndarray) -> np.ndarray:
    out = np.full(len(values), np.nan)
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        out = values.astype(np.float64).to_numpy()
    else:
        text = values.astype(str).str.strip().str.lower()
        codes = pd.to_numeric(text.where(~blank, None), errors="coerce").to_numpy(dtype=np.float64)
        named = text.map({k: float(v) for k, v in STATUS_NAMES.items()}).to_numpy(dtype=np.float64)
        out = np.where(np.isfinite(codes), codes, named)
        bad = ~blank & ~np.isfinite(out)
        if bad.any():
            i = _first(bad)
            names = ", ".join(STATUS_NAMES)
            problem = f"unknown status '{values.iloc[i]}' in {table.where(i)}; use a code 0–9 or one of: {names}"
            raise _fail(table, col, problem)
    unknown = ~blank & np.isfinite(out) & ~np.isin(out, [float(s) for s in STATUS_NAMES.values()])
    if unknown.any():
        i = _first(unknown)
        raise _fail(table, col, f"unknown status code {values.iloc[i]} in {table.where(i)}; codes are 0–9")
    return out


def _booleans(table: _Table, col: Column, values: pd.Series, blank: np.ndarray) -> np.ndarray:
    if pd.api.types.is_bool_dtype(values):
        return values.fillna(False).to_numpy(dtype=bool)
    text = values.astype(str).str.strip().str.lower()
    if pd.api.types.is_numeric_dtype(values):
        x = values.astype(np.float64).to_numpy()
        text = pd.Series(np.where(np.isnan(x), "", np.where(x == 1, "1", np.where(x == 0, "0", x.astype(str)))))
    is_true = text.isin(_TRUE).to_numpy()
    is_false = text.isin(_FALSE).to_numpy()
    bad = ~blank & ~is_true & ~is_false
    if bad.any():
        i = _first(bad)
        raise _fail(table, col, f"expected true or false, found '{values.iloc[i]}' in {table.where(i)}")
    return is_true


def _column(table: _Table, col: Column) -> np.ndarray:
    """One schema column of ``table`` converted to its dtype and range-checked."""
    frame = table.frame
    n = len(frame)
    if col.name not in frame.columns:
        if col.required:
            raise _fail(table, col, f"missing column (required: {col.description})")
        return np.full(n, col.default, dtype=col.dtype)
    values = frame[col.name]
    blank = _blank(values)
    if blank.any() and col.required:
        raise _fail(table, col, f"empty value in {table.where(_first(blank))}")
    if col.name == "status":
        x = _status(table, col, values, blank)
    elif col.dtype == "bool":
        x = _booleans(table, col, values, blank)
    else:
        x = _numbers(table, col, values, blank)
    if col.dtype == "bool":
        out = np.where(blank, bool(col.default), x)
        return out.astype(bool)
    x = np.where(blank, np.nan if col.default is None else float(col.default), x)
    if col.dtype.startswith("int"):
        frac = np.isfinite(x) & (x != np.round(x))
        if frac.any():
            i = _first(frac)
            raise _fail(table, col, f"expected a whole number, found '{values.iloc[i]}' in {table.where(i)}")
    if col.allowed is not None:
        bad = ~np.isin(x, col.allowed)
        if bad.any():
            i = _first(bad)
            allowed = ", ".join(str(a) for a in col.allowed)
            raise _fail(table, col, f"value {values.iloc[i]} in {table.where(i)} is not one of {allowed}")
    if col.name == "weight":
        bad = ~(x > 0)
        if bad.any():
            i = _first(bad)
            raise _fail(table, col, f"weight must be greater than 0, found {values.iloc[i]} in {table.where(i)}")
    if col.minimum is not None:
        bad = x < col.minimum
        if bad.any():
            i = _first(bad)
            raise _fail(table, col, f"value {values.iloc[i]} in {table.where(i)} is below the minimum {col.minimum:g}")
    if col.maximum is not None:
        bad = x > col.maximum
        if bad.any():
            i = _first(bad)
            raise _fail(table, col, f"value {values.iloc[i]} in {table.where(i)} is above the maximum {col.maximum:g}")
    if col.dtype.startswith("int"):
        info = np.iinfo(col.dtype)
        bad = (x < info.min) | (x > info.max)
        if bad.any():
            i = _first(bad)
            raise _fail(table, col, f"value {values.iloc[i]} in {table.where(i)} is out of range")
    return x.astype(col.dtype)


def _columns(table: _Table, columns: tuple[Column, ...]) -> dict[str, np.ndarray]:
    return {c.name: _column(table, c) for c in columns}


def _households_from_persons(table: _Table, persons: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Household columns repeated on person rows: check they agree, keep the first row of each."""
    hh_cols = tuple(c for c in HOUSEHOLD_COLUMNS if c.name != "household_id")
    values = _columns(table, hh_cols)
    ids = persons["household_id"]
    order = np.argsort(ids, kind="stable")
    sid = ids[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sid)) + 1]
    group_first = order[np.repeat(starts, np.diff(np.r_[starts, len(sid)]))]
    for c in hh_cols:
        v = values[c.name]
        differs = v[order] != v[group_first]
        if differs.any():
            j = _first(differs)
            i, i0 = int(order[j]), int(group_first[j])
            raise MicrodataError(
                f"{table.name}: column '{c.name}': household {sid[j]} has different values "
                f"({v[i0]} in {table.where(i0)}, {v[i]} in {table.where(i)}); household columns must "
                "be the same on every member's row"
            )
    first_rows = order[starts]
    households = {"household_id": sid[starts].astype(np.int64)}
    households.update({c.name: values[c.name][first_rows] for c in hh_cols})
    return households, first_rows


def _check_structure(
    persons: dict[str, np.ndarray], households: dict[str, np.ndarray], p_table: _Table, h_table: _Table
) -> None:
    hid = households["household_id"]
    order = np.argsort(hid, kind="stable")
    sorted_ids = hid[order]
    dup = np.flatnonzero(np.diff(sorted_ids) == 0)
    if len(dup):
        i = int(order[dup[0] + 1])
        raise MicrodataError(
            f"{h_table.name}: column 'household_id': household {sorted_ids[dup[0]]} appears more than once "
            f"(again in {h_table.where(i)})"
        )
    pid = persons["household_id"]
    pos = np.clip(np.searchsorted(sorted_ids, pid), 0, len(sorted_ids) - 1)
    missing = sorted_ids[pos] != pid
    if missing.any():
        i = _first(missing)
        raise MicrodataError(
            f"{p_table.name}: column 'household_id': the person in {p_table.where(i)} belongs to household "
            f"{pid[i]}, which is not in {h_table.name}"
        )
    hh = order[pos]  # index into the households table
    n_h = len(hid)
    members = np.bincount(hh, minlength=n_h)
    if (members == 0).any():
        j = _first(members == 0)
        raise MicrodataError(
            f"{h_table.name}: column 'household_id': household {hid[j]} in {h_table.where(j)} has no persons "
            f"in {p_table.name}"
        )
    role = persons["role"]
    heads = np.bincount(hh, weights=(role == Role.HEAD), minlength=n_h)
    if (heads == 0).any():
        j = _first(heads == 0)
        raise MicrodataError(f"{p_table.name}: column 'role': household {hid[j]} has no head (role 0)")
    if (heads > 1).any():
        j = _first(heads > 1)
        i = int(np.flatnonzero((hh == j) & (role == Role.HEAD))[1])
        raise MicrodataError(
            f"{p_table.name}: column 'role': household {hid[j]} has more than one head (role 0), "
            f"again in {p_table.where(i)}"
        )
    spouses = np.bincount(hh, weights=(role == Role.SPOUSE), minlength=n_h)
    if (spouses > 1).any():
        j = _first(spouses > 1)
        i = int(np.flatnonzero((hh == j) & (role == Role.SPOUSE))[1])
        raise MicrodataError(
            f"{p_table.name}: column 'role': household {hid[j]} has more than one spouse (role 1), "
            f"again in {p_table.where(i)}"
        )
    old_child = (role == Role.CHILD) & (persons["age"] >= ADULT_AGE)
    if old_child.any():
        i = _first(old_child)
        raise MicrodataError(
            f"{p_table.name}: column 'role': the person in {p_table.where(i)} is {persons['age'][i]} years old but "
            f"has role 2 (child under {ADULT_AGE}); adult children living with their parents have role 3"
        )


def load_microdata(persons_path: PathLike, households_path: PathLike | None = None) -> Population:
    """A :class:`Population` from a user's CSV or Parquet files.

    ``persons_path``: one row per person. ``households_path``: one row per household; when it is
    ``None`` the household columns must be repeated on every person's row. Paths or binary file
    objects with a ``name`` (such as an upload) are accepted. Raises :class:`MicrodataError` on any
    problem. Households keep their own identifiers and are sorted by them; persons are sorted by
    household, keeping their order within it.
    """
    p_table = _read(persons_path, "persons")
    persons = _columns(p_table, PERSON_COLUMNS)
    if households_path is not None:
        h_table = _read(households_path, "households")
        households = _columns(h_table, HOUSEHOLD_COLUMNS)
    else:
        h_table = p_table
        households, _ = _households_from_persons(p_table, persons)
    _check_structure(persons, households, p_table, h_table)

    h_order = np.argsort(households["household_id"], kind="stable")
    households = {k: np.ascontiguousarray(v[h_order]) for k, v in households.items()}
    p_order = np.argsort(persons["household_id"], kind="stable")
    persons = {k: np.ascontiguousarray(v[p_order]) for k, v in persons.items()}
    source = f"microdata:{p_table.name}" + (f"+{h_table.name}" if households_path is not None else "")
    return Population(households, persons, source=source)


def write_microdata(
    pop: Population, persons_path: str | os.PathLike, households_path: str | os.PathLike | None = None
) -> None:
    """Write ``pop`` in the microdata format (CSV or Parquet by suffix), e.g. as a template.

    With ``households_path=None`` the household columns are repeated on each person's row.
    """
    persons = pd.DataFrame({k: np.asarray(v) for k, v in pop.persons.items()})
    households = pd.DataFrame({k: np.asarray(v) for k, v in pop.households.items()})
    if households_path is None:
        persons = persons.merge(households, on="household_id", how="left", sort=False)
    for frame, path in ((persons, persons_path), (households, households_path)):
        if path is None:
            continue
        if Path(path).suffix.lower() in _PARQUET_SUFFIXES:
            frame.to_parquet(path, index=False)
        else:
            frame.to_csv(path, index=False)


__all__ = ["MAX_FILE_BYTES", "MicrodataError", "load_microdata", "write_microdata"]

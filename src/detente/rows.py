"""Records as flat table rows and back, from the records' own field lists.

A record's field becomes one column of the same name; a record inside it (an event's
``source`` :class:`~detente.records.Actor`, its ``when`` :class:`~detente.records.TimeSpan`,
its ``geo`` :class:`~detente.records.Place`) becomes its own columns under the field's name
(``source_code``, ``when_start``, ``geo_lat``); a character span ``span`` becomes
``span_start`` and ``span_end``, and ``NAME_span`` becomes ``NAME_start`` and ``NAME_end``
(``sentence_span``: ``sentence_start``, ``sentence_end``). A record that is absent (an event
with no target) is a row of NULLs, and a row of NULLs reads back as absent.

>>> from detente.records import Actor
>>> to_row(Actor(code="PAKGOV", country="PAK", span=(0, 9)), "source")["source_span_end"]
9
>>> from_row(Actor, {"source_code": "PAKGOV", "source_country": "PAK"}, "source").country
'PAK'

Reading is forgiving: a column the row does not have (a store made before it existed) reads
as the field's default, and pandas' missing values (NaN, NaT) as None.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from typing import Any, TypeVar

import pandas as pd

from .records import Record

__all__ = ["columns", "from_row", "to_row"]

R = TypeVar("R", bound=Record)


def to_row(record: Record | None, prefix: str = "", cls: type[Record] | None = None) -> dict[str, Any]:
    """The row of ``record`` (its columns under ``prefix``); ``None`` (of ``cls``) is a row of NULLs."""
    cls = cls or type(record)
    out: dict[str, Any] = {}
    for name, kind, inner in _layout(cls):
        col = _col(prefix, name)
        value = None if record is None else getattr(record, name)
        if kind == "record":
            out |= to_row(value, col, inner)
        elif kind == "span":
            lo, hi = _span_cols(prefix, name)
            out[lo], out[hi] = (None, None) if value is None else (int(value[0]), int(value[1]))
        else:
            out[col] = value
    return out


def columns(cls: type[Record], prefix: str = "") -> list[str]:
    """The column names of ``cls``'s rows, in field order."""
    out: list[str] = []
    for name, kind, inner in _layout(cls):
        if kind == "record":
            out += columns(inner, _col(prefix, name))
        elif kind == "span":
            out += list(_span_cols(prefix, name))
        else:
            out.append(_col(prefix, name))
    return out


def from_row(cls: type[R], row: dict[str, Any], prefix: str = "") -> R | None:
    """The record of ``cls`` that :func:`to_row` wrote under ``prefix``; None when all its
    columns are NULL."""
    if all(_missing(row.get(c)) for c in columns(cls, prefix)):
        return None
    kwargs: dict[str, Any] = {}
    for f, (name, kind, inner) in zip(dataclasses.fields(cls), _layout(cls)):
        col = _col(prefix, name)
        if kind == "record":
            value = from_row(inner, row, col)
            if value is None and not _optional(cls, name):
                value = inner(**{g.name: None for g in dataclasses.fields(inner) if _required(g)})
        elif kind == "span":
            lo, hi = (row.get(c) for c in _span_cols(prefix, name))
            value = None if _missing(lo) or _missing(hi) else (int(lo), int(hi))
        else:
            value = _cell(row.get(col), inner)
        if value is None and not _required(f) and not _optional(cls, name):
            continue  # the field's default (a column the row lacks, or NULL where None is no value)
        kwargs[name] = value
    return cls(**kwargs)


# ------------------------------------------------------------------------------ layout
@functools.lru_cache(maxsize=None)
def _layout(cls: type[Record]) -> tuple[tuple[str, str, Any], ...]:
    """Each field: its name, ``record`` / ``span`` / ``value``, and the inner record class or
    the value's type."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        hint = _strip_optional(hints[f.name])
        if isinstance(hint, type) and issubclass(hint, Record):
            out.append((f.name, "record", hint))
        elif typing.get_origin(hint) is tuple and typing.get_args(hint) == (int, int):
            out.append((f.name, "span", None))
        else:
            out.append((f.name, "value", hint))
    return tuple(out)


def _strip_optional(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else hint
    return hint


@functools.lru_cache(maxsize=None)
def _optional(cls: type[Record], name: str) -> bool:
    hint = typing.get_type_hints(cls)[name]
    return typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in typing.get_args(hint)


def _required(f: dataclasses.Field) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _col(prefix: str, name: str) -> str:
    return f"{prefix}_{name}" if prefix else name


def _span_cols(prefix: str, name: str) -> tuple[str, str]:
    base = _col(prefix, "span" if name == "span" else name.removesuffix("_span"))
    return f"{base}_start", f"{base}_end"


def _missing(v: Any) -> bool:
    return v is None or v is pd.NaT or (isinstance(v, float) and v != v)


def _cell(v: Any, kind: Any) -> Any:
    """A cell as the field's type: pandas' missing values are None, timestamps are dates."""
    if _missing(v):
        return None
    if kind is dt.date:
        return v.date() if isinstance(v, (pd.Timestamp, dt.datetime)) else v
    if kind is int:
        return int(v)
    if kind is float:
        return float(v)
    if kind is bool:
        return bool(v)
    return v

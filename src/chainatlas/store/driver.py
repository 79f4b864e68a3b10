"""Values as the raw DB-API drivers take them, for bulk writes through ``store.bulk.insert_rows``.

SQLAlchemy converts column values itself; the raw cursor does not. From the
columns' types this module picks, once per write, what each column needs:
JSON as text on every backend, and on SQLite Decimal, date and datetime as
the text SQLAlchemy would have stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Connection, Date, DateTime, Numeric, Table


def _json(value: Any) -> Any:
    return None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _sqlite_datetime(value: datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _sqlite_decimal(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _converter(column_type: Any, sqlite: bool) -> Callable[[Any], Any] | None:
    if isinstance(column_type, JSON):
        return _json
    if not sqlite:
        return None
    if isinstance(column_type, DateTime):
        return _sqlite_datetime
    if isinstance(column_type, Date):
        return _sqlite_date
    if isinstance(column_type, Numeric):
        return _sqlite_decimal
    return None


def sqlite_values(table: Table, columns: Sequence[str], values: Sequence[Any]) -> list[Any]:
    """One row's values (in ``columns`` order) as SQLite's raw driver takes them, e.g. for a bulk connection."""
    out = list(values)
    for i, name in enumerate(columns):
        convert = _converter(table.c[name].type, sqlite=True)
        if convert is not None:
            out[i] = convert(out[i])
    return out


def driver_rows(conn: Connection, table: Table, columns: Sequence[str],
                rows: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
    """Each row (values in ``columns`` order) converted for the connection's raw driver."""
    sqlite = conn.dialect.name == "sqlite"
    converters = [(i, convert) for i, name in enumerate(columns)
                  if (convert := _converter(table.c[name].type, sqlite)) is not None]
    for row in rows:
        values = list(row)
        for i, convert in converters:
            values[i] = convert(values[i])
        yield values

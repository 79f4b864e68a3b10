"""Values as the raw DB-API drivers take them, for bulk writes through ``store.bulk.insert_rows``.

SQLAlchemy converts column values itself; the raw cursor does not, so JSON
goes as text, and for SQLite Decimal, date and datetime go as the text
SQLAlchemy would have stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection


def _value(value: Any, sqlite: bool) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if not sqlite:
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def driver_rows(conn: Connection, rows: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
    """Each row's values converted for the connection's raw driver."""
    sqlite = conn.dialect.name == "sqlite"
    for row in rows:
        yield [_value(v, sqlite) for v in row]

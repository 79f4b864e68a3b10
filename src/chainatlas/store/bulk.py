"""Fast bulk writes: DB-API executemany with positional rows, per dialect."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import polars as pl
from sqlalchemy import Connection, Table, text


def insert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[object]],
                batch: int = 20000) -> int:
    """Insert positional rows; returns the count. Avoids per-row dict building."""
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([marker] * len(columns))})"
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    total = 0
    pending: list[Sequence[object]] = []
    for row in rows:
        pending.append(row)
        if len(pending) >= batch:
            cursor.executemany(sql, pending)
            total += len(pending)
            pending = []
    if pending:
        cursor.executemany(sql, pending)
        total += len(pending)
    cursor.close()
    return total


def for_driver(conn: Connection, frame: pl.DataFrame) -> pl.DataFrame:
    """Dates and times as the text SQLAlchemy stores in SQLite, converted a column at a time."""
    return sqlite_text_dates(frame) if conn.dialect.name == "sqlite" else frame


def sqlite_text_dates(frame: pl.DataFrame) -> pl.DataFrame:
    """Date and datetime columns as the text SQLAlchemy stores in SQLite."""
    return frame.with_columns(
        [pl.col(c).dt.strftime("%Y-%m-%d") for c, t in frame.schema.items() if t == pl.Date]
        + [pl.col(c).dt.strftime("%Y-%m-%d %H:%M:%S.%6f") for c, t in frame.schema.items()
           if isinstance(t, pl.Datetime)])


def sync_sequence(conn: Connection, table: Table, column: str = "id") -> None:
    """After inserting explicit ids on PostgreSQL, move the serial sequence past them."""
    if conn.dialect.name == "postgresql":
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "
            f"COALESCE((SELECT MAX({column}) FROM {table.name}), 0) + 1, false)"))

"""Fast bulk writes: DB-API executemany with positional rows, per dialect."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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


def sync_sequence(conn: Connection, table: Table, column: str = "id") -> None:
    """After inserting explicit ids on PostgreSQL, move the serial sequence past them."""
    if conn.dialect.name == "postgresql":
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "
            f"COALESCE((SELECT MAX({column}) FROM {table.name}), 0) + 1, false)"))

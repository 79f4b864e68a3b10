"""Search index rows for the enterprises an import has just inserted, written from its frames.

`search.rebuild` reads every enterprise back and tokenises row by row. An import
already holds the new rows in memory, so here each distinct text is tokenised
once (registries repeat their business scopes and products) with the very
`search.document` and `search.area_tokens` of the index, and the size class is
computed a column at a time. Tests hold the result to what `search.rebuild`
writes, row for row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy import Connection, text

from chainatlas.services import search, sizes

# Columns of the frame `index_new` takes (the enterprise's own columns, as stored).
SOURCE = ("id", "name", "main_products", "business_scope", "region_code", "industry_code", "employees",
          "revenue_fen", "total_assets_fen")
SLICE_ROWS = 100_000
BULK_ROWS = 100_000  # from this many new rows on, the FTS5 term table is enlarged while they are written
# FTS5 flushes its in-memory term table to a new segment when it reaches this many
# bytes (default 1 MB); a larger table during a bulk load means fewer segments to merge.
BULK_HASH_BYTES = 64 << 20
DEFAULT_HASH_BYTES = 1 << 20


def after_import(conn: Connection, since: datetime, new: pl.DataFrame) -> int:
    """The importer's hook: index the inserted rows from `new`, reindex the updated ones from the store.

    An index that is empty while older enterprises exist (never built) is rebuilt whole.
    """
    first_new = new.get_column("id").min() if not new.is_empty() else None
    older = conn.execute(text("SELECT 1 FROM enterprises WHERE id < :first LIMIT 1"),
                         {"first": first_new if first_new is not None else 2 ** 62}).first()
    if older is not None and conn.execute(text("SELECT 1 FROM enterprise_facets LIMIT 1")).first() is None:
        return search.rebuild(conn)
    done = index_new(conn, new)
    updated = [i for (i,) in conn.execute(
        text("SELECT id FROM enterprises WHERE updated_at >= :since AND id < :first"),
        {"since": since, "first": first_new if first_new is not None else 2 ** 62})]
    return done + search.index_enterprises(conn, updated)


def index_new(conn: Connection, new: pl.DataFrame) -> int:
    """Index enterprises that are not in the index yet; `new` has the columns of SOURCE."""
    if new.is_empty():
        return 0
    sqlite = conn.dialect.name == "sqlite"
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    bulk = sqlite and new.height >= BULK_ROWS
    if bulk:
        _set_hash_size(cursor, BULK_HASH_BYTES)
    try:
        for part in new.select(SOURCE).iter_slices(SLICE_ROWS):
            docs, facets = _rows(part, sqlite)
            cursor.executemany(_fts_sql(sqlite), docs)
            cursor.executemany(_facet_sql(sqlite), facets)
    finally:
        if bulk:
            _set_hash_size(cursor, DEFAULT_HASH_BYTES)
        cursor.close()
    return new.height


def _set_hash_size(cursor: Any, size: int) -> None:
    cursor.execute(f"INSERT INTO enterprise_fts (enterprise_fts, rank) VALUES ('hashsize', {int(size)})")


def _fts_sql(sqlite: bool) -> str:
    if sqlite:
        return "INSERT INTO enterprise_fts (rowid, name, products, scope, area) VALUES (?, ?, ?, ?, ?)"
    return "INSERT INTO enterprise_fts (enterprise_id, doc) VALUES (%s, to_tsvector('simple', %s))"


def _facet_sql(sqlite: bool) -> str:
    mark = "?" if sqlite else "%s"
    return f"INSERT INTO enterprise_facets (enterprise_id, size_class) VALUES ({mark}, {mark})"


def _rows(part: pl.DataFrame, sqlite: bool) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    ids = part.get_column("id")
    name, products, scope = (_per_value(part.get_column(c), search.document)
                             for c in ("name", "main_products", "business_scope"))
    area = _per_value(part.get_column("region_code"), search.area_tokens)
    docs = pl.DataFrame([ids, name, products, scope, area])
    if not sqlite:
        docs = docs.select("id", pl.concat_str([name.name, products.name, scope.name, area.name], separator=" | "))
    facets = pl.DataFrame([ids, sizes.classify_frame(part)])
    return list(docs.iter_rows()), list(facets.iter_rows())


def _per_value(values: pl.Series, tokens: Callable[[str | None], str]) -> pl.Series:
    """`tokens` of each value, computed once per distinct value; blank for null."""
    distinct = values.drop_nulls().unique()
    words: Sequence[str] = [tokens(v) for v in distinct.to_list()]
    return values.replace_strict(distinct, pl.Series(words, dtype=pl.String), default="", return_dtype=pl.String)

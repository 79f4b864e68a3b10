"""The search index: how text and filterable facts become index terms, and writing them.

Text is indexed as overlapping character bigrams (see DEPENDENCIES.md: jieba
segments a name differently alone than inside a document; FTS5 `trigram`
cannot find two-character terms). SQLite keeps them in an FTS5 table, one
column per field; PostgreSQL in a `tsvector` with a GIN index ('simple'
configuration, so each bigram is one lexeme). A query becomes a phrase of its
bigrams, which finds exactly the documents containing the query as a substring.

Every run of CJK characters gives its bigrams plus its last character, so a
one-character query is a prefix query (`石*`) that still finds every
occurrence. Latin letters and digits (model numbers, 'NCM811') are whole
lower-case words, found by prefix. The index table `enterprise_facets` also
holds each enterprise's SME size class (中小企业划型) for the size filter.

The `area` column (PostgreSQL: the weight-B lexemes) holds the filterable facts
as terms, each kind with its own first letter: region `r`, park `p`, size `s`,
tag `t` and chain `c` (the chains an enterprise has an active placement on), so
that a filter is an index term and a query with a rare filter is answered
inside the index. Chain terms change with placements: whatever writes
placements calls `refresh_chains` in the same transaction.

Business scopes repeat the same clauses in most rows (技术服务, 货物进出口,
凭营业执照依法自主开展经营活动 …): in SQLite those runs are "common runs" and each is
one term, the run itself marked by `COMMON_MARK` (〇技术服务), instead of its
bigrams — a third of the business scope's terms, and of the time and size of
building its index. Which runs are common is decided from the data when the
index is built whole (a first bulk load, `rebuild`: `common_runs`) and kept in
the table `enterprise_fts_common`; every later write uses that list, so each
row's scope is cut the same way. A query still finds every scope containing it:
services/registry/search.py adds to each typed part the common runs containing
it (`common_containing`).

SQLite's FTS5 table is contentless (`content=''`, migration 0021): it keeps the index
and not the documents, which would be as large again as the enterprises themselves
and were the largest part of what a first import writes. SQLite 3.40 deletes a
contentless row only when it is handed the row's documents again (the FTS5 'delete'
command): the text columns are cut anew from the enterprise's row, and the `area`
terms, which follow placements and figures kept elsewhere, are kept in
`enterprise_facets.area`. So whatever changes an enterprise's name, products or
business scope calls `forget` first, while the row still holds what was indexed,
and `index_enterprises` after (which forgets what is still indexed, then writes).

SQLite's FTS5 rows are numbered by `fts_rowid`, the enterprise id negated: FTS5
walks its lists fastest in ascending rowid order, and a search lists the newest
enterprises first. It also writes fastest when rowids come ascending within a
transaction (any step back flushes its term table to a new segment), so writers
hand it the rows newest first.

Queries over it: services/search.py.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, text

from chainatlas.store import filters, sizes

# The CJK characters the index keeps (CJK Unified Ideographs, Extension A, Compatibility Ideographs);
# search_bulk cuts whole columns by the same ranges.
CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_RUN = re.compile("[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in CJK_RANGES) + "]+|[0-9A-Za-z]+")
BATCH = 20_000

# A common run of a business scope is one term: the run after this mark. U+3007 lies outside the ranges
# above, so no typed query has it; FTS5's `ascii` tokenizer keeps it in the term, as every non-ASCII character.
COMMON_MARK = "\u3007"
COMMON_TABLE = "enterprise_fts_common"  # the common runs of the SQLite index (migration 0016)
COMMON_SAMPLE = 100_000  # common runs are counted in the business scopes of this many enterprises, the first by id,
COMMON_SHARE = 0.01  # and are those found in at least this share of them
COMMON_MIN = 1000  # and at least this many
_CJK_PAIRS = "[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in CJK_RANGES) + "]{2,}"


def _bigrams(run: str) -> str:
    """The overlapping character pairs of a CJK run of two or more characters, separated by spaces."""
    return " ".join([run[i:i + 2] for i in range(len(run) - 1)])


@lru_cache(maxsize=200_000)
def _run_tokens(run: str) -> str:
    """The tokens of one run of CJK characters or of letters/digits (cached: registries repeat their words)."""
    if run[0].isascii():
        return run.lower()
    if len(run) == 1:
        return run
    return _bigrams(run) + " " + run[-1]


def grams(value: str | None) -> list[str]:
    """The index tokens of a text: CJK bigrams and run ends, lower-case Latin/digit words."""
    return document(value).split()


def document(value: str | None, common: frozenset[str] = frozenset()) -> str:
    """The text as the index stores it: its tokens separated by spaces; a run in `common` is one term."""
    if not value:
        return ""
    if common:
        return " ".join([COMMON_MARK + run if run in common else _run_tokens(run) for run in _RUN.findall(value)])
    return " ".join([_run_tokens(run) for run in _RUN.findall(value)])


def common_runs(scopes: pl.Series) -> frozenset[str]:
    """The common runs of business scopes given in id order: runs of two or more CJK characters found in
    at least COMMON_SHARE of the first COMMON_SAMPLE, and at least COMMON_MIN times (once a scope)."""
    sample = scopes.head(COMMON_SAMPLE).drop_nulls()
    floor = max(COMMON_MIN, COMMON_SHARE * sample.len())
    runs = sample.str.extract_all(_CJK_PAIRS).list.unique().explode().drop_nulls()
    counts = runs.value_counts(name="n")
    return frozenset(counts.filter(pl.col("n") >= floor).get_column(runs.name).to_list())


def common_containing(common: Iterable[str], text: str) -> list[str]:
    """The index terms of the common runs that contain `text`, sorted."""
    return sorted(COMMON_MARK + run for run in common if text in run)


def _has_common_table(conn: Connection) -> bool:
    """SQLite at migration 0016 or later (older migrations rebuild the index with the code of today)."""
    return conn.dialect.name == "sqlite" and conn.execute(text(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": COMMON_TABLE}).first() is not None


def load_common(conn: Connection) -> frozenset[str]:
    """The common runs the index's scopes were cut with (none on PostgreSQL)."""
    if not _has_common_table(conn):
        return frozenset()
    return frozenset(r for (r,) in conn.execute(text(f"SELECT run FROM {COMMON_TABLE}")))


def save_common(conn: Connection, common: frozenset[str]) -> None:
    """Record the common runs of an index built whole (SQLite at 0016 or later)."""
    if _has_common_table(conn):
        conn.execute(text(f"DELETE FROM {COMMON_TABLE}"))
        if common:
            conn.execute(text(f"INSERT INTO {COMMON_TABLE} (run) VALUES (:run)"), [{"run": r} for r in sorted(common)])


def area_tokens(region_code: str | None) -> str:
    """Region tokens of an enterprise (province, city, county), so that a region filter is an index term."""
    if not region_code:
        return ""
    return f"r{region_code[:2]} r{region_code[:4]} r{region_code}"


def area_query(region: str) -> str:
    """The one region token that selects everything inside a province, city or county code."""
    if region.endswith("0000"):
        return "r" + region[:2]
    return "r" + (region[:4] if region.endswith("00") else region)


def park_token(park: str) -> str:
    """The index term of a park name (letters and digits only, whatever the name)."""
    return "p" + hashlib.sha1(park.encode("utf-8")).hexdigest()[:16]


def tag_token(tag: str) -> str:
    return "t" + re.sub(r"[^0-9a-z]", "", tag.lower())


def size_token(size_class: str) -> str:
    return "s" + size_class


CHAIN_MARK = "c"


def chain_token(chain_id: str) -> str:
    """The index term of a chain: its id in hex (ids may hold '-', where the tokenizer would split)."""
    return CHAIN_MARK + chain_id.encode("utf-8").hex()


def facet_tokens(region_code: str | None, park: str | None, size_class: str | None, tags: Iterable[str],
                 chains: Iterable[str] = ()) -> str:
    """The `area` column: index terms of the filterable facts, so that a filter is an index term too."""
    tokens = [area_tokens(region_code)] if region_code else []
    if park:
        tokens.append(park_token(park))
    if size_class:
        tokens.append(size_token(size_class))
    tokens += sorted({tag_token(t) for t in tags})
    tokens += sorted({chain_token(c) for c in chains})
    return " ".join(tokens)


def facet_query(region: str | None, park: str | None, size: str | None, tag: str | None,
                chain: str | None = None) -> list[str]:
    """The index terms that the region, park, size, tag and chain filters require."""
    terms = [area_query(region)] if region else []
    if park:
        terms.append(park_token(park))
    if size:
        terms.append(size_token(size))
    if tag:
        terms.append(tag_token(tag))
    if chain:
        terms.append(chain_token(chain))
    return terms


def query_parts(q: str) -> list[tuple[str, str]]:
    """A query as (kind, text) parts that must all match: ('phrase', '石墨 墨烯') or ('prefix', '石')."""
    parts: list[tuple[str, str]] = []
    for match in _RUN.finditer(q):
        run = match.group()
        if not run[0].isascii() and len(run) > 1:
            parts.append(("phrase", _bigrams(run)))
        else:
            parts.append(("prefix", run.lower()))
    return parts



# --- writing the index -------------------------------------------------------------------------

def fts_rowid(enterprise_id: int) -> int:
    """The FTS5 rowid of an enterprise (SQLite): its id negated, so that ascending rowids are newest first.
    In SQL: `-enterprise_fts.rowid` is the enterprise id."""
    return -enterprise_id


_SOURCE = """
SELECT e.id, e.name, e.main_products, e.business_scope, e.region_code, e.industry_code, e.employees, e.revenue_fen,
       y.total_assets_fen, e.park
FROM enterprises e
LEFT JOIN enterprise_years y ON y.enterprise_id = e.id AND y.year = e.revenue_year
"""


def _write(conn: Connection, rows: Iterable[Sequence[Any]], common: frozenset[str], keep_area: bool = True) -> int:
    """Index rows of `_SOURCE`, their scopes cut with the common runs `common`; returns how many.
    `keep_area`: enterprise_facets has its `area` column (false only inside migrations before 0021)."""
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    sqlite = conn.dialect.name == "sqlite"
    mark = "?" if sqlite else "%s"
    if sqlite:
        fts_sql = _FTS_INSERT
    else:
        # Text terms weigh A, facet terms B: a typed prefix (`t*`) must not match a facet term (`tlisted`).
        fts_sql = ("INSERT INTO enterprise_fts (enterprise_id, doc) VALUES "
                   "(%s, setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B'))")
    facet_sql = (f"INSERT INTO enterprise_facets (enterprise_id, size_class, area) VALUES ({mark}, {mark}, {mark})"
                 if keep_area else f"INSERT INTO enterprise_facets (enterprise_id, size_class) VALUES ({mark}, {mark})")
    classify = sizes.classifier()
    total = 0
    docs: list[tuple[Any, ...]] = []
    facets: list[tuple[Any, ...]] = []

    def flush() -> None:
        if docs:
            if sqlite:
                docs.sort(key=lambda doc: doc[0])  # ascending rowids: one FTS5 segment, not one a row
            cursor.executemany(fts_sql, docs)
            cursor.executemany(facet_sql, facets)
            docs.clear()
            facets.clear()

    rows = list(rows)
    ids = [int(r[0]) for r in rows]
    tags = _per_enterprise(conn, "SELECT enterprise_id, tag FROM enterprise_tags WHERE enterprise_id IN ({})", ids)
    chains = _chains_of(conn, ids)
    for eid, name, products, scope, region, code, employees, revenue_fen, assets_fen, park in rows:
        size_class = classify(code, employees, revenue_fen, assets_fen)
        area = facet_tokens(region, park, size_class, tags.get(eid, ()), chains.get(eid, ()))
        if sqlite:
            docs.append((fts_rowid(eid), document(name), document(products), document(scope, common), area))
        else:
            docs.append((eid, " | ".join((document(name), document(products), document(scope))), area))
        facets.append((eid, size_class, area) if keep_area else (eid, size_class))
        total += 1
        if len(docs) >= BATCH:
            flush()
    flush()
    cursor.close()
    return total


def _per_enterprise(conn: Connection, sql: str, ids: Sequence[int]) -> dict[int, list[str]]:
    """Values by enterprise id from a query of (enterprise_id, value) whose `IN ({})` takes the ids."""
    found: dict[int, list[str]] = {}
    for start in range(0, len(ids), 5000):
        marks = ", ".join(str(int(i)) for i in ids[start:start + 5000])  # integers only
        for eid, value in conn.execute(text(sql.format(marks))):
            found.setdefault(eid, []).append(value)
    return found


_ACTIVE = filters.ACTIVE_SQL


def _chains_of(conn: Connection, ids: Sequence[int]) -> dict[int, list[str]]:
    """The chains each enterprise has an active placement on."""
    return _per_enterprise(conn, "SELECT DISTINCT enterprise_id, chain_id FROM placements "
                                 f"WHERE enterprise_id IN ({{}}) AND status IN ({_ACTIVE})", ids)


def refresh_chains(conn: Connection, ids: Sequence[int]) -> int:
    """Bring the chain terms of some enterprises up to date after their placements changed; returns how many
    index rows changed. Call it in the transaction that wrote the placements.

    SQLite rewrites only the rows whose chains differ: each is deleted with the documents it was indexed
    with (its texts as stored, the `area` kept in enterprise_facets) and written again with its new `area`;
    PostgreSQL reindexes the enterprises.
    """
    ids = sorted({int(i) for i in ids})
    if conn.dialect.name != "sqlite":
        return index_enterprises(conn, ids)
    chains = _chains_of(conn, ids)
    common = load_common(conn)
    deleted, written, areas = [], [], []
    for start in range(0, len(ids), 5000):
        marks = ", ".join(str(i) for i in ids[start:start + 5000])  # integers only
        for eid, name, products, scope, area in conn.execute(text(_INDEXED.format(marks))):
            kept = [t for t in (area or "").split() if not t.startswith(CHAIN_MARK)]
            fresh = " ".join(kept + sorted({chain_token(c) for c in chains.get(eid, ())}))
            if fresh != area:
                docs = (document(name), document(products), document(scope, common))
                deleted.append((fts_rowid(eid), *docs, area))
                written.append((fts_rowid(eid), *docs, fresh))
                areas.append((fresh, eid))
    if deleted:
        # Ascending rowids, deletes then writes: FTS5 writes out its pending terms as a new segment whenever
        # a rowid is lower than the one before (so once here, between the two), not for every row.
        deleted.sort(key=lambda doc: doc[0])
        written.sort(key=lambda doc: doc[0])
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.executemany(_FTS_DELETE, deleted)
        cursor.executemany(_FTS_INSERT, written)
        cursor.executemany("UPDATE enterprise_facets SET area = ? WHERE enterprise_id = ?", areas)
        cursor.close()
    return len(deleted)


# What an indexed enterprise was indexed with: the rows of enterprise_facets are the enterprises in the index.
_INDEXED = ("SELECT e.id, e.name, e.main_products, e.business_scope, f.area FROM enterprise_facets f "
            "JOIN enterprises e ON e.id = f.enterprise_id WHERE f.enterprise_id IN ({})")
_FTS_INSERT = "INSERT INTO enterprise_fts (rowid, name, products, scope, area) VALUES (?, ?, ?, ?, ?)"
_FTS_DELETE = ("INSERT INTO enterprise_fts (enterprise_fts, rowid, name, products, scope, area) "
               "VALUES ('delete', ?, ?, ?, ?, ?)")


def forget(conn: Connection, ids: Sequence[int], layout: tuple[bool, bool] | None = None) -> int:
    """Take some enterprises out of the index; returns how many were in it.

    On SQLite call it before an enterprise's name, products or business scope change (the contentless
    index deletes a row given the documents it holds: they are cut again from the row as it is).
    `layout`: `_layout(conn)`, when the caller has it.
    """
    ids = sorted({int(i) for i in ids})
    sqlite = conn.dialect.name == "sqlite"
    contentless, _ = layout or _layout(conn)
    common = load_common(conn) if contentless else frozenset()
    done = 0
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        marks = ", ".join(str(i) for i in chunk)  # integers only
        if contentless:
            deleted = sorted((fts_rowid(eid), document(name), document(products), document(scope, common), area or "")
                             for eid, name, products, scope, area in conn.execute(text(_INDEXED.format(marks))))
            if deleted:  # ascending rowids: FTS5 keeps them in one pending segment (see refresh_chains)
                cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
                cursor.executemany(_FTS_DELETE, deleted)
                cursor.close()
            done += len(deleted)
        elif sqlite:  # an index that keeps its documents (migrations before 0021)
            rowids = ", ".join(str(fts_rowid(i)) for i in chunk)
            done += conn.execute(text(f"DELETE FROM enterprise_fts WHERE rowid IN ({rowids})")).rowcount
        else:
            done += conn.execute(text(f"DELETE FROM enterprise_fts WHERE enterprise_id IN ({marks})")).rowcount
        conn.execute(text(f"DELETE FROM enterprise_facets WHERE enterprise_id IN ({marks})"))
    return done


def _layout(conn: Connection) -> tuple[bool, bool]:
    """Whether the SQLite FTS5 table is contentless, and whether enterprise_facets has `area` (both: from 0021)."""
    if conn.dialect.name == "sqlite":
        declared = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'enterprise_fts'")).scalar() or ""
        columns = {row[1] for row in conn.execute(text("PRAGMA table_info(enterprise_facets)"))}
        return "content=''" in declared.replace(" ", ""), "area" in columns
    return False, conn.execute(text(
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'enterprise_facets' AND column_name = 'area' "
        "AND table_schema = current_schema()")).first() is not None


def rebuild(conn: Connection) -> int:
    """Drop and rebuild the whole index (a first bulk import, or after a migration); SQLite's common runs anew."""
    # Migrations before 0021 rebuild their index with this code: a table with its content, no `area` in the facets.
    contentless, keep_area = _layout(conn)
    if contentless:  # a contentless FTS5 table is emptied by its 'delete-all' command
        conn.execute(text("INSERT INTO enterprise_fts (enterprise_fts) VALUES ('delete-all')"))
    else:
        conn.execute(text("DELETE FROM enterprise_fts"))
    conn.execute(text("DELETE FROM enterprise_facets"))
    common: frozenset[str] = frozenset()
    if _has_common_table(conn):
        scopes = [s for (s,) in conn.execute(text(
            "SELECT business_scope FROM enterprises WHERE merged_into_id IS NULL ORDER BY id LIMIT :n"),
            {"n": COMMON_SAMPLE})]
        common = common_runs(pl.Series("business_scope", scopes, dtype=pl.String))
        save_common(conn, common)
    last, total = 0, 0
    while True:
        rows = conn.execute(text(_SOURCE + " WHERE e.id > :last AND e.merged_into_id IS NULL "
                                 "ORDER BY e.id LIMIT :n"), {"last": last, "n": BATCH}).all()
        if not rows:
            break
        total += _write(conn, rows, common, keep_area)
        last = rows[-1][0]
    compact(conn)
    return total


def indexed_documents(conn: Connection) -> dict[int, tuple[str, ...]]:
    """The documents the SQLite index holds, by rowid: (name, products, scope, area), each its terms in the
    order of their positions (FTS5 `fts5vocab` 'instance'). It reads the whole index: for tests and checks."""
    conn.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.enterprise_fts_instances "
                      "USING fts5vocab(main, enterprise_fts, 'instance')"))
    terms: dict[int, dict[str, list[tuple[int, str]]]] = {}
    for term, doc, column, offset in conn.execute(text("SELECT term, doc, col, offset FROM enterprise_fts_instances")):
        terms.setdefault(doc, {}).setdefault(column, []).append((offset, term))
    return {doc: tuple(" ".join(t for _, t in sorted(found.get(c, []))) for c in ("name", "products", "scope", "area"))
            for doc, found in terms.items()}


COMPACT_AFTER = 50_000  # rows rewritten in bulk after which the index is merged into one segment again


def compact(conn: Connection) -> None:
    """Merge the SQLite index into one segment after bulk writes (PostgreSQL: nothing to do).

    A bulk build or rewrite leaves FTS5 with many segments (and, after updates, deleted
    entries), each probed for every term of every query; merged into one, a phrase query
    with a region reads several times less (30 ms → a few ms on two million rows).
    """
    if conn.dialect.name == "sqlite":
        conn.execute(text("INSERT INTO enterprise_fts (enterprise_fts) VALUES ('optimize')"))


def index_enterprises(conn: Connection, ids: Sequence[int]) -> int:
    """(Re)index some enterprises, e.g. after an import changed them; merged records are dropped.

    What is still indexed of them is forgotten first: on SQLite that needs the texts it was indexed
    with, so a writer that changes them calls `forget` before it does (then this forgets nothing).
    """
    done = 0
    common = load_common(conn)
    layout = _layout(conn)
    for start in range(0, len(ids), 500):
        chunk = [int(i) for i in ids[start:start + 500]]
        forget(conn, chunk, layout)
        marks = ", ".join(str(i) for i in chunk)  # integers only
        rows = conn.execute(text(_SOURCE + f" WHERE e.id IN ({marks}) AND e.merged_into_id IS NULL")).all()
        done += _write(conn, rows, common, layout[1])
    return done


def _newest_indexed(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        newest = conn.execute(text("SELECT MAX(id) FROM enterprises")).scalar() or 0
        indexed = conn.execute(text("SELECT MAX(enterprise_id) FROM enterprise_facets")).scalar() or 0
    return newest, indexed


def behind(engine: Engine) -> bool:
    """Whether enterprises were added without the importer and are not indexed yet (two index reads)."""
    newest, indexed = _newest_indexed(engine)
    return newest > indexed


def catch_up(engine: Engine) -> int:
    """Index enterprises added without the importer (newer than anything indexed); cheap when none."""
    newest, indexed = _newest_indexed(engine)
    if newest <= indexed:
        return 0
    with engine.begin() as conn:
        ids = [i for (i,) in conn.execute(text("SELECT id FROM enterprises WHERE id > :i"), {"i": indexed})]
        return index_enterprises(conn, ids)

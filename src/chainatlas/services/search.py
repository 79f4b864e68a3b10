"""Chinese search over the registry: name, credit code, business scope and products.

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
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, text

from chainatlas.domain.access import Viewer
from chainatlas.domain.chain import ACTIVE_PLACEMENTS
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.regions import code_range
from chainatlas.domain.tags import tag_label
from chainatlas.services import access, search_cache, sizes
from chainatlas.services.enterprises import summary
from chainatlas.store.versioned import VersionedCache

_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9A-Za-z]+")
BATCH = 20_000
FIELDS = ("name", "main_products", "business_scope")


@lru_cache(maxsize=200_000)
def _run_tokens(run: str) -> str:
    """The tokens of one run of CJK characters or of letters/digits (cached: registries repeat their words)."""
    if run[0].isascii():
        return run.lower()
    if len(run) == 1:
        return run
    return " ".join([run[i:i + 2] for i in range(len(run) - 1)]) + " " + run[-1]


def grams(value: str | None) -> list[str]:
    """The index tokens of a text: CJK bigrams and run ends, lower-case Latin/digit words."""
    return document(value).split()


def document(value: str | None) -> str:
    """The text as the index stores it: its tokens separated by spaces."""
    if not value:
        return ""
    return " ".join([_run_tokens(run) for run in _RUN.findall(value)])


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
            parts.append(("phrase", " ".join(run[i:i + 2] for i in range(len(run) - 1))))
        else:
            parts.append(("prefix", run.lower()))
    return parts


def fts5_query(parts: Sequence[tuple[str, str]]) -> str:
    """The FTS5 MATCH expression; the tokens hold only letters and digits, so quoting is safe."""
    return " AND ".join(f'"{t}"' if kind == "phrase" else f'"{t}" *' for kind, t in parts)


# --- writing the index -------------------------------------------------------------------------

_SOURCE = """
SELECT e.id, e.name, e.main_products, e.business_scope, e.region_code, e.industry_code, e.employees, e.revenue_fen,
       y.total_assets_fen, e.park
FROM enterprises e
LEFT JOIN enterprise_years y ON y.enterprise_id = e.id AND y.year = e.revenue_year
"""


def _write(conn: Connection, rows: Iterable[Sequence[Any]]) -> int:
    """Index rows of `_SOURCE`; returns how many."""
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    sqlite = conn.dialect.name == "sqlite"
    mark = "?" if sqlite else "%s"
    if sqlite:
        fts_sql = (f"INSERT INTO enterprise_fts (rowid, name, products, scope, area) "
                   f"VALUES ({mark}, {mark}, {mark}, {mark}, {mark})")
    else:
        # Text terms weigh A, facet terms B: a typed prefix (`t*`) must not match a facet term (`tlisted`).
        fts_sql = ("INSERT INTO enterprise_fts (enterprise_id, doc) VALUES "
                   "(%s, setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B'))")
    facet_sql = f"INSERT INTO enterprise_facets (enterprise_id, size_class) VALUES ({mark}, {mark})"
    classify = sizes.classifier()
    total = 0
    docs: list[tuple[Any, ...]] = []
    facets: list[tuple[Any, ...]] = []

    def flush() -> None:
        if docs:
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
            docs.append((eid, document(name), document(products), document(scope), area))
        else:
            docs.append((eid, " | ".join((document(name), document(products), document(scope))), area))
        facets.append((eid, size_class))
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


_ACTIVE = ", ".join(f"'{status}'" for status in ACTIVE_PLACEMENTS)


def _chains_of(conn: Connection, ids: Sequence[int]) -> dict[int, list[str]]:
    """The chains each enterprise has an active placement on."""
    return _per_enterprise(conn, "SELECT DISTINCT enterprise_id, chain_id FROM placements "
                                 f"WHERE enterprise_id IN ({{}}) AND status IN ({_ACTIVE})", ids)


def refresh_chains(conn: Connection, ids: Sequence[int]) -> int:
    """Bring the chain terms of some enterprises up to date after their placements changed; returns how many
    index rows changed. Call it in the transaction that wrote the placements.

    SQLite rewrites only the `area` of rows whose chains differ (FTS5 tokenises it again itself);
    PostgreSQL reindexes the enterprises.
    """
    ids = sorted({int(i) for i in ids})
    if conn.dialect.name != "sqlite":
        return index_enterprises(conn, ids)
    chains = _chains_of(conn, ids)
    changed = []
    for start in range(0, len(ids), 5000):
        marks = ", ".join(str(i) for i in ids[start:start + 5000])  # integers only
        for eid, area in conn.execute(text(f"SELECT rowid, area FROM enterprise_fts WHERE rowid IN ({marks})")):
            kept = [t for t in area.split() if not t.startswith(CHAIN_MARK)]
            fresh = " ".join(kept + sorted({chain_token(c) for c in chains.get(eid, ())}))
            if fresh != area:
                changed.append((fresh, eid))
    if changed:
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.executemany("UPDATE enterprise_fts SET area = ? WHERE rowid = ?", changed)
        cursor.close()
    return len(changed)


def rebuild(conn: Connection) -> int:
    """Drop and rebuild the whole index (a first bulk import, or after a migration)."""
    conn.execute(text("DELETE FROM enterprise_fts"))
    conn.execute(text("DELETE FROM enterprise_facets"))
    last, total = 0, 0
    while True:
        rows = conn.execute(text(_SOURCE + " WHERE e.id > :last AND e.merged_into_id IS NULL "
                                 "ORDER BY e.id LIMIT :n"), {"last": last, "n": BATCH}).all()
        if not rows:
            break
        total += _write(conn, rows)
        last = rows[-1][0]
    compact(conn)
    return total


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
    """(Re)index some enterprises, e.g. after an import changed them; merged records are dropped."""
    done = 0
    key = "rowid" if conn.dialect.name == "sqlite" else "enterprise_id"
    for start in range(0, len(ids), 500):
        chunk = [int(i) for i in ids[start:start + 500]]
        marks = ", ".join(str(i) for i in chunk)  # integers only
        conn.execute(text(f"DELETE FROM enterprise_fts WHERE {key} IN ({marks})"))
        conn.execute(text(f"DELETE FROM enterprise_facets WHERE enterprise_id IN ({marks})"))
        rows = conn.execute(text(_SOURCE + f" WHERE e.id IN ({marks}) AND e.merged_into_id IS NULL")).all()
        done += _write(conn, rows)
    return done


def after_import(conn: Connection, since: datetime) -> int:
    """The importer's hook: rebuild an empty index in bulk, else reindex what the import wrote."""
    if conn.execute(text("SELECT 1 FROM enterprise_facets LIMIT 1")).first() is None:
        return rebuild(conn)
    ids = [i for (i,) in conn.execute(text("SELECT id FROM enterprises WHERE updated_at >= :since"),
                                      {"since": since})]
    return index_enterprises(conn, ids)


def catch_up(engine: Engine) -> int:
    """Index enterprises added without the importer (newer than anything indexed); cheap when none."""
    with engine.connect() as conn:
        newest = conn.execute(text("SELECT MAX(id) FROM enterprises")).scalar() or 0
        indexed = conn.execute(text("SELECT MAX(enterprise_id) FROM enterprise_facets")).scalar() or 0
    if newest <= indexed:
        return 0
    with engine.begin() as conn:
        ids = [i for (i,) in conn.execute(text("SELECT id FROM enterprises WHERE id > :i"), {"i": indexed})]
        return index_enterprises(conn, ids)


# --- searching ---------------------------------------------------------------------------------

RANK_LIMIT = 100  # up to this many text matches are ranked (name hits first); beyond, newest first
COUNT_LIMIT = 1000  # totals above this are reported as "more than 1000"
CATCH_UP_SECONDS = 5.0
_USCC_PREFIX = re.compile(r"^[0-9][0-9A-Z]{5,17}$")
_checked: dict[str, float] = {}
_SUMMARY_COLUMNS = ("e.id, e.uscc, e.name, e.region_code, e.park, e.industry_code, e.revenue_fen, e.revenue_year, "
                    "e.employees, e.main_products")


def _filters(region: str | None, park: str | None, tag: str | None, chain: str | None, link: str | None,
             size: str | None, params: dict[str, Any], sqlite: bool = False) -> list[str]:
    """SQL conditions on enterprises `e`; values go into `params`."""
    where = ["e.merged_into_id IS NULL"]
    plus = "+" if sqlite else ""  # SQLite: not this column's index (see each use)
    if region:
        low, high = code_range(region)
        params.update(region_low=low, region_high=high)
        # On SQLite only a credit-code search filters by region here: `+` keeps SQLite on the uscc index.
        where.append(f"{plus}e.region_code >= :region_low AND {plus}e.region_code < :region_high")
    if park:
        params["park"] = park
        where.append("e.park = :park")
    if tag:
        params["tag"] = tag
        where.append("EXISTS (SELECT 1 FROM enterprise_tags t WHERE t.enterprise_id = e.id AND t.tag = :tag)")
    if chain:
        where.append(_chain_filter(chain, link, params, sqlite))
    if size:
        params["size"] = size
        where.append("EXISTS (SELECT 1 FROM enterprise_facets f WHERE f.enterprise_id = e.id "
                     "AND f.size_class = :size)")
    return where


def _chain_filter(chain: str, link: str | None, params: dict[str, Any], sqlite: bool, key: str = "e.id") -> str:
    """The condition that enterprise `key` sits on a chain (and link), by an active placement."""
    params["chain"] = chain
    on_link = ""
    if link:
        params["link"] = link
        on_link = " AND p.link_id = :link"
    # SQLite would look the chain up in ix_placements_chain_link, reading every placement of the chain
    # for each enterprise (seconds to minutes); `+` leaves it the per-enterprise unique index.
    plus = "+" if sqlite else ""
    return (f"EXISTS (SELECT 1 FROM placements p WHERE p.enterprise_id = {key} AND {plus}p.chain_id = :chain"
            f"{on_link} AND p.status IN ('proposed', 'confirmed', 'manual'))")


@dataclass
class _Source:
    """Where the rows of a query come from: FROM clause, its condition, and the id to order by.

    `index_only` sources answer from the search index alone (SQLite FTS5, whose
    rows are the enterprises not merged away, with their region as index terms):
    no enterprise row is read until the page itself is fetched.
    """

    table: str = "enterprises e"
    condition: str | None = None
    order: str = "e.id"
    index_only: bool = False
    facets_inside: bool = False  # the region, park, size, tag and chain filters are part of `condition`


def _fts_source(match: str, params: dict[str, Any], index_only: bool) -> _Source:
    params["match"] = match
    # Ordering by the FTS rowid lets FTS5 hand rows over in order: no sort of all matches.
    if index_only:
        return _Source("enterprise_fts", "enterprise_fts MATCH :match", "enterprise_fts.rowid", True, True)
    return _Source("enterprise_fts JOIN enterprises e ON e.id = enterprise_fts.rowid",
                   "enterprise_fts MATCH :match", "enterprise_fts.rowid", facets_inside=True)


def _fts5_facets(facets: Sequence[str]) -> str:
    return " AND ".join(f'area : "{t}"' for t in facets)  # tokens of letters and digits only


def _text_source(conn: Connection, q: str, params: dict[str, Any], facets: Sequence[str] = (),
                 index_only: bool = False) -> _Source | None:
    """The source of a text query; None when the query has no searchable characters.

    The region, park, size, tag and chain filters join the text query as index terms
    (`facets`), so that a common word with a rare filter does not walk every match.
    """
    code = q.strip().upper()
    if _USCC_PREFIX.match(code):
        params.update(uscc_low=code, uscc_high=code + "\uffff")
        return _Source(condition="e.uscc >= :uscc_low AND e.uscc < :uscc_high")
    parts = query_parts(q)
    if not parts:
        return None
    if conn.dialect.name == "sqlite":
        # The typed text is looked for in the text columns only: `t*` must not match a facet term (`tlisted`).
        typed = "{name products scope} : (" + fts5_query(parts) + ")"
        return _fts_source(" AND ".join([typed, *([_fts5_facets(facets)] if facets else [])]), params,
                           index_only)
    terms = []
    for i, (kind, value) in enumerate(parts):
        params[f"t{i}"] = value if kind == "phrase" else value + ":*A"
        terms.append(f"phraseto_tsquery('simple', :t{i})" if kind == "phrase" else f"to_tsquery('simple', :t{i})")
    for i, token in enumerate(facets):
        params[f"f{i}"] = token + ":B"
        terms.append(f"to_tsquery('simple', :f{i})")
    condition = "s.doc @@ (" + " && ".join(terms) + ")"
    return _Source("enterprise_fts s JOIN enterprises e ON e.id = s.enterprise_id", condition, "s.enterprise_id",
                   facets_inside=True)


def search_enterprises(engine: Engine, q: str | None = None, *, viewer: Viewer, region: str | None = None,
                       park: str | None = None, tag: str | None = None, chain: str | None = None,
                       link: str | None = None, size: str | None = None, limit: int = 20, offset: int = 0,
                       cursor: str | None = None) -> dict[str, Any]:
    """One page of the enterprises the viewer may see that match a query and filters (fields cut to its rights).

    Up to RANK_LIMIT text matches are ranked: name hits, then product hits, then
    business scope, newest first within each. Larger result sets (and plain
    filtering) are newest first with keyset paging (`cursor` "k:<id>"), which
    stays fast at any depth of a two-million-row registry. Totals are exact up to
    RANK_LIMIT for text queries and COUNT_LIMIT for filters; beyond, `total_capped`.
    Pages are kept in a small cache, per scope, until the database next changes
    (search_cache); the fields are cut to the viewer's rights on every call.
    """
    _catch_up_now_and_then(engine)
    if cursor and not re.fullmatch(r"[ko]:\d{1,12}", cursor):
        raise InvalidInput(f"翻页游标 {cursor} 无效")
    scope = _scope(viewer)
    key = (q, region, park, tag, chain, link, size, limit, offset, cursor, RANK_LIMIT, COUNT_LIMIT,
           access.scope_key(viewer))
    page = search_cache.cached(engine, key, lambda: _search(engine, q, region, park, tag, chain, link, size,
                                                            limit, offset, cursor, scope))
    page["items"] = access.redact_records(engine, viewer, page["items"])
    return page


def _nothing_outside(engine: Engine, conn: Connection, region: str) -> bool:
    """Whether every enterprise lies in this region (a province's registry seen by the province): then the
    scope filters nothing, and leaving its index term out spares intersecting with every row's posting.
    Kept until the database next changes."""
    low, high = code_range(region)
    return _whole_registry.get(engine, region, lambda: conn.execute(text(
        "SELECT 1 FROM enterprises WHERE region_code IS NULL OR region_code < :low OR region_code >= :high "
        "LIMIT 1"), {"low": low, "high": high}).first() is None)


_whole_registry = VersionedCache(64)


@dataclass(frozen=True)
class _ViewerScope:
    """What a viewer may see, as SQL over `e` and, when it is one own region or park, as index terms."""

    sql: str
    params: dict[str, Any]
    facets: list[str] | None
    region: str | None = None  # the scope is this region and nothing else


def _scope(viewer: Viewer) -> _ViewerScope | None:
    params: dict[str, Any] = {}
    sql = access.sql_text(viewer, params)
    if sql is None:
        return None
    areas = viewer.areas
    plain = len(areas) == 1 and not areas[0].shared and areas[0].enterprise_id is None \
        and not areas[0].chain and not areas[0].tag and bool(areas[0].region or areas[0].park)
    return _ViewerScope(sql, params, facet_query(areas[0].region, areas[0].park, None, None) if plain else None,
                        areas[0].region if plain and not areas[0].park else None)


def _search(engine: Engine, q: str | None, region: str | None, park: str | None, tag: str | None,
            chain: str | None, link: str | None, size: str | None, limit: int, offset: int,
            cursor: str | None, scope: _ViewerScope | None) -> dict[str, Any]:
    with engine.connect() as conn:
        if scope is None or scope.region is None or not _nothing_outside(engine, conn, scope.region):
            return _search_in(conn, q, region, park, tag, chain, link, size, limit, offset, cursor, scope)
        page = _search_in(conn, q, region, park, tag, chain, link, size, limit, offset, cursor, None)
    # The region holds the whole registry; should an enterprise outside arrive meanwhile, it still does not show.
    low, high = code_range(scope.region)
    page["items"] = [i for i in page["items"] if low <= (i["region_code"] or "") < high]
    return page


def _search_in(conn: Connection, q: str | None, region: str | None, park: str | None, tag: str | None,
               chain: str | None, link: str | None, size: str | None, limit: int, offset: int,
               cursor: str | None, scope: _ViewerScope | None) -> dict[str, Any]:
    params: dict[str, Any] = {}
    # Region, park, size, tags and chains are index terms, and a link filter looks up placements by the
    # index's rowid: no enterprise row is read before the page (reading them made 石墨 + an unrelated chain
    # 6 s; walking its matches to ask each for a placement, 0.2 s). A viewer's own region or park joins
    # them as terms; any other scope needs the enterprise rows.
    index_only = scope is None or scope.facets is not None
    facets = facet_query(region, park, size, tag, chain) + (scope.facets or [] if scope else [])
    sqlite = conn.dialect.name == "sqlite"
    source: _Source | None = _Source()
    if q and q.strip():
        source = _text_source(conn, q, params, facets, index_only)
        if source is None:
            return _page([], 0, False, limit, offset, None, q)
    elif facets and sqlite:
        source = _fts_source(_fts5_facets(facets), params, index_only)
    assert source is not None
    if source.index_only:
        where = [_chain_filter(chain, link, params, sqlite, source.order)] if chain and link else []
    elif source.facets_inside:
        where = _filters(None, None, None, chain if link else None, link, None, params, sqlite)
    else:
        where = _filters(region, park, tag, chain, link, size, params, sqlite)
    if source.condition:
        where.append(source.condition)
    if scope and not (source.facets_inside and scope.facets is not None):
        where.append(scope.sql)
        params.update(scope.params)
    if q and q.strip():
        candidates = conn.execute(text(
            f"SELECT {source.order} FROM {source.table} WHERE {' AND '.join(where)} "
            f"ORDER BY {source.order} DESC LIMIT {RANK_LIMIT + 1}"), params).scalars().all()
        if len(candidates) <= RANK_LIMIT:
            return _ranked(conn, candidates, q.strip(), limit, offset, cursor)
        # More text matches than can be ranked: counting them would mean reading every match
        # (thousands of rows for a common word in a province), so the total says "more than".
        total, cap = RANK_LIMIT + 1, RANK_LIMIT
    else:
        candidates = []
        cap = COUNT_LIMIT
        total = conn.execute(text(f"SELECT COUNT(*) FROM (SELECT 1 FROM {source.table} "
                                  f"WHERE {' AND '.join(where)} LIMIT {COUNT_LIMIT + 1}) AS capped"),
                             params).scalar_one()
    if cursor and cursor.startswith("k:"):
        params["after"] = int(cursor[2:])
        where.append(f"{source.order} < :after")
        offset = 0
    elif cursor:
        offset = int(cursor[2:])
    if candidates and not cursor and not offset and limit < len(candidates):
        ids = candidates[:limit + 1]  # the first page is the head of the candidates already read
    else:
        ids = conn.execute(text(
            f"SELECT {source.order} FROM {source.table} WHERE {' AND '.join(where)} "
            f"ORDER BY {source.order} DESC LIMIT {limit + 1} OFFSET {int(offset)}"), params).scalars().all()
    more = len(ids) > limit
    ids = ids[:limit]
    rows = _rows(conn, ids)
    return _page([_item(rows[i]) for i in ids if i in rows], min(total, cap), total > cap, limit, offset,
                 f"k:{ids[-1]}" if more and ids else None, q)


def _ranked(conn: Connection, candidates: Sequence[int], q: str, limit: int, offset: int,
            cursor: str | None) -> dict[str, Any]:
    """A page of a small set of text matches, ranked (name hits, then product hits, then business scope,
    newest first within each), with the exact total. Only the page's rows are read whole."""
    if cursor and cursor.startswith("o:"):
        offset = int(cursor[2:])
    if not candidates:
        return _page([], 0, False, limit, offset, None, q)
    find = "instr" if conn.dialect.name == "sqlite" else "strpos"
    marks = ", ".join(str(int(i)) for i in candidates)  # integers only
    tiers = conn.execute(text(
        f"SELECT id, CASE WHEN {find}(name, :q) > 0 THEN 0 WHEN {find}(main_products, :q) > 0 THEN 1 ELSE 2 END "
        f"FROM enterprises WHERE id IN ({marks}) AND merged_into_id IS NULL"), {"q": q}).all()
    ranked = [i for i, _ in sorted(tiers, key=lambda t: (t[1], -t[0]))]
    ids = ranked[offset:offset + limit]
    rows = _rows(conn, ids)
    more = offset + limit < len(ranked)
    return _page([_item(rows[i]) for i in ids if i in rows], len(ranked), False, limit, offset,
                 f"o:{offset + limit}" if more else None, q)


def _catch_up_now_and_then(engine: Engine) -> None:
    """Index rows added behind the importer's back, checking at most every few seconds per database."""
    key = engine.url.render_as_string()
    now = time.monotonic()
    if now - _checked.get(key, -CATCH_UP_SECONDS) >= CATCH_UP_SECONDS:
        _checked[key] = now
        catch_up(engine)


def _rows(conn: Connection, ids: list[int]) -> dict[int, Any]:
    """The summary columns, size class and tags of some enterprises by id; merged records are left out."""
    if not ids:
        return {}
    marks = ", ".join(str(int(i)) for i in ids)
    rows = {r.id: {**r._mapping, "tags": []} for r in conn.execute(text(
        f"SELECT {_SUMMARY_COLUMNS}, f.size_class FROM enterprises e "
        f"LEFT JOIN enterprise_facets f ON f.enterprise_id = e.id "
        f"WHERE e.id IN ({marks}) AND e.merged_into_id IS NULL"))}
    for eid, tag, year in conn.execute(text(
            f"SELECT enterprise_id, tag, year FROM enterprise_tags WHERE enterprise_id IN ({marks}) ORDER BY tag")):
        if eid in rows:
            rows[eid]["tags"].append({"tag": tag, "label": tag_label(tag), "year": year})
    return rows


def _item(m: dict[str, Any]) -> dict[str, Any]:
    item = summary(m)
    item.update(main_products=m["main_products"], size=m["size_class"],
                size_label=sizes.SIZE_LABELS.get(m["size_class"]), tags=m["tags"])
    return item


def _page(items: list[dict[str, Any]], total: int, capped: bool, limit: int, offset: int,
          next_cursor: str | None, q: str | None) -> dict[str, Any]:
    return {"items": items, "total": total, "total_capped": capped, "limit": limit, "offset": offset,
            "next_cursor": next_cursor, "q": q}

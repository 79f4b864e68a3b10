"""Chinese search over the registry: name, credit code, business scope and products.

A query is cut into the index's terms (services/search_index.py: bigram phrases,
lower-case word prefixes, filter terms) and answered from the index; only the
page's rows are read whole. Small result sets are ranked, larger ones newest
first with keyset paging. Pages are cached per scope until the database changes.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Connection, Engine, text

from chainatlas.domain.access import Viewer
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.regions import code_range
from chainatlas.domain.tags import tag_label
from chainatlas.services import access
from chainatlas.services.registry.enterprises import summary
from chainatlas.store import filters, sizes
from chainatlas.store.cache import Cache
from chainatlas.store.search_index import catch_up, common_containing, facet_query, load_common, query_parts


def fts5_query(parts: Sequence[tuple[str, str]]) -> str:
    """The FTS5 MATCH expression; the tokens hold only letters, digits and COMMON_MARK, so quoting is safe.

    Kinds: 'phrase' (bigrams in a row), 'prefix' (`t*`), 'any' (one of the space-separated terms);
    'phrase+' and 'prefix+' are "text|terms": the phrase or prefix, or one of the terms.
    """
    return " AND ".join(_fts5_part(kind, t) for kind, t in parts)


def _fts5_part(kind: str, t: str) -> str:
    if kind.endswith("+"):
        own, terms = t.split("|")
        return f"({_fts5_part(kind[:-1], own)} OR {_fts5_part('any', terms)[1:-1]})"
    return f'"{t}"' if kind == "phrase" else f'"{t}" *' if kind == "prefix" \
        else "(" + " OR ".join(f'"{term}"' for term in t.split()) + ")"


EXPAND_LIMIT = 300  # a one-character query with more index terms than this stays a prefix query
_terms_beginning = Cache(1024)
_common = Cache(64)  # the index's common runs (search_index.COMMON_TABLE), per database


def _expanded(conn: Connection, parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """SQLite: each one-character CJK prefix as the index terms that begin with it ('any').

    FTS5 merges the whole list of every term of a prefix query before the first row
    (锂*: 15 ms on two million enterprises; 电*: 87 ms); the OR of the same terms is
    merged lazily (0.1-0.4 ms). The terms come from the index's vocabulary
    (`enterprise_fts_terms`, counting them costs about one prefix query) and are kept
    per character until the database next changes.

    And each CJK part with the common runs of business scopes that contain it (search_index:
    such a run is one term, not its bigrams), so that a part still finds every scope containing it.
    """
    def terms(character: str) -> str | None:
        with conn.engine.connect() as fresh:  # read after the cache's version, not in an older snapshot
            found = [t for (t,) in fresh.execute(text(
                "SELECT term FROM enterprise_fts_terms WHERE term >= :c AND term < :end LIMIT :n"),
                {"c": character, "end": character + "\uffff", "n": EXPAND_LIMIT + 1})]
        return " ".join(found) if found and len(found) <= EXPAND_LIMIT else None

    def common() -> frozenset[str]:
        with conn.engine.connect() as fresh:
            return load_common(fresh)

    runs = _common.get(conn.engine, "common", common)
    expanded = []
    for kind, value in parts:
        typed = value
        if kind == "prefix" and len(value) == 1 and not value.isascii():
            found = _terms_beginning.get(conn.engine, value, partial(terms, value))
            if found is not None:
                kind, value = "any", found
        elif kind == "phrase":
            typed = _phrase_text(value)
        # A business scope holds each common run as one term: the common runs containing the typed text.
        also = common_containing(runs, typed) if runs and not typed.isascii() else []
        if also and kind == "any":
            value = " ".join([value, *also])
        elif also:
            kind, value = kind + "+", value + "|" + " ".join(also)
        expanded.append((kind, value))
    return expanded


def _phrase_text(bigrams: str) -> str:
    """The run a phrase of bigrams was cut from (search_index.query_parts)."""
    pairs = bigrams.split()
    return pairs[0] + "".join(pair[1] for pair in pairs[1:])



# --- searching ---------------------------------------------------------------------------------

RANK_LIMIT = 100  # up to this many text matches are ranked (name hits first); beyond, newest first
COUNT_LIMIT = 10_000  # totals up to this are exact (counting index rowids only); above, "more than 10,000"
CATCH_UP_SECONDS = 5.0
_USCC_PREFIX = re.compile(r"^[0-9][0-9A-Z]{5,17}$")
_checked: dict[Engine, float] = {}  # when each database's index was last checked
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
            f"{on_link} AND p.status IN ({filters.ACTIVE_SQL}))")


@dataclass
class _Source:
    """Where the rows of a query come from: FROM clause, its condition, and how its rows go newest first.

    `index_only` sources answer from the search index alone (SQLite FTS5, whose
    rows are the enterprises not merged away, with their region as index terms):
    no enterprise row is read until the page itself is fetched.
    """

    table: str = "enterprises e"
    condition: str | None = None
    key: str = "e.id"  # the enterprise id of a row
    newest_first: str = "e.id DESC"  # ORDER BY
    older: str = "e.id < :after"  # the rows after a keyset cursor's id
    index_only: bool = False
    facets_inside: bool = False  # the region, park, size, tag and chain filters are part of `condition`


def _fts_source(match: str, params: dict[str, Any], index_only: bool) -> _Source:
    params["match"] = match
    # FTS5 hands rows over in rowid order, fastest ascending: the rowid is the enterprise id negated
    # (search_index.fts_rowid), so newest first is ascending, with no sort of all matches.
    order = {"key": "-enterprise_fts.rowid", "newest_first": "enterprise_fts.rowid",
             "older": "enterprise_fts.rowid > -:after"}
    if index_only:
        return _Source("enterprise_fts", "enterprise_fts MATCH :match", **order, index_only=True, facets_inside=True)
    return _Source("enterprise_fts JOIN enterprises e ON e.id = -enterprise_fts.rowid",
                   "enterprise_fts MATCH :match", **order, facets_inside=True)


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
        # The ids from the credit-code index alone, taken newest first: only the rows of those ids are read
        # until a page (or the 101 to rank) is found. Filtering the code range row by row and sorting read every
        # row of a district's prefix (15,000 of two million, 45-340 ms; now 5-17 ms).
        return _Source(condition="e.id IN (SELECT id FROM enterprises WHERE uscc >= :uscc_low AND uscc < :uscc_high)")
    parts = query_parts(q)
    if not parts:
        return None
    if conn.dialect.name == "sqlite":
        # The typed text is looked for in the text columns only: `t*` must not match a facet term (`tlisted`).
        typed = "{name products scope} : (" + fts5_query(_expanded(conn, parts)) + ")"
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
                   "s.enterprise_id DESC", "s.enterprise_id < :after", facets_inside=True)


def search_enterprises(engine: Engine, q: str | None = None, *, viewer: Viewer, region: str | None = None,
                       park: str | None = None, tag: str | None = None, chain: str | None = None,
                       link: str | None = None, size: str | None = None, limit: int = 20, offset: int = 0,
                       cursor: str | None = None) -> dict[str, Any]:
    """One page of the enterprises the viewer may see that match a query and filters (fields cut to its rights).

    Up to RANK_LIMIT text matches are ranked: name hits, then product hits, then
    business scope, newest first within each. Larger result sets (and plain
    filtering) are newest first with keyset paging (`cursor` "k:<id>"), which
    stays fast at any depth of a two-million-row registry. Totals are exact up to
    COUNT_LIMIT; beyond, `total_capped`.
    Pages are kept in a small cache, per scope, until the database next changes
    (`_pages`); the fields are cut to the viewer's rights on every call.
    """
    _catch_up_now_and_then(engine)
    if cursor and not re.fullmatch(r"[ko]:\d{1,12}", cursor):
        raise InvalidInput(f"翻页游标 {cursor} 无效")
    scope = _scope(viewer)
    key = (q, region, park, tag, chain, link, size, limit, offset, cursor, RANK_LIMIT, COUNT_LIMIT,
           access.scope_key(viewer))
    compute = lambda: _search(engine, q, region, park, tag, chain, link, size, limit, offset, cursor, scope)  # noqa: E731
    page = _copy(_pages.get(engine, key, compute) if CACHE_ENABLED else compute())
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



_whole_registry = Cache(64)
CACHE_PAGES = 2048  # at most this many pages (about 10 KB each) per server process
CACHE_ENABLED = os.environ.get("CHAINATLAS_SEARCH_CACHE", "1") != "0"  # "0": compute every page (for measurements)
_pages = Cache(CACHE_PAGES)  # only SQLite databases are cached: PostgreSQL pages are computed every time


def _copy(page: dict[str, Any]) -> dict[str, Any]:
    """The caller's own copy of a page (items and tags included), so that changing it does not change the cache."""
    return {**page, "items": [{**item, "tags": [dict(t) for t in item["tags"]]} for item in page["items"]]}


def search_statistics(engine: Engine) -> dict[str, int]:
    """Hits, misses and pages kept in this process's search cache for one database."""
    figures = _pages.statistics(engine)
    return {"hits": figures["hits"], "misses": figures["misses"], "pages": figures["kept"]}


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
        where = [_chain_filter(chain, link, params, sqlite, source.key)] if chain and link else []
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
            f"SELECT {source.key} FROM {source.table} WHERE {' AND '.join(where)} "
            f"ORDER BY {source.newest_first} LIMIT {RANK_LIMIT + 1}"), params).scalars().all()
        if len(candidates) <= RANK_LIMIT:
            return _ranked(conn, candidates, q.strip(), limit, offset, cursor)
        # More text matches than can be ranked: they page newest first, and are counted as filters are.
    else:
        candidates = []
    # The count reads index rowids only, and stops past COUNT_LIMIT: beyond, the total says "more than".
    cap = COUNT_LIMIT
    total = conn.execute(text(f"SELECT COUNT(*) FROM (SELECT 1 FROM {source.table} "
                              f"WHERE {' AND '.join(where)} LIMIT {COUNT_LIMIT + 1}) AS capped"),
                         params).scalar_one()
    if cursor and cursor.startswith("k:"):
        params["after"] = int(cursor[2:])
        where.append(source.older)
        offset = 0
    elif cursor:
        offset = int(cursor[2:])
    if candidates and not cursor and not offset and limit < len(candidates):
        ids = candidates[:limit + 1]  # the first page is the head of the candidates already read
    else:
        ids = conn.execute(text(
            f"SELECT {source.key} FROM {source.table} WHERE {' AND '.join(where)} "
            f"ORDER BY {source.newest_first} LIMIT {limit + 1} OFFSET {int(offset)}"), params).scalars().all()
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
    if catch_up_due(engine):
        catch_up(engine)


def catch_up_due(engine: Engine) -> bool:
    """Whether the index is to be checked for rows added behind the importer's back (then it counts as checked).

    The check may write, and so wait for another writer: a caller in an event loop runs `catch_up` in a thread
    when this is true, and the search it makes next does not check again."""
    now = time.monotonic()
    if now - _checked.get(engine, -CATCH_UP_SECONDS) < CATCH_UP_SECONDS:
        return False
    _checked[engine] = now
    return True


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

"""Recent search pages, kept until the database next changes.

A page is reused only while the database's data version is the one seen before
the page was computed. On SQLite that version is `PRAGMA data_version` read on
a connection of its own, which changes whenever any other connection (of this
or another process) commits a write — imports, merges, placement decisions,
index catch-up. Other databases (PostgreSQL) are not cached: there is no cheap
version there, and their pages are computed every time.

Each server process keeps its own cache of at most SIZE pages (about 10 KB each).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import Engine

SIZE = 2048
ENABLED = os.environ.get("CHAINATLAS_SEARCH_CACHE", "1") != "0"  # "0": compute every page (for measurements)


class _PageCache:
    """Pages of one SQLite database file, keyed by the search parameters."""

    def __init__(self, path: str) -> None:
        self._probe = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._lock = threading.Lock()
        self._pages: OrderedDict[Hashable, tuple[int, dict[str, Any]]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def version(self) -> int:
        with self._lock:
            return self._probe.execute("PRAGMA data_version").fetchone()[0]

    def get(self, key: Hashable, version: int) -> dict[str, Any] | None:
        with self._lock:
            found = self._pages.get(key)
            if found is None or found[0] != version:
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return found[1]

    def put(self, key: Hashable, version: int, page: dict[str, Any]) -> None:
        with self._lock:
            self._pages[key] = (version, page)
            self._pages.move_to_end(key)
            while len(self._pages) > SIZE:
                self._pages.popitem(last=False)


_caches: dict[str, _PageCache | None] = {}
_caches_lock = threading.Lock()


def _cache_of(engine: Engine) -> _PageCache | None:
    key = engine.url.render_as_string()
    if key not in _caches:
        with _caches_lock:
            if key not in _caches:
                path = engine.url.database if engine.dialect.name == "sqlite" else None
                _caches[key] = _PageCache(path) if path and path != ":memory:" else None
    return _caches[key]


def cached(engine: Engine, key: Hashable, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The page for `key`: reused while the database is unchanged, else computed and kept.

    Callers get their own copy of the page (items and tags included), so that
    changing it does not change the cache.
    """
    cache = _cache_of(engine) if ENABLED else None
    if cache is None:
        return compute()
    version = cache.version()  # read before computing: a write during the computation makes the page stale
    page = cache.get(key, version)
    if page is None:
        page = compute()
        cache.put(key, version, page)
    return _copy(page)


def _copy(page: dict[str, Any]) -> dict[str, Any]:
    return {**page, "items": [{**item, "tags": [dict(t) for t in item["tags"]]} for item in page["items"]]}


def statistics(engine: Engine) -> dict[str, int]:
    """Hits, misses and pages kept for one database (zeros when it is not cached)."""
    cache = _caches.get(engine.url.render_as_string())
    if cache is None:
        return {"hits": 0, "misses": 0, "pages": 0}
    return {"hits": cache.hits, "misses": cache.misses, "pages": len(cache._pages)}

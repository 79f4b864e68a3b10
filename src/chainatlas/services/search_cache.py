"""Recent search pages, kept until the database next changes (store.versioned).

Only SQLite databases are cached: PostgreSQL pages are computed every time.
Each server process keeps at most SIZE pages (about 10 KB each); the fields are
cut to the viewer's rights after the cache, on every call.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import Engine

from chainatlas.store.versioned import VersionedCache

SIZE = 2048
ENABLED = os.environ.get("CHAINATLAS_SEARCH_CACHE", "1") != "0"  # "0": compute every page (for measurements)

_pages = VersionedCache(SIZE)


def cached(engine: Engine, key: Hashable, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The page for `key`: reused while the database is unchanged, else computed and kept.

    Callers get their own copy of the page (items and tags included), so that
    changing it does not change the cache.
    """
    return _copy(_pages.get(engine, key, compute) if ENABLED else compute())


def _copy(page: dict[str, Any]) -> dict[str, Any]:
    return {**page, "items": [{**item, "tags": [dict(t) for t in item["tags"]]} for item in page["items"]]}


def statistics(engine: Engine) -> dict[str, int]:
    """Hits, misses and pages kept for one database (zeros when it is not cached)."""
    figures = _pages.statistics(engine)
    return {"hits": figures["hits"], "misses": figures["misses"], "pages": figures["kept"]}

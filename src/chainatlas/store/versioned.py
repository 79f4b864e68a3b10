"""Values kept per process until the SQLite database next changes.

A value is reused only while the database's data version is the one read
before the value was computed. The version is `PRAGMA data_version` read on a
connection of its own, which changes whenever any other connection (of this or
another process) commits a write: imports, merges, placement decisions, index
catch-up, a revoked token or a disabled account. So a cached value can never
outlive the rows it was computed from by more than the commit that changed them.

Other databases (PostgreSQL) have no such cheap version: nothing is kept there
and every value is computed each time. Each kind of value (search pages,
signed-in viewers) has its own bounded, least-recently-used store.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine

T = TypeVar("T")


class _Probe:
    """The data version of one SQLite file, read on a connection that never writes.

    One connection for all threads: the numbers of `PRAGMA data_version` mean something
    only when compared with others from the same connection.
    """

    def __init__(self, path: str) -> None:
        self._connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._lock = threading.Lock()

    def version(self) -> int:
        with self._lock:
            return self._connection.execute("PRAGMA data_version").fetchone()[0]  # type: ignore[no-any-return]


_probes: dict[str, _Probe | None] = {}
_probes_lock = threading.Lock()


def probe(engine: Engine, key: str | None = None) -> _Probe | None:
    """The version probe of the engine's database file; None when it is not a SQLite file.

    `key`: the engine's URL as text, when the caller has it already.
    """
    key = key or engine.url.render_as_string()
    if key not in _probes:
        with _probes_lock:
            if key not in _probes:
                path = engine.url.database if engine.dialect.name == "sqlite" else None
                _probes[key] = _Probe(path) if path and path != ":memory:" else None
    return _probes[key]


class VersionedCache:
    """At most `size` values per database, each valid for the data version it was computed at."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[tuple[str, Hashable], tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._counts: dict[str, list[int]] = {}  # per database: hits, misses

    def get(self, engine: Engine, key: Hashable, compute: Callable[[], T]) -> T:
        """The value for `key`: reused while the database is unchanged, else computed and kept."""
        url = engine.url.render_as_string()
        versions = probe(engine, url)
        if versions is None:
            return compute()
        version = versions.version()  # read before computing: a write meanwhile makes the value stale
        slot = (url, key)
        with self._lock:
            found = self._values.get(slot)
            counts = self._counts.setdefault(url, [0, 0])
            if found is not None and found[0] == version:
                self._values.move_to_end(slot)
                counts[0] += 1
                return found[1]  # type: ignore[no-any-return]
            counts[1] += 1
        value = compute()
        with self._lock:
            self._values[slot] = (version, value)
            self._values.move_to_end(slot)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def statistics(self, engine: Engine) -> dict[str, int]:
        """Hits, misses and values kept for one database (zeros when it is not cached)."""
        url = engine.url.render_as_string()
        with self._lock:
            hits, misses = self._counts.get(url, (0, 0))
            return {"hits": hits, "misses": misses, "kept": sum(1 for (of, _) in self._values if of == url)}

"""The one cache of computed values (search pages, signed-in viewers, chain maps, the overview).

Each kind of value has its own bounded, least-recently-used `Cache`, kept per
process and per database, with one of two lifetimes:

- Until the database changes (the default). A value is reused only while the
  database's data version is the one read before the value was computed: `PRAGMA
  data_version`, read on a connection of its own, changes whenever any other
  connection (of this or another process) commits a write, so a value never
  outlives the rows it was computed from. PostgreSQL has no such cheap version:
  there nothing is kept and every value is computed each time.
- For a number of seconds (`seconds=`), on every database: for aggregates over
  every placement that cost seconds at province scale (chain maps, the overview,
  filter choices), which a busy server's audit writes must not throw away.

Whatever the lifetime, `forget(engine)` drops every value of one database at
once: the services call it after they write enterprises or placements, so no
cache needs to know who writes.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import weakref
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


class Cache:
    """At most `size` values over all databases; each valid while the database is unchanged (SQLite only),
    or for `seconds` when given; all of one database dropped by `forget(engine)`."""

    def __init__(self, size: int, *, seconds: float | None = None) -> None:
        self.size = size
        self.seconds = seconds
        self._values: OrderedDict[tuple[str, Hashable], tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._counts: dict[str, list[int]] = {}  # per database: hits, misses
        _caches.add(self)

    def _stamp(self, engine: Engine, url: str) -> float | None:
        """What a kept value must match: the data version, or the time it was computed; None: do not keep."""
        if self.seconds is not None:
            return time.monotonic()
        versions = probe(engine, url)
        return None if versions is None else versions.version()

    def _fresh(self, kept: float, now: float) -> bool:
        return kept == now if self.seconds is None else now - kept < self.seconds

    def get(self, engine: Engine, key: Hashable, compute: Callable[[], T]) -> T:
        """The value for `key`: reused while still valid, else computed and kept."""
        url = engine.url.render_as_string()
        now = self._stamp(engine, url)  # read before computing: a write meanwhile makes the value stale
        if now is None:
            return compute()
        slot = (url, key)
        with self._lock:
            found = self._values.get(slot)
            counts = self._counts.setdefault(url, [0, 0])
            if found is not None and self._fresh(found[0], now):
                self._values.move_to_end(slot)
                counts[0] += 1
                return found[1]  # type: ignore[no-any-return]
            counts[1] += 1
        value = compute()
        with self._lock:
            self._values[slot] = (now, value)
            self._values.move_to_end(slot)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def forget(self, url: str) -> None:
        with self._lock:
            for slot in [s for s in self._values if s[0] == url]:
                del self._values[slot]

    def statistics(self, engine: Engine) -> dict[str, int]:
        """Hits, misses and values kept for one database (zeros when it is not cached)."""
        url = engine.url.render_as_string()
        with self._lock:
            hits, misses = self._counts.get(url, (0, 0))
            return {"hits": hits, "misses": misses, "kept": sum(1 for (of, _) in self._values if of == url)}


_caches: weakref.WeakSet[Cache] = weakref.WeakSet()


def forget(engine: Engine) -> None:
    """Drop every cached value of the engine's database (after writing enterprises or placements)."""
    url = engine.url.render_as_string()
    for cache in list(_caches):
        cache.forget(url)

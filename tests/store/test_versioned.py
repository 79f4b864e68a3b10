"""Values kept until the database next changes: reused while nothing is committed, computed again after
any commit from another connection, and never kept on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, text

from chainatlas.store.versioned import VersionedCache


def test_a_value_is_reused_until_any_other_connection_commits(engine: Engine) -> None:
    cache = VersionedCache(size=8)
    computed: list[int] = []

    def count() -> int:
        with engine.connect() as conn:
            value = conn.execute(text("SELECT count(*) FROM organisations")).scalar_one()
        computed.append(value)
        return value

    first = cache.get(engine, "organisations", count)
    assert cache.get(engine, "organisations", count) == first
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO organisations (name, kind, created_at) VALUES ('缓存测试联盟', 'alliance', CURRENT_TIMESTAMP)"))
    after = cache.get(engine, "organisations", count)
    if engine.dialect.name == "sqlite":
        assert computed == [first, first + 1] and after == first + 1
        assert cache.statistics(engine) == {"hits": 1, "misses": 2, "kept": 1}
    else:  # no cheap data version: computed every time, nothing kept
        assert computed == [first, first, first + 1]
        assert cache.statistics(engine) == {"hits": 0, "misses": 0, "kept": 0}


def test_the_least_recently_used_value_goes_first(engine: Engine) -> None:
    cache = VersionedCache(size=2)
    for key in ("a", "b", "a", "c"):  # "a" used again after "b", so "b" is the one dropped
        cache.get(engine, key, lambda key=key: key.upper())
    seen: list[str] = []
    for key in ("a", "c", "b"):
        cache.get(engine, key, lambda key=key: seen.append(key) or key.upper())
    assert seen == (["b"] if engine.dialect.name == "sqlite" else ["a", "c", "b"])

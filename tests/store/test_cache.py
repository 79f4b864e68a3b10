"""Values kept until the database next changes: reused while nothing is committed, computed again after
any commit from another connection, and never kept on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, text

from chainatlas.store.cache import Cache, forget


def test_a_value_is_reused_until_any_other_connection_commits(engine: Engine) -> None:
    cache = Cache(size=8)
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
    cache = Cache(size=2)
    for key in ("a", "b", "a", "c"):  # "a" used again after "b", so "b" is the one dropped
        cache.get(engine, key, lambda key=key: key.upper())
    seen: list[str] = []
    for key in ("a", "c", "b"):
        cache.get(engine, key, lambda key=key: seen.append(key) or key.upper())
    assert seen == (["b"] if engine.dialect.name == "sqlite" else ["a", "c", "b"])


def test_a_timed_value_is_kept_on_every_database_until_it_expires_or_is_forgotten(engine: Engine) -> None:
    cache = Cache(size=8, seconds=3600)
    computed: list[int] = []

    def compute() -> int:
        computed.append(len(computed))
        return len(computed)

    assert cache.get(engine, "map", compute) == 1
    with engine.begin() as conn:  # a write does not drop a timed value: only its time or forget() does
        conn.execute(text("INSERT INTO organisations (name, kind, created_at) VALUES ('缓存计时联盟', 'alliance', CURRENT_TIMESTAMP)"))
    assert cache.get(engine, "map", compute) == 1
    forget(engine)
    assert cache.get(engine, "map", compute) == 2
    expired = Cache(size=8, seconds=0)
    assert [expired.get(engine, "map", compute) for _ in range(2)] == [3, 4]


def test_forget_drops_the_values_of_every_cache_of_that_database(engine: Engine) -> None:
    timed, versioned = Cache(size=8, seconds=3600), Cache(size=8)
    timed.get(engine, "a", lambda: 1)
    versioned.get(engine, "b", lambda: 2)
    forget(engine)
    assert timed.statistics(engine)["kept"] == 0 and versioned.statistics(engine)["kept"] == 0

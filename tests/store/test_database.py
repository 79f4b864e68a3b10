"""Creating, upgrading and opening databases on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from chainatlas.domain.errors import ChainAtlasError
from chainatlas.services import setup
from chainatlas.services.atlas import placement
from chainatlas.store.db import current_revision, engine_for, open_database, resolve_url
from chainatlas.store.models import chains, enterprises
from services.factories import OPERATOR, add_enterprise, count


def test_init_twice_is_a_no_op_upgrade_that_keeps_data(db_url: str) -> None:
    first = setup.initialise(db_url)
    engine = engine_for(db_url)
    eid = add_enterprise(engine, "湖南星城科技有限公司")
    placement.place_manually(engine, str(eid), "lithium-battery", "separator", "leader", viewer=OPERATOR)

    second = setup.initialise(db_url)

    assert second["revision"] == first["revision"] == current_revision(engine)
    assert sorted(second["chains"]) == sorted(first["chains"])
    assert count(engine) == 1
    with engine.connect() as conn:
        assert conn.execute(select(enterprises.c.name).where(enterprises.c.id == eid)).scalar_one() == "湖南星城科技有限公司"
        assert conn.execute(select(func.count()).select_from(chains)).scalar_one() == 10
    [kept] = placement.list_placements(engine, status="manual")
    assert (kept["enterprise_id"], kept["link"], kept["role"]) == (eid, "separator", "leader")


def test_initialised_database_opens(db: str) -> None:
    assert open_database(db).url == engine_for(db).url


def test_uninitialised_database_gives_a_clear_error(db_url: str) -> None:
    with pytest.raises(ChainAtlasError, match="chainatlas init"):
        open_database(db_url)


def test_missing_sqlite_file_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.db"
    with pytest.raises(ChainAtlasError, match=f"数据库不存在：{path}"):
        open_database(str(path))
    assert not path.exists()  # opening must not create an empty database


def test_plain_paths_and_postgres_urls_resolve() -> None:
    assert resolve_url("city.db") == "sqlite:///city.db"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_the_migrations_build_the_indexes_the_target_lookups_read(db: str) -> None:
    """The name-key index holds the region (is a firm of this name in the region?) and the pool's link index the
    firm (a link's candidates from the index alone), as the models declare (migration 0019)."""
    from sqlalchemy import inspect

    from chainatlas.store.pool_models import pool_placements

    found = inspect(engine_for(db))
    for table in (enterprises, pool_placements):
        built = {i["name"]: i["column_names"] for i in found.get_indexes(table.name)}
        for index in table.indexes:
            assert built[index.name] == [c.name for c in index.columns], index.name
    assert {i["name"]: i["column_names"] for i in found.get_indexes("enterprises")}["ix_enterprises_name_key"] == [
        "name_key", "region_code"]

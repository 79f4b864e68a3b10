"""Factories for service tests: enterprises written straight to the store, registries imported."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, func, select

from chainatlas import reference
from chainatlas.domain.access import Viewer
from chainatlas.services.access import accounts
from chainatlas.services.registry.importing import ImportOptions, ImportResult, import_enterprises
from chainatlas.store.models import enterprise_events, enterprises
from importers.files import write_csv


def add_enterprise(engine: Engine, name: str, **values: Any) -> int:
    """Insert one enterprise (bypassing the importer) and return its id.

    `values` are enterprise columns, e.g. uscc, region_code, revenue_fen, business_scope.
    """
    now = datetime(2025, 1, 1)
    row = {"name": name, "name_key": reference.name_normaliser().key(name), "row_hash": "factory",
           "created_at": now, "updated_at": now, **values}
    with engine.begin() as conn:
        return conn.execute(enterprises.insert().values(**row)).inserted_primary_key[0]


def import_rows(engine: Engine, path: Path, header: list[str], *rows: list[object],
                **options: Any) -> ImportResult:
    """Write rows to a CSV at `path` and import it."""
    return import_enterprises(engine, write_csv(path, header, rows), ImportOptions(**options))


def count(engine: Engine, table: Table = enterprises) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def enterprise(engine: Engine, **where: Any) -> dict[str, Any]:
    """The one enterprise row matching the column values given."""
    with engine.connect() as conn:
        query = select(enterprises).where(*(enterprises.c[k] == v for k, v in where.items()))
        return dict(conn.execute(query).one()._mapping)


def events(engine: Engine, enterprise_id: int) -> list[tuple[str, dict[str, Any]]]:
    """(action, detail) of an enterprise's history, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(enterprise_events.c.action, enterprise_events.c.detail)
                            .where(enterprise_events.c.enterprise_id == enterprise_id)
                            .order_by(enterprise_events.c.id)).all()
    return [(action, detail) for action, detail in rows]


OPERATOR = Viewer.operator()  # the local operator: sees and may do everything (service tests)
TEST_PASSWORD = "correct-horse-battery"


def platform_admin_token(engine: Engine, username: str = "test-admin") -> str:
    """An admin of the platform organisation (sees the whole registry) and an API token for it."""
    if not any(o["name"] == "测试平台" for o in accounts.list_organisations(engine, OPERATOR)):
        accounts.create_organisation(engine, OPERATOR, "测试平台", "platform")
    accounts.create_user(engine, OPERATOR, username, TEST_PASSWORD, "测试平台", "admin")
    secret, _ = accounts.create_token(engine, OPERATOR, "tests", username=username)
    return secret

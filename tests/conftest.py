"""Fixtures: a fresh database per test, on SQLite and (when configured) PostgreSQL.

PostgreSQL runs when CHAINATLAS_TEST_PG_URL points at a server whose user may
create databases, e.g. postgresql://postgres@127.0.0.1:5432/postgres (set by .ci/run).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from chainatlas.services import setup
from chainatlas.store.db import engine_for, resolve_url

PG_URL = os.environ.get("CHAINATLAS_TEST_PG_URL")
BACKENDS = ["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.skipif(
    not PG_URL, reason="CHAINATLAS_TEST_PG_URL not set")])]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database (not yet initialised)."""
    if request.param == "sqlite":
        yield resolve_url(str(tmp_path / "test.db"))
        return
    name = f"ca_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(resolve_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = resolve_url(PG_URL).rsplit("/", 1)[0] + "/" + name
    try:
        yield url
    finally:
        engine_for(url).dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def db(db_url: str) -> str:
    """An initialised database with the built-in chains; pass as --db to the CLI."""
    setup.initialise(db_url)
    return db_url


@pytest.fixture
def engine(db: str) -> Engine:
    return engine_for(db)

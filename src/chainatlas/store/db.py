"""Opening databases: SQLite file by default, PostgreSQL by URL; schema via Alembic."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event

from chainatlas.domain.errors import ChainAtlasError
from chainatlas.store import locks

DEMO_SQLITE_FILE = "chainatlas-demo.db"  # what `chainatlas demo` builds by default
DEFAULT_SQLITE_FILE = "chainatlas.db"
MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_POOL_SIZE = 16  # about the concurrent requests a server process works on at once
SQLITE_POOL_OVERFLOW = 48


def resolve_url(db: str | None = None) -> str:
    """A SQLAlchemy URL from `--db`, `CHAINATLAS_DATABASE_URL` or the default file."""
    value = db or os.environ.get("CHAINATLAS_DATABASE_URL") or DEFAULT_SQLITE_FILE
    if "://" in value:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA cache_size=-200000")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.execute(f"PRAGMA busy_timeout={locks.lock_timeout_ms()}")
    cursor.close()


def _postgres_options(server: bool) -> str:
    """Session settings of a PostgreSQL connection: lock waits bounded, and the server's statements too."""
    options = [f"-c lock_timeout={locks.lock_timeout_ms()}"]
    if server and locks.statement_timeout():
        options.append(f"-c statement_timeout={int(locks.statement_timeout() * 1000)}")
    return " ".join(options)


@cache
def engine_for(url: str, server: bool = False) -> Engine:
    """One engine per URL (and per use: the server's PostgreSQL statements are bounded) for the life of the process.

    Every connection waits for another writer up to `locks.lock_timeout()`; see store/locks.py.
    """
    if url.startswith("sqlite"):
        # Connections are kept (not closed and reopened past pool_size) so that each keeps its warm page
        # cache and parsed schema: a fresh one costs a few ms on the first query of a large database. The most
        # recently returned one is handed out first (LIFO): its cache is the warmest.
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": locks.lock_timeout()},
                               pool_size=SQLITE_POOL_SIZE,
                               max_overflow=SQLITE_POOL_OVERFLOW, pool_use_lifo=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20,
                         connect_args={"options": _postgres_options(server)})


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def init_database(url: str) -> str:
    """Create the database or upgrade it in place to the newest schema; returns the revision."""
    engine = engine_for(url)
    config = _alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return current_revision(engine) or ""


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def open_database(db: str | None = None, *, server: bool = False) -> Engine:
    """The engine of an initialised database; a clear error if it was never created."""
    url = resolve_url(db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        missing = url.removeprefix("sqlite:///")
        if db is None and Path(DEMO_SQLITE_FILE).exists():  # after `chainatlas demo` in this folder
            raise ChainAtlasError(f"数据库不存在：{missing}。演示数据库在 {DEMO_SQLITE_FILE}：加 --db {DEMO_SQLITE_FILE}，"
                                  f"或 export CHAINATLAS_DATABASE_URL={DEMO_SQLITE_FILE}")
        raise ChainAtlasError(f"数据库不存在：{missing}。请先运行 chainatlas init --db {missing}"
                              "（或 chainatlas demo 建立演示数据库）")
    engine = engine_for(url, server and not url.startswith("sqlite"))  # one engine per SQLite file in a process
    head = ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()
    try:
        revision = current_revision(engine)
    except Exception as exc:  # the server may be down or the URL wrong
        raise ChainAtlasError(f"无法连接数据库 {engine.url.render_as_string()}：{exc}") from exc
    if revision != head:
        raise ChainAtlasError(f"数据库结构版本为 {revision}，需要 {head}。请运行 chainatlas init 升级")
    return engine

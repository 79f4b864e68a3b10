"""Bulk loading into a SQLite file through ADBC: polars columns reach SQLite as Arrow arrays.

Python's sqlite3 needs a tuple of Python objects per row; the ADBC SQLite driver
binds Arrow arrays directly, and loads a million wide rows two to three times
faster (README, dependencies). It opens a connection of its own, so a load is one
transaction of its own: everything inside `load` is committed together or not at all.

The driver brings its own SQLite library. Two SQLite libraries in one process do not
see each other's POSIX locks, so the load must be the only user of the file in this
process: `load` closes the engine's idle connections first and refuses to start while
any is in use. Other processes are kept out by SQLite's ordinary locking.

`scratch` opens the same kind of connection on a file of its own, for work done in
parallel with a load and then taken into it (`Loader.adopt_fts5`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import polars as pl
from sqlalchemy import Engine

from chainatlas.domain.errors import ChainAtlasError
from chainatlas.store import locks
from chainatlas.store.bulk import sqlite_text_dates

# The engine's settings (store/db.py), with two exceptions. Foreign keys are not looked up row by row:
# the only writer, `registry_writer.write_first_load`, makes the years, tags and facets it writes by
# joining them to the very enterprise ids it inserts in the same transaction. The page cache is
# smaller: a bulk load writes each page once and reads little back.
PRAGMAS = ("foreign_keys=OFF", "synchronous=NORMAL", "cache_size=-64000", "temp_store=MEMORY",
           "threads=2")  # index builds may sort with a helper thread
# A scratch file is thrown away whatever happens, so it needs neither a journal nor syncing,
# and nobody else opens it.
SCRATCH_PRAGMAS = ("page_size=65536", "journal_mode=OFF", "synchronous=OFF", "locking_mode=EXCLUSIVE", "cache_size=-16000",
                   "temp_store=MEMORY")
# While `Loader.indexes_deferred` builds indexes. SQLite sorts an index's keys in runs as large as the
# page cache and merges them; the helper threads (`threads`) sort the runs while the next is read, but
# only when the runs go to temporary files (temp_store=FILE: the OS keeps them in memory all the same).
# Small runs also fit the CPU caches. A million names: 1.1–1.5 s of one core with the load's settings,
# 0.5 s (0.8 s of CPU) with these.
INDEX_BUILD_PRAGMAS = (("cache_size", -2000), ("temp_store", 1))  # 2 MB; 1 = FILE
# The shadow tables in which FTS5 keeps a full-text table (those its options leave out do not exist).
FTS5_SHADOWS = ("data", "idx", "content", "docsize", "config")
SCRATCH = "scratch"  # the schema name under which `adopt_fts5` attaches a scratch file


class Loader:
    """Writes of one bulk transaction."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor
        self.attached: list[str] = []  # schemas to detach once the transaction is over

    def append(self, table: str, frame: pl.DataFrame) -> int:
        """Insert the frame's rows; columns are matched by name."""
        if frame.is_empty():
            return 0
        self._cursor.adbc_ingest(table, sqlite_text_dates(frame), mode="append")
        return frame.height

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement with positional `?` parameters; returns its rows."""
        self._cursor.execute(sql, list(params) if params else None)
        return list(self._cursor.fetchall()) if self._cursor.description else []

    @contextmanager
    def indexes_deferred(self, tables: Sequence[str]) -> Iterator[None]:
        """Drop the secondary indexes of `tables` and build them again, each in one sort, at the end.

        Their definitions are read from the schema, so the ones built are exactly the ones dropped.
        """
        marks = ", ".join("?" * len(tables))
        indexes = self.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                               f"AND tbl_name IN ({marks}) ORDER BY name", tables)
        for name, _ in indexes:
            self.execute(f'DROP INDEX "{name}"')
        yield
        before = [(pragma, self.execute(f"PRAGMA {pragma}")[0][0]) for pragma, _ in INDEX_BUILD_PRAGMAS]
        for pragma, value in INDEX_BUILD_PRAGMAS:
            self.execute(f"PRAGMA {pragma}={value}")
        try:
            for _, sql in indexes:
                self.execute(sql)
        finally:
            for pragma, value in before:
                self.execute(f"PRAGMA {pragma}={value}")

    def adopt_fts5(self, table: str, scratch: str) -> None:
        """Make the FTS5 table `table` the one of the same name built in the file `scratch`.

        FTS5 keeps a table's whole state in its shadow tables, so copying them over is
        taking the index as built: the scratch table must be declared as this one
        (`table_sql`), and its index may be built on another connection, in parallel
        with this transaction's other writes. A scratch table declared contentless
        (`content=''`) has the same index; its content, which it does not keep, is then
        this table's to be written by the caller. The copy (`INSERT … SELECT *` into an
        emptied table of the same declaration) moves records without decoding them.
        The scratch file stays attached until the transaction is over (`load`).
        """
        self.execute(f"ATTACH DATABASE ? AS {SCRATCH}", [scratch])
        self.attached.append(SCRATCH)
        for suffix in FTS5_SHADOWS:
            shadow = f"{table}_{suffix}"
            if self.execute(f"SELECT 1 FROM {SCRATCH}.sqlite_master WHERE type = 'table' AND name = ?", [shadow]):
                self.execute(f'DELETE FROM main."{shadow}"')
                self.execute(f'INSERT INTO main."{shadow}" SELECT * FROM {SCRATCH}."{shadow}"')

    def table_sql(self, table: str) -> str:
        """The statement that declared `table`."""
        [(sql,)] = self.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table])
        return str(sql)


def supports(engine: Engine) -> bool:
    """Whether `load` can write to this database: a SQLite file."""
    return engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:")


def _leave_wal(cursor: Any) -> bool:
    """Load through a rollback journal when this connection is the only one on the file.

    In WAL mode every page of a bulk load is written twice: to the log, then by the
    checkpoint into the file. With a rollback journal the new pages go to the file once,
    and the journal keeps only the few pages that existed before. SQLite refuses the
    switch while another connection has the file open; the load then runs in WAL mode.
    Durability as in SQLite's default mode: synchronous=FULL.
    """
    cursor.execute("PRAGMA journal_mode=DELETE")
    if str(cursor.fetchone()[0]).lower() != "delete":
        return False
    cursor.execute("PRAGMA synchronous=FULL")
    return True


@contextmanager
def _cursor(path: str, pragmas: Sequence[str]) -> Iterator[Any]:
    """A cursor of a new bulk connection to the SQLite file `path`, set up by `pragmas`."""
    import adbc_driver_sqlite.dbapi as adbc_sqlite  # here: the driver and pyarrow take a while to import

    connection = adbc_sqlite.connect(path, autocommit=True)
    cursor = connection.cursor()
    try:
        for pragma in pragmas:
            cursor.execute(f"PRAGMA {pragma}")
        yield cursor
    finally:
        cursor.close()
        connection.close()


@contextmanager
def _transaction(cursor: Any) -> Iterator[Loader]:
    """BEGIN … COMMIT, or ROLLBACK on any error; then the schemas the load attached are detached."""
    cursor.execute("BEGIN IMMEDIATE")
    loader = Loader(cursor)
    try:
        try:
            yield loader
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")
    finally:
        for schema in loader.attached:
            cursor.execute(f"DETACH DATABASE {schema}")


@contextmanager
def load(engine: Engine) -> Iterator[Loader]:
    """One write transaction on a bulk connection to the engine's SQLite file."""
    if engine.pool.checkedout():  # type: ignore[attr-defined]
        raise ChainAtlasError("数据库正被本进程的其他操作使用，无法批量导入；请稍后重试")
    engine.dispose()  # no connection of this process's own SQLite library stays open on the file
    with _cursor(str(engine.url.database), (*PRAGMAS, f"busy_timeout={locks.lock_timeout_ms()}")) as cursor:
        rollback_journal = _leave_wal(cursor)
        try:
            with _transaction(cursor) as loader:
                yield loader
        finally:
            if rollback_journal:
                cursor.execute("PRAGMA journal_mode=WAL")


@contextmanager
def scratch(path: str) -> Iterator[Loader]:
    """One write transaction on a new scratch file `path`, which only this connection uses.

    For work done beside a `load` and then taken into it (`Loader.adopt_fts5`); the file
    is the caller's to delete.
    """
    with _cursor(path, SCRATCH_PRAGMAS) as cursor, _transaction(cursor) as loader:
        yield loader

"""Enterprise registry import: validate the whole file, then write all-or-nothing.

Re-importing a file changes nothing; a changed row updates its enterprise
(by credit code, else by normalised name) and the change is kept in the
enterprise's history.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Engine, select

from chainatlas import reference
from chainatlas.domain.access import Viewer
from chainatlas.domain.money import DEFAULT_MONEY_UNIT
from chainatlas.importers import reading
from chainatlas.importers.headers import POOL_ONLY, Column, read_mapping
from chainatlas.importers.readers import Sheet, Workbook, read_workbook
from chainatlas.importers.validate import (
    ROW,
    Context,
    RowError,
    ValidatedSheet,
    find_duplicates,
    numbered,
    outside_area,
    validate_sheet,
)
from chainatlas.services import access
from chainatlas.services.registry import writer
from chainatlas.store import arrow_load, cache, housekeeping, processes, search_bulk
from chainatlas.store.driver import sqlite_values
from chainatlas.store.models import audit_log, enterprises, import_batches, import_rejects

log = logging.getLogger("chainatlas.importing")
CHUNK_ROWS = 100_000
CHECKPOINT_AFTER_ROWS = 50_000  # a write this large leaves a WAL worth folding back (housekeeping.checkpoint)
ATTRIBUTES = ("name", "name_key", "uscc", "region_code", "park", "founded_on", "founded_precision",
              "registered_capital_fen",
              "industry_code", "business_scope", "main_products", "legal_representative", "contact_person",
              "contact_phone")

# Source fields whose stored column has another name.
STORED_AS = {"region": "region_code", "registered_capital": "registered_capital_fen"}

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class ImportOptions:
    skip_invalid: bool = False
    mapping_file: Path | None = None
    default_year: int | None = None
    money_unit: str = DEFAULT_MONEY_UNIT
    progress: Progress | None = None
    area_region: str | None = None  # rows must lie in this GB/T 2260 area (the importing organisation's)
    area_park: str | None = None    # … and in this park
    # Nothing else in this process uses the database meanwhile (the CLI): a large first load into
    # SQLite may then go through a bulk connection of a second SQLite library (store/arrow_load.py).
    sole_user: bool = False
    pool_fields: bool = False  # keep the columns only an external enterprise pool stores (importers.headers.POOL_ONLY)
    actor: Viewer | None = None  # who imports: the audit entry is written in the import's own transaction
    file_name: str | None = None  # the name the user knows the file by (an upload is saved under another)


@dataclass
class ImportResult:
    file: str
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    # Rows folded into another row of the file, or into an existing enterprise found by another written
    # name (writer.Written): once written, imported + updated + unchanged + merged + rejected = rows.
    merged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows: int = 0
    batch_id: int | None = None
    written: bool = False
    reading: dict[str, Any] | None = None  # how the file was read (importers.reading)

    @property
    def skipped(self) -> int:
        return reading.skipped_count(self.reading)

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "rows": self.rows, "imported": self.imported, "updated": self.updated,
                "unchanged": self.unchanged, "merged": self.merged, "rejected": self.rejected, "written": self.written,
                "batch_id": self.batch_id, "ignored_columns": self.ignored_columns, "skipped": self.skipped,
                "errors": [e.as_dict() for e in self.errors], "warnings": [w.as_dict() for w in self.warnings],
                "reading": self.reading}


def _context(options: ImportOptions) -> Context:
    return Context(regions=reference.regions(), normaliser=reference.name_normaliser(),
                   industry_codes=frozenset(c for c in reference.industries() if c.isdigit()),
                   default_year=options.default_year or date.today().year - 1, money_unit=options.money_unit)


def _validate(sheet: Sheet, columns: list[Column], ctx: Context, options: ImportOptions,
              done: int, total: int) -> ValidatedSheet:
    progress = options.progress
    chunks = [Sheet(sheet.name, sheet.headers, sheet.frame.slice(offset, CHUNK_ROWS), sheet.first_row + offset)
              for offset in range(0, max(sheet.frame.height, 1), CHUNK_ROWS)]
    parts: list[ValidatedSheet] = []
    # Two chunks at a time: the Python part of one (row digests, error lists) runs while
    # polars, which releases the GIL, works on the other.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="chainatlas-validate") as pool:
        for part in pool.map(lambda chunk: validate_sheet(chunk, columns, ctx), chunks):
            parts.append(part)
            if progress:
                progress("校验", done + min(len(parts) * CHUNK_ROWS, sheet.frame.height), total)
    records = pl.concat([p.records for p in parts], how="vertical_relaxed")
    errors = [e for p in parts for e in p.errors] + find_duplicates(records, columns, sheet.name) \
        + outside_area(records, columns, sheet.name, options.area_region, options.area_park)
    return ValidatedSheet(sheet.name, records, pl.concat([p.years for p in parts]),
                          pl.concat([p.tags for p in parts]), errors,
                          {e.row for e in errors if e.severity == "error"}, parts[0].has_year_column)


def import_enterprises(engine: Engine, path: Path, options: ImportOptions | None = None) -> ImportResult:
    """Import a CSV/XLSX registry. Nothing is written when any row is invalid,
    unless `skip_invalid`, which writes the good rows and quarantines the rest."""
    options = options or ImportOptions()
    with _cyclic_gc_paused() if options.sole_user else nullcontext():
        return _import_enterprises(engine, path, options)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """An import makes millions of short-lived acyclic objects (row digests, index documents, cells),
    which reference counting frees; the cyclic collector, triggered by the allocations alone, would walk
    every object of the process again and again. Paused only when the import has the process to itself
    (`sole_user`: the CLI); a server's other requests keep theirs."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import_enterprises(engine: Engine, path: Path, options: ImportOptions) -> ImportResult:
    result, validated = _read_and_validate(path, options)
    started = datetime.now()
    with engine.begin() as conn:
        batch_id = conn.execute(import_batches.insert().values(
            file_name=result.file, started_at=started, status="running",
            process=processes.this_process())).inserted_primary_key[0]
        result.batch_id = batch_id
        if result.rejected and not options.skip_invalid:
            _finish(conn, batch_id, result, "rejected", options.actor)
            return result
        _quarantine(conn, batch_id, validated, result.errors)
        good = [_good_rows(v) for _, _, v in validated]
        present = sorted({STORED_AS.get(c.key, c.key) for _, cols, _ in validated for c in cols
                          if not c.is_metric} & set(ATTRIBUTES) | {"name_key"})
        if "founded_on" in present:  # the date's precision comes with it (validate: 2019, 2019年5月)
            present = sorted({*present, "founded_precision"})
        present_metrics = sorted({c.key for _, cols, _ in validated for c in cols if c.is_metric})
        has_tags = any(c.key == "tags" for _, cols, _ in validated for c in cols)
        first_load = options.sole_user and _first_load(conn, engine, sum(g.records.height for g in good))
        if not first_load:
            written = writer.write(conn, good, present, present_metrics, has_tags, batch_id, options.progress)
            # The search index learns what was written, and indexes again what the writer took out of it.
            search_bulk.after_import(conn, started, written.inserted, written.forgotten)
            _count(result, written)
            _finish(conn, batch_id, result, "done", options.actor)
    if not first_load:
        if result.written:
            cache.forget(engine)
        if result.imported + result.updated >= CHECKPOINT_AFTER_ROWS:
            housekeeping.checkpoint(engine)
        return result
    # A large first load goes through a bulk connection, in one transaction of its own; the batch
    # and its quarantined rows are already recorded, and say "failed" if the load does not commit.
    try:
        with search_bulk.IndexBeside(str(engine.url.database)) as full_text, arrow_load.load(engine) as loader:
            load = writer.plan_first_load(loader, good, present, present_metrics)
            full_text.start(loader, load.searchable)  # in parallel with the rows and their indexes
            with loader.indexes_deferred(BULK_DEFERRED):
                # Between its own batches the load writes the facets rows of the rows indexed so far (`IndexBeside`).
                written = writer.write_first_load(loader, load, options.progress, lambda: full_text.write_facets(loader))
                full_text.write_facets(loader)
            full_text.adopt_into(loader)
            _count(result, written)
            loader.execute(_FINISH_SQL, [f"{datetime.now():%Y-%m-%d %H:%M:%S.%f}", result.imported, result.rejected,
                                         batch_id])
            if options.actor is not None:
                values = access.audit_entry(options.actor, "import", f"import_batch:{batch_id}", **_audit_detail(result))
                loader.execute(_AUDIT_SQL, sqlite_values(audit_log, _AUDIT_COLUMNS, [values[c] for c in _AUDIT_COLUMNS]))
    except BaseException:
        result.written = False
        try:
            with engine.begin() as conn:
                _finish(conn, batch_id, result, "failed", options.actor)
        except Exception:  # e.g. still busy: the batch stays "running" until housekeeping finds this process gone
            log.exception("无法把导入批次 %s 标记为失败", batch_id)
        raise
    cache.forget(engine)
    housekeeping.checkpoint(engine)
    return result


def _read_and_validate(path: Path, options: ImportOptions
                       ) -> tuple[ImportResult, list[tuple[Sheet, list[Column], ValidatedSheet]]]:
    """Read the file (reporting how) and validate every sheet; nothing is written."""
    mapping = read_mapping(options.mapping_file) if options.mapping_file else None
    book: Workbook = read_workbook(path, mapping, strip=False)  # validation strips the cells it reads
    sheets = book.sheets
    result = ImportResult(file=options.file_name or path.name)
    ctx = _context(options)
    defaults = reading.Defaults(ctx.default_year, ctx.money_unit)
    total = sum(s.frame.height for s in sheets)
    result.rows = total
    validated: list[tuple[Sheet, list[Column], ValidatedSheet]] = []
    described = []
    done = 0
    while sheets:
        sheet = sheets.pop(0)
        columns, ignored = reading.sheet_columns(sheet, mapping)
        if not options.pool_fields:  # the registry has nowhere to keep them: say so, as for unknown columns
            ignored += [c.header for c in columns if c.key in POOL_ONLY]
            columns = [c for c in columns if c.key not in POOL_ONLY]
        described.append(reading.describe_sheet(sheet, columns, ignored, defaults))
        prefix = f"{sheet.name}：" if sheet.name else ""
        result.ignored_columns += [prefix + h for h in ignored]
        checked = _validate(sheet, columns, ctx, options, done, total)
        done += sheet.frame.height
        # Keep only the bad rows' raw cells (for quarantine): the sheet's text can go.
        sheet.frame = _bad_raw_rows(sheet, checked.bad_rows)
        validated.append((sheet, columns, checked))
        for error in checked.errors:
            (result.errors if error.severity == "error" else result.warnings).append(error)
    result.reading = reading.describe(book, described)
    result.errors.sort(key=lambda e: (e.sheet or "", e.row))
    result.rejected = sum(len(v.bad_rows) for _, _, v in validated)
    return result, validated


def read_valid_rows(path: Path, options: ImportOptions | None = None
                    ) -> tuple[ImportResult, list[writer.SheetRows]]:
    """Read and validate a registry file exactly as the import does, writing nothing: the result (errors,
    warnings, how the file was read, `rejected`) and each sheet's good rows (records, years, tags), for
    imports into other tables (the external enterprise pools of services/targets)."""
    result, validated = _read_and_validate(path, options or ImportOptions())
    return result, [_good_rows(v) for _, _, v in validated]


def preview_enterprises(path: Path, options: ImportOptions | None = None) -> ImportResult:
    """What an import of the file would do, without writing: how the file was read, the rows that
    would be imported (`imported`) and those rejected, with every error and warning."""
    result, validated = _read_and_validate(path, options or ImportOptions())
    result.imported = sum(v.records.height - len(v.bad_rows) for _, _, v in validated)
    return result


# Tables of a first load whose secondary indexes are built after their rows.
BULK_DEFERRED = ("enterprises", "enterprise_tags", "enterprise_facets")
# What `_finish` writes, for the bulk connection (SQLAlchemy stores datetimes as ISO text in SQLite).
_FINISH_SQL = ("UPDATE import_batches SET finished_at = ?, imported = ?, updated = 0, unchanged = 0, rejected = ?, "
               "status = 'done' WHERE id = ?")


def _first_load(conn: Any, engine: Engine, rows: int) -> bool:
    """Whether the good rows are many and go into an empty SQLite registry: the bulk path."""
    return (rows > writer.BULK_ROWS and arrow_load.supports(engine)
            and conn.execute(select(enterprises.c.id).limit(1)).first() is None)


def _count(result: ImportResult, written: writer.Written) -> None:
    result.imported, result.updated, result.unchanged = written.imported, written.updated, written.unchanged
    result.merged = written.merged
    result.warnings = sorted([*result.warnings, *written.warnings], key=lambda w: (w.sheet or "", w.row))
    result.written = True


def _finish(conn: Any, batch_id: int, result: ImportResult, status: str, actor: Viewer | None) -> None:
    """The batch's outcome and, in the same transaction, its audit entry: what the user is told is what happened."""
    conn.execute(import_batches.update().where(import_batches.c.id == batch_id).values(
        finished_at=datetime.now(), imported=result.imported, updated=result.updated,
        unchanged=result.unchanged, rejected=result.rejected, status=status,
        message="导入未完成，已回滚" if status == "failed" else None))
    if actor is not None:
        access.record_audit(conn, actor, "import", f"import_batch:{batch_id}", **_audit_detail(result), status=status)


def _audit_detail(result: ImportResult) -> dict[str, Any]:
    return {"file": result.file, "imported": result.imported, "updated": result.updated,
            "unchanged": result.unchanged, "merged_rows": result.merged, "rejected": result.rejected,
            "written": result.written}


# The audit entry of a first load, written on the bulk connection inside the load's transaction.
_AUDIT_COLUMNS = ("at", "user_id", "username", "org_id", "role", "channel", "address", "action", "target", "detail")
_AUDIT_SQL = f"INSERT INTO {audit_log.name} ({', '.join(_AUDIT_COLUMNS)}) VALUES ({', '.join('?' * len(_AUDIT_COLUMNS))})"


def _bad_raw_rows(sheet: Sheet, bad_rows: set[int]) -> pl.DataFrame:
    if not bad_rows:
        return sheet.frame.clear()
    bad = numbered(sheet).join(pl.DataFrame({ROW: sorted(bad_rows)}, schema={ROW: pl.Int64}), on=ROW, how="semi")
    return bad.with_columns(pl.col(c).str.strip_chars() for c in sheet.frame.columns if c != ROW)


def _good_rows(v: ValidatedSheet) -> writer.SheetRows:
    frames = (v.records, v.years, v.tags)
    v.records = v.years = v.tags = pl.DataFrame()  # handed over: no second copy stays behind
    if not v.bad_rows:
        return writer.SheetRows(*frames, sheet=v.sheet)
    bad = pl.DataFrame({ROW: sorted(v.bad_rows)}, schema={ROW: pl.Int64})
    return writer.SheetRows(*(frame.join(bad, on=ROW, how="anti") for frame in frames), sheet=v.sheet)


def _quarantine(conn: Any, batch_id: int, validated: list[tuple[Sheet, list[Column], ValidatedSheet]],
                errors: list[RowError]) -> None:
    by_row: dict[tuple[str | None, int], list[dict[str, Any]]] = {}
    for e in errors:
        by_row.setdefault((e.sheet, e.row), []).append({"field": e.field, "value": e.value, "reason": e.reason})
    rows = []
    for sheet, _, checked in validated:
        if not checked.bad_rows:
            continue
        for raw in sheet.frame.iter_rows(named=True):
            row = raw.pop(ROW)
            rows.append({"batch_id": batch_id, "sheet": sheet.name, "row_number": row, "raw": raw,
                         "errors": by_row.get((sheet.name, row), [])})
    if rows:
        conn.execute(import_rejects.insert(), rows)



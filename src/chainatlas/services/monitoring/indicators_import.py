"""Importing monthly and quarterly indicators: read and check the whole file, then write all-or-nothing.

Enterprises are found by credit code, else by the normalised name (the registry's name key); nothing is
created, a row naming an enterprise the registry does not hold is an error. Sheets naming a region (and
optionally a chain) instead of enterprises hold area totals (a statistics bureau's 全市规上工业). Period and
year-to-date values are derived from each other (indicators_derive); a re-import of a period updates it,
keeping the figures of indicators the file says nothing about. The chain roll-up of the months written is
rebuilt (figures.refresh), and the batch and its audit entry are recorded as the registry import does.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, and_, delete, select

from chainatlas import reference
from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.errors import Forbidden, InvalidInput
from chainatlas.domain.money import wan_text
from chainatlas.domain.monitoring import BY_KEY, month_text
from chainatlas.importers import reading
from chainatlas.importers.indicators import (
    FIGURES,
    IndicatorFile,
    IndicatorSheet,
    read_indicators,
)
from chainatlas.importers.periods import parse_period
from chainatlas.importers.readers import ROW
from chainatlas.importers.validate import Context, RowError
from chainatlas.services import access, registry
from chainatlas.services.monitoring.figures import ALL_INDUSTRY, refresh
from chainatlas.services.monitoring.indicators_derive import CUMULATIVE, derive
from chainatlas.store import filters, processes
from chainatlas.store.bulk import for_driver, insert_rows
from chainatlas.store.models import chains, enterprises, import_batches
from chainatlas.store.monitor_models import area_months, enterprise_months

LOOKUP_CHUNK = 5000
# typed column → stored column
STORED = {"output": "output_fen", "output_ytd": "output_ytd_fen", "revenue": "revenue_fen",
          "revenue_ytd": "revenue_ytd_fen", "profit": "profit_fen", "profit_ytd": "profit_ytd_fen", "tax": "tax_fen",
          "tax_ytd": "tax_ytd_fen", "electricity": "electricity_kwh", "electricity_ytd": "electricity_ytd_kwh",
          "employees": "employees"}
ALL_CHAINS_WORDS = ("", "全部", "全部产业链", "全市", "全行业", "规上工业", "全市规上工业", "合计", "—")


@dataclass
class IndicatorOptions:
    skip_invalid: bool = False
    period: str | None = None          # YYYY-MM or a quarter (2025Q2), for sheets whose period is nowhere else
    actor: Viewer | None = None        # who imports (the audit entry); None for the demo and tests
    file_name: str | None = None       # the name the user knows the file by (an upload is saved under another)
    area_region: str | None = None     # rows must lie in this GB/T 2260 area (the importing organisation's)


@dataclass
class IndicatorResult:
    file: str
    rows: int = 0
    imported: int = 0
    updated: int = 0
    rejected: int = 0
    written: bool = False
    batch_id: int | None = None
    months: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    reading: dict[str, Any] | None = None

    @property
    def skipped(self) -> int:
        return reading.skipped_count(self.reading)

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "rows": self.rows, "imported": self.imported, "updated": self.updated,
                "rejected": self.rejected, "written": self.written, "batch_id": self.batch_id, "months": self.months,
                "skipped": self.skipped, "errors": [e.as_dict() for e in self.errors],
                "warnings": [w.as_dict() for w in self.warnings], "reading": self.reading}


@dataclass
class _Checked:
    """The file's rows of one kind (enterprises or areas), resolved and derived, and the bad rows."""

    keys: list[str]
    frame: pl.DataFrame
    stored: pl.DataFrame
    bad: set[tuple[int, int]] = field(default_factory=set)  # (sheet index, row)


def _context() -> Context:
    return Context(regions=reference.regions(), normaliser=reference.name_normaliser(), industry_codes=frozenset(),
                   default_year=date.today().year)


def _period_option(text: str | None) -> tuple[date, int] | None:
    if not text:
        return None
    found = parse_period(text)
    if found is None:
        raise InvalidInput(f"--period“{text}”无法识别，应写作 YYYY-MM（如 2025-06）或季度（如 2025Q2）")
    return found


def import_indicators(engine: Engine, path: Path, options: IndicatorOptions | None = None, *,
                      write: bool = True) -> IndicatorResult:
    """Import an indicator file; `write=False` is the preview (everything checked, nothing written).

    Nothing is written when any row is invalid, unless `skip_invalid`, which writes the good rows."""
    options = options or IndicatorOptions()
    if options.actor is not None:
        _check_actor(options)
    book = read_indicators(path, _context(), _period_option(options.period))
    result = IndicatorResult(options.file_name or book.file_name, rows=book.rows, reading=book.reading())
    errors = list(book.errors)
    with engine.connect() if not write else engine.begin() as conn:
        checked = [c for c in (_enterprises(conn, book, errors, options), _areas(conn, book, errors, options)) if c]
        for part in checked:
            _derive(part, book, errors)
        result.errors = sorted((e for e in errors if e.severity == "error"), key=lambda e: (e.sheet or "", e.row))
        result.warnings = sorted((e for e in errors if e.severity != "error"), key=lambda e: (e.sheet or "", e.row))
        bad = {(e.sheet, e.row) for e in result.errors}
        result.rejected = len(bad)
        index = {s.name: i for i, s in enumerate(book.sheets)}
        rejected = pl.DataFrame([(index[s], r) for s, r in bad if s in index], schema={"_sheet": pl.Int64, ROW: pl.Int64},
                                orient="row")
        for part in checked:
            part.frame = part.frame.join(rejected, on=["_sheet", ROW], how="anti")
            existing = part.frame.join(part.stored.select(*part.keys, "month"), on=[*part.keys, "month"], how="semi")
            result.updated += existing.height
            result.imported += part.frame.height - existing.height
        months = sorted({m for part in checked for m in part.frame.get_column("month").to_list()})
        result.months = [month_text(m) for m in months]
        if not write:
            return result
        key = conn.execute(import_batches.insert().values(
            file_name=result.file, started_at=datetime.now(), status="running",
            process=processes.this_process())).inserted_primary_key
        assert key is not None
        batch_id = int(key[0])
        result.batch_id = batch_id
        if result.rejected and not options.skip_invalid:
            result.imported = result.updated = 0
            _finish(conn, batch_id, result, "rejected", options.actor)
            return result
        for part in checked:
            _write(conn, part, batch_id, result.file)
        result.written = True
        _finish(conn, batch_id, result, "done", options.actor)
    if months:
        refresh(engine, months)
    return result


def preview_indicators(engine: Engine, path: Path, options: IndicatorOptions | None = None) -> IndicatorResult:
    """What importing the file would do (rows new and updated, every error), without writing."""
    return import_indicators(engine, path, options, write=False)


def _check_actor(options: IndicatorOptions) -> None:
    viewer = options.actor
    assert viewer is not None
    viewer.require(Permission.WRITE_REGISTRY)
    if not viewer.everything:
        own = [a for a in viewer.areas if not a.shared]
        if not own:
            raise Forbidden("本机构没有辖区，不能导入月度指标")
        options.area_region = options.area_region or own[0].region


def _concat(sheets: list[tuple[int, IndicatorSheet]]) -> pl.DataFrame:
    return pl.concat([s.frame.with_columns(pl.lit(i, pl.Int64).alias("_sheet")) for i, s in sheets],
                     how="diagonal_relaxed")


def _outside(region: str | None, area: str | None) -> bool:
    return bool(area) and (region is None or not filters.region_within(region, area))  # type: ignore[arg-type]


def _enterprises(conn: Connection, book: IndicatorFile, errors: list[RowError],
                 options: IndicatorOptions) -> _Checked | None:
    sheets = [(i, s) for i, s in enumerate(book.sheets) if s.kind == "enterprises"]
    if not sheets:
        return None
    frame = _concat(sheets)
    e = enterprises.c
    by_code: dict[str, tuple[int, str | None]] = {}
    codes = frame.get_column("uscc").drop_nulls().unique().to_list()
    for start in range(0, len(codes), LOOKUP_CHUNK):
        query = select(e.uscc, e.id, e.merged_into_id, e.region_code).where(e.uscc.in_(codes[start:start + LOOKUP_CHUNK]))
        by_code.update({code: (merged or eid, region) for code, eid, merged, region in conn.execute(query)})
    by_name: dict[str, list[tuple[int, str | None]]] = {}
    keys = frame.filter(pl.col("uscc").is_null()).get_column("name_key").drop_nulls().unique().to_list()
    for start in range(0, len(keys), LOOKUP_CHUNK):
        query = select(e.name_key, e.id, e.region_code).where(
            e.name_key.in_(keys[start:start + LOOKUP_CHUNK]), e.merged_into_id.is_(None))
        for row in conn.execute(query):
            by_name.setdefault(row.name_key, []).append((row.id, row.region_code))
    lookup_rows: list[tuple[str | None, str | None, int, str | None]] = [
        (code, None, eid, region) for code, (eid, region) in by_code.items()]
    lookup_rows += [(None, key, found[0][0], found[0][1]) for key, found in by_name.items() if len(found) == 1]
    lookup = pl.DataFrame(lookup_rows, schema={"uscc": pl.String, "name_key": pl.String, "enterprise_id": pl.Int64,
                                               "__region": pl.String}, orient="row")
    frame = pl.concat([
        frame.filter(pl.col("uscc").is_not_null()).join(lookup.drop("name_key").filter(pl.col("uscc").is_not_null()),
                                                         on="uscc", how="left"),
        frame.filter(pl.col("uscc").is_null()).join(lookup.drop("uscc").filter(pl.col("name_key").is_not_null()),
                                                    on="name_key", how="left")], how="diagonal_relaxed")
    names = [s.name for s in book.sheets]
    said = {(err.sheet, err.row) for err in errors}
    missing = frame.filter(pl.col("enterprise_id").is_null() & (pl.col("uscc").is_not_null() | pl.col("name").is_not_null()))
    for sheet, row, code, name, key in missing.select("_sheet", ROW, "uscc", "name", "name_key").iter_rows():
        where = book.sheets[sheet]
        if code is not None:
            if (names[sheet], row) in said:
                continue  # the code itself is wrong: said already
            errors.append(RowError(names[sheet], row, where.header_of("uscc"), code,
                                   f"未在企业库中找到统一社会信用代码为 {code} 的企业（请先导入企业名录）"))
        elif len(by_name.get(key, [])) > 1:
            errors.append(RowError(names[sheet], row, where.header_of("name"), name,
                                   f"企业库中有 {len(by_name[key])} 家企业名称与“{name}”相同，请填写统一社会信用代码"))
        else:
            errors.append(RowError(names[sheet], row, where.header_of("name"), name,
                                   f"未在企业库中找到名为“{name}”的企业（请先导入企业名录，或填写统一社会信用代码）"))
    if options.area_region:
        area = options.area_region
        for sheet, row, region, name, code in frame.filter(pl.col("enterprise_id").is_not_null()).select(
                "_sheet", ROW, "__region", "name", "uscc").iter_rows():
            if _outside(region, area):
                errors.append(RowError(names[sheet], row, book.sheets[sheet].header_of("uscc" if code else "name"),
                                       code or name, f"企业不在本机构辖区（{area}）内，无权导入其指标"))
    frame = frame.filter(pl.col("enterprise_id").is_not_null()).drop("__region")
    stored = _stored(conn, enterprise_months, ["enterprise_id"], frame)
    return _Checked(["enterprise_id"], frame, stored)


def _areas(conn: Connection, book: IndicatorFile, errors: list[RowError], options: IndicatorOptions) -> _Checked | None:
    sheets = [(i, s) for i, s in enumerate(book.sheets) if s.kind == "areas"]
    if not sheets:
        return None
    frame = _concat(sheets)
    if "chain_text" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.String).alias("chain_text"))
    regions = reference.regions()
    chain_ids = {cid: cid for cid, _ in conn.execute(select(chains.c.id, chains.c.name))}
    chain_ids.update({name: cid for cid, name in conn.execute(select(chains.c.id, chains.c.name))})
    codes, chain_col = [], []
    names = [s.name for s in book.sheets]
    for sheet, row, region_text, chain_text in frame.select("_sheet", ROW, "region_text", "chain_text").iter_rows():
        code, reason = regions.resolve(region_text) if region_text else (None, None)
        where = book.sheets[sheet]
        if region_text and code is None:
            errors.append(RowError(names[sheet], row, where.header_of("region"), region_text, reason or "无法识别的地区"))
        elif code and _outside(code, options.area_region):
            errors.append(RowError(names[sheet], row, where.header_of("region"), region_text,
                                   f"不在本机构辖区（{options.area_region}）内，无权导入"))
        text = (chain_text or "").strip()
        chain = ALL_INDUSTRY if text in ALL_CHAINS_WORDS else chain_ids.get(text, chain_ids.get(
            text.removesuffix("产业链")))
        if chain is None:
            errors.append(RowError(names[sheet], row, where.header_of("chain"), chain_text,
                                   "未知的产业链（应为产业链名称或编号；全市全行业合计可留空）"))
        codes.append(code)
        chain_col.append(chain)
    frame = frame.with_columns(pl.Series("region_code", codes, dtype=pl.String),
                               pl.Series("chain_id", chain_col, dtype=pl.String))
    frame = frame.filter(pl.col("region_code").is_not_null() & pl.col("chain_id").is_not_null())
    stored = _stored(conn, area_months, ["region_code", "chain_id"], frame)
    return _Checked(["region_code", "chain_id"], frame, stored)


def _stored(conn: Connection, table: Any, keys: list[str], frame: pl.DataFrame) -> pl.DataFrame:
    """The stored rows of the file's subjects for its months and the months before them (typed names)."""
    schema: dict[str, Any] = {k: (pl.Int64 if k == "enterprise_id" else pl.String) for k in keys}
    schema.update({"month": pl.Date, **{name: pl.Int64 for name in FIGURES}, "months": pl.Int64})
    months = set(frame.get_column("month").drop_nulls().to_list())
    months |= {date(m.year, m.month - k, 1) for m in list(months) for k in (1, 3) if m.month > k}
    stored_names = [STORED[n] for n in FIGURES]
    rows: list[tuple[Any, ...]] = []
    wanted = frame.select(keys).unique()
    for month in sorted(months):
        query = select(*(table.c[k] for k in keys), table.c.month, *(table.c[s] for s in stored_names),
                       table.c.months).where(table.c.month == month)
        rows += [(*r[:len(keys)], _as_date(r[len(keys)]), *r[len(keys) + 1:]) for r in conn.execute(query)]
    stored = pl.DataFrame(rows, schema=schema, orient="row")
    return stored.join(wanted, on=keys, how="semi")


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _derive(part: _Checked, book: IndicatorFile, errors: list[RowError]) -> None:
    names = [s.name for s in book.sheets]
    frame = _duplicates(part, book, errors)
    frame, conflicts = derive(frame, part.keys, part.stored.select(*part.keys, "month",
                                                                    *(f"{k}_ytd" for k in CUMULATIVE)))
    for c in conflicts:
        indicator = BY_KEY[c.key]
        show = wan_text if indicator.money else (lambda kwh: f"{kwh / 10_000:.2f}")
        unit = indicator.unit
        errors.append(RowError(names[c.sheet], c.row, book.sheets[c.sheet].header_of(c.key), show(c.period),
                               f"{indicator.label}本期数 {show(c.period)}{unit} 与累计数不一致：累计 {show(c.ytd)} − "
                               f"上期累计 {show(c.previous)} = {show(c.ytd - c.previous)}{unit}（相差超过 0.01{unit}）"))
    # An indicator the row says nothing about keeps what was stored.
    stored = part.stored.rename({n: f"__s_{n}" for n in FIGURES}).drop("months")
    frame = frame.join(stored, on=[*part.keys, "month"], how="left", maintain_order="left")
    fill = []
    for i in BY_KEY.values():
        own = [i.key, f"{i.key}_ytd"] if i.cumulative else [i.key]
        silent = pl.all_horizontal(pl.col(n).is_null() for n in own)
        fill += [pl.when(silent).then(pl.col(f"__s_{n}")).otherwise(pl.col(n)).alias(n) for n in own]
    part.frame = frame.with_columns(fill).drop([c for c in frame.columns if c.startswith("__s_")])


def _duplicates(part: _Checked, book: IndicatorFile, errors: list[RowError]) -> pl.DataFrame:
    """One row per subject and period: identical repeats are dropped with a warning, differing ones are errors."""
    names = [s.name for s in book.sheets]
    frame = part.frame
    group = [*part.keys, "month"]
    repeated = frame.filter(pl.len().over(group) > 1)
    if repeated.is_empty():
        return frame
    dropped: set[tuple[int, int]] = set()
    for _, rows in repeated.group_by(group, maintain_order=True):
        records = rows.select("_sheet", ROW, "months", *FIGURES).rows()
        first = records[0]
        if all(r[2:] == first[2:] for r in records[1:]):
            for r in records[1:]:
                dropped.add((r[0], r[1]))
                errors.append(RowError(names[r[0]], r[1], book.sheets[r[0]].header_of("name"), None,
                                       f"与第{first[1]}行是同一{_subject(part)}、同一报告期，数据相同，只计一次",
                                       "warning"))
            continue
        period = month_text(rows.get_column("month")[0])
        for r in records:
            others = "、".join(f"第{o[1]}行" for o in records if o is not r)
            errors.append(RowError(names[r[0]], r[1], book.sheets[r[0]].header_of("name"), None,
                                   f"与{others}是同一{_subject(part)}、同一报告期（{period}），但数据不一致"))
            dropped.add((r[0], r[1]))  # which one is right is not known: neither is kept
    gone = pl.DataFrame(sorted(dropped), schema={"_sheet": pl.Int64, ROW: pl.Int64}, orient="row")
    return frame.join(gone, on=["_sheet", ROW], how="anti")


def _subject(part: _Checked) -> str:
    return "企业" if part.keys == ["enterprise_id"] else "地区和产业链"


def _write(conn: Connection, part: _Checked, batch_id: int, source: str) -> None:
    table = enterprise_months if part.keys == ["enterprise_id"] else area_months
    frame = part.frame
    existing = frame.join(part.stored.select(*part.keys, "month"), on=[*part.keys, "month"], how="semi")
    for (month,), rows in existing.partition_by("month", as_dict=True).items():
        if part.keys == ["enterprise_id"]:
            ids = rows.get_column("enterprise_id").to_list()
            for start in range(0, len(ids), LOOKUP_CHUNK):
                conn.execute(delete(table).where(table.c.month == month,
                                                 table.c.enterprise_id.in_(ids[start:start + LOOKUP_CHUNK])))
        else:
            for region, chain in rows.select("region_code", "chain_id").iter_rows():
                conn.execute(delete(table).where(and_(table.c.month == month, table.c.region_code == region,
                                                      table.c.chain_id == chain)))
    extra = {"batch_id": pl.lit(batch_id, pl.Int64), "updated_at": pl.lit(datetime.now())}
    if table is area_months:
        extra["source"] = pl.lit(source[:200])
        if "above_scale_count" not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.Int64).alias("above_scale_count"))
        extra["above_scale_count"] = pl.col("above_scale_count").cast(pl.Int64)
    out = frame.select(*part.keys, "month", pl.col("months").cast(pl.Int64),
                       *(pl.col(n).alias(STORED[n]) for n in FIGURES), **extra)
    out = for_driver(conn, out)
    insert_rows(conn, table, out.columns, out.iter_rows())


def _finish(conn: Connection, batch_id: int, result: IndicatorResult, status: str, actor: Viewer | None) -> None:
    conn.execute(import_batches.update().where(import_batches.c.id == batch_id).values(
        finished_at=datetime.now(), imported=result.imported, updated=result.updated, unchanged=0,
        rejected=result.rejected, status=status))
    if actor is not None:
        access.record_audit(conn, actor, "import_indicators", f"import_batch:{batch_id}", file=result.file,
                            imported=result.imported, updated=result.updated, rejected=result.rejected,
                            months=result.months, written=result.written, status=status)


PREVIEW_ROWS = 100  # errors and warnings listed in an answer to the web; the counts are whole


def upload_indicators(engine: Engine, file_name: str, data: Any, *, viewer: Viewer, skip_invalid: bool = False,
                      period: str | None = None, write: bool = True) -> dict[str, Any]:
    """An indicator file uploaded on the web, previewed (`write=False`) or imported at once, under the rules of
    the registry's uploads (role, own area, file type and size); the upload is not kept."""
    path = registry.save_upload(file_name, data, viewer)
    try:
        options = IndicatorOptions(skip_invalid=skip_invalid, period=period or None, actor=viewer,
                                   file_name=Path(file_name).name)
        result = import_indicators(engine, path, options, write=write)
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    data_out = result.as_dict()
    assert result.reading is not None
    data_out.update(error_count=len(result.errors), warning_count=len(result.warnings),
                    errors=data_out["errors"][:PREVIEW_ROWS], warnings=data_out["warnings"][:PREVIEW_ROWS],
                    reading={**result.reading, "file": result.file})
    return data_out

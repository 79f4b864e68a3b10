"""Writing validated registry rows: insert new enterprises, update changed ones.

Works column-wise with polars and writes with executemany, so that a first
import of a million rows costs little more than reading the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

import polars as pl
from sqlalchemy import Connection, Table, delete, func, select, update

from chainatlas import reference
from chainatlas.domain import name_match
from chainatlas.domain.errors import ChainAtlasError
from chainatlas.domain.names import GROUP_WORD, legal_form
from chainatlas.importers.headers import FIELDS, METRICS
from chainatlas.importers.name_columns import name_parts
from chainatlas.importers.validate import DIGEST, ROW, RowError, digests
from chainatlas.store import search_index
from chainatlas.store.arrow_load import Loader
from chainatlas.store.bulk import for_driver, insert_rows, sync_sequence
from chainatlas.store.models import enterprise_events, enterprise_tags, enterprise_years, enterprises

KEY = "_identity"
ID_CHUNK = 5000  # ids per IN (...) list, below every backend's parameter limit
SHORT_NAME_STEPS = 4  # trade words a short name may leave out
_TRADE_END = "(?:" + "|".join(sorted(name_match.TRADE_WORDS, key=len, reverse=True)) + ")$"
NAME_CANDIDATES = 20  # records sharing one name key that an incoming row is checked against
BULK_ROWS = 50_000  # a first load of more rows builds its secondary indexes after the rows
Progress = Callable[[str, int, int], None]
YEAR_COLUMNS = tuple(f"{m}_fen" if METRICS[m][0] != "count" else m for m in METRICS)


@dataclass
class SheetRows:
    records: pl.DataFrame
    years: pl.DataFrame
    tags: pl.DataFrame
    sheet: str | None = None  # the sheet's name, for the report of rows folded together


class Written(NamedTuple):
    imported: int
    updated: int
    unchanged: int
    inserted: pl.DataFrame  # the inserted enterprises, with the columns the search index reads
    # Rows folded into another row of the file, or into an existing enterprise found by another
    # written name: imported + updated + unchanged + merged = the rows written.
    merged: int = 0
    warnings: tuple[RowError, ...] = ()  # which rows were folded where, and what was kept
    # Enterprises taken out of the search index before their rows changed, to be indexed again
    # (search_index.forget: the contentless index deletes a row given the texts it was indexed with).
    forgotten: tuple[int, ...] = ()


# Stored column → the source field whose Chinese label the report uses.
_FIELD_OF = {"region_code": "region", "registered_capital_fen": "registered_capital"}
SHEET_ROWS = 1_000_000_000  # _combine numbers the rows of sheet i from i × SHEET_ROWS
ROW_OF, SHEET_OF = "_source_row", "_source_sheet"  # the row (and sheet) an enterprise's kept values came from


def _label(column: str) -> str:
    field = _FIELD_OF.get(column, column)
    return FIELDS[field][1] if field in FIELDS else column


def _where(row: int, sheets: list[str | None], here: int | None = None) -> str:
    """第N行, or 工作表X第N行 when it lies in another sheet than ``here``'s."""
    sheet = sheets[row // SHEET_ROWS]
    other = here is not None and row // SHEET_ROWS != here // SHEET_ROWS
    return f"{'工作表' + sheet if other and sheet else ''}第{row % SHEET_ROWS}行"


def _shown(value: Any) -> str:
    return str(_plain(value))


def folded_rows(rec: pl.DataFrame, sheets: list[str | None]) -> tuple[int, list[RowError]]:
    """Rows of the file that resolve to one enterprise (same credit code, else same normalised name).

    Every row but the group's last is folded into it (counted ``merged``); a group matched by name, or
    whose rows disagree on a value, is reported on each folded row: where it went and which value was kept
    (the last one given). Rows of one enterprise per year that agree are folded without a word.
    """
    merged = rec.height - rec.get_column(KEY).n_unique()
    if not merged:
        return 0, []
    columns = [c for c in rec.columns if c not in (ROW, KEY, DIGEST, "name_key", "row_hash", "founded_precision", "year")]
    group = rec.filter(pl.len().over(KEY) > 1)
    by_name = pl.col("uscc").is_null() if "uscc" in group.columns else pl.lit(True)
    # Rows written alike (one per year, say) hash alike: only the other groups are compared value by value,
    # a blank cell agreeing with any value.
    hashed = pl.struct(columns).hash() if columns else pl.lit(0, pl.UInt64)
    suspect = group.group_by(KEY).agg((hashed.n_unique() > 1).alias("unlike"), by_name.any().alias("by_name"))
    group = group.join(suspect.filter(pl.col("unlike") | pl.col("by_name")).select(KEY), on=KEY, how="semi")
    differs = group.group_by(KEY).agg(pl.any_horizontal(by_name.any(), *(pl.col(c).drop_nulls().n_unique() > 1
                                                                          for c in columns)).alias("flag"))
    flagged = group.join(differs.filter("flag").select(KEY), on=KEY, how="semi").sort(ROW)
    warnings = []
    for (_,), rows in flagged.group_by(KEY, maintain_order=True):
        items = rows.sort(ROW).to_dicts()
        last = items[-1]
        kept = {c: next(((r[c], r[ROW]) for r in reversed(items) if r[c] is not None), (None, None)) for c in columns}
        same = "统一社会信用代码相同" if last.get("uscc") else "名称归一后相同"
        for item in items[:-1]:
            here = item[ROW]
            lost = [f"{_label(c)}保留{_where(kept[c][1], sheets, here)}的「{_shown(kept[c][0])}」，"
                    f"本行的「{_shown(item[c])}」未采用"
                    for c in columns if item[c] is not None and item[c] != kept[c][0]]
            reason = (f"与{_where(last[ROW], sheets, here)}是同一企业（{same}），已并入该行"
                      + ("；" + "；".join(lost) if lost else ""))
            warnings.append(RowError(sheets[here // SHEET_ROWS], here % SHEET_ROWS, "企业名称", item.get("name"),
                                     reason, "warning"))
    return merged, warnings


def _year_column(metric: str) -> str:
    return metric if METRICS[metric][0] == "count" else f"{metric}_fen"


def _combine(sheets: list[SheetRows]) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, int, list[RowError]]:
    """One frame each for records, years and tags, keyed by enterprise identity, and the rows folded."""
    records, years, tags = [], [], []
    names = [part.sheet for part in sheets]
    for i, part in enumerate(sheets):
        src = (pl.lit(i, pl.Int64) * SHEET_ROWS + pl.col(ROW)).alias(ROW)
        records.append(part.records.with_columns(src))
        years.append(part.years.with_columns(src))
        tags.append(part.tags.with_columns(src))
    rec = pl.concat(records, how="diagonal_relaxed")
    identity = pl.coalesce(pl.col("uscc") if "uscc" in rec.columns else pl.lit(None, pl.String),
                           pl.lit("#") + pl.col("name_key"))
    rec = rec.with_columns(identity.alias(KEY))
    row_key = rec.select(ROW, KEY)
    yr = pl.concat(years, how="diagonal_relaxed").join(row_key, on=ROW).drop(ROW)
    tg = pl.concat(tags, how="diagonal_relaxed").join(row_key, on=ROW).drop(ROW)
    merged, warnings = folded_rows(rec, names)
    if merged:
        # Several rows of one enterprise (one per year, or over sheets): the last value wins.
        rec = rec.sort(ROW).group_by(KEY, maintain_order=True).agg(
            pl.all().exclude(DIGEST).drop_nulls().last(), pl.col(DIGEST).str.join("\x1e"), pl.len().alias("__rows"))
        # An enterprise told in several rows: the digest of its rows' digests.
        rec = rec.with_columns(pl.when(pl.col("__rows") > 1).then(digests(rec.get_column(DIGEST)))
                               .otherwise(pl.col(DIGEST)).alias(DIGEST)).drop("__rows")
        yr = yr.group_by(KEY, "year", maintain_order=True).agg(pl.all().drop_nulls().last())
    tg = tg.unique(subset=[KEY, "tag", "year"], maintain_order=True)
    source = [(pl.col(ROW) % SHEET_ROWS).alias(ROW_OF),
              (pl.col(ROW) // SHEET_ROWS).replace_strict(dict(enumerate(names)), default=None,
                                                         return_dtype=pl.String).alias(SHEET_OF)]
    return rec.with_columns(source).drop(ROW), yr, tg, merged, warnings


def _latest(yr: pl.DataFrame) -> pl.DataFrame:
    """Per enterprise, the revenue of its latest year that has one, that year, and its latest headcount."""
    revenue = pl.col("revenue") if "revenue" in yr.columns else pl.lit(None, pl.Int64)
    staff = pl.col("employees") if "employees" in yr.columns else pl.lit(None, pl.Int64)
    if yr.is_empty():
        return pl.DataFrame(schema={KEY: pl.String, "revenue_fen": pl.Int64, "revenue_year": pl.Int32,
                                    "employees": pl.Int64})
    # One pass over the years, in year order: the last known value of each figure.
    return yr.sort("year").group_by(KEY).agg(
        revenue.drop_nulls().last().cast(pl.Int64).alias("revenue_fen"),
        pl.col("year").filter(revenue.is_not_null()).last().cast(pl.Int32).alias("revenue_year"),
        staff.drop_nulls().last().cast(pl.Int64).alias("employees"))


def _existing(conn: Connection, rec: pl.DataFrame) -> pl.DataFrame:
    """Existing enterprise ids for the incoming identities: by credit code, else by name key."""
    schema = {KEY: pl.String, "id": pl.Int64, "old_hash": pl.String, "alias": pl.Boolean, "by_name": pl.Boolean}
    if conn.execute(select(enterprises.c.id).limit(1)).first() is None:
        return pl.DataFrame(schema=schema)
    query = select(enterprises.c.id, enterprises.c.uscc, enterprises.c.name_key, enterprises.c.row_hash,
                   enterprises.c.merged_into_id).execution_options(yield_per=100_000)
    columns = {"id": pl.Int64, "uscc": pl.String, "name_key": pl.String, "old_hash": pl.String,
               "merged_into_id": pl.Int64}
    # Read in slices: a million rows as Python tuples at once would cost more memory than the import.
    every = pl.concat([pl.DataFrame(rows, schema=columns, orient="row")
                       for rows in conn.execute(query).partitions()] or [pl.DataFrame(schema=columns)])
    # A merged record's credit code still names its enterprise: it leads to the survivor,
    # whose digest never matches, so the row is compared field by field.
    merged = every.filter(pl.col("merged_into_id").is_not_null() & pl.col("uscc").is_not_null()).select(
        pl.col("merged_into_id").alias("id"), "uscc", "name_key", pl.lit(None, pl.String).alias("old_hash"),
        pl.lit(True).alias("alias"))
    db = pl.concat([every.filter(pl.col("merged_into_id").is_null()).drop("merged_into_id")
                    .with_columns(pl.lit(False).alias("alias")), merged])
    incoming = rec.select(KEY, "name_key", pl.col("uscc") if "uscc" in rec.columns else pl.lit(None, pl.String)
                          .alias("uscc"))
    by_code = incoming.filter(pl.col("uscc").is_not_null()).join(
        db.filter(pl.col("uscc").is_not_null()).select("uscc", "id", "old_hash", "alias"), on="uscc")
    rest = incoming.join(by_code.select(KEY), on=KEY, how="anti")
    # A row without a code, or a code the registry has never seen, may still name an
    # enterprise kept without a code: match those by name key, then keep the oldest
    # record whose name's regions agree (长沙星城科技 is not 株洲星城科技).
    live = db.filter(pl.col("old_hash").is_not_null()).sort("id")
    candidates = live.group_by("name_key", maintain_order=True).head(NAME_CANDIDATES)
    nameless = candidates.filter(pl.col("uscc").is_null())
    by_name = pl.concat([
        rest.filter(pl.col("uscc").is_null()).join(candidates.select("name_key", "id", "old_hash", "alias"),
                                                   on="name_key"),
        rest.filter(pl.col("uscc").is_not_null()).join(nameless.select("name_key", "id", "old_hash", "alias"),
                                                       on="name_key"),
    ])
    by_name = _regions_agree(conn, rec, by_name).sort("id")
    columns = [KEY, "id", "old_hash", "alias"]
    unmatched = rest.join(by_name.select(KEY), on=KEY, how="anti")
    by_short = _confirmed(conn, rec, _short_names(unmatched, live))
    by_name = pl.concat([by_name.select(columns), by_short.select(columns)])
    # by_name: found by its name, not its credit code (the report warns when the names differ).
    return pl.concat([by_code.select(*columns, pl.lit(False).alias("by_name")),
                      by_name.select(*columns, pl.lit(True).alias("by_name"))]).unique(KEY, keep="first",
                                                                                        maintain_order=True)


def _trimmed(keys: pl.Expr) -> list[pl.Expr]:
    """A key with its trailing trade words left out one at a time (裕能新能源电池材料 → … → 裕能)."""
    group = keys.str.ends_with(GROUP_WORD)
    core = pl.when(group).then(keys.str.strip_suffix(GROUP_WORD)).otherwise(keys)
    forms, form = [], core
    for _ in range(SHORT_NAME_STEPS):
        form = form.str.replace(_TRADE_END, "")
        forms.append(pl.when(group).then(form + GROUP_WORD).otherwise(form))
    return forms


def _short_names(incoming: pl.DataFrame, live: pl.DataFrame) -> pl.DataFrame:
    """Name matches where one key is the other's short name (domain.name_match.short_name_of).

    Only a short name that points to one record matches: 星城 for 星城科技 alone, not
    when 星城材料 is in the registry too.
    """
    if incoming.is_empty() or live.is_empty():
        return pl.DataFrame(schema={KEY: pl.String, "name_key": pl.String, "uscc": pl.String, "id": pl.Int64,
                                    "old_hash": pl.String, "alias": pl.Boolean})

    def forms(frame: pl.DataFrame, key: str) -> pl.DataFrame:
        return frame.with_columns(pl.concat_list(_trimmed(pl.col(key))).list.unique().alias("short")).explode(
            "short").filter(pl.col("short").str.len_chars() >= 2, pl.col("short") != pl.col(key))

    stored = live.select("name_key", pl.col("name_key").alias("stored_key"), "id", "old_hash", "alias",
                         pl.col("uscc").alias("stored_uscc"))
    long_incoming = forms(incoming, "name_key").join(stored.drop("name_key"), left_on="short", right_on="stored_key")
    short_incoming = incoming.join(forms(stored, "name_key").drop("name_key"), left_on="name_key", right_on="short")
    found = pl.concat([long_incoming.select(KEY, "name_key", "uscc", "id", "old_hash", "alias", "stored_uscc",
                                            pl.col("short").alias("stored_key")),
                       short_incoming.select(KEY, "name_key", "uscc", "id", "old_hash", "alias", "stored_uscc",
                                             "stored_key")])
    # As for equal keys: a row with a code matches only a record kept without one.
    found = found.filter(pl.col("uscc").is_null() | pl.col("stored_uscc").is_null())
    pairs = found.select("name_key", "stored_key").unique()
    pairs = pairs.filter(pl.Series([name_match.keys_may_match(a, b) for a, b in pairs.iter_rows()], dtype=pl.Boolean))
    found = found.join(pairs, on=["name_key", "stored_key"]).unique([KEY, "id"])
    return found.filter(pl.len().over(KEY) == 1).drop("stored_key", "stored_uscc")


def _confirmed(conn: Connection, rec: pl.DataFrame, found: pl.DataFrame) -> pl.DataFrame:
    """The short-name candidates whose two names the domain judges one enterprise (name_match.compare)."""
    if found.is_empty() or "name" not in rec.columns:
        return found.clear()
    normaliser = reference.name_normaliser()
    ids = found.get_column("id").unique().to_list()
    stored = dict(row for chunk in range(0, len(ids), ID_CHUNK) for row in conn.execute(
        select(enterprises.c.id, enterprises.c.name).where(enterprises.c.id.in_(ids[chunk:chunk + ID_CHUNK]))).tuples())
    names = dict(rec.select(KEY, "name").filter(pl.col(KEY).is_in(found.get_column(KEY).implode())).iter_rows())
    same = [name_match.compare(normaliser, names[key], stored[i]).relation == name_match.SAME
            for key, i in found.select(KEY, "id").iter_rows()]
    return found.filter(pl.Series(same, dtype=pl.Boolean))


def _regions_agree(conn: Connection, rec: pl.DataFrame, by_name: pl.DataFrame) -> pl.DataFrame:
    """The name matches whose two names write no conflicting regions (domain.names.regions_agree)."""
    if by_name.is_empty() or "name" not in rec.columns:
        return by_name
    normaliser = reference.name_normaliser()
    ids = by_name.get_column("id").unique().to_list()
    stored = pl.DataFrame([(i, n) for chunk in range(0, len(ids), ID_CHUNK) for i, n in conn.execute(
        select(enterprises.c.id, enterprises.c.name).where(enterprises.c.id.in_(ids[chunk:chunk + ID_CHUNK])))],
        schema={"id": pl.Int64, "name": pl.String}, orient="row")
    stored = stored.with_columns(name_parts(stored.get_column("name"), normaliser, regions=True)
                                 .get_column("region_text").alias("stored_regions"))
    incoming = rec.select(KEY, "name").filter(pl.col(KEY).is_in(by_name.get_column(KEY).implode()))
    incoming = incoming.with_columns(name_parts(incoming.get_column("name"), normaliser, regions=True)
                                     .get_column("region_text").alias("incoming_regions"))
    pairs = by_name.join(incoming.select(KEY, "incoming_regions"), on=KEY).join(
        stored.select("id", "stored_regions"), on="id")
    # Few distinct region texts: decide each pair of them once.
    verdicts = pairs.select("incoming_regions", "stored_regions").unique()
    verdicts = verdicts.with_columns(pl.Series("agree", [
        normaliser.regions_agree(normaliser.regions_in(a), normaliser.regions_in(b))
        for a, b in verdicts.iter_rows()], dtype=pl.Boolean))
    return pairs.join(verdicts, on=["incoming_regions", "stored_regions"]).filter("agree").select(by_name.columns)


def _prepare(sheets: list[SheetRows], attributes: list[str]
             ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, list[str], int, list[RowError]]:
    rec, yr, tg, merged, warnings = _combine(sheets)
    sheets.clear()  # the combined frames replace them: keep one copy in memory
    attributes = [a for a in attributes if a in rec.columns]
    return rec, yr, tg, attributes, merged, warnings


def write(conn: Connection, sheets: list[SheetRows], attributes: list[str], metrics: list[str], has_tags: bool,
          batch_id: int, progress: Progress | None = None) -> Written:
    """Insert and update; returns the counts (each row once), the inserted rows and what was folded where."""
    rec, yr, tg, attributes, merged, warnings = _prepare(sheets, attributes)
    matched = _existing(conn, rec)
    if matched.is_empty():  # a first load: no join, no copy
        new, changed = rec, rec.clear().with_columns(pl.lit(None, pl.Int64).alias("id"),
                                                     pl.lit(None, pl.String).alias("old_hash"),
                                                     pl.lit(None, pl.Boolean).alias("alias"))
        renamed: set[int] = set()
    else:
        rec = rec.join(matched, on=KEY, how="left")
        renamed, notes = _renamed_by_name(conn, rec)
        warnings += notes
        new = rec.filter(pl.col("id").is_null()).drop("id", "old_hash", "alias", "by_name")
        changed = rec.filter(pl.col("id").is_not_null() & (pl.col("row_hash") != pl.col("old_hash")).fill_null(True))
    matched_count = rec.height - new.height
    del rec
    now = datetime.now()
    inserted = _insert_new(conn, new, yr, tg, attributes, metrics, now, progress)
    forgotten = tuple(sorted(set(changed.get_column("id").to_list())))
    search_index.forget(conn, forgotten)
    updated = _update_changed(conn, changed, yr, tg, attributes, metrics, has_tags, batch_id, now) - renamed
    # A row found under another written name is counted merged whether or not it changed the record.
    return Written(inserted.height, len(updated), matched_count - len(renamed) - len(updated), inserted,
                   merged + len(renamed), tuple(warnings), forgotten)


def _renamed_by_name(conn: Connection, rec: pl.DataFrame) -> tuple[set[int], list[RowError]]:
    """Enterprises a row reached by name (no credit code matched) whose stored name it writes otherwise.

    Each is a warning naming both names and, when it changes, the legal form; the update itself goes
    ahead and the enterprise's history keeps the old name.
    """
    if "name" not in rec.columns:
        return set(), []
    found = rec.filter(pl.col("by_name").fill_null(False) & ~pl.col("alias").fill_null(False))
    if found.is_empty():
        return set(), []
    ids = found.get_column("id").unique().to_list()
    stored = dict(row for part in _chunks(ids) for row in conn.execute(
        select(enterprises.c.id, enterprises.c.name).where(enterprises.c.id.in_(part))).tuples())
    renamed, warnings = set(), []
    for row in found.select("id", "name", ROW_OF, SHEET_OF).iter_rows(named=True):
        old, new = stored[row["id"]], row["name"]
        if old == new:
            continue
        renamed.add(row["id"])
        forms = (legal_form(old), legal_form(new))
        form = f"，组织形式由{forms[0] or '未写明'}变为{forms[1] or '未写明'}" if forms[0] != forms[1] else ""
        warnings.append(RowError(row[SHEET_OF], row[ROW_OF], "企业名称", new,
                                 f"未填或未匹配统一社会信用代码，按名称归一后并入企业库中的「{old}」（编号 {row['id']}）"
                                 f"{form}；企业名称改为本行所写，原名称保留在该企业的变更记录中。若不是同一企业，"
                                 "请在本行填写统一社会信用代码后重新导入", "warning"))
    return renamed, warnings


@dataclass
class FirstLoad:
    """The rows of a first load, numbered, before they are written."""

    enterprises: pl.DataFrame  # one row per enterprise, ids from 1, with its latest figures
    years: pl.DataFrame
    tags: pl.DataFrame
    attributes: list[str]
    metrics: list[str]
    searchable: pl.DataFrame  # what the search index reads of them (`_searchable`)
    merged: int = 0  # rows folded into another row of the file (folded_rows)
    warnings: tuple[RowError, ...] = ()


def plan_first_load(loader: Loader, sheets: list[SheetRows], attributes: list[str], metrics: list[str]
                    ) -> FirstLoad:
    """Number the rows of a first load into an empty registry.

    Known before anything is written, so that the search index can be built
    while the rows are (services/search_bulk.py).
    """
    rec, yr, tg, attributes, merged, warnings = _prepare(sheets, attributes)
    if loader.execute("SELECT 1 FROM enterprises LIMIT 1"):
        raise ChainAtlasError("导入期间企业库已被另一导入写入，请重新导入")
    new = _numbered(rec, yr, 1)
    return FirstLoad(new, yr, tg, attributes, metrics, _searchable(new, yr, tg), merged, tuple(warnings))


def write_first_load(loader: Loader, load: FirstLoad, progress: Progress | None = None,
                     between: Callable[[], object] | None = None) -> Written:
    """Fill an empty registry on a bulk connection (the caller defers secondary indexes);
    `between` is called after each batch of rows (other writes of the load may go there)."""
    count = load.enterprises.height

    def insert(table: Table, frame: pl.DataFrame) -> None:
        loader.append(table.name, frame)
        if between is not None:
            between()

    _write_rows(insert, load.enterprises, load.years, load.tags, load.attributes, load.metrics, datetime.now(),
                progress)
    # Written: only what the search index reads stays in memory while it is built.
    load.enterprises = load.years = load.tags = pl.DataFrame()
    return Written(count, 0, 0, load.searchable, load.merged, load.warnings)


def _insert_new(conn: Connection, new: pl.DataFrame, yr: pl.DataFrame, tg: pl.DataFrame, attributes: list[str],
                metrics: list[str], now: datetime, progress: Progress | None) -> pl.DataFrame:
    """Insert new enterprises with their years and tags; returns them as the search index reads them."""
    if new.is_empty():
        return pl.DataFrame(schema={"id": pl.Int64})
    start = (conn.execute(select(func.max(enterprises.c.id))).scalar() or 0) + 1
    # Into an empty registry, building secondary indexes once after the load is
    # much faster than keeping them up to date row by row.
    deferred = [*enterprises.indexes, *enterprise_tags.indexes] if start == 1 and new.height > BULK_ROWS else []
    for index in deferred:
        index.drop(conn)

    def insert(table: Table, frame: pl.DataFrame) -> None:
        insert_rows(conn, table, frame.columns, for_driver(conn, frame).iter_rows())

    inserted = _new_rows(insert, new, yr, tg, attributes, metrics, start, now, progress)
    sync_sequence(conn, enterprises)
    for index in deferred:
        index.create(conn)
    return inserted


def _new_rows(insert: Callable[[Table, pl.DataFrame], object], new: pl.DataFrame, yr: pl.DataFrame,
              tg: pl.DataFrame, attributes: list[str], metrics: list[str], start: int, now: datetime,
              progress: Progress | None) -> pl.DataFrame:
    """Enterprises (ids from `start`), their years and tags, through `insert`; returns `_searchable` rows."""
    new = _numbered(new, yr, start)
    _write_rows(insert, new, yr, tg, attributes, metrics, now, progress)
    return _searchable(new, yr, tg)


def _numbered(new: pl.DataFrame, yr: pl.DataFrame, start: int) -> pl.DataFrame:
    """New enterprises with their ids (from `start`) and latest revenue and headcount.

    The figures are joined on the keys alone and set beside the rows (one per key, in
    order), so that the rows themselves are not copied.
    """
    latest = new.select(KEY).join(_latest(yr), on=KEY, how="left", maintain_order="left").drop(KEY)
    return new.hstack(latest).with_columns(pl.int_range(start, start + new.height, dtype=pl.Int64).alias("id"))


def _write_rows(insert: Callable[[Table, pl.DataFrame], object], new: pl.DataFrame, yr: pl.DataFrame,
                tg: pl.DataFrame, attributes: list[str], metrics: list[str], now: datetime,
                progress: Progress | None) -> None:
    """Numbered enterprises (`_numbered`), their years and tags, through `insert`."""
    columns = ["id", *attributes, "revenue_fen", "revenue_year", "employees", "row_hash", "created_at", "updated_at"]
    frame = new.with_columns(pl.lit(now).alias("created_at"), pl.lit(now).alias("updated_at")).select(*columns)
    done = 0
    for chunk in frame.iter_slices(100_000):
        insert(enterprises, chunk)
        done += chunk.height
        if progress:
            progress("写入", done, frame.height)
    del frame
    ids = new.select(KEY, pl.col("id").alias("enterprise_id"))
    if not yr.is_empty():
        insert(enterprise_years, yr.join(ids, on=KEY).select(
            "enterprise_id", "year", *(pl.col(m).alias(_year_column(m)) for m in metrics)))
    insert(enterprise_tags, tg.join(ids, on=KEY).select("enterprise_id", "tag", "year"))


def _searchable(new: pl.DataFrame, yr: pl.DataFrame, tg: pl.DataFrame) -> pl.DataFrame:
    """What the search index reads of each new enterprise, with assets of its latest revenue year and its tags."""
    figure = pl.col("total_assets") if "total_assets" in yr.columns else pl.lit(None, pl.Int64)
    assets = yr.select(KEY, pl.col("year").alias("revenue_year"), figure.alias("total_assets_fen"))
    tags = tg.group_by(KEY).agg(pl.col("tag").alias("tags"))
    columns = ("name", "main_products", "business_scope", "region_code", "industry_code", "park")
    # Joined on the keys alone, then set beside the enterprise's own columns: each right side
    # has one row per key, so the rows stay in order, and the texts are not copied.
    joined = (new.select(KEY, "revenue_year").join(assets, on=[KEY, "revenue_year"], how="left", maintain_order="left")
              .join(tags, on=KEY, how="left", maintain_order="left"))
    return new.select("id", "revenue_year", "employees", "revenue_fen",
                      *(pl.col(c) if c in new.columns else pl.lit(None, pl.String).alias(c) for c in columns)
                      ).hstack(joined.select("total_assets_fen", "tags"))


def _update_changed(conn: Connection, changed: pl.DataFrame, yr: pl.DataFrame, tg: pl.DataFrame,
                    attributes: list[str], metrics: list[str], has_tags: bool, batch_id: int,
                    now: datetime) -> set[int]:
    """Apply real differences and record them; a hash change with no real difference only refreshes the hash.
    Returns the ids of the enterprises really changed."""
    if changed.is_empty():
        return set()
    updated: set[int] = set()
    ids = changed.get_column("id").to_list()
    old_rows = {r.id: r._mapping for part in _chunks(ids)
                for r in conn.execute(select(enterprises).where(enterprises.c.id.in_(part)))}
    old_years = _years_by_id(conn, ids)
    old_tags = _tags_by_id(conn, ids)
    keys = changed.select(KEY)
    incoming_years = _group(yr.join(keys, on=KEY, how="semi"))
    incoming_tags = _group(tg.join(keys, on=KEY, how="semi")) if has_tags else {}
    for row in changed.iter_rows(named=True):
        eid = row["id"]
        old = old_rows[eid]
        # Reached through a merged record's code: the survivor keeps its own code and name.
        own = [a for a in attributes if not (row["alias"] and a in ("uscc", "name", "name_key"))]
        diff = {a: {"old": _plain(old[a]), "new": _plain(row[a])} for a in own
                if row[a] is not None and row[a] != old[a]}
        values = {a: row[a] for a in diff}
        years_new = {y["year"]: {_year_column(m): y[m] for m in metrics} for y in incoming_years.get(row[KEY], [])}
        years_diff = {}
        history_years: dict[int, dict[str, dict[str, Any]]] = {}
        for year, figures in years_new.items():
            before = old_years.get(eid, {}).get(year, {})
            delta = {k: v for k, v in figures.items() if v is not None and before.get(k) != v}
            if delta:
                history_years[year] = {k: {"old": before.get(k), "new": v} for k, v in delta.items()}
            if delta:
                years_diff[year] = delta
        tags_new = {(t["tag"], t["year"]) for t in incoming_tags.get(row[KEY], [])}
        # A blank tag cell says nothing, as blank cells do in other columns: tags stay.
        tags_changed = has_tags and bool(tags_new) and tags_new != old_tags.get(eid, set())
        values["row_hash"] = row["row_hash"]
        if diff or years_diff or tags_changed:
            values["updated_at"] = now
            updated.add(eid)
            conn.execute(enterprise_events.insert().values(
                enterprise_id=eid, at=now, action="updated",
                detail={"batch_id": batch_id, "fields": diff,
                        "years": {str(y): d for y, d in history_years.items()},
                        "tags": sorted(f"{t}:{y or ''}" for t, y in tags_new) if tags_changed else None}))
        conn.execute(update(enterprises).where(enterprises.c.id == eid).values(**values))
        for year, delta in years_diff.items():
            if year in old_years.get(eid, {}):
                conn.execute(update(enterprise_years).where(
                    (enterprise_years.c.enterprise_id == eid) & (enterprise_years.c.year == year)).values(**delta))
            else:
                conn.execute(enterprise_years.insert().values(enterprise_id=eid, year=year, **delta))
        if tags_changed:
            conn.execute(delete(enterprise_tags).where(enterprise_tags.c.enterprise_id == eid))
            if tags_new:
                conn.execute(enterprise_tags.insert(), [{"enterprise_id": eid, "tag": t, "year": y}
                                                        for t, y in sorted(tags_new, key=str)])
    refresh_latest(conn, ids)
    return updated


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i:i + ID_CHUNK] for i in range(0, len(ids), ID_CHUNK)]


def _latest_known(column: Any, present: Any = None) -> Any:
    """The enterprise's value of `column` in its latest year where `present` is known."""
    present = column if present is None else present
    return (select(column).where(enterprise_years.c.enterprise_id == enterprises.c.id, present.is_not(None))
            .order_by(enterprise_years.c.year.desc()).limit(1).scalar_subquery())


def refresh_latest(conn: Connection, ids: list[int]) -> None:
    """Recompute the denormalised latest revenue and headcount of some enterprises."""
    for part in _chunks(ids):
        conn.execute(update(enterprises).where(enterprises.c.id.in_(part)).values(
            revenue_fen=_latest_known(enterprise_years.c.revenue_fen),
            revenue_year=_latest_known(enterprise_years.c.year, enterprise_years.c.revenue_fen),
            employees=_latest_known(enterprise_years.c.employees)))


def _group(frame: pl.DataFrame) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for row in frame.iter_rows(named=True):
        out.setdefault(row[KEY], []).append(row)
    return out


def _years_by_id(conn: Connection, ids: list[int]) -> dict[int, dict[int, dict[str, Any]]]:
    out: dict[int, dict[int, dict[str, Any]]] = {}
    for r in (r for part in _chunks(ids) for r in conn.execute(
            select(enterprise_years).where(enterprise_years.c.enterprise_id.in_(part)))):
        m = dict(r._mapping)
        out.setdefault(m.pop("enterprise_id"), {})[m.pop("year")] = m
    return out


def _tags_by_id(conn: Connection, ids: list[int]) -> dict[int, set[tuple[str, int | None]]]:
    out: dict[int, set[tuple[str, int | None]]] = {}
    for r in (r for part in _chunks(ids) for r in conn.execute(
            select(enterprise_tags).where(enterprise_tags.c.enterprise_id.in_(part)))):
        out.setdefault(r.enterprise_id, set()).add((r.tag, r.year))
    return out


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value

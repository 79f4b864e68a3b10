"""Column-wise validation of a registry sheet: every error of every row, as data.

Each field kind is checked with polars expressions (Rust, column at a time),
so a million rows validate in seconds. The rules match the row-wise domain
code (`domain.uscc`, `domain.names`, `domain.regions`); tests hold the two to
the same answers. The rules of one kind of cell are in `cells` and
`credit_codes`, the error shape and the whole-sheet checks in `row_errors`;
their public names are importable from here too.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import polars as pl

from chainatlas.domain.tags import parse_tags
from chainatlas.domain.text import CONTROL_CHARACTERS, CONTROL_MESSAGE
from chainatlas.importers.cells import (
    FULL_WIDTH_CLASS,
    ISO_DATE,
    NOT_REPORTED,
    PLAIN_AMOUNT,
    PLAIN_COUNT,
    Context,
    all_match,
    amount_cells,
    blank_to_null,
    clean_cells,
    count_cells,
    not_reported,
    number_text,
    padded_columns,
    read_amount,
    read_count,
    read_date,
    read_industry,
    read_plain_amount,
    read_year,
)
from chainatlas.importers.credit_codes import CLEAN_CODE, uscc_cells, uscc_problems
from chainatlas.importers.headers import METRICS, Column
from chainatlas.importers.name_columns import name_key
from chainatlas.importers.readers import ROW, Sheet, numbered
from chainatlas.importers.row_errors import RowError, errors_in, find_duplicates, outside_area

__all__ = [
    "DIGEST", "NOT_REPORTED", "ROW", "Context", "RowError", "ValidatedSheet", "amount_cells", "clean_cells",
    "count_cells", "digests", "find_duplicates", "number_text", "numbered", "outside_area", "uscc_cells",
    "uscc_problems", "validate_sheet",
]

DIGEST = "row_hash"  # md5 of everything the file says about the row: a re-import compares digests
_MAX_NAME = 200


@dataclass
class ValidatedSheet:
    sheet: str | None
    records: pl.DataFrame  # one row per source row, typed
    years: pl.DataFrame  # (_row, year, metrics…)
    tags: pl.DataFrame  # (_row, tag, year)
    errors: list[RowError]
    bad_rows: set[int]
    has_year_column: bool


# Kinds of column where a "not reported" mark reads as empty (regions and tags: `_resolve_regions`, `_tags`).
_MARKED_KINDS = ("uscc", "date", "capital", "industry", "year", "money", "signed_money", "count")


def _name_key(name: pl.Expr, ctx: Context) -> pl.Expr:
    return name_key(name, ctx.normaliser)


def validate_sheet(sheet: Sheet, columns: list[Column], ctx: Context) -> ValidatedSheet:
    """Check every cell of every row; return typed records and all row errors."""
    frame = numbered(sheet)
    padded = padded_columns(frame, [c.header for c in columns])
    frame = frame.with_columns(blank_to_null(pl.col(c.header), c.header in padded) for c in columns)
    plain_columns = all_match(frame, [c.header for c in columns if c.kind in ("capital", "money", "signed_money")],
                              PLAIN_AMOUNT)
    iso_columns = all_match(frame, [c.header for c in columns if c.kind == "date"], ISO_DATE)
    plain_counts = all_match(frame, [c.header for c in columns if c.kind == "count"], PLAIN_COUNT)
    clean_codes = all_match(frame, [c.header for c in columns if c.kind == "uscc"], CLEAN_CODE)
    # "Not reported" marks (—, 无, N/A …) cannot be in a column that took a fast path: only the others
    # pay for looking.
    fast = plain_columns | iso_columns | plain_counts | clean_codes
    frame = frame.with_columns(not_reported(pl.col(c.header)).alias(c.header) for c in columns
                               if c.kind in _MARKED_KINDS and c.header not in fast)
    # Full-width digit folding costs a pass per column: only where the sheet has any.
    number_columns = [c.header for c in columns if c.is_metric or c.kind == "capital"]
    flags = frame.select(pl.col(h).str.contains(FULL_WIDTH_CLASS).any() for h in number_columns) if number_columns \
        else pl.DataFrame()
    full_width = {h for h in number_columns if flags.get_column(h)[0]}

    def amount(src: pl.Expr, column: Column, signed: bool, capital: bool) -> tuple[pl.Expr, pl.Expr, pl.Expr | None]:
        fast = read_plain_amount(src, column.unit, ctx, signed) if column.header in plain_columns else None
        return fast or read_amount(src, column.unit, ctx, signed=signed, capital=capital,
                                   full_width=column.header in full_width)

    outputs: list[pl.Expr] = [pl.col(ROW)]
    checks: list[tuple[Column, pl.Expr, str]] = []
    by_key = {c.key: c for c in columns if not c.is_metric}

    def check(column: Column, error: pl.Expr | None, severity: str = "error") -> None:
        if error is not None:
            checks.append((column, error, severity))

    for column in columns:
        src = pl.col(column.header)
        kind = column.kind
        if column.is_metric:
            continue
        if kind == "text":
            outputs.append(src.alias(column.key))
            invisible = src.str.contains(CONTROL_CHARACTERS)
            if column.key == "name":
                check(column, pl.when(src.is_null()).then(pl.lit("企业名称为空"))
                      .when(src.str.len_chars() > _MAX_NAME).then(pl.lit(f"企业名称超过{_MAX_NAME}字"))
                      .when(invisible).then(pl.lit(CONTROL_MESSAGE)))
            else:
                check(column, pl.when(invisible).then(pl.lit(CONTROL_MESSAGE)))
        elif kind == "uscc":
            outputs.append(uscc_cells(src, column.header in clean_codes).alias("uscc"))
        elif kind == "date":
            value, error, precision = read_date(src, ctx, iso=column.header in iso_columns)
            outputs.append(value.alias(column.key))
            outputs.append(precision.alias(f"{column.key.removesuffix('_on')}_precision"))
            check(column, error)
            check(column, None if column.header in iso_columns else pl.when(value.is_null()).then(None)
                  .when(precision == "year").then(pl.format("只有年份，记为 {}年（精度：年）", value.dt.year()))
                  .when(precision == "month").then(pl.format("只有年月，记为 {}年{}月（精度：月）", value.dt.year(),
                                                             value.dt.month())),
                  "warning")
        elif kind == "capital":
            fen, error, warning = amount(src, column, signed=False, capital=True)
            outputs.append(fen.alias("registered_capital_fen"))
            check(column, error)
            check(column, warning, "warning")
        elif kind == "industry":
            value, error = read_industry(src, ctx)
            outputs.append(value.alias("industry_code"))
            check(column, error)
        elif kind == "year":
            value, error = read_year(src, ctx)
            outputs.append(value.alias("year"))
            check(column, error)
    if "name" in by_key:
        outputs.append(_name_key(pl.col(by_key["name"].header), ctx).alias("name_key"))

    metric_outputs: list[pl.Expr] = []
    for column in columns:
        if not column.is_metric:
            continue
        src = pl.col(column.header)
        alias = f"{column.key}@{column.year or ''}"
        wide = column.header in full_width
        if column.kind == "count":
            value, error = read_count(src, wide, plain=column.header in plain_counts)
        else:
            value, error, _ = amount(src, column, signed=column.kind == "signed_money", capital=False)
        metric_outputs.append(value.alias(alias))
        check(column, error)

    error_names = [f"__e{i}" for i in range(len(checks))]
    typed = frame.select(
        *outputs, *metric_outputs,
        *(err.alias(name) for (_, err, _), name in zip(checks, error_names, strict=False)),
        *(pl.col(c.header).alias(f"__raw{i}") for i, c in enumerate(columns)),
    )
    errors: list[RowError] = []
    raw_name = {c.header: f"__raw{i}" for i, c in enumerate(columns)}
    if "uscc" in by_key:
        code_error, code_warning = uscc_problems(typed.get_column("uscc"))
        typed = typed.with_columns(code_error.alias("__uscc_e"), code_warning.alias("__uscc_w"))
        uscc = by_key["uscc"].header
        for name, severity in (("__uscc_e", "error"), ("__uscc_w", "warning")):
            errors += errors_in(typed, name, raw_name[uscc], sheet.name, uscc, severity)
    for (column, _, severity), name in zip(checks, error_names, strict=False):
        errors += errors_in(typed, name, raw_name[column.header], sheet.name, column.header, severity)
    typed, region_errors = _resolve_regions(typed, by_key.get("region"), raw_name, ctx, sheet.name)
    errors.extend(region_errors)
    tags, tag_errors = _tags(typed, by_key.get("tags"), raw_name, sheet.name)
    errors.extend(tag_errors)
    years = _years(typed, columns, "year" in by_key, ctx)
    # What the file says of the row, as one string: a re-import compares its digest.
    said = [c for c in typed.columns if c != ROW and not c.startswith("__") and not c.endswith("_precision")]
    tags_raw = [pl.col(raw_name[by_key["tags"].header])] if "tags" in by_key else []

    def told(c: str) -> pl.Expr:  # a date of a year or month only reads "2019-01-01~year"
        text = pl.col(c).cast(pl.String).fill_null("")
        precision = f"{c.removesuffix('_on')}_precision"
        return text + ("~" + pl.col(precision)).fill_null("") if precision in typed.columns else text

    said_text = typed.select(pl.concat_str([told(c) for c in said]
                                           + [t.fill_null("") for t in tags_raw], separator="\x1f")).to_series()
    typed = typed.with_columns(digests(said_text).alias(DIGEST))  # per chunk: the text itself is not kept
    keep = [c for c in typed.columns if not c.startswith("__") and "@" not in c]
    bad = {e.row for e in errors if e.severity == "error"}
    return ValidatedSheet(sheet.name, typed.select(keep), years, tags, errors, bad, "year" in by_key)


def digests(texts: pl.Series) -> pl.Series:
    """md5 (hex) of each text."""
    md5 = hashlib.md5
    return pl.Series([md5(t).hexdigest() for t in texts.cast(pl.Binary).to_list()], dtype=pl.String)


def _resolve_regions(typed: pl.DataFrame, column: Column | None, raw_name: dict[str, str], ctx: Context,
                     sheet: str | None) -> tuple[pl.DataFrame, list[RowError]]:
    if column is None:
        return typed.with_columns(pl.lit(None, pl.String).alias("region_code")), []
    raw = raw_name[column.header]
    hint = pl.col("uscc").str.slice(2, 6) if "uscc" in typed.columns else pl.lit(None, pl.String)
    pairs = typed.select(pl.col(raw).alias("text"), hint.alias("hint")).unique().drop_nulls("text").filter(
        ~pl.col("text").is_in(NOT_REPORTED))  # a region "not reported" stays empty, as a blank one
    resolved = [(text, h, *ctx.regions.resolve(text, h)) for text, h in pairs.iter_rows()]
    lookup = pl.DataFrame(resolved, schema={"text": pl.String, "hint": pl.String, "region_code": pl.String,
                                            "__region_error": pl.String}, orient="row")
    # Joined on the keys alone and set beside the rows (one lookup row per key, kept in order):
    # the chunk's other columns are not copied.
    found = typed.select(pl.col(raw), hint.alias("__hint")).join(
        lookup, left_on=[raw, "__hint"], right_on=["text", "hint"], how="left", nulls_equal=True,
        maintain_order="left")
    typed = typed.hstack(found.select("region_code", "__region_error"))
    return typed, errors_in(typed, "__region_error", raw, sheet, column.header)


def _tags(typed: pl.DataFrame, column: Column | None, raw_name: dict[str, str], sheet: str | None
          ) -> tuple[pl.DataFrame, list[RowError]]:
    schema = {ROW: pl.Int64, "tag": pl.String, "year": pl.Int32}
    if column is None:
        return pl.DataFrame(schema=schema), []
    raw = raw_name[column.header]
    # Cells repeat (专精特新、规上 …): parse each distinct cell once, then join back to rows.
    lookup_rows: list[tuple[str, str, int | None]] = []
    unknown_by_cell: dict[str, list[str]] = {}
    for cell in typed.get_column(raw).drop_nulls().unique().to_list():
        if cell in NOT_REPORTED:
            continue
        tags, unknown = parse_tags(cell)
        lookup_rows.extend((cell, tag, year) for tag, year in tags)
        if unknown:
            unknown_by_cell[cell] = unknown
    lookup = pl.DataFrame(lookup_rows, schema={"__cell": pl.String, "tag": pl.String, "year": pl.Int32},
                          orient="row")
    cells = typed.select(ROW, pl.col(raw).alias("__cell")).drop_nulls("__cell")
    tags_frame = cells.join(lookup, on="__cell").select(ROW, "tag", "year").sort(ROW, maintain_order=True)
    odd = cells.filter(pl.col("__cell").is_in(list(unknown_by_cell)))
    errors = [RowError(sheet, row, column.header, cell,
                       f"未识别的资质/标签：{'、'.join(unknown_by_cell[cell])}（已按原文保存为自定义标签）", "warning")
              for row, cell in odd.iter_rows()]
    return tags_frame, errors


def _years(typed: pl.DataFrame, columns: list[Column], has_year_column: bool, ctx: Context) -> pl.DataFrame:
    """Yearly metrics in long form: one row per (source row, year)."""
    metric_columns = [c for c in columns if c.is_metric]
    schema = {ROW: pl.Int64, "year": pl.Int32, **{m: pl.Int64 for m in METRICS}}
    parts = []
    for year in sorted({c.year for c in metric_columns}, key=lambda y: y or 0):
        group = [c for c in metric_columns if c.year == year]
        if year is None:
            year_expr = pl.col("year") if has_year_column else pl.lit(ctx.default_year)
            year_expr = year_expr.fill_null(ctx.default_year)
        else:
            year_expr = pl.lit(year)
        parts.append(typed.select(pl.col(ROW), year_expr.cast(pl.Int32).alias("year"),
                                  *(pl.col(f"{c.key}@{c.year or ''}").alias(c.key) for c in group)))
    if not parts:
        return pl.DataFrame(schema=schema)
    long = pl.concat(parts, how="diagonal")
    if len(parts) > 1:  # a row may name a year twice (a year column and a year in a header)
        long = long.group_by(ROW, "year", maintain_order=True).agg(pl.all().drop_nulls().first())
    present = [m for m in METRICS if m in long.columns]
    long = long.filter(pl.any_horizontal(pl.col(m).is_not_null() for m in present))
    return long.select(pl.col(ROW), pl.col("year"),
                       *(pl.col(m) if m in long.columns else pl.lit(None, pl.Int64).alias(m) for m in METRICS))

"""Column-wise validation of a registry sheet: every error of every row, as data.

Each field kind is checked with polars expressions (Rust, column at a time),
so a million rows validate in seconds. The rules match the row-wise domain
code (`domain.uscc`, `domain.names`, `domain.regions`); tests hold the two to
the same answers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import polars as pl

from chainatlas.domain.money import DEFAULT_MONEY_UNIT, FEN_PER_UNIT, UNIT_ALIASES
from chainatlas.domain.names import NameNormaliser
from chainatlas.domain.regions import RegionIndex, code_range
from chainatlas.domain.tags import parse_tags
from chainatlas.domain.text import CONTROL_CHARACTERS, CONTROL_MESSAGE
from chainatlas.domain.uscc import ALPHABET
from chainatlas.importers.headers import METRICS, Column
from chainatlas.importers.name_columns import name_key
from chainatlas.importers.readers import ROW, Sheet

DIGEST = "row_hash"  # md5 of everything the file says about the row: a re-import compares digests
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_CHAR_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# ASCII digits only: Unicode \d would also match digits the Decimal cast cannot read.
_AMOUNT = r"^([+-]?[0-9]+(?:\.[0-9]+)?)(亿元|亿|万元|万|元)?(人民币|美元|港元|港币|欧元|日元)?$"
_MAX_NAME = 200


@dataclass(frozen=True)
class RowError:
    sheet: str | None
    row: int
    field: str
    value: str | None
    reason: str
    severity: str = "error"  # error | warning

    def as_dict(self) -> dict[str, object]:
        return {"sheet": self.sheet, "row": self.row, "field": self.field, "value": self.value,
                "reason": self.reason, "severity": self.severity}


@dataclass(frozen=True)
class Context:
    regions: RegionIndex
    normaliser: NameNormaliser
    industry_codes: frozenset[str]
    default_year: int
    money_unit: str = DEFAULT_MONEY_UNIT
    today: date = field(default_factory=date.today)


@dataclass
class ValidatedSheet:
    sheet: str | None
    records: pl.DataFrame  # one row per source row, typed
    years: pl.DataFrame  # (_row, year, metrics…)
    tags: pl.DataFrame  # (_row, tag, year)
    errors: list[RowError]
    bad_rows: set[int]
    has_year_column: bool


# Cells that say "not reported": empty, not an error (compared after stripping, case-folded).
NOT_REPORTED = ("—", "——", "-", "--", "－", "/", "／", "\\", "无", "空", "未填报", "未填", "暂无", "不详",
                "N/A", "n/a", "N／A", "NA", "na", "#N/A")


def numbered(sheet: Sheet) -> pl.DataFrame:
    """The sheet's frame with its file row numbers in `_row`."""
    if ROW in sheet.frame.columns:
        return sheet.frame
    return sheet.frame.with_row_index(ROW, offset=sheet.first_row).with_columns(pl.col(ROW).cast(pl.Int64))


# Kinds of column where a "not reported" mark reads as empty (regions and tags: `_resolve_regions`, `_tags`).
_MARKED_KINDS = ("uscc", "date", "capital", "industry", "year", "money", "signed_money", "count")


def _blank_to_null(expr: pl.Expr, strip: bool = True) -> pl.Expr:
    """The stripped cell, null when blank; `strip=False` for a column whose cells need no stripping (`_padded`)."""
    text = expr.str.strip_chars() if strip else expr
    return pl.when(text.str.len_bytes() > 0).then(text).otherwise(None)


# Unicode White_Space, what strip_chars() strips: Python's whitespace but the separators U+001C–U+001F.
_WHITE_SPACE = [c for c in map(chr, range(0x3001)) if c.isspace() and not "\x1c" <= c <= "\x1f"]


def _padded(frame: pl.DataFrame, headers: list[str]) -> set[str]:
    """Those of `headers` with a cell that begins or ends with white space: the only ones stripped.

    Stripping writes a column's text anew; a column left as read shares it with the sheet,
    which for the long 经营范围 and products of a large registry is hundreds of MB.
    """
    if not headers:
        return set()
    # A first or last character that strip_chars() strips, looked up in a set (a regex per cell costs twice as much).
    ends = (pl.col(h).str.slice(0, 1).is_in(_WHITE_SPACE) | pl.col(h).str.slice(-1).is_in(_WHITE_SPACE) for h in headers)
    found = frame.select(end.any().alias(h) for end, h in zip(ends, headers, strict=True))
    return {h for h in headers if found.get_column(h)[0]}


def _not_reported(expr: pl.Expr) -> pl.Expr:
    """Null where a (stripped, non-blank) cell is a "not reported" mark such as — or 无."""
    return pl.when(expr.is_in(NOT_REPORTED)).then(None).otherwise(expr)


_FULL_WIDTH_ALNUM = [chr(c) for c in range(0xFF10, 0xFF1A)] + [chr(c) for c in range(0xFF21, 0xFF3B)] \
    + [chr(c) for c in range(0xFF41, 0xFF5B)]
_HALF_WIDTH_ALNUM = [chr(c - 0xFEE0) for c in map(ord, _FULL_WIDTH_ALNUM)]
# A code as kept in a spreadsheet: with spaces, dashes, a leading apostrophe (text marker), quotes,
# or a trailing .0 (a number once).
_USCC_NOISE = r"[\s\-\u3000－'‘’`\"“”]|\.0+$"


def _uscc_text(src: pl.Expr, clean: bool = False) -> pl.Expr:
    """The code upper-cased, full-width letters and digits folded, noise taken out;
    `clean`: every cell of the column is already 18 upper-case ASCII letters and digits."""
    if clean:
        return src
    return src.str.replace_many(_FULL_WIDTH_ALNUM, _HALF_WIDTH_ALNUM).str.to_uppercase().str.replace_all(
        _USCC_NOISE, "")


_VALUE_OF_BYTE = np.zeros(256, dtype=np.int64)
for _ch, _value in _CHAR_VALUE.items():
    _VALUE_OF_BYTE[ord(_ch)] = _value
_ORG_VALUE_OF_BYTE = np.zeros(256, dtype=np.int64)
for _i in range(10):
    _ORG_VALUE_OF_BYTE[ord("0") + _i] = _i
for _i in range(26):
    _ORG_VALUE_OF_BYTE[ord("A") + _i] = 10 + _i
_ORG_WEIGHTS = np.array((3, 7, 9, 10, 5, 8, 4, 2), dtype=np.int64)


def uscc_problems(codes: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(error, warning) per code, null where none: the rules of `domain.uscc`, a column at a time.

    Length, alphabet and region digits are regex checks; the two check
    characters are computed with numpy over an (n, 18) byte matrix.
    """
    frame = pl.DataFrame({"code": codes})
    length = pl.col("code").str.len_chars()
    shape_error = (
        pl.when(pl.col("code").is_null()).then(None)
        .when(length != 18).then(pl.format("长度应为18位，实际为{}位", length))
        .when(pl.col("code").str.contains(f"[^{ALPHABET}]"))
        .then(pl.format("含有非法字符：{}（代码不使用 I、O、S、V、Z）",
                        pl.col("code").str.replace_all(f"[{ALPHABET}]", "")))
        .when(~pl.col("code").str.slice(2, 6).str.contains(r"^[0-9]{6}$"))
        .then(pl.lit("第3-8位应为行政区划代码（数字）"))
    )
    errors = frame.select(shape_error.alias("e")).to_series()
    warnings = pl.Series([None] * len(errors), dtype=pl.String)
    # Rows are picked by index arrays, not Python loops: a million codes, a handful of problems.
    well_formed = (codes.is_not_null() & errors.is_null()).arg_true().to_numpy()
    if len(well_formed):
        raw = "".join(codes.gather(well_formed).to_list()).encode("ascii")
        matrix = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 18)
        values = _VALUE_OF_BYTE[matrix]
        expected = (31 - (values[:, :17] @ np.array(_USCC_WEIGHTS, dtype=np.int64)) % 31) % 31
        org_r = 11 - (_ORG_VALUE_OF_BYTE[matrix[:, 8:16]] @ _ORG_WEIGHTS) % 11
        org_expected = np.where(org_r == 10, ord("X"), np.where(org_r == 11, ord("0"), ord("0") + org_r))
        wrong = np.nonzero(expected != values[:, 17])[0]
        errors = errors.scatter(well_formed[wrong], pl.Series(
            [f"校验码错误：第18位应为 {ALPHABET[expected[k]]}，实际为 {chr(matrix[k, 17])}" for k in wrong],
            dtype=pl.String))
        # A wrong organisation check character is only a warning, and only where the code has no error.
        odd = np.setdiff1d(np.nonzero(org_expected != matrix[:, 16])[0], wrong, assume_unique=True)
        warnings = warnings.scatter(well_formed[odd], pl.Series(
            [f"组织机构代码校验位（第17位）应为 {chr(org_expected[k])}，实际为 {chr(matrix[k, 16])}" for k in odd],
            dtype=pl.String))
    return errors, warnings


_FULL_WIDTH = [chr(0xFF10 + i) for i in range(10)] + ["．", "－", "＋"]
_HALF_WIDTH = [str(i) for i in range(10)] + [".", "-", "+"]
_FULL_WIDTH_CLASS = "[" + "".join(_FULL_WIDTH) + "]"


def _number_text(src: pl.Expr, full_width: bool = True) -> pl.Expr:
    """Thousands separators and spaces out; full-width digits and signs to ASCII when present."""
    if full_width:
        src = src.str.replace_many(_FULL_WIDTH, _HALF_WIDTH)
    return src.str.replace_all(r"[,，\s]", "")


def _amount(src: pl.Expr, header_unit: str | None, ctx: Context, signed: bool, capital: bool,
            full_width: bool = True) -> tuple[pl.Expr, pl.Expr, pl.Expr | None]:
    text = _number_text(src, full_width)
    parts = text.str.extract_groups(_AMOUNT)
    number = parts.struct.field("1")
    cell_unit = parts.struct.field("2").replace_strict(UNIT_ALIASES, default=None, return_dtype=pl.String)
    currency = parts.struct.field("3")
    unit = cell_unit.fill_null(pl.lit(header_unit or ctx.money_unit))
    factor = unit.replace_strict({u: FEN_PER_UNIT[u] for u in ("元", "万元", "亿元")}, return_dtype=pl.Int64)
    # At most 20 integer digits reach the Decimal product, so it cannot overflow;
    # whatever then exceeds a 64-bit fen count is reported, not dropped.
    fits = number.str.replace(r"\..*$", "").str.len_chars() <= 21
    decimal = pl.when(fits).then(number).cast(pl.Decimal(38, 6), strict=False)
    foreign = currency.is_not_null() & (currency != "人民币")
    fen_all = (decimal * factor.cast(pl.Decimal(38, 0))).round(0).cast(pl.Int64, strict=False)
    fen = pl.when(foreign).then(None).otherwise(fen_all)
    error = (pl.when(text.is_null()).then(None)
             .when(number.is_null()).then(pl.lit("不是有效的金额（示例：1200、1200万元、1.2亿元）"))
             .when(pl.lit(not signed) & (decimal < 0)).then(pl.lit("金额不能为负数"))
             .when(~foreign & fen_all.is_null()).then(pl.lit("金额过大，超出可保存的范围")))
    warning = None
    if capital:
        warning = pl.when(foreign).then(pl.format("外币注册资本（{}）未换算为人民币，未保存金额", currency))
    return fen, error, warning


# A plain number of at most 8 integer digits and 2 decimals: its fen value is an exact Int64
# product for every unit (元 ×100 … 亿元 ×10^10), with no regex groups or Decimal arithmetic.
_PLAIN_AMOUNT = r"^[+-]?[0-9]{1,8}(?:\.[0-9]{1,2})?$"


def _plain_amount(src: pl.Expr, header_unit: str | None, ctx: Context, signed: bool
                  ) -> tuple[pl.Expr, pl.Expr, pl.Expr | None] | None:
    """`_amount` for a column whose every cell is a plain number (`_PLAIN_AMOUNT`); None if the unit is odd."""
    factor = FEN_PER_UNIT.get(header_unit or ctx.money_unit)
    if factor is None or factor < 100:
        return None
    decimals = src.str.extract(r"\.([0-9]+)$", 1).str.len_chars().fill_null(0)
    mantissa = src.str.replace(".", "", literal=True).cast(pl.Int64)
    fen = mantissa * pl.when(decimals == 0).then(factor).when(decimals == 1).then(factor // 10).otherwise(factor // 100)
    error = pl.when(src.is_null()).then(None).when(pl.lit(not signed) & (mantissa < 0)).then(
        pl.lit("金额不能为负数"))
    return fen, error, None


# A count written as plain digits (at most 18: always an Int64) needs no rewriting and cannot be negative.
_PLAIN_COUNT = r"^[0-9]{1,18}$"


def _count(src: pl.Expr, full_width: bool = True, plain: bool = False) -> tuple[pl.Expr, pl.Expr | None]:
    """(value, error); `plain`: every cell of the column is blank or `_PLAIN_COUNT`."""
    if plain:
        return src.cast(pl.Int64), None
    text = _number_text(src, full_width)
    digits = text.str.extract(r"^([+-]?[0-9]+)(?:人|个|名)?$", 1)
    value = digits.cast(pl.Int64, strict=False)
    error = (pl.when(text.is_null()).then(None)
             .when(value.is_null()).then(pl.lit("不是有效的整数"))
             .when(value < 0).then(pl.lit("人数不能为负数")))
    return value, error


# A date already written YYYY-MM-DD needs none of `_date`'s rewriting.
_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 in Excel's (1900 leap-year) count, from March 1900 on


def _date(src: pl.Expr, ctx: Context, iso: bool = False) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(date, error, precision); `iso`: every cell of the column is blank or `_ISO_DATE`.

    Read: YYYY-MM-DD and 2016.5.12, 2016.05.12, 2017年8月3日, 2012/11/30, 2019-1-9, 20190109,
    a time after the date, Excel serial numbers (5 digits, a fraction is the time of day),
    2019年5月 (precision "month", kept as the 1st) and 2019 (precision "year", kept as 1 January).
    Precision is null for a full date.
    """
    if iso:
        value = src.str.to_date("%Y-%m-%d", strict=False)
        precision = pl.lit(None, pl.String)
    else:
        text = (src.str.replace_many(_FULL_WIDTH, _HALF_WIDTH)
                .str.replace_all(r"\s+[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?(\.[0-9]+)?$", "")
                .str.replace(r"^([0-9]{4})([0-9]{2})([0-9]{2})$", "$1-$2-$3")
                .str.replace_all(r"\s", "").str.replace_all(r"[年月/.]", "-").str.replace_all("日", "")
                .str.strip_chars_end("-"))
        serial = text.str.extract(r"^([0-9]{5})(?:\.[0-9]+)?$", 1).cast(pl.Int64, strict=False)
        year = text.str.extract(r"^((?:19|20)[0-9]{2})$", 1)
        month = text.str.extract(r"^([0-9]{4}-[0-9]{1,2})$", 1)
        value = (pl.when(serial.is_not_null()).then(pl.lit(_EXCEL_EPOCH) + pl.duration(days=serial))
                 .when(year.is_not_null()).then((year + "-1-1").str.to_date("%Y-%m-%d", strict=False))
                 .when(month.is_not_null()).then((month + "-1").str.to_date("%Y-%m-%d", strict=False))
                 .otherwise(text.str.to_date("%Y-%m-%d", strict=False)))
        precision = pl.when(year.is_not_null()).then(pl.lit("year")).when(month.is_not_null()).then(pl.lit("month"))
    error = (pl.when(src.is_null()).then(None)
             .when(value.is_null()).then(pl.lit("日期不存在或格式无法识别（如 2016-05-12、2016.5.12、2017年8月3日）"))
             .when(value > ctx.today).then(pl.lit("日期晚于今天"))
             .when(value < date(1900, 1, 1)).then(pl.lit("日期早于1900年")))
    return value, error, precision


def _industry(src: pl.Expr, ctx: Context) -> tuple[pl.Expr, pl.Expr]:
    code = src.str.replace(r"^[A-Ta-t]", "")
    known = code.is_in(list(ctx.industry_codes))
    error = pl.when(src.is_null()).then(None).when(~known).then(
        pl.lit("行业代码不存在（GB/T 4754-2017，2-4位数字）"))
    return pl.when(known).then(code), error


def _year(src: pl.Expr, ctx: Context) -> tuple[pl.Expr, pl.Expr]:
    value = src.str.extract(r"^((?:19|20)[0-9]{2})年?度?$", 1).cast(pl.Int32, strict=False)
    error = pl.when(src.is_null()).then(None).when(value.is_null() | (value > ctx.today.year)).then(
        pl.lit("年度应为不晚于今年的四位年份"))
    return value, error


def _name_key(name: pl.Expr, ctx: Context) -> pl.Expr:
    return name_key(name, ctx.normaliser)


def _all_match(frame: pl.DataFrame, headers: list[str], pattern: str) -> set[str]:
    """Those of `headers` whose every cell is blank or matches `pattern`: a fast path's condition."""
    if not headers:
        return set()
    found = frame.select((pl.col(h).is_null() | pl.col(h).str.contains(pattern)).all() for h in headers)
    return {h for h in headers if found.get_column(h)[0]}


def validate_sheet(sheet: Sheet, columns: list[Column], ctx: Context) -> ValidatedSheet:
    """Check every cell of every row; return typed records and all row errors."""
    frame = numbered(sheet)
    padded = _padded(frame, [c.header for c in columns])
    frame = frame.with_columns(_blank_to_null(pl.col(c.header), c.header in padded) for c in columns)
    plain_columns = _all_match(frame, [c.header for c in columns if c.kind in ("capital", "money", "signed_money")],
                               _PLAIN_AMOUNT)
    iso_columns = _all_match(frame, [c.header for c in columns if c.kind == "date"], _ISO_DATE)
    plain_counts = _all_match(frame, [c.header for c in columns if c.kind == "count"], _PLAIN_COUNT)
    clean_codes = _all_match(frame, [c.header for c in columns if c.kind == "uscc"], r"^[0-9A-Z]{18}$")
    # "Not reported" marks (—, 无, N/A …) cannot be in a column that took a fast path: only the others
    # pay for looking.
    fast = plain_columns | iso_columns | plain_counts | clean_codes
    frame = frame.with_columns(_not_reported(pl.col(c.header)).alias(c.header) for c in columns
                               if c.kind in _MARKED_KINDS and c.header not in fast)
    # Full-width digit folding costs a pass per column: only where the sheet has any.
    number_columns = [c.header for c in columns if c.is_metric or c.kind == "capital"]
    flags = frame.select(pl.col(h).str.contains(_FULL_WIDTH_CLASS).any() for h in number_columns) if number_columns \
        else pl.DataFrame()
    full_width = {h for h in number_columns if flags.get_column(h)[0]}

    def amount(src: pl.Expr, column: Column, signed: bool, capital: bool) -> tuple[pl.Expr, pl.Expr, pl.Expr | None]:
        fast = _plain_amount(src, column.unit, ctx, signed) if column.header in plain_columns else None
        return fast or _amount(src, column.unit, ctx, signed=signed, capital=capital,
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
            outputs.append(_uscc_text(src, column.header in clean_codes).alias("uscc"))
        elif kind == "date":
            value, error, precision = _date(src, ctx, iso=column.header in iso_columns)
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
            value, error = _industry(src, ctx)
            outputs.append(value.alias("industry_code"))
            check(column, error)
        elif kind == "year":
            value, error = _year(src, ctx)
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
            value, error = _count(src, wide, plain=column.header in plain_counts)
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
        for name, severity in (("__uscc_e", "error"), ("__uscc_w", "warning")):
            hits = typed.filter(pl.col(name).is_not_null()).select(ROW, raw_name[by_key["uscc"].header], name)
            errors.extend(RowError(sheet.name, row, by_key["uscc"].header, value, reason, severity)
                          for row, value, reason in hits.iter_rows())
    for (column, _, severity), name in zip(checks, error_names, strict=False):
        hits = typed.filter(pl.col(name).is_not_null()).select(ROW, raw_name[column.header], name)
        errors.extend(RowError(sheet.name, row, column.header, value, reason, severity)
                      for row, value, reason in hits.iter_rows())
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
    hits = typed.filter(pl.col("__region_error").is_not_null()).select(ROW, raw, "__region_error")
    errors = [RowError(sheet, row, column.header, value, reason) for row, value, reason in hits.iter_rows()]
    return typed, errors


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


def find_duplicates(typed: pl.DataFrame, columns: list[Column], sheet: str | None) -> list[RowError]:
    """A credit code (per year, when rows carry a year) may appear once in a sheet.

    Run over a whole sheet after its chunks are validated, so that a repeat far
    down a large file is still caught.
    """
    by_key = {c.key: c for c in columns if not c.is_metric}
    if "uscc" not in by_key:
        return []
    keys = ["uscc", "year"] if "year" in by_key else ["uscc"]
    # The first row of each code is found before filtering, over the whole sheet.
    dupes = (typed.select(ROW, *keys).with_columns(pl.col(ROW).min().over(keys).alias("first"))
             .filter(pl.col("uscc").is_not_null() & (pl.col(ROW) != pl.col("first"))).select(ROW, "uscc", "first"))
    label = by_key["uscc"].header
    return [RowError(sheet, row, label, code, f"与第{first_row}行的统一社会信用代码重复")
            for row, code, first_row in dupes.iter_rows()]


def outside_area(typed: pl.DataFrame, columns: list[Column], sheet: str | None, region: str | None,
                 park: str | None) -> list[RowError]:
    """Rows that lie outside the importing organisation's area (a GB/T 2260 region, and a park if any).

    A district may import only its own enterprises; a row without a region
    cannot be placed in the area and is refused too.
    """
    by_key = {c.key: c for c in columns if not c.is_metric}
    errors: list[RowError] = []
    if region:
        low, high = code_range(region)
        label = by_key["region"].header if "region" in by_key else "所属区县"
        codes = typed.get_column("region_code") if "region_code" in typed.columns else pl.Series(
            [None] * typed.height, dtype=pl.String)
        outside = typed.select(ROW).with_columns(codes.alias("code")).filter(
            pl.col("code").is_null() | (pl.col("code") < low) | (pl.col("code") >= high))
        errors += [RowError(sheet, row, label, code, f"不在本机构辖区（{region}）内，无权导入" if code
                            else f"缺少所属区县：本机构只能导入辖区（{region}）内的企业")
                   for row, code in outside.iter_rows()]
    if park:
        label = by_key["park"].header if "park" in by_key else "园区"
        parks = typed.get_column("park") if "park" in typed.columns else pl.Series(
            [None] * typed.height, dtype=pl.String)
        outside = typed.select(ROW).with_columns(parks.alias("park")).filter(
            pl.col("park").is_null() | (pl.col("park") != park))
        errors += [RowError(sheet, row, label, value, f"不是本园区（{park}）的企业，无权导入")
                   for row, value in outside.iter_rows()]
    return errors


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


# ---- The cell rules above, for other tables read from office workbooks (importers/indicators.py) ----

def clean_cells(frame: pl.DataFrame, headers: list[str]) -> pl.DataFrame:
    """`headers` stripped, blank and "not reported" cells (—, 无, 未填报 …) null."""
    return frame.with_columns(_not_reported(_blank_to_null(pl.col(h))).alias(h) for h in headers)


def amount_cells(frame: pl.DataFrame, header: str, unit: str, ctx: Context, signed: bool
                 ) -> tuple[pl.Expr, pl.Expr]:
    """(fen, error) of a cleaned money column: 亿/万/元 in a cell win over `unit`; thousands separators and
    full-width digits are read; `signed` lets a figure be negative (a loss)."""
    src = pl.col(header)
    fast = _plain_amount(src, unit, ctx, signed) if _all_match(frame, [header], _PLAIN_AMOUNT) else None
    if fast is None:
        wide = bool(frame.select(src.str.contains(_FULL_WIDTH_CLASS).any()).item())
        fast = _amount(src, unit, ctx, signed=signed, capital=False, full_width=wide)
    return fast[0], fast[1]


def count_cells(frame: pl.DataFrame, header: str) -> tuple[pl.Expr, pl.Expr | None]:
    """(value, error) of a cleaned count column (persons: 120, 1,200, １２０, 120人)."""
    plain = bool(_all_match(frame, [header], _PLAIN_COUNT))
    return _count(pl.col(header), full_width=True, plain=plain)


def number_text(src: pl.Expr) -> pl.Expr:
    """A number as written (thousands separators, spaces, full-width digits) in plain ASCII."""
    return _number_text(src, full_width=True)


def uscc_cells(src: pl.Expr) -> pl.Expr:
    """Credit codes as kept in spreadsheets (spaces, dashes, full-width, lower case) in their 18-character form."""
    return _uscc_text(src)

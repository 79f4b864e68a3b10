"""The rules for one kind of cell, a column at a time: blanks and "not reported" marks, amounts, counts,
dates, industry codes and years.

Each reader takes a polars expression of the (stripped) cells and returns the typed value with an error
expression, null where the cell is fine; `validate.validate_sheet` applies them to a registry sheet and
`importers/indicators.py` (through `clean_cells`, `amount_cells`, `count_cells`) to monthly workbooks.
A reader with a fast path says the condition (`PLAIN_AMOUNT`, `PLAIN_COUNT`, `ISO_DATE`), which
`all_match` checks for a whole column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from chainatlas.domain.money import DEFAULT_MONEY_UNIT, FEN_PER_UNIT, UNIT_ALIASES
from chainatlas.domain.names import NameNormaliser
from chainatlas.domain.regions import RegionIndex

# ASCII digits only: Unicode \d would also match digits the Decimal cast cannot read.
_AMOUNT = r"^([+-]?[0-9]+(?:\.[0-9]+)?)(亿元|亿|万元|万|元)?(人民币|美元|港元|港币|欧元|日元)?$"


@dataclass(frozen=True)
class Context:
    regions: RegionIndex
    normaliser: NameNormaliser
    industry_codes: frozenset[str]
    default_year: int
    money_unit: str = DEFAULT_MONEY_UNIT
    today: date = field(default_factory=date.today)


# Cells that say "not reported": empty, not an error (compared after stripping, case-folded).
NOT_REPORTED = ("—", "——", "-", "--", "－", "/", "／", "\\", "无", "空", "未填报", "未填", "暂无", "不详",
                "N/A", "n/a", "N／A", "NA", "na", "#N/A")


def blank_to_null(expr: pl.Expr, strip: bool = True) -> pl.Expr:
    """The stripped cell, null when blank; `strip=False` for a column whose cells need no stripping
    (`padded_columns`)."""
    text = expr.str.strip_chars() if strip else expr
    return pl.when(text.str.len_bytes() > 0).then(text).otherwise(None)


# Unicode White_Space, what strip_chars() strips: Python's whitespace but the separators U+001C–U+001F.
WHITE_SPACE = [c for c in map(chr, range(0x3001)) if c.isspace() and not "\x1c" <= c <= "\x1f"]


def padded_columns(frame: pl.DataFrame, headers: list[str]) -> set[str]:
    """Those of `headers` with a cell that begins or ends with white space: the only ones stripped.

    Stripping writes a column's text anew; a column left as read shares it with the sheet,
    which for the long 经营范围 and products of a large registry is hundreds of MB.
    """
    if not headers:
        return set()
    # A first or last character that strip_chars() strips, looked up in a set (a regex per cell costs twice as much).
    ends = (pl.col(h).str.slice(0, 1).is_in(WHITE_SPACE) | pl.col(h).str.slice(-1).is_in(WHITE_SPACE) for h in headers)
    found = frame.select(end.any().alias(h) for end, h in zip(ends, headers, strict=True))
    return {h for h in headers if found.get_column(h)[0]}


def not_reported(expr: pl.Expr) -> pl.Expr:
    """Null where a (stripped, non-blank) cell is a "not reported" mark such as — or 无."""
    return pl.when(expr.is_in(NOT_REPORTED)).then(None).otherwise(expr)


def all_match(frame: pl.DataFrame, headers: list[str], pattern: str) -> set[str]:
    """Those of `headers` whose every cell is blank or matches `pattern`: a fast path's condition."""
    if not headers:
        return set()
    found = frame.select((pl.col(h).is_null() | pl.col(h).str.contains(pattern)).all() for h in headers)
    return {h for h in headers if found.get_column(h)[0]}


_FULL_WIDTH = [chr(0xFF10 + i) for i in range(10)] + ["．", "－", "＋"]
_HALF_WIDTH = [str(i) for i in range(10)] + [".", "-", "+"]
FULL_WIDTH_CLASS = "[" + "".join(_FULL_WIDTH) + "]"


def number_text(src: pl.Expr, full_width: bool = True) -> pl.Expr:
    """A number as written in plain ASCII: thousands separators and spaces out; full-width digits and
    signs to ASCII when `full_width` (a column without any can skip that pass)."""
    if full_width:
        src = src.str.replace_many(_FULL_WIDTH, _HALF_WIDTH)
    return src.str.replace_all(r"[,，\s]", "")


def read_amount(src: pl.Expr, header_unit: str | None, ctx: Context, signed: bool, capital: bool,
                full_width: bool = True) -> tuple[pl.Expr, pl.Expr, pl.Expr | None]:
    """(fen, error, warning) of a money column: 亿/万/元 in a cell win over the header's unit, else the
    context's; a foreign currency is a warning for registered capital (`capital`) and no amount."""
    text = number_text(src, full_width)
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
PLAIN_AMOUNT = r"^[+-]?[0-9]{1,8}(?:\.[0-9]{1,2})?$"


def read_plain_amount(src: pl.Expr, header_unit: str | None, ctx: Context, signed: bool
                      ) -> tuple[pl.Expr, pl.Expr, pl.Expr | None] | None:
    """`read_amount` for a column whose every cell is a plain number (`PLAIN_AMOUNT`); None if the unit is odd."""
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
PLAIN_COUNT = r"^[0-9]{1,18}$"


def read_count(src: pl.Expr, full_width: bool = True, plain: bool = False) -> tuple[pl.Expr, pl.Expr | None]:
    """(value, error); `plain`: every cell of the column is blank or `PLAIN_COUNT`."""
    if plain:
        return src.cast(pl.Int64), None
    text = number_text(src, full_width)
    digits = text.str.extract(r"^([+-]?[0-9]+)(?:人|个|名)?$", 1)
    value = digits.cast(pl.Int64, strict=False)
    error = (pl.when(text.is_null()).then(None)
             .when(value.is_null()).then(pl.lit("不是有效的整数"))
             .when(value < 0).then(pl.lit("人数不能为负数")))
    return value, error


# A date already written YYYY-MM-DD needs none of `read_date`'s rewriting.
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 in Excel's (1900 leap-year) count, from March 1900 on


def read_date(src: pl.Expr, ctx: Context, iso: bool = False) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(date, error, precision); `iso`: every cell of the column is blank or `ISO_DATE`.

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


def read_industry(src: pl.Expr, ctx: Context) -> tuple[pl.Expr, pl.Expr]:
    code = src.str.replace(r"^[A-Ta-t]", "")
    known = code.is_in(list(ctx.industry_codes))
    error = pl.when(src.is_null()).then(None).when(~known).then(
        pl.lit("行业代码不存在（GB/T 4754-2017，2-4位数字）"))
    return pl.when(known).then(code), error


def read_year(src: pl.Expr, ctx: Context) -> tuple[pl.Expr, pl.Expr]:
    value = src.str.extract(r"^((?:19|20)[0-9]{2})年?度?$", 1).cast(pl.Int32, strict=False)
    error = pl.when(src.is_null()).then(None).when(value.is_null() | (value > ctx.today.year)).then(
        pl.lit("年度应为不晚于今年的四位年份"))
    return value, error


# ---- The same rules for other tables read from office workbooks (importers/indicators.py) ----

def clean_cells(frame: pl.DataFrame, headers: list[str]) -> pl.DataFrame:
    """`headers` stripped, blank and "not reported" cells (—, 无, 未填报 …) null."""
    return frame.with_columns(not_reported(blank_to_null(pl.col(h))).alias(h) for h in headers)


def amount_cells(frame: pl.DataFrame, header: str, unit: str, ctx: Context, signed: bool
                 ) -> tuple[pl.Expr, pl.Expr]:
    """(fen, error) of a cleaned money column: 亿/万/元 in a cell win over `unit`; thousands separators and
    full-width digits are read; `signed` lets a figure be negative (a loss)."""
    src = pl.col(header)
    fast = read_plain_amount(src, unit, ctx, signed) if all_match(frame, [header], PLAIN_AMOUNT) else None
    if fast is None:
        wide = bool(frame.select(src.str.contains(FULL_WIDTH_CLASS).any()).item())
        fast = read_amount(src, unit, ctx, signed=signed, capital=False, full_width=wide)
    return fast[0], fast[1]


def count_cells(frame: pl.DataFrame, header: str) -> tuple[pl.Expr, pl.Expr | None]:
    """(value, error) of a cleaned count column (persons: 120, 1,200, １２０, 120人)."""
    plain = bool(all_match(frame, [header], PLAIN_COUNT))
    return read_count(pl.col(header), full_width=True, plain=plain)

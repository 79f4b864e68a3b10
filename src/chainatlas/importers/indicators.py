"""Monthly and quarterly indicator workbooks (规上工业企业月报 and the like) → typed rows and row errors.

The sheets are found and cleaned by the registry's reading rules (readers.read_workbook with this module's
vocabulary): the header by its content, title and 填报单位 lines above it, two-level headers (工业总产值 over
本月 | 累计), 合计/小计/注 rows skipped and reported. Cells are read by the registry's cell rules (cells.py):
full-width digits, thousands separators, 亿/万/元 in a cell, 未填报 / — / 无 as not reported.

A figure column whose header says 累计 (or 本年, or a span such as 1-6月) holds the year-to-date value; any
other (本月, 当月, 本季) the period's own value. 同比 / 增速 and 上年同期 columns are ignored with a notice:
growth is computed from the stored figures. The period comes from a 报告期 / 期别 / 年月 column, else from
the title (2025年1-6月…), else from the caller. No database access: enterprises, chains and derivations are
the service's (services/monitoring/indicators_import.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.money import FEN_PER_UNIT, UNIT_ALIASES
from chainatlas.domain.monitoring import BY_KEY, INDICATORS, month_text
from chainatlas.importers import reading
from chainatlas.importers.cells import Context, amount_cells, clean_cells, count_cells, number_text
from chainatlas.importers.credit_codes import uscc_cells, uscc_problems
from chainatlas.importers.layout import NOTE, Vocabulary
from chainatlas.importers.name_columns import name_parts
from chainatlas.importers.periods import PERIOD_EXAMPLES, month_alone, parse_period, period_text
from chainatlas.importers.readers import ROW, Sheet, numbered, read_workbook
from chainatlas.importers.row_errors import RowError

# field → (label, spellings) of the columns that say who or what a row is about
IDENTITY: dict[str, tuple[str, tuple[str, ...]]] = {
    "uscc": ("统一社会信用代码", ("统一社会信用代码", "社会信用代码", "信用代码", "uscc", "统一代码")),
    "name": ("企业名称", ("企业名称", "单位名称", "企业全称", "公司名称", "单位详细名称", "名称", "企业")),
    "region": ("地区", ("地区", "区县", "行政区划", "行政区划代码", "区划代码", "所属区县", "所属地区", "县市区",
                       "地区名称", "区县名称", "区域")),
    "chain": ("产业链", ("产业链", "所属产业链", "产业链名称")),
    "period": ("报告期", ("报告期", "期别", "年月", "月份", "统计期", "统计月份", "所属期", "报告期别", "数据期")),
    "above_scale_count": ("规上企业数", ("规上企业数", "规上企业个数", "企业个数", "企业数", "单位数")),
}
SPELLINGS: dict[str, tuple[str, ...]] = {
    "output": ("工业总产值", "总产值", "产值", "工业产值", "规上工业总产值", "工业总产值当年价"),
    "revenue": ("营业收入", "主营业务收入", "营收", "主营收入", "营业总收入"),
    "profit": ("利润总额", "利润", "盈亏", "利润额"),
    "tax": ("税收", "税金", "应交税金", "税金总额", "税收总额", "实缴税金", "纳税额", "应交税费", "税费", "入库税收"),
    "electricity": ("用电量", "工业用电量", "用电", "全社会用电量"),
    "employees": ("从业人员", "期末从业人员", "从业人数", "从业人员数", "从业人员期末人数", "期末从业人数",
                  "用工人数", "从业人员平均人数"),
}
_LOOKUP = {s.lower(): key for key, (_, spellings) in IDENTITY.items() for s in spellings}
_LOOKUP.update({s.lower(): key for key, spellings in SPELLINGS.items() for s in spellings})
_BRACKETS = re.compile(r"[(（\[【]([^)）\]】]*)[)）\]】]")
_SPAN = r"(?:[1１一]\s*[-—–~～至到]\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:份)?)"
_YTD = re.compile(rf"累\s*计|本年|年初至|自年初|{_SPAN}")
_GROWTH = re.compile(r"同比|增速|增长|增幅|增减|[%％]|比上年|比去年|环比")
_GROWTH_WORDS = re.compile(r"同比|增速|增长率?|增幅|增减|比上年|比去年|环比|[%％]")
_LAST_YEAR = re.compile(r"上年|去年|同期")
_MARKS = re.compile(rf"{_SPAN}|(?:19|20)\d{{2}}\s*年?度?|本年累计|累\s*计|本年|本月|当月|本季度?|当季度?|本期|当期"
                    r"|(?:第?[一二三四1-4]\s*季度)|[0-9]{1,2}\s*月份?|其中[:：]?|[:：/\s\u3000]")
ELECTRICITY_UNITS = {"万千瓦时": 10_000, "万度": 10_000, "万kwh": 10_000, "千瓦时": 1, "度": 1, "kwh": 1}


def _plain(text: str) -> str:
    return _MARKS.sub("", _BRACKETS.sub("", text)).strip().lower()


def field_of(header: str) -> str | None:
    """The identity field or indicator a header names (本月/累计/年月 marks aside), or None."""
    text = str(header).strip()
    if not text:
        return None
    key = _LOOKUP.get(_BRACKETS.sub("", text).replace(" ", "").replace("\u3000", "").lower())
    return key or _LOOKUP.get(_plain(text)) or _LOOKUP.get(_plain(_GROWTH_WORDS.sub("", text)))


def qualifier(text: str) -> bool:
    """本月, 当月, 累计, 1-6月累计, 本年累计 …: a cell that says which value of the indicator above it a column holds."""
    return bool(text.strip()) and not _plain(text) and bool(re.search(rf"本月|当月|本季|当季|本期|累\s*计|本年|{_SPAN}",
                                                                     _BRACKETS.sub("", text)))


VOCABULARY = Vocabulary(field_of, record_fields=("name", "uscc", "region"), what="月度指标", example="企业名称",
                        qualifier=qualifier)


@dataclass(frozen=True)
class FigureColumn:
    """How one column of an indicator sheet is read."""

    header: str
    key: str                 # an identity field, an indicator key, or "ignored"
    ytd: bool = False        # the year-to-date value (累计)
    unit: str | None = None  # 元/万元/亿元, 万千瓦时/千瓦时, 人
    notes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        if self.key in IDENTITY:
            return IDENTITY[self.key][0]
        indicator = BY_KEY[self.key]
        if not indicator.cumulative:
            return indicator.label
        return f"{indicator.label}（{'累计' if self.ytd else '本期'}）"

    @property
    def stored(self) -> str:
        """The name of the typed column: `output` (the period's) or `output_ytd`."""
        return f"{self.key}_ytd" if self.ytd else self.key


def _units(texts: list[str]) -> list[str]:
    return [inner.strip() for text in texts for inner in _BRACKETS.findall(text)] + [
        m.group(1) for text in texts for m in re.finditer(r"单位\s*[:：]\s*([^\s，,;；)）]+)", text)]


def parse_column(header: str, parts: tuple[str, ...], sheet_unit: str | None) -> FigureColumn | tuple[str, str] | None:
    """A column as read, ("ignored", why) for a figure column that is not imported, or None if unknown.

    `parts`: the texts the header is made of (the merged group cell and the cell below, or the header)."""
    key = next((k for k in (field_of(p) for p in parts) if k is not None), None)
    if key is None:
        return None
    joined = "".join(parts)
    if key in IDENTITY:
        return FigureColumn(header, key)
    label = BY_KEY[key].label
    if _GROWTH.search(joined):
        return ("ignored", f"{label}的同比/增速列不导入：增长率由系统按导入的数据计算")
    if _LAST_YEAR.search(joined):
        return ("ignored", f"{label}的上年同期数不导入：上年数据以上年各期报表为准")
    ytd = bool(_YTD.search(joined)) and BY_KEY[key].cumulative
    notes: list[str] = []
    units = _units(list(parts))
    unit: str | None
    if key == "electricity":
        unit = next((u for u in units if u.lower() in ELECTRICITY_UNITS), None)
        unit = unit.lower() if unit and unit.isascii() else unit
        if unit is None:
            unit = "万千瓦时"
            notes.append("未注明单位：按 万千瓦时")
    elif key == "employees":
        unit = "人"
        if _YTD.search(joined):
            notes.append("从业人员是期末人数，不分本期与累计")
    else:
        unit = next((UNIT_ALIASES[u] for u in units if u in UNIT_ALIASES), None)
        if unit is None and sheet_unit:
            unit = sheet_unit
            notes.append(f"单位 {unit} 取自表头上方的单位行")
        elif unit is None:
            unit = "万元"
            notes.append("未注明单位：按 万元（单元格里写明的单位优先）")
    if BY_KEY[key].cumulative:
        notes.append("表头含“累计”：本年累计数" if ytd else "表头不含“累计”：本期（当月或当季）数")
    return FigureColumn(header, key, ytd, unit, tuple(notes))


def _title_period(sheet: Sheet) -> tuple[tuple[date, int], str] | None:
    """The period a sheet's title (a line above the header, not a 填报日期 line) or its name states."""
    lines = [text for _, text in (sheet.layout.preamble if sheet.layout else []) if not re.match(NOTE, text)
             and "日期" not in text]
    for text in [*lines, sheet.name or ""]:
        if text and (found := parse_period(text, anywhere=True)):
            return found, text
    return None


# ---- a sheet, read ----

@dataclass
class IndicatorSheet:
    """One sheet's rows, typed: `frame` has _row, the identity columns (uscc, name, name_key; region_text,
    chain_text for area totals), month, months, and per indicator its period value and `<key>_ytd`."""

    name: str | None
    kind: str  # enterprises | areas
    frame: pl.DataFrame
    columns: list[FigureColumn]
    description: dict[str, Any]

    def header_of(self, stored: str) -> str:
        """The header of a typed column as the file writes it (the name or code column for a row's subject)."""
        for wanted in ((stored, "name", "uscc", "region") if stored in ("name", "uscc") else (stored,)):
            found = next((c.header for c in self.columns if wanted in (c.stored, c.key)), None)
            if found:
                return found
        return stored

    @property
    def indicators(self) -> set[str]:
        """The indicators the sheet reports (either value)."""
        return {c.key for c in self.columns if c.key in BY_KEY}


@dataclass
class IndicatorFile:
    file_name: str
    kind: str
    sheets: list[IndicatorSheet] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(s.frame.height for s in self.sheets)

    def reading(self) -> dict[str, Any]:
        return {"file": self.file_name, "format": self.kind, "sheets": [s.description for s in self.sheets],
                "notices": self.notices}


def _sheet_columns(sheet: Sheet) -> tuple[list[FigureColumn], list[dict[str, str]]]:
    layout = sheet.layout
    columns: list[FigureColumn] = []
    ignored: list[dict[str, str]] = []
    taken: dict[str, str] = {}
    for index, header in enumerate(sheet.headers):
        parts = layout.groups[header] if layout and header in layout.groups else (header,)
        letter = reading.column_letter(index)
        parsed = parse_column(header, parts, layout.unit if layout else None)
        if parsed is None:
            if header.strip() and not header.startswith("第"):
                why = "序号，不导入" if header in reading.SERIAL_HEADERS else "不是月度指标列"
                ignored.append({"column": letter, "header": header, "reason": why})
            continue
        if isinstance(parsed, tuple):
            ignored.append({"column": letter, "header": header, "reason": parsed[1]})
            continue
        if parsed.stored in taken:
            ignored.append({"column": letter, "header": header,
                            "reason": f"与“{taken[parsed.stored]}”同为{parsed.label}，只读取前一列"})
            continue
        taken[parsed.stored] = header
        columns.append(parsed)
    return columns, ignored


def _describe(sheet: Sheet, columns: list[FigureColumn], ignored: list[dict[str, str]], kind: str,
              period: str) -> dict[str, Any]:
    layout = sheet.layout
    return {
        "sheet": sheet.name, "kind": kind, "period": period,
        "header_rows": layout.header_rows if layout else [sheet.first_row - 1],
        "header_cells": [[c.strip() for c in row] for row in layout.header_cells] if layout else [sheet.headers],
        "preamble": [{"row": row, "text": text} for row, text in layout.preamble] if layout else [],
        "unit": layout.unit if layout else None, "unit_text": layout.unit_text if layout else None,
        "rows": sheet.frame.height,
        "columns": [{"column": reading.column_letter(sheet.headers.index(c.header)), "header": c.header,
                     "field": c.stored, "label": c.label, "year": None, "unit": c.unit, "notes": list(c.notes)}
                    for c in columns],
        "ignored_columns": ignored,
        "skipped_rows": [s.as_dict() for s in sheet.skipped],
    }


def read_indicators(path: Path, ctx: Context, period: tuple[date, int] | None = None) -> IndicatorFile:
    """Every sheet of an indicator file, typed, with every row error; InvalidInput when no sheet reads as
    indicators or a sheet's period cannot be found."""
    book = read_workbook(path, vocabulary=VOCABULARY)
    out = IndicatorFile(book.file_name, book.kind, notices=list(book.notices))
    for sheet in book.sheets:
        columns, ignored = _sheet_columns(sheet)
        keys = {c.key for c in columns}
        where = f"工作表“{sheet.name}”" if sheet.name else book.file_name
        if not keys & set(BY_KEY):
            out.notices.append(f"{where}中没有可导入的指标列（产值、营业收入、利润、税收、用电量、从业人员），已跳过")
            continue
        kind = "enterprises" if keys & {"uscc", "name"} else "areas"
        if kind == "areas" and "region" not in keys:
            raise InvalidInput(f"{where}：未找到“企业名称”“统一社会信用代码”或“地区”列")
        title = _title_period(sheet)
        fallback = title[0] if title else period
        if "period" in keys:
            said = "按每行“报告期”列" + (f"，空则按 {period_text(*fallback)}" if fallback else "")
        elif fallback is None:
            raise InvalidInput(f"{where}：未找到报告期——表中没有“报告期/期别/年月/月份/统计期”列，标题中也没有年月"
                               f"（如“2025年1-6月…”）；请在命令中用 --period 指定（如 2025-06 或 2025Q2）")
        elif title:
            said = f"{period_text(*fallback)}（取自“{title[1]}”）"
        else:
            said = f"{period_text(*fallback)}（取自指定的报告期）"
        if kind == "enterprises":  # an enterprise's region and chains are the registry's and the map's
            ignored += [{"column": reading.column_letter(sheet.headers.index(c.header)), "header": c.header,
                         "reason": "企业的地区与产业链以企业库和产业链图谱为准"} for c in columns
                        if c.key in ("region", "chain", "above_scale_count")]
            columns = [c for c in columns if c.key not in ("region", "chain", "above_scale_count")]
        description = _describe(sheet, columns, ignored, kind, said)
        frame, errors = _typed(sheet, columns, kind, ctx, fallback)
        out.errors.extend(errors)
        out.sheets.append(IndicatorSheet(sheet.name, kind, frame, columns, description))
    if not out.sheets:
        raise InvalidInput(f"{book.file_name}：没有任何工作表包含可导入的月度指标；" + "；".join(out.notices))
    return out


def _typed(sheet: Sheet, columns: list[FigureColumn], kind: str, ctx: Context,
           fallback: tuple[date, int] | None) -> tuple[pl.DataFrame, list[RowError]]:
    frame = clean_cells(numbered(sheet), [c.header for c in columns])
    by_key = {c.stored: c for c in columns}
    outputs: list[pl.Expr] = [pl.col(ROW)]
    checks: list[tuple[FigureColumn, pl.Expr]] = []
    if "uscc" in by_key:
        outputs.append(uscc_cells(pl.col(by_key["uscc"].header)).alias("uscc"))
    if "name" in by_key:
        outputs.append(pl.col(by_key["name"].header).alias("name"))
    for key, alias in (("region", "region_text"), ("chain", "chain_text")):
        if key in by_key:
            outputs.append(pl.col(by_key[key].header).alias(alias))
    if "above_scale_count" in by_key:
        value, error = count_cells(frame, by_key["above_scale_count"].header)
        outputs.append(value.alias("above_scale_count"))
        if error is not None:
            checks.append((by_key["above_scale_count"], error))
    for column in columns:
        if column.key not in BY_KEY:
            continue
        src = pl.col(column.header)
        if column.key == "employees":
            value, error = count_cells(frame, column.header)
        elif column.key == "electricity":
            value, error = _electricity(src, ELECTRICITY_UNITS[column.unit or "万千瓦时"])
        else:
            value, error = amount_cells(frame, column.header, column.unit or "万元", ctx,
                                        signed=column.key == "profit")
            if column.key == "profit":  # 亏损120 or (120) for a loss
                loss = _loss_text(src)
                value, error = (pl.when(loss.is_not_null()).then(-amount_expr(loss, column, ctx)).otherwise(value),
                                pl.when(loss.is_not_null()).then(None).otherwise(error))
        outputs.append(value.alias(column.stored))
        if error is not None:
            checks.append((column, error))
    typed = frame.select(*outputs, *(e.alias(f"__e{i}") for i, (_, e) in enumerate(checks)),
                         *(pl.col(c.header).alias(f"__raw_{c.stored}") for c in columns))
    errors: list[RowError] = []
    for i, (column, _) in enumerate(checks):
        hits = typed.filter(pl.col(f"__e{i}").is_not_null()).select(ROW, f"__raw_{column.stored}", f"__e{i}")
        errors.extend(RowError(sheet.name, row, column.header, value, reason) for row, value, reason in hits.iter_rows())
    typed, more = _identity(typed, by_key, kind, sheet.name, ctx)
    errors.extend(more)
    typed, more = _periods(typed, by_key.get("period"), fallback, sheet.name, ctx)
    errors.extend(more)
    figures = [pl.col(c).cast(pl.Int64) if c in typed.columns else pl.lit(None, pl.Int64).alias(c) for c in FIGURES]
    keep = [c for c in typed.columns if not c.startswith("__") and c not in FIGURES]
    return typed.select(*keep, *figures), errors


FIGURES = tuple(name for i in INDICATORS for name in ((i.key, f"{i.key}_ytd") if i.cumulative else (i.key,)))


def _loss_text(src: pl.Expr) -> pl.Expr:
    """The amount of a loss written 亏损120, 亏120 or (120), else null."""
    return src.str.extract(r"^(?:亏损|亏)\s*(.+)$", 1).fill_null(src.str.extract(r"^[(（]\s*([^()（）]+)\s*[)）]$", 1))


def amount_expr(src: pl.Expr, column: FigureColumn, ctx: Context) -> pl.Expr:
    """A positive amount text in fen (the loss of `_loss_text`)."""
    text = number_text(src)
    parts = text.str.extract_groups(r"^([0-9]+(?:\.[0-9]+)?)(亿元|亿|万元|万|元)?$")
    unit = parts.struct.field("2").replace_strict(UNIT_ALIASES, default=None, return_dtype=pl.String).fill_null(
        pl.lit(column.unit or ctx.money_unit))
    factor = unit.replace_strict({u: FEN_PER_UNIT[u] for u in ("元", "万元", "亿元")}, return_dtype=pl.Int64)
    return (parts.struct.field("1").cast(pl.Decimal(38, 6), strict=False) * factor.cast(pl.Decimal(38, 0))
            ).round(0).cast(pl.Int64, strict=False)


def _electricity(src: pl.Expr, factor: int) -> tuple[pl.Expr, pl.Expr]:
    text = number_text(src).str.replace(r"(?:万?千瓦时|万?度|万?kwh)$", "")
    number = text.str.extract(r"^([+-]?[0-9]+(?:\.[0-9]+)?)$", 1)
    value = (number.cast(pl.Decimal(38, 6), strict=False) * pl.lit(factor).cast(pl.Decimal(38, 0))).round(0).cast(
        pl.Int64, strict=False)
    error = (pl.when(src.is_null()).then(None)
             .when(value.is_null()).then(pl.lit("不是有效的用电量（如 12.5、1,200）"))
             .when(value < 0).then(pl.lit("用电量不能为负数")))
    return value, error


def _identity(typed: pl.DataFrame, by_key: dict[str, FigureColumn], kind: str, sheet: str | None,
              ctx: Context) -> tuple[pl.DataFrame, list[RowError]]:
    errors: list[RowError] = []
    if kind == "areas":
        missing = typed.filter(pl.col("region_text").is_null()).select(ROW)
        errors += [RowError(sheet, row, by_key["region"].header, None, "地区为空") for (row,) in missing.iter_rows()]
        return typed, errors
    if "uscc" in by_key:
        code_error, _ = uscc_problems(typed.get_column("uscc"))
        typed = typed.with_columns(code_error.alias("__uscc_e"))
        bad = typed.filter(pl.col("__uscc_e").is_not_null()).select(ROW, "__raw_uscc", "__uscc_e")
        errors += [RowError(sheet, row, by_key["uscc"].header, value, reason) for row, value, reason in bad.iter_rows()]
    else:
        typed = typed.with_columns(pl.lit(None, pl.String).alias("uscc"))
    if "name" in by_key:  # the name key finds the rows without a code (names are slow to normalise)
        nameless = typed.get_column("uscc").is_null().arg_true()
        keys = pl.Series("name_key", [None] * typed.height, dtype=pl.String)
        if len(nameless):
            found = name_parts(typed.get_column("name").gather(nameless), ctx.normaliser).get_column("key")
            keys = keys.scatter(nameless, found)
        typed = typed.with_columns(keys)
    else:
        typed = typed.with_columns(pl.lit(None, pl.String).alias("name"), pl.lit(None, pl.String).alias("name_key"))
    nobody = typed.filter(pl.col("uscc").is_null() & pl.col("name").is_null()).select(ROW)
    field_name = by_key["uscc"].header if "uscc" in by_key else by_key["name"].header
    errors += [RowError(sheet, row, field_name, None, "统一社会信用代码和企业名称都为空") for (row,) in nobody.iter_rows()]
    return typed, errors


def _periods(typed: pl.DataFrame, column: FigureColumn | None, fallback: tuple[date, int] | None,
             sheet: str | None, ctx: Context) -> tuple[pl.DataFrame, list[RowError]]:
    errors: list[RowError] = []
    if column is None:
        assert fallback is not None
        return typed.with_columns(pl.lit(fallback[0]).alias("month"), pl.lit(fallback[1]).alias("months")), errors
    raw = "__raw_period"
    cells = typed.get_column(raw).drop_nulls().unique().to_list()
    parsed = {c: parse_period(c) or month_alone(c, fallback) for c in cells}
    lookup = pl.DataFrame([(c, p[0] if p else None, p[1] if p else None) for c, p in parsed.items()],
                          schema={raw: pl.String, "month": pl.Date, "months": pl.Int64}, orient="row")
    typed = typed.join(lookup, on=raw, how="left", maintain_order="left")
    if fallback:
        typed = typed.with_columns(pl.col("month").fill_null(pl.when(pl.col(raw).is_null()).then(pl.lit(fallback[0]))),
                                   pl.col("months").fill_null(pl.when(pl.col(raw).is_null()).then(pl.lit(fallback[1]))))
    latest = date(ctx.today.year, ctx.today.month, 1)
    bad = typed.filter(pl.col("month").is_null() | (pl.col("month") > latest)).select(ROW, raw, "month")
    for row, value, month in bad.iter_rows():
        reason = (f"报告期晚于本月（{month_text(latest)}）" if month is not None
                  else "报告期为空，标题中也没有年月" if value is None
                  else f"报告期无法识别（可写作 {PERIOD_EXAMPLES}）")
        errors.append(RowError(sheet, row, column.header, value, reason))
    return typed, errors

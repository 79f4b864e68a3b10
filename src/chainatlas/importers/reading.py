"""How a registry file was read, as data: the header row(s), each column's field with the year and unit
applied, the columns ignored, the rows skipped and the sheets passed over.

The CLI's `--dry-run` prints it, the web import page shows it before the user confirms, and every
import result carries it: nothing the importer decides about the file's shape goes unreported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chainatlas.importers.headers import (
    FIELDS,
    METRICS,
    MONEY_KINDS,
    POOL_ONLY,
    Column,
    map_columns,
    parse_header,
)
from chainatlas.importers.readers import Sheet, Workbook

SERIAL_HEADERS = ("序号", "编号", "序", "No.", "NO.", "No")


def column_letter(index: int) -> str:
    """Excel's letter for a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Defaults:
    """What applies where the file says nothing: the year of metrics, the unit of money."""

    year: int
    money_unit: str


def sheet_columns(sheet: Sheet, mapping: dict[str, str] | None) -> tuple[list[Column], list[str]]:
    """The sheet's columns mapped with what its layout says (merged group cells, a 单位 line)."""
    layout = sheet.layout
    if layout is None:
        return map_columns(sheet.headers, mapping)
    return map_columns(sheet.headers, mapping, layout.groups, layout.unit, layout.unit_text)


def _column(sheet: Sheet, column: Column, defaults: Defaults, has_year_column: bool) -> dict[str, Any]:
    label = (METRICS if column.is_metric else FIELDS)[column.key][1]
    notes = list(column.notes)
    year = column.year
    if column.is_metric and year is None:
        notes.append(f"未注明年度：按每行“年度”列，空则按 {defaults.year} 年" if has_year_column
                     else f"未注明年度：按 {defaults.year} 年")
    unit = column.unit
    if column.kind in MONEY_KINDS and unit is None:
        unit = defaults.money_unit
        notes.append(f"未注明单位：按 {unit}（单元格里写明的单位优先）")
    elif column.kind in MONEY_KINDS:
        notes.append("单元格里写明的单位（亿/万/元）优先")
    if column.kind == "date":
        notes.append("只有年份或年月的日期记为“2019年”“2019年5月”（保存精度），并给出提示")
    return {"column": column_letter(sheet.headers.index(column.header)), "header": column.header,
            "field": column.key, "label": label, "year": year if column.is_metric else None,
            "unit": unit if column.kind in MONEY_KINDS else None, "notes": notes}


POOL_ONLY_REASON = "仅招商企业库保存（扩张迹象），本地名录不保存"


def _pool_only(header: str) -> bool:
    column = parse_header(header)
    return column is not None and column.key in POOL_ONLY


def describe_sheet(sheet: Sheet, columns: list[Column], ignored: list[str], defaults: Defaults) -> dict[str, Any]:
    layout = sheet.layout
    has_year_column = any(c.key == "year" for c in columns)
    return {
        "sheet": sheet.name,
        "header_rows": layout.header_rows if layout else [sheet.first_row - 1],
        "header_cells": [[c.strip() for c in row] for row in layout.header_cells] if layout else [sheet.headers],
        "preamble": [{"row": row, "text": text} for row, text in layout.preamble] if layout else [],
        "unit": layout.unit if layout else None,
        "unit_text": layout.unit_text if layout else None,
        "rows": sheet.frame.height,
        "columns": [_column(sheet, c, defaults, has_year_column) for c in columns],
        "ignored_columns": [{"column": column_letter(sheet.headers.index(h)), "header": h,
                             **({"reason": POOL_ONLY_REASON} if _pool_only(h) else {})} for h in ignored],
        "skipped_rows": [s.as_dict() for s in sheet.skipped],
    }


def describe(book: Workbook, sheets: list[dict[str, Any]]) -> dict[str, Any]:
    return {"file": book.file_name, "format": book.kind, "sheets": sheets, "notices": list(book.notices)}


def skipped_count(reading: dict[str, Any] | None) -> int:
    """How many blank, 合计 and note rows the reading report lists over all sheets."""
    return sum(len(s["skipped_rows"]) for s in reading["sheets"]) if reading else 0


def lines(reading: dict[str, Any]) -> list[str]:
    """The reading report as Chinese text lines (the CLI's --dry-run)."""
    out = [f"文件：{reading['file']}（{reading['format']}）"]
    out += [f"提示：{n}" for n in reading["notices"]]
    for sheet in reading["sheets"]:
        where = f"工作表“{sheet['sheet']}”" if sheet["sheet"] else "表格"
        rows = "、".join(f"第{r}行" for r in sheet["header_rows"])
        out.append(f"{where}：表头在{rows}，数据 {sheet['rows']} 行")
        if sheet.get("period"):  # monthly indicators (importers/indicators.py)
            out.append(f"  报告期：{sheet['period']}")
        for line in sheet["preamble"]:
            out.append(f"  表头上方 第{line['row']}行：{line['text']}")
        if sheet["unit"]:
            out.append(f"  金额单位：{sheet['unit']}（取自“{sheet['unit_text']}”），用于未注明单位的金额列")
        for c in sheet["columns"]:
            extra = "".join(f"，{x}" for x in ((f"{c['year']}年" if c["year"] else None), c["unit"]) if x)
            notes = f"（{'；'.join(c['notes'])}）" if c["notes"] else ""
            out.append(f"  {c['column']}列 {c['header']} → {c['label']}{extra}{notes}")
        for c in sheet["ignored_columns"]:
            why = c.get("reason") or ("序号，不导入" if c["header"] in SERIAL_HEADERS else "不是名录字段")
            out.append(f"  {c['column']}列 {c['header']} → 忽略（{why}）")
        for s in sheet["skipped_rows"]:
            text = f"：{s['text']}" if s["text"] else ""
            out.append(f"  跳过 第{s['row']}行（{s['reason']}{text}）")
    return out

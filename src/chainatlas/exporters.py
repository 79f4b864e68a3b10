"""Tables out: rows with Chinese headers written as CSV (UTF-8 with a BOM, so that Excel reads the Chinese) or
as an Excel workbook of one or more sheets, with column widths, number formats and row colours.

Every export of the product (lists, reports, error reports, the audit log) describes its columns once as
`Column`s and hands its rows here; adding an Excel export to a list is one `Sheet`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
WAN_YUAN = "#,##0.00"  # 万元 with two decimals
PERCENT = "0.0%"
PERCENT_2 = "0.00%"  # growth and shares: a fraction shown as 6.85%
COUNT = "#,##0"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int = 14
    number_format: str | None = None


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Mapping[str, Any]]
    heading: Sequence[str] = ()  # lines above the header row (title, scope, 示例数据 mark)
    fill: Callable[[Mapping[str, Any]], str | None] | None = None  # a row's background colour (RRGGBB)
    notes: Sequence[str] = field(default_factory=tuple)  # lines below the table
    header: bool = True  # False: rows only (a sheet of notes)


def fraction(pct: Decimal | str | None) -> Decimal | None:
    """A percentage (6.85) as the fraction a cell formatted PERCENT_2 holds (0.0685), exact."""
    return None if pct is None else Decimal(pct) / 100


def wan(fen: int | None) -> Decimal | None:
    """Integer fen as the 万元 number a cell formatted WAN_YUAN holds, exact."""
    return None if fen is None else Decimal(fen) / Decimal(1_000_000)


def cell(value: Any) -> Any:
    """A value as a spreadsheet cell: lists joined with "；", booleans as 是/否, amounts kept exact."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple | set | frozenset):
        return "；".join(str(v) for v in value)
    if isinstance(value, Decimal | int | float | date | datetime):
        return value
    return str(value)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what a worksheet cannot hold


def _printable(value: Any) -> Any:
    """Text without the control characters a worksheet refuses (a search typed with them still exports)."""
    return _CONTROL.sub("", value) if isinstance(value, str) else value


def _text(value: Any) -> str:
    value = cell(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return value.isoformat() if isinstance(value, date) else str(value)


def csv_bytes(columns: Sequence[Column], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """The rows as CSV with the Chinese headers, UTF-8 with a BOM."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in columns])
    for row in rows:
        writer.writerow([_text(row.get(c.key)) for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as one workbook: heading lines, a bold frozen header row, widths, formats and row colours."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])
        for line in spec.heading:
            sheet.append([_printable(line)])
        if spec.header:
            sheet.append([c.header for c in spec.columns])
            for c in sheet[sheet.max_row]:
                c.font = Font(bold=True)
        header_row = sheet.max_row
        for row in spec.rows:
            sheet.append([_printable(cell(row.get(c.key))) for c in spec.columns])
            colour = spec.fill(row) if spec.fill else None
            for i, column in enumerate(spec.columns):
                target = sheet.cell(row=sheet.max_row, column=i + 1)
                if column.number_format:
                    target.number_format = column.number_format
                if colour:
                    target.fill = PatternFill("solid", fgColor=colour)
        for line in spec.notes:
            sheet.append([_printable(line)])
        for i, column in enumerate(spec.columns):
            sheet.column_dimensions[_letter(i)].width = column.width
        if spec.header:
            sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)

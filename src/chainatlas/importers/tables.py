"""Work-list workbooks as offices keep them (goals, projects, problems, research results …): any of Excel
(.xlsx, .xls, WPS .et) or CSV (UTF-8, GBK), a title and 填报单位 lines above the header, the header found by
its content among the first rows, and 合计 / 注： / 填报人 / blank rows skipped and reported.

A list names its columns as `ListColumn`s (a field, its Chinese header and the other spellings of it);
`read_list` returns the data rows as {field: text} with their sheet and file row numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from chainatlas.domain.errors import InvalidInput
from chainatlas.importers.headers import unit_in
from chainatlas.importers.layout import BLANK, HEADER_SEARCH_ROWS, NOTE, TOTAL, SkippedRow
from chainatlas.importers.readers import KINDS, _cell_text, excel_kind, utf8_bytes

_BRACKET = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")


@dataclass(frozen=True)
class ListColumn:
    key: str
    header: str  # as written on export
    spellings: tuple[str, ...] = ()
    required: bool = False
    width: int = 14


def _plain(header: str) -> str:
    return _BRACKET.sub("", header).replace(" ", "").replace("\u3000", "").replace("*", "").strip("：:").lower()


@dataclass
class ListRow:
    sheet: str | None
    row: int
    values: dict[str, str]


@dataclass
class ListTable:
    file_name: str
    kind: str
    rows: list[ListRow] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # field → 元/万元/亿元 named in its header
    skipped: list[SkippedRow] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # field → the header as written in the file


def _sheets(path: Path) -> tuple[str, list[tuple[str | None, list[list[str | None]]]]]:
    if not path.exists():
        raise InvalidInput(f"找不到文件：{path}")
    kind = excel_kind(path)
    if kind is not None:
        from python_calamine import CalamineWorkbook, SheetTypeEnum

        try:
            book = CalamineWorkbook.from_path(str(path))
        except Exception as exc:  # calamine raises its own error types for broken files
            raise InvalidInput(f"{path.name}：无法读取 Excel 文件：{exc}") from None
        sheets = [(m.name, [[_cell_text(v) for v in row] for row in book.get_sheet_by_name(m.name).to_python()])
                  for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        return KINDS[kind], sheets
    if path.suffix.lower() in (".csv", ".txt"):
        text = utf8_bytes(path.read_bytes(), path.name).decode("utf-8")
        rows = [[c.strip() or None for c in r] for r in csv.reader(io.StringIO(text))]
        return "CSV", [(None, rows)]
    raise InvalidInput(f"{path.name}：不支持的文件类型 {path.suffix}（支持 .xlsx、.xls、.et、.csv）")


def _match(columns: Sequence[ListColumn]) -> dict[str, str]:
    lookup = {}
    for c in columns:
        for spelling in (c.header, *c.spellings):
            lookup[_plain(spelling)] = c.key
    return lookup


def read_list(path: Path, columns: Sequence[ListColumn], what: str) -> ListTable:
    """The rows of every sheet whose header names at least two of `columns` (and every required one)."""
    kind, sheets = _sheets(path)
    lookup = _match(columns)
    table = ListTable(path.name, kind)
    required = [c for c in columns if c.required]
    for name, rows in sheets:
        where = f"工作表“{name}”" if name else path.name
        best: tuple[int, int, dict[int, str]] = (0, -1, {})
        for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            found = {j: lookup[_plain(c)] for j, c in enumerate(row) if c and _plain(c) in lookup}
            if len(set(found.values())) > best[0]:
                best = (len(set(found.values())), i, found)
        hits, index, found = best
        if hits < 2 or any(c.key not in found.values() for c in required):
            table.notices.append(f"{where}中未找到{what}表头（需有“{'”“'.join(c.header for c in required)}”等列），已跳过")
            continue
        seen: set[str] = set()
        positions = {}
        for j, key in found.items():
            if key not in seen:
                seen.add(key)
                positions[j] = key
                header = rows[index][j] or ""
                table.headers[key] = header
                if unit := unit_in(header):
                    table.units[key] = unit
        for offset, row in enumerate(rows[index + 1:]):
            number = index + 2 + offset
            cells = [c for c in row if c and c.strip()]
            lead = cells[0].strip() if cells else ""
            if not cells or re.match(BLANK, lead):
                table.skipped.append(SkippedRow(name, number, "blank", None))
                continue
            if re.match(TOTAL, lead):
                table.skipped.append(SkippedRow(name, number, "total", lead))
                continue
            if re.match(NOTE, lead):
                table.skipped.append(SkippedRow(name, number, "note", lead))
                continue
            values = {key: (row[j].strip() if j < len(row) and row[j] else "") for j, key in positions.items()}
            if not any(values.values()):
                table.skipped.append(SkippedRow(name, number, "blank", None))
                continue
            table.rows.append(ListRow(name, number, values))
    if not table.headers:
        raise InvalidInput(f"{path.name}：没有任何工作表包含{what}表头；" + "；".join(table.notices))
    return table

"""Facts files (企业事实): JSON, CSV or XLSX keyed by credit code → validated facts dicts.

Parse → convert each cell to the field's JSON type → validate each field with
the domain's ``facts_from_dict`` → every problem as a RowError naming the
row, field and reason. No database access.

- JSON: a list of objects, each with ``uscc`` and fact fields, or an object
  ``{uscc: {field: value}}``; the row of an item is its position (from 1).
- CSV/XLSX: a header row with ``uscc`` (or 统一社会信用代码) and fact fields,
  by field name or Chinese label (docs/facts.md). Lists are written
  ``补短板、工业六基``; awards, titles and provincial indicators as JSON text.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.jsonable import json_ready
from chainatlas.domain.rules import facts_from_dict
from chainatlas.domain.rules.facts import FACT_FIELDS
from chainatlas.domain.uscc import check_uscc, normalise_uscc
from chainatlas.importers.readers import Sheet, read_table
from chainatlas.importers.row_errors import RowError

USCC_HEADERS = ("uscc", "统一社会信用代码", "社会信用代码", "信用代码")
_HEADER_OF = {**{name: name for name in FACT_FIELDS},
              **{spec.metadata["zh"]: name for name, spec in FACT_FIELDS.items()}}
_LIST_SPLIT = re.compile(r"\s*[、,，;；|]\s*")
_TRUE = {"true", "是", "1", "yes", "y", "有"}
_FALSE = {"false", "否", "0", "no", "n", "无"}
_INT = re.compile(r"^[+-]?\d+$")
_UNNAMED = re.compile(r"^第\d+列$")  # the reader's name for a column without a header
_ERROR_PREFIX = "企业事实数据有误："


@dataclass(frozen=True)
class FactsRow:
    """One enterprise's facts from a file: where they came from, its credit code, the JSON-ready facts."""

    sheet: str | None
    row: int
    uscc: str
    facts: dict[str, Any]


def _shown(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(json_ready(value), ensure_ascii=False)


def _cell_value(kind: str, text: str) -> Any:
    """A CSV/XLSX cell as the JSON value its field kind takes (unchanged text when it does not fit)."""
    if kind == "int" and _INT.match(text):
        return int(text)
    if kind == "bool" and text.lower() in _TRUE | _FALSE:
        return text.lower() in _TRUE
    if kind == "choices":
        return [item for item in _LIST_SPLIT.split(text) if item]
    if kind in ("awards", "titles", "mapping"):
        try:
            return json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError:
            return text  # facts_from_dict then says what shape it expects
    return text


def validate_facts(sheet: str | None, row: int, raw_uscc: Any, values: Mapping[str, Any],
                   errors: list[RowError]) -> FactsRow | None:
    """Check one enterprise's code and every field on its own, then the fields together."""
    before = len(errors)
    code = check_uscc(raw_uscc) if isinstance(raw_uscc, str) and raw_uscc.strip() else None
    if code is None:
        errors.append(RowError(sheet, row, "uscc", _shown(raw_uscc), "缺少统一社会信用代码"))
    elif not code.valid:
        errors.append(RowError(sheet, row, "uscc", raw_uscc, "统一社会信用代码无效：" + "；".join(code.errors)))
    try:
        facts_from_dict(values)
    except InvalidInput as whole:
        # Check each field on its own to name it; what remains is a check across fields
        # (a debt ratio contradicting liabilities/assets).
        fields_before = len(errors)
        for name, value in values.items():
            try:
                facts_from_dict({name: value})
            except InvalidInput as exc:
                errors.append(RowError(sheet, row, name, _shown(value), str(exc).removeprefix(_ERROR_PREFIX)))
        if len(errors) == fields_before:
            errors.append(RowError(sheet, row, "debt_ratio_pct", _shown(values.get("debt_ratio_pct")),
                                   str(whole).removeprefix(_ERROR_PREFIX)))
    if len(errors) > before or code is None:
        return None
    return FactsRow(sheet, row, code.code, {k: json_ready(v) for k, v in values.items() if v is not None})


# (sheet, row, credit code as written, {field: value}) of each data row, before validation
RawRow = tuple[str | None, int, Any, dict[str, Any]]


def _json_rows(path: Path, errors: list[RowError]) -> list[RawRow]:
    """The items of a JSON facts file: a list of objects with ``uscc``, or ``{uscc: object}``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise InvalidInput(f"{path.name} 不是 UTF-8 编码的文本文件") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path.name} 不是有效的 JSON：第{exc.lineno}行第{exc.colno}列，{exc.msg}") from None
    if isinstance(data, dict):
        items = [(code, item) for code, item in data.items()]
    elif isinstance(data, list):
        items = [(item.get("uscc") if isinstance(item, dict) else None, item) for item in data]
    else:
        raise InvalidInput(f"{path.name}：应为对象列表，或“统一社会信用代码 → 事实”的对象")
    rows: list[RawRow] = []
    for row, (code, item) in enumerate(items, start=1):
        if isinstance(item, dict):
            rows.append((None, row, code, {k: v for k, v in item.items() if k != "uscc"}))
        else:
            errors.append(RowError(None, row, "", _shown(item), "应为 JSON 对象（字段 → 值）"))
    return rows


def _header_fields(sheet: Sheet, errors: list[RowError]) -> tuple[str | None, dict[str, str]]:
    """(credit-code column, {column: fact field}); unknown columns are errors of the header row."""
    frame = sheet.frame
    code_column = next((h for h in frame.columns if h.strip().lower() in USCC_HEADERS), None)
    fields: dict[str, str] = {}
    for header in frame.columns:
        text = header.strip()
        if header == code_column or (_UNNAMED.match(text) and frame[header].null_count() == frame.height):
            continue
        name = _HEADER_OF.get(text)
        if name is None:
            close = difflib.get_close_matches(text, list(_HEADER_OF), n=1)
            hint = f"（是否应为 {close[0]}？）" if close else "（字段见 docs/facts.md）"
            errors.append(RowError(sheet.name, sheet.first_row - 1, header, None, f"未知的列 {header}{hint}"))
        elif name in fields.values():
            errors.append(RowError(sheet.name, sheet.first_row - 1, header, None, f"与另一列同为字段 {name}"))
        else:
            fields[header] = name
    if code_column is None:
        errors.append(RowError(sheet.name, sheet.first_row - 1, "uscc", None, "缺少统一社会信用代码列（uscc）"))
    return code_column, fields


def _table_rows(path: Path, errors: list[RowError]) -> list[RawRow]:
    """The non-blank data rows of every sheet of a CSV or XLSX facts file, cells typed by field."""
    rows: list[RawRow] = []
    for sheet in read_table(path):
        code_column, fields = _header_fields(sheet, errors)
        if code_column is None:
            continue
        for offset, cells in enumerate(sheet.frame.iter_rows(named=True)):
            if any(cells.values()):
                values = {name: _cell_value(FACT_FIELDS[name].metadata["kind"], cells[header])
                          for header, name in fields.items() if cells[header]}
                rows.append((sheet.name, sheet.first_row + offset, cells[code_column], values))
    return rows


_READERS: dict[str, Callable[[Path, list[RowError]], list[RawRow]]] = {
    ".json": _json_rows, ".csv": _table_rows, ".txt": _table_rows, ".xlsx": _table_rows, ".xlsm": _table_rows,
}


@dataclass(frozen=True)
class FactsFile:
    """A facts file read: its valid rows (one per enterprise), every error, and how many rows it had."""

    rows: list[FactsRow]
    errors: list[RowError]
    count: int


def read_facts_file(path: Path) -> FactsFile:
    """Every valid row of a facts file and every error of the others; one enterprise per row."""
    if not path.exists():
        raise InvalidInput(f"找不到文件：{path}")
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise InvalidInput(f"{path.name}：不支持的文件类型 {path.suffix}（支持 .json、.csv、.xlsx）")
    errors: list[RowError] = []
    raw_rows = reader(path, errors)
    first: dict[str, int] = {}
    rows = []
    for sheet, row, raw_uscc, values in raw_rows:
        code = normalise_uscc(raw_uscc) if isinstance(raw_uscc, str) and raw_uscc.strip() else None
        if code in first:
            errors.append(RowError(sheet, row, "uscc", raw_uscc, f"与第{first[code]}行重复"))
            continue
        if code is not None:
            first[code] = row
        parsed = validate_facts(sheet, row, raw_uscc, values, errors)
        if parsed:
            rows.append(parsed)
    return FactsFile(rows, errors, len(raw_rows))

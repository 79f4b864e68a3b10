"""Read registry files into string tables, one per sheet.

Excel 2007+ (.xlsx/.xlsm), Excel 97–2003 (.xls) and WPS (.et) are told apart by
their content, not their name, and read by calamine (formula cells give their
cached value); CSV is read as UTF-8 (with or without BOM), else GBK/GB18030.
Where the table sits in a sheet is `layout`'s business.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import polars as pl

from chainatlas.domain.errors import InvalidInput
from chainatlas.importers.layout import (
    HEADER_SEARCH_ROWS,
    Layout,
    SkippedRow,
    Vocabulary,
    find_layout,
    non_records,
    registry_vocabulary,
)

ROW = "_row"  # the file row number, a column of `Sheet.frame` once rows have been skipped
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and WPS .et (compound document, BIFF8)
_ZIP = b"PK\x03\x04"  # .xlsx/.xlsm
KINDS = {"xlsx": "Excel 工作簿（.xlsx）", "xls": "Excel 97-2003 工作簿（.xls）", "et": "WPS 表格（.et）",
         "ods": "OpenDocument 表格（.ods）"}


@dataclass
class Sheet:
    """A table of strings; `first_row` is the file row number of frame row 0, unless the frame has
    a `_row` column (rows that are not enterprises were taken out), which then numbers the rows."""

    name: str | None
    headers: list[str]
    frame: pl.DataFrame
    first_row: int
    layout: Layout | None = None  # how the table was found (for the reading report)
    skipped: list[SkippedRow] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.frame.height


def numbered(sheet: Sheet) -> pl.DataFrame:
    """The sheet's frame with its file row numbers in `_row`."""
    if ROW in sheet.frame.columns:
        return sheet.frame
    return sheet.frame.with_row_index(ROW, offset=sheet.first_row).with_columns(pl.col(ROW).cast(pl.Int64))


@dataclass
class Workbook:
    """A file as read: its sheets that hold a registry, and why the others were passed over."""

    file_name: str
    kind: str  # what the file turned out to be, e.g. "Excel 97-2003 工作簿（.xls）", "CSV（GBK/GB18030 编码）"
    sheets: list[Sheet]
    notices: list[str] = field(default_factory=list)


def _refuse_binary(data: bytes, file_name: str) -> None:
    if b"\x00" in data[:4096]:
        raise InvalidInput(f"{file_name}：文件含有空字节，可能是 UTF-16 编码或不是文本文件；请另存为 UTF-8 或 GBK 的 CSV")


def utf8_bytes(data: bytes, file_name: str) -> bytes:
    """The file as UTF-8 bytes: UTF-8 as is (BOM dropped), GBK/GB18030 converted, else a clear error."""
    return _as_utf8(data, file_name)[0]


def _as_utf8(data: bytes, file_name: str) -> tuple[bytes, str]:
    """(UTF-8 bytes, the encoding found). UTF-8 is checked in slices so that a large file is never
    held twice as text; GBK is the GB18030 subset offices mostly save, and is named when it suffices."""
    _refuse_binary(data, file_name)
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if bom else data
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(body), 1 << 24):
            decoder.decode(body[start:start + (1 << 24)])
        decoder.decode(b"", final=True)
        return body, "UTF-8（带 BOM）" if bom else "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{file_name}：无法识别文件编码（支持 UTF-8、GBK、GB18030），第 {exc.start} 字节处无法解码") from None
    try:
        data.decode("gbk")
        encoding = "GBK"
    except UnicodeDecodeError:
        encoding = "GB18030"
    return text.encode("utf-8"), encoding


def _no_header(where: str, vocabulary: Vocabulary) -> InvalidInput:
    return InvalidInput(f"{where}：前 {HEADER_SEARCH_ROWS} 行中未找到表头（如“{vocabulary.example}”）；"
                        "若表头正确，文件编码可能不是 UTF-8 或 GBK")


def _name_header(layout: Layout, vocabulary: Vocabulary) -> str | None:
    """The header of the column that names each record (the first of the vocabulary's record fields found)."""
    found: dict[str, str] = {}
    for header in layout.headers:
        key = vocabulary.field_of(layout.groups[header][1] if header in layout.groups else header)
        if key is not None and key in vocabulary.record_fields:
            found.setdefault(key, header)
    return next((found[k] for k in vocabulary.record_fields if k in found), None)


def _take_out_non_records(sheet: Sheet, vocabulary: Vocabulary) -> Sheet:
    """The sheet without its blank, 合计 and note rows, which are listed in `sheet.skipped`."""
    assert sheet.layout is not None
    skipped = non_records(sheet.frame, _name_header(sheet.layout, vocabulary), sheet.first_row, sheet.name)
    if skipped:
        rows = pl.Series([s.row for s in skipped], dtype=pl.Int64)
        sheet.frame = numbered(sheet).filter(~pl.col(ROW).is_in(rows.implode()))
        sheet.skipped = skipped
    return sheet


def read_csv(path: Path, mapping: dict[str, str] | None = None, strip: bool = True) -> list[Sheet]:
    """The CSV as one sheet; `strip=False` leaves cells unstripped (a caller that strips column by
    column itself saves a copy of the whole table)."""
    return _read_csv(path, registry_vocabulary(mapping), strip)[0]


def _read_csv(path: Path, vocabulary: Vocabulary, strip: bool) -> tuple[list[Sheet], str]:
    """([sheet], encoding). A file that starts as UTF-8 is handed to polars by its path: polars maps
    it and checks the UTF-8 as it parses, so the file is neither read into memory nor checked twice.
    Any other file, or one that turns out not to be UTF-8 further on, is read as bytes and converted.
    """
    head = _utf8_head(path)
    try:
        if head is None:
            raise _NotUtf8
        parsed = _parse_csv(path, head, path.name, vocabulary)
        with path.open("rb") as file:
            encoding = "UTF-8（带 BOM）" if file.read(3) == codecs.BOM_UTF8 else "UTF-8"
    except _NotUtf8:
        data, encoding = _as_utf8(path.read_bytes(), path.name)
        parsed = _parse_csv(io.BytesIO(data), data[: 1 << 16].decode("utf-8", errors="ignore"), path.name, vocabulary)
    frame, layout = parsed
    if strip:
        frame = frame.select(pl.col(c).str.strip_chars() for c in frame.columns)
    first_row = layout.header_rows[-1] + 1
    return [Sheet(None, layout.headers, frame, first_row, layout)], encoding


class _NotUtf8(Exception):
    """polars met bytes that are not UTF-8."""


def _utf8_head(path: Path) -> str | None:
    """The first 64 KB of the file as text if they are UTF-8 (BOM dropped), else None."""
    with path.open("rb") as file:
        head = file.read(1 << 16)
    _refuse_binary(head, path.name)
    try:  # not final: a character cut off at the end of the slice is left out
        return codecs.getincrementaldecoder("utf-8")().decode(head.removeprefix(codecs.BOM_UTF8))
    except UnicodeDecodeError:
        return None


def _parse_csv(source: Path | io.BytesIO, head: str, file_name: str, vocabulary: Vocabulary
               ) -> tuple[pl.DataFrame, Layout]:
    """(frame, layout) of UTF-8 CSV text whose start is `head`."""
    head_rows = list(csv.reader(io.StringIO("\n".join(head.splitlines()[:HEADER_SEARCH_ROWS + 1]))))
    layout, score = find_layout(head_rows, None, vocabulary=vocabulary)
    if score < 1:
        raise _no_header(file_name, vocabulary)
    header_index = layout.header_rows[0] - 1
    try:
        # The header row fixes the column count, so short rows read with empty cells.
        frame = pl.read_csv(source, has_header=True, skip_rows=header_index,
                            infer_schema=False, truncate_ragged_lines=True)
    except pl.exceptions.PolarsError as exc:
        if "utf-8" in str(exc).lower():
            raise _NotUtf8 from None
        raise InvalidInput(f"{file_name}：CSV 格式错误：{str(exc).splitlines()[0]}") from None
    if len(layout.header_rows) == 2:
        frame = frame.slice(1)  # the second header row
    headers = layout.headers
    frame.columns = headers[: frame.width] + [f"第{i + 1}列" for i in range(len(headers), frame.width)]
    return frame, layout


def _cell_text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip() or None


def excel_kind(path: Path) -> str | None:
    """'xlsx', 'xls', 'et' or 'ods' by the file's first bytes (the suffix only names an OLE2 file .et);
    None for a file that is not a workbook."""
    with path.open("rb") as file:
        magic = file.read(8)
    if magic.startswith(_ZIP):
        return "ods" if path.suffix.lower() == ".ods" else "xlsx"
    if magic == _OLE2:
        return "et" if path.suffix.lower() == ".et" else "xls"
    return None


def read_xlsx(path: Path, mapping: dict[str, str] | None = None) -> list[Sheet]:
    """The sheets of a workbook that have a header (any of the registry's columns)."""
    book = _read_excel(path, registry_vocabulary(mapping), registry=False)
    if not book.sheets:
        raise InvalidInput(f"{path.name}：没有任何工作表包含可识别的表头（如“企业名称”）")
    return book.sheets


def _read_excel(path: Path, vocabulary: Vocabulary, registry: bool) -> Workbook:
    """`registry`: a sheet counts only when its header names the enterprise and one more registry
    column (so that a 说明 sheet listing the columns is not taken for a table); the others are noted."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise InvalidInput(f"{path.name}：无法读取 Excel 文件：{exc}") from None
    book = Workbook(path.name, KINDS[excel_kind(path) or "xlsx"], [])
    for meta in workbook.sheets_metadata:
        name = meta.name
        if meta.typ != SheetTypeEnum.WorkSheet:
            book.notices.append(f"工作表“{name}”是图表或宏表，不是名录，已跳过")
            continue
        rows = [[_cell_text(v) for v in row] for row in workbook.get_sheet_by_name(name).to_python()]
        if not any(any(r) for r in rows):
            book.notices.append(f"工作表“{name}”是空表，已跳过")
            continue
        text_rows = [[c or "" for c in r] for r in rows[:HEADER_SEARCH_ROWS + 1]]
        layout, score = find_layout(text_rows, None, vocabulary=vocabulary)
        if score < 1 or (registry and (score < 2 or _name_header(layout, vocabulary) is None)):
            what = vocabulary.what
            book.notices.append(f"工作表“{name}”中未找到{what}表头（需有“{vocabulary.example}”及至少一个其他{what}列），"
                                "视为说明或附表，已跳过")
            continue
        headers = layout.headers
        body = rows[layout.header_rows[-1]:]
        data = {h: [r[i] if i < len(r) else None for r in body] for i, h in enumerate(headers)}
        frame = pl.DataFrame(data, schema={h: pl.String for h in headers})
        sheet = Sheet(name, headers, frame, layout.header_rows[-1] + 1, layout)
        book.sheets.append(_take_out_non_records(sheet, vocabulary) if registry else sheet)
    return book


def read_workbook(path: Path, mapping: dict[str, str] | None = None, strip: bool = True, *,
                  vocabulary: Vocabulary | None = None) -> Workbook:
    """A registry file (or, with another `vocabulary`, a table of another kind such as monthly indicators)
    as read: the sheets holding one, each without its blank, 合计 and note rows (listed in
    `Sheet.skipped`), and notices of the sheets passed over."""
    if not path.exists():
        raise InvalidInput(f"找不到文件：{path}")
    vocabulary = vocabulary or registry_vocabulary(mapping)
    kind = excel_kind(path)
    if kind is not None:
        book = _read_excel(path, vocabulary, registry=True)
        if not book.sheets:
            raise InvalidInput(f"{path.name}：没有任何工作表包含{vocabulary.what}表头（如“{vocabulary.example}”"
                               "“统一社会信用代码”）；" + "；".join(book.notices))
        return book
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        sheets, encoding = _read_csv(path, vocabulary, strip)
        return Workbook(path.name, f"CSV（{encoding} 编码）", [_take_out_non_records(s, vocabulary) for s in sheets])
    if suffix in (".xlsx", ".xlsm", ".xls", ".et", ".ods"):
        raise InvalidInput(f"{path.name}：扩展名为 {suffix}，但内容不是 Excel/WPS 工作簿（可能是网页或文本另存）；"
                           "请用 Excel 或 WPS 打开后另存为 .xlsx")
    raise InvalidInput(f"{path.name}：不支持的文件类型 {suffix}（支持 .xlsx、.xls、.et、.csv）")


def read_table(path: Path, mapping: dict[str, str] | None = None, strip: bool = True) -> list[Sheet]:
    """Sheets of a CSV or Excel file with a header row, every row kept (facts files read this way);
    `mapping` helps find the header row. XLSX cells are always stripped; CSV cells unless `strip=False`."""
    if not path.exists():
        raise InvalidInput(f"找不到文件：{path}")
    if excel_kind(path) is not None:
        return read_xlsx(path, mapping)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return read_csv(path, mapping, strip)
    raise InvalidInput(f"{path.name}：不支持的文件类型 {suffix}（支持 .xlsx、.xls、.et、.csv）")

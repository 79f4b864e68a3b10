"""Read CSV (UTF-8 or GBK) and XLSX files into string tables, one per sheet."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import polars as pl

from chainatlas.domain.errors import InvalidInput
from chainatlas.importers.headers import header_score

HEADER_SEARCH_ROWS = 10


@dataclass
class Sheet:
    """A table of strings; `first_row` is the file row number of frame row 0."""

    name: str | None
    headers: list[str]
    frame: pl.DataFrame
    first_row: int


def _refuse_binary(data: bytes, file_name: str) -> None:
    if b"\x00" in data[:4096]:
        raise InvalidInput(f"{file_name}：文件含有空字节，可能是 UTF-16 编码或不是文本文件；请另存为 UTF-8 或 GBK 的 CSV")


def utf8_bytes(data: bytes, file_name: str) -> bytes:
    """The file as UTF-8 bytes: UTF-8 as is (BOM dropped), GBK/GB18030 converted, else a clear error.

    UTF-8 is checked in slices so that a large file is never held twice as text.
    """
    _refuse_binary(data, file_name)
    body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(body), 1 << 24):
            decoder.decode(body[start:start + (1 << 24)])
        decoder.decode(b"", final=True)
        return body
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030").encode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{file_name}：无法识别文件编码（支持 UTF-8、GBK），第 {exc.start} 字节处无法解码") from None


def _find_header(rows: list[list[str]], file_name: str, mapping: dict[str, str] | None) -> int:
    scores = [header_score(r, mapping) for r in rows[:HEADER_SEARCH_ROWS]]
    if not scores or max(scores) < 1:
        raise InvalidInput(f"{file_name}：前 {HEADER_SEARCH_ROWS} 行中未找到表头（如“企业名称”）；"
                           "若表头正确，文件编码可能不是 UTF-8 或 GBK")
    return scores.index(max(scores))


def _unique_headers(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, h in enumerate(headers):
        h = h.strip() or f"第{i + 1}列"
        if h in seen:
            seen[h] += 1
            h = f"{h}#{seen[h]}"
        else:
            seen[h] = 1
        out.append(h)
    return out


def read_csv(path: Path, mapping: dict[str, str] | None = None, strip: bool = True) -> list[Sheet]:
    """The CSV as one sheet; `strip=False` leaves cells unstripped (a caller that strips column by
    column itself saves a copy of the whole table).

    A file that starts as UTF-8 is handed to polars by its path: polars maps it and checks
    the UTF-8 as it parses, so the file is neither read into memory nor checked twice. Any
    other file, or one that turns out not to be UTF-8 further on, is read as bytes and
    converted (`utf8_bytes`).
    """
    head = _utf8_head(path)
    try:
        frame, headers, header_index = _parse_csv(path, head, path.name, mapping) if head is not None else \
            _parse_text_bytes(path, mapping)
    except _NotUtf8:
        frame, headers, header_index = _parse_text_bytes(path, mapping)
    if strip:
        frame = frame.select(pl.col(c).str.strip_chars() for c in frame.columns)
    return [Sheet(None, headers, frame, header_index + 2)]


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


def _parse_text_bytes(path: Path, mapping: dict[str, str] | None) -> tuple[pl.DataFrame, list[str], int]:
    data = utf8_bytes(path.read_bytes(), path.name)
    return _parse_csv(io.BytesIO(data), data[: 1 << 16].decode("utf-8", errors="ignore"), path.name, mapping)


def _parse_csv(source: Path | io.BytesIO, head: str, file_name: str, mapping: dict[str, str] | None
               ) -> tuple[pl.DataFrame, list[str], int]:
    """(frame, headers, index of the header row) of UTF-8 CSV text whose start is `head`."""
    head_rows = list(csv.reader(io.StringIO("\n".join(head.splitlines()[:HEADER_SEARCH_ROWS]))))
    header_index = _find_header(head_rows, file_name, mapping)
    headers = _unique_headers(head_rows[header_index])
    try:
        # The header row fixes the column count, so short rows read with empty cells.
        frame = pl.read_csv(source, has_header=True, skip_rows=header_index,
                            infer_schema=False, truncate_ragged_lines=True)
    except pl.exceptions.PolarsError as exc:
        if "utf-8" in str(exc).lower():
            raise _NotUtf8 from None
        raise InvalidInput(f"{file_name}：CSV 格式错误：{str(exc).splitlines()[0]}") from None
    frame.columns = headers[: frame.width] + [f"第{i + 1}列" for i in range(len(headers), frame.width)]
    return frame, headers, header_index


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


def read_xlsx(path: Path, mapping: dict[str, str] | None = None) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise InvalidInput(f"{path.name}：无法读取 Excel 文件：{exc}") from None
    sheets = []
    for name in workbook.sheet_names:
        rows = [[_cell_text(v) for v in row] for row in workbook.get_sheet_by_name(name).to_python()]
        if not any(any(r) for r in rows):
            continue
        text_rows = [[c or "" for c in r] for r in rows[:HEADER_SEARCH_ROWS]]
        try:
            header_index = _find_header(text_rows, f"{path.name} 工作表“{name}”", mapping)
        except InvalidInput:
            continue  # notes or summary sheets: reported by the caller when no sheet is left
        headers = _unique_headers([c or "" for c in rows[header_index]])
        body = rows[header_index + 1:]
        data = {h: [r[i] if i < len(r) else None for r in body] for i, h in enumerate(headers)}
        frame = pl.DataFrame(data, schema={h: pl.String for h in headers})
        sheets.append(Sheet(name, headers, frame, header_index + 2))
    if not sheets:
        raise InvalidInput(f"{path.name}：没有任何工作表包含可识别的表头（如“企业名称”）")
    return sheets


def read_table(path: Path, mapping: dict[str, str] | None = None, strip: bool = True) -> list[Sheet]:
    """Sheets of a CSV or XLSX file, by extension; `mapping` helps find the header row.

    XLSX cells are always stripped; CSV cells unless `strip=False`."""
    if not path.exists():
        raise InvalidInput(f"找不到文件：{path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return read_xlsx(path, mapping)
    if suffix in (".csv", ".txt"):
        return read_csv(path, mapping, strip)
    raise InvalidInput(f"{path.name}：不支持的文件类型 {suffix}（支持 .xlsx、.xls、.csv）")

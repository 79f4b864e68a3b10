"""Where the registry table sits in a sheet, as offices keep it.

Above the table: a title, 填报单位 / 填报日期 lines, a 单位：万元 line. The
header is one row, or two when a merged group cell (2024年, 经营情况) stands
over the metrics below it; it is found by what its cells say, not by its
position. Inside and below the table: 合计 / 小计 / 总计 rows, 注： / 说明 lines
and blank rows, which are not enterprises; they are found column-wise and
reported with their row numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import polars as pl

from chainatlas.domain.money import UNIT_ALIASES
from chainatlas.importers.headers import parse_header

HEADER_SEARCH_ROWS = 30
# 单位：万元 (also 金额单位：万元) in a line above the table or as a lone header cell.
_UNIT_LINE = re.compile(r"单位\s*[:：]\s*(亿元|万元|元)(?![\u4e00-\u9fff])")
_SPACE = r"[\s\u3000]*"
TOTAL = rf"^{_SPACE}(?:合{_SPACE}计|小{_SPACE}计|总{_SPACE}计|共{_SPACE}计)"
# Notes, and the sign-off lines under a table (填报人：… 审核人：…).
NOTE = (rf"^{_SPACE}(?:注|说{_SPACE}明|备{_SPACE}注|附{_SPACE}注|填表说明|填报说明|填报人|填表人|审核人|制表人|负责人"
        r"|单位负责人|联系人|联系电话|填报日期|填报单位)"
        rf"{_SPACE}[0-9０-９一二三四五六七八九十]*{_SPACE}[:：.．、]")
BLANK = rf"^{_SPACE}$"
REASONS = {"blank": "空行", "total": "合计/小计行", "note": "注释、说明或落款行"}


@dataclass(frozen=True)
class SkippedRow:
    """A row of the table that is not an enterprise: a blank row, a 合计 row, a note."""

    sheet: str | None
    row: int
    kind: str  # blank | total | note
    text: str | None

    @property
    def reason(self) -> str:
        return REASONS[self.kind]

    def as_dict(self) -> dict[str, object]:
        return {"sheet": self.sheet, "row": self.row, "reason": self.reason, "text": self.text}


@dataclass
class Layout:
    """How a sheet's table was found: its header row(s), the lines above it, the unit they state."""

    header_rows: list[int]  # file row numbers (1-based)
    header_cells: list[list[str]]  # the header row(s) as read
    headers: list[str]  # one unique header per column
    groups: dict[str, tuple[str, str]] = field(default_factory=dict)  # header → (group cell, cell below it)
    preamble: list[tuple[int, str]] = field(default_factory=list)  # (file row, text) above the header
    unit: str | None = None  # 元/万元/亿元 stated by a 单位 line
    unit_text: str | None = None  # the line or cell that stated it


@dataclass(frozen=True)
class Vocabulary:
    """What a kind of file's headers name: `field_of(header)` is the field a header names, or None;
    `record_fields` are the fields that name a record (a 企业名称, or a region for area totals);
    `what` names the kind of table in messages (名录, 月度指标)."""

    field_of: Callable[[str], str | None]
    record_fields: tuple[str, ...] = ("name",)
    what: str = "名录"
    example: str = "企业名称"
    # Cells that only qualify the merged cell above them (本月, 累计): under a group they count for the
    # two-row header, which then wins over its top row alone.
    qualifier: Callable[[str], bool] | None = None


def registry_vocabulary(mapping: dict[str, str] | None = None) -> Vocabulary:
    """The registry's headers (importers.headers), with a user's mapping."""
    def field_of(header: str) -> str | None:
        column = parse_header(header, mapping)
        return None if column is None else column.key
    return Vocabulary(field_of)


def unit_line(text: str) -> str | None:
    """'单位：万元' where a text states a unit (the words that state it), else None."""
    found = _UNIT_LINE.search(text)
    return found.group(0) if found else None


def _two_rows(top: Sequence[str], bottom: Sequence[str]) -> tuple[list[str], dict[str, tuple[str, str]]]:
    """Headers of a two-row header: a cell with a cell below it starts a group that spans the columns
    to its right whose top cell is empty (a merged cell); a lone top cell is a header of its own."""
    headers: list[str] = []
    groups: dict[str, tuple[str, str]] = {}
    group: str | None = None
    for j in range(max(len(top), len(bottom))):
        t = top[j].strip() if j < len(top) else ""
        b = bottom[j].strip() if j < len(bottom) else ""
        if t:
            group = t if b else None
        elif not b:
            group = None
        if b and group:
            header = f"{group}/{b}"
            groups[header] = (group, b)
        else:
            header = t or b
        headers.append(header)
    return headers, groups


def _hits(headers: list[str], groups: dict[str, tuple[str, str]], vocabulary: Vocabulary) -> int:
    known = vocabulary.field_of
    return sum(1 for h in headers if h and (
        known(h) is not None or (h in groups and any(known(part) is not None for part in groups[h]))))


def _unique(headers: list[str]) -> list[str]:
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


def find_layout(rows: list[list[str]], mapping: dict[str, str] | None, first_row: int = 1,
                vocabulary: Vocabulary | None = None) -> tuple[Layout, int]:
    """(layout, score) of the best header among the first rows; score 0 when none reads as a header.

    `rows` are the sheet's first rows as text; `first_row` is the file row of rows[0].
    A two-row header wins only when it reads more columns than either of its rows alone.
    """
    vocabulary = vocabulary or registry_vocabulary(mapping)
    rows = rows[:HEADER_SEARCH_ROWS]
    best = (0, 0, 1)  # (score, row index, depth): the highest score, the first row on a tie
    singles = [_hits([c.strip() for c in row], {}, vocabulary) for row in rows]
    for i, single in enumerate(singles):
        if single > best[0]:
            best = (single, i, 1)
        if i + 1 < len(rows):
            headers, groups = _two_rows(rows[i], rows[i + 1])
            pair = _hits(headers, groups, vocabulary) if groups else 0
            if groups and vocabulary.qualifier:
                pair += sum(1 for _, below in groups.values() if vocabulary.qualifier(below))
            if pair > max(single, singles[i + 1], best[0]):
                best = (pair, i, 2)
    score, index, depth = best
    if depth == 2:
        headers, groups = _two_rows(rows[index], rows[index + 1])
    else:
        headers, groups = [c.strip() for c in rows[index]] if rows else [], {}
    layout = Layout([first_row + index + k for k in range(depth)], [list(r) for r in rows[index:index + depth]],
                    [], {}, [])
    for k, row in enumerate(rows[:index]):
        text = " ".join(c.strip() for c in row if c and c.strip())
        if text:
            layout.preamble.append((first_row + k, text))
            if layout.unit is None and (stated := unit_line(text)):
                layout.unit, layout.unit_text = UNIT_ALIASES[_UNIT_LINE.search(text).group(1)], stated
    # A lone 单位：万元 cell at the end of the header row states the unit; it is not a column.
    for j, h in enumerate(headers):
        if h and (stated := unit_line(h)) and vocabulary.field_of(h) is None and h not in groups:
            headers[j] = ""
            if layout.unit is None:
                layout.unit, layout.unit_text = UNIT_ALIASES[_UNIT_LINE.search(h).group(1)], stated
    layout.headers = _unique(headers)
    renamed = dict(zip(headers, layout.headers, strict=True))
    layout.groups = {renamed.get(h, h): g for h, g in groups.items()}
    return layout, score


def non_records(frame: pl.DataFrame, name_header: str | None, first_row: int, sheet: str | None
                ) -> list[SkippedRow]:
    """Blank, 合计 and note rows of a table of strings whose frame row 0 is file row `first_row`.

    Column-wise: the first filled cell of each row (and the name cell) is tested first, so a
    sheet without such rows costs one pass; only candidate rows are looked at cell by cell.
    Rows under a note with no enterprise name continue the note.
    """
    if frame.width == 0 or frame.height == 0:
        return []
    columns = [pl.col(c) for c in frame.columns]
    first = pl.coalesce(columns)
    name = pl.col(name_header) if name_header else pl.lit(None, pl.String)
    candidate = (first.is_null() | first.str.contains(BLANK) | first.str.contains(TOTAL)
                 | first.str.contains(NOTE) | name.str.contains(TOTAL).fill_null(False))
    index = frame.select(candidate.arg_true()).to_series()
    found: dict[int, SkippedRow] = {}
    first_note: int | None = None
    if len(index):
        picked = frame[index]
        texts = picked.select(pl.col(c).str.strip_chars() for c in picked.columns).select(
            pl.when(pl.col(c).str.len_bytes() > 0).then(pl.col(c)) for c in picked.columns)
        lead = texts.select(pl.coalesce(pl.all()).alias("lead")).to_series()
        names = texts.get_column(name_header) if name_header else pl.Series([None] * len(index), dtype=pl.String)
        for i, lead_text, name_text in zip(index.to_list(), lead.to_list(), names.to_list(), strict=True):
            if lead_text is None:
                found[i] = SkippedRow(sheet, first_row + i, "blank", None)
            elif re.match(TOTAL, lead_text) or (name_text and re.match(TOTAL, name_text)):
                found[i] = SkippedRow(sheet, first_row + i, "total", lead_text)
            elif re.match(NOTE, lead_text):
                found[i] = SkippedRow(sheet, first_row + i, "note", lead_text)
                first_note = i if first_note is None else first_note
    if first_note is not None:  # lines that go on with a note: no name, one filled cell
        tail = frame.slice(first_note + 1).with_row_index("__i", offset=first_note + 1)
        filled = pl.sum_horizontal(pl.col(c).str.strip_chars().str.len_bytes().fill_null(0) > 0
                                   for c in frame.columns)
        no_name = name.str.strip_chars().str.len_bytes().fill_null(0) == 0 if name_header else pl.lit(True)
        more = tail.filter(no_name & (filled == 1)).select("__i", pl.coalesce(
            pl.when(pl.col(c).str.strip_chars().str.len_bytes() > 0).then(pl.col(c).str.strip_chars())
            for c in frame.columns).alias("t"))
        for i, text in more.iter_rows():
            found.setdefault(i, SkippedRow(sheet, first_row + i, "note", text))
    return [found[i] for i in sorted(found)]

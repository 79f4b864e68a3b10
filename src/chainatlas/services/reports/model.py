"""The report as data: one model built from the figures, rendered twice (Word and PDF) so that both carry the
same title, sections, paragraphs, tables and pictures. The writers only lay it out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

CHINESE_NUMBERS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str = ""  # a bold lead-in (（一）总量 …) printed before the text


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # right-aligned columns (figures)


@dataclass(frozen=True)
class Picture:
    png: bytes
    caption: str
    width_cm: float = 15.0


Block = Paragraph | Table | Picture


@dataclass(frozen=True)
class Section:
    key: str
    number: str   # 一 二 三 …
    heading: str  # without its number
    blocks: tuple[Block, ...]

    @property
    def title(self) -> str:
        return f"{self.number}、{self.heading}"


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    issuer: str
    seal_line: str
    issued_on: date
    chain_id: str
    chain_name: str
    region: str
    region_name: str
    month: str
    sections: tuple[Section, ...]
    toc: bool
    figures: dict[str, Any] = field(default_factory=dict)  # monitoring.chain_figures, for --json and the tests
    has_figures: bool = True

    @property
    def title_lines(self) -> list[str]:
        """The title as official titles set it: the period (its bracket) on a line of its own."""
        head, bracket, period = self.title.partition("（")
        return [head, bracket + period] if bracket and period.endswith("）") and head else [self.title]

    @property
    def file_stem(self) -> str:
        """The Chinese file name without extension: 长沙市先进储能材料与锂电池产业链运行监测月报（2026年10月）."""
        return "".join(c for c in self.title if c not in '\\/:*?"<>|').strip() or "产业链月报"

    @property
    def ascii_stem(self) -> str:
        return f"report-{self.chain_id}-{self.region}-{self.month}"


def chinese_number(n: int) -> str:
    """1 → 一 … 10 → 十 (a report has at most six sections)."""
    return CHINESE_NUMBERS[n - 1] if 1 <= n <= 10 else str(n)


def date_text(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"

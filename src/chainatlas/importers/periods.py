"""Report periods as offices write them: 2025-06, 2025年6月, 202506, 2025.6, a date cell, 2025年1-6月 in a
title, and quarters (2025年第二季度, 2025年二季度, 2025Q2), stored at the period's last month with the number of
months it covers (importers/indicators.py)."""

from __future__ import annotations

import re
from datetime import date

from chainatlas.domain.monitoring import month_text

PERIOD_EXAMPLES = "2025-06、2025年6月、202506、2025.6、2025年第二季度、2025Q2"
_CN_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
               "十一": 11, "十二": 12}
_FOLD = str.maketrans("０１２３４５６７８９．－／", "0123456789.-/")
_QUARTER = re.compile(r"((?:19|20)\d{2})\s*(?:年\s*第?\s*([一二三四1-4])\s*季度?|[-.\s]?[Qq]\s*([1-4]))")
_YEAR_SPAN = re.compile(r"((?:19|20)\d{2})\s*年\s*(?:1|一)\s*[-—–~～至到]\s*(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月")
_YEAR_MONTH = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月")
_HALF = re.compile(r"((?:19|20)\d{2})\s*年\s*(上半年|前三季度|全年)")
_NUMERIC = re.compile(r"^((?:19|20)\d{2})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*\d{1,2})?(?:\s+[\d:.]+)?$")
_COMPACT = re.compile(r"^((?:19|20)\d{2})(\d{2})$")


def _month_number(text: str) -> int:
    return int(text) if text.isdigit() else _CN_NUMBERS[text]


def parse_period(text: str, *, anywhere: bool = False) -> tuple[date, int] | None:
    """(the period's last month, months it covers: 1 or 3) of a period as offices write it, or None.

    `anywhere`: find it inside a longer text (a sheet title) rather than as the whole cell."""
    value = str(text).translate(_FOLD).strip()
    found: tuple[int, int, int] | None = None
    if m := _QUARTER.search(value) if anywhere else _QUARTER.fullmatch(value):
        quarter = m.group(2) or m.group(3)
        found = (int(m.group(1)), 3 * _month_number(quarter), 3)
    elif m := _YEAR_SPAN.search(value) if anywhere else _YEAR_SPAN.fullmatch(value):
        found = (int(m.group(1)), _month_number(m.group(2)), 1)
    elif m := _YEAR_MONTH.search(value) if anywhere else _YEAR_MONTH.fullmatch(value):
        found = (int(m.group(1)), _month_number(m.group(2)), 1)
    elif m := _HALF.search(value) if anywhere else _HALF.fullmatch(value):
        found = (int(m.group(1)), {"上半年": 6, "前三季度": 9, "全年": 12}[m.group(2)], 1)
    elif not anywhere and (m := _NUMERIC.match(value) or _COMPACT.match(value)):
        found = (int(m.group(1)), int(m.group(2)), 1)
    if found is None or not 1 <= found[1] <= 12:
        return None
    return date(found[0], found[1], 1), found[2]


def month_alone(text: str, fallback: tuple[date, int] | None) -> tuple[date, int] | None:
    """A month written alone (6, 6月) in the year of the title or of the given period."""
    found = re.fullmatch(r"(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月?份?", str(text).translate(_FOLD).strip())
    if found is None or fallback is None or not 1 <= _month_number(found.group(1)) <= 12:
        return None
    return date(fallback[0].year, _month_number(found.group(1)), 1), 1


def period_text(month: date, months: int) -> str:
    return f"{month.year}年第{month.month // 3}季度" if months == 3 else month_text(month)

"""Monitoring vocabulary: the monthly indicators an office reports per enterprise, their labels and units,
and months as dates (the first day of the month a figure belongs to).

A figure is either the single period's value (当月, or 当季 for a quarterly report) or the year-to-date value
(累计, from January to the period's last month); both are kept, each derived from the other where possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Indicator:
    key: str           # column stem in enterprise_months: `<key>_fen` / `<key>_ytd_fen`, or `<key>` for stocks
    label: str         # 中文名称 as offices write it in headers
    unit: str          # 万元, 万千瓦时, 人
    money: bool        # stored in fen (integers), shown in 万元 with two decimals
    cumulative: bool   # has a year-to-date value (a flow); False for stocks such as headcount


INDICATORS: tuple[Indicator, ...] = (
    Indicator("output", "工业总产值", "万元", money=True, cumulative=True),
    Indicator("revenue", "营业收入", "万元", money=True, cumulative=True),
    Indicator("profit", "利润总额", "万元", money=True, cumulative=True),
    Indicator("tax", "税收", "万元", money=True, cumulative=True),
    Indicator("electricity", "用电量", "万千瓦时", money=False, cumulative=True),
    Indicator("employees", "从业人员", "人", money=False, cumulative=False),
)
BY_KEY = {i.key: i for i in INDICATORS}

# 规模以上工业企业: 主营业务收入 ≥ 2000 万元 a year (docs/rules.md §3), in fen.
ABOVE_SCALE_REVENUE_FEN = 2000 * 10_000 * 100


def month(year: int, month_no: int) -> date:
    """The date that stands for a month (its first day)."""
    return date(year, month_no, 1)


def month_text(d: date) -> str:
    """2025-06."""
    return f"{d.year:04d}-{d.month:02d}"


def month_from_text(text: str) -> date:
    """A month from its ISO form `YYYY-MM` (the CLI and API spelling); ValueError in Chinese otherwise."""
    try:
        year, month_no = (int(p) for p in text.strip().split("-"))
        return date(year, month_no, 1)
    except (ValueError, TypeError):
        raise ValueError(f"月份“{text}”无法识别，应写作 YYYY-MM，例如 2025-06") from None


def add_months(d: date, n: int) -> date:
    total = d.year * 12 + d.month - 1 + n
    return date(total // 12, total % 12 + 1, 1)


def same_month_last_year(d: date) -> date:
    return date(d.year - 1, d.month, 1)


def ytd_label(d: date) -> str:
    """1—6月 (the seeds' spelling of a year-to-date span), or 1月 for January."""
    return "1月" if d.month == 1 else f"1—{d.month}月"

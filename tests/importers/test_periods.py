"""Report periods as offices write them, in cells and in titles."""

from __future__ import annotations

from datetime import date

import pytest

from chainatlas.importers.periods import month_alone, parse_period

JUNE, Q2 = (date(2025, 6, 1), 1), (date(2025, 6, 1), 3)


@pytest.mark.parametrize(("text", "period"), [
    ("2025-06", JUNE), ("2025年6月", JUNE), ("202506", JUNE), ("2025.6", JUNE), ("2025/06", JUNE),
    ("2025-06-01", JUNE), ("２０２５年６月", JUNE), ("2025年六月", JUNE), ("2025年1-6月", JUNE), ("2025年1至6月", JUNE),
    ("2025年第二季度", Q2), ("2025年二季度", Q2), ("2025Q2", Q2), ("2025-Q2", Q2), ("2025年上半年", JUNE),
    ("2025.10", (date(2025, 10, 1), 1)), ("2025年十二月", (date(2025, 12, 1), 1)),
    ("2025-13", None), ("六月", None), ("2025年", None), ("", None),
])
def test_periods_in_cells(text: str, period: tuple[date, int] | None) -> None:
    assert parse_period(text) == period


def test_periods_in_titles_and_months_alone() -> None:
    assert parse_period("长沙市2025年1-6月规上工业企业主要经济指标", anywhere=True) == JUNE
    assert parse_period("岳麓区2025年二季度规上工业企业经营情况", anywhere=True) == Q2
    assert parse_period("规上工业企业月报", anywhere=True) is None
    assert month_alone("6月", JUNE) == (date(2025, 6, 1), 1) and month_alone("11", JUNE) == (date(2025, 11, 1), 1)
    assert month_alone("6", None) is None and month_alone("13", JUNE) is None

"""Goal periods, progress and the 时间过半、任务过半 check."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.goals import parse_decimal, parse_period, progress


@pytest.mark.parametrize(("text", "code", "start", "end"), [
    ("2025", "2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("2025年", "2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("2025Q2", "2025Q2", date(2025, 4, 1), date(2025, 6, 30)),
    ("2025q4", "2025Q4", date(2025, 10, 1), date(2025, 12, 31)),
    ("2025年第二季度", "2025Q2", date(2025, 4, 1), date(2025, 6, 30)),
    ("2025年三季度", "2025Q3", date(2025, 7, 1), date(2025, 9, 30)),
    ("2025-06", "2025-06", date(2025, 6, 1), date(2025, 6, 30)),
    ("2024-2", "2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2025年6月", "2025-06", date(2025, 6, 1), date(2025, 6, 30)),
    ("２０２５年１２月", "2025-12", date(2025, 12, 1), date(2025, 12, 31)),
    ("202503", "2025-03", date(2025, 3, 1), date(2025, 3, 31)),
])
def test_periods(text: str, code: str, start: date, end: date) -> None:
    p = parse_period(text)
    assert (p.code, p.start, p.end) == (code, start, end)
    assert parse_period(p.code) == p


@pytest.mark.parametrize("text", ["", "2025Q5", "2025-13", "明年", "25", "2025年第五季度"])
def test_bad_periods_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="期间"):
        parse_period(text)


def test_elapsed_share() -> None:
    year = parse_period("2025")
    assert year.elapsed(date(2024, 12, 31)) == 0
    assert year.elapsed(date(2025, 12, 31)) == 1
    assert year.elapsed(date(2025, 7, 2)) == Decimal(183) / Decimal(365)
    assert parse_period("2025-06").elapsed(date(2025, 6, 15)) == Decimal("0.5")


def test_half_the_time_half_the_task() -> None:
    year = parse_period("2025")
    on = date(2025, 7, 2)  # 183 of 365 days: 50.14%
    behind = progress(year, Decimal(1000), {"2025-06": Decimal(420)}, on, {"2024-06": Decimal(400)})
    assert (behind.progress, behind.lagging, behind.lag_points, behind.lag_amount) == (
        Decimal("0.42"), True, Decimal("8.14"), Decimal("81.37"))
    assert behind.growth == Decimal("0.05") and behind.last_year == Decimal(400)
    ahead = progress(year, Decimal(1000), {"2025-03": Decimal(300), "2025-06": Decimal(520)}, on)
    assert (ahead.actual, ahead.actual_period, ahead.lagging, ahead.lag_points) == (Decimal(520), "2025-06", False, None)
    assert ahead.growth is None  # no actual of last year
    nothing = progress(year, Decimal(80), {}, on)
    assert nothing.lagging and nothing.progress == 0 and nothing.lag_amount == Decimal("40.11")
    not_started = progress(parse_period("2026"), Decimal(80), {}, on)
    assert not not_started.lagging and not_started.elapsed == 0
    outside = progress(year, Decimal(10), {"2024-12": Decimal(9)}, on)  # last year's figure is not progress
    assert outside.actual is None


def test_decimals_are_exact() -> None:
    assert parse_decimal("1,234.5") == Decimal("1234.5")
    with pytest.raises(InvalidInput):
        parse_decimal("一千")

"""Development goals (发展目标清单): periods, progress and the 时间过半、任务过半 check, as pure rules.

A period is a year (2025), a quarter (2025Q2, 2025年第二季度) or a month (2025-06, 2025年6月). Actuals are
cumulative figures to the end of the period they are entered for (累计值, as offices report 1—6月累计);
a goal's actual is its latest one inside the goal's period. Progress = actual / target; a goal lags when
its progress is below the share of its period elapsed, by (elapsed − progress) points and by
elapsed × target − actual in its unit. Growth year on year compares the actual with the one of the same
period a year earlier, where that exists.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from chainatlas.domain.errors import InvalidInput

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = re.compile(r"^(\d{4})年?度?$")
_QUARTER = re.compile(r"^(\d{4})(?:[-\s]?[Qq]|年第?)([1-4一二三四])(?:季度)?$")
_MONTH = re.compile(r"^(\d{4})(?:[-./年])(\d{1,2})月?(?:份)?$|^(\d{4})(\d{2})$")
INDICATORS = ("产业链规上企业营收", "产值", "规上企业数", "投资额", "税收", "新增规上企业数", "招商引资到位资金")


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    kind: str  # year | quarter | month

    @property
    def code(self) -> str:
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "quarter":
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}-{self.start.month:02d}"

    @property
    def label(self) -> str:
        if self.kind == "year":
            return f"{self.start.year}年"
        if self.kind == "quarter":
            return f"{self.start.year}年第{'一二三四'[(self.start.month - 1) // 3]}季度"
        return f"{self.start.year}年{self.start.month}月"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def year_before(self) -> Period:
        return make_period(self.kind, self.start.year - 1, self.start.month)

    def elapsed(self, today: date) -> Decimal:
        """The share of the period gone by on `today` (0 before it, 1 after it), counting today."""
        if today < self.start:
            return Decimal(0)
        if today >= self.end:
            return Decimal(1)
        return Decimal((today - self.start).days + 1) / Decimal(self.days)


def make_period(kind: str, year: int, month: int = 1) -> Period:
    if kind == "year":
        return Period(date(year, 1, 1), date(year, 12, 31), "year")
    if kind == "quarter":
        first = (month - 1) // 3 * 3 + 1
        last = first + 2
        return Period(date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]), "quarter")
    return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month")


def parse_period(raw: object) -> Period:
    """'2025', '2025年', '2025Q2', '2025年第二季度', '2025-06', '2025年6月' → Period."""
    text = str(raw if raw is not None else "").strip().translate(_DIGITS).replace(" ", "")
    if (found := _YEAR.match(text)) and 1990 <= int(found.group(1)) <= 2100:
        return make_period("year", int(found.group(1)))
    if found := _QUARTER.match(text):
        return make_period("quarter", int(found.group(1)), (_CN[found.group(2)] - 1) * 3 + 1)
    if found := _MONTH.match(text):
        year, month = (found.group(1), found.group(2)) if found.group(1) else (found.group(3), found.group(4))
        if 1 <= int(month) <= 12 and 1990 <= int(year) <= 2100:
            return make_period("month", int(year), int(month))
    raise InvalidInput(f"期间“{raw}”无法识别（应为年度 2025、季度 2025Q2 / 2025年第二季度 或月份 2025-06 / 2025年6月）")


def parse_decimal(raw: object, what: str = "数值") -> Decimal:
    """An exact decimal from a number or text (thousands separators and full-width digits allowed)."""
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, bool) or raw is None:
        raise InvalidInput(f"{what}不能为空")
    else:
        text = str(raw).strip().translate(_DIGITS).replace(",", "").replace("，", "").replace("．", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise InvalidInput(f"{what}“{raw}”不是数字") from None
    if not value.is_finite():
        raise InvalidInput(f"{what}“{raw}”不是数字")
    return value


def number_text(value: Decimal | None) -> str | None:
    """Exact decimal text without exponent or trailing zeros (1E+2 → 100, 2.50 → 2.5)."""
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Progress:
    actual: Decimal | None
    actual_period: str | None
    progress: Decimal | None       # actual / target (0.5 = 50%)
    elapsed: Decimal               # share of the period gone by
    lagging: bool
    lag_points: Decimal | None     # (elapsed − progress) × 100, when lagging
    lag_amount: Decimal | None     # elapsed × target − actual, in the goal's unit, when lagging
    last_year: Decimal | None
    growth: Decimal | None         # actual / last year's − 1


def _round(value: Decimal, places: str = "0.0001") -> Decimal:
    return value.quantize(Decimal(places))


def progress(period: Period, target: Decimal, actuals: dict[str, Decimal], today: date,
             earlier: dict[str, Decimal] | None = None) -> Progress:
    """A goal's standing on `today`. `actuals`: period code → cumulative value (only those inside the goal's
    period count); `earlier`: the same indicator's actuals of the year before (period code → value).

    Without any actual, a goal whose period has started lags by the whole elapsed share."""
    inside = sorted(((parse_period(code), value) for code, value in actuals.items()
                     if period.contains(parse_period(code))), key=lambda pv: (pv[0].end, -pv[0].days))
    elapsed = period.elapsed(today)
    actual_period, actual = (inside[-1][0], inside[-1][1]) if inside else (None, None)
    share = None if target == 0 else _round((actual or Decimal(0)) / target)
    lagging = share is not None and share < _round(elapsed) and elapsed > 0
    points = _round((elapsed - share) * 100, "0.01") if lagging and share is not None else None
    amount = _round(elapsed * target - (actual or Decimal(0)), "0.01") if lagging else None
    last = growth = None
    if actual_period is not None and earlier:
        last = earlier.get(actual_period.year_before().code)
        if last:
            growth = _round(actual / last - 1) if actual is not None else None
    return Progress(actual, actual_period.code if actual_period else None, share,
                    _round(elapsed), lagging, points, amount, last, growth)

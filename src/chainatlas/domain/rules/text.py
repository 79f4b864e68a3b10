"""Chinese wording of values, requirements and shortfalls, in one place."""

from __future__ import annotations

from decimal import Decimal

# Units whose value reads as "第N名": a rank, where smaller is better.
RANK = "名"


def number(value: Decimal | int) -> str:
    """A number without trailing zeros or exponent: 1200, 2.6, -3."""
    if isinstance(value, int):
        return str(value)
    # normalize() alone would print 1200 as 1.2E+3; format "f" keeps it positional.
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def amount(value: Decimal | int, unit: str) -> str:
    """A value with its unit, as Chinese documents write it: 2.6%、1200万元、第3名."""
    if unit == RANK:
        return f"第{number(value)}名"
    return f"{number(value)}{unit}"


def gap(difference: Decimal | int, unit: str) -> str:
    """A distance between a value and a limit: percentages are 个百分点."""
    if unit == "%":
        return f"{number(difference)} 个百分点"
    return amount(difference, unit) if unit != RANK else f"{number(difference)}名"


def requirement(limit: Decimal | int, unit: str, at_most: bool = False) -> str:
    """The requirement text shown in a part: ≥3%、≤80%、前3名."""
    if unit == RANK:
        return f"前{number(limit)}名"
    return ("≤" if at_most else "≥") + amount(limit, unit)


def shortfall(name: str, value: Decimal | int, limit: Decimal | int, unit: str,
              at_most: bool = False) -> str:
    """Why a value misses its limit, and by how much.

    e.g. "研发费用占比 2.6%，低于 3% 要求 0.4 个百分点".
    """
    if unit == RANK:
        return f"{name} 第{number(value)}名，未进入前{number(limit)}名（差 {number(value - limit)}名）"
    if at_most:
        return f"{name} {amount(value, unit)}，高于 {amount(limit, unit)} 上限 {gap(value - limit, unit)}"
    return f"{name} {amount(value, unit)}，低于 {amount(limit, unit)} 要求 {gap(limit - value, unit)}"


def shown(value: Decimal | int | str | bool | None, unit: str) -> str:
    """A result part's value as people read it: 2.6%、1200万元、第3名、是/否; 缺少数据 when absent.

    Stored parts carry decimals as text, so numeric text is read back as a number first.
    """
    if value is None:
        return "缺少数据"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except ArithmeticError:
            return value
        if not number.is_finite():
            return value
        return amount(number, unit)
    return amount(value, unit)

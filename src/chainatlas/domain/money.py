"""Money units at the boundary: 元/万元/亿元 in, integer fen stored."""

from __future__ import annotations

from decimal import Decimal

FEN_PER_UNIT = {"元": 100, "万元": 1_000_000, "万": 1_000_000, "亿元": 10_000_000_000, "亿": 10_000_000_000}
UNIT_ALIASES = {"元": "元", "万元": "万元", "万": "万元", "亿元": "亿元", "亿": "亿元"}
DEFAULT_MONEY_UNIT = "万元"


def fen_to_wan(fen: int | None) -> Decimal | None:
    """Integer fen → Decimal 万元, exact."""
    return None if fen is None else Decimal(fen) / Decimal(1_000_000)


def wan_text(fen: int | None) -> str | None:
    """Integer fen as 万元 text with two decimals (what the API and pages show); None stays None."""
    value = fen_to_wan(fen)
    return None if value is None else str(value.quantize(Decimal("0.01")))


def fen_to_yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else Decimal(fen) / Decimal(100)


def parse_money(raw: object, default_unit: str = DEFAULT_MONEY_UNIT) -> int | None:
    """'5.5亿' / '3000万' / '1,200.5' / '12亿元' → integer fen (exact); a number without a unit is in
    `default_unit`; empty → None. A malformed amount raises ValueError with a Chinese message."""
    import re
    from decimal import InvalidOperation

    if raw is None:
        return None
    if isinstance(raw, int | Decimal):
        amount, unit = Decimal(raw), default_unit
    else:
        text = str(raw).strip().replace(",", "").replace("，", "").replace(" ", "")
        text = text.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
        if not text:
            return None
        found = re.fullmatch(r"([+-]?\d+(?:\.\d+)?)(亿元|亿|万元|万|元)?(人民币)?", text)
        if not found:
            raise ValueError(f"金额“{raw}”无法识别（应为数字，可带单位 亿元/万元/元，如 5.5亿、3000万）")
        try:
            amount = Decimal(found.group(1))
        except InvalidOperation:
            raise ValueError(f"金额“{raw}”无法识别") from None
        unit = UNIT_ALIASES[found.group(2)] if found.group(2) else default_unit
    if amount < 0:
        raise ValueError(f"金额“{raw}”不能为负数")
    fen = amount * FEN_PER_UNIT[UNIT_ALIASES.get(unit, unit)]
    if fen != fen.to_integral_value():
        raise ValueError(f"金额“{raw}”精度超过分")
    return int(fen)


def yi_text(fen: int | None) -> str | None:
    """Integer fen as 亿元 text with four decimals (1 万元 exactly); None stays None."""
    return None if fen is None else str((Decimal(fen) / Decimal(10_000_000_000)).quantize(Decimal("0.0001")))

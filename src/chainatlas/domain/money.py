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

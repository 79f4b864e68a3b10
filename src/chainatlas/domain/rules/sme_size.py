"""SME size class (大型/中型/小型/微型) under 中小企业划型标准规定 (docs/rules.md §2).

X = 从业人员 (persons), Y = 营业收入 (万元), Z = 资产总额 (万元). A tier needs
every listed lower bound; otherwise the enterprise drops a tier; 微型 is what
is left.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.rules import text
from chainatlas.domain.rules.results import Part, SizeResult
from chainatlas.domain.rules.sectors import ambiguity_reason, match_sector, parse_industry_code
from chainatlas.domain.rules.tables import RuleTable

LARGE, MEDIUM, SMALL, MICRO = "大型", "中型", "小型", "微型"
TIERS = (LARGE, MEDIUM, SMALL)

# Indicator letter → (facts field / CLI argument, Chinese name, unit).
INDICATORS = {
    "X": ("employees", "从业人员", "人"),
    "Y": ("revenue_wan", "营业收入", "万元"),
    "Z": ("total_assets_wan", "资产总额", "万元"),
}


@dataclass(frozen=True)
class SizeRow:
    """One industry row: the codes it covers and each tier's lower bounds."""

    sector: str
    covers: tuple[str, ...]  # GB/T 4754 prefixes; empty for the 其他未列明行业 fallback
    bounds: Mapping[str, Mapping[str, Decimal]]  # tier → indicator letter → lower bound


def _row(sector: str, covers: str, letters: str, large: tuple[int, ...], medium: tuple[int, ...],
         small: tuple[int, ...]) -> SizeRow:
    # Mirrors the rules digest's table layout (docs/rules.md §2): the letters name the columns of each tuple.
    tiers = {tier: dict(zip(letters, map(Decimal, figures), strict=True))
             for tier, figures in zip(TIERS, (large, medium, small), strict=True)}
    return SizeRow(sector, tuple(covers.split()), tiers)


OTHER_SECTOR = "其他未列明行业"

SME_SIZE_2011: RuleTable[SizeRow] = RuleTable(
    name="中小企业划型标准规定",
    version="工信部联企业〔2011〕300号",
    basis="《中小企业划型标准规定》（工信部联企业〔2011〕300号）",
    rows=(
        _row("农林牧渔业", "A", "Y", (20000,), (500,), (50,)),
        _row("工业", "B C D", "XY", (1000, 40000), (300, 2000), (20, 300)),
        _row("建筑业", "E", "YZ", (80000, 80000), (6000, 5000), (300, 300)),
        _row("批发业", "51", "XY", (200, 40000), (20, 5000), (5, 1000)),
        _row("零售业", "52", "XY", (300, 20000), (50, 500), (10, 100)),
        # 53 铁路运输 is excluded from 交通运输业 and falls to 其他未列明行业.
        _row("交通运输业", "54 55 56 57 58", "XY", (1000, 30000), (300, 3000), (20, 200)),
        _row("仓储业", "59", "XY", (200, 30000), (100, 1000), (20, 100)),
        _row("邮政业", "60", "XY", (1000, 30000), (300, 2000), (20, 100)),
        _row("住宿业", "61", "XY", (300, 10000), (100, 2000), (10, 100)),
        _row("餐饮业", "62", "XY", (300, 10000), (100, 2000), (10, 100)),
        _row("信息传输业", "63 64", "XY", (2000, 100000), (100, 1000), (10, 100)),
        _row("软件和信息技术服务业", "65", "XY", (300, 10000), (100, 1000), (10, 50)),
        _row("房地产开发经营", "701", "YZ", (200000, 10000), (1000, 5000), (100, 2000)),
        _row("物业管理", "702", "XY", (1000, 5000), (300, 1000), (100, 500)),
        _row("租赁和商务服务业", "L", "XZ", (300, 120000), (100, 8000), (10, 100)),
        _row(OTHER_SECTOR, "", "X", (300,), (100,), (10,)),
    ),
)


def _values(employees: int | None, revenue_wan: Decimal | None,
            total_assets_wan: Decimal | None) -> dict[str, Decimal | int | None]:
    values: dict[str, Decimal | int | None] = {"X": employees, "Y": revenue_wan, "Z": total_assets_wan}
    for letter, value in values.items():
        if isinstance(value, bool) or (value is not None and not isinstance(value, int | Decimal)):
            raise InvalidInput(f"{INDICATORS[letter][1]}应为数值，实际为 {value!r}")
        if value is not None and value < 0:
            raise InvalidInput(f"{INDICATORS[letter][1]}不能为负数：{value}")
    return values


def _indicator_band(row: SizeRow, letter: str, value: Decimal | int) -> str:
    """The highest tier this indicator alone would allow, for the part's band."""
    _, _, unit = INDICATORS[letter]
    for tier in TIERS:
        bound = row.bounds[tier][letter]
        if value >= bound:
            return f"{tier}（≥{text.amount(bound, unit)}）"
    return f"{MICRO}（<{text.amount(row.bounds[SMALL][letter], unit)}）"


def classify_sme_size(industry_code: str, *, employees: int | None = None, revenue_wan: Decimal | None = None,
                      total_assets_wan: Decimal | None = None, table: RuleTable[SizeRow] = SME_SIZE_2011,
                      known_codes: Collection[str] | None = None) -> SizeResult:
    """Classify an enterprise as 大型/中型/小型/微型 from its industry and figures.

    ``qualified`` is True for an SME (中型/小型/微型), False for 大型, None when
    the code is too coarse or an indicator the row needs is missing.
    """
    code = parse_industry_code(industry_code, known_codes)
    values = _values(employees, revenue_wan, total_assets_wan)
    match = match_sector(code, ((row.sector, row.covers) for row in table.rows if row.covers))
    if match.ambiguous:
        return table.result(SizeResult, qualified=None, reasons=(ambiguity_reason(code, match),))
    sector = match.sector or OTHER_SECTOR
    row = next(r for r in table.rows if r.sector == sector)
    letters = list(row.bounds[LARGE])
    parts = []
    for letter in letters:
        _, name, unit = INDICATORS[letter]
        value = values[letter]
        band = None if value is None else _indicator_band(row, letter, value)
        parts.append(Part(name, value, unit, band))
    missing = tuple(INDICATORS[letter][0] for letter in letters if values[letter] is None)
    if missing:
        names = "、".join(INDICATORS[letter][1] for letter in letters if values[letter] is None)
        return table.result(SizeResult, qualified=None, parts=tuple(parts), missing=missing, sector=sector,
                          reasons=(f"{sector}划型需要{names}",))
    reasons: list[str] = []
    size = MICRO
    for tier in TIERS:
        short = []
        for letter, bound in row.bounds[tier].items():
            value = values[letter]
            assert value is not None
            if value < bound:
                _, name, unit = INDICATORS[letter]
                short.append(text.shortfall(name, value, bound, unit))
        if not short:
            size = tier
            break
        reasons.append(f"未达{tier}标准：" + "；".join(short))
    return table.result(SizeResult, qualified=size != LARGE, parts=tuple(parts), reasons=tuple(reasons),
                      size=size, sector=sector)

"""规模以上 / 限额以上 status from the statistical thresholds (docs/rules.md §3).

Industries without a revenue threshold in docs/rules.md §3 (农林牧渔, 建筑业, 金融业,
房地产开发经营 …) are "not applicable": ``qualified`` None, with the reason.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.rules import text
from chainatlas.domain.rules.results import Part, ScaleResult
from chainatlas.domain.rules.sectors import ambiguity_reason, match_sector, parse_industry_code
from chainatlas.domain.rules.tables import RuleTable, Threshold, limit

MAIN = "主营业务收入"
REVENUE = "营业收入"


@dataclass(frozen=True)
class ScaleRow:
    """The industries (GB/T 4754 prefixes) one threshold covers and the status it grants."""

    sector: str
    covers: tuple[str, ...]
    status: str
    measure: str
    threshold: Threshold


def _row(sector: str, covers: str, status: str, measure: str, wan: int) -> ScaleRow:
    return ScaleRow(sector, tuple(covers.split()), status, measure, limit(wan, "万元"))


ABOVE_SCALE_STATS: RuleTable[ScaleRow] = RuleTable(
    name="规模以上/限额以上企业统计标准",
    version="国家统计局统计调查制度",
    basis="国家统计局统计调查制度（规模以上、限额以上单位标准）",
    rows=(
        _row("工业", "B C D", "规模以上工业", MAIN, 2000),
        _row("批发业", "51", "限额以上批发业", MAIN, 2000),
        _row("零售业", "52", "限额以上零售业", MAIN, 500),
        _row("住宿和餐饮业", "H", "限额以上住宿和餐饮业", MAIN, 200),
        _row("交通运输、仓储和邮政业", "G", "规模以上服务业", REVENUE, 2000),
        _row("信息传输、软件和信息技术服务业", "I", "规模以上服务业", REVENUE, 2000),
        _row("水利、环境和公共设施管理业", "N", "规模以上服务业", REVENUE, 2000),
        _row("卫生", "84", "规模以上服务业", REVENUE, 2000),
        _row("租赁和商务服务业", "L", "规模以上服务业", REVENUE, 1000),
        _row("科学研究和技术服务业", "M", "规模以上服务业", REVENUE, 1000),
        _row("教育", "P", "规模以上服务业", REVENUE, 1000),
        _row("物业管理、房地产中介、房地产租赁经营、其他房地产业", "702 703 704 709", "规模以上服务业",
             REVENUE, 1000),
        _row("居民服务、修理和其他服务业", "O", "规模以上服务业", REVENUE, 500),
        _row("文化、体育和娱乐业", "R", "规模以上服务业", REVENUE, 500),
        _row("社会工作", "85", "规模以上服务业", REVENUE, 500),
    ),
)


def evaluate_above_scale(industry_code: str, *, revenue_wan: Decimal | None = None,
                         table: RuleTable[ScaleRow] = ABOVE_SCALE_STATS,
                         known_codes: Collection[str] | None = None) -> ScaleResult:
    """Whether an enterprise is 规上/限上: ``revenue_wan`` is the year's revenue the row measures
    (主营业务收入 for 工业、批发零售、住宿餐饮; 营业收入 for services), in 万元."""
    code = parse_industry_code(industry_code, known_codes)
    if revenue_wan is not None and (not isinstance(revenue_wan, Decimal | int) or revenue_wan < 0):
        raise InvalidInput(f"营业收入应为非负数值（万元），实际为 {revenue_wan!r}")
    match = match_sector(code, ((row.sector, row.covers) for row in table.rows))
    if match.ambiguous:
        return table.result(ScaleResult, qualified=None, reasons=(ambiguity_reason(code, match),))
    if match.sector is None:
        return table.result(ScaleResult, qualified=None,
                           reasons=(f"行业代码 {code} 不按营业收入划定规上/限上（RULES.md §3 未列此行业）",))
    row = next(r for r in table.rows if r.sector == match.sector)
    name = f"年{row.measure}"
    requirement = text.requirement(row.threshold.value, "万元")
    if revenue_wan is None:
        part = Part(name, None, "万元", requirement)
        return table.result(ScaleResult, qualified=None, parts=(part,), missing=("revenue_wan",),
                            sector=row.sector, reasons=(f"{row.sector}按{name}判定，缺少该数值",))
    passed = revenue_wan >= row.threshold.value
    part = Part(name, revenue_wan, "万元", requirement, passed=passed)
    reasons = (f"达到{row.status}标准",) if passed else (
        text.shortfall(name, revenue_wan, row.threshold.value, "万元"),)
    return table.result(ScaleResult, qualified=passed, parts=(part,), reasons=reasons,
                       status=row.status if passed else None, sector=row.sector)

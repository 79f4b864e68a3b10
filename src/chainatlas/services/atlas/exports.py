"""Excel exports of what the pages show: the gap table of a chain."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chainatlas.domain.gaps import STATUS_LABELS
from chainatlas.exporters import WAN_YUAN, Column, Sheet, xlsx_bytes

GAP_COLUMNS = (Column("stage_label", "位置", 8), Column("name", "环节", 18), Column("importance", "重要度", 8),
               Column("enterprises", "本地企业数", 12), Column("revenue_wan_yuan", "营业收入（万元）", 18, WAN_YUAN),
               Column("leaders", "链主/龙头", 30), Column("status", "状态", 10), Column("reasons", "原因", 50))
EXTEND_COLUMNS = (Column("name", "环节", 18), Column("status", "状态", 10), Column("score", "得分", 8),
                  Column("reason", "理由", 60))
FILLS = {"missing": "F8D7DA", "weak": "FFF3CD", "covered": "D1E7DD"}
SORTABLE = ("position", "name", "stage", "importance", "enterprises", "revenue", "status")
_STATUS_ORDER = {"missing": 0, "weak": 1, "covered": 2}


def sort_links(links: list[dict[str, Any]], sort: str = "position", descending: bool = False
               ) -> list[dict[str, Any]]:
    """The gap rows in the order a table header asks for (position = the chain's own order)."""
    if sort == "position":
        return list(reversed(links)) if descending else list(links)
    keys = {"name": lambda g: g["name"], "stage": lambda g: ("upstream", "midstream", "downstream").index(g["stage"]),
            "importance": lambda g: g["importance"], "enterprises": lambda g: g["enterprises"],
            "revenue": lambda g: Decimal(g["revenue_wan_yuan"]), "status": lambda g: _STATUS_ORDER[g["status"]]}
    return sorted(links, key=keys[sort], reverse=descending)


def gaps_workbook(report: dict[str, Any], demo: str | None = None) -> bytes:
    """The gap report (as `atlas.gap_report_as_dict` gives it) as an XLSX file, rows coloured by status.

    ``demo`` is the demo database's mark (`demo_note`): when given, every sheet says 示例数据 above its table.
    """
    scope = report.get("region_name") or "全部地区"
    rows = [{**g, "status": STATUS_LABELS[g["status"]], "code": g["status"],
             "revenue_wan_yuan": Decimal(g["revenue_wan_yuan"])} for g in report["links"]]
    sheets = [Sheet("补链分析", GAP_COLUMNS, rows, heading=(
        f"{report['chain_name']} 补链分析（{scope}）",
        f"本地配套率 {report['supporting_rate']:.1%}；按重要度加权 {report['weighted_supporting_rate']:.1%}；"
        f"缺链 {report['counts']['missing']} 个，弱链 {report['counts']['weak']} 个", *((demo,) if demo else ())),
        fill=lambda r: FILLS[r["code"]])]
    if report["extend"]:
        sheets.append(Sheet("延链建议", EXTEND_COLUMNS,
                            [{**e, "status": STATUS_LABELS[e["status"]]} for e in report["extend"]],
                            heading=(demo,) if demo else ()))
    return xlsx_bytes(sheets)

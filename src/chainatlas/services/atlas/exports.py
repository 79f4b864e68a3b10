"""Excel exports of what the pages show: the gap table of a chain, the enterprises of its links."""

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
LINK_ENTERPRISE_COLUMNS = (
    Column("stage_label", "位置", 8), Column("link_name", "环节", 18), Column("name", "企业名称", 34),
    Column("uscc", "统一社会信用代码", 22), Column("region", "所属区县", 16), Column("park", "园区", 18),
    Column("role_label", "角色", 10), Column("revenue_wan_yuan", "营业收入（万元）", 16, WAN_YUAN),
    Column("status_label", "挂链状态", 10), Column("confidence", "匹配度", 8, "0.00"))
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


def gaps_workbook(report: dict[str, Any], link_rows: list[dict[str, Any]] | None = None,
                  demo: str | None = None) -> bytes:
    """The gap report (as `atlas.gap_report_as_dict` gives it) as an XLSX file, rows coloured by status;
    with `link_rows` (`atlas.chain_enterprises`) a sheet of the enterprises on each link.

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
    if link_rows is not None:
        sheets.append(_link_sheet("环节企业", f"{report['chain_name']} 各环节本地企业（{scope}）", link_rows, demo))
    return xlsx_bytes(sheets)


def link_enterprises_workbook(title: str, rows: list[dict[str, Any]], mark: str | None = None) -> bytes:
    """The enterprises of a chain's links (or one link) as an XLSX file, the title (and the demo database's
    mark) above the table."""
    return xlsx_bytes([_link_sheet("环节企业", title, rows, mark)])


def _link_sheet(name: str, title: str, rows: list[dict[str, Any]], mark: str | None = None) -> Sheet:
    return Sheet(name, LINK_ENTERPRISE_COLUMNS,
                 [{**r, "revenue_wan_yuan": Decimal(r["revenue_wan_yuan"]) if r.get("revenue_wan_yuan") else None}
                  for r in rows], heading=(title, f"共 {len(rows)} 条（一家企业可在多个环节）", *([mark] if mark else [])))

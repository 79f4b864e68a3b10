"""Excel exports of what the pages show: the gap table of a chain."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from chainatlas.domain.gaps import STATUS_LABELS

GAP_COLUMNS = (("stage_label", "位置", 8), ("name", "环节", 18), ("importance", "重要度", 8),
               ("enterprises", "本地企业数", 12), ("revenue_wan_yuan", "营业收入（万元）", 18),
               ("leaders", "链主/龙头", 30), ("status", "状态", 10), ("reasons", "原因", 50))
FILLS = {"missing": "F8D7DA", "weak": "FFF3CD", "covered": "D1E7DD"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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


def gaps_workbook(report: dict[str, Any]) -> bytes:
    """The gap report (as `atlas.gap_report_as_dict` gives it) as an XLSX file."""
    book = Workbook()
    sheet = book.active
    sheet.title = "补链分析"
    scope = report.get("region_name") or "全部地区"
    sheet.append([f"{report['chain_name']} 补链分析（{scope}）"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"本地配套率 {report['supporting_rate']:.1%}；按重要度加权 {report['weighted_supporting_rate']:.1%}；"
                  f"缺链 {report['counts']['missing']} 个，弱链 {report['counts']['weak']} 个"])
    sheet.append([label for _, label, _ in GAP_COLUMNS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for g in report["links"]:
        values = {**g, "leaders": "、".join(g["leaders"]), "status": STATUS_LABELS[g["status"]],
                  "reasons": "；".join(g["reasons"]), "revenue_wan_yuan": Decimal(g["revenue_wan_yuan"])}
        sheet.append([values[k] for k, _, _ in GAP_COLUMNS])
        sheet.cell(sheet.max_row, 7).fill = PatternFill("solid", fgColor=FILLS[g["status"]])
        sheet.cell(sheet.max_row, 5).number_format = "#,##0.00"
    for i, (_, _, width) in enumerate(GAP_COLUMNS, start=1):
        sheet.column_dimensions[chr(64 + i)].width = width
    if report["extend"]:
        ext = book.create_sheet("延链建议")
        ext.append(["环节", "状态", "得分", "理由"])
        for e in report["extend"]:
            ext.append([e["name"], STATUS_LABELS[e["status"]], e["score"], e["reason"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""Excel of every chart of the dashboards: one sheet per chart, Chinese headers, 万元 with two decimals and
percentages as number formats (exporters.Sheet)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chainatlas.exporters import COUNT, PERCENT_2, WAN_YUAN, Column, Sheet, fraction, wan, xlsx_bytes

MONTH = Column("month", "月份", 10)


def _heading(result: dict[str, Any], what: str) -> list[str]:
    return [f"{result.get('region_name', '')}{result.get('chain_name', '')}{what}（{result['month']}，{result['ytd_label']}）"]


def chain_dashboard_workbook(result: dict[str, Any]) -> bytes:
    """The chain dashboard's charts (chain_dashboard's result, in fen) as one workbook."""
    months = [{"month": r["month"], "output": wan(r["output_fen"]), "output_ytd": wan(r["output_ytd_fen"]),
               "yoy": fraction(r["yoy_pct"]), "month_yoy": fraction(r["month_yoy_pct"]),
               "revenue": wan(r["revenue_fen"]), "revenue_ytd": wan(r["revenue_ytd_fen"]),
               "revenue_yoy": fraction(r["revenue_yoy_pct"]), "above": r["above_scale_count"],
               "reporting": r["reporting"]} for r in result["series"]]
    work = result["work"]
    moves = result["entries"] + result["exits"]
    counts = result["moves"]
    sheets = [
        Sheet("产值", [MONTH, Column("output", "当月产值（万元）", 16, WAN_YUAN),
                     Column("output_ytd", "累计产值（万元）", 16, WAN_YUAN),
                     Column("yoy", "累计同比增长", 14, PERCENT_2), Column("month_yoy", "当月同比增长", 14, PERCENT_2)],
              months, heading=_heading(result, "产值")),
        Sheet("营业收入", [MONTH, Column("revenue", "当月营业收入（万元）", 18, WAN_YUAN),
                       Column("revenue_ytd", "累计营业收入（万元）", 18, WAN_YUAN),
                       Column("revenue_yoy", "累计同比增长", 14, PERCENT_2)], months, heading=_heading(result, "营业收入")),
        Sheet("规上企业数", [MONTH, Column("above", "规上企业数", 12, COUNT), Column("reporting", "报送企业数", 12, COUNT)],
              months, heading=_heading(result, "规上企业数")),
        Sheet("企业进退", [Column("kind_label", "类别", 12), Column("name", "企业名称", 36),
                       Column("region_name", "所在地区", 24), Column("above_scale", "规上", 8)], moves,
              heading=_heading(result, f"企业进退（与 {counts['compared_with']} 比较）"),
              notes=[f"进入 {counts['entries']} 家（新报送 {counts['started_reporting']}、新晋规上 {counts['became_above_scale']}），"
                     f"退出 {counts['exits']} 家（停报 {counts['stopped_reporting']}、退出规上 {counts['ceased_above_scale']}）"]),
        Sheet("项目阶段", [Column("label", "阶段", 12), Column("count", "项目数", 10, COUNT)], work["projects_by_stage"],
              heading=_heading(result, "项目按阶段"), notes=[f"延误项目 {work['projects_delayed']} 个"]),
        Sheet("重点问题", [Column("what", "项目", 14), Column("count", "个数", 10, COUNT)],
              [{"what": "问题总数", "count": work["problems_total"]}, {"what": "未办结", "count": work["problems_open"]},
               {"what": "逾期", "count": work["problems_overdue"]}], heading=_heading(result, "重点问题")),
        Sheet("发展目标", [Column("indicator", "指标", 24), Column("unit", "单位", 8), Column("period_label", "期间", 12),
                       Column("target", "目标", 12), Column("actual", "实际", 12),
                       Column("progress", "完成进度", 12, PERCENT_2), Column("elapsed", "时间进度", 12, PERCENT_2),
                       Column("lagging", "滞后", 8)],
              [{**g, "progress": _ratio(g["progress"]), "elapsed": _ratio(g["elapsed"])} for g in work["goals"]],
              heading=_heading(result, "发展目标")),
    ]
    return xlsx_bytes(sheets)


def _ratio(text: str | None) -> Any:
    return None if text is None else Decimal(text)


def city_overview_workbook(result: dict[str, Any]) -> bytes:
    """The ranking of the chains by growth (city_overview's result, in fen), with its sentence."""
    rows = [{**r, "output": wan(r["output_ytd_fen"]), "yoy": fraction(r["output_yoy_pct"]),
             "share": fraction(r["share_of_city_pct"]), "rank": r["rank"] if r["has_figures"] else r["status_label"]}
            for r in result["chains"]]
    columns = [Column("rank", "排名", 10), Column("chain_name", "产业链", 24),
               Column("output", f"{result['ytd_label']}累计产值（万元）", 20, WAN_YUAN),
               Column("yoy", "同比增长", 12, PERCENT_2), Column("share", "占全市比重", 12, PERCENT_2),
               Column("above_scale_count", "规上企业数", 12, COUNT), Column("reporting", "报送企业数", 12, COUNT)]
    return xlsx_bytes([Sheet("产业链增长排名", columns, rows,
                             heading=[f"{result['region_name']}产业链运行监测（{result['month']}）", result["sentence"]])])

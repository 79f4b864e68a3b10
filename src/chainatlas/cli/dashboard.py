"""Dashboard commands (运行监测看板): one chain's figures over the months, or all chains ranked by growth."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from chainatlas.cli.common import (
    DbOpt,
    JsonOpt,
    TokenOpt,
    chain_of,
    console,
    emit,
    open_as,
    print_table,
    region_code,
    region_option,
    user_errors,
)
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.monitoring import month_from_text
from chainatlas.services import monitoring

SHOWN_MONTHS = 13  # the table shows the last year and the same month before it; --json gives all 24


def _pct(value: Any) -> str:
    return "暂无数据" if value is None else f"{value}%"


def _wan(value: Any) -> str:
    return "暂无数据" if value is None else str(value)


@user_errors
def dashboard(chain: Annotated[str | None, typer.Argument(help="产业链编号或名称；不写则列出全部产业链的增长排名")] = None,
              region: Annotated[str | None, region_option("默认本机构地区")] = None,
              month: Annotated[str | None, typer.Option("--month", help="月份 YYYY-MM（默认有数据的最近月份）")] = None,
              all_: Annotated[bool, typer.Option("--all", help="全部产业链按累计产值增速排名（与不写产业链相同）")] = False,
              db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """运行监测看板：一条产业链逐月的产值、营收、同比、规上企业数、占全市比重、企业进退与工作清单；不写产业链时列出全部产业链的增长排名和一句话概述。示例：chainatlas dashboard 锂电池 --region 长沙市 --month 2025-09 --json"""
    engine, viewer = open_as(db, token)
    try:
        when = month_from_text(month) if month else None
    except ValueError as error:
        raise InvalidInput(f"--month：{error}") from None
    area = region_code(region) or monitoring.default_region(engine, viewer)
    if chain and not all_:
        chain_id = chain_of(engine, chain) or chain
        result = monitoring.public(monitoring.chain_dashboard(engine, chain_id, area, when, viewer=viewer))
        emit(result, json_out, lambda: _print_chain(result))
    else:
        overview = monitoring.public(monitoring.city_overview(engine, area, when, viewer=viewer))
        emit(overview, json_out, lambda: _print_overview(overview))


def _print_chain(d: dict[str, Any]) -> None:
    console.print(f"{d['region_name']}{d['chain_name']}产业链运行监测（{d['month']}）", highlight=False, style="bold")
    if not d["has_figures"]:
        console.print("本月暂无数据", highlight=False)
    console.print(f"{d['ytd_label']}累计产值 {_wan(d['output_ytd_wan_yuan'])} 万元，同比 {_pct(d['output_yoy_pct'])}；"
                  f"累计营业收入 {_wan(d['revenue_ytd_wan_yuan'])} 万元，同比 {_pct(d['revenue_yoy_pct'])}；"
                  f"规上企业 {d['above_scale_count']} 家；占全市比重 {_pct(d['share_of_city_pct'])}", highlight=False)
    rows = [{**r, "output": _wan(r["output_wan_yuan"]), "ytd": _wan(r["output_ytd_wan_yuan"]), "yoy": _pct(r["yoy_pct"]),
             "revenue": _wan(r["revenue_ytd_wan_yuan"]), "above": "" if r["above_scale_count"] is None else r["above_scale_count"]}
            for r in d["series"][-SHOWN_MONTHS:]]
    print_table(rows, [("month", "月份"), ("output", "当月产值（万元）"), ("ytd", "累计产值（万元）"), ("yoy", "累计同比"),
                       ("revenue", "累计营收（万元）"), ("above", "规上企业数")])
    moves = d["moves"]
    console.print(f"企业进退（与 {moves['compared_with']} 比较）：进入 {moves['entries']} 家（新报送 {moves['started_reporting']}、"
                  f"新晋规上 {moves['became_above_scale']}），退出 {moves['exits']} 家（停报 {moves['stopped_reporting']}、"
                  f"退出规上 {moves['ceased_above_scale']}）", highlight=False)
    for e in d["entries"][:10] + d["exits"][:10]:
        console.print(f"  {e['kind_label']}：{e['name']}（{e['region_name']}）", highlight=False)
    work = d["work"]
    stages = "、".join(f"{s['label']} {s['count']}" for s in work["projects_by_stage"] if s["count"])
    console.print(f"工作清单：发展目标 {work['goals_total']} 个（滞后 {work['goals_lagging']}）；项目 {work['projects_total']} 个"
                  f"{'（' + stages + '）' if stages else ''}，延误 {work['projects_delayed']}；重点问题未办结 "
                  f"{_wan(work['problems_open'])}，逾期 {_wan(work['problems_overdue'])}", highlight=False)


def _print_overview(o: dict[str, Any]) -> None:
    console.print(o["sentence"], highlight=False, style="bold", soft_wrap=True)  # one line, to copy
    rows = [{"rank": r["rank"] or "—", "name": r["chain_name"], "output": _wan(r["output_ytd_wan_yuan"]),
             "yoy": _pct(r["output_yoy_pct"]), "share": _pct(r["share_of_city_pct"]),
             "above": "暂无数据" if r["above_scale_count"] is None else r["above_scale_count"]} for r in o["chains"]]
    print_table(rows, [("rank", "排名"), ("name", "产业链"), ("output", f"{o['ytd_label']}累计产值（万元）"),
                       ("yoy", "同比增长"), ("share", "占全市比重"), ("above", "规上企业数")],
                title=f"{o['region_name']}产业链增长排名（{o['month']}）")


COMMANDS = (("dashboard", dashboard),)

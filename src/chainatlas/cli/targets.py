"""Targets commands: external enterprise pools, investment targets of a link (招商目标) and the what-if (招商推演)."""

from __future__ import annotations

from typing import Annotated

import typer

from chainatlas.cli.common import (
    DbOpt,
    JsonOpt,
    TokenOpt,
    chain_of,
    cli_viewer,
    console,
    emit,
    print_table,
    region_code,
    user_errors,
)
from chainatlas.domain.errors import InvalidInput
from chainatlas.services import targets
from chainatlas.store.db import open_database

RegionOpt = Annotated[str | None, typer.Option("--region", help="行政区划代码或名称（本地范围）")]


def _pair(text: str, what: str) -> list[str]:
    parts = [p.strip() for p in text.replace("：", ":").split(":")]
    if len(parts) < 2 or not all(parts[:2]):
        raise InvalidInput(f"{what}“{text}”格式应为 {'企业:环节' if what == '--add' else '名称:环节[:营收万元]'}")
    return parts


@user_errors
def whatif(chain: str, region: RegionOpt = None,
           add: Annotated[list[str] | None, typer.Option("--add", help="加入企业：编号:环节（P… 招商企业库，E… 本平台企业）")]
           = None,
           new: Annotated[list[str] | None, typer.Option("--new", help="假设企业：名称:环节[:营收万元]")] = None,
           save: Annotated[str | None, typer.Option("--save", help="以此名称保存推演方案")] = None,
           open_: Annotated[int | None, typer.Option("--open", help="打开已保存的推演方案（编号）")] = None,
           db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """招商推演：把企业加到产业链环节上，看本地配套率、环节状态、单一来源环节与缺链清单的前后变化（不写入数据）。示例：chainatlas whatif 锂电池 --region 长沙市 --add P12:隔膜 --new 某电解液公司:电解液:50000"""
    engine = open_database(db)
    viewer = cli_viewer(engine, token)
    if open_ is not None:
        result = targets.open_scenario(engine, open_, viewer=viewer)
    else:
        chain_id = chain_of(engine, chain) or chain
        items: list[dict] = []
        for text in add or []:
            key, link, *_ = _pair(text, "--add")
            items.append({"key": key, "link": link})
        for text in new or []:
            name, link, *rest = _pair(text, "--new")
            items.append({"name": name, "link": link, "revenue_wan_yuan": rest[0] if rest else None})
        area = region_code(region)
        result = (targets.save_scenario(engine, save, chain_id, area, items, viewer=viewer) if save
                  else targets.run_whatif(engine, chain_id, area, items, viewer=viewer))
    emit(result, json_out, lambda: _print_whatif(result))


def _print_whatif(result: dict) -> None:
    before = {link["id"]: link for link in result["before"]["links"]}
    rows = [{"name": link["name"], "before": before[link["id"]]["status_label"], "after": link["status_label"],
             "enterprises": f"{before[link['id']]['enterprises']} → {link['enterprises']}"}
            for link in result["after"]["links"] if link["enterprises"] != before[link["id"]]["enterprises"]
            or link["status"] != before[link["id"]]["status"]]
    print_table(rows, [("name", "环节"), ("enterprises", "本地企业数"), ("before", "推演前"), ("after", "推演后")],
                title=f"{result['chain_name']} 招商推演" + (f"（{result['region_name']}）" if result["region_name"] else ""))
    console.print(result["summary"], highlight=False)
    console.print(f"全链营收 {result['revenue_before_wan_yuan']} → {result['revenue_after_wan_yuan']} 万元", highlight=False)
    if result["single_source_removed"]:
        console.print("消除单一来源风险：" + "、".join(s["name"] for s in result["single_source_removed"]), highlight=False)
    console.print("推演后仍缺/弱：" + ("、".join(f"{g['name']}（{g['status_label']}）" for g in result["after"]["gaps"])
                                  or "无"), highlight=False)
    if result.get("scenario"):
        console.print(f"推演方案：{result['scenario']['name']}（编号 {result['scenario']['id']}）", highlight=False)


COMMANDS = (("whatif", whatif),)

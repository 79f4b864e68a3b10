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


pools_app = typer.Typer(help="外地招商企业库：列出、删除（导入用 chainatlas import enterprises 文件 --pool 名称）",
                        no_args_is_help=True)


@pools_app.command("list")
@user_errors
def pools_list(db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """列出招商企业库及其企业数。示例：chainatlas pools list --json"""
    engine = open_database(db)
    rows = targets.list_pools(engine, viewer=cli_viewer(engine, token))
    emit(rows, json_out, columns=[("name", "企业库"), ("enterprises", "企业数"), ("source", "来源文件"),
                                  ("updated_at", "更新时间")], empty="还没有招商企业库")


@pools_app.command("drop")
@user_errors
def pools_drop(name: str, db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """删除一个招商企业库及其企业。示例：chainatlas pools drop 上市公司"""
    engine = open_database(db)
    result = targets.drop_pool(engine, name, viewer=cli_viewer(engine, None))
    emit(result, json_out, f"已删除企业库“{result['name']}”（{result['enterprises']} 家企业）")


@user_errors
def targets_cmd(chain: str, link: str, region: RegionOpt = None,
                pool: Annotated[str | None, typer.Option("--pool", help="只看这个招商企业库")] = None,
                limit: Annotated[int, typer.Option("--limit", help="列出的目标数")] = 10,
                db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """招商目标推荐：给一个环节按产品匹配（只做贸易流通的企业打折）、规模成长、资质、本地关联、扩张迹象排序外地企业，并写明理由。示例：chainatlas targets 锂电池 隔膜 --region 长沙市 --limit 10"""
    engine = open_database(db)
    chain_id = chain_of(engine, chain) or chain
    result = targets.recommend(engine, chain_id, link, region_code(region), pool=pool, limit=limit,
                               viewer=cli_viewer(engine, token))
    emit(result, json_out, lambda: _print_targets(result))


def _print_targets(result: dict) -> None:
    rows = [{"rank": n, "name": item["enterprise"]["name"], "region": item["enterprise"]["region_name"],
             "score": f"{item['score']:.3f}", "reasons": "；".join(item["reasons"])}
            for n, item in enumerate(result["items"], start=1)]
    print_table(rows, [("rank", "名次"), ("name", "企业"), ("region", "所在地"), ("score", "得分"), ("reasons", "理由")],
                title=f"{result['chain_name']} · {result['link_name']}（本地{result['status_label']}，"
                      f"{result['local_enterprises']} 家）招商目标")
    console.print(f"评分权重：{result['weights']['name']}；候选 {result['candidates']} 家，已排除：本地已有 "
                  f"{result['excluded']['local']}、已在招商项目清单 {result['excluded']['pipeline']}、"
                  f"已在目标清单 {result['excluded']['saved']}、已排除 {result['excluded']['dismissed']}", highlight=False)


@user_errors
def target_decide(chain: str, link: str, target: str,
                  dismiss: Annotated[str | None, typer.Option("--dismiss", help="排除，并写明原因")] = None,
                  accept: Annotated[bool, typer.Option("--accept", help="加入招商项目清单（洽谈）；无权新建项目时加入本机构的招商目标清单")]
                  = False,
                  region: RegionOpt = None,
                  project_name: Annotated[str | None, typer.Option("--project-name", help="新建项目的名称（默认“引进<企业>（<环节>）”）")]
                  = None,
                  db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """排除一个招商目标（不再推荐），或加入招商项目清单（在“洽谈”阶段新建招商项目，须有地区）。示例：chainatlas target 锂电池 隔膜 P12 --accept --region 长沙市"""
    if bool(dismiss) == accept:
        raise InvalidInput("请选择 --accept（加入招商项目清单）或 --dismiss 原因（排除）其中之一")
    engine = open_database(db)
    result = targets.decide(engine, chain_of(engine, chain) or chain, link, region_code(region), target,
                            "accepted" if accept else "dismissed", dismiss, viewer=cli_viewer(engine, token),
                            project_name=project_name)
    emit(result, json_out, lambda: _print_decision(result))


def _print_decision(result: dict) -> None:
    console.print(f"{result['name']}：{result['decision_label']}", highlight=False)
    if result["project"]:
        project = result["project"]
        console.print(f"招商项目：{project['name']}（编号 {project['id']}，{project['stage_label']}）", highlight=False)
    if result["note"]:
        console.print(result["note"], highlight=False)


@user_errors
def target_list(chain: Annotated[str | None, typer.Option("--chain")] = None,
                dismissed: Annotated[bool, typer.Option("--dismissed", help="列出已排除的目标")] = False,
                db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """本机构的招商目标清单（或已排除的目标）。示例：chainatlas target-list --chain 锂电池"""
    engine = open_database(db)
    rows = targets.saved_targets(engine, viewer=cli_viewer(engine, token), chain_id=chain_of(engine, chain),
                                 decision="dismissed" if dismissed else "accepted")
    shown = [{**r, "project_text": f"{r['project']['name']}（{r['project']['stage_label']}）" if r["project"] else None}
             for r in rows]
    emit(rows, json_out, columns=[("target", "编号"), ("name", "企业"), ("chain_name", "产业链"), ("link", "环节"),
                                  ("project_text", "招商项目"), ("reason", "原因"), ("username", "操作人"),
                                  ("created_at", "时间")], rows=shown, empty="清单为空")


@user_errors
def target_weights(set_: Annotated[list[str] | None, typer.Option("--set", help="评分项=权重，如 fit=0.5")] = None,
                   name: Annotated[str | None, typer.Option("--name", help="这套权重的名称")] = None,
                   reset: Annotated[bool, typer.Option("--reset", help="恢复默认权重")] = False,
                   db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """查看或设置本平台的招商评分权重（fit 产品匹配、scale 规模、growth 成长、standing 资质、ties 本地关联、expansion 扩张迹象）。示例：chainatlas target-weights --set fit=0.5 --set scale=0.15 --set growth=0.1 --set standing=0.1 --set ties=0.1 --set expansion=0.05 --name 重产品匹配"""
    engine = open_database(db)
    if reset or set_:
        values = None
        if set_:
            values = {}
            for item in set_:
                part, _, value = item.partition("=")
                if not value:
                    raise InvalidInput(f"--set “{item}”格式应为 评分项=权重")
                values[part.strip()] = value.strip()
        result = targets.set_weights(engine, values, name, viewer=cli_viewer(engine, None))
    else:
        result = targets.weights_as_dict(targets.get_weights(engine))
    emit(result, json_out, lambda: console.print(result["name"] + "：" + "，".join(
        f"{result['labels'][k]} {v}" for k, v in result["weights"].items()), highlight=False))


COMMANDS = (("whatif", whatif), ("pools", pools_app), ("targets", targets_cmd), ("target", target_decide),
            ("target-list", target_list), ("target-weights", target_weights))

"""Atlas commands: chain templates, placing enterprises on links, reviewing placements, gap analysis."""

from __future__ import annotations

from pathlib import Path
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
    progress_bar,
    region_code,
    user_errors,
)
from chainatlas.domain.chain import PLACEMENT_STATUS_LABELS, STAGE_LABELS
from chainatlas.domain.gaps import STATUS_LABELS
from chainatlas.services import atlas
from chainatlas.store import housekeeping
from chainatlas.store.db import open_database

chains_app = typer.Typer(help="产业链模板：列出、查看、加载", no_args_is_help=True)
placements_app = typer.Typer(help="挂链结果：审核、确认、驳回、人工挂链", no_args_is_help=True)


@chains_app.command("list")
@user_errors
def chains_list(db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """列出产业链。示例：chainatlas chains list --json"""
    rows = atlas.list_chains(open_database(db))
    emit(rows, json_out, columns=[("id", "编号"), ("name", "名称"), ("links", "环节数"), ("version", "版本")])


@chains_app.command("show")
@user_errors
def chains_show(chain_id: str, db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """查看一条产业链的环节与供应关系。示例：chainatlas chains show lithium-battery"""
    engine = open_database(db)
    data = atlas.chain_as_dict(atlas.get_chain(engine, chain_of(engine, chain_id)))
    emit(data, json_out, lambda: _print_chain(data))


def _print_chain(data: dict) -> None:
    console.print(f"[bold]{data['name']}[/bold]（{data['id']}，版本 {data['version']}）")
    print_table(data["links"], [("id", "编号"), ("name", "环节"), ("stage_label", "位置"), ("importance", "重要度")])
    console.print("供应关系：" + "；".join(f"{e['from']} → {e['to']}" for e in data["edges"]))


@chains_app.command("load")
@user_errors
def chains_load(file: Path, db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """加载自定义产业链模板（YAML，格式见 docs/chain-templates.md）。示例：chainatlas chains load my-chain.yaml"""
    chain = atlas.load_chain_file(open_database(db), file)
    emit({"id": chain.id, "name": chain.name, "links": len(chain.links)}, json_out,
         f"已加载产业链 {chain.name}（{chain.id}），{len(chain.links)} 个环节")


@user_errors
def place(chain: Annotated[str | None, typer.Option("--chain", help="只处理这条产业链")] = None,
          db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """按经营范围、产品和行业代码自动挂链（生成待审核建议）。示例：chainatlas place --chain lithium-battery"""
    engine = open_database(db)
    housekeeping.clean_up(engine)
    with progress_bar() as bar:
        task = bar.add_task("挂链", total=None)
        stats = atlas.place(engine, chain_of(engine, chain), lambda done, total: bar.update(task, completed=done, total=total))
    emit(stats, json_out,
        f"已处理 {stats['enterprises']} 家企业，生成 {stats['proposed']} 条挂链建议（已审核的 {stats['kept_decisions']} 条保持不变）")


@placements_app.command("review")
@user_errors
def placements_review(chain: Annotated[str | None, typer.Option("--chain")] = None,
                      status: Annotated[str, typer.Option("--status", help="proposed/confirmed/rejected/manual")]
                      = "proposed", enterprise: Annotated[str | None, typer.Option("--enterprise")] = None,
                      limit: int = 20, offset: int = 0,
                      interactive: Annotated[bool, typer.Option("--interactive", "-i", help="逐条确认(y)/驳回(n)/跳过(s)")]
                      = False, db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """查看挂链建议并审核。示例：chainatlas placements review --chain lithium-battery -i"""
    engine = open_database(db)
    rows = atlas.list_placements(engine, chain_of(engine, chain), status, enterprise, limit, offset)
    if json_out or not interactive:
        names = {c["id"]: c["name"] for c in atlas.list_chains(engine)}
        emit(rows, json_out, rows=[{**r, "matched_words": "；".join(r["matched_words"]), "chain": names.get(r["chain"]),
                                    "status": PLACEMENT_STATUS_LABELS.get(r["status"], r["status"])} for r in rows],
             columns=[("id", "编号"), ("enterprise", "企业"), ("chain", "产业链"), ("link_name", "环节"),
                      ("confidence", "置信度"), ("matched_words", "依据"), ("status", "状态")], empty="没有符合条件的挂链建议")
        return
    if not rows:
        console.print("没有符合条件的挂链建议", highlight=False)
        return
    names = {c["id"]: c["name"] for c in atlas.list_chains(engine)}
    counts = {"confirmed": 0, "rejected": 0, "skipped": 0}
    for row in rows:
        answer = typer.prompt(f"{row['enterprise']} → {names.get(row['chain'], row['chain'])}/{row['link_name']} "
                              f"(置信度 {row['confidence']}，依据 {'；'.join(row['matched_words'])}) 确认? [y/n/s/q]",
                              default="s")
        if answer == "q":
            break
        if answer in ("y", "n"):
            decision = "confirmed" if answer == "y" else "rejected"
            counts[decision] += atlas.decide(engine, [row["id"]], decision, viewer=cli_viewer(engine, None))
        else:
            counts["skipped"] += 1
    left = len(rows) - sum(counts.values())
    console.print(f"本次审核：确认 {counts['confirmed']} 条，驳回 {counts['rejected']} 条，跳过 {counts['skipped']} 条"
                  + (f"，未看 {left} 条" if left else ""), highlight=False)


@placements_app.command("confirm")
@user_errors
def placements_confirm(ids: list[int], role: Annotated[str | None, typer.Option("--role")] = None,
                       db: DbOpt = None) -> None:
    """确认挂链建议，可同时设角色 leader/key/supporting。示例：chainatlas placements confirm 3 4 --role key"""
    engine = open_database(db)
    changed = atlas.decide(engine, ids, "confirmed", role, viewer=cli_viewer(engine, None))
    console.print(f"已确认 {changed} 条")


@placements_app.command("reject")
@user_errors
def placements_reject(ids: list[int], db: DbOpt = None) -> None:
    """驳回挂链建议。示例：chainatlas placements reject 5"""
    engine = open_database(db)
    changed = atlas.decide(engine, ids, "rejected", viewer=cli_viewer(engine, None))
    console.print(f"已驳回 {changed} 条")


@placements_app.command("add")
@user_errors
def placements_add(enterprise: str, chain: str, link: str,
                   role: Annotated[str | None, typer.Option("--role", help="leader（链主/龙头）、key（核心）、supporting（配套）")]
                   = None, db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """人工挂链。示例：chainatlas placements add 91430100XXXXXXXXXX lithium-battery separator --role leader"""
    engine = open_database(db)
    chain = chain_of(engine, chain) or chain
    result = atlas.place_manually(engine, enterprise, chain, atlas.resolve_link_id(engine, chain, link), role,
                                  viewer=cli_viewer(engine, None))
    emit(result, json_out, f"已挂链：{result}")


@user_errors
def gaps(chain: str, region: Annotated[str | None, typer.Option("--region", help="行政区划代码")] = None,
         park: Annotated[str | None, typer.Option("--park")] = None,
         xlsx: Annotated[Path | None, typer.Option("--xlsx", help="导出 Excel（补链分析、延链建议、各环节本地企业）")] = None,
         db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """补链分析：每个环节的本地企业数、龙头、营收与状态。示例：chainatlas gaps 锂电池 --region 长沙市 --xlsx 补链.xlsx"""
    engine = open_database(db)
    region = region_code(region)
    viewer = cli_viewer(engine, token)
    chain_id = chain_of(engine, chain) or chain
    report = atlas.gap_report_as_dict(atlas.gaps(engine, chain_id, region, park, viewer=viewer), region)
    if xlsx is not None:
        rows = atlas.chain_enterprises(engine, chain_id, region, park, viewer=viewer)
        xlsx.write_bytes(atlas.gaps_workbook(report, rows, atlas.demo_note(engine)))
    emit(report, json_out, lambda: _print_gaps(report))
    if xlsx is not None and not json_out:
        console.print(f"已导出：{xlsx}", highlight=False)


def _print_gaps(report: dict) -> None:
    colours = {"weak": "yellow", "missing": "red"}
    labels = {s: f"[{colours[s]}]{label}[/{colours[s]}]" if s in colours else label for s, label in STATUS_LABELS.items()}
    print_table([{**g, "status": labels[g["status"]], "stage": STAGE_LABELS[g["stage"]],
                  "leaders": "、".join(g["leaders"][:2])} for g in report["links"]],
                [("stage", "位置"), ("name", "环节"), ("enterprises", "企业数"), ("revenue_wan_yuan", "营收(万元)"),
                 ("leaders", "龙头"), ("status", "状态")], title=f"{report['chain_name']} 补链分析")
    console.print(f"本地配套率 {report['supporting_rate']:.1%}（按重要度加权 {report['weighted_supporting_rate']:.1%}）")
    for e in report["extend"][:5]:
        console.print(f"延链建议：{e['name']} — {e['reason']}")


COMMANDS = (("chains", chains_app), ("place", place), ("placements", placements_app), ("gaps", gaps))

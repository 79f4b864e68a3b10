"""The `chainatlas` command: each command opens the database, calls one service, prints."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from chainatlas import __version__
from chainatlas.cli.access import agreements_app, audit_app, orgs_app, tokens_app, users_app
from chainatlas.cli.common import (
    DbOpt,
    JsonOpt,
    TokenOpt,
    cli_viewer,
    console,
    emit_json,
    err_console,
    print_table,
    user_errors,
)
from chainatlas.cli.evaluation import cultivation, evaluate, facts_app
from chainatlas.cli.rules import rules_app
from chainatlas.domain.chain import STAGE_LABELS
from chainatlas.domain.errors import ChainAtlasError
from chainatlas.importers.reading import lines as reading_lines
from chainatlas.services import atlas, demo, registry, setup
from chainatlas.store import housekeeping
from chainatlas.store.db import open_database

HostOpt = Annotated[str, typer.Option("--host", help="网页服务监听地址")]
PortOpt = Annotated[int, typer.Option("--port", help="网页服务端口")]

app = typer.Typer(help="产业链图谱 ChainAtlas：产业链地图、企业库、补链分析。示例：chainatlas demo",
                  no_args_is_help=True, pretty_exceptions_enable=False)
chains_app = typer.Typer(help="产业链模板：列出、查看、加载", no_args_is_help=True)
import_app = typer.Typer(help="导入数据", no_args_is_help=True)
enterprises_app = typer.Typer(help="企业库：列出、查看、查重、合并", no_args_is_help=True)
placements_app = typer.Typer(help="挂链结果：审核、确认、驳回、人工挂链", no_args_is_help=True)
app.add_typer(chains_app, name="chains")
app.add_typer(import_app, name="import")
app.add_typer(enterprises_app, name="enterprises")
app.add_typer(placements_app, name="placements")


app.add_typer(rules_app, name="rules")
app.add_typer(users_app, name="users")
app.add_typer(orgs_app, name="orgs")
app.add_typer(tokens_app, name="tokens")
app.add_typer(agreements_app, name="agreements")
app.add_typer(audit_app, name="audit")
app.add_typer(facts_app, name="facts")
app.command("evaluate")(evaluate)
app.command("cultivation")(cultivation)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err_console, transient=True)


@app.command()
@user_errors
def version() -> None:
    """打印版本号。示例：chainatlas version"""
    console.print(__version__)


@app.command()
@user_errors
def init(db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """创建或升级数据库，并加载内置产业链模板。示例：chainatlas init --db city.db"""
    result = setup.initialise(db)
    result["cleaned_up"] = housekeeping.clean_up(open_database(db))  # what killed imports left behind
    if json_out:
        emit_json(result)
    else:
        console.print(f"数据库已就绪：{result['database']}（结构版本 {result['revision']}），"
                      f"内置产业链 {len(result['chains'])} 条")


@chains_app.command("list")
@user_errors
def chains_list(db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """列出产业链。示例：chainatlas chains list --json"""
    rows = atlas.list_chains(open_database(db))
    if json_out:
        emit_json(rows)
    else:
        print_table(rows, [("id", "编号"), ("name", "名称"), ("links", "环节数"), ("version", "版本")])


@chains_app.command("show")
@user_errors
def chains_show(chain_id: str, db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """查看一条产业链的环节与供应关系。示例：chainatlas chains show lithium-battery"""
    data = atlas.chain_as_dict(atlas.get_chain(open_database(db), chain_id))
    if json_out:
        emit_json(data)
        return
    console.print(f"[bold]{data['name']}[/bold]（{data['id']}，版本 {data['version']}）")
    print_table(data["links"], [("id", "编号"), ("name", "环节"), ("stage_label", "位置"), ("importance", "重要度")])
    console.print("供应关系：" + "；".join(f"{e['from']} → {e['to']}" for e in data["edges"]))


@chains_app.command("load")
@user_errors
def chains_load(file: Path, db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """加载自定义产业链模板（YAML，格式见 docs/chain-templates.md）。示例：chainatlas chains load my-chain.yaml"""
    chain = atlas.load_chain_file(open_database(db), file)
    if json_out:
        emit_json({"id": chain.id, "name": chain.name, "links": len(chain.links)})
    else:
        console.print(f"已加载产业链 {chain.name}（{chain.id}），{len(chain.links)} 个环节")


def _write_errors(path: Path, rows: list[dict]) -> None:
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
        return
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["sheet", "row", "field", "value", "reason", "severity"])
        writer.writeheader()
        writer.writerows(rows)


@import_app.command("enterprises")
@user_errors
def import_enterprises_cmd(
    file: Path,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="导入正确的行，错误行隔离保存")] = False,
    errors: Annotated[Path | None, typer.Option("--errors", help="错误报告输出文件（.csv 或 .json）")] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="列名映射文件（YAML/JSON）")] = None,
    year: Annotated[int | None, typer.Option("--year", help="未注明年度的指标所属年度（默认上一年）")] = None,
    money_unit: Annotated[str, typer.Option("--money-unit", help="未注明单位的金额单位：元、万元、亿元")] = "万元",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只读取和校验，显示如何读取（表头、列对应、跳过的行），不写入")] = False,
    db: DbOpt = None, json_out: JsonOpt = False,
) -> None:
    """导入企业名录（XLSX/XLS/WPS ET/CSV，UTF-8 或 GBK）。默认全部成功才写入。

    示例：chainatlas import enterprises 名录.xlsx --dry-run
    """
    if money_unit not in ("元", "万元", "亿元"):
        raise ChainAtlasError("--money-unit 应为 元、万元 或 亿元")
    if dry_run:
        _preview(file, registry.ImportOptions(skip_invalid, mapping, year, money_unit), errors, json_out)
        return
    engine = open_database(db)
    housekeeping.clean_up(engine)  # what a killed import left behind
    with _progress() as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done)

        result = registry.import_enterprises(engine, file, registry.ImportOptions(skip_invalid, mapping, year, money_unit, progress,
                                                                sole_user=True, actor=cli_viewer(engine, None)))
    data = result.as_dict()
    if errors:
        _write_errors(errors, data["errors"] + data["warnings"])
    if json_out:
        emit_json(data)
    else:
        console.print(f"{file.name}：共 {result.rows} 行；新增 {result.imported}，更新 {result.updated}，"
                      f"未变 {result.unchanged}，拒绝 {result.rejected}，警告 {len(result.warnings)}")
        if result.ignored_columns:
            console.print("未识别而忽略的列：" + "、".join(result.ignored_columns))
        if result.errors:
            print_table(data["errors"][:20], [("sheet", "工作表"), ("row", "行"), ("field", "列"),
                                              ("value", "值"), ("reason", "原因")], title="错误（前20条）")
    if result.rejected and not skip_invalid:
        err_console.print(f"有 {result.rejected} 行不合格，未写入任何数据。修正后重试，或加 --skip-invalid 只导入正确的行。")
        raise typer.Exit(2)


def _preview(file: Path, options: registry.ImportOptions, errors: Path | None, json_out: bool) -> None:
    """--dry-run: how the file reads and what an import would do; no database is opened."""
    result = registry.preview_enterprises(file, options)
    data = result.as_dict()
    data.pop("updated"), data.pop("unchanged"), data.pop("batch_id")
    if errors:
        _write_errors(errors, data["errors"] + data["warnings"])
    if json_out:
        emit_json(data)
    else:
        for line in reading_lines(data["reading"]):
            console.print(line, markup=False, highlight=False, soft_wrap=True)
        console.print(f"预览（未写入）：共 {result.rows} 行企业；可导入 {result.imported}，不合格 {result.rejected}，"
                      f"警告 {len(result.warnings)}，跳过 {result.skipped} 行", highlight=False, soft_wrap=True)
        for kind, rows in (("错误", data["errors"]), ("警告", data["warnings"])):
            if rows:
                print_table(rows[:20], [("sheet", "工作表"), ("row", "行"), ("field", "列"), ("value", "值"),
                                        ("reason", "原因")], title=f"{kind}（前20条）")
    if result.rejected and not options.skip_invalid:  # the import itself would refuse the file
        raise typer.Exit(2)


@enterprises_app.command("list")
@user_errors
def enterprises_list(
    q: Annotated[str | None, typer.Option("--q", help="按名称、信用代码或产品搜索")] = None,
    region: Annotated[str | None, typer.Option("--region", help="行政区划代码（省/市/县）")] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="标签代码，如 specialised_sme")] = None,
    chain: Annotated[str | None, typer.Option("--chain")] = None,
    link: Annotated[str | None, typer.Option("--link")] = None,
    limit: int = 20, offset: int = 0, db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False,
) -> None:
    """列出企业。示例：chainatlas enterprises list --region 430104 --limit 10"""
    engine = open_database(db)
    page = registry.list_enterprises(engine, q, region, tag, chain, link, limit, offset,
                                        viewer=cli_viewer(engine, token))
    if json_out:
        emit_json(page["items"])
    else:
        print_table(page["items"], [("id", "编号"), ("name", "企业名称"), ("uscc", "统一社会信用代码"),
                                    ("region", "区县"), ("revenue_wan_yuan", "营业收入(万元)")])


@enterprises_app.command("show")
@user_errors
def enterprises_show(key: str, db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """查看企业详情（KEY 为统一社会信用代码或编号）。示例：chainatlas enterprises show 1"""
    engine = open_database(db)
    data = registry.enterprise_profile(engine, key, viewer=cli_viewer(engine, token))
    if json_out:
        emit_json(data)
        return
    for label, k in (("企业名称", "name"), ("统一社会信用代码", "uscc"), ("区县", "region"), ("园区", "park"),
                     ("成立日期", "founded"), ("主营产品", "main_products"), ("经营范围", "business_scope")):
        console.print(f"{label}：{data.get(k) or ''}")
    console.print("标签：" + "、".join(f"{t['label']}({t['year'] or '-'})" for t in data["tags"]))
    print_table(data["years"], [("year", "年度"), ("revenue_wan_yuan", "营业收入(万元)"),
                                ("rd_expense_wan_yuan", "研发费用(万元)"), ("employees", "从业人员")])
    print_table(data["placements"], [("id", "编号"), ("chain", "产业链"), ("link", "环节"), ("confidence", "置信度"),
                                     ("status", "状态")], title="挂链")


@enterprises_app.command("duplicates")
@user_errors
def enterprises_duplicates(min_score: float = 0.85, limit: int = 200, db: DbOpt = None,
                           json_out: JsonOpt = False) -> None:
    """列出疑似重复企业对，以及分支机构与其总公司（应关联，不合并）。示例：chainatlas enterprises duplicates --min-score 0.9"""
    pairs = registry.duplicates(open_database(db), min_score, limit)
    if json_out:
        emit_json(pairs)
    else:
        print_table([{"a": f"{p['a']['id']} {p['a']['name']}", "b": f"{p['b']['id']} {p['b']['name']}",
                      "relation": p["relation_label"], "score": p["score"]} for p in pairs],
                    [("a", "企业A"), ("b", "企业B"), ("relation", "关系"), ("score", "相似度")])


@enterprises_app.command("merge")
@user_errors
def enterprises_merge(keep: str, drop: str, reason: str = "", db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """把重复记录 DROP 合并进 KEEP（保留历史）。示例：chainatlas enterprises merge 12 57 --reason 同一企业"""
    engine = open_database(db)
    result = registry.merge(engine, keep, drop, reason, viewer=cli_viewer(engine, None))
    emit_json(result) if json_out else console.print(f"已将 {result['merged']} 合并进 {result['kept']}")


@app.command()
@user_errors
def place(chain: Annotated[str | None, typer.Option("--chain", help="只处理这条产业链")] = None,
          db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """按经营范围、产品和行业代码自动挂链（生成待审核建议）。示例：chainatlas place --chain lithium-battery"""
    engine = open_database(db)
    housekeeping.clean_up(engine)
    with _progress() as bar:
        task = bar.add_task("挂链", total=None)
        stats = atlas.place(engine, chain, lambda done, total: bar.update(task, completed=done, total=total))
    emit_json(stats) if json_out else console.print(
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
    rows = atlas.list_placements(engine, chain, status, enterprise, limit, offset)
    if json_out:
        emit_json(rows)
        return
    if not interactive:
        rows = [{**r, "matched_words": "；".join(r["matched_words"])} for r in rows]
        print_table(rows, [("id", "编号"), ("enterprise", "企业"), ("chain", "产业链"), ("link_name", "环节"),
                           ("confidence", "置信度"), ("matched_words", "依据"), ("status", "状态")])
        return
    for row in rows:
        answer = typer.prompt(f"{row['enterprise']} → {row['chain']}/{row['link_name']} "
                              f"(置信度 {row['confidence']}，依据 {'；'.join(row['matched_words'])}) 确认? [y/n/s/q]",
                              default="s")
        if answer == "q":
            break
        if answer in ("y", "n"):
            atlas.decide(engine, [row["id"]], "confirmed" if answer == "y" else "rejected", viewer=cli_viewer(engine, None))


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
    result = atlas.place_manually(engine, enterprise, chain, link, role, viewer=cli_viewer(engine, None))
    emit_json(result) if json_out else console.print(f"已挂链：{result}")


@app.command()
@user_errors
def gaps(chain: str, region: Annotated[str | None, typer.Option("--region", help="行政区划代码")] = None,
         park: Annotated[str | None, typer.Option("--park")] = None,
         db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """补链分析：每个环节的本地企业数、龙头、营收与状态。示例：chainatlas gaps lithium-battery --region 430100"""
    engine = open_database(db)
    report = atlas.gap_report_as_dict(atlas.gaps(engine, chain, region, park, viewer=cli_viewer(engine, token)),
                                      region)
    if json_out:
        emit_json(report)
        return
    labels = {"covered": "已覆盖", "weak": "[yellow]弱链[/yellow]", "missing": "[red]缺链[/red]"}
    print_table([{**g, "status": labels[g["status"]], "stage": STAGE_LABELS[g["stage"]],
                  "leaders": "、".join(g["leaders"][:2])} for g in report["links"]],
                [("stage", "位置"), ("name", "环节"), ("enterprises", "企业数"), ("revenue_wan_yuan", "营收(万元)"),
                 ("leaders", "龙头"), ("status", "状态")], title=f"{report['chain_name']} 补链分析")
    console.print(f"本地配套率 {report['supporting_rate']:.1%}（按重要度加权 {report['weighted_supporting_rate']:.1%}）")
    for e in report["extend"][:5]:
        console.print(f"延链建议：{e['name']} — {e['reason']}")


@app.command()
@user_errors
def generate(enterprises_count: Annotated[int, typer.Option("--enterprises", help="企业数")],
             out: Annotated[Path, typer.Option("--out", help="输出文件 .csv 或 .xlsx")],
             bad_share: Annotated[float, typer.Option("--bad-share", help="错误行比例 0-1")] = 0.0,
             seed: int = 7, region: Annotated[str, typer.Option("--region", help="省/市/县行政区划代码")] = "430100",
             years: Annotated[int, typer.Option("--years", help="营收等指标的年数")] = 1,
             json_out: JsonOpt = False) -> None:
    """生成合成企业名录（示例数据）。示例：chainatlas generate --enterprises 1000 --out demo.csv --bad-share 0.05"""
    with _progress() as bar:
        task = bar.add_task("生成", total=enterprises_count)
        counts = demo.write_registry(out, enterprises_count, bad_share, seed, region, years,
                                lambda n: bar.advance(task, n))
    emit_json(counts) if json_out else console.print(f"已写入 {out}：{counts}")


@app.command("demo")
@user_errors
def demo_cmd(db: Annotated[str, typer.Option("--db", help="演示数据库文件")] = "chainatlas-demo.db",
         size: Annotated[int, typer.Option("--size", help="示例企业数")] = 3000,
         no_serve: Annotated[bool, typer.Option("--no-serve", help="只建库，不启动网页服务")] = False,
         host: HostOpt = "127.0.0.1", port: PortOpt = 8000,
         json_out: JsonOpt = False) -> None:
    """建立演示数据库（示例数据：长沙市合成企业）并启动网页服务。示例：chainatlas demo；只建库：chainatlas demo --no-serve"""
    with _progress() as bar:
        task = bar.add_task("演示数据", total=None)
        result = setup.build_demo(db, size, lambda stage: bar.update(task, description=stage))
    if json_out:
        emit_json(result)
    else:
        console.print(f"演示数据库已建立：{result['database']}（示例数据，{result['enterprises']} 家合成企业）")
        console.print(f"试试：chainatlas gaps lithium-battery --db {db}")
        console.print(f"办公室格式的名录示例：{result['workbook']}（标题行、两级表头、合计行……）；在「数据导入」页上传它先看读取预览，"
                      f"或 chainatlas import enterprises {result['workbook']} --dry-run", highlight=False)
        console.print(f"示例账号（仅示例数据库）：{'、'.join(result['accounts'])}；密码均为 {result['password']}；"
                      "各角色可见范围见 README「Demo accounts」", highlight=False)
    if not no_serve:
        _serve(db, host, port)


# --- web server (pages + JSON API) ---------------------------------------------------------------
def _serve(db: str | None, host: str, port: int, workers: int = 1) -> None:
    from chainatlas.api.server import serve as run_server

    run_server(db, host, port, workers, lambda url: err_console.print(f"网页与接口已启动：{url}（接口 {url}api/v1，按 Ctrl+C 停止）"))


@app.command()
@user_errors
def serve(host: HostOpt = "127.0.0.1", port: PortOpt = 8000,
          workers: Annotated[int, typer.Option("--workers", min=1, max=32, help="工作进程数（多核时可提高并发）")] = 1,
          db: DbOpt = None) -> None:
    """启动网页（总览、产业链图谱、补链分析、企业库、数据导入）与 JSON 接口 /api/v1。示例：chainatlas serve --db city.db --port 8000"""
    _serve(db, host, port, workers)


def main() -> None:
    app()


if __name__ == "__main__":
    main()

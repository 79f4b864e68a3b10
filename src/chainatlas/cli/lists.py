"""Work-list commands (五单): `goals`, `projects`, `results`, and `lists import/export --kind …` for every list.

Each command opens the database, calls services.lists and answers through `emit` (a Chinese table or line,
the service's data with --json). Commands run on the database as the local operator, or as an account with
--token (its scope and role apply).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from chainatlas.cli import casework as casework_cli
from chainatlas.cli.common import (
    DbOpt,
    JsonOpt,
    TokenOpt,
    cli_viewer,
    console,
    emit,
    err_console,
    print_table,
    user_errors,
)
from chainatlas.domain.errors import InvalidInput
from chainatlas.services import lists, registry
from chainatlas.store.db import open_database

goals_app = typer.Typer(help="发展目标清单：指标、目标、实际完成与“时间过半、任务过半”检查", no_args_is_help=True)
projects_app = typer.Typer(help="重大项目与招商项目清单：阶段推进（洽谈→签约→注册落地→开工→投产，或终止）、延误与漏斗",
                           no_args_is_help=True)
results_app = typer.Typer(help="可产业化科研成果清单：成果、成熟度、知识产权与转化", no_args_is_help=True)
lists_app = typer.Typer(help="工作清单的 Excel 导入与导出（--kind goals|projects|problems|results）", no_args_is_help=True)

ChainOpt = Annotated[str | None, typer.Option("--chain", help="产业链编号，如 lithium-battery")]
RegionOpt = Annotated[str | None, typer.Option("--region", help="行政区划代码（GB/T 2260），如 430100")]
ParkOpt = Annotated[str | None, typer.Option("--park", help="园区")]
VersionOpt = Annotated[int | None, typer.Option("--version", help="您读到的版本号（他人已修改则拒绝）")]
LimitOpt = Annotated[int, typer.Option("--limit", min=1, max=500, help="最多列出的条数")]
TodayOpt = Annotated[str | None, typer.Option("--today", help="按此日期计算时间进度与延误（默认今天）")]
KindOpt = Annotated[str, typer.Option("--kind", help="清单类型：goals、projects、problems、results")]


def _day(raw: str | None, what: str = "--on") -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"{what} 应为 YYYY-MM-DD 格式的日期，实际为 {raw!r}") from None


def _plans(items: list[str] | None) -> dict[str, str]:
    out = {}
    for item in items or []:
        stage, _, when = item.partition("=")
        if not when:
            raise InvalidInput(f"--plan 应写作 阶段=日期，如 signed=2025-09-30，实际为 {item!r}")
        out[stage.strip()] = when.strip()
    return out


# ---- goals ----------------------------------------------------------------------------------------------
GOAL_COLUMNS = [("id", "编号"), ("indicator", "指标"), ("unit", "单位"), ("chain_id", "产业链"), ("region_code", "地区"),
                ("period", "期间"), ("target", "目标"), ("actual", "实际"), ("progress_pct", "完成进度"),
                ("elapsed_pct", "时间进度"), ("lag", "滞后")]


def _pct(value: str | None) -> str:
    return "" if value is None else f"{float(value) * 100:.1f}%"


def _goal_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**g, "progress_pct": _pct(g["progress"]), "elapsed_pct": _pct(g["elapsed"]),
             "lag": f"滞后 {g['lag_points']} 个百分点（{g['lag_amount']}{g['unit']}）" if g["lagging"] else ""}
            for g in items]


@goals_app.command("add")
@user_errors
def goals_add(indicator: Annotated[str, typer.Option("--indicator", help="指标，如 产业链规上企业营收")],
              unit: Annotated[str, typer.Option("--unit", help="单位，如 亿元、家、%")],
              period: Annotated[str, typer.Option("--period", help="期间：2025、2025Q2、2025-06")],
              target: Annotated[str, typer.Option("--target", help="目标值")],
              chain: ChainOpt = None, region: RegionOpt = None, park: ParkOpt = None,
              responsible_unit: Annotated[str | None, typer.Option("--responsible-unit", help="责任单位")] = None,
              notes: Annotated[str | None, typer.Option("--notes", help="备注")] = None,
              db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """新建发展目标（需填产业链或地区）。示例：chainatlas goals add --chain lithium-battery --region 430100 --indicator 产业链规上企业营收 --unit 亿元 --period 2025 --target 1200"""
    engine = open_database(db)
    data = {"indicator": indicator, "unit": unit, "period": period, "target": target, "chain": chain, "region": region,
            "park": park, "responsible_unit": responsible_unit, "notes": notes}
    goal = lists.create_goal(engine, data, viewer=cli_viewer(engine, token))
    emit(goal, json_out, f"已新建发展目标 #{goal['id']}：{goal['indicator']} {goal['period_label']} 目标 {goal['target']}{goal['unit']}")


@goals_app.command("actual")
@user_errors
def goals_actual(goal_id: int, period: Annotated[str, typer.Option("--period", help="实际值所属期间（累计至该期末），如 2025-06")],
                 value: Annotated[str, typer.Option("--value", help="累计完成值")], version: VersionOpt = None,
                 db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """填报目标的实际完成值（累计值；也可填上年同期以计算同比）。示例：chainatlas goals actual 1 --period 2025-06 --value 560"""
    engine = open_database(db)
    goal = lists.enter_actual(engine, goal_id, period, value, viewer=cli_viewer(engine, token), version=version)
    emit(goal, json_out, lambda: print_table(_goal_rows([goal]), GOAL_COLUMNS))


@goals_app.command("list")
@user_errors
def goals_list(chain: ChainOpt = None, region: RegionOpt = None,
               period: Annotated[str | None, typer.Option("--period", help="与此期间重叠的目标")] = None,
               lagging: Annotated[bool, typer.Option("--lagging", help="只列滞后的目标（时间过半、任务未过半）")] = False,
               limit: LimitOpt = 200, today: TodayOpt = None,
               db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """列出发展目标及完成进度、时间进度、是否滞后与同比。示例：chainatlas goals list --lagging"""
    engine = open_database(db)
    page = lists.list_goals(engine, viewer=cli_viewer(engine, token), chain=chain, region=region, period=period,
                            lagging=True if lagging else None, limit=limit, today=_day(today, "--today"))
    emit(page["items"], json_out, rows=_goal_rows(page["items"]), columns=GOAL_COLUMNS, empty="没有符合条件的发展目标")


@goals_app.command("show")
@user_errors
def goals_show(goal_id: int, today: TodayOpt = None, db: DbOpt = None, token: TokenOpt = None,
               json_out: JsonOpt = False) -> None:
    """查看一个发展目标及其各期实际值。示例：chainatlas goals show 1"""
    engine = open_database(db)
    goal = lists.get_goal(engine, goal_id, viewer=cli_viewer(engine, token), today=_day(today, "--today"))

    def show() -> None:
        print_table(_goal_rows([goal]), GOAL_COLUMNS)
        print_table(goal["actuals"], [("period_label", "期间"), ("value", "累计完成")], title="各期实际值")

    emit(goal, json_out, show)


# ---- projects -------------------------------------------------------------------------------------------
PROJECT_COLUMNS = [("id", "编号"), ("name", "项目"), ("list_label", "清单"), ("stage_label", "阶段"),
                   ("chain_id", "产业链"), ("region_code", "地区"), ("amount_yi_yuan", "计划投资（亿元）"), ("delay", "延误")]


def _project_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**p, "delay": "；".join(f"{d['label']}逾期{d['days']}天" for d in p["delays"])} for p in items]


def _print_project(p: dict[str, Any]) -> None:
    console.print(f"#{p['id']} {p['name']}（{p['list_label']}，{p['stage_label']}，版本 {p['version']}）", highlight=False)
    print_table([{**s, "state": "跳过" if s["skipped"] else (f"延误 {s['delay_days']} 天" if s["delay_days"] else "")}
                 for s in p["stages"]],
                [("label", "阶段"), ("planned_on", "计划日期"), ("actual_on", "实际日期"), ("state", "状态")])
    print_table(p["history"], [("at", "日期"), ("kind", "类型"), ("from", "从"), ("to", "到"), ("by", "操作人")],
                title="历史")


@projects_app.command("add")
@user_errors
def projects_add(name: Annotated[str, typer.Option("--name", help="项目名称")],
                 list_: Annotated[str, typer.Option("--list", help="major（重大项目）或 investment（招商项目）")],
                 chain: ChainOpt = None,
                 link: Annotated[str | None, typer.Option("--link", help="环节编号")] = None,
                 amount: Annotated[str | None, typer.Option("--amount", help="计划投资，如 5.5亿、3000万（无单位为万元）")] = None,
                 stage: Annotated[str, typer.Option("--stage", help="当前阶段：negotiating signed registered started producing")] = "negotiating",
                 on: Annotated[str | None, typer.Option("--on", help="到达当前阶段的日期（默认今天）")] = None,
                 region: RegionOpt = None, park: ParkOpt = None,
                 plan: Annotated[list[str] | None, typer.Option("--plan", help="计划日期 阶段=日期，可多次：--plan signed=2025-09-30")] = None,
                 investor: Annotated[str | None, typer.Option("--investor", help="投资方")] = None,
                 local: Annotated[str | None, typer.Option("--local", help="本地企业（名称或统一社会信用代码）")] = None,
                 source: Annotated[str | None, typer.Option("--source", help="项目来源：联盟引荐、以商招商、展会 …")] = None,
                 fortune500: Annotated[bool, typer.Option("--fortune500", help="三类500强项目")] = False,
                 responsible_unit: Annotated[str | None, typer.Option("--responsible-unit", help="责任单位")] = None,
                 responsible_person: Annotated[str | None, typer.Option("--responsible-person", help="责任人")] = None,
                 notes: Annotated[str | None, typer.Option("--notes", help="备注")] = None,
                 db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """新建项目（重大项目或招商项目）。示例：chainatlas projects add --name 锂电池正极材料项目 --list investment --chain lithium-battery --link cathode --amount 5.5亿 --region 430104"""
    engine = open_database(db)
    local_name, local_code = (None, local) if local and len(local.strip()) == 18 and local.strip().isalnum() else (local, None)
    data = {"name": name, "list": list_, "chain": chain, "link": link, "amount": amount, "stage": stage,
            "on": _day(on), "region": region, "park": park, "planned": _plans(plan), "investor": investor,
            "local_enterprise": local_name, "local_uscc": local_code, "source": source, "fortune500": fortune500,
            "responsible_unit": responsible_unit, "responsible_person": responsible_person, "notes": notes}
    made = lists.create_project(engine, {k: v for k, v in data.items() if v is not None}, viewer=cli_viewer(engine, token))
    emit(made, json_out, f"已新建项目 #{made['id']} {made['name']}（{made['list_label']}，{made['stage_label']}）"
         + (f"；企业库中未找到：{'、'.join(made['unmatched'])}" if made["unmatched"] else ""))


@projects_app.command("advance")
@user_errors
def projects_advance(project_id: int, to: Annotated[str, typer.Option("--to", help="目标阶段（可跳过中间阶段；terminated 需 --reason）")],
                     on: Annotated[str | None, typer.Option("--on", help="到达日期 YYYY-MM-DD（默认今天）")] = None,
                     reason: Annotated[str | None, typer.Option("--reason", help="终止原因或说明")] = None,
                     version: VersionOpt = None, db: DbOpt = None, token: TokenOpt = None,
                     json_out: JsonOpt = False) -> None:
    """推进项目阶段（只能向前；终止需填原因）。示例：chainatlas projects advance 1 --to signed --on 2025-03-01"""
    engine = open_database(db)
    moved = lists.advance(engine, project_id, to, viewer=cli_viewer(engine, token), on=_day(on), reason=reason,
                          version=version)
    emit(moved, json_out, f"项目 #{moved['id']} 已进入{moved['stage_label']}阶段（版本 {moved['version']}）")


@projects_app.command("plan")
@user_errors
def projects_plan(project_id: int, plan: Annotated[list[str], typer.Option("--plan", help="阶段=日期，可多次")],
                  version: VersionOpt = None, db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """设置各阶段的计划日期。示例：chainatlas projects plan 1 --plan started=2025-10-01 --plan producing=2026-12-31"""
    engine = open_database(db)
    made = lists.update_project(engine, project_id, {"planned": _plans(plan)}, viewer=cli_viewer(engine, token),
                                version=version)
    emit(made, json_out, lambda: _print_project(made))


@projects_app.command("milestone")
@user_errors
def projects_milestone(project_id: int, note: Annotated[str, typer.Option("--note", help="里程碑内容")],
                       on: Annotated[str | None, typer.Option("--on", help="日期（默认今天）")] = None,
                       db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """记录项目里程碑（调度会、要素保障等）。示例：chainatlas projects milestone 1 --note 市级专班调度 --on 2025-06-18"""
    engine = open_database(db)
    made = lists.add_milestone(engine, project_id, note, viewer=cli_viewer(engine, token), on=_day(on))
    emit(made, json_out, f"已记录项目 #{project_id} 的里程碑")


@projects_app.command("show")
@user_errors
def projects_show(project_id: int, today: TodayOpt = None, db: DbOpt = None, token: TokenOpt = None,
                  json_out: JsonOpt = False) -> None:
    """查看项目：各阶段计划与实际日期、延误、历史。示例：chainatlas projects show 1 --json"""
    engine = open_database(db)
    project = lists.get_project(engine, project_id, viewer=cli_viewer(engine, token), today=_day(today, "--today"))
    emit(project, json_out, lambda: _print_project(project))


@projects_app.command("list")
@user_errors
def projects_list(list_: Annotated[str | None, typer.Option("--list", help="major 或 investment")] = None,
                  chain: ChainOpt = None, region: RegionOpt = None,
                  stage: Annotated[str | None, typer.Option("--stage", help="当前阶段")] = None,
                  delayed: Annotated[bool, typer.Option("--delayed", help="只列有延误的项目")] = False,
                  q: Annotated[str | None, typer.Option("--q", help="按项目名称或投资方查找")] = None,
                  limit: LimitOpt = 100, today: TodayOpt = None,
                  db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """列出项目（可按清单、产业链、地区、阶段、延误筛选）。示例：chainatlas projects list --list major --delayed"""
    engine = open_database(db)
    page = lists.list_projects(engine, viewer=cli_viewer(engine, token), list_=list_, chain=chain, region=region,
                               stage=stage, delayed=True if delayed else None, q=q, limit=limit,
                               today=_day(today, "--today"))
    emit(page["items"], json_out, rows=_project_rows(page["items"]), columns=PROJECT_COLUMNS, empty="没有符合条件的项目")


@projects_app.command("funnel")
@user_errors
def projects_funnel(period: Annotated[str | None, typer.Option("--period", help="期间：2025、2025Q2、2025-06（默认全部）")] = None,
                    list_: Annotated[str | None, typer.Option("--list", help="major 或 investment")] = None,
                    chain: ChainOpt = None, region: RegionOpt = None,
                    db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """项目漏斗：各阶段项目数与投资额、阶段转化率，及“洽谈引进…个、签约10亿元以上…个、三类500强…个”。示例：chainatlas projects funnel --period 2025 --json"""
    engine = open_database(db)
    report = lists.funnel(engine, viewer=cli_viewer(engine, token), period=period, list_=list_, chain=chain,
                          region=region)

    def show() -> None:
        print_table([{**s, "conversion": _pct(s["conversion"])} for s in report["stages"]],
                    [("label", "阶段"), ("count", "项目数"), ("amount_yi_yuan", "计划投资（亿元）"), ("conversion", "转化率")],
                    title=f"项目漏斗（{report['period_label']}）")
        console.print(report["headline_text"], highlight=False)

    emit(report, json_out, show)


# ---- results --------------------------------------------------------------------------------------------
RESULT_COLUMNS = [("id", "编号"), ("title", "成果"), ("institution", "完成单位"), ("chain_id", "产业链"), ("trl", "TRL"),
                  ("transfer_mode_label", "转化方式"), ("status_label", "状态")]


@results_app.command("add")
@user_errors
def results_add(title: Annotated[str, typer.Option("--title", help="成果名称")],
                institution: Annotated[str, typer.Option("--institution", help="完成单位")],
                chain: ChainOpt = None, region: RegionOpt = None, park: ParkOpt = None,
                links: Annotated[str | None, typer.Option("--links", help="应用环节，顿号或逗号分隔")] = None,
                inventors: Annotated[str | None, typer.Option("--inventors", help="完成人，顿号分隔")] = None,
                field: Annotated[str | None, typer.Option("--field", help="技术领域")] = None,
                keywords: Annotated[str | None, typer.Option("--keywords", help="关键词")] = None,
                trl: Annotated[str | None, typer.Option("--trl", help="技术成熟度 TRL 1–9")] = None,
                patents: Annotated[str | None, typer.Option("--patents", help="专利号，分号分隔")] = None,
                mode: Annotated[str | None, typer.Option("--mode", help="转化方式：转让、许可、作价入股、合作开发")] = None,
                status: Annotated[str | None, typer.Option("--status", help="转化状态：待转化、对接中、已转化、已撤回")] = None,
                contact: Annotated[str | None, typer.Option("--contact", help="联系人")] = None,
                phone: Annotated[str | None, typer.Option("--phone", help="联系电话")] = None,
                db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """新建可产业化科研成果。示例：chainatlas results add --title 高镍正极材料制备技术 --institution 中南大学 --chain lithium-battery --region 430100 --trl 6 --mode 许可"""
    engine = open_database(db)
    data = {"title": title, "institution": institution, "chain": chain, "region": region, "park": park, "links": links,
            "inventors": inventors, "field": field, "keywords": keywords, "trl": trl, "patents": patents,
            "transfer_mode": mode, "status": status, "contact_person": contact, "contact_phone": phone}
    made = lists.create_result(engine, data, viewer=cli_viewer(engine, token))
    emit(made, json_out, f"已新建科研成果 #{made['id']} {made['title']}")


@results_app.command("list")
@user_errors
def results_list(chain: ChainOpt = None, region: RegionOpt = None,
                 status: Annotated[str | None, typer.Option("--status", help="转化状态")] = None,
                 min_trl: Annotated[int | None, typer.Option("--min-trl", min=1, max=9, help="最低成熟度")] = None,
                 q: Annotated[str | None, typer.Option("--q", help="按名称、单位、领域查找")] = None,
                 limit: LimitOpt = 100, db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """列出可产业化科研成果。示例：chainatlas results list --chain lithium-battery --min-trl 6"""
    engine = open_database(db)
    page = lists.list_results(engine, viewer=cli_viewer(engine, token), chain=chain, region=region, status_=status,
                              min_trl=min_trl, q=q, limit=limit)
    emit(page["items"], json_out, columns=RESULT_COLUMNS, empty="没有符合条件的科研成果")


@results_app.command("show")
@user_errors
def results_show(result_id: int, db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """查看一项科研成果。示例：chainatlas results show 1"""
    engine = open_database(db)
    item = lists.get_result(engine, result_id, viewer=cli_viewer(engine, token))
    emit(item, json_out, lambda: print_table([item], RESULT_COLUMNS))


# ---- import / export ------------------------------------------------------------------------------------
@lists_app.command("import")
@user_errors
def lists_import(file: Path, kind: KindOpt,
                 skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="导入正确的行，错误行隔离在报告中")] = False,
                 dry_run: Annotated[bool, typer.Option("--dry-run", help="只校验，不写入")] = False,
                 errors: Annotated[Path | None, typer.Option("--errors", help="错误报告输出文件（.csv 或 .json）")] = None,
                 db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """从 Excel/CSV 导入一张工作清单（中文表头；默认全部正确才写入）。示例：chainatlas lists import 招商项目.xlsx --kind projects --skip-invalid"""
    if kind == "problems":  # the 重点问题清单 is the closed loop's (chainatlas problems import)
        if dry_run:
            raise InvalidInput("重点问题清单暂不支持 --dry-run；请直接导入（默认全部正确才写入）")
        casework_cli.import_(file, skip_invalid=skip_invalid, errors=errors, db=db, token=token, json_out=json_out)
        return
    engine = open_database(db)
    result = lists.import_list(engine, file, kind, viewer=cli_viewer(engine, token), skip_invalid=skip_invalid,
                               dry_run=dry_run)
    problems = result["errors"] + result["warnings"]
    if errors:
        if errors.suffix.lower() == ".json":
            errors.write_text(json.dumps(problems, ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            errors.write_bytes(registry.problems_csv(problems))

    def show() -> None:
        console.print(f"{result['file']}（{result['label']}）：共 {result['rows']} 行；导入 {result['imported']}，"
                      f"不合格 {result['rejected']}，未匹配企业 {len(result['warnings'])}，跳过 {len(result['skipped'])}",
                      highlight=False)
        if problems:
            print_table(problems[:20], [(k, h) for k, h in (("sheet", "工作表"), ("row", "行号"), ("field", "列"),
                                                          ("value", "值"), ("reason", "原因"))], title="问题（前20条）")

    emit(result, json_out, show)
    if result["status"] == "refused":
        err_console.print(f"有 {result['rejected']} 行不合格，未写入任何数据。修正后重试，或加 --skip-invalid 只导入正确的行。")
        raise typer.Exit(2)


@lists_app.command("export")
@user_errors
def lists_export(kind: KindOpt, xlsx: Annotated[Path, typer.Option("--xlsx", help="输出的 Excel 文件")],
                 chain: ChainOpt = None, region: RegionOpt = None,
                 db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """把一张工作清单导出为 Excel（与导入相同的中文表头）。示例：chainatlas lists export --kind projects --xlsx 项目清单.xlsx"""
    if kind == "problems":  # the 重点问题清单 is the closed loop's (chainatlas problems export)
        casework_cli.export(xlsx, region=region, db=db, token=token, json_out=json_out)
        return
    engine = open_database(db)
    data = lists.export_list(engine, kind, viewer=cli_viewer(engine, token), where={"chain": chain, "region": region})
    xlsx.write_bytes(data)
    emit({"kind": kind, "file": str(xlsx), "bytes": len(data)}, json_out, f"已导出到 {xlsx}")


COMMANDS = (("goals", goals_app), ("projects", projects_app), ("results", results_app), ("lists", lists_app))
